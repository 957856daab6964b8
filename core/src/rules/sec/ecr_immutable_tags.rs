//! SEC030: eCR repositories make image tags immutable.

use crate::rules::prelude::*;

declare_control! {
    /// ECR repositories make image tags immutable.
    ///
    /// ## Why it matters
    /// With mutable tags anyone who can push may replace the image behind
    /// `v1.2.3` or `latest`, and every deployment pulling the tag silently runs
    /// the new image. Immutable tags make a tag name one image for good, so a
    /// compromised pipeline cannot overwrite released images.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_ecr_repository" "app" {
    ///   name                 = "app"
    ///   image_tag_mutability = "IMMUTABLE"
    /// }
    /// ```
    pub CONTROL {
        id: "SEC030",
        slug: "ecr-immutable-tags",
        category: Category::Sec,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_ecr_repository"]),
        references: &[
            "Amazon ECR User Guide: Preventing image tags from being overwritten in Amazon ECR",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_51").same(),
            Peer::trivy("AVD-AWS-0031", "aws-ecr-enforce-immutable-repository").same(),
        ],
        good: &[
            r#"
resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_ecr_repository" "app" { # expect: fail
  name = "app"
}
"#,
            r#"
resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "MUTABLE" # expect: fail
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
                path: &[],
                attribute: "image_tag_mutability",
                absent_holds: false,
                pass: "image tags are immutable",
                fail: "image tags are mutable (the default): a push can replace a released image",
            },
            |v: &Value| {
                v.as_str()
                    .map(|s| s.to_ascii_uppercase().starts_with("IMMUTABLE"))
            },
        );
    }
}
