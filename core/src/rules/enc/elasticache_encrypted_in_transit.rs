//! ENC016: elastiCache replication groups encrypt traffic in transit (TLS).

use crate::rules::prelude::*;

declare_control! {
    /// ElastiCache replication groups encrypt traffic in transit (TLS).
    ///
    /// ## Why it matters
    /// Clients talk to Redis or Valkey in plain text unless
    /// `transit_encryption_enabled` is set, so anyone who can observe traffic
    /// in the VPC reads cached values and the AUTH token itself. TLS is also
    /// the precondition for AUTH tokens and RBAC user groups.
    ///
    /// ## Remediation
    /// Set `transit_encryption_enabled = true` (and use an AUTH token or user
    /// group):
    ///
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "cache" {
    ///   replication_group_id       = "app-cache"
    ///   description                = "Application cache"
    ///   transit_encryption_enabled = true
    ///   auth_token                 = var.cache_auth_token
    /// }
    /// ```
    pub CONTROL {
        id: "ENC016",
        slug: "elasticache-encrypted-in-transit",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_elasticache_replication_group"]),
        references: &[
            "Amazon ElastiCache User Guide: In-transit encryption (TLS)",
            "AWS Foundational Security Best Practices: ElastiCache.5",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_30").same(),
            Peer::checkov("CKV_AWS_31").partial(),
            Peer::trivy("AVD-AWS-0051", "aws-elasticache-enable-in-transit-encryption").same(),
        ],
        good: &[
            r#"
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "app-cache"
  description                = "Application cache"
  transit_encryption_enabled = true
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
  transit_encryption_enabled = "false" # expect: fail
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
                attribute: "transit_encryption_enabled",
                absent_holds: false,
                pass: "traffic is encrypted with TLS",
                fail: "`transit_encryption_enabled` is not true: clients connect in plain text",
            },
            flag(false),
        );
    }
}
