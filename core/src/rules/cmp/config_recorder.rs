//! CMP007: AWS Config records every supported resource, global ones included.

use crate::rules::prelude::*;

declare_control! {
    /// An AWS Config recorder records all supported resource types, global ones included.
    ///
    /// ## Why it matters
    /// AWS Config keeps the configuration history of every resource: what a
    /// security group, bucket policy or IAM role looked like at any point,
    /// and who changed it (with CloudTrail). It is the evidence base of
    /// audits and the engine of Config rules and Security Hub controls. A
    /// recorder limited to a list of types misses whatever was left out,
    /// and one that excludes global resource types misses IAM users, roles
    /// and policies, the resources attackers change first.
    ///
    /// ## Remediation
    /// Declare a recorder with `all_supported = true` and
    /// `include_global_resource_types = true` (plus a delivery channel and
    /// a recorder status, CMP008/CMP009):
    ///
    /// ```hcl
    /// resource "aws_config_configuration_recorder" "main" {
    ///   name     = "main"
    ///   role_arn = aws_iam_role.config.arn
    ///   recording_group {
    ///     all_supported                 = true
    ///     include_global_resource_types = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "CMP007",
        slug: "config-recorder",
        category: Category::Cmp,
        severity: Severity::Critical,
        scope: Scope::Presence,
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 3.3: Ensure AWS Config is enabled in all regions",
            "AWS Config Developer Guide: Recording AWS resources",
        ],
        peers: &[Peer::checkov("CKV2_AWS_48").partial()],
        good: &[
            r#"
resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            // Without a recording group, global resource types are left out.
            r#"
resource "aws_config_configuration_recorder" "main" { # expect: fail
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
}
"#,
            r#"
resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"

  recording_group {
    all_supported                 = false # expect: fail
    include_global_resource_types = true
    resource_types                = ["AWS::S3::Bucket"]
  }
}
"#,
            r#"
variable "global" {
  type = bool
}

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"

  recording_group {
    include_global_resource_types = var.global # expect: unknown
  }
}
"#,
        ],
        check,
    }
}

/// Judges one recorder; records a verdict on it.
fn judge(recorder: &Resource, out: &mut Verdicts) {
    let group = recorder.body().block("recording_group");
    let Some(group) = group else {
        out.missing(
            recorder,
            "no `recording_group`: global resource types (IAM) are not recorded",
        );
        return;
    };
    if group.dynamic {
        out.unknown(
            recorder,
            &group.span,
            "`recording_group` is a dynamic block",
        );
        return;
    }
    let body = &group.body;
    let all = setting(body, "all_supported", flag(true));
    // `recording_strategy { use_only = "ALL_SUPPORTED_RESOURCE_TYPES" }`
    // is the newer way of saying the same.
    let strategy = body.block("recording_strategy").map(|s| {
        setting(
            &s.body,
            "use_only",
            one_of(&["ALL_SUPPORTED_RESOURCE_TYPES"]),
        )
    });
    let global = setting(body, "include_global_resource_types", flag(false));
    let mut problems = false;
    match (all, strategy) {
        (Setting::Violated(attr), _) | (_, Some(Setting::Violated(attr))) => {
            problems = true;
            out.fail(
                recorder,
                &attr.span,
                "the recorder records only selected resource types, not all supported ones",
            );
        }
        (Setting::Unknown(attr), _) | (_, Some(Setting::Unknown(attr))) => {
            problems = true;
            out.unknown(recorder, &attr.span, why_unknown(attr));
        }
        _ => {}
    }
    match global {
        Setting::Holds(_) => {}
        Setting::Absent => {
            problems = true;
            out.fail(
                recorder,
                &group.span,
                "`include_global_resource_types` is not set (defaults to false): IAM resources are not recorded",
            );
        }
        Setting::Violated(attr) => {
            problems = true;
            out.fail(
                recorder,
                &attr.span,
                "`include_global_resource_types` is false: IAM resources are not recorded",
            );
        }
        Setting::Unknown(attr) => {
            problems = true;
            out.unknown(recorder, &attr.span, why_unknown(attr));
        }
    }
    if !problems {
        out.pass(
            recorder,
            "records all supported resource types, global ones included",
        );
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let recorders: Vec<&Resource> = cx
        .resources_of_type("aws_config_configuration_recorder")
        .collect();
    if recorders.is_empty() {
        out.stack(
            Outcome::Fail,
            "no `aws_config_configuration_recorder`: resource configuration changes are not recorded",
        );
        return;
    }
    for recorder in recorders {
        judge(recorder, out);
    }
}
