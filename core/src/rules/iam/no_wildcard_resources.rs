//! IAM002: write permissions name the resources they apply to.

use super::{
    condition_narrowing, identity_policies, is_allow, known_strings, Narrowing,
    IDENTITY_POLICY_TYPES,
};
use crate::model::PolicyStatement;
use crate::rules::prelude::*;

declare_control! {
    /// Allow statements with write actions name their resources instead of `"*"`.
    ///
    /// ## Why it matters
    /// `"Resource": "*"` on a write action (`s3:PutObject`,
    /// `dynamodb:DeleteItem`, `kms:Decrypt`, `sts:AssumeRole`, …) lets the
    /// holder change every resource of that type in the account, including
    /// the ones other teams and other environments own. Naming the bucket,
    /// table or key confines a leaked credential or a buggy deployment to
    /// what the workload was built for. Read-only actions and the few
    /// write actions that AWS cannot scope to a resource (for example
    /// `cloudwatch:PutMetricData` and `xray:PutTraceSegments`) are not
    /// judged. A statement scoped only by a `Condition` is a warning.
    ///
    /// Write actions are recognised by their verb (`Put`, `Create`,
    /// `Delete`, `Update`, `Attach`, `Decrypt`, `Invoke`, …); a wildcard
    /// pattern counts when it can match such a verb (`s3:*`, `s3:Put*`).
    /// A resource ARN built from a reference (`aws_s3_bucket.data.arn`,
    /// `var.bucket_arns`) names resources.
    ///
    /// ## Remediation
    /// List the ARNs the actions apply to:
    ///
    /// ```hcl
    /// data "aws_iam_policy_document" "writer" {
    ///   statement {
    ///     actions   = ["s3:PutObject"]
    ///     resources = ["${aws_s3_bucket.data.arn}/*"]
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "IAM002",
        slug: "no-wildcard-resources",
        category: Category::Iam,
        severity: Severity::Medium,
        scope: Scope::Resources(IDENTITY_POLICY_TYPES),
        references: &[
            "AWS IAM User Guide: Security best practices in IAM (apply least-privilege permissions)",
            "AWS IAM User Guide: IAM JSON policy elements: Resource",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_290").partial(),
            Peer::checkov("CKV_AWS_355").partial(),
            Peer::trivy("AVD-AWS-0057", "aws-iam-no-policy-wildcards").partial(),
        ],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

data "aws_iam_policy_document" "writer" {
  statement {
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${aws_s3_bucket.data.arn}/*"]
  }
  statement {
    actions   = ["ec2:DescribeInstances", "cloudwatch:PutMetricData"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "writer" {
  name   = "writer"
  policy = data.aws_iam_policy_document.writer.json
}
"#,
        ],
        bad: &[
            r#"
resource "aws_iam_policy" "writer" {
  name = "writer"
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:*"]
      Resource = "*"
    }]
  })
}
"#,
            r#"
data "aws_iam_policy_document" "keys" {
  statement { # expect: fail
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "keys" {
  name   = "keys"
  role   = "app"
  policy = data.aws_iam_policy_document.keys.json
}
"#,
            // Heredoc; a statement scoped only by a condition is a warning.
            r#"
locals {
  tagger_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "ec2:CreateTags",
    "Resource": "*",
    "Condition": {"StringEquals": {"ec2:CreateAction": "RunInstances"}}
  }]
}
EOF
}

resource "aws_iam_group_policy" "tagger" {
  name   = "tagger"
  group  = "ops"
  policy = local.tagger_policy # expect: warn
}
"#,
            // Unknown actions on every resource: a warning, never a failure.
            r#"
variable "actions" {
  type = list(string)
}

data "aws_iam_policy_document" "app" {
  statement { # expect: warn
    actions   = var.actions
    resources = ["*"]
  }
}

resource "aws_iam_policy" "app" {
  name   = "app"
  policy = data.aws_iam_policy_document.app.json
}
"#,
        ],
        check,
    }
}

/// Verbs that begin the names of actions that change something. Checked
/// case-insensitively against the part after `service:`.
const WRITE_VERBS: &[&str] = &[
    "abort",
    "accept",
    "activate",
    "add",
    "admin",
    "allocate",
    "apply",
    "assign",
    "associate",
    "assume",
    "attach",
    "authorize",
    "batchdelete",
    "batchput",
    "batchwrite",
    "cancel",
    "change",
    "complete",
    "copy",
    "create",
    "deactivate",
    "decrypt",
    "delete",
    "deregister",
    "detach",
    "disable",
    "disassociate",
    "enable",
    "encrypt",
    "execute",
    "generatedatakey",
    "import",
    "initiate",
    "invoke",
    "modify",
    "move",
    "pass",
    "publish",
    "purge",
    "put",
    "reboot",
    "reencrypt",
    "register",
    "reject",
    "release",
    "remove",
    "replace",
    "reset",
    "restore",
    "revoke",
    "rotate",
    "run",
    "schedule",
    "send",
    "set",
    "sign",
    "start",
    "stop",
    "submit",
    "subscribe",
    "tag",
    "terminate",
    "transfer",
    "unassign",
    "unsubscribe",
    "untag",
    "update",
    "upload",
    "write",
];

/// Write actions AWS cannot restrict to a resource (they only accept
/// `"Resource": "*"`).
const UNSCOPABLE: &[&str] = &[
    "cloudwatch:putmetricdata",
    "xray:puttracesegments",
    "xray:puttelemetryrecords",
    "xray:putencryptionconfig",
    "kms:createkey",
    "acm:requestcertificate",
    "route53:createhostedzone",
    "guardduty:createdetector",
    "securityhub:enablesecurityhub",
    "logs:putresourcepolicy",
    "sts:getservicebearertoken",
];

/// Whether an action pattern can match a write action AWS lets policies
/// scope to a resource.
fn is_scopable_write(pattern: &str) -> bool {
    let pattern = pattern.trim().to_ascii_lowercase();
    if pattern.chars().all(|c| c == '*') {
        return true;
    }
    let Some((_, name)) = pattern.split_once(':') else {
        return false;
    };
    let wildcard = name.find(['*', '?']);
    if wildcard.is_none() && UNSCOPABLE.contains(&pattern.as_str()) {
        return false;
    }
    let prefix = &name[..wildcard.unwrap_or(name.len())];
    if prefix.is_empty() {
        return true;
    }
    WRITE_VERBS.iter().any(|verb| {
        if wildcard.is_some() {
            verb.starts_with(prefix) || prefix.starts_with(verb)
        } else {
            prefix.starts_with(verb)
        }
    })
}

/// One statement's standing.
enum Standing {
    Ok,
    /// Write actions on every resource.
    Wildcard(String),
    ConditionOnly(String),
    AllExcept,
    Unknown,
}

fn standing(statement: &PolicyStatement, literal: bool) -> Standing {
    let (actions, actions_unknown) = known_strings(&statement.actions);
    let write = actions
        .iter()
        .find(|a| is_scopable_write(a))
        .map(|a| (*a).to_owned());
    match is_allow(statement, literal) {
        Some(false) => return Standing::Ok,
        None if write.is_some() || actions_unknown => return Standing::Unknown,
        None => return Standing::Ok,
        Some(true) => {}
    }
    let write = match write {
        Some(w) => w,
        None if statement.actions == Value::Null && statement.not_actions != Value::Null => {
            "every action but those in `NotAction`".to_owned()
        }
        None if actions_unknown => {
            return match resource_star(statement) {
                Some(false) => Standing::Ok,
                _ => Standing::Unknown,
            };
        }
        None => return Standing::Ok,
    };
    if statement.not_resources != Value::Null && statement.resources == Value::Null {
        return Standing::AllExcept;
    }
    match resource_star(statement) {
        Some(false) => Standing::Ok,
        None => Standing::Unknown,
        Some(true) => match condition_narrowing(&statement.conditions) {
            Narrowing::None | Narrowing::Negated => Standing::Wildcard(write),
            Narrowing::Narrowed | Narrowing::Unknown => Standing::ConditionOnly(write),
        },
    }
}

/// Whether `Resource` includes `"*"`. An unknown value is a reference
/// (`aws_s3_bucket.x.arn`, `var.arns`), which names resources rather than
/// `"*"`; a conditional is judged by its branches.
fn resource_star(statement: &PolicyStatement) -> Option<bool> {
    fn star(value: &Value) -> Option<bool> {
        match value {
            Value::Unknown => Some(false),
            Value::OneOf(alternatives) => {
                let verdicts: Vec<Option<bool>> = alternatives.iter().map(star).collect();
                if verdicts.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else if verdicts.iter().all(|v| *v == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
            other => {
                let (known, _) = known_strings(other);
                Some(known.iter().any(|r| r.trim() == "*"))
            }
        }
    }
    star(&statement.resources)
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for resource in cx.resources() {
        let policies = identity_policies(cx.model, resource);
        if policies.is_empty() {
            continue;
        }
        let mut failed = false;
        let mut warnings: Vec<(Span, String)> = Vec::new();
        for policy in &policies {
            let Some(statements) = policy.statements() else {
                warnings.push((
                    policy.attr.span.clone(),
                    format!(
                        "could not be determined: the policy could not be read ({})",
                        why_unknown(policy.attr)
                    ),
                ));
                continue;
            };
            for s in statements {
                match standing(s, policy.literal) {
                    Standing::Ok => {}
                    Standing::Wildcard(action) => {
                        failed = true;
                        out.fail(
                            resource,
                            &s.span,
                            format!("`{action}` is allowed on every resource (`Resource: \"*\"`)"),
                        );
                    }
                    Standing::ConditionOnly(action) => warnings.push((
                        s.span.clone(),
                        format!("`{action}` is allowed on every resource, narrowed only by a condition"),
                    )),
                    Standing::AllExcept => warnings.push((
                        s.span.clone(),
                        "write actions are allowed on every resource except those in `NotResource`"
                            .to_owned(),
                    )),
                    Standing::Unknown => warnings.push((
                        s.span.clone(),
                        "could not be determined: the statement's actions or resources are only known at apply time".to_owned(),
                    )),
                }
            }
        }
        if failed {
            continue;
        }
        if warnings.is_empty() {
            out.pass(resource, "write actions name the resources they apply to");
        }
        for (span, message) in warnings {
            out.warn(resource, &span, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_scopable_write;

    #[test]
    fn write_actions_are_told_by_verb() {
        assert!(is_scopable_write("s3:*"));
        assert!(is_scopable_write("s3:Put*"));
        assert!(is_scopable_write("s3:PutObject"));
        assert!(is_scopable_write("*"));
        assert!(!is_scopable_write("s3:Get*"));
        assert!(!is_scopable_write("ec2:Describe*"));
        assert!(!is_scopable_write("xray:PutTraceSegments"));
        assert!(is_scopable_write("kms:Decrypt"));
    }
}
