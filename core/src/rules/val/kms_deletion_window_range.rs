//! VAL031: KMS key deletion windows are within 7-30 days.

use crate::rules::prelude::*;
use crate::validate::aws_values::{aws_values, Placeholders};

declare_control! {
    /// KMS `deletion_window_in_days` is within the 7-30 days KMS accepts.
    ///
    /// ## Why it matters
    /// KMS only schedules a key's deletion after a waiting period of 7 to
    /// 30 days. The provider rejects any other value at plan time, so a
    /// configuration with, say, `deletion_window_in_days = 90` (or 1, to
    /// clean up faster in tests) does not deploy. The range comes from the
    /// AWS SDK's service model (botocore), recorded in
    /// `data/aws-values.json`.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_kms_key" "data" {
    ///   enable_key_rotation     = true
    ///   deletion_window_in_days = 30
    /// }
    /// ```
    pub CONTROL {
        id: "VAL031",
        slug: "kms-deletion-window-range",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Resources(&["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"]),
        references: &[
            "AWS KMS API Reference: ScheduleKeyDeletion (PendingWindowInDays 7-30)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_kms_key" "data" {
  deletion_window_in_days = 7
}
"#,
        ],
        bad: &[
            r#"
resource "aws_kms_key" "data" {
  deletion_window_in_days = 90 # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let [low, high] = aws_values().kms.pending_window_in_days;
    let placeholders = Placeholders::of(cx.model);
    for key in cx.resources() {
        let Some(attr) = key.body().attr("deletion_window_in_days") else {
            continue;
        };
        if placeholders.involved(key.module, attr) {
            continue;
        }
        let in_range = |v: &Value| integer(v).map(|d| (low..=high).contains(&d));
        match attr.value.judge(&in_range) {
            Judgement::Holds => {
                out.pass(
                    key,
                    format!("`deletion_window_in_days` is within {low}-{high}"),
                );
            }
            Judgement::Violated => {
                out.fail(
                    key,
                    &attr.span,
                    format!("`deletion_window_in_days` must be between {low} and {high} days"),
                );
            }
            Judgement::Unknown => {}
        }
    }
}
