//! SEC025: openSearch (Elasticsearch) domains are deployed inside a VPC.

use crate::rules::prelude::*;

declare_control! {
    /// OpenSearch (Elasticsearch) domains are deployed inside a VPC.
    ///
    /// ## Why it matters
    /// A domain without `vpc_options` gets a public endpoint, reachable from
    /// the internet and protected only by its access policy; one permissive
    /// statement exposes every index. Inside a VPC the domain is reachable only
    /// through its security groups.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_opensearch_domain" "search" {
    ///   domain_name = "search"
    ///   vpc_options {
    ///     subnet_ids         = aws_subnet.private[*].id
    ///     security_group_ids = [aws_security_group.search.id]
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC025",
        slug: "opensearch-in-vpc",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_opensearch_domain", "aws_elasticsearch_domain"]),
        references: &[
            "Amazon OpenSearch Service Developer Guide: Launching your Amazon OpenSearch Service domains within a VPC",
            "AWS Foundational Security Best Practices: OpenSearch.2",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_137").same(),
        ],
        good: &[
            r#"
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  vpc_options {
    subnet_ids = ["subnet-1"]
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
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        if r.body().block("vpc_options").is_some() {
            out.pass(r, "deployed inside a VPC");
        } else {
            out.missing(r, "no `vpc_options`: the domain has a public endpoint");
        }
    }
}
