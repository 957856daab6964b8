//! SEC017: ALBs drop malformed HTTP headers.

use crate::rules::prelude::*;

declare_control! {
    /// Application Load Balancers drop invalid HTTP header fields.
    ///
    /// ## Why it matters
    /// By default an ALB forwards header fields whose names are not valid
    /// HTTP tokens. Back ends and proxies parse such headers differently,
    /// which is the raw material of HTTP request smuggling and header
    /// injection: a request the load balancer sees as one thing reaches the
    /// application as another. `drop_invalid_header_fields = true` makes
    /// the ALB remove them before they reach the targets.
    ///
    /// ## Remediation
    /// Set `drop_invalid_header_fields` on every ALB:
    ///
    /// ```hcl
    /// resource "aws_lb" "web" {
    ///   # ...
    ///   load_balancer_type         = "application"
    ///   drop_invalid_header_fields = true
    /// }
    /// ```
    pub CONTROL {
        id: "SEC017",
        slug: "alb-drop-invalid-headers",
        category: Category::Sec,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_lb", "aws_alb"]),
        references: &[
            "Elastic Load Balancing, Application Load Balancers: Load balancer attributes (routing.http.drop_invalid_header_fields.enabled)",
            "AWS Security Hub: [ELB.4] Application Load Balancer should be configured to drop invalid http headers",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_131").same(),
            Peer::trivy("AVD-AWS-0052", "aws-elb-drop-invalid-headers").same(),
            Peer::kics("ALB Not Dropping Invalid Headers").partial(),
        ],
        good: &[
            r#"
resource "aws_lb" "web" {
  name                       = "web"
  drop_invalid_header_fields = true
}
"#,
            // Network load balancers are not judged.
            r#"
resource "aws_lb" "nlb" {
  name               = "nlb"
  load_balancer_type = "network"
}

resource "aws_alb" "web" {
  name                       = "web"
  drop_invalid_header_fields = true
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
resource "aws_alb" "web" {
  name                       = "web"
  drop_invalid_header_fields = false # expect: fail
}
"#,
            r#"
variable "strict_headers" {
  type = bool
}

resource "aws_lb" "web" {
  name                       = "web"
  drop_invalid_header_fields = var.strict_headers # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for lb in cx.resources() {
        match is_alb(lb) {
            (Judgement::Violated, _) => continue,
            (Judgement::Unknown, Some(attr)) => {
                out.unknown(
                    lb,
                    &attr.span,
                    format!("{}, so whether it is an ALB", why_unknown(attr)),
                );
                continue;
            }
            _ => {}
        }
        match setting(lb.body(), "drop_invalid_header_fields", flag(false)) {
            Setting::Holds(_) => {
                out.pass(lb, "drops invalid header fields");
            }
            Setting::Absent => {
                out.missing(
                    lb,
                    "`drop_invalid_header_fields` is not set (defaults to false)",
                );
            }
            Setting::Violated(attr) => {
                out.fail(lb, &attr.span, "`drop_invalid_header_fields` is false");
            }
            Setting::Unknown(attr) => {
                out.unknown(lb, &attr.span, why_unknown(attr));
            }
        }
    }
}
