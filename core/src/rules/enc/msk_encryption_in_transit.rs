//! ENC025: mSK clusters encrypt traffic between clients and brokers and within the cluster.

use crate::rules::prelude::*;

declare_control! {
    /// MSK clusters encrypt traffic between clients and brokers and within the cluster.
    ///
    /// ## Why it matters
    /// Kafka messages often carry events, orders and personal data.
    /// `client_broker = "PLAINTEXT"` or `"TLS_PLAINTEXT"` lets clients produce
    /// and consume without TLS, and `in_cluster = false` sends replication
    /// traffic between brokers in the clear. The provider's defaults (`TLS` and
    /// `true`) are safe; only written overrides are flagged.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_msk_cluster" "events" {
    ///   # ...
    ///   encryption_info {
    ///     encryption_in_transit {
    ///       client_broker = "TLS"
    ///       in_cluster    = true
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC025",
        slug: "msk-encryption-in-transit",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_msk_cluster"]),
        references: &[
            "Amazon MSK Developer Guide: Amazon MSK encryption in transit",
            "AWS Foundational Security Best Practices: MSK.1",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_81").partial(),
            Peer::trivy("AVD-AWS-0073", "aws-msk-enable-in-transit-encryption").same(),
        ],
        good: &[
            r#"
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }
}
"#,
            r#"
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
}
"#,
        ],
        bad: &[
            r#"
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT" # expect: fail
      in_cluster    = false # expect: fail
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
        let Some(transit) = nested_body(r.body(), &["encryption_info", "encryption_in_transit"])
        else {
            out.pass(r, "TLS is required by default");
            continue;
        };
        let mut problems = 0;
        match setting(transit, "client_broker", one_of(&["TLS"])) {
            Setting::Holds(_) | Setting::Absent => {}
            Setting::Violated(a) => {
                problems += 1;
                out.fail(r, &a.span, "clients may connect to brokers in plain text");
            }
            Setting::Unknown(a) => {
                problems += 1;
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
        match setting(transit, "in_cluster", flag(true)) {
            Setting::Holds(_) | Setting::Absent => {}
            Setting::Violated(a) => {
                problems += 1;
                out.fail(r, &a.span, "traffic between brokers is not encrypted");
            }
            Setting::Unknown(a) => {
                problems += 1;
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
        if problems == 0 {
            out.pass(r, "traffic is encrypted with TLS");
        }
    }
}
