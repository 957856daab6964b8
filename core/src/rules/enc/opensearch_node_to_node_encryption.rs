//! ENC019: openSearch (Elasticsearch) domains encrypt traffic between nodes.

use crate::rules::prelude::*;

declare_control! {
    /// OpenSearch (Elasticsearch) domains encrypt traffic between nodes.
    ///
    /// ## Why it matters
    /// Without node-to-node encryption, shard replication and queries between
    /// the domain's nodes cross the VPC in plain text. Fine-grained access
    /// control requires it, and it cannot be turned off once on. Single-node
    /// domains exchange nothing between nodes and pass.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_opensearch_domain" "search" {
    ///   domain_name = "search"
    ///   node_to_node_encryption {
    ///     enabled = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC019",
        slug: "opensearch-node-to-node-encryption",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_opensearch_domain", "aws_elasticsearch_domain"]),
        references: &[
            "Amazon OpenSearch Service Developer Guide: Node-to-node encryption",
            "AWS Foundational Security Best Practices: OpenSearch.3",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_6").same(),
            Peer::trivy("AVD-AWS-0043", "aws-elastic-search-enable-in-transit-encryption").same(),
        ],
        good: &[
            r#"
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  node_to_node_encryption {
    enabled = true
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_opensearch_domain" "search" { # expect: fail
  domain_name = "search"
  cluster_config {
    instance_count = 3
  }
}
"#,
            r#"
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  cluster_config {
    instance_count = 2
  }
  node_to_node_encryption {
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
        // A single data node (the default) exchanges no traffic with others.
        let nodes = nested_body(r.body(), &["cluster_config"])
            .and_then(|c| c.value("instance_count"))
            .map_or(Some(1), integer);
        if nodes.is_some_and(|n| n <= 1) {
            out.pass(r, "a single-node domain has no traffic between nodes");
            continue;
        }
        require_setting(
            out,
            r,
            &Expect {
                path: &["node_to_node_encryption"],
                attribute: "enabled",
                absent_holds: false,
                pass: "traffic between nodes is encrypted",
                fail: "node-to-node encryption is not enabled",
            },
            flag(false),
        );
    }
}
