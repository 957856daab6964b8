//! CMP011: every VPC has flow logs.

use crate::rules::prelude::*;

declare_control! {
    /// Every VPC has a flow log.
    ///
    /// ## Why it matters
    /// VPC flow logs record the accepted and rejected connections of every
    /// network interface: source, destination, ports, bytes. They are the
    /// only record of which hosts talked to which, which is what detecting
    /// port scans, data exfiltration and lateral movement, and
    /// investigating them later, relies on; GuardDuty analyses them too.
    /// A VPC without a flow log leaves no network trace at all.
    ///
    /// ## Remediation
    /// Add an `aws_flow_log` for the VPC (to CloudWatch Logs or S3):
    ///
    /// ```hcl
    /// resource "aws_flow_log" "main" {
    ///   vpc_id          = aws_vpc.main.id
    ///   traffic_type    = "ALL"
    ///   log_destination = aws_cloudwatch_log_group.flow.arn
    ///   iam_role_arn    = aws_iam_role.flow_logs.arn
    /// }
    /// ```
    pub CONTROL {
        id: "CMP011",
        slug: "vpc-flow-logs",
        category: Category::Cmp,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_vpc"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.7: Ensure VPC flow logging is enabled in all VPCs",
            "Amazon VPC User Guide: Logging IP traffic using VPC Flow Logs",
        ],
        peers: &[
            Peer::checkov("CKV2_AWS_11").same(),
            Peer::trivy("AVD-AWS-0178", "aws-ec2-require-vpc-flow-logs-for-all-vpcs").same(),
            Peer::kics("VPC FlowLogs Disabled").partial(),
        ],
        good: &[
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::org-flow-logs"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_vpc" "main" { # expect: fail
  cidr_block = "10.0.0.0/16"
}
"#,
            // The only flow log watches another VPC.
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "shared" { # expect: fail
  cidr_block = "10.1.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::org-flow-logs"
}
"#,
            // A flow log whose VPC comes from an input may be this one's.
            r#"
variable "vpc_id" {
  type = string
}

resource "aws_vpc" "main" { # expect: unknown
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id          = var.vpc_id
  traffic_type    = "ALL"
  log_destination = "arn:aws:s3:::org-flow-logs"
}
"#,
        ],
        check,
    }
}

/// Whether a flow log's target could be any VPC: it names one through an
/// input or another unresolved expression.
fn target_unknown(cx: &RuleContext<'_>, flow_log: &Resource) -> bool {
    if cx
        .model
        .links_from(flow_log.id, Some(LinkKind::FlowLogTarget))
        .next()
        .is_some()
    {
        return false;
    }
    flow_log.body().attr("vpc_id").is_some_and(|a| {
        !a.value.is_known() && references_of(cx.model, flow_log.module, a).is_empty()
    })
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let flow_logs: Vec<&Resource> = cx.resources_of_type("aws_flow_log").collect();
    for vpc in cx.resources() {
        let own = cx
            .model
            .linked_from(vpc.id, LinkKind::FlowLogTarget)
            .find(|f| exists(f) && f.resource_type == "aws_flow_log")
            .or_else(|| {
                referrers(cx.model, vpc, &["aws_flow_log"], "vpc_id")
                    .into_iter()
                    .next()
            });
        if let Some(flow_log) = own {
            out.pass(
                vpc,
                format!("flow log `{}` records its traffic", flow_log.address()),
            )
            .involving(flow_log);
        } else if let Some(open) = flow_logs.iter().find(|f| target_unknown(cx, f)) {
            out.unknown(
                vpc,
                &vpc.block.span,
                format!(
                    "flow log `{}` names its VPC through an input; it may or may not be this one",
                    open.address()
                ),
            )
            .involving(open);
        } else {
            out.missing(
                vpc,
                "no `aws_flow_log` for this VPC: its network traffic is not recorded",
            );
        }
    }
}
