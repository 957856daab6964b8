//! OPS016: ARNs are built from the caller's account and region, not literals.

use crate::rules::prelude::*;

declare_control! {
    /// ARNs do not hard-code 12-digit account IDs or region names.
    ///
    /// ## Why it matters
    /// An ARN written as `arn:aws:kms:us-east-1:123456789012:key/…` ties the
    /// configuration to one account and one region: deploying it to a
    /// staging account or a second region silently points at the wrong (or a
    /// missing) resource, policies grant access to an account nobody
    /// reviewed, and the account ID is disclosed wherever the code is
    /// shared. `data.aws_caller_identity`, `data.aws_region` and
    /// `data.aws_partition` (or references to the resources themselves)
    /// keep the code portable. Every string of every resource, data source
    /// (policy documents included) and output is searched for ARNs whose
    /// account field is 12 digits or whose region field is a region name.
    /// Values that come from input variables are the configuration's
    /// parameters and are not judged; AWS-managed ARNs
    /// (`arn:aws:iam::aws:policy/…`) and global ARNs without account or
    /// region pass.
    ///
    /// ## Remediation
    /// Build ARNs from data sources or resource attributes:
    ///
    /// ```hcl
    /// data "aws_caller_identity" "current" {}
    /// data "aws_region" "current" {}
    ///
    /// locals {
    ///   log_group_arn = "arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:app"
    /// }
    /// ```
    pub CONTROL {
        id: "OPS016",
        slug: "no-hardcoded-account-ids",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Everything,
        references: &[
            "AWS General Reference: Amazon Resource Names (ARNs)",
            "AWS provider documentation: aws_caller_identity, aws_region and aws_partition data sources",
        ],
        peers: &[],
        good: &[
            // Interpolated from data sources: only known after apply.
            r#"
data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

resource "aws_iam_role_policy_attachment" "ro" {
  role       = "app"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy" "logs" {
  name = "logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:PutLogEvents"]
      Resource = "arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:app:*"
    }]
  })
}
"#,
        ],
        bad: &[
            r#"
resource "aws_iam_policy" "logs" {
  name = "logs"
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:PutLogEvents"]
      Resource = "arn:aws:logs:us-east-1:123456789012:log-group:app:*"
    }]
  })
}
"#,
            // In a policy document's principal; also in an output.
            r#"
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"] # expect: fail
    }
  }
}

output "topic_arn" {
  description = "Alerts topic."
  value       = "arn:aws:sns:eu-west-1:111122223333:alerts" # expect: fail
}
"#,
        ],
        check,
    }
}

/// Whether a string is an AWS region name (`us-east-1`, `us-gov-west-1`).
fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The hard-coded parts of the ARNs in a string: (ARN, account, region).
fn hardcoded_arns(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "\"'`,[]{}()<>\\".contains(c)) {
        let Some(at) = token.find("arn:") else {
            continue;
        };
        let arn = &token[at..];
        let fields: Vec<&str> = arn.splitn(6, ':').collect();
        if fields.len() < 6 || !fields[1].starts_with("aws") {
            continue;
        }
        let region = is_region(fields[3]).then(|| fields[3].to_string());
        let account = (fields[4].len() == 12 && fields[4].bytes().all(|b| b.is_ascii_digit()))
            .then(|| fields[4].to_string());
        if region.is_some() || account.is_some() {
            out.push((arn.to_string(), account, region));
        }
    }
    out
}

fn strings_in<'v>(value: &'v Value, found: &mut Vec<&'v str>) {
    match value {
        Value::String(s) => found.push(s),
        Value::List(items) | Value::OneOf(items) => {
            for v in items {
                strings_in(v, found);
            }
        }
        Value::Object(map) => {
            for v in map.values() {
                strings_in(v, found);
            }
        }
        _ => {}
    }
}

/// The first attribute of a body (nested blocks included) that hard-codes
/// an account or region in an ARN, with a description.
fn first_hardcoded(body: &Body) -> Option<(&Attribute, String)> {
    for attr in &body.attributes {
        // Inputs are the configuration's parameters.
        if attr.references.iter().any(|r| r.starts_with("var.")) {
            continue;
        }
        let mut found = Vec::new();
        strings_in(&attr.value, &mut found);
        for s in found {
            if let Some((arn, account, region)) = hardcoded_arns(s).into_iter().next() {
                let what = match (account, region) {
                    (Some(a), Some(r)) => format!("account ID `{a}` and region `{r}`"),
                    (Some(a), None) => format!("account ID `{a}`"),
                    (None, Some(r)) => format!("region `{r}`"),
                    (None, None) => continue,
                };
                let shown: String = arn.chars().take(80).collect();
                return Some((
                    attr,
                    format!("`{}` hard-codes {what} (`{shown}`)", attr.name),
                ));
            }
        }
    }
    body.blocks.iter().find_map(|b| first_hardcoded(&b.body))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.model.resources.iter().filter(|r| exists(r)) {
        match first_hardcoded(r.body()) {
            Some((attr, message)) => {
                out.fail(r, &attr.span, message);
            }
            None => {
                out.pass(r, "no ARN hard-codes an account ID or region");
            }
        }
    }
    for output in cx.model.modules.iter().flat_map(|m| m.outputs.iter()) {
        if let Some((attr, message)) = first_hardcoded(&output.body) {
            out.named(
                Outcome::Fail,
                format!("output.{}", output.name),
                &output.span,
                &attr.span,
                message,
            );
        }
    }
}
