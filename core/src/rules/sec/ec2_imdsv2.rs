//! SEC011: instances require IMDSv2.

use crate::rules::prelude::*;

declare_control! {
    /// Instances and launch templates require IMDSv2 (`http_tokens = "required"`).
    ///
    /// ## Why it matters
    /// The instance metadata service hands out the instance role's
    /// temporary credentials. IMDSv1 answers any plain GET, so a server-side
    /// request forgery bug in the application (or a misconfigured proxy) is
    /// enough to steal them, as in the 2019 Capital One breach. IMDSv2
    /// requires a session token obtained with a PUT, which SSRF and open
    /// proxies cannot do. A response hop limit above 1 lets containers on
    /// the host reach the service too; that is sometimes needed, so it is a
    /// warning.
    ///
    /// ## Remediation
    /// Require tokens and keep the hop limit at 1:
    ///
    /// ```hcl
    /// resource "aws_launch_template" "app" {
    ///   # ...
    ///   metadata_options {
    ///     http_endpoint               = "enabled"
    ///     http_tokens                 = "required"
    ///     http_put_response_hop_limit = 1
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC011",
        slug: "ec2-imdsv2",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_instance", "aws_launch_template", "aws_launch_configuration"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 5.6: Ensure that EC2 Metadata Service only allows IMDSv2",
            "Amazon EC2 User Guide: Use the Instance Metadata Service to access instance metadata (IMDSv2)",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_79").same(),
            Peer::checkov("CKV_AWS_341").partial(),
            Peer::trivy("AVD-AWS-0028", "aws-ec2-enforce-http-token-imds").same(),
        ],
        good: &[
            r#"
resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}
"#,
            // The metadata service turned off entirely.
            r#"
resource "aws_launch_template" "batch" {
  image_id = "ami-0123456789abcdef0"
  metadata_options {
    http_endpoint = "disabled"
  }
}
"#,
        ],
        bad: &[
            // Omitted: IMDSv1 stays available.
            r#"
resource "aws_instance" "app" { # expect: fail
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
"#,
            r#"
resource "aws_launch_template" "app" {
  image_id = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = "optional" # expect: fail
  }
}
"#,
            // Tokens required, but containers can reach the service.
            r#"
resource "aws_launch_template" "nodes" {
  image_id = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 2 # expect: warn
  }
}
"#,
            r#"
variable "http_tokens" {
  type = string
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = var.http_tokens # expect: unknown
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let Some(options) = r.body().block("metadata_options") else {
            // An instance launched from a launch template takes the
            // template's metadata options; the template is judged instead.
            if r.resource_type == "aws_instance" && r.body().block("launch_template").is_some() {
                continue;
            }
            out.missing(
                r,
                "no `metadata_options`: IMDSv1 is available (`http_tokens` defaults to optional)",
            );
            continue;
        };
        let body = &options.body;
        if let Setting::Holds(_) = setting(body, "http_endpoint", one_of(&["disabled"])) {
            out.pass(r, "the instance metadata service is disabled");
            continue;
        }
        match setting(body, "http_tokens", one_of(&["required"])) {
            Setting::Holds(_) => {}
            Setting::Absent => {
                out.fail(
                    r,
                    &options.span,
                    "`http_tokens` is not set (defaults to optional: IMDSv1 is available)",
                );
                continue;
            }
            Setting::Violated(attr) => {
                out.fail(
                    r,
                    &attr.span,
                    "`http_tokens` is not \"required\": IMDSv1 is available",
                );
                continue;
            }
            Setting::Unknown(attr) => {
                out.unknown(r, &attr.span, why_unknown(attr));
                continue;
            }
        }
        let hop_ok = |v: &Value| match v {
            Value::Null => Some(true),
            other => integer(other).map(|n| n <= 1),
        };
        match setting(body, "http_put_response_hop_limit", hop_ok) {
            Setting::Violated(attr) => {
                out.warn(r, &attr.span, "`http_put_response_hop_limit` above 1 lets containers on the host reach the metadata service");
            }
            // An unknown hop limit only decides between pass and a warning
            // about containers; the control's requirement (tokens) holds.
            Setting::Absent | Setting::Holds(_) | Setting::Unknown(_) => {
                out.pass(r, "IMDSv2 is required");
            }
        }
    }
}
