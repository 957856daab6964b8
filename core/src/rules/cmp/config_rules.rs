//! CMP010: AWS Config evaluates rules.

use crate::model::Multiplicity;
use crate::rules::prelude::*;

declare_control! {
    /// The stack declares at least three AWS Config rules (or a conformance pack).
    ///
    /// ## Why it matters
    /// A Config recorder records; Config rules judge. Managed rules such as
    /// `S3_BUCKET_PUBLIC_READ_PROHIBITED`, `RDS_STORAGE_ENCRYPTED`,
    /// `CLOUD_TRAIL_ENABLED`, `ROOT_ACCOUNT_MFA_ENABLED`,
    /// `ENCRYPTED_VOLUMES` and `IAM_PASSWORD_POLICY` continuously flag
    /// resources that drift from the baseline after deployment, including
    /// changes made outside Terraform. One or two rules are a start (warn);
    /// three or more, or a conformance pack, cover the basics.
    ///
    /// ## Remediation
    /// Declare managed rules for the baseline (after the recorder):
    ///
    /// ```hcl
    /// resource "aws_config_config_rule" "s3_public_read" {
    ///   name = "s3-bucket-public-read-prohibited"
    ///   source {
    ///     owner             = "AWS"
    ///     source_identifier = "S3_BUCKET_PUBLIC_READ_PROHIBITED"
    ///   }
    ///   depends_on = [aws_config_configuration_recorder.main]
    /// }
    /// ```
    pub CONTROL {
        id: "CMP010",
        slug: "config-rules",
        category: Category::Cmp,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "AWS Config Developer Guide: AWS Config Managed Rules",
            "AWS Config Developer Guide: Conformance Packs",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_config_config_rule" "rule" {
  for_each = toset(["S3_BUCKET_PUBLIC_READ_PROHIBITED", "RDS_STORAGE_ENCRYPTED", "CLOUD_TRAIL_ENABLED"])
  name     = lower(each.value)

  source {
    owner             = "AWS"
    source_identifier = each.value
  }
}
"#,
            r#"
resource "aws_config_conformance_pack" "cis" {
  name          = "cis"
  template_body = "Resources: {}"
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
}
"#,
            // One rule only.
            r#"
# expect-stack: warn
resource "aws_config_config_rule" "encrypted_volumes" {
  name = "encrypted-volumes"

  source {
    owner             = "AWS"
    source_identifier = "ENCRYPTED_VOLUMES"
  }
}
"#,
            r#"
# expect-stack: unknown
variable "rules" {
  type = set(string)
}

resource "aws_config_config_rule" "rule" {
  for_each = var.rules
  name     = each.value

  source {
    owner             = "AWS"
    source_identifier = each.value
  }
}
"#,
        ],
        check,
    }
}

/// Rules needed for a pass.
const ENOUGH: u64 = 3;

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    if let Some(pack) = cx.resources_of_type("aws_config_conformance_pack").next() {
        out.stack(
            Outcome::Pass,
            format!(
                "conformance pack `{}` deploys a set of rules",
                pack.address()
            ),
        )
        .secondary(&pack.block.span);
        return;
    }
    let rules: Vec<&Resource> = cx.resources_of_type("aws_config_config_rule").collect();
    let mut known: u64 = 0;
    let mut uncertain = false;
    for r in &rules {
        match r.multiplicity {
            Multiplicity::One => known += 1,
            Multiplicity::Known(n) => known += n,
            Multiplicity::Unknown => uncertain = true,
        }
    }
    let v = if known >= ENOUGH {
        out.stack(Outcome::Pass, format!("{known} Config rules are declared"))
    } else if uncertain {
        out.stack(
            Outcome::Unknown,
            "could not be determined: how many Config rules are created depends on `count`/`for_each`",
        )
    } else if known > 0 {
        out.stack(
            Outcome::Warn,
            format!("only {known} Config rule(s) declared; at least {ENOUGH} cover the baseline"),
        )
    } else {
        out.stack(
            Outcome::Fail,
            "no `aws_config_config_rule`: nothing evaluates resources against the baseline",
        )
    };
    for r in rules.iter().take(5) {
        v.secondary(&r.block.span);
    }
}
