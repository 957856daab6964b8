//! ENC021: documentDB clusters encrypt their storage.

use crate::rules::prelude::*;

declare_control! {
    /// DocumentDB clusters encrypt their storage.
    ///
    /// ## Why it matters
    /// DocumentDB clusters are created unencrypted unless `storage_encrypted =
    /// true`, and encryption cannot be enabled on an existing cluster: the
    /// data, its backups and snapshots stay readable to anyone with access to
    /// the underlying storage or a shared snapshot.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_docdb_cluster" "docs" {
    ///   cluster_identifier = "docs"
    ///   storage_encrypted  = true
    ///   kms_key_id         = aws_kms_key.docdb.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC021",
        slug: "docdb-encrypted",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_docdb_cluster"]),
        references: &[
            "Amazon DocumentDB Developer Guide: Encrypting Amazon DocumentDB data at rest",
            "AWS Foundational Security Best Practices: DocumentDB.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_74").same(),
            Peer::checkov("CKV_AWS_182").partial(),
            Peer::trivy("AVD-AWS-0021", "aws-documentdb-enable-storage-encryption").same(),
            Peer::kics("DOCDB Cluster Not Encrypted").same(),
            Peer::kics("DOCDB Cluster Without KMS").partial(),
        ],
        good: &[
            r#"
resource "aws_docdb_cluster" "docs" {
  cluster_identifier = "docs"
  storage_encrypted  = true
}
"#,
        ],
        bad: &[
            r#"
resource "aws_docdb_cluster" "docs" { # expect: fail
  cluster_identifier = "docs"
}
"#,
            r#"
resource "aws_docdb_cluster" "docs" {
  cluster_identifier = "docs"
  storage_encrypted  = false # expect: fail
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
                attribute: "storage_encrypted",
                absent_holds: false,
                pass: "storage is encrypted",
                fail: "`storage_encrypted` is not true: the cluster's storage is unencrypted",
            },
            flag(false),
        );
    }
}
