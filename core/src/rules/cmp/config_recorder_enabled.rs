//! CMP009: the Config recorder is turned on, after its delivery channel.

use crate::rules::prelude::*;

declare_control! {
    /// The AWS Config recorder is started (`is_enabled = true`), after the delivery channel exists.
    ///
    /// ## Why it matters
    /// `aws_config_configuration_recorder` only defines what to record; the
    /// recorder stays stopped until an `aws_config_configuration_recorder_status`
    /// turns it on. A stack with a recorder but no enabled status records
    /// nothing. AWS refuses to start a recorder that has no delivery
    /// channel, so the status must be created after the channel
    /// (`depends_on`), or the first apply fails intermittently.
    ///
    /// ## Remediation
    /// Start the recorder once the delivery channel exists:
    ///
    /// ```hcl
    /// resource "aws_config_configuration_recorder_status" "main" {
    ///   name       = aws_config_configuration_recorder.main.name
    ///   is_enabled = true
    ///   depends_on = [aws_config_delivery_channel.main]
    /// }
    /// ```
    pub CONTROL {
        id: "CMP009",
        slug: "config-recorder-enabled",
        category: Category::Cmp,
        severity: Severity::High,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.3: Ensure AWS Config is enabled in all regions",
            "AWS Config Developer Guide: Managing the configuration recorder",
        ],
        peers: &[Peer::checkov("CKV2_AWS_45").partial()],
        good: &[
            r#"
resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
}

resource "aws_config_delivery_channel" "main" {
  name           = "main"
  s3_bucket_name = "org-config-history"
  depends_on     = [aws_config_configuration_recorder.main]
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}
"#,
        ],
        bad: &[
            // A recorder that is never started.
            r#"
# expect-stack: fail
resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
}
"#,
            r#"
resource "aws_config_configuration_recorder_status" "main" {
  name       = "main"
  is_enabled = false # expect: fail
}
"#,
            // Not ordered after the delivery channel.
            r#"
resource "aws_config_delivery_channel" "main" {
  name           = "main"
  s3_bucket_name = "org-config-history"
}

resource "aws_config_configuration_recorder_status" "main" { # expect: warn
  name       = "main"
  is_enabled = true
}
"#,
            r#"
variable "enabled" {
  type = bool
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = "main"
  is_enabled = var.enabled # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let statuses: Vec<&Resource> = cx
        .resources_of_type("aws_config_configuration_recorder_status")
        .collect();
    if statuses.is_empty() {
        out.stack(
            Outcome::Fail,
            "no `aws_config_configuration_recorder_status` turns a Config recorder on: nothing is recorded",
        );
        return;
    }
    let channels: Vec<&Resource> = cx
        .resources_of_type("aws_config_delivery_channel")
        .collect();
    for status in statuses {
        match setting(status.body(), "is_enabled", flag(false)) {
            Setting::Absent => {
                out.missing(
                    status,
                    "`is_enabled` is not set: the recorder stays stopped",
                );
            }
            Setting::Violated(attr) => {
                out.fail(
                    status,
                    &attr.span,
                    "`is_enabled` is false: the recorder is stopped",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(status, &attr.span, why_unknown(attr));
            }
            Setting::Holds(_) => {
                let ordered = channels.is_empty()
                    || channels.iter().any(|c| {
                        ["depends_on", "name"]
                            .iter()
                            .any(|a| refers_to(status, a, c))
                    });
                if ordered {
                    out.pass(status, "the recorder is started");
                } else {
                    let v = out.warn(
                        status,
                        &status.block.span,
                        "the recorder is started but not ordered after the delivery channel (`depends_on`): the first apply can fail",
                    );
                    for c in &channels {
                        v.involving(c);
                    }
                }
            }
        }
    }
}
