//! SEC013: web ACLs use AWS managed rule groups.

use crate::rules::prelude::*;

declare_control! {
    /// Web ACLs include the AWS managed rule groups for common threats, known bad inputs and SQL injection.
    ///
    /// ## Why it matters
    /// A web ACL without rules only applies its default action. AWS
    /// maintains managed rule groups that track current attacks:
    /// `AWSManagedRulesCommonRuleSet` (the OWASP Top 10 classics such as
    /// cross-site scripting and path traversal),
    /// `AWSManagedRulesKnownBadInputsRuleSet` (exploit payloads such as
    /// Log4Shell) and `AWSManagedRulesSQLiRuleSet` (SQL injection). Writing
    /// and maintaining equivalent custom rules is impractical, so a web ACL
    /// without them gives little protection; having only some of them is a
    /// warning.
    ///
    /// ## Remediation
    /// Add the three managed rule groups (with `override_action { none {} }`):
    ///
    /// ```hcl
    /// rule {
    ///   name     = "common"
    ///   priority = 10
    ///   override_action {
    ///     none {}
    ///   }
    ///   statement {
    ///     managed_rule_group_statement {
    ///       vendor_name = "AWS"
    ///       name        = "AWSManagedRulesCommonRuleSet"
    ///     }
    ///   }
    ///   visibility_config {
    ///     cloudwatch_metrics_enabled = true
    ///     metric_name                = "common"
    ///     sampled_requests_enabled   = true
    ///   }
    /// }
    /// # … and AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesSQLiRuleSet
    /// ```
    pub CONTROL {
        id: "SEC013",
        slug: "waf-managed-rules",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_wafv2_web_acl"]),
        references: &[
            "AWS WAF Developer Guide: AWS Managed Rules rule groups list (baseline and use-case specific rule groups)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_wafv2_web_acl" "web" {
  name  = "web"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "common"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "bad-inputs"
    priority = 2
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "bad-inputs"
      sampled_requests_enabled   = true
    }
  }
  rule {
    name     = "sqli"
    priority = 3
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesSQLiRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "sqli"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "web"
    sampled_requests_enabled   = true
  }
}
"#,
        ],
        bad: &[
            // No managed rule groups at all.
            r#"
resource "aws_wafv2_web_acl" "web" { # expect: fail
  name  = "web"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "web"
    sampled_requests_enabled   = true
  }
}
"#,
            // Only the common rule set: partly met.
            r#"
resource "aws_wafv2_web_acl" "web" { # expect: warn
  name  = "web"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "common"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "web"
    sampled_requests_enabled   = true
  }
}
"#,
            // Rule groups chosen by an input: cannot be told.
            r#"
variable "managed_rule_groups" {
  type = list(string)
}

resource "aws_wafv2_web_acl" "web" { # expect: unknown
  name  = "web"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  dynamic "rule" {
    for_each = var.managed_rule_groups
    content {
      name     = rule.value
      priority = rule.key
      override_action {
        none {}
      }
      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.value
        }
      }
      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = rule.value
        sampled_requests_enabled   = true
      }
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "web"
    sampled_requests_enabled   = true
  }
}
"#,
        ],
        check,
    }
}

/// The AWS managed rule groups the control asks for, with short names.
const REQUIRED: &[(&str, &str)] = &[
    ("AWSManagedRulesCommonRuleSet", "common rule set"),
    ("AWSManagedRulesKnownBadInputsRuleSet", "known bad inputs"),
    ("AWSManagedRulesSQLiRuleSet", "SQL injection"),
];

/// Names of managed rule groups in statements, however deeply nested
/// (`and_statement`, `not_statement`…); `unknown` is set when a name or a
/// rule cannot be known.
fn collect(body: &Body, names: &mut Vec<String>, unknown: &mut bool) {
    for block in &body.blocks {
        if block.kind == "rule" && block.dynamic {
            *unknown = true;
        }
        if block.kind == "managed_rule_group_statement" {
            match block.body.value("name") {
                Some(Value::String(s)) => names.push(s.clone()),
                _ => *unknown = true,
            }
        }
        collect(&block.body, names, unknown);
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for acl in cx.resources() {
        let mut names = Vec::new();
        let mut unknown = false;
        collect(acl.body(), &mut names, &mut unknown);
        let missing: Vec<&str> = REQUIRED
            .iter()
            .filter(|(name, _)| !names.iter().any(|n| n == name))
            .map(|(_, label)| *label)
            .collect();
        if missing.is_empty() {
            out.pass(acl, "uses the AWS managed rule groups for common threats, known bad inputs and SQL injection");
        } else if unknown {
            out.unknown(
                acl,
                &acl.block.span,
                format!(
                    "the rule groups are chosen dynamically; {} not found",
                    missing.join(", ")
                ),
            );
        } else if missing.len() == REQUIRED.len() {
            out.missing(
                acl,
                "no AWS managed rule groups (common, known bad inputs, SQL injection)",
            );
        } else {
            out.warn(
                acl,
                &acl.block.span,
                format!("missing AWS managed rule groups: {}", missing.join(", ")),
            );
        }
    }
}
