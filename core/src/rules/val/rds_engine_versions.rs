//! VAL028: RDS engines and engine versions exist.

use crate::rules::prelude::*;
use crate::validate::aws_values::{aws_values, rds_engine_version_problem, Placeholders};

declare_control! {
    /// RDS engines are valid engine names and their versions exist.
    ///
    /// ## Why it matters
    /// `CreateDBInstance` and `CreateDBCluster` reject an engine name RDS
    /// does not know (`postgresql` for `postgres`, `aurora-postgres` for
    /// `aurora-postgresql`) and an engine version that does not exist or has
    /// been retired (MySQL 5.6, Aurora MySQL 1, PostgreSQL 10, a version
    /// such as `16.99`), at apply time: the database, and everything that
    /// waits on it, is not created. Engine names come from the AWS SDK's
    /// service model (botocore); major versions from the RDS and Aurora user
    /// guides, as recorded in `data/aws-values.json`. Versions newer than
    /// that record are not judged.
    ///
    /// ## Remediation
    /// Use a supported engine name and version:
    ///
    /// ```hcl
    /// resource "aws_db_instance" "app" {
    ///   engine         = "postgres"
    ///   engine_version = "16.4"
    ///   instance_class = "db.t4g.micro"
    /// }
    /// ```
    pub CONTROL {
        id: "VAL028",
        slug: "rds-engine-versions",
        category: Category::Val,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance"]),
        references: &[
            "Amazon RDS API Reference: CreateDBInstance, CreateDBCluster (Engine valid values)",
            "Amazon RDS User Guide: Supported MySQL and PostgreSQL major versions",
            "Amazon Aurora User Guide: Aurora MySQL and Aurora PostgreSQL release calendars",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_db_instance" "app" {
  engine         = "postgres"
  engine_version = "16.4"
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "app" {
  engine         = "aurora-mysql"
  engine_version = "8.0.mysql_aurora.3.05.2"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_db_instance" "app" {
  engine         = "postgresql" # expect: fail
  instance_class = "db.t4g.micro"
}

resource "aws_db_instance" "reports" {
  engine         = "postgres"
  engine_version = "16.99" # expect: fail
  instance_class = "db.t4g.micro"
}

resource "aws_rds_cluster" "legacy" {
  engine         = "aurora-mysql"
  engine_version = "5.6.10a" # expect: fail
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let rds = &aws_values().rds;
    let placeholders = Placeholders::of(cx.model);
    for db in cx.resources() {
        let Some(engine_attr) = db.body().attr("engine") else {
            continue;
        };
        let Some(engine) = engine_attr.value.as_str().filter(|e| !e.is_empty()) else {
            continue;
        };
        if placeholders.involved(db.module, engine_attr) {
            continue;
        }
        let engines = if db.resource_type == "aws_rds_cluster" {
            &rds.cluster_engines
        } else {
            &rds.instance_engines
        };
        if rds.retired_engines.iter().any(|e| e == engine) {
            out.fail(
                db,
                &engine_attr.span,
                format!("engine `{engine}` is retired: use `aurora-mysql`"),
            );
            continue;
        }
        if !engines.iter().any(|e| e == engine) {
            out.fail(
                db,
                &engine_attr.span,
                format!(
                    "`{engine}` is not an RDS engine for `{}` (valid: {})",
                    db.resource_type,
                    engines.join(", ")
                ),
            );
            continue;
        }
        let version = db
            .body()
            .attr("engine_version")
            .filter(|v| !placeholders.involved(db.module, v));
        match version.and_then(|v| v.value.as_str().map(|s| (v, s))) {
            Some((attr, version)) => match rds_engine_version_problem(engine, version) {
                Some(why) => {
                    out.fail(db, &attr.span, why);
                }
                None => {
                    out.pass(
                        db,
                        format!("`{engine}` {version} is a known engine version"),
                    );
                }
            },
            None => {
                out.pass(db, format!("`{engine}` is an RDS engine"));
            }
        }
    }
}
