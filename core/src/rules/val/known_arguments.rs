//! VAL002: every argument and block exists in the type's schema.

use super::judge_bodies;
use crate::rules::prelude::*;
use crate::validate::ProblemKind;

declare_control! {
    /// Every argument and nested block is one the resource type has, and none sets a value the provider computes.
    ///
    /// ## Why it matters
    /// `terraform validate` rejects an argument the type does not have
    /// (`An argument named "interval" is not expected here`) and an
    /// attribute only the provider sets (`arn`, `id` of many types), so
    /// the configuration never deploys. Arguments also disappear in major
    /// versions: `name` on `aws_db_instance` was removed in AWS provider 5
    /// (`db_name` replaces it). The schema is the AWS provider's own, for
    /// the newest major version the `required_providers` constraint
    /// allows; `dynamic` blocks are judged by their `content`. A name only
    /// an older major the constraint also allows has is a warning (it
    /// works while such a provider is locked); when the constraint needs a
    /// provider newer than the schema carried, unknown names are not
    /// judged.
    ///
    /// ## Remediation
    /// Use the argument the type has (the finding suggests the closest):
    ///
    /// ```hcl
    /// resource "aws_route53_health_check" "api" {
    ///   fqdn              = "api.example.com"
    ///   type              = "HTTPS"
    ///   request_interval  = 30
    ///   failure_threshold = 3
    /// }
    /// ```
    pub CONTROL {
        id: "VAL002",
        slug: "known-arguments",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform: terraform validate",
            "Terraform AWS provider: Version 5 upgrade guide (aws_db_instance name)",
        ],
        peers: &[],
        good: &[
            // The constraint needs a provider newer than the schema carried:
            // names it lacks may be newer features, and are not judged.
            r#"
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.99"
    }
  }
}

resource "aws_s3_bucket" "data" {
  bucket           = "data"
  bucket_namespace = "account-regional"
}
"#,
            r#"
resource "aws_route53_health_check" "api" {
  fqdn              = "api.example.com"
  type              = "HTTPS"
  request_interval  = 30
  failure_threshold = 3
  count             = 1

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "web" {
  name = "web"

  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
"#,
        ],
        bad: &[
            // Removed in provider 6, which the constraint allows: it works
            // only while an older provider is locked.
            r#"
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

resource "aws_flow_log" "vpc" {
  vpc_id               = "vpc-0123456789abcdef0"
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_group_name       = "flow-logs" # expect: warn
  iam_role_arn         = "arn:aws:iam::123456789012:role/flow-logs"
}
"#,
            r#"
resource "aws_route53_health_check" "api" {
  fqdn              = "api.example.com"
  type              = "HTTPS"
  interval          = 30 # expect: fail
  failure_threshold = 3
}
"#,
            r#"
resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  name                = "app" # expect: fail
  skip_final_snapshot = true
}
"#,
            r#"
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  arn    = "arn:aws:s3:::logs" # expect: fail

  versioning_settings { # expect: fail
    enabled = true
  }
}

resource "aws_security_group" "web" {
  name = "web"

  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_block  = "10.0.0.0/8" # expect: fail
    }
  }
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
        ProblemKind::Unknown,
        "every argument and block is known to the provider",
    );
}
