//! MON010: instances report metrics every minute.

use crate::rules::prelude::*;

declare_control! {
    /// EC2 instances and launch templates enable detailed (one-minute) monitoring.
    ///
    /// ## Why it matters
    /// Basic monitoring sends EC2 metrics every five minutes, so an alarm
    /// needs ten or fifteen minutes of data before it fires and short CPU
    /// or network spikes average away. Detailed monitoring sends them every
    /// minute, which lets alarms and Auto Scaling react in minutes and
    /// makes incidents visible in the metrics at the resolution they
    /// happened.
    ///
    /// ## Remediation
    /// Set `monitoring = true` on instances (`monitoring { enabled = true }`
    /// in launch templates):
    ///
    /// ```hcl
    /// resource "aws_instance" "app" {
    ///   ami           = data.aws_ami.al2023.id
    ///   instance_type = "t3.micro"
    ///   monitoring    = true
    /// }
    /// ```
    pub CONTROL {
        id: "MON010",
        slug: "ec2-detailed-monitoring",
        category: Category::Mon,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_instance", "aws_launch_template", "aws_launch_configuration"]),
        references: &[
            "Amazon EC2 User Guide: Manage detailed monitoring for your EC2 instances",
        ],
        peers: &[Peer::checkov("CKV_AWS_126").same()],
        good: &[
            r#"
resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  monitoring    = true
}

resource "aws_launch_template" "app" {
  image_id = "ami-12345678"

  monitoring {
    enabled = true
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_instance" "app" { # expect: fail
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}
"#,
            r#"
resource "aws_launch_template" "app" { # expect: fail
  image_id = "ami-12345678"
}

resource "aws_launch_configuration" "app" {
  image_id          = "ami-12345678"
  instance_type     = "t3.micro"
  enable_monitoring = false # expect: fail
}
"#,
            r#"
variable "detailed" {
  type = bool
}

resource "aws_instance" "app" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  monitoring    = var.detailed # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let body = r.body();
        let (judged, name, default) = match r.resource_type.as_str() {
            "aws_launch_template" => match body.block("monitoring") {
                Some(block) if block.dynamic => {
                    out.unknown(r, &block.span, "`monitoring` is a dynamic block");
                    continue;
                }
                Some(block) => (
                    setting(&block.body, "enabled", flag(false)),
                    "monitoring.enabled",
                    false,
                ),
                None => (Setting::Absent, "monitoring", false),
            },
            // Launch configurations enable it unless told not to.
            "aws_launch_configuration" => (
                setting(body, "enable_monitoring", flag(true)),
                "enable_monitoring",
                true,
            ),
            _ => (
                setting(body, "monitoring", flag(false)),
                "monitoring",
                false,
            ),
        };
        match judged {
            Setting::Holds(_) => {
                out.pass(r, "detailed monitoring is enabled");
            }
            Setting::Absent if default => {
                out.pass(r, "detailed monitoring is enabled (the default)");
            }
            Setting::Absent => {
                out.missing(
                    r,
                    format!("`{name}` is not set: metrics arrive every five minutes only"),
                );
            }
            Setting::Violated(attr) => {
                out.fail(
                    r,
                    &attr.span,
                    format!("`{name}` is false: metrics arrive every five minutes only"),
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(r, &attr.span, why_unknown(attr));
            }
        }
    }
}
