//! OPS011: log buckets move old logs to cheaper storage and expire them.

use crate::rules::prelude::*;
use std::collections::BTreeMap;

declare_control! {
    /// Log buckets have lifecycle rules that transition and expire objects.
    ///
    /// ## Why it matters
    /// Access logs, CloudTrail, load-balancer and flow logs grow every day
    /// and are rarely read after the first weeks. Without a lifecycle
    /// configuration they stay in S3 Standard forever: the bill grows
    /// without bound, and logs are kept longer than the retention policy
    /// (and data-protection law) allows. A lifecycle rule that transitions
    /// old logs to Standard-IA or Glacier and expires them after the
    /// retention period fixes both; a rule that does only one of the two is
    /// partly met. A bucket counts as a log bucket when another resource
    /// delivers logs to it (`aws_s3_bucket_logging` or inline `logging`
    /// target, CloudTrail, load-balancer `access_logs`, `aws_flow_log`,
    /// a Config delivery channel, CloudFront `logging_config`) or when its
    /// name or label says so (`logs`, `logging`, `cloudtrail`, `audit`).
    /// Noncurrent-version transitions and expirations count too.
    ///
    /// ## Remediation
    /// Add a lifecycle configuration with a transition and an expiration:
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_lifecycle_configuration" "logs" {
    ///   bucket = aws_s3_bucket.logs.id
    ///   rule {
    ///     id     = "archive-then-expire"
    ///     status = "Enabled"
    ///     filter {}
    ///     transition {
    ///       days          = 30
    ///       storage_class = "GLACIER"
    ///     }
    ///     expiration {
    ///       days = 365
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "OPS011",
        slug: "s3-lifecycle",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_s3_bucket"]),
        references: &[
            "Amazon S3 User Guide: Managing the lifecycle of objects",
            "AWS Foundational Security Best Practices: S3.13 S3 general purpose buckets should have Lifecycle configurations",
        ],
        peers: &[Peer::checkov("CKV2_AWS_61").partial()],
        good: &[
            r#"
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "archive"
    status = "Enabled"
    filter {}
    transition {
      days          = 30
      storage_class = "GLACIER"
    }
    expiration {
      days = 365
    }
  }
}
"#,
            // The inline rule of provider v3, on a bucket CloudTrail writes to.
            r#"
resource "aws_s3_bucket" "trail" {
  bucket = "example-trail-store"
  lifecycle_rule {
    enabled = true
    transition {
      days          = 90
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = 730
    }
  }
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
"#,
        ],
        bad: &[
            // The access-log target of another bucket, without lifecycle rules.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket" "access" { # expect: fail
  bucket = "example-access"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.access.id
  target_prefix = "data/"
}
"#,
            // Expiry only: partly met.
            r#"
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule { # expect: warn
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 90
    }
  }
}
"#,
            r#"
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "archive"
    status = "Disabled" # expect: fail
    filter {}
    transition {
      days          = 30
      storage_class = "GLACIER"
    }
    expiration {
      days = 365
    }
  }
}
"#,
            r#"
variable "lifecycle_status" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "archive"
    status = var.lifecycle_status # expect: unknown
    filter {}
    transition {
      days          = 30
      storage_class = "GLACIER"
    }
    expiration {
      days = 365
    }
  }
}
"#,
        ],
        check,
    }
}

/// Where other resources deliver logs to a bucket: (types, attribute or
/// `block.attribute`).
const LOG_DELIVERIES: &[(&[&str], &str)] = &[
    (&["aws_s3_bucket_logging"], "target_bucket"),
    (&["aws_s3_bucket"], "logging.target_bucket"),
    (&["aws_cloudtrail"], "s3_bucket_name"),
    (&["aws_lb", "aws_alb", "aws_elb"], "access_logs.bucket"),
    (&["aws_flow_log"], "log_destination"),
    (&["aws_config_delivery_channel"], "s3_bucket_name"),
    (&["aws_cloudfront_distribution"], "logging_config.bucket"),
];

/// Whether a name (label or bucket name) says the bucket holds logs.
fn log_like(name: &str) -> bool {
    name.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| {
            t == "log"
                || t.contains("logs")
                || t.starts_with("logging")
                || t.contains("cloudtrail")
                || t == "trail"
                || t == "audit"
        })
}

