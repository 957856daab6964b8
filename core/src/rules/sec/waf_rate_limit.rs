//! SEC014: web ACLs limit request rates.

use crate::rules::prelude::*;

declare_control! {
    /// Web ACLs have a rate-based rule.
    ///
    /// ## Why it matters
    /// Managed rule groups match request content; they do not stop a
    /// client that sends too many perfectly valid requests. Credential
    /// stuffing against a login page, scraping and application-layer floods
    /// look like normal traffic except for their volume. A rate-based rule
    /// blocks (or challenges) any source address that exceeds a request
    /// count in a five-minute window, which caps the damage a single
    /// client can do and keeps the application available.
    ///
    /// ## Remediation
    /// Add a rate-based rule to each web ACL:
    ///
    /// ```hcl
    /// rule {
    ///   name     = "rate-limit"
    ///   priority = 0
    ///   action {
    ///     block {}
    ///   }
    ///   statement {
    ///     rate_based_statement {
    ///       limit              = 2000
    ///       aggregate_key_type = "IP"
    ///     }
    ///   }
    ///   visibility_config {
    ///     cloudwatch_metrics_enabled = true
    ///     metric_name                = "rate-limit"
    ///     sampled_requests_enabled   = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC014",
        slug: "waf-rate-limit",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_wafv2_web_acl"]),
        references: &[
            "AWS WAF Developer Guide: Using rate-based rule statements in AWS WAF",
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
    name     = "rate-limit"
    priority = 0
    action {
      block {}
    }
    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "rate-limit"
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
            r#"
variable "rules" {
  type = list(any)
}

resource "aws_wafv2_web_acl" "web" { # expect: unknown
  name  = "web"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  dynamic "rule" {
    for_each = var.rules
    content {
      name     = rule.value.name
      priority = rule.key
      action {
        block {}
      }
      statement {
        ip_set_reference_statement {
          arn = rule.value.ip_set_arn
        }
      }
      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = rule.value.name
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

/// Whether a body contains a `rate_based_statement` anywhere below it.
fn has_rate_rule(body: &Body) -> bool {
    body.blocks
        .iter()
        .any(|b| b.kind == "rate_based_statement" || has_rate_rule(&b.body))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for acl in cx.resources() {
        let rules: Vec<_> = acl.body().blocks("rule").collect();
        if rules.iter().any(|r| has_rate_rule(&r.body)) {
            out.pass(acl, "has a rate-based rule");
        } else if rules.iter().any(|r| r.dynamic) {
            out.unknown(
                acl,
                &acl.block.span,
                "rules are generated dynamically and none is visibly rate-based",
            );
        } else {
            out.missing(acl, "no rate-based rule");
        }
    }
}
