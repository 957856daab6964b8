//! OPS014: resource names follow one naming convention.

use crate::rules::prelude::*;
use std::collections::BTreeMap;

declare_control! {
    /// Resource names share the required prefix, or else one consistent prefix.
    ///
    /// ## Why it matters
    /// A shared prefix (project, environment, or the one a task prescribes)
    /// tells at a glance in the console, in CloudTrail and on the bill which
    /// stack owns a resource, keeps IAM policies scoped with
    /// `arn:aws:…:myapp-*` patterns working, and avoids collisions when two
    /// environments share an account. Names are the values of the `name`,
    /// `name_prefix`, `identifier`, `identifier_prefix`, `bucket` and
    /// `bucket_prefix` (of `aws_s3_bucket`) arguments and the `Name` tag of
    /// managed resources; left out are a database instance's `name` (the
    /// database inside it), DNS names of Route 53 zones and records, and
    /// `Name` tags written as prose (with spaces), which are labels. A path
    /// name (`alias/app-key`, `/aws/lambda/app-fn`) follows the convention
    /// when any of its segments does. With the requirement `name_prefix`
    /// every name must start with it (ignoring case, since bucket names
    /// must be lower-case); a name that cannot be known then warns. Without
    /// it the convention is the first word (up to `-`, `_`, `.` or a space)
    /// most plain names share, and names that start otherwise fail; names
    /// only known after apply are not judged then.
    ///
    /// ## Remediation
    /// Build every name from one prefix:
    ///
    /// ```hcl
    /// locals {
    ///   name_prefix = "payments-prod"
    /// }
    ///
    /// resource "aws_sqs_queue" "jobs" {
    ///   name = "${local.name_prefix}-jobs"
    /// }
    /// ```
    pub CONTROL {
        id: "OPS014",
        slug: "naming-convention",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Everything,
        references: &[
            "AWS Prescriptive Guidance: Tagging and naming conventions for AWS resources",
            "Terraform best practices: Naming conventions",
        ],
        peers: &[],
        good: &[
            r#"
locals {
  prefix = "payments"
}

resource "aws_sqs_queue" "jobs" {
  name = "${local.prefix}-jobs"
}

resource "aws_s3_bucket" "data" {
  bucket = "payments-data"
  tags = {
    Name = "payments-data"
  }
}

resource "aws_kms_alias" "data" {
  name          = "alias/payments-data"
  target_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_sqs_queue" "jobs" {
  name = "payments-jobs"
}

resource "aws_sns_topic" "alerts" {
  name = "payments-alerts"
}

resource "aws_s3_bucket" "data" {
  bucket = "my-test-bucket" # expect: fail
}
"#,
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = {
    Name = "shop-vpc"
  }
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
  tags = {
    Name = "shop-subnet-a"
  }
}

resource "aws_security_group" "web" {
  name   = "web_sg" # expect: fail
  vpc_id = aws_vpc.main.id
}
"#,
        ],
        check,
    }
}

/// Arguments that hold a resource's name.
const NAME_ARGUMENTS: &[&str] = &[
    "name",
    "name_prefix",
    "identifier",
    "identifier_prefix",
    "bucket",
    "bucket_prefix",
];

/// Resource types whose `name` is a DNS name, not a resource name.
const DNS_NAMED: &[&str] = &["aws_route53_zone", "aws_route53_record"];

/// The path segments of a name (`alias/app-key` → `alias`, `app-key`;
/// a plain name is one segment), without empty ones.
fn segments(name: &str) -> impl Iterator<Item = &str> {
    name.trim().split('/').filter(|s| !s.is_empty())
}

