//! OPS020: elastiCache replication groups with replicas fail over automatically.

use crate::rules::prelude::*;

declare_control! {
    /// ElastiCache replication groups with replicas fail over automatically.
    ///
    /// ## Why it matters
    /// A replication group with replicas but `automatic_failover_enabled` off
    /// keeps a standby that nothing promotes: when the primary fails, writes
    /// stop until someone intervenes by hand. Single-node groups have nothing
    /// to fail over to and are not judged.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "cache" {
    ///   # ...
    ///   num_cache_clusters         = 2
    ///   automatic_failover_enabled = true
    ///   multi_az_enabled           = true
    /// }
    /// ```
    pub CONTROL {
        id: "OPS020",
        slug: "elasticache-automatic-failover",
        category: Category::Ops,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_elasticache_replication_group"]),
        references: &[
            "Amazon ElastiCache User Guide: Minimizing downtime in ElastiCache with Multi-AZ",
            "AWS Foundational Security Best Practices: ElastiCache.3",
        ],
        peers: &[
            Peer::checkov("CKV2_AWS_50").same(),
            Peer::trivy("AVD-AWS-0049", "aws-elasticache-enable-automatic-failover").partial(),
        ],
        good: &[
            r#"
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "app-cache"
  description                = "Application cache"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
}
"#,
        ],
        bad: &[
            r#"
resource "aws_elasticache_replication_group" "cache" { # expect: fail
  replication_group_id = "app-cache"
  description          = "Application cache"
  num_cache_clusters   = 2
}
"#,
            r#"
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "app-cache"
  description                = "Application cache"
  num_node_groups            = 2
  replicas_per_node_group    = 1
  automatic_failover_enabled = false # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let body = r.body();
        let clusters = body.value("num_cache_clusters").map(integer);
        let replicas = body.value("replicas_per_node_group").map(integer);
        let has_replicas = match (clusters, replicas) {
            (Some(Some(n)), _) => n > 1,
            (_, Some(Some(n))) => n > 0,
            (Some(None), _) | (_, Some(None)) => {
                // Replica count from an input: judge the setting anyway.
                true
            }
            (None, None) => false,
        };
        if !has_replicas {
            continue;
        }
        require_setting(
            out,
            r,
            &Expect {
                path: &[],
                attribute: "automatic_failover_enabled",
                absent_holds: false,
                pass: "a replica is promoted automatically",
                fail:
                    "automatic failover is off: a replica is never promoted when the primary fails",
            },
            flag(false),
        );
    }
}
