//! MON008: databases export their logs to CloudWatch.

use crate::rules::prelude::*;

declare_control! {
    /// Databases export their logs to CloudWatch Logs (`enabled_cloudwatch_logs_exports`).
    ///
    /// ## Why it matters
    /// Database logs (error, slow query, general and audit logs for MySQL
    /// and MariaDB, `postgresql` for PostgreSQL, `audit`/`profiler` for
    /// DocumentDB) show failed logins, privilege changes and the queries
    /// behind an incident. Kept only on the instance they rotate away
    /// within days and disappear with it. Exported to CloudWatch Logs they
    /// get retention, encryption, metric filters and alarms like every
    /// other log.
    ///
    /// ## Remediation
    /// Export the engine's logs:
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   engine                          = "postgres"
    ///   enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
    /// }
    /// ```
    pub CONTROL {
        id: "MON008",
        slug: "rds-log-exports",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&[
            "aws_db_instance",
            "aws_rds_cluster",
            "aws_docdb_cluster",
            "aws_neptune_cluster",
        ]),
        references: &[
            "Amazon RDS User Guide: Publishing database logs to Amazon CloudWatch Logs",
            "AWS Security Hub: RDS.9 RDS DB instances should publish logs to CloudWatch Logs",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_129").same(),
            Peer::checkov("CKV_AWS_324").same(),
            Peer::checkov("CKV_AWS_85").partial(),
        ],
        good: &[
            r#"
resource "aws_db_instance" "main" {
  engine                          = "postgres"
  instance_class                  = "db.t3.micro"
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
}

resource "aws_rds_cluster" "aurora" {
  engine                          = "aurora-mysql"
  enabled_cloudwatch_logs_exports = ["audit", "error", "slowquery"]
}
"#,
        ],
        bad: &[
            r#"
resource "aws_db_instance" "main" { # expect: fail
  engine         = "mysql"
  instance_class = "db.t3.micro"
}
"#,
            r#"
resource "aws_rds_cluster" "aurora" {
  engine                          = "aurora-postgresql"
  enabled_cloudwatch_logs_exports = [] # expect: fail
}
"#,
            r#"
variable "log_exports" {
  type = list(string)
}

resource "aws_db_instance" "main" {
  engine                          = "mysql"
  instance_class                  = "db.t3.micro"
  enabled_cloudwatch_logs_exports = var.log_exports # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for db in cx.resources() {
        // Neptune spells it `enable_…`.
        let name = if db.resource_type == "aws_neptune_cluster" {
            "enable_cloudwatch_logs_exports"
        } else {
            "enabled_cloudwatch_logs_exports"
        };
        match db.body().attr(name).filter(|a| a.value != Value::Null) {
            None => {
                out.missing(
                    db,
                    format!("no `{name}`: database logs stay on the instance and rotate away"),
                );
            }
            Some(attr) => match crate::rules::cmp::list_len(&attr.value) {
                Some(0) => {
                    out.fail(
                        db,
                        &attr.span,
                        format!("`{name}` is empty: no log is exported"),
                    );
                }
                Some(_) => {
                    out.pass(db, "database logs are exported to CloudWatch Logs");
                }
                None => {
                    out.unknown(db, &attr.span, why_unknown(attr));
                }
            },
        }
    }
}
