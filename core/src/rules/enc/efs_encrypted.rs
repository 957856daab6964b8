//! ENC017: eFS file systems are encrypted at rest.

use crate::rules::prelude::*;

declare_control! {
    /// EFS file systems are encrypted at rest.
    ///
    /// ## Why it matters
    /// An EFS file system is unencrypted unless `encrypted = true` is set at
    /// creation; encryption cannot be added later without copying every file to
    /// a new file system. Shared file systems tend to collect exactly the data
    /// (exports, uploads, application state) that encryption at rest is meant
    /// to protect.
    ///
    /// ## Remediation
    /// Create the file system encrypted, with a customer-managed key if the
    /// data is sensitive:
    ///
    /// ```hcl
    /// resource "aws_efs_file_system" "shared" {
    ///   encrypted  = true
    ///   kms_key_id = aws_kms_key.efs.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC017",
        slug: "efs-encrypted",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_efs_file_system"]),
        references: &[
            "Amazon EFS User Guide: Encrypting data at rest",
            "AWS Foundational Security Best Practices: EFS.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_42").same(),
            Peer::checkov("CKV_AWS_184").partial(),
            Peer::trivy("AVD-AWS-0037", "aws-efs-enable-at-rest-encryption").same(),
            Peer::kics("EFS Not Encrypted").same(),
            Peer::kics("EFS Without KMS").partial(),
        ],
        good: &[
            r#"
resource "aws_efs_file_system" "shared" {
  encrypted = true
}
"#,
        ],
        bad: &[
            r#"
resource "aws_efs_file_system" "shared" { # expect: fail
  creation_token = "shared"
}
"#,
            r#"
resource "aws_efs_file_system" "shared" {
  encrypted = false # expect: fail
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
                attribute: "encrypted",
                absent_holds: false,
                pass: "encrypted at rest",
                fail: "`encrypted` is not true: the file system is stored unencrypted",
            },
            flag(false),
        );
    }
}
