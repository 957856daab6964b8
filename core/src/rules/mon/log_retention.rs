//! MON007: log groups keep logs long enough, and not forever by accident.

use crate::rules::prelude::*;

declare_control! {
    /// CloudWatch log groups set `retention_in_days` to at least the profile's minimum.
    ///
    /// ## Why it matters
    /// Investigations look back weeks or months: a breach is detected after
    /// 200 days on average, and PCI-DSS requires a year of audit history.
    /// Logs deleted after a few days cannot answer what happened. A log
    /// group without `retention_in_days` (or with 0) keeps everything
    /// forever, which is a decision nobody made: cost grows without bound
    /// and personal data is kept longer than any policy allows.
    ///
    /// Minimums: audit and application logs 90 days in `baseline`, other
    /// logs 1 day; everything 365 days in `strict` (the
    /// `log_retention_days` requirement overrides both). A log group counts
    /// as "other" only when its name (or resource name) marks it as
    /// short-lived: a word `debug`, `dev`, `test`, `tmp`, `temp`,
    /// `scratch`, `sandbox`, `build` or `ci`. Every other group, and the
    /// groups CloudTrail or flow logs deliver to, is audit or application
    /// logging.
    ///
    /// ## Remediation
    /// Set an explicit retention that meets the minimum:
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_log_group" "app" {
    ///   name              = "/app/web"
    ///   retention_in_days = 365
    ///   kms_key_id        = aws_kms_key.logs.arn
    /// }
    /// ```
    pub CONTROL {
        id: "MON007",
        slug: "log-retention",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_cloudwatch_log_group"]),
        references: &[
            "PCI DSS v4.0, 10.5.1: Retain audit log history for at least 12 months",
            "Amazon CloudWatch Logs User Guide: Change log data retention in CloudWatch Logs",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_66").partial(),
            Peer::checkov("CKV_AWS_338").partial(),
            Peer::kics("CloudWatch Without Retention Period Specified").partial(),
        ],
        good: &[
            r#"
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/web"
  retention_in_days = 90
}

resource "aws_cloudwatch_log_group" "debug" {
  name              = "/app/debug"
  retention_in_days = 3
}
"#,
        ],
        bad: &[
            // Omitted: kept forever.
            r#"
resource "aws_cloudwatch_log_group" "app" { # expect: fail
  name = "/app/web"
}
"#,
            // An audit log group kept for a month only.
            r#"
resource "aws_cloudwatch_log_group" "trail" {
  name              = "cloudtrail"
  retention_in_days = 30 # expect: fail
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "org-trail-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
}
"#,
            r#"
variable "retention" {
  type = number
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/web"
  retention_in_days = var.retention # expect: unknown
}
"#,
        ],
        check,
    }
}

/// Words that mark a log group as short-lived.
const SHORT_LIVED: &[&str] = &[
    "debug", "dev", "test", "tmp", "temp", "scratch", "sandbox", "build", "ci",
];

/// Whether a name marks short-lived logs.
fn short_lived(name: &str) -> bool {
    name.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| SHORT_LIVED.contains(&w))
}

/// Whether CloudTrail or a flow log delivers to the group.
fn receives_audit(cx: &RuleContext<'_>, group: &Resource) -> bool {
    !referrers(
        cx.model,
        group,
        &["aws_cloudtrail"],
        "cloud_watch_logs_group_arn",
    )
    .is_empty()
        || !referrers(cx.model, group, &["aws_flow_log"], "log_destination").is_empty()
        || !referrers(cx.model, group, &["aws_flow_log"], "log_group_name").is_empty()
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for group in cx.resources() {
        let body = group.body();
        let name = body
            .value("name")
            .and_then(Value::as_str)
            .or_else(|| body.value("name_prefix").and_then(Value::as_str));
        let other = !receives_audit(cx, group)
            && (name.is_some_and(short_lived) || short_lived(&group.name));
        let (minimum, kind) = if other {
            (cx.log_retention_days(), "short-lived logs")
        } else {
            (cx.audit_log_retention_days(), "audit and application logs")
        };
        let minimum = i64::from(minimum);
        let Some(attr) = body
            .attr("retention_in_days")
            .filter(|a| a.value != Value::Null)
        else {
            out.missing(
                group,
                "`retention_in_days` is not set: logs never expire (a retention nobody chose)",
            );
            continue;
        };
        match grade(&attr.value, &|v| match integer(v) {
            Some(0) => Grade::Bad,
            Some(n) if n >= minimum => Grade::Good,
            Some(_) => Grade::Partial,
            None => Grade::Unknown,
        }) {
            Grade::Good => {
                out.pass(
                    group,
                    format!("retention meets the {minimum}-day minimum for {kind}"),
                );
            }
            Grade::Bad => {
                out.fail(
                    group,
                    &attr.span,
                    "`retention_in_days` is 0: logs never expire (a retention nobody chose)",
                );
            }
            Grade::Partial => {
                out.fail(
                    group,
                    &attr.span,
                    format!("`retention_in_days` is below the {minimum}-day minimum for {kind}"),
                );
            }
            Grade::Unknown => {
                out.unknown(group, &attr.span, why_unknown(attr));
            }
        }
    }
}
