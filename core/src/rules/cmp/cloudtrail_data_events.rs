//! CMP005: trails capture data events.

use crate::model::Block;
use crate::rules::prelude::*;

declare_control! {
    /// CloudTrail trails capture data events (S3 object or Lambda invocations).
    ///
    /// ## Why it matters
    /// By default a trail records management events only: who created or
    /// changed a bucket, not who read or deleted the objects in it. Data
    /// events record object-level S3 operations (`GetObject`, `PutObject`,
    /// `DeleteObject`) and Lambda invocations, which is what an
    /// investigation of a data leak or a ransomware-style deletion needs.
    /// They are selected with `event_selector { data_resource { … } }` or
    /// with advanced event selectors on `eventCategory = Data`.
    ///
    /// ## Remediation
    /// Add an event selector for S3 objects (all buckets, or the sensitive
    /// ones):
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   # ...
    ///   event_selector {
    ///     read_write_type           = "All"
    ///     include_management_events = true
    ///     data_resource {
    ///       type   = "AWS::S3::Object"
    ///       values = ["arn:aws:s3"]
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "CMP005",
        slug: "cloudtrail-data-events",
        category: Category::Cmp,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_cloudtrail"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.8: Ensure that object-level logging for write events is enabled for S3 buckets",
            "AWS CloudTrail User Guide: Logging data events",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
"#,
            // Advanced event selectors on the data category.
            r#"
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"

  advanced_event_selector {
    name = "Lambda invocations"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::Function"]
    }
  }
}
"#,
        ],
        bad: &[
            // No selector: management events only.
            r#"
resource "aws_cloudtrail" "main" { # expect: fail
  name           = "main"
  s3_bucket_name = "org-trail-logs"
}
"#,
            r#"
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"

  event_selector { # expect: fail
    read_write_type           = "WriteOnly"
    include_management_events = true
  }
}
"#,
            r#"
variable "data_type" {
  type = string
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "org-trail-logs"

  event_selector {
    data_resource {
      type   = var.data_type # expect: unknown
      values = ["arn:aws:s3"]
    }
  }
}
"#,
        ],
        check,
    }
}

/// Data resource types a basic event selector can name.
const DATA_TYPES: &[&str] = &[
    "AWS::S3::Object",
    "AWS::Lambda::Function",
    "AWS::DynamoDB::Table",
];

/// Whether one selector captures data events; `Err` with the attribute
/// (or block) that could not be read.
fn selects_data(selector: &Block, advanced: bool) -> Result<bool, &Span> {
    let mut unknown: Option<&Span> = None;
    if advanced {
        for field in selector.body.blocks("field_selector") {
            let name = field.body.value("field").and_then(Value::as_str);
            match name {
                Some(n) if n.eq_ignore_ascii_case("eventCategory") => {}
                Some(_) => continue,
                None => {
                    unknown = unknown.or(Some(&field.span));
                    continue;
                }
            }
            if let Some(attr) = field.body.attr("equals") {
                match strings(&attr.value) {
                    Some(list) if list.iter().any(|v| v.eq_ignore_ascii_case("Data")) => {
                        return Ok(true);
                    }
                    Some(_) => {}
                    None => unknown = unknown.or(Some(&attr.span)),
                }
            }
        }
    } else {
        for data in selector.body.blocks("data_resource") {
            match data.body.attr("type") {
                Some(attr) => match attr.value.as_str() {
                    Some(t) if DATA_TYPES.iter().any(|d| d.eq_ignore_ascii_case(t)) => {
                        return Ok(true)
                    }
                    Some(_) => {}
                    None => unknown = unknown.or(Some(&attr.span)),
                },
                None => unknown = unknown.or(Some(&data.span)),
            }
        }
    }
    if selector.dynamic {
        unknown = unknown.or(Some(&selector.span));
    }
    unknown.map_or(Ok(false), Err)
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for trail in cx.resources() {
        let body = trail.body();
        let selectors: Vec<(&Block, bool)> = body
            .blocks("event_selector")
            .map(|b| (b, false))
            .chain(body.blocks("advanced_event_selector").map(|b| (b, true)))
            .collect();
        let Some(&(first, _)) = selectors.first() else {
            out.missing(
                trail,
                "no event selector: only management events are recorded, not object reads, writes or deletes",
            );
            continue;
        };
        let mut unknown = None;
        let mut found = false;
        for (selector, advanced) in &selectors {
            match selects_data(selector, *advanced) {
                Ok(true) => {
                    found = true;
                    break;
                }
                Ok(false) => {}
                Err(span) => unknown = unknown.or(Some(span)),
            }
        }
        if found {
            out.pass(trail, "data events are recorded");
        } else if let Some(span) = unknown {
            out.unknown(
                trail,
                span,
                "the event selectors depend on values known only at apply time",
            );
        } else {
            out.fail(
                trail,
                &first.span,
                "the event selectors select no data events (S3 objects, Lambda functions)",
            );
        }
    }
}
