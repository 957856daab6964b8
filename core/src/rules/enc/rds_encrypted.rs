//! ENC006: RDS storage is encrypted, with a customer-managed key.

use crate::rules::prelude::*;

declare_control! {
    /// RDS instances and clusters encrypt their storage with a customer-managed key.
    ///
    /// ## Why it matters
    /// `storage_encrypted` defaults to false for `aws_db_instance` and
    /// provisioned `aws_rds_cluster`, and it can only be chosen at creation:
    /// an unencrypted database has unencrypted storage, automated backups,
    /// snapshots and read replicas for its whole life, and fixing it means a
    /// snapshot copy and a restore with downtime. Encrypting with the
    /// AWS-managed `aws/rds` key protects the disks but its policy cannot be
    /// changed and its snapshots cannot be shared across accounts; a
    /// customer-managed key (`kms_key_id`) keeps access to the data under a
    /// key policy you control, so without one the control warns (fails
    /// where customer-managed keys are required).
    ///
    /// ## Remediation
    /// Set `storage_encrypted = true` and a customer-managed `kms_key_id`
    /// when the database is created:
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   storage_encrypted = true
    ///   kms_key_id        = aws_kms_key.data.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC006",
        slug: "rds-encrypted",
        category: Category::Enc,
        severity: Severity::Critical,
        scope: Scope::Resources(&["aws_db_instance", "aws_rds_cluster"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 2.3.1: Ensure that encryption-at-rest is enabled for RDS instances",
            "Amazon RDS User Guide: Encrypting Amazon RDS resources",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_16").same(),
            Peer::checkov("CKV_AWS_327").partial(),
            Peer::trivy("AVD-AWS-0080", "aws-rds-encrypt-instance-storage-data").same(),
            Peer::trivy("AVD-AWS-0079", "aws-rds-encrypt-cluster-storage-data").same(),
            Peer::kics("DB Instance Storage Not Encrypted").partial(),
            Peer::kics("RDS Cluster Storage Not Encrypted").partial(),
        ],
        good: &[
            r#"
resource "aws_kms_key" "db" {
  enable_key_rotation = true
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.db.arn
}
"#,
            r#"
variable "kms_key_arn" {
  type = string
}

resource "aws_rds_cluster" "main" {
  engine            = "aurora-postgresql"
  storage_encrypted = true
  kms_key_id        = var.kms_key_arn
}
"#,
        ],
        bad: &[
            // Omitted: storage_encrypted defaults to false.
            r#"
resource "aws_db_instance" "main" { # expect: fail
  engine         = "mysql"
  instance_class = "db.t3.micro"
}
"#,
            r#"
resource "aws_rds_cluster" "main" {
  engine            = "aurora-mysql"
  storage_encrypted = false # expect: fail
}
"#,
            // Encrypted, but with the AWS-managed aws/rds key.
            r#"
resource "aws_db_instance" "main" { # expect: warn
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
}
"#,
            r#"
variable "encrypted" {
  type = bool
}

resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = var.encrypted # expect: unknown
  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for db in cx.resources() {
        let body = db.body();
        // A read replica inherits its source's encryption (a cross-region
        // replica names its own key, judged below when it sets one).
        let replica = body
            .attr("replicate_source_db")
            .is_some_and(|a| a.value != Value::Null)
            || body
                .attr("replication_source_identifier")
                .is_some_and(|a| a.value != Value::Null);
        // Aurora Serverless v1 clusters are always encrypted.
        let serverless_v1 = body.value("engine_mode").and_then(Value::as_str) == Some("serverless");
        let from_snapshot = body
            .attr("snapshot_identifier")
            .is_some_and(|a| a.value != Value::Null);

        match setting(body, "storage_encrypted", flag(serverless_v1)) {
            Setting::Holds(_) => {}
            Setting::Absent if serverless_v1 => {}
            Setting::Absent if replica => continue,
            Setting::Absent if from_snapshot => {
                let snapshot = body
                    .attr("snapshot_identifier")
                    .map_or(&db.block.span, |a| &a.span);
                out.unknown(
                    db,
                    snapshot,
                    "restored from a snapshot whose encryption is not in the configuration",
                );
                continue;
            }
            Setting::Absent => {
                out.missing(db, "`storage_encrypted` is not set (defaults to false)");
                continue;
            }
            Setting::Violated(attr) => {
                out.fail(db, &attr.span, "`storage_encrypted` is false");
                continue;
            }
            Setting::Unknown(attr) => {
                out.unknown(db, &attr.span, why_unknown(attr));
                continue;
            }
        }
        match key_choice(cx.model, db, body, "kms_key_id") {
            KeyChoice::Customer(_) => {
                out.pass(db, "storage is encrypted with a customer-managed key");
            }
            KeyChoice::Absent => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    db,
                    &db.block.span,
                    "storage is encrypted with the AWS-managed key `aws/rds` (no `kms_key_id`)",
                );
            }
            KeyChoice::AwsManaged(attr) => {
                out.record(
                    cx.aws_managed_key_outcome(),
                    db,
                    &attr.span,
                    "storage is encrypted with the AWS-managed key `aws/rds`",
                );
            }
            KeyChoice::Unknown(attr) => {
                out.unknown(db, &attr.span, why_unknown(attr));
            }
        }
    }
}
