//! MON009: database instances have enhanced monitoring or Performance Insights.

use crate::rules::prelude::*;

declare_control! {
    /// Database instances enable Enhanced Monitoring or Performance Insights.
    ///
    /// ## Why it matters
    /// Standard RDS metrics come from the hypervisor once a minute. Enhanced
    /// Monitoring (`monitoring_interval` > 0) adds operating-system metrics
    /// per process at up to one-second resolution, and Performance Insights
    /// shows database load by query and wait event. Without either, a slow
    /// or saturated database can be seen but not explained, and capacity
    /// problems are found by users first.
    ///
    /// ## Remediation
    /// Enable Performance Insights, Enhanced Monitoring, or both:
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   performance_insights_enabled = true
    ///   monitoring_interval          = 60
    ///   monitoring_role_arn          = aws_iam_role.rds_monitoring.arn
    /// }
    /// ```
    pub CONTROL {
        id: "MON009",
        slug: "rds-monitoring",
        category: Category::Mon,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_db_instance", "aws_rds_cluster_instance"]),
        references: &[
            "Amazon RDS User Guide: Monitoring OS metrics with Enhanced Monitoring",
            "Amazon RDS User Guide: Monitoring DB load with Performance Insights on Amazon RDS",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_118").partial(),
            Peer::checkov("CKV_AWS_353").partial(),
            Peer::trivy("AVD-AWS-0133", "aws-rds-enable-performance-insights").partial(),
        ],
        good: &[
            r#"
resource "aws_db_instance" "main" {
  engine                       = "postgres"
  instance_class               = "db.t3.micro"
  performance_insights_enabled = true
}

resource "aws_rds_cluster_instance" "writer" {
  cluster_identifier  = "aurora"
  instance_class      = "db.r6g.large"
  monitoring_interval = 30
  monitoring_role_arn = "arn:aws:iam::111122223333:role/rds-monitoring"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_db_instance" "main" { # expect: fail
  engine         = "postgres"
  instance_class = "db.t3.micro"
}
"#,
            r#"
resource "aws_rds_cluster_instance" "writer" {
  cluster_identifier           = "aurora"
  instance_class               = "db.r6g.large"
  performance_insights_enabled = false # expect: fail
  monitoring_interval          = 0
}
"#,
            r#"
variable "interval" {
  type = number
}

resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  monitoring_interval = var.interval # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for db in cx.resources() {
        let body = db.body();
        let insights = setting(body, "performance_insights_enabled", flag(false));
        let interval = setting(body, "monitoring_interval", |v| match v {
            Value::Null => Some(false),
            other => integer(other).map(|n| n > 0),
        });
        match (insights, interval) {
            (Setting::Holds(_), _) => {
                out.pass(db, "Performance Insights is enabled");
            }
            (_, Setting::Holds(_)) => {
                out.pass(db, "Enhanced Monitoring is enabled");
            }
            (Setting::Unknown(attr), _) | (_, Setting::Unknown(attr)) => {
                out.unknown(db, &attr.span, why_unknown(attr));
            }
            (Setting::Violated(attr), _) => {
                out.fail(
                    db,
                    &attr.span,
                    "`performance_insights_enabled` is false and Enhanced Monitoring is off",
                );
            }
            (Setting::Absent, Setting::Violated(attr)) => {
                out.fail(
                    db,
                    &attr.span,
                    "`monitoring_interval` is 0 and Performance Insights is off",
                );
            }
            (Setting::Absent, Setting::Absent) => {
                out.missing(
                    db,
                    "neither Performance Insights nor Enhanced Monitoring (`monitoring_interval`) is enabled",
                );
            }
        }
    }
}
