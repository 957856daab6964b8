//! ENC018: openSearch (Elasticsearch) domains encrypt their data at rest.

use crate::rules::prelude::*;

declare_control! {
    /// OpenSearch (Elasticsearch) domains encrypt their data at rest.
    ///
    /// ## Why it matters
    /// A search domain indexes application data, logs and often personal data.
    /// Without `encrypt_at_rest { enabled = true }` its indices, swap,
    /// automated snapshots and logs are stored unencrypted; enabling it later
    /// requires a blue/green migration on older engine versions.
    ///
    /// ## Remediation
    /// Enable encryption at rest (optionally with `kms_key_id`):
    ///
    /// ```hcl
    /// resource "aws_opensearch_domain" "search" {
    ///   domain_name = "search"
    ///   encrypt_at_rest {
    ///     enabled = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC018",
        slug: "opensearch-encrypted-at-rest",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_opensearch_domain", "aws_elasticsearch_domain"]),
        references: &[
            "Amazon OpenSearch Service Developer Guide: Encryption of data at rest",
            "AWS Foundational Security Best Practices: OpenSearch.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_5").same(),
            Peer::trivy("AVD-AWS-0048", "aws-elastic-search-enable-domain-encryption").same(),
            Peer::kics("ElasticSearch Not Encrypted At Rest").same(),
        ],
        good: &[
            r#"
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  encrypt_at_rest {
    enabled = true
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_opensearch_domain" "search" { # expect: fail
  domain_name = "search"
}
"#,
            r#"
resource "aws_elasticsearch_domain" "search" {
  domain_name = "search"
  encrypt_at_rest {
    enabled = false # expect: fail
  }
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
                path: &["encrypt_at_rest"],
                attribute: "enabled",
                absent_holds: false,
                pass: "encrypted at rest",
                fail: "encryption at rest is not enabled (`encrypt_at_rest { enabled = true }`)",
            },
            flag(false),
        );
    }
}
