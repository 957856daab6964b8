//! VAL030: log group retention is one of the values CloudWatch Logs accepts.

use crate::rules::prelude::*;
use crate::validate::aws_values::{aws_values, Placeholders};

declare_control! {
    /// Log group `retention_in_days` is one of the values CloudWatch Logs accepts.
    ///
    /// ## Why it matters
    /// `PutRetentionPolicy` accepts only fixed periods (1, 3, 5, 7, 14, 30,
    /// 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
    /// 2922, 3288 or 3653 days; 0 in Terraform means never expire). Any
    /// other number, such as 45 or 730, fails the apply with
    /// `InvalidParameterException`. The set comes from the AWS SDK's service
    /// model (botocore), recorded in `data/aws-values.json`.
    ///
    /// ## Remediation
    /// Round to an accepted period:
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_log_group" "app" {
    ///   name              = "/app/api"
    ///   retention_in_days = 731
    /// }
    /// ```
    pub CONTROL {
        id: "VAL030",
        slug: "log-retention-values",
        category: Category::Val,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_cloudwatch_log_group"]),
        references: &[
            "Amazon CloudWatch Logs API Reference: PutRetentionPolicy (retentionInDays)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 365
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 730 # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let allowed = &aws_values().logs.retention_in_days;
    let placeholders = Placeholders::of(cx.model);
    for group in cx.resources() {
        let Some(attr) = group.body().attr("retention_in_days") else {
            continue;
        };
        if placeholders.involved(group.module, attr) {
            continue;
        }
        let accepted = |v: &Value| integer(v).map(|d| d == 0 || allowed.contains(&d));
        match attr.value.judge(&accepted) {
            Judgement::Holds => {
                out.pass(group, "`retention_in_days` is an accepted period");
            }
            Judgement::Violated => {
                out.fail(
                    group,
                    &attr.span,
                    "`retention_in_days` is not a period CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)",
                );
            }
            Judgement::Unknown => {}
        }
    }
}
