//! SEC024: redshift clusters are not publicly accessible.

use crate::rules::prelude::*;

declare_control! {
    /// Redshift clusters are not publicly accessible.
    ///
    /// ## Why it matters
    /// A publicly accessible cluster gets a public IP address and answers on
    /// its port from the internet wherever its security group allows, which
    /// puts the warehouse one misconfigured rule away from exposure. Before AWS
    /// provider 6 `publicly_accessible` defaults to true, so it is expected
    /// explicitly as false.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_redshift_cluster" "warehouse" {
    ///   # ...
    ///   publicly_accessible = false
    /// }
    /// ```
    pub CONTROL {
        id: "SEC024",
        slug: "redshift-not-public",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_redshift_cluster"]),
        references: &[
            "Amazon Redshift Management Guide: Managing clusters in a VPC (publicly accessible)",
            "AWS Foundational Security Best Practices: Redshift.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_87").partial(),
            Peer::kics("Redshift Publicly Accessible").same(),
        ],
        good: &[
            r#"
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier  = "warehouse"
  node_type           = "ra3.xlplus"
  publicly_accessible = false
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
  cluster_identifier  = "warehouse"
  node_type           = "ra3.xlplus"
  publicly_accessible = true # expect: fail
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
                attribute: "publicly_accessible",
                absent_holds: false,
                pass: "not publicly accessible",
                fail: "the cluster is publicly accessible (`publicly_accessible` is true or left to its default)",
            },
            |v: &Value| v.as_bool().map(|b| !b),
        );
    }
}
