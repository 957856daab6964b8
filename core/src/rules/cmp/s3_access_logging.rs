//! CMP014: buckets log access to them (log buckets excepted).

use crate::rules::prelude::*;
use std::collections::BTreeMap;

declare_control! {
    /// S3 buckets other than log buckets have server access logging.
    ///
    /// ## Why it matters
    /// Server access logs record every request made to a bucket: who read
    /// or deleted which object, from where, with which result. CloudTrail
    /// records object-level access only when data events are enabled
    /// (CMP005), so access logs are often the only trace of a data leak.
    /// Log buckets themselves are not judged: logging a log bucket into
    /// itself loops, and into another bucket only moves the question. A
    /// bucket counts as a log bucket when another bucket's logging, a
    /// trail, a load balancer, a flow log, a Config delivery channel or a
    /// CloudFront distribution writes to it, when its ACL is
    /// `log-delivery-write`, or when its name says so (a `log`/`logs`/`logging`
    /// word, such as `acme-access-logs`).
    ///
    /// ## Remediation
    /// Send the bucket's access logs to a log bucket:
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_logging" "data" {
    ///   bucket        = aws_s3_bucket.data.id
    ///   target_bucket = aws_s3_bucket.access_logs.id
    ///   target_prefix = "s3/data/"
    /// }
    /// ```
    pub CONTROL {
        id: "CMP014",
        slug: "s3-access-logging",
        category: Category::Cmp,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_s3_bucket"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.4: Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
            "Amazon S3 User Guide: Logging requests with server access logging",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_18").partial(),
            Peer::trivy("AVD-AWS-0089", "aws-s3-enable-bucket-logging").partial(),
        ],
        good: &[
            // The split resource form; the target is a log bucket.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket" "access" {
  bucket = "example-access"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.access.id
  target_prefix = "data/"
}
"#,
            // The inline form (provider v3); the trail's bucket is a log bucket.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"

  logging {
    target_bucket = "org-access-logs"
    target_prefix = "data/"
  }
}

resource "aws_s3_bucket" "trail" {
  bucket = "org-audit"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
"#,
        ],
        bad: &[
            r#"
resource "aws_s3_bucket" "data" { # expect: fail
  bucket = "example-data"
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}
"#,
            r#"
variable "log_target" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"

  logging {
    target_bucket = var.log_target # expect: unknown
  }
}
"#,
        ],
        check,
    }
}

/// Attributes (by resource type) that name the bucket a service writes logs to.
const LOG_WRITERS: &[(&str, &str)] = &[
    ("aws_cloudtrail", "s3_bucket_name"),
    ("aws_config_delivery_channel", "s3_bucket_name"),
    ("aws_flow_log", "log_destination"),
    ("aws_lb", "access_logs.bucket"),
    ("aws_alb", "access_logs.bucket"),
    ("aws_elb", "access_logs.bucket"),
    ("aws_s3_bucket_logging", "target_bucket"),
    ("aws_s3_bucket", "logging.target_bucket"),
    ("aws_cloudfront_distribution", "logging_config.bucket"),
];

/// Whether a name reads as a log bucket's: a word `log`, `logs`, `logging`
/// (or a word ending in `logs`), not `catalog` or `blog`.
fn log_name(name: &str) -> bool {
    name.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "log" || w == "logging" || w.ends_with("logs"))
}

/// Log writers that name a bucket by its literal name (or ARN, or domain
/// name): for each name, the first writer in [`LOG_WRITERS`] order, then
/// input order. Computed once per check, not per bucket.
fn literal_writers<'m>(cx: &RuleContext<'m>) -> BTreeMap<&'m str, &'m Resource> {
    let mut writers: BTreeMap<&'m str, &'m Resource> = BTreeMap::new();
    for (t, a) in LOG_WRITERS {
        for from in cx.resources_of_type(t) {
            let (block, attr) = a.split_once('.').map_or((None, *a), |(b, n)| (Some(b), n));
            let values: Vec<&'m Value> = match block {
                None => from.body().value(attr).into_iter().collect(),
                Some(b) => from
                    .body()
                    .blocks(b)
                    .filter_map(|blk| blk.body.value(attr))
                    .collect(),
            };
            for v in values.into_iter().filter_map(Value::as_str) {
                let names = [
                    Some(v),
                    v.trim_start_matches("arn:aws:s3:::").split('/').next(),
                    Some(v.trim_end_matches(".s3.amazonaws.com")),
                ];
                for name in names.into_iter().flatten() {
                    writers.entry(name).or_insert(from);
                }
            }
        }
    }
    writers
}

/// Whether `bucket` receives logs, and why.
fn log_bucket(
    cx: &RuleContext<'_>,
    writers: &BTreeMap<&str, &Resource>,
    bucket: &Resource,
) -> Option<String> {
    let name = bucket.body().value("bucket").and_then(Value::as_str);
    for link in cx.model.links_to(bucket.id, Some(LinkKind::Reference)) {
        let from = cx.model.resource(link.from);
        if !exists(from) || from.mode != Mode::Managed {
            continue;
        }
        if LOG_WRITERS
            .iter()
            .any(|(t, a)| *t == from.resource_type && *a == link.attribute)
        {
            return Some(format!("`{}` writes logs to it", from.address()));
        }
    }
    // Writers that name the bucket by its literal name (or ARN).
    if let Some(from) = name.and_then(|name| writers.get(name)) {
        return Some(format!("`{}` writes logs to it", from.address()));
    }
    let acl_says = |v: &Value| {
        v.as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("log-delivery-write"))
    };
    if bucket.body().value("acl").is_some_and(acl_says)
        || bucket_configs(cx.model, bucket, "aws_s3_bucket_acl")
            .iter()
            .any(|a| a.body().value("acl").is_some_and(acl_says))
    {
        return Some("its ACL is `log-delivery-write`".to_string());
    }
    if name.is_some_and(log_name) || (name.is_none() && log_name(&bucket.name)) {
        return Some("its name marks it as a log bucket".to_string());
    }
    None
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let writers = literal_writers(cx);
    for bucket in cx.resources() {
        if log_bucket(cx, &writers, bucket).is_some() {
            // Log buckets are not judged.
            continue;
        }
        if let Some(cfg) = bucket_configs(cx.model, bucket, "aws_s3_bucket_logging").first() {
            out.pass(bucket, "access logging is configured")
                .involving(cfg);
            continue;
        }
        let Some(block) = bucket.body().block("logging") else {
            out.missing(bucket, "no access logging (`aws_s3_bucket_logging` or `logging`): requests to the bucket leave no trace");
            continue;
        };
        match super::named(cx.model, bucket, &block.body, "target_bucket") {
            Setting::Holds(_) if !block.dynamic => {
                out.pass(bucket, "access logging is configured");
            }
            Setting::Holds(_) => {
                out.unknown(bucket, &block.span, "`logging` is a dynamic block");
            }
            Setting::Absent => {
                out.fail(
                    bucket,
                    &block.span,
                    "the `logging` block names no `target_bucket`",
                );
            }
            Setting::Violated(attr) => {
                out.fail(bucket, &attr.span, "`target_bucket` is empty");
            }
            Setting::Unknown(attr) => {
                out.unknown(bucket, &attr.span, why_unknown(attr));
            }
        }
    }
}
