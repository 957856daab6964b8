//! SEC035: eCS container definitions do not run privileged containers.

use crate::rules::prelude::*;

declare_control! {
    /// ECS container definitions do not run privileged containers.
    ///
    /// ## Why it matters
    /// A container with `"privileged": true` gets every Linux capability and
    /// access to the host's devices: escaping to the EC2 host, and to every
    /// other task on it, is trivial. No application container needs it (Fargate
    /// refuses it).
    ///
    /// ## Remediation
    /// Remove `privileged` (or set it to false) in `container_definitions`:
    ///
    /// ```hcl
    /// resource "aws_ecs_task_definition" "app" {
    ///   family = "app"
    ///   container_definitions = jsonencode([{
    ///     name       = "app"
    ///     image      = "app:1.0"
    ///     privileged = false
    ///   }])
    /// }
    /// ```
    pub CONTROL {
        id: "SEC035",
        slug: "ecs-task-not-privileged",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_ecs_task_definition"]),
        references: &[
            "Amazon ECS Developer Guide: Task definition parameters (privileged)",
            "AWS Foundational Security Best Practices: ECS.4",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_334").same(),
        ],
        good: &[
            r#"
resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{
    name  = "app"
    image = "app:1.0"
  }])
}
"#,
        ],
        bad: &[
            r#"
resource "aws_ecs_task_definition" "app" {
  family = "app"
  container_definitions = jsonencode([{ # expect: fail
    name       = "app"
    image      = "app:1.0"
    privileged = true
  }])
}
"#,
        ],
        check,
    }
}

/// The container definitions as JSON: `jsonencode([...])` evaluates to
/// its text, a heredoc is text already.
fn containers(value: &Value) -> Option<Vec<serde_json::Value>> {
    match value {
        Value::String(text) => match serde_json::from_str::<serde_json::Value>(text).ok()? {
            serde_json::Value::Array(items) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let Some(attr) = r.body().attr("container_definitions") else {
            continue;
        };
        let Some(list) = containers(&attr.value) else {
            out.unknown(r, &attr.span, why_unknown(attr));
            continue;
        };
        let privileged: Vec<&str> = list
            .iter()
            .filter(|c| c.get("privileged").and_then(serde_json::Value::as_bool) == Some(true))
            .map(|c| {
                c.get("name")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("?")
            })
            .collect();
        if privileged.is_empty() {
            out.pass(r, "no container runs privileged");
        } else {
            out.fail(
                r,
                &attr.span,
                format!("privileged containers: {}", privileged.join(", ")),
            );
        }
    }
}
