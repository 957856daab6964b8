//! MON014: eCS clusters enable Container Insights.

use crate::rules::prelude::*;

declare_control! {
    /// ECS clusters enable Container Insights.
    ///
    /// ## Why it matters
    /// Container Insights collects per-service and per-task CPU, memory,
    /// network and restart metrics. Without it a cluster reports only cluster-
    /// level utilisation, so a crash-looping task or a service starved of
    /// memory is invisible to alarms and dashboards.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_ecs_cluster" "main" {
    ///   name = "main"
    ///   setting {
    ///     name  = "containerInsights"
    ///     value = "enabled"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON014",
        slug: "ecs-container-insights",
        category: Category::Mon,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_ecs_cluster"]),
        references: &[
            "Amazon CloudWatch User Guide: Container Insights",
            "AWS Foundational Security Best Practices: ECS.12",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_65").same(),
            Peer::trivy("AVD-AWS-0034", "aws-ecs-enable-container-insight").same(),
            Peer::kics("ECS Cluster with Container Insights Disabled").same(),
        ],
        good: &[
            r#"
resource "aws_ecs_cluster" "main" {
  name = "main"
  setting {
    name  = "containerInsights"
    value = "enhanced"
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_ecs_cluster" "main" { # expect: fail
  name = "main"
}
"#,
            r#"
resource "aws_ecs_cluster" "main" {
  name = "main"
  setting {
    name  = "containerInsights"
    value = "disabled" # expect: fail
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let insights = r.body().blocks("setting").find(|b| {
            b.body
                .value("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n == "containerInsights")
        });
        let Some(block) = insights else {
            out.missing(
                r,
                "Container Insights is not enabled (no `containerInsights` setting)",
            );
            continue;
        };
        match setting(&block.body, "value", one_of(&["enabled", "enhanced"])) {
            Setting::Holds(_) => {
                out.pass(r, "Container Insights is enabled");
            }
            Setting::Absent => {
                out.fail(
                    r,
                    &block.span,
                    "the `containerInsights` setting has no value",
                );
            }
            Setting::Violated(a) => {
                out.fail(r, &a.span, "Container Insights is disabled");
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
    }
}
