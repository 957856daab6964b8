//! VAL001: every AWS resource and data-source type exists in the provider.

use crate::rules::prelude::*;
use crate::validate;

declare_control! {
    /// Every AWS resource and data-source type exists in the AWS provider version the configuration selects.
    ///
    /// ## Why it matters
    /// `terraform validate` stops at the first block whose type the
    /// provider does not have (`The provider hashicorp/aws does not support
    /// resource type …`), so nothing is deployed. Such types come from
    /// misremembered names (`aws_lambda_event_invoke_config` for
    /// `aws_lambda_function_event_invoke_config`), from resources split or
    /// removed in a major version (`aws_s3_bucket_encryption` never existed;
    /// the encryption of a bucket is
    /// `aws_s3_bucket_server_side_encryption_configuration` since provider
    /// 4), or from types newer than the version the
    /// `required_providers` constraint allows. The schema is the AWS
    /// provider's own, for the newest major version the constraint allows.
    ///
    /// ## Remediation
    /// Use the type the provider has (the finding suggests the closest), or
    /// raise the version constraint when the type is newer:
    ///
    /// ```hcl
    /// resource "aws_lambda_function_event_invoke_config" "retries" {
    ///   function_name          = aws_lambda_function.worker.function_name
    ///   maximum_retry_attempts = 0
    /// }
    /// ```
    pub CONTROL {
        id: "VAL001",
        slug: "known-resource-types",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform: terraform validate",
            "Terraform Registry: hashicorp/aws provider resources and data sources",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_lambda_function_event_invoke_config" "retries" {
  function_name          = "worker"
  maximum_retry_attempts = 0
}

data "aws_caller_identity" "current" {}

resource "random_id" "suffix" {
  byte_length = 4
}
"#,
        ],
        bad: &[
            r#"
resource "aws_lambda_event_invoke_config" "retries" { # expect: fail
  function_name          = "worker"
  maximum_retry_attempts = 0
}
"#,
            r#"
resource "aws_s3_bucket_encryption" "logs" { # expect: fail
  bucket = "logs"
}

data "aws_caller_identiy" "current" {} # expect: fail
"#,
            // Newer than the constraint allows.
            r#"
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 4.0"
    }
  }
}

resource "aws_ec2_instance_connect_endpoint" "admin" { # expect: fail
  subnet_id = "subnet-0123456789abcdef0"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for resource in cx.model.written_resources() {
        if !validate::is_aws_type(&resource.resource_type) {
            continue;
        }
        match validate::unknown_type(cx.model, resource) {
            Some(problem) if problem.warn => {
                out.warn(resource, &problem.span, problem.message);
            }
            Some(problem) => {
                out.fail(resource, &problem.span, problem.message);
            }
            None => {
                out.pass(resource, "the provider has this type");
            }
        }
    }
}
