//! VAL027: WAF logs go to a destination whose name starts with
//! `aws-waf-logs-`.

use crate::rules::prelude::*;
use crate::validate::aws_values::{aws_values, Placeholders};

declare_control! {
    /// WAFv2 logging destinations are named with the `aws-waf-logs-` prefix.
    ///
    /// ## Why it matters
    /// AWS WAF only delivers logs to a CloudWatch Logs log group, S3 bucket
    /// or Kinesis Data Firehose stream whose name starts with
    /// `aws-waf-logs-`. `PutLoggingConfiguration` rejects any other
    /// destination at apply time (`WAFInvalidParameterException`), so the web
    /// ACL's requests go unlogged and the deployment fails.
    ///
    /// ## Remediation
    /// Name the destination with the prefix:
    ///
    /// ```hcl
    /// resource "aws_cloudwatch_log_group" "waf" {
    ///   name              = "aws-waf-logs-app"
    ///   retention_in_days = 365
    /// }
    ///
    /// resource "aws_wafv2_web_acl_logging_configuration" "app" {
    ///   resource_arn            = aws_wafv2_web_acl.app.arn
    ///   log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
    /// }
    /// ```
    pub CONTROL {
        id: "VAL027",
        slug: "waf-log-destination",
        category: Category::Val,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_wafv2_web_acl_logging_configuration"]),
        references: &[
            "AWS WAF Developer Guide: Logging destinations (names start with aws-waf-logs-)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_cloudwatch_log_group" "waf" {
  name = "aws-waf-logs-app"
}

resource "aws_wafv2_web_acl_logging_configuration" "app" {
  resource_arn            = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/1"
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cloudwatch_log_group" "waf" {
  name = "/aws/waf/app"
}

resource "aws_wafv2_web_acl_logging_configuration" "app" {
  resource_arn            = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/1"
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn] # expect: fail
}

resource "aws_wafv2_web_acl_logging_configuration" "api" {
  resource_arn            = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1"
  log_destination_configs = ["arn:aws:s3:::api-waf-logs"] # expect: fail
}
"#,
        ],
        check,
    }
}

/// The destination name of a literal ARN (log group, bucket, stream).
fn name_in_arn(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let (service, resource) = (parts.get(1)?, parts.get(4)?);
    match *service {
        "logs" => resource
            .strip_prefix("log-group:")
            .map(|n| n.split(':').next().unwrap_or(n)),
        "s3" => Some(resource.split('/').next().unwrap_or(resource)),
        "firehose" => resource.strip_prefix("deliverystream/"),
        _ => None,
    }
}

/// The known name of a destination resource, with the argument holding it.
fn destination_name(resource: &Resource) -> Option<(&str, &Attribute)> {
    let argument = match resource.resource_type.as_str() {
        "aws_cloudwatch_log_group" | "aws_kinesis_firehose_delivery_stream" => "name",
        "aws_s3_bucket" => "bucket",
        _ => return None,
    };
    let attr = resource
        .body()
        .attr(argument)
        .or_else(|| resource.body().attr(&format!("{argument}_prefix")))?;
    Some((attr.value.as_str()?, attr))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let prefix = aws_values().wafv2.log_destination_prefix.as_str();
    let placeholders = Placeholders::of(cx.model);
    for config in cx.resources() {
        let Some(attr) = config.body().attr("log_destination_configs") else {
            continue;
        };
        if placeholders.involved(config.module, attr) {
            continue;
        }
        let mut judged = false;
        let mut wrong = false;
        for item in attr.value.as_list().unwrap_or_default() {
            if let Some(name) = item.as_str().and_then(name_in_arn) {
                judged = true;
                if !name.starts_with(prefix) {
                    wrong = true;
                    out.fail(
                        config,
                        &attr.span,
                        format!("WAF cannot log to `{name}`: destination names must start with `{prefix}`"),
                    );
                }
            }
        }
        for target in references_of(cx.model, config.module, attr) {
            let Some((name, name_attr)) = destination_name(target) else {
                continue;
            };
            if placeholders.involved(target.module, name_attr) {
                continue;
            }
            judged = true;
            if !name.starts_with(prefix) {
                wrong = true;
                out.fail(
                    config,
                    &attr.span,
                    format!(
                        "WAF cannot log to `{}` named `{name}`: destination names must start with `{prefix}`",
                        target.address()
                    ),
                )
                .involving(target)
                .secondary(&name_attr.span);
            }
        }
        if judged && !wrong {
            out.pass(config, format!("the log destination is named `{prefix}…`"));
        }
    }
}
