//! ENC003: KMS keys state their deletion waiting period.

use crate::rules::prelude::*;

declare_control! {
    /// KMS keys set their deletion waiting period explicitly (7–30 days).
    ///
    /// ## Why it matters
    /// Deleting a KMS key destroys every piece of data encrypted under it,
    /// irreversibly. AWS therefore only schedules deletion after a waiting
    /// period during which the deletion can be cancelled. Writing the period
    /// down (`deletion_window_in_days`) makes that safety margin a reviewed
    /// decision instead of an accident of the provider default, and keeps it
    /// within the 7–30 days KMS allows; a long window gives operators time
    /// to notice a mistaken or malicious deletion (CloudTrail records
    /// `ScheduleKeyDeletion`).
    ///
    /// ## Remediation
    /// Set `deletion_window_in_days` between 7 and 30 (30 is the safest):
    ///
    /// ```hcl
    /// resource "aws_kms_key" "data" {
    ///   enable_key_rotation     = true
    ///   deletion_window_in_days = 30
    /// }
    /// ```
    pub CONTROL {
        id: "ENC003",
        slug: "kms-deletion-window",
        category: Category::Enc,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_kms_key"]),
        references: &[
            "AWS KMS Developer Guide: Deleting AWS KMS keys (waiting period)",
            "AWS KMS API Reference: ScheduleKeyDeletion (PendingWindowInDays 7-30)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_kms_key" "data" {
  deletion_window_in_days = 30
}
"#,
            r#"
variable "environment" {
  type = string
}

resource "aws_kms_key" "data" {
  deletion_window_in_days = var.environment == "prod" ? 30 : 7
}
"#,
        ],
        bad: &[
            r#"
resource "aws_kms_key" "data" { # expect: fail
  enable_key_rotation = true
}
"#,
            r#"
resource "aws_kms_key" "data" {
  deletion_window_in_days = 3 # expect: fail
}
"#,
            r#"
variable "window" {
  type = number
}

resource "aws_kms_key" "data" {
  deletion_window_in_days = var.window # expect: unknown
}
"#,
        ],
        check,
    }
}

fn in_range(v: &Value) -> Option<bool> {
    integer(v).map(|d| (7..=30).contains(&d))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for key in cx.resources() {
        match setting(key.body(), "deletion_window_in_days", in_range) {
            Setting::Holds(_) => {
                out.pass(key, "`deletion_window_in_days` is set within 7-30 days");
            }
            Setting::Absent => {
                out.missing(key, "`deletion_window_in_days` is not set (the provider default of 30 days applies unstated)");
            }
            Setting::Violated(attr) => {
                out.fail(
                    key,
                    &attr.span,
                    "`deletion_window_in_days` is outside 7-30 days",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(key, &attr.span, why_unknown(attr));
            }
        }
    }
}
