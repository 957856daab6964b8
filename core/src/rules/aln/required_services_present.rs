//! ALN001: every service the task names is in the configuration.

use crate::prompt::lexicon;
use crate::rules::prelude::*;

declare_control! {
    /// Every service the task asks for has at least one resource.
    ///
    /// ## Why it matters
    /// An answer that leaves out a service the task names (CloudTrail, AWS
    /// Config, Secrets Manager, WAF…) has not understood or not finished
    /// the task, however well the rest is written: reviewers grade such an
    /// answer as a requirements gap first. The services come from the
    /// `services` requirement, which the prompt lexicon fills from the task
    /// text (`data/prompt-lexicon.json`) or which is set by hand
    /// (`--require services=cloudtrail,config`). A service counts as
    /// present when the configuration declares at least one resource of
    /// one of its types (`aws_cloudtrail` for CloudTrail); whether it is
    /// configured well is for the other controls to judge.
    ///
    /// ## Remediation
    /// Add the missing service, e.g. for CloudTrail:
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name                          = "main"
    ///   s3_bucket_name                = aws_s3_bucket.trail.id
    ///   is_multi_region_trail         = true
    ///   enable_log_file_validation    = true
    /// }
    /// ```
    pub CONTROL {
        id: "ALN001",
        slug: "required-services-present",
        category: Category::Aln,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &["tfgrade RUBRIC.md section 5: Task alignment (prompt lexicon)"],
        peers: &[],
        good: &[
            r#"
# require: services=cloudtrail,kms
resource "aws_kms_key" "trail" {
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "trail-logs"
  kms_key_id     = aws_kms_key.trail.arn
}
"#,
            // A service the lexicon does not know is found by its resource-type prefix.
            r#"
# require: services=lambda,dynamodb
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
}

resource "aws_dynamodb_table" "items" {
  name     = "items"
  hash_key = "id"
}
"#,
        ],
        bad: &[
            // CloudTrail and AWS Config were asked for; only KMS is there.
            r#"
# require: services=kms,cloudtrail,config
# expect-stack: fail
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}
"#,
            // A resource with `count = 0` declares nothing.
            r#"
# require: services=guardduty
# expect-stack: fail
resource "aws_guardduty_detector" "main" {
  count  = 0
  enable = true
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for id in cx.requirements.services() {
        let (name, types): (String, Vec<String>) = match lexicon().service(&id) {
            Some(s) => (s.name.clone(), s.resource_types.clone()),
            None => (id.clone(), Vec::new()),
        };
        let prefix = format!("aws_{id}");
        let found = cx.model.resources.iter().find(|r| {
            r.mode == Mode::Managed
                && exists(r)
                && if types.is_empty() {
                    r.resource_type == prefix || r.resource_type.starts_with(&format!("{prefix}_"))
                } else {
                    types.contains(&r.resource_type)
                }
        });
        match found {
            Some(resource) => {
                out.pass(
                    resource,
                    format!("{name} is present (`{}`)", resource.address()),
                );
            }
            None => {
                let expected = if types.is_empty() {
                    format!("`{prefix}_*`")
                } else {
                    types
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                };
                out.stack(
                    Outcome::Fail,
                    format!("the task asks for {name}, but the configuration has no {expected}"),
                );
            }
        }
    }
}
