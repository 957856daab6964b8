//! MON017: redshift clusters keep audit logs.

use crate::rules::prelude::*;

declare_control! {
    /// Redshift clusters keep audit logs.
    ///
    /// ## Why it matters
    /// Redshift audit logging records connections, user changes and (with user
    /// activity logging) the queries run. Without it there is no record of who
    /// read what from the warehouse. Logging is enabled by a `logging` block
    /// with `enable = true` or by an `aws_redshift_logging` resource.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_redshift_logging" "warehouse" {
    ///   cluster_identifier   = aws_redshift_cluster.warehouse.id
    ///   log_destination_type = "cloudwatch"
    ///   log_exports          = ["connectionlog", "userlog", "useractivitylog"]
    /// }
    /// ```
    pub CONTROL {
        id: "MON017",
        slug: "redshift-audit-logging",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_redshift_cluster"]),
        references: &[
            "Amazon Redshift Management Guide: Database audit logging",
            "AWS Foundational Security Best Practices: Redshift.4",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_71").same(),
            Peer::kics("Redshift Cluster Logging Disabled").same(),
        ],
        good: &[
            r#"
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
}

resource "aws_redshift_logging" "warehouse" {
  cluster_identifier   = aws_redshift_cluster.warehouse.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog"]
}
"#,
            r#"
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  logging {
    enable      = true
    bucket_name = "audit-logs"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_redshift_cluster" "warehouse" { # expect: fail
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
}
"#,
            r#"
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  logging {
    enable = false # expect: fail
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let separate = referrers(cx.model, r, &["aws_redshift_logging"], "cluster_identifier");
        if let Some(logging) = separate.first() {
            out.pass(r, "audit logging is configured")
                .involving(logging);
            continue;
        }
        require_setting(
            out,
            r,
            &Expect {
                path: &["logging"],
                attribute: "enable",
                absent_holds: false,
                pass: "audit logging is enabled",
                fail: "audit logging is not enabled",
            },
            flag(false),
        );
    }
}
