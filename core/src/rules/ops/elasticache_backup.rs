//! OPS019: elastiCache Redis and Valkey clusters keep automatic snapshots.

use crate::rules::prelude::*;

declare_control! {
    /// ElastiCache Redis and Valkey clusters keep automatic snapshots.
    ///
    /// ## Why it matters
    /// A cache that holds sessions, queues or leaderboards is often the only
    /// copy of that data. With `snapshot_retention_limit = 0` (the default) no
    /// automatic snapshot is taken, so a node failure without a replica, or a
    /// bad flush, loses everything. Memcached has no snapshots and passes.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_elasticache_replication_group" "cache" {
    ///   # ...
    ///   snapshot_retention_limit = 7
    ///   snapshot_window          = "03:00-05:00"
    /// }
    /// ```
    pub CONTROL {
        id: "OPS019",
        slug: "elasticache-backup",
        category: Category::Ops,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_elasticache_replication_group", "aws_elasticache_cluster"]),
        references: &[
            "Amazon ElastiCache User Guide: Scheduling automatic backups",
            "AWS Foundational Security Best Practices: ElastiCache.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_134").same(),
            Peer::trivy("AVD-AWS-0050", "aws-elasticache-enable-backup-retention").same(),
            Peer::kics("ElastiCache Redis Cluster Without Backup").same(),
        ],
        good: &[
            r#"
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id     = "app-cache"
  description              = "Application cache"
  snapshot_retention_limit = 7
}
"#,
            r#"
resource "aws_elasticache_cluster" "sessions" {
  cluster_id      = "sessions"
  engine          = "memcached"
  node_type       = "cache.t3.micro"
  num_cache_nodes = 1
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
resource "aws_elasticache_cluster" "cache" {
  cluster_id               = "cache"
  engine                   = "redis"
  node_type                = "cache.t3.micro"
  num_cache_nodes          = 1
  snapshot_retention_limit = 0 # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        if r.resource_type == "aws_elasticache_cluster" {
            // A cluster that joins a replication group takes its settings.
            if r.body().attr("replication_group_id").is_some() {
                continue;
            }
            match r.body().value("engine").and_then(Value::as_str) {
                Some(e) if e.eq_ignore_ascii_case("memcached") => {
                    out.pass(r, "Memcached is a pure cache with no snapshots to keep");
                    continue;
                }
                Some(_) => {}
                None => {
                    if let Some(a) = r.body().attr("engine") {
                        out.unknown(r, &a.span, why_unknown(a));
                    }
                    continue;
                }
            }
        }
        require_setting(
            out,
            r,
            &Expect {
                path: &[],
                attribute: "snapshot_retention_limit",
                absent_holds: false,
                pass: "automatic snapshots are kept",
                fail: "no automatic snapshots (`snapshot_retention_limit` is 0 or not set)",
            },
            at_least(1),
        );
    }
}
