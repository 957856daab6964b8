//! SEC016: every VPC's default security group is emptied.

use crate::rules::prelude::*;

declare_control! {
    /// Each VPC's default security group is managed and has no rules.
    ///
    /// ## Why it matters
    /// Every VPC comes with a default security group that allows all
    /// traffic between its members and all outbound traffic. Anything
    /// launched without an explicit group (a console click, a script, a
    /// module that forgets `vpc_security_group_ids`) lands in it and can
    /// talk to everything else that did. Managing it with
    /// `aws_default_security_group` and no rules removes those rules, so
    /// forgetting a group means no network access instead of broad access.
    /// CIS requires the default group to restrict all traffic.
    ///
    /// ## Remediation
    /// Adopt the default group of each VPC with no rules:
    ///
    /// ```hcl
    /// resource "aws_default_security_group" "default" {
    ///   vpc_id = aws_vpc.main.id
    /// }
    /// ```
    pub CONTROL {
        id: "SEC016",
        slug: "default-sg-closed",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 5.4: Ensure the default security group of every VPC restricts all traffic",
            "Amazon VPC User Guide: Default security groups for your VPCs",
        ],
        peers: &[
            Peer::checkov("CKV2_AWS_12").same(),
            Peer::trivy("AVD-AWS-0173", "aws-ec2-restrict-all-in-default-sg").same(),
            Peer::kics("Default Security Groups With Unrestricted Traffic").partial(),
        ],
        good: &[
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
"#,
            // The terraform-aws-modules VPC module, v5+.
            r#"
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
  cidr    = "10.0.0.0/16"
}
"#,
        ],
        bad: &[
            // A separate rule resource reopens the emptied default group.
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "https" { # expect: fail
  security_group_id = aws_default_security_group.default.id
  cidr_ipv4         = "10.0.0.0/8"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}
"#,
            // Rules written as an attribute list.
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
  egress = [{ # expect: fail
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
    description      = "all"
  }]
}
"#,
            // Not managed: the default rules stay.
            r#"
resource "aws_vpc" "main" { # expect: fail
  cidr_block = "10.0.0.0/16"
}
"#,
            r#"
variable "default_sg_rules" {
  type = list(any)
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
  dynamic "ingress" { # expect: unknown
    for_each = var.default_sg_rules
    content {
      protocol  = ingress.value.protocol
      from_port = ingress.value.from_port
      to_port   = ingress.value.to_port
    }
  }
}
"#,
            r#"
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
  ingress { # expect: fail
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}
"#,
        ],
        check,
    }
}

/// The terraform-aws-modules VPC module: `manage_default_security_group`
/// empties the default group (the default since v5.0 of the module).
fn check_vpc_module(call: &crate::model::ModuleCall, out: &mut Verdicts) {
    let address = format!("module.{}", call.name);
    let keeps_rules = [
        "default_security_group_ingress",
        "default_security_group_egress",
    ]
    .iter()
    .filter_map(|n| call.body.attr(n))
    .find(|a| !matches!(&a.value, Value::Null) && a.value != Value::List(Vec::new()));
    if let Some(rules) = keeps_rules {
        out.named(
            Outcome::Fail,
            address,
            &call.span,
            &rules.span,
            format!("`{}` keeps rules in the default security group", rules.name),
        );
        return;
    }
    match setting(&call.body, "manage_default_security_group", flag(false)) {
        Setting::Holds(_) => {
            out.named(
                Outcome::Pass,
                address,
                &call.span,
                &call.span,
                "the module empties the default security group",
            );
        }
        Setting::Violated(attr) => {
            out.named(Outcome::Fail, address, &call.span, &attr.span, "`manage_default_security_group` is false: the default group keeps its allow-all rules");
        }
        Setting::Unknown(attr) => {
            out.named(
                Outcome::Unknown,
                address,
                &call.span,
                &attr.span,
                format!("could not be determined: {}", why_unknown(attr)),
            );
        }
        Setting::Absent => {
            let version = call
                .body
                .value("version")
                .and_then(Value::as_str)
                .unwrap_or("");
            let major5_or_later = version
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .split('.')
                .next()
                .and_then(|m| m.parse::<u32>().ok())
                .is_some_and(|m| m >= 5);
            if major5_or_later {
                out.named(
                    Outcome::Pass,
                    address,
                    &call.span,
                    &call.span,
                    "the module (v5+) empties the default security group by default",
                );
            } else {
                out.named(
                    Outcome::Unknown,
                    address,
                    &call.span,
                    &call.span,
                    "could not be determined: `manage_default_security_group` is not set, and only v5+ of the module empties the default group by default",
                );
            }
        }
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for call in cx.model.modules.iter().flat_map(|m| m.module_calls.iter()) {
        if call
            .source
            .as_deref()
            .is_some_and(|s| s.contains("terraform-aws-modules/vpc"))
        {
            check_vpc_module(call, out);
        }
    }
    let defaults: Vec<&Resource> = cx.resources_of_type("aws_default_security_group").collect();
    for vpc in cx.resources_of(&["aws_vpc", "aws_default_vpc"]) {
        let managed: Vec<&Resource> = defaults
            .iter()
            .copied()
            .filter(|d| refers_to(d, "vpc_id", vpc))
            .collect();
        let Some(default) = managed.first() else {
            out.missing(vpc, "the VPC's default security group is not managed (`aws_default_security_group`), so its allow-all rules stay");
            continue;
        };
        let rules: Vec<_> = default
            .body()
            .blocks
            .iter()
            .filter(|b| b.kind == "ingress" || b.kind == "egress")
            .collect();
        // Rule resources attached to the default group keep it open too.
        let attached = referrers(
            cx.model,
            default,
            &[
                "aws_security_group_rule",
                "aws_vpc_security_group_ingress_rule",
                "aws_vpc_security_group_egress_rule",
            ],
            "security_group_id",
        );
        if !attached.is_empty() {
            for rule in attached {
                out.fail(
                    rule,
                    &rule.block.span,
                    format!(
                        "`{}` adds a rule to the default security group",
                        rule.address()
                    ),
                )
                .involving(default)
                .involving(vpc);
            }
            continue;
        }
        if !rules.is_empty() && rules.iter().all(|b| b.dynamic) {
            // `dynamic` rules from an input may well be empty.
            if let Some(rule) = rules.first() {
                let why = format!(
                    "the default security group's `{}` rules are generated dynamically",
                    rule.kind
                );
                out.unknown(default, &rule.span, why).involving(vpc);
            }
            continue;
        }
        if rules.is_empty() {
            out.pass(
                vpc,
                format!(
                    "the default security group (`{}`) has no rules",
                    default.address()
                ),
            )
            .involving(default);
        } else {
            for rule in rules {
                out.fail(
                    default,
                    &rule.span,
                    format!("the default security group keeps an `{}` rule", rule.kind),
                )
                .involving(vpc);
            }
        }
    }
}
