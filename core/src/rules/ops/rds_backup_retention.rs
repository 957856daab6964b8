//! OPS008: databases keep automated backups long enough.

use crate::rules::prelude::*;

/// The longest retention AWS accepts, in days.
const MAX_RETENTION_DAYS: i64 = 35;

/// The retention AWS applies when `backup_retention_period` is omitted.
const DEFAULT_RETENTION_DAYS: i64 = 1;

declare_control! {
    /// RDS, Aurora, DocumentDB and Neptune keep automated backups at least as long as the profile requires.
    ///
    /// ## Why it matters
    /// Automated backups (daily snapshots plus transaction logs) are what
    /// point-in-time recovery restores from after a bad migration, a
    /// deleted table or ransomware. Their retention is the window in which
    /// a problem must be noticed: the default of one day means a corruption
    /// found on Monday morning that happened on Friday cannot be undone, and
    /// `0` turns backups off altogether. The minimum is 7 days in profiles
    /// `baseline` and `module`, 30 in `strict`, or the number of days the
    /// requirements set (`backup_retention_days`); AWS accepts at most 35.
    /// Read replicas that do not set a retention are not judged (their
    /// source's backups are).
    ///
    /// ## Remediation
    /// Set `backup_retention_period` to at least the required number of days:
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   backup_retention_period = 14
    ///   backup_window           = "03:00-04:00"
    /// }
    /// ```
    pub CONTROL {
        id: "OPS008",
        slug: "rds-backup-retention",
        category: Category::Ops,
        severity: Severity::High,
        scope: Scope::Resources(&[
            "aws_db_instance",
            "aws_rds_cluster",
            "aws_docdb_cluster",
            "aws_neptune_cluster",
        ]),
        references: &[
            "Amazon RDS User Guide: Introduction to backups (backup retention period)",
            "AWS Foundational Security Best Practices: RDS.11 RDS instances should have automatic backups enabled",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_360").same(),
            Peer::checkov("CKV_AWS_361").same(),
            Peer::checkov("CKV_AWS_133").partial(),
            Peer::trivy("AVD-AWS-0077", "aws-rds-specify-backup-retention").partial(),
            Peer::kics("RDS Without Backup").partial(),
        ],
        good: &[
            r#"
resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = 14
}
"#,
            // Both branches keep at least 7 days.
            r#"
variable "production" {
  type = bool
}

resource "aws_rds_cluster" "main" {
  engine                  = "aurora-postgresql"
  backup_retention_period = var.production ? 35 : 7
}
"#,
        ],
        bad: &[
            // Omitted: AWS keeps one day.
            r#"
resource "aws_db_instance" "main" { # expect: fail
  engine         = "postgres"
  instance_class = "db.t3.micro"
}
"#,
            r#"
resource "aws_rds_cluster" "main" {
  engine                  = "aurora-mysql"
  backup_retention_period = 0 # expect: fail
}

resource "aws_docdb_cluster" "docs" {
  engine                  = "docdb"
  backup_retention_period = 3 # expect: fail
}
"#,
            r#"
variable "retention_days" {
  type = number
}

resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  backup_retention_period = var.retention_days # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let minimum = i64::from(cx.backup_retention_days());
    for db in cx.resources() {
        let body = db.body();
        let replica = ["replicate_source_db", "replication_source_identifier"]
            .iter()
            .any(|a| body.attr(a).is_some_and(|a| a.value != Value::Null));
        let long_enough = |v: &Value| -> Option<bool> {
            let days = if v.is_null() {
                DEFAULT_RETENTION_DAYS
            } else {
                integer(v)?
            };
            Some((minimum..=MAX_RETENTION_DAYS).contains(&days))
        };
        match setting(body, "backup_retention_period", long_enough) {
            Setting::Holds(attr) => {
                out.pass(
                    db,
                    format!(
                        "backups are kept for {} (at least {minimum} days)",
                        describe(&attr.value)
                    ),
                );
            }
            Setting::Absent if replica => {}
            Setting::Absent => {
                out.missing(
                    db,
                    format!(
                        "`backup_retention_period` is not set: AWS keeps {DEFAULT_RETENTION_DAYS} day of backups, below the {minimum} days required"
                    ),
                );
            }
            Setting::Violated(attr) => {
                let message = match integer(&attr.value) {
                    Some(0) => "`backup_retention_period` is 0: automated backups are disabled".to_string(),
                    Some(n) if n > MAX_RETENTION_DAYS => format!(
                        "`backup_retention_period` is {n}: AWS accepts at most {MAX_RETENTION_DAYS} days"
                    ),
                    Some(n) => format!(
                        "`backup_retention_period` is {n} days, below the {minimum} days required"
                    ),
                    None => format!(
                        "`backup_retention_period` may be below the {minimum} days required on every branch"
                    ),
                };
                out.fail(db, &attr.span, message);
            }
            Setting::Unknown(attr) => {
                out.unknown(db, &attr.span, why_unknown(attr));
            }
        }
    }
}

fn describe(v: &Value) -> String {
    match integer(v) {
        Some(n) => format!("{n} days"),
        None => "every configured number of days".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::profile::{Profile, Requirements};
    use crate::rules::examples::example_input;
    use crate::rules::{evaluate_control, RuleOptions, Status};

    fn status(src: &str, profile: Profile, requirement: Option<&str>) -> Status {
        let mut requirements = Requirements::new();
        if let Some(r) = requirement {
            requirements.set_pair(r).expect("valid requirement");
        }
        let options = RuleOptions {
            profile,
            requirements,
            ..RuleOptions::default()
        };
        let model = Model::from_input(&example_input(src));
        evaluate_control(&super::CONTROL, &model, &options).status
    }

    const FOURTEEN_DAYS: &str =
        "resource \"aws_db_instance\" \"d\" {\n  backup_retention_period = 14\n}\n";

    #[test]
    fn backup_retention_requirement_sets_the_minimum() {
        assert_eq!(status(FOURTEEN_DAYS, Profile::Baseline, None), Status::Pass);
        assert_eq!(
            status(
                FOURTEEN_DAYS,
                Profile::Baseline,
                Some("backup_retention_days=30")
            ),
            Status::Fail
        );
        assert_eq!(
            status(
                FOURTEEN_DAYS,
                Profile::Strict,
                Some("backup_retention_days=10")
            ),
            Status::Pass
        );
    }

    #[test]
    fn strict_profile_wants_thirty_days_and_35_is_the_ceiling() {
        assert_eq!(status(FOURTEEN_DAYS, Profile::Strict, None), Status::Fail);
        let too_long = "resource \"aws_rds_cluster\" \"c\" {\n  backup_retention_period = 36\n}\n";
        assert_eq!(status(too_long, Profile::Baseline, None), Status::Fail);
    }
}
