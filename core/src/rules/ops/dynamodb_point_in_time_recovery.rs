//! OPS018: dynamoDB tables have point-in-time recovery enabled.

use crate::rules::prelude::*;

declare_control! {
    /// DynamoDB tables have point-in-time recovery enabled.
    ///
    /// ## Why it matters
    /// Point-in-time recovery keeps continuous backups for 35 days, so a bad
    /// deployment, a buggy batch job or a malicious delete can be undone to the
    /// second. Without it only on-demand backups exist, usually none, and
    /// deleted or overwritten items are gone.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_dynamodb_table" "orders" {
    ///   # ...
    ///   point_in_time_recovery {
    ///     enabled = true
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "OPS018",
        slug: "dynamodb-point-in-time-recovery",
        category: Category::Ops,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_dynamodb_table"]),
        references: &[
            "Amazon DynamoDB Developer Guide: Point-in-time recovery for DynamoDB",
            "AWS Foundational Security Best Practices: DynamoDB.2",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_28").same(),
            Peer::trivy("AVD-AWS-0024", "aws-dynamodb-enable-recovery").same(),
        ],
        good: &[
            r#"
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_dynamodb_table" "orders" { # expect: fail
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
"#,
            r#"
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = false # expect: fail
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
                path: &["point_in_time_recovery"],
                attribute: "enabled",
                absent_holds: false,
                pass: "point-in-time recovery is enabled",
                fail: "point-in-time recovery is not enabled",
            },
            flag(false),
        );
    }
}
