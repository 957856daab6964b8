//! ENC001: the reference control. Copy this file to write a new one.

use crate::rules::prelude::*;

declare_control! {
    /// Customer-managed KMS keys rotate their key material automatically.
    ///
    /// ## Why it matters
    /// A symmetric KMS key that never rotates keeps encrypting new data with
    /// the same key material for its whole life, so one leaked or
    /// cryptanalysed key version exposes everything ever written with it.
    /// With automatic rotation AWS creates new key material every year (or
    /// on the period you set) and keeps the old versions to decrypt old
    /// data, so rotation costs nothing operationally. CIS AWS Foundations
    /// requires it for every customer-created symmetric key. Asymmetric and
    /// HMAC keys cannot rotate automatically and are not judged.
    ///
    /// ## Remediation
    /// Set `enable_key_rotation = true` on every symmetric `aws_kms_key`
    /// (optionally `rotation_period_in_days`, 90–2560):
    ///
    /// ```hcl
    /// resource "aws_kms_key" "data" {
    ///   description             = "Application data"
    ///   enable_key_rotation     = true
    ///   deletion_window_in_days = 30
    /// }
    /// ```
    pub CONTROL {
        id: "ENC001",
        slug: "kms-key-rotation",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_kms_key"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.6: Ensure rotation for customer-created symmetric CMKs is enabled",
            "AWS KMS Developer Guide: Rotate AWS KMS keys",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_7").same(),
            Peer::trivy("AVD-AWS-0065", "aws-kms-auto-rotate-keys").same(),
        ],
        good: &[
            r#"
resource "aws_kms_key" "data" {
  description         = "Application data"
  enable_key_rotation = true
}
"#,
            // Asymmetric keys cannot rotate; only the symmetric one is judged.
            r#"
resource "aws_kms_key" "signing" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}
"#,
            // Both branches of the conditional rotate.
            r#"
variable "long_period" {
  type = bool
}

resource "aws_kms_key" "data" {
  enable_key_rotation     = true
  rotation_period_in_days = var.long_period ? 365 : 90
}
"#,
        ],
        bad: &[
            // The attribute is omitted: rotation defaults to off.
            r#"
resource "aws_kms_key" "data" { # expect: fail
  description = "Application data"
}
"#,
            r#"
resource "aws_kms_key" "data" {
  enable_key_rotation = false # expect: fail
}
"#,
            // An input without a default: unknown, so a warning, never a failure.
            r#"
variable "rotate" {
  type = bool
}

resource "aws_kms_key" "data" {
  enable_key_rotation = var.rotate # expect: unknown
}
"#,
        ],
        check,
    }
}

/// Key specs that support automatic rotation (only symmetric encryption keys).
fn is_symmetric(v: &Value) -> Option<bool> {
    match v {
        Value::Null => Some(true),
        Value::String(s) => Some(s.eq_ignore_ascii_case("SYMMETRIC_DEFAULT")),
        _ => None,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for key in cx.resources() {
        let body = key.body();
        let symmetric = setting(body, "customer_master_key_spec", is_symmetric);
        let rotation = setting(body, "enable_key_rotation", flag(false));
        match (symmetric, rotation) {
            // Asymmetric and HMAC keys cannot rotate: not judged.
            (Setting::Violated(_), _) => {}
            (_, Setting::Holds(_)) => {
                out.pass(key, "`enable_key_rotation` is true");
            }
            (Setting::Unknown(spec), Setting::Violated(_) | Setting::Absent) => {
                out.unknown(
                    key,
                    &spec.span,
                    format!(
                        "{}, and rotation is off (only symmetric keys can rotate)",
                        why_unknown(spec)
                    ),
                );
            }
            (_, Setting::Absent) => {
                out.missing(key, "`enable_key_rotation` is not set (defaults to false)");
            }
            (_, Setting::Violated(attr)) => {
                out.fail(key, &attr.span, "`enable_key_rotation` is false");
            }
            (_, Setting::Unknown(attr)) => {
                out.unknown(key, &attr.span, why_unknown(attr));
            }
        }
    }
}
