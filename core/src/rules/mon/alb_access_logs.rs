//! MON011: load balancers log every request.

use crate::rules::prelude::*;

declare_control! {
    /// Load balancers write access logs (`access_logs` enabled).
    ///
    /// ## Why it matters
    /// Access logs record every request a load balancer receives: client
    /// address, path, status, latency, TLS details, target. They are how
    /// attacks against the application (scanning, injection attempts,
    /// credential stuffing) are seen and investigated, and they are not
    /// kept anywhere else. On `aws_lb`/`aws_alb` the `access_logs` block
    /// defaults to disabled, so naming a bucket is not enough. Application
    /// and Network Load Balancers and Classic ELBs are judged; Gateway Load
    /// Balancers have no access logs.
    ///
    /// ## Remediation
    /// Enable access logs to a bucket the ELB service may write to:
    ///
    /// ```hcl
    /// resource "aws_lb" "web" {
    ///   # ...
    ///   access_logs {
    ///     bucket  = aws_s3_bucket.lb_logs.id
    ///     prefix  = "web"
    ///     enabled = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON011",
        slug: "alb-access-logs",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_lb", "aws_alb", "aws_elb"]),
        references: &[
            "AWS Foundational Security Best Practices: ELB.5 Application and Classic Load Balancers logging should be enabled",
            "Elastic Load Balancing User Guide: Access logs for your Application Load Balancer",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_91").same(),
            Peer::checkov("CKV_AWS_92").partial(),
        ],
        good: &[
            r#"
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-1", "subnet-2"]

  access_logs {
    bucket  = "example-lb-logs"
    enabled = true
  }
}
"#,
            // Classic ELBs enable a declared `access_logs` block by default.
            r#"
resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["us-east-1a"]

  access_logs {
    bucket = "example-lb-logs"
  }

  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_lb" "web" { # expect: fail
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]
}
"#,
            // A bucket alone does not enable logging on `aws_lb`.
            r#"
resource "aws_alb" "web" {
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]

  access_logs { # expect: fail
    bucket = "example-lb-logs"
  }
}
"#,
            r#"
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]

  access_logs {
    bucket  = "example-lb-logs"
    enabled = false # expect: fail
  }
}
"#,
            r#"
variable "access_logs" {
  type = bool
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]

  access_logs {
    bucket  = "example-lb-logs"
    enabled = var.access_logs # expect: unknown
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for lb in cx.resources() {
        let classic = lb.resource_type == "aws_elb";
        if !classic {
            match setting(lb.body(), "load_balancer_type", one_of(&["gateway"])) {
                // Gateway Load Balancers have no access logs.
                Setting::Holds(_) => continue,
                Setting::Unknown(attr) => {
                    out.unknown(lb, &attr.span, why_unknown(attr));
                    continue;
                }
                Setting::Absent | Setting::Violated(_) => {}
            }
        }
        let Some(block) = lb.body().block("access_logs") else {
            out.missing(lb, "no `access_logs` block: requests are not logged");
            continue;
        };
        if block.dynamic {
            out.unknown(lb, &block.span, "`access_logs` is a dynamic block");
            continue;
        }
        // `enabled` defaults to false on `aws_lb`/`aws_alb`, true on `aws_elb`.
        match setting(&block.body, "enabled", flag(classic)) {
            Setting::Holds(_) => {
                out.pass(lb, "access logs are enabled");
            }
            Setting::Absent if classic => {
                out.pass(
                    lb,
                    "access logs are enabled (the default for a declared block)",
                );
            }
            Setting::Absent => {
                out.fail(
                    lb,
                    &block.span,
                    "`access_logs.enabled` is not set (defaults to false): requests are not logged",
                );
            }
            Setting::Violated(attr) => {
                out.fail(
                    lb,
                    &attr.span,
                    "`access_logs.enabled` is false: requests are not logged",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(lb, &attr.span, why_unknown(attr));
            }
        }
    }
}
