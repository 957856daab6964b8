//! SEC033: cognito identity pools do not hand out credentials to unauthenticated users.

use crate::rules::prelude::*;

declare_control! {
    /// Cognito identity pools do not hand out credentials to unauthenticated users.
    ///
    /// ## Why it matters
    /// With `allow_unauthenticated_identities = true` anyone can obtain
    /// temporary AWS credentials for the pool's unauthenticated role, with no
    /// sign-in at all. Every permission of that role is then public.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_cognito_identity_pool" "app" {
    ///   identity_pool_name               = "app"
    ///   allow_unauthenticated_identities = false
    /// }
    /// ```
    pub CONTROL {
        id: "SEC033",
        slug: "cognito-no-unauthenticated",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_cognito_identity_pool"]),
        references: &[
            "Amazon Cognito Developer Guide: Identity pools (federated identities) authentication flow",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_366").same(),
        ],
        good: &[
            r#"
resource "aws_cognito_identity_pool" "app" {
  identity_pool_name               = "app"
  allow_unauthenticated_identities = false
}
"#,
        ],
        bad: &[
            r#"
resource "aws_cognito_identity_pool" "app" {
  identity_pool_name               = "app"
  allow_unauthenticated_identities = true # expect: fail
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
                attribute: "allow_unauthenticated_identities",
                absent_holds: true,
                pass: "only authenticated identities get credentials",
                fail: "unauthenticated users get AWS credentials",
            },
            |v: &Value| v.as_bool().map(|b| !b),
        );
    }
}
