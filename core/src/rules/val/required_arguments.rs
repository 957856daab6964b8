//! VAL003: required arguments and blocks are present.

use super::judge_bodies;
use crate::rules::prelude::*;
use crate::validate::ProblemKind;

declare_control! {
    /// Every required argument and nested block of a resource type is set.
    ///
    /// ## Why it matters
    /// `terraform validate` rejects a block that lacks a required argument
    /// (`The argument "projection_type" is required, but no definition was
    /// found`) or a required nested block (`default_action` of a WAF web
    /// ACL), so the configuration never deploys. Required settings are
    /// those of the AWS provider's schema, for the newest major version the
    /// `required_providers` constraint allows, in the resource and in each
    /// nested block.
    ///
    /// ## Remediation
    /// Add the missing argument or block:
    ///
    /// ```hcl
    /// resource "aws_dynamodb_table" "orders" {
    ///   name         = "orders"
    ///   billing_mode = "PAY_PER_REQUEST"
    ///   hash_key     = "id"
    ///
    ///   attribute {
    ///     name = "id"
    ///     type = "S"
    ///   }
    ///
    ///   global_secondary_index {
    ///     name            = "by-customer"
    ///     hash_key        = "id"
    ///     projection_type = "ALL"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "VAL003",
        slug: "required-arguments",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &["Terraform: terraform validate"],
        peers: &[],
        good: &[
            r#"
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  global_secondary_index {
    name            = "by-customer"
    hash_key        = "id"
    projection_type = "ALL"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  global_secondary_index { # expect: fail
    name     = "by-customer"
    hash_key = "id"
  }
}
"#,
            r#"
resource "aws_wafv2_web_acl" "main" { # expect: fail
  name  = "main"
  scope = "REGIONAL"

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "main"
    sampled_requests_enabled   = true
  }
}

resource "aws_db_instance" "main" { # expect: fail
  engine            = "postgres"
  allocated_storage = 20
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    judge_bodies(
        cx,
        out,
        ProblemKind::Missing,
        "every required argument and block is set",
    );
}
