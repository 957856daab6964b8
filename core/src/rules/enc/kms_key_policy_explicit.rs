//! ENC004: KMS keys carry an explicit key policy that lets the services
//! using them in.

use crate::rules::prelude::*;

declare_control! {
    /// KMS keys have an explicit key policy that grants the services using them.
    ///
    /// ## Why it matters
    /// Without a `policy`, KMS attaches the default key policy, which
    /// delegates all access to IAM: any principal in the account whose IAM
    /// policy allows `kms:*` on `*` can use, re-key or schedule deletion of
    /// the key, and nobody reviewed who should. An explicit policy states
    /// the key administrators and users. It must also let in the AWS
    /// services that encrypt with the key: CloudTrail cannot write log files
    /// and CloudWatch Logs cannot create or write an encrypted log group
    /// unless the key policy grants `cloudtrail.amazonaws.com` or
    /// `logs.<region>.amazonaws.com`; without that grant the apply fails or
    /// logging silently stops.
    ///
    /// ## Remediation
    /// Give every key a `policy` (or an `aws_kms_key_policy`) with the
    /// account root, the key users, and a statement per service principal
    /// that encrypts with it:
    ///
    /// ```hcl
    /// resource "aws_kms_key" "logs" {
    ///   enable_key_rotation = true
    ///   policy = jsonencode({
    ///     Version = "2012-10-17"
    ///     Statement = [
    ///       { Sid = "Root", Effect = "Allow", Action = "kms:*", Resource = "*",
    ///         Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } },
    ///       { Sid = "Logs", Effect = "Allow", Resource = "*",
    ///         Principal = { Service = "logs.${var.region}.amazonaws.com" },
    ///         Action = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"] },
    ///     ]
    ///   })
    /// }
    /// ```
    pub CONTROL {
        id: "ENC004",
        slug: "kms-key-policy-explicit",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_kms_key"]),
        references: &[
            "AWS KMS Developer Guide: Key policies in AWS KMS (default key policy)",
            "AWS CloudTrail User Guide: Configure AWS KMS key policies for CloudTrail",
            "Amazon CloudWatch Logs User Guide: Encrypt log data in CloudWatch Logs using AWS KMS",
        ],
        peers: &[Peer::checkov("CKV2_AWS_64").partial()],
        good: &[
            r#"
resource "aws_kms_key" "data" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
"#,
            // The key encrypts a log group and grants CloudWatch Logs.
            r#"
data "aws_iam_policy_document" "logs_key" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    sid       = "CloudWatchLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.us-east-1.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "logs" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.logs_key.json
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/app"
  kms_key_id = aws_kms_key.logs.arn
}
"#,
            // The policy in the separate aws_kms_key_policy resource.
            r#"
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_kms_key_policy" "data" {
  key_id = aws_kms_key.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
"#,
        ],
        bad: &[
            r#"
resource "aws_kms_key" "data" { # expect: fail
  enable_key_rotation = true
}
"#,
            // CloudTrail encrypts with the key, but the policy does not let it.
            r#"
resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({ # expect: fail
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "trail-logs"
  kms_key_id     = aws_kms_key.trail.arn
}
"#,
            // The policy comes from a file that is not part of the input.
            r#"
resource "aws_kms_key" "logs" {
  enable_key_rotation = true
  policy              = file("${path.module}/key-policy.json") # expect: unknown
}

resource "aws_cloudwatch_log_group" "app" {
  name       = "/app"
  kms_key_id = aws_kms_key.logs.arn
}
"#,
        ],
        check,
    }
}

/// Services whose use of a key needs a key-policy grant.
struct ServiceUse {
    resource_type: &'static str,
    label: &'static str,
    /// Whether a service principal name is this service's.
    principal: fn(&str) -> bool,
}

const SERVICE_USES: &[ServiceUse] = &[
    ServiceUse {
        resource_type: "aws_cloudtrail",
        label: "CloudTrail (`cloudtrail.amazonaws.com`)",
        principal: |p| p.eq_ignore_ascii_case("cloudtrail.amazonaws.com"),
    },
    ServiceUse {
        resource_type: "aws_cloudwatch_log_group",
        label: "CloudWatch Logs (`logs.<region>.amazonaws.com`)",
        principal: |p| {
            let p = p.to_ascii_lowercase();
            p.starts_with("logs.") && p.ends_with(".amazonaws.com")
        },
    },
];

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for key in cx.resources() {
        // The policy: inline, or a separate `aws_kms_key_policy` resource.
        let inline = key
            .body()
            .attr("policy")
            .filter(|a| a.value != Value::Null)
            .map(|a| (key, a));
        let separate = referrers(cx.model, key, &["aws_kms_key_policy"], "key_id")
            .into_iter()
            .find_map(|p| p.body().attr("policy").map(|a| (p, a)));
        let Some((holder, policy)) = inline.or(separate) else {
            out.missing(
                key,
                "no `policy`: the default key policy delegates all access to IAM in the account",
            );
            continue;
        };
        let documents = policy_documents(cx.model, holder, "policy");
        let statements: Option<Vec<&crate::model::PolicyStatement>> = if documents.is_empty() {
            None
        } else {
            documents
                .iter()
                .map(|d| d.statements.as_ref())
                .collect::<Option<Vec<_>>>()
                .map(|lists| lists.into_iter().flatten().collect())
        };

        let mut problems = 0;
        for service in SERVICE_USES {
            let users: Vec<&Resource> = key_users(cx, key)
                .into_iter()
                .filter(|u| u.resource_type == service.resource_type)
                .collect();
            let Some(user) = users.first() else { continue };
            let granted = statements.as_ref().map(|list| {
                list.iter().any(|s| {
                    effect_is(s, "Allow") != Some(false)
                        && principal_includes_service(&s.principals, &service.principal)
                            == Some(true)
                })
            });
            match granted {
                Some(true) => {}
                Some(false) => {
                    problems += 1;
                    let v = out.fail(
                        key,
                        &policy.span,
                        format!(
                            "`{}` encrypts with this key, but the key policy does not grant {}",
                            user.address(),
                            service.label
                        ),
                    );
                    v.involving(user);
                    if holder.id != key.id {
                        v.involving(holder);
                    }
                }
                None => {
                    problems += 1;
                    out.unknown(
                        key,
                        &policy.span,
                        format!(
                            "the key policy could not be read, and `{}` needs a grant for {}",
                            user.address(),
                            service.label
                        ),
                    )
                    .involving(user);
                }
            }
        }
        if problems == 0 {
            out.pass(key, "the key has an explicit key policy");
        }
    }
}

/// Resources that encrypt with a key: `KmsKey` links, or a `kms_key_id`
/// reference.
fn key_users<'m>(cx: &RuleContext<'m>, key: &Resource) -> Vec<&'m Resource> {
    let mut users: Vec<&Resource> = cx
        .model
        .linked_from(key.id, LinkKind::KmsKey)
        .filter(|r| exists(r))
        .collect();
    for r in referrers(
        cx.model,
        key,
        &["aws_cloudtrail", "aws_cloudwatch_log_group"],
        "kms_key_id",
    ) {
        if !users.iter().any(|u| u.id == r.id) {
            users.push(r);
        }
    }
    users.sort_by_key(|r| r.id);
    users
}