/// The first word of a name segment, lower-cased.
fn first_word(segment: &str) -> String {
    segment
        .split(['-', '_', '.', ' ', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether a name follows the convention: for a path (`/aws/lambda/app-fn`,
/// `alias/app-key`, `/app/db/password`) any segment may carry the prefix.
fn follows(name: &str, prefix: &str, required: bool) -> bool {
    segments(name).any(|segment| {
        if required {
            segment.to_ascii_lowercase().starts_with(prefix)
        } else {
            first_word(segment) == prefix
        }
    })
}

/// One name of a resource: the attribute it is in and its value.
struct Name<'m> {
    attr: &'m Attribute,
    /// `None` when not known statically.
    value: Option<Vec<&'m str>>,
}

/// The names of a resource (`tags.Name` is reported at the `tags` value).
fn names(resource: &Resource) -> Vec<Name<'_>> {
    let body = resource.body();
    let mut out = Vec::new();
    if DNS_NAMED.contains(&resource.resource_type.as_str()) {
        return out;
    }
    for arg in NAME_ARGUMENTS {
        // A database instance's `name` names the database inside it; other
        // resources' `bucket` names the bucket they configure.
        let foreign = (*arg == "name" && resource.resource_type == "aws_db_instance")
            || (arg.starts_with("bucket") && resource.resource_type != "aws_s3_bucket");
        if foreign {
            continue;
        }
        if let Some(attr) = body.attr(arg) {
            if attr.value.is_null() {
                continue;
            }
            out.push(Name {
                attr,
                value: string_alternatives(&attr.value),
            });
        }
    }
    // A tags map only known after apply may or may not hold a Name: skipped.
    if let Some(attr) = body.attr("tags") {
        // A Name written as prose ("S3 Encryption Key") is a label, not a name.
        let name = attr.value.as_object().and_then(|m| m.get("Name"));
        if let Some(v) = name.filter(|v| v.as_str().is_none_or(|s| !s.trim().contains(' '))) {
            out.push(Name {
                attr,
                value: string_alternatives(v),
            });
        }
    }
    out
}

/// A string, or every branch of a conditional when all are strings.
fn string_alternatives(v: &Value) -> Option<Vec<&str>> {
    match v {
        Value::String(s) => Some(vec![s.as_str()]),
        Value::OneOf(items) => items.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let judged: Vec<(&Resource, Vec<Name<'_>>)> = cx
        .model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed && exists(r))
        .map(|r| (r, names(r)))
        .filter(|(_, n)| !n.is_empty())
        .collect();
    if judged.is_empty() {
        return;
    }
    let (prefix, source) = match cx.name_prefix() {
        Some(p) => (p.to_ascii_lowercase(), "the required prefix"),
        None => {
            // The first word most known names share (ties: the earliest).
            let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
            let mut order = 0;
            for (_, names) in &judged {
                for name in names {
                    // Paths (`alias/…`, `/aws/lambda/…`) do not say which
                    // segment is the name: only plain names vote.
                    for v in name.value.iter().flatten().filter(|v| !v.contains('/')) {
                        let e = counts.entry(first_word(v)).or_insert((0, order));
                        e.0 += 1;
                        order += 1;
                    }
                }
            }
            let Some((word, _)) = counts
                .into_iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            else {
                return;
            };
            (word, "the prefix most names use")
        }
    };
    let required = cx.name_prefix().is_some();
    let follows = |v: &str| follows(v, &prefix, required);
    for (resource, names) in &judged {
        let mut bad = None;
        let mut unknown = None;
        for name in names {
            match &name.value {
                Some(values) if values.iter().all(|v| follows(v)) => {}
                Some(values) if values.iter().all(|v| !follows(v)) => {
                    bad = bad.or(Some((name.attr, values[0])));
                }
                _ => unknown = unknown.or(Some(name.attr)),
            }
        }
        if let Some((attr, value)) = bad {
            out.fail(
                resource,
                &attr.span,
                format!("name `{value}` does not start with `{prefix}`, {source}"),
            );
        } else if let (Some(attr), true) = (unknown, required) {
            out.unknown(resource, &attr.span, why_unknown(attr));
        } else if names.iter().any(|n| n.value.is_some()) {
            out.pass(resource, format!("names start with `{prefix}`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::profile::Requirements;
    use crate::rules::examples::example_input;
    use crate::rules::{evaluate_control, RuleOptions, Status};

    fn status(src: &str, requirement: Option<&str>) -> Status {
        let mut requirements = Requirements::new();
        if let Some(r) = requirement {
            requirements.set_pair(r).expect("valid requirement");
        }
        let options = RuleOptions {
            requirements,
            ..RuleOptions::default()
        };
        let model = Model::from_input(&example_input(src));
        evaluate_control(&super::CONTROL, &model, &options).status
    }

    #[test]
    fn name_prefix_requirement_decides_which_prefix_names_need() {
        let src = "resource \"aws_sqs_queue\" \"a\" {\n  name = \"shop-a\"\n}\n\nresource \"aws_sqs_queue\" \"b\" {\n  name = \"shop-b\"\n}\n";
        assert_eq!(status(src, None), Status::Pass);
        assert_eq!(status(src, Some("name_prefix=SecCFN")), Status::Fail);
        let prefixed = src.replace("shop-", "seccfn-");
        assert_eq!(status(&prefixed, Some("name_prefix=SecCFN")), Status::Pass);
    }

    #[test]
    fn unknown_names_are_undetermined_only_against_a_required_prefix() {
        let src = "variable \"env\" {\n  type = string\n}\n\nresource \"aws_sqs_queue\" \"a\" {\n  name = \"${var.env}-a\"\n}\n";
        assert_eq!(status(src, Some("name_prefix=SecCFN")), Status::Unknown);
        assert_eq!(status(src, None), Status::NotApplicable);
    }
}
