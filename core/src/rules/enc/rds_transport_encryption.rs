//! ENC031: databases with a custom parameter group require TLS from clients.

use crate::rules::prelude::*;

declare_control! {
    /// Databases with a custom parameter group require TLS from clients.
    ///
    /// ## Why it matters
    /// RDS encrypts connections only if the client asks for it: unless the
    /// parameter group sets `rds.force_ssl = 1` (PostgreSQL, SQL Server) or
    /// `require_secure_transport = 1` (MySQL, MariaDB) or `db2comm = SSL` (Db2),
    /// a misconfigured client sends credentials and query results in plain
    /// text through the VPC. The setting lives in the parameter group, so
    /// databases that declare one are judged; engines without such a
    /// parameter pass.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_db_parameter_group" "postgres" {
    ///   name   = "app-postgres16"
    ///   family = "postgres16"
    ///   parameter {
    ///     name  = "rds.force_ssl"
    ///     value = "1"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC031",
        slug: "rds-transport-encryption",
        category: Category::Enc,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_db_instance", "aws_rds_cluster"]),
        references: &[
            "Amazon RDS User Guide: Using SSL/TLS to encrypt a connection to a DB instance or cluster",
            "AWS Foundational Security Best Practices: RDS.X (encryption in transit)",
        ],
        peers: &[
            Peer::checkov("CKV2_AWS_69").same(),
        ],
        good: &[
            r#"
resource "aws_db_parameter_group" "postgres" {
  name   = "app"
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_db_instance" "app" {
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  parameter_group_name = aws_db_parameter_group.postgres.name
}
"#,
        ],
        bad: &[
            r#"
resource "aws_db_parameter_group" "mysql" {
  name   = "app"
  family = "mysql8.0"
  parameter {
    name  = "max_connections"
    value = "200"
  }
}

resource "aws_db_instance" "app" { # expect: fail
  engine               = "mysql"
  instance_class       = "db.t3.micro"
  parameter_group_name = aws_db_parameter_group.mysql.name
}
"#,
            r#"
resource "aws_db_parameter_group" "postgres" {
  name   = "app"
  family = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "0" # expect: fail
  }
}

resource "aws_db_instance" "app" {
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  parameter_group_name = aws_db_parameter_group.postgres.name
}
"#,
        ],
        check,
    }
}

/// The parameter that forces TLS for a parameter-group family.
fn tls_parameter(family: &str) -> Option<&'static str> {
    let family = family.to_ascii_lowercase();
    if family.starts_with("postgres")
        || family.starts_with("aurora-postgresql")
        || family.starts_with("sqlserver")
    {
        Some("rds.force_ssl")
    } else if family.starts_with("mysql")
        || family.starts_with("mariadb")
        || family.starts_with("aurora-mysql")
    {
        Some("require_secure_transport")
    } else if family.contains("db2") {
        Some("db2comm")
    } else {
        None
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for db in cx.resources() {
        let attribute = if db.resource_type == "aws_rds_cluster" {
            "db_cluster_parameter_group_name"
        } else {
            "parameter_group_name"
        };
        let Some(group) = referenced(cx.model, db, attribute).into_iter().find(|g| {
            matches!(
                g.resource_type.as_str(),
                "aws_db_parameter_group" | "aws_rds_cluster_parameter_group"
            )
        }) else {
            continue;
        };
        let Some(family) = group.body().value("family").and_then(Value::as_str) else {
            if let Some(a) = group.body().attr("family") {
                out.unknown(db, &a.span, why_unknown(a)).involving(group);
            }
            continue;
        };
        let Some(name) = tls_parameter(family) else {
            out.pass(
                db,
                format!("engine family `{family}` has no TLS-enforcing parameter"),
            )
            .involving(group);
            continue;
        };
        let param = group.body().blocks("parameter").find(|p| {
            p.body
                .value("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        });
        let Some(param) = param else {
            if group.body().blocks("parameter").any(|p| p.dynamic) {
                out.unknown(
                    db,
                    &group.block.span,
                    "the parameter group's parameters are generated dynamically",
                )
                .involving(group);
            } else {
                out.missing(db, format!("the parameter group `{}` does not set `{name}`: clients may connect without TLS", group.address()))
                    .involving(group);
            }
            continue;
        };
        // Db2 takes the protocols to listen on: `SSL` alone forces TLS.
        let on = |v: &Value| match v {
            Value::String(s) => Some(matches!(
                s.trim().to_ascii_lowercase().as_str(),
                "1" | "on" | "true" | "ssl"
            )),
            Value::Number(n) => Some(*n == 1.0),
            Value::Bool(b) => Some(*b),
            _ => None,
        };
        match setting(&param.body, "value", on) {
            Setting::Holds(_) => {
                out.pass(db, format!("`{name}` requires TLS"))
                    .involving(group);
            }
            Setting::Absent => {
                out.fail(group, &param.span, format!("`{name}` has no value"))
                    .involving(db);
            }
            Setting::Violated(a) => {
                out.fail(
                    group,
                    &a.span,
                    format!("`{name}` is off: clients may connect without TLS"),
                )
                .involving(db);
            }
            Setting::Unknown(a) => {
                out.unknown(group, &a.span, why_unknown(a)).involving(db);
            }
        }
    }
}
