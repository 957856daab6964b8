//! CMP012: GuardDuty watches the account.

use crate::rules::prelude::*;

declare_control! {
    /// The stack enables an Amazon GuardDuty detector.
    ///
    /// ## Why it matters
    /// GuardDuty continuously analyses CloudTrail events, VPC flow logs and
    /// DNS logs for known attack patterns: credentials used from unusual
    /// places, instances talking to command-and-control hosts or mining
    /// cryptocurrency, reconnaissance, disabled logging. It needs no agents
    /// and produces findings within minutes. Without a detector these
    /// signals are recorded (at best) but nobody looks at them.
    ///
    /// ## Remediation
    /// Declare a detector (enabled by default):
    ///
    /// ```hcl
    /// resource "aws_guardduty_detector" "main" {
    ///   enable                       = true
    ///   finding_publishing_frequency = "FIFTEEN_MINUTES"
    /// }
    /// ```
    pub CONTROL {
        id: "CMP012",
        slug: "guardduty-enabled",
        category: Category::Cmp,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "AWS Foundational Security Best Practices: GuardDuty.1 GuardDuty should be enabled",
            "Amazon GuardDuty User Guide: What is Amazon GuardDuty?",
        ],
        peers: &[
            Peer::checkov("CKV2_AWS_3").partial(),
            Peer::kics("GuardDuty Detector Disabled").partial(),
        ],
        good: &[
            r#"
resource "aws_guardduty_detector" "main" {
  enable = true
}
"#,
            // `enable` defaults to true.
            r#"
resource "aws_guardduty_detector" "main" {
  finding_publishing_frequency = "FIFTEEN_MINUTES"
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            r#"
resource "aws_guardduty_detector" "main" {
  enable = false # expect: fail
}
"#,
            r#"
variable "guardduty" {
  type = bool
}

resource "aws_guardduty_detector" "main" {
  enable = var.guardduty # expect: unknown
}
"#,
            r#"
# expect-stack: unknown
variable "create_detector" {
  type = bool
}

resource "aws_guardduty_detector" "main" {
  count = var.create_detector ? 1 : 0
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let detectors: Vec<&Resource> = cx.resources_of_type("aws_guardduty_detector").collect();
    if detectors.is_empty() {
        out.stack(
            Outcome::Fail,
            "no `aws_guardduty_detector`: threats in CloudTrail, flow logs and DNS logs go undetected",
        );
        return;
    }
    if let Some(d) = detectors.iter().find(|d| {
        d.multiplicity != crate::model::Multiplicity::Unknown
            && matches!(enabled(d), Setting::Absent | Setting::Holds(_))
    }) {
        out.stack(
            Outcome::Pass,
            format!("detector `{}` is enabled", d.address()),
        )
        .secondary(&d.block.span);
        return;
    }
    for d in detectors {
        match enabled(d) {
            Setting::Violated(attr) => {
                out.fail(
                    d,
                    &attr.span,
                    "`enable` is false: the detector is suspended",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(d, &attr.span, why_unknown(attr));
            }
            Setting::Absent | Setting::Holds(_) => {
                out.stack(
                    Outcome::Unknown,
                    format!(
                        "could not be determined: whether detector `{}` is created depends on its `count`/`for_each`",
                        d.address()
                    ),
                )
                .secondary(&d.block.span);
            }
        }
    }
}

/// Whether a detector is enabled (`enable`, default true).
fn enabled(detector: &Resource) -> Setting<'_> {
    setting(detector.body(), "enable", flag(true))
}
