//! ENC028: aWS Backup vaults encrypt recovery points with a customer-managed key.

use crate::rules::prelude::*;

declare_control! {
    /// AWS Backup vaults encrypt recovery points with a customer-managed key.
    ///
    /// ## Why it matters
    /// Backups are the copy of last resort. A vault without `kms_key_arn` uses
    /// the AWS-managed `aws/backup` key, whose policy cannot be changed: access
    /// to every recovery point cannot be restricted or cut off by key, and
    /// cross-account copies need a customer key. The AWS-managed key is a
    /// warning, and fails in profile `strict`.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_backup_vault" "main" {
    ///   name        = "main"
    ///   kms_key_arn = aws_kms_key.backup.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC028",
        slug: "backup-vault-customer-key",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_backup_vault"]),
        references: &[
            "AWS Backup Developer Guide: Encryption for backups in AWS Backup",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_166").same(),
        ],
        good: &[
            r#"
resource "aws_backup_vault" "main" {
  name        = "main"
  kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/abcd"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_backup_vault" "main" { # expect: warn
  name = "main"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        judge_customer_key(
            cx,
            out,
            r,
            r.body(),
            "kms_key_arn",
            "the AWS-managed key `aws/backup`",
        );
    }
}
