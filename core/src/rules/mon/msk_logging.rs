//! MON016: mSK clusters send broker logs to CloudWatch, Firehose or S3.

use crate::rules::prelude::*;

declare_control! {
    /// MSK clusters send broker logs to CloudWatch, Firehose or S3.
    ///
    /// ## Why it matters
    /// Broker logs record authentication failures, client connections and
    /// broker errors. Without `logging_info { broker_logs { ... } }` with at
    /// least one destination enabled, nothing of that is kept.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_msk_cluster" "events" {
    ///   # ...
    ///   logging_info {
    ///     broker_logs {
    ///       cloudwatch_logs {
    ///         enabled   = true
    ///         log_group = aws_cloudwatch_log_group.msk.name
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "MON016",
        slug: "msk-logging",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_msk_cluster"]),
        references: &[
            "Amazon MSK Developer Guide: Logging",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_80").same(),
            Peer::trivy("AVD-AWS-0074", "aws-msk-enable-logging").same(),
            Peer::kics("MSK Cluster Logging Disabled").same(),
        ],
        good: &[
            r#"
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  logging_info {
    broker_logs {
      s3 {
        enabled = true
        bucket  = "msk-logs"
      }
    }
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_msk_cluster" "events" { # expect: fail
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
}
"#,
            r#"
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  logging_info {
    broker_logs { # expect: fail
      cloudwatch_logs {
        enabled = false
      }
    }
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let Some(logs) = r
            .body()
            .block("logging_info")
            .and_then(|l| l.body.block("broker_logs"))
        else {
            out.missing(
                r,
                "no `logging_info { broker_logs }`: broker logs are not kept",
            );
            continue;
        };
        let mut unknown = None;
        let mut on = false;
        for dest in ["cloudwatch_logs", "firehose", "s3"] {
            if let Some(d) = logs.body.block(dest) {
                match setting(&d.body, "enabled", flag(false)) {
                    Setting::Holds(_) => on = true,
                    Setting::Unknown(a) => unknown = unknown.or(Some(a)),
                    Setting::Absent | Setting::Violated(_) => {}
                }
            }
        }
        if on {
            out.pass(r, "broker logs are delivered");
        } else if let Some(a) = unknown {
            out.unknown(r, &a.span, why_unknown(a));
        } else {
            out.fail(r, &logs.span, "no broker log destination is enabled");
        }
    }
}
