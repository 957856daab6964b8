//! SEC034: eCS services do not give their tasks public IP addresses.

use crate::rules::prelude::*;

declare_control! {
    /// ECS services do not give their tasks public IP addresses.
    ///
    /// ## Why it matters
    /// With `assign_public_ip = true` every Fargate task gets a public IP
    /// address and is reachable from the internet wherever its security group
    /// allows, bypassing the load balancer and any WAF in front of it. Tasks
    /// belong in private subnets, reaching the internet through a NAT gateway
    /// or VPC endpoints.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_ecs_service" "app" {
    ///   # ...
    ///   network_configuration {
    ///     subnets          = aws_subnet.private[*].id
    ///     security_groups  = [aws_security_group.app.id]
    ///     assign_public_ip = false
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC034",
        slug: "ecs-service-no-public-ip",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_ecs_service"]),
        references: &[
            "Amazon ECS Developer Guide: Fargate task networking",
            "AWS Foundational Security Best Practices: ECS.2",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_333").same(),
        ],
        good: &[
            r#"
resource "aws_ecs_service" "app" {
  name = "app"
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = false
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_ecs_service" "app" {
  name = "app"
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = true # expect: fail
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        require_setting(
            out,
            r,
            &Expect {
                path: &["network_configuration"],
                attribute: "assign_public_ip",
                absent_holds: true,
                pass: "tasks get no public IP address",
                fail: "tasks get public IP addresses",
            },
            |v: &Value| v.as_bool().map(|b| !b),
        );
    }
}
