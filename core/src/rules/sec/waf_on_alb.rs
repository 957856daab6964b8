//! SEC012: internet-facing ALBs are protected by a web ACL.

use crate::rules::prelude::*;

declare_control! {
    /// Every internet-facing Application Load Balancer has a WAFv2 web ACL associated.
    ///
    /// ## Why it matters
    /// An internet-facing ALB receives every request the internet sends,
    /// including injection attempts, scanners, credential stuffing and
    /// request floods. Security groups only filter ports and addresses; AWS
    /// WAF inspects the requests themselves and blocks known-bad patterns
    /// (with AWS managed rule groups) and abusive rates before they reach
    /// the application. Without an `aws_wafv2_web_acl_association` the web
    /// ACL, however well written, protects nothing.
    ///
    /// ## Remediation
    /// Associate a regional web ACL with each internet-facing ALB:
    ///
    /// ```hcl
    /// resource "aws_wafv2_web_acl_association" "web" {
    ///   resource_arn = aws_lb.web.arn
    ///   web_acl_arn  = aws_wafv2_web_acl.web.arn
    /// }
    /// ```
    pub CONTROL {
        id: "SEC012",
        slug: "waf-on-alb",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_lb", "aws_alb"]),
        references: &[
            "AWS WAF Developer Guide: Associating or disassociating a web ACL with an AWS resource",
            "AWS Security Hub: [ELB.16] Application Load Balancers should be associated with an AWS WAF web ACL",
        ],
        peers: &[
            Peer::checkov("CKV2_AWS_28").same(),
            Peer::kics("ALB Is Not Integrated With WAF").partial(),
        ],
        good: &[
            r#"
resource "aws_lb" "web" {
  name = "web"
}

resource "aws_wafv2_web_acl" "web" {
  name  = "web"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "web"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = aws_lb.web.arn
  web_acl_arn  = aws_wafv2_web_acl.web.arn
}
"#,
            // Internal load balancers are not judged; the public one is protected.
            r#"
resource "aws_lb" "internal" {
  name     = "internal"
  internal = true
}

resource "aws_lb" "web" {
  name = "web"
}

resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = aws_lb.web.arn
  web_acl_arn  = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/web/abcd"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_lb" "web" { # expect: fail
  name               = "web"
  load_balancer_type = "application"
}
"#,
            r#"
variable "internal" {
  type = bool
}

resource "aws_lb" "web" {
  name     = "web"
  internal = var.internal # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for lb in cx.resources() {
        let associations: Vec<&Resource> = {
            let mut list: Vec<&Resource> = cx
                .model
                .linked_from(lb.id, LinkKind::WafAssociationTarget)
                .filter(|r| exists(r))
                .collect();
            for r in referrers(
                cx.model,
                lb,
                &[
                    "aws_wafv2_web_acl_association",
                    "aws_wafregional_web_acl_association",
                ],
                "resource_arn",
            ) {
                if !list.iter().any(|l| l.id == r.id) {
                    list.push(r);
                }
            }
            list
        };
        match internet_facing_alb(lb) {
            (Judgement::Violated, _) => continue,
            (Judgement::Unknown, Some(attr)) if associations.is_empty() => {
                out.unknown(
                    lb,
                    &attr.span,
                    format!("{}, so whether it faces the internet", why_unknown(attr)),
                );
                continue;
            }
            _ => {}
        }
        match associations.first() {
            Some(assoc) => {
                out.pass(
                    lb,
                    format!("protected by a web ACL (`{}`)", assoc.address()),
                )
                .secondary(&assoc.block.span);
            }
            None => {
                out.missing(lb, "internet-facing ALB without a WAF web ACL association");
            }
        }
    }
}
