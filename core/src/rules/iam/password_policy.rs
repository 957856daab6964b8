//! IAM004: the account password policy meets the profile.

use crate::rules::prelude::*;

declare_control! {
    /// An account password policy requires long, complex, expiring, non-reused passwords.
    ///
    /// ## Why it matters
    /// Without `aws_iam_account_password_policy` IAM accepts any password
    /// of six characters or more, never expires it and lets users put the
    /// old one back. Short and simple passwords fall to guessing and to
    /// credential stuffing with passwords leaked elsewhere. CIS AWS
    /// Foundations asks for a minimum length of 14 and for preventing
    /// reuse of the last 24 passwords; the baseline profile also requires
    /// all four character classes and a maximum age of 90 days (the
    /// profile's thresholds). Reuse prevention below 24 is a warning.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_iam_account_password_policy" "strict" {
    ///   minimum_password_length        = 14
    ///   require_lowercase_characters   = true
    ///   require_uppercase_characters   = true
    ///   require_numbers                = true
    ///   require_symbols                = true
    ///   max_password_age               = 90
    ///   password_reuse_prevention      = 24
    ///   allow_users_to_change_password = true
    /// }
    /// ```
    pub CONTROL {
        id: "IAM004",
        slug: "password-policy",
        category: Category::Iam,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 1.8: Ensure IAM password policy requires minimum length of 14 or greater",
            "CIS AWS Foundations Benchmark v3.0.0, 1.9: Ensure IAM password policy prevents password reuse",
            "AWS IAM User Guide: Set an account password policy for IAM users",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_9").partial(),
            Peer::checkov("CKV_AWS_10").partial(),
            Peer::checkov("CKV_AWS_11").partial(),
            Peer::checkov("CKV_AWS_12").partial(),
            Peer::checkov("CKV_AWS_13").partial(),
            Peer::checkov("CKV_AWS_14").partial(),
            Peer::checkov("CKV_AWS_15").partial(),
            Peer::trivy("AVD-AWS-0056", "aws-iam-set-max-password-age").partial(),
            Peer::trivy("AVD-AWS-0058", "aws-iam-require-lowercase-in-passwords").partial(),
            Peer::trivy("AVD-AWS-0059", "aws-iam-require-numbers-in-passwords").partial(),
            Peer::trivy("AVD-AWS-0060", "aws-iam-require-symbols-in-passwords").partial(),
            Peer::trivy("AVD-AWS-0061", "aws-iam-require-uppercase-in-passwords").partial(),
            Peer::trivy("AVD-AWS-0062", "aws-iam-no-password-reuse").partial(),
            Peer::trivy("AVD-AWS-0063", "aws-iam-set-minimum-password-length").partial(),
            Peer::kics("IAM Password Without Valid Minimum Length").partial(),
            Peer::kics("No Password Policy Enabled").partial(),
        ],
        good: &[
            r#"
resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length      = 16
  require_lowercase_characters = true
  require_uppercase_characters = true
  require_numbers              = true
  require_symbols              = true
  max_password_age             = 90
  password_reuse_prevention    = 24
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_iam_user" "alice" {
  name = "alice"
}
"#,
            // Omitted settings take IAM's defaults (no classes, no expiry).
            r#"
resource "aws_iam_account_password_policy" "weak" { # expect: fail
  minimum_password_length = 8 # expect: fail
  require_symbols         = false # expect: fail
  max_password_age        = 365 # expect: fail
}
"#,
            r#"
variable "min_length" {
  type = number
}

resource "aws_iam_account_password_policy" "p" {
  minimum_password_length      = var.min_length # expect: unknown
  require_lowercase_characters = true
  require_uppercase_characters = true
  require_numbers              = true
  require_symbols              = true
  max_password_age             = 90
  password_reuse_prevention    = 5 # expect: warn
}
"#,
        ],
        check,
    }
}

/// CIS AWS Foundations 1.9: remember the last 24 passwords.
const REUSE_PREVENTION: i64 = 24;

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let policies: Vec<&Resource> = cx
        .resources_of_type("aws_iam_account_password_policy")
        .collect();
    if policies.is_empty() {
        out.stack(
            Outcome::Fail,
            "no `aws_iam_account_password_policy`: IAM accepts 6-character passwords that never expire",
        );
        return;
    }
    let min_length = i64::from(cx.profile.password_min_length());
    let max_age = i64::from(cx.profile.password_max_age_days());
    for policy in policies {
        let body = policy.body();
        let before = out.items().len();
        let length = setting(body, "minimum_password_length", |v| {
            integer(v).map(|n| n >= min_length)
        });
        match length {
            Setting::Holds(_) => {}
            Setting::Absent => {
                out.missing(
                    policy,
                    format!("`minimum_password_length` is not set (defaults to 6; at least {min_length} required)"),
                );
            }
            Setting::Violated(a) => {
                out.fail(
                    policy,
                    &a.span,
                    format!("`minimum_password_length` is below {min_length}"),
                );
            }
            Setting::Unknown(a) => {
                out.unknown(policy, &a.span, why_unknown(a));
            }
        }
        for name in [
            "require_lowercase_characters",
            "require_uppercase_characters",
            "require_numbers",
            "require_symbols",
        ] {
            match setting(body, name, flag(false)) {
                Setting::Holds(_) => {}
                Setting::Absent => {
                    out.missing(policy, format!("`{name}` is not set (defaults to false)"));
                }
                Setting::Violated(a) => {
                    out.fail(policy, &a.span, format!("`{name}` is false"));
                }
                Setting::Unknown(a) => {
                    out.unknown(policy, &a.span, why_unknown(a));
                }
            }
        }
        match setting(body, "max_password_age", |v| {
            integer(v).map(|n| (1..=max_age).contains(&n))
        }) {
            Setting::Holds(_) => {}
            Setting::Absent => {
                out.missing(
                    policy,
                    format!("`max_password_age` is not set (passwords never expire; at most {max_age} days required)"),
                );
            }
            Setting::Violated(a) => {
                out.fail(
                    policy,
                    &a.span,
                    format!("`max_password_age` is not between 1 and {max_age} days"),
                );
            }
            Setting::Unknown(a) => {
                out.unknown(policy, &a.span, why_unknown(a));
            }
        }
        match body.attr("password_reuse_prevention") {
            None => {
                out.missing(
                    policy,
                    "`password_reuse_prevention` is not set (old passwords can be reused)",
                );
            }
            Some(a) => match grade(&a.value, &|v| match integer(v) {
                Some(n) if n >= REUSE_PREVENTION => Grade::Good,
                Some(n) if n >= 1 => Grade::Partial,
                Some(_) => Grade::Bad,
                None if *v == Value::Null => Grade::Bad,
                None => Grade::Unknown,
            }) {
                Grade::Good => {}
                Grade::Partial => {
                    out.warn(
                        policy,
                        &a.span,
                        format!("`password_reuse_prevention` remembers fewer than {REUSE_PREVENTION} passwords"),
                    );
                }
                Grade::Bad => {
                    out.fail(
                        policy,
                        &a.span,
                        "`password_reuse_prevention` does not prevent reuse",
                    );
                }
                Grade::Unknown => {
                    out.unknown(policy, &a.span, why_unknown(a));
                }
            },
        }
        if out.items().len() == before {
            out.pass(
                policy,
                format!("the password policy requires {min_length}+ characters, four character classes, expiry within {max_age} days and no reuse"),
            );
        }
    }
}