/// The resources that deliver logs to each address (the base address of a
/// reference in one of [`LOG_DELIVERIES`]), in [`LOG_DELIVERIES`] order,
/// then input order. Computed once per check, not per bucket.
fn deliveries<'m>(cx: &RuleContext<'m>) -> BTreeMap<String, Vec<&'m Resource>> {
    let mut to: BTreeMap<String, Vec<&'m Resource>> = BTreeMap::new();
    for (types, path) in LOG_DELIVERIES {
        for r in cx.resources_of(types) {
            let (block, attr) = match path.split_once('.') {
                Some((b, a)) => (Some(b), a),
                None => (None, *path),
            };
            let bodies: Vec<&Body> = match block {
                Some(b) => r.body().blocks(b).map(|b| &b.body).collect(),
                None => vec![r.body()],
            };
            for body in bodies {
                for reference in body.attr(attr).map_or(&[][..], |a| a.references.as_slice()) {
                    let senders = to.entry(base_address(reference)).or_default();
                    if !senders.iter().any(|s| s.id == r.id) {
                        senders.push(r);
                    }
                }
            }
        }
    }
    to
}

/// Why a bucket is a log bucket, or `None`.
fn log_bucket_reason(
    deliveries: &BTreeMap<String, Vec<&Resource>>,
    bucket: &Resource,
) -> Option<String> {
    let sender = deliveries
        .get(&bucket.address())
        .and_then(|senders| senders.iter().find(|r| r.id != bucket.id));
    if let Some(r) = sender {
        return Some(format!("`{}` delivers logs to it", r.address()));
    }
    let named = ["bucket", "bucket_prefix"]
        .iter()
        .filter_map(|a| bucket.body().value(a).and_then(Value::as_str))
        .any(log_like);
    (named || log_like(&bucket.name)).then(|| "its name says it holds logs".to_string())
}

/// What the enabled lifecycle rules of a bucket do.
#[derive(Default)]
struct Rules<'m> {
    transition: bool,
    expiry: bool,
    /// An enabled rule (to point a "partly met" warning at).
    enabled: Option<(&'m Resource, &'m Span)>,
    disabled: Option<(&'m Resource, &'m Attribute)>,
    unknown: Option<(&'m Resource, &'m Attribute)>,
}

impl<'m> Rules<'m> {
    fn add(&mut self, holder: &'m Resource, rule: &'m crate::model::Block, status: Setting<'m>) {
        match status {
            Setting::Holds(_) => {}
            Setting::Violated(a) => {
                self.disabled = self.disabled.or(Some((holder, a)));
                return;
            }
            Setting::Unknown(a) => {
                self.unknown = self.unknown.or(Some((holder, a)));
                return;
            }
            Setting::Absent => return,
        }
        let body = &rule.body;
        self.transition |= body.block("transition").is_some()
            || body.block("noncurrent_version_transition").is_some();
        self.expiry |= body.block("expiration").is_some()
            || body.block("noncurrent_version_expiration").is_some();
        self.enabled = self.enabled.or(Some((holder, &rule.span)));
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let deliveries = deliveries(cx);
    for bucket in cx.resources() {
        let Some(reason) = log_bucket_reason(&deliveries, bucket) else {
            continue;
        };
        let mut rules = Rules::default();
        for rule in bucket.body().blocks("lifecycle_rule") {
            rules.add(bucket, rule, setting(&rule.body, "enabled", flag(false)));
        }
        let configs = bucket_configs(cx.model, bucket, "aws_s3_bucket_lifecycle_configuration");
        for config in &configs {
            for rule in config.body().blocks("rule") {
                rules.add(
                    config,
                    rule,
                    setting(&rule.body, "status", one_of(&["Enabled"])),
                );
            }
        }
        match (&rules, rules.enabled) {
            (r, Some(_)) if r.transition && r.expiry => {
                out.pass(
                    bucket,
                    "log bucket: lifecycle rules transition and expire objects",
                );
            }
            (r, Some((holder, span))) if r.unknown.is_none() => {
                let missing = if r.transition { "expire" } else { "transition" };
                out.warn(
                    bucket,
                    span,
                    format!("log bucket ({reason}): lifecycle rules never {missing} objects"),
                )
                .involving(holder);
            }
            (
                Rules {
                    unknown: Some((holder, attr)),
                    ..
                },
                _,
            ) => {
                out.unknown(bucket, &attr.span, why_unknown(attr))
                    .involving(holder);
            }
            (
                Rules {
                    disabled: Some((holder, attr)),
                    ..
                },
                _,
            ) => {
                out.fail(
                    bucket,
                    &attr.span,
                    format!("log bucket ({reason}): its lifecycle rule is disabled"),
                )
                .involving(holder);
            }
            _ => {
                let v = out.missing(
                    bucket,
                    format!("log bucket ({reason}) without lifecycle rules: logs are kept in S3 Standard forever"),
                );
                for c in configs {
                    v.involving(c);
                }
            }
        }
    }
}
