//! ENC020: redshift clusters encrypt their data at rest.

use crate::rules::prelude::*;

declare_control! {
    /// Redshift clusters encrypt their data at rest.
    ///
    /// ## Why it matters
    /// A data warehouse concentrates an organisation's most complete copy of
    /// its data. An unencrypted cluster stores blocks, snapshots and backups in
    /// the clear, and changing it later means a long migration. Older provider
    /// versions create clusters unencrypted unless `encrypted = true` is
    /// written, so the setting is expected explicitly.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_redshift_cluster" "warehouse" {
    ///   cluster_identifier = "warehouse"
    ///   node_type          = "ra3.xlplus"
    ///   encrypted          = true
    ///   kms_key_id         = aws_kms_key.warehouse.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC020",
        slug: "redshift-encrypted",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_redshift_cluster"]),
        references: &[
            "Amazon Redshift Management Guide: Amazon Redshift database encryption",
            "AWS Foundational Security Best Practices: Redshift.10",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_64").same(),
            Peer::checkov("CKV_AWS_142").partial(),
            Peer::trivy("AVD-AWS-0084", "aws-redshift-encryption-customer-key").partial(),
            Peer::kics("Redshift Not Encrypted").same(),
        ],
        good: &[
            r#"
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
  encrypted          = true
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
  encrypted          = false # expect: fail
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
                attribute: "encrypted",
                absent_holds: false,
                pass: "encrypted at rest",
                fail: "`encrypted` is not true: the cluster's data and snapshots are unencrypted",
            },
            flag(false),
        );
    }
}
