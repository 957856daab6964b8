//! ENC010: Secrets Manager secrets use a customer-managed key.

use crate::rules::prelude::*;

declare_control! {
    /// Secrets Manager secrets are encrypted with a customer-managed KMS key.
    ///
    /// ## Why it matters
    /// Secrets Manager always encrypts secrets; without `kms_key_id` it uses
    /// the AWS-managed key `aws/secretsmanager`, whose policy allows every
    /// principal in the account that may call Secrets Manager. A
    /// customer-managed key adds a second permission (`kms:Decrypt`) in
    /// front of the secret value, lets the key policy name exactly which
    /// roles may read it, and is required to share a secret with another
    /// account. Because the secret is still encrypted, the AWS-managed key
    /// is a warning (a failure where customer-managed keys are required).
    ///
    /// ## Remediation
    /// Set `kms_key_id` to a customer-managed key:
    ///
    /// ```hcl
    /// resource "aws_secretsmanager_secret" "db" {
    ///   name       = "prod/db/master"
    ///   kms_key_id = aws_kms_key.secrets.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC010",
        slug: "secret-kms",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_secretsmanager_secret"]),
        references: &[
            "AWS Secrets Manager User Guide: Secret encryption and decryption in AWS Secrets Manager",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_149").partial(),
            Peer::trivy("AVD-AWS-0098", "aws-ssm-secret-use-customer-key").partial(),
        ],
        good: &[
            r#"
resource "aws_kms_key" "secrets" {
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "db" {
  name       = "prod/db/master"
  kms_key_id = aws_kms_key.secrets.arn
}
"#,
        ],
        bad: &[
            // Omitted: the AWS-managed aws/secretsmanager key is used.
            r#"
resource "aws_secretsmanager_secret" "db" { # expect: warn
  name = "prod/db/master"
}
"#,
            r#"
resource "aws_secretsmanager_secret" "db" {
  name       = "prod/db/master"
  kms_key_id = "alias/aws/secretsmanager" # expect: warn
}
"#,
            r#"
variable "use_cmk" {
  type = bool
}

resource "aws_secretsmanager_secret" "db" {
  name       = "prod/db/master"
  kms_key_id = var.use_cmk ? "alias/secrets" : null # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for secret in cx.resources() {
        match key_choice(cx.model, secret, secret.body(), "kms_key_id") {
            KeyChoice::Customer(_) => {
                out.pass(secret, "encrypted with a customer-managed key");
            }
            KeyChoice::Absent => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    secret,
                    &secret.block.span,
                    "no `kms_key_id`: encrypted with the AWS-managed key `aws/secretsmanager`",
                );
            }
            KeyChoice::AwsManaged(attr) => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    secret,
                    &attr.span,
                    "encrypted with the AWS-managed key `aws/secretsmanager`",
                );
            }
            KeyChoice::Unknown(attr) => {
                out.unknown(secret, &attr.span, why_unknown(attr));
            }
        }
    }
}
