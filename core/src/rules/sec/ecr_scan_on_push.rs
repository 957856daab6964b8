//! SEC029: eCR repositories scan images for vulnerabilities on push.

use crate::rules::prelude::*;

declare_control! {
    /// ECR repositories scan images for vulnerabilities on push.
    ///
    /// ## Why it matters
    /// Images pushed without scanning can ship known-vulnerable packages to
    /// production unnoticed. `scan_on_push = true` runs a scan for every new
    /// image, so findings are visible before the image is deployed (or an
    /// account-level enhanced scanning configuration does the same).
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_ecr_repository" "app" {
    ///   name = "app"
    ///   image_scanning_configuration {
    ///     scan_on_push = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC029",
        slug: "ecr-scan-on-push",
        category: Category::Sec,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_ecr_repository"]),
        references: &[
            "Amazon ECR User Guide: Scan images for software vulnerabilities in Amazon ECR",
            "AWS Foundational Security Best Practices: ECR.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_163").same(),
            Peer::trivy("AVD-AWS-0030", "aws-ecr-enable-image-scans").same(),
            Peer::kics("Unscanned ECR Image").same(),
        ],
        good: &[
            r#"
resource "aws_ecr_repository" "app" {
  name = "app"
  image_scanning_configuration {
    scan_on_push = true
  }
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
  name = "app"
  image_scanning_configuration {
    scan_on_push = false # expect: fail
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
                path: &["image_scanning_configuration"],
                attribute: "scan_on_push",
                absent_holds: false,
                pass: "images are scanned on push",
                fail: "images are not scanned on push",
            },
            flag(false),
        );
    }
}
