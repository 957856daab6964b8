//! VAL025: S3 bucket names follow the naming rules.

use crate::rules::prelude::*;
use crate::validate::aws_values::{
    attribute_problem, s3_bucket_name_problem, s3_bucket_prefix_problem, Placeholders, Text,
};

declare_control! {
    /// S3 bucket names and prefixes follow S3's naming rules.
    ///
    /// ## Why it matters
    /// S3 rejects a bucket whose name breaks its naming rules, and only at
    /// apply time: `plan` succeeds, then `CreateBucket` fails with
    /// `InvalidBucketName` halfway through the deployment. Names are 3 to 63
    /// characters of lower-case letters, digits, dots and hyphens, begin
    /// and end with a letter or digit, are not formatted like an IP
    /// address, and avoid the reserved prefixes (`xn--`, `sthree-`,
    /// `amzn-s3-demo-`) and suffixes (`-s3alias`, `--ol-s3`, `.mrap`,
    /// `--x-s3`, `--table-s3`). A `bucket_prefix` may have at most 37
    /// characters, since the provider appends 26. Upper-case letters, often
    /// from an interpolated project name, are the usual culprit; they are
    /// judged even when other parts of the name are not known.
    ///
    /// ## Remediation
    /// Use lower case, and `lower()` for interpolated parts:
    ///
    /// ```hcl
    /// resource "aws_s3_bucket" "logs" {
    ///   bucket = "${lower(var.project)}-logs"
    /// }
    /// ```
    pub CONTROL {
        id: "VAL025",
        slug: "s3-bucket-names",
        category: Category::Val,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_s3_bucket"]),
        references: &[
            "Amazon S3 User Guide: General purpose bucket naming rules",
            "AWS provider documentation: aws_s3_bucket (bucket_prefix)",
        ],
        peers: &[],
        good: &[
            r#"
variable "project" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "${lower(var.project)}-logs.example"
}

resource "aws_s3_bucket" "data" {
  bucket_prefix = "data-"
}
"#,
        ],
        bad: &[
            r#"
variable "env" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "MyApp-Logs" # expect: fail
}

resource "aws_s3_bucket" "data" {
  bucket = "${var.env}_data" # expect: fail
}

resource "aws_s3_bucket" "alias" {
  bucket = "reports-s3alias" # expect: fail
}

resource "aws_s3_bucket" "prefixed" {
  bucket_prefix = "a-very-long-bucket-prefix-for-reports-" # expect: fail
}
"#,
        ],
        check,
    }
}

/// What is wrong with a name, if anything.
type NameRule = fn(Text<'_>) -> Option<String>;

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let placeholders = Placeholders::of(cx.model);
    for bucket in cx.resources() {
        let body = bucket.body();
        let judged: [(&str, NameRule); 2] = [
            ("bucket", s3_bucket_name_problem),
            ("bucket_prefix", s3_bucket_prefix_problem),
        ];
        for (name, problem) in judged {
            let Some(attr) = body.attr(name) else {
                continue;
            };
            if placeholders.involved(bucket.module, attr) {
                continue;
            }
            if let Some(why) = attribute_problem(cx.model, bucket.module, attr, &|t| problem(t)) {
                out.fail(bucket, &attr.span, format!("`{name}` {why}"));
            } else if Text::of(&attr.value).is_some_and(|t| matches!(t, Text::Known(_))) {
                out.pass(bucket, format!("`{name}` follows the naming rules"));
            }
        }
    }
}
