//! ENC015: elastiCache replication groups encrypt their data at rest.

use crate::rules::prelude::*;

declare_control! {
    /// ElastiCache replication groups encrypt their data at rest.
    ///
    /// ## Why it matters
    /// ElastiCache holds sessions, tokens and cached query results, often the
    /// same data the database protects. Without `at_rest_encryption_enabled`
    /// the nodes' disks, swap and backups to S3 are stored in the clear, and
    /// the setting cannot be turned on for an existing replication group
    /// without replacing it.
    ///
    /// ## Remediation
    /// Set `at_rest_encryption_enabled = true` (optionally with `kms_key_id`):
    ///
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "cache" {
    ///   replication_group_id       = "app-cache"
    ///   description                = "Application cache"
    ///   at_rest_encryption_enabled = true
    ///   transit_encryption_enabled = true
    /// }
    /// ```
    pub CONTROL {
        id: "ENC015",
        slug: "elasticache-encrypted-at-rest",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_elasticache_replication_group"]),
        references: &[
            "Amazon ElastiCache User Guide: At-Rest Encryption in ElastiCache",
            "AWS Foundational Security Best Practices: ElastiCache.4",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_29").same(),
            Peer::trivy("AVD-AWS-0045", "aws-elasticache-enable-at-rest-encryption").same(),
            Peer::kics("ElastiCache Replication Group Not Encrypted At Rest").same(),
        ],
        good: &[
            r#"
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "app-cache"
  description                = "Application cache"
  at_rest_encryption_enabled = true
}
"#,
        ],
        bad: &[
            r#"
resource "aws_elasticache_replication_group" "cache" { # expect: fail
  replication_group_id = "app-cache"
  description          = "Application cache"
}
"#,
            r#"
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "app-cache"
  description                = "Application cache"
  at_rest_encryption_enabled = false # expect: fail
}
"#,
            r#"
variable "encrypt" {
  type = bool
}
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "app-cache"
  description                = "Application cache"
  at_rest_encryption_enabled = var.encrypt # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        require_setting(
            out,
            r,
            &Expect {
                path: &[],
                attribute: "at_rest_encryption_enabled",
                absent_holds: false,
                pass: "encrypted at rest",
                fail: "`at_rest_encryption_enabled` is not true: cached data is stored unencrypted",
            },
            flag(false),
        );
    }
}
