//! SEC026: mSK brokers are not publicly accessible.

use crate::rules::prelude::*;

declare_control! {
    /// MSK brokers are not publicly accessible.
    ///
    /// ## Why it matters
    /// `public_access { type = "SERVICE_PROVIDED_EIPS" }` gives every broker a
    /// public IP address, so the Kafka cluster can be reached from the internet
    /// wherever its security groups allow. Producers and consumers belong
    /// inside the VPC or behind private connectivity.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_msk_cluster" "events" {
    ///   # ...
    ///   broker_node_group_info {
    ///     # ...
    ///     connectivity_info {
    ///       public_access {
    ///         type = "DISABLED"
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC026",
        slug: "msk-not-public",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_msk_cluster"]),
        references: &[
            "Amazon MSK Developer Guide: Public access",
            "AWS Foundational Security Best Practices: MSK.2",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_291").same(),
            Peer::kics("MSK Broker Is Publicly Accessible").same(),
        ],
        good: &[
            r#"
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-1", "subnet-2", "subnet-3"]
    security_groups = ["sg-1"]
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3
  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-1", "subnet-2", "subnet-3"]
    security_groups = ["sg-1"]
    connectivity_info {
      public_access {
        type = "SERVICE_PROVIDED_EIPS" # expect: fail
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
        require_setting(
            out,
            r,
            &Expect {
                path: &[
                    "broker_node_group_info",
                    "connectivity_info",
                    "public_access",
                ],
                attribute: "type",
                absent_holds: true,
                pass: "brokers are not publicly accessible",
                fail: "brokers have public IP addresses (`SERVICE_PROVIDED_EIPS`)",
            },
            |v: &Value| {
                v.as_str()
                    .map(|s| !s.eq_ignore_ascii_case("SERVICE_PROVIDED_EIPS"))
            },
        );
    }
}
