//! SEC009: databases are not reachable from the internet.

use crate::rules::prelude::*;

declare_control! {
    /// No database instance is publicly accessible.
    ///
    /// ## Why it matters
    /// `publicly_accessible = true` gives the database endpoint a public IP
    /// address and public DNS resolution. Combined with a permissive
    /// security group (or a later mistake in one) the database is reachable
    /// from the whole internet, where its port is scanned and brute-forced
    /// continuously. Databases hold the data every other control protects;
    /// they belong in private subnets, reachable only from the application
    /// tier.
    ///
    /// ## Remediation
    /// Keep `publicly_accessible` unset (false) and place the database in
    /// private subnets:
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   publicly_accessible  = false
    ///   db_subnet_group_name = aws_db_subnet_group.private.name
    /// }
    /// ```
    pub CONTROL {
        id: "SEC009",
        slug: "rds-not-public",
        category: Category::Sec,
        severity: Severity::Critical,
        scope: Scope::Resources(&["aws_db_instance", "aws_rds_cluster_instance", "aws_redshift_cluster"]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 2.3.3: Ensure that public access is not given to RDS Instance",
            "Amazon RDS User Guide: Working with a DB instance in a VPC (hiding a DB instance from the internet)",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_17").same(),
            Peer::trivy("AVD-AWS-0082", "aws-rds-no-public-db-access").same(),
            Peer::kics("DB Instance Publicly Accessible").partial(),
        ],
        good: &[
            r#"
resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  publicly_accessible = false
}
"#,
            // Omitted: defaults to false.
            r#"
resource "aws_rds_cluster_instance" "one" {
  cluster_identifier = "main"
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}
"#,
        ],
        bad: &[
            r#"
resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  publicly_accessible = true # expect: fail
}
"#,
            r#"
variable "public" {
  type = bool
}

resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  publicly_accessible = var.public # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for db in cx.resources() {
        match setting(db.body(), "publicly_accessible", flag(false)) {
            Setting::Absent | Setting::Violated(_) => {
                out.pass(db, "not publicly accessible");
            }
            Setting::Holds(attr) => {
                out.fail(db, &attr.span, "`publicly_accessible` is true");
            }
            Setting::Unknown(attr) => {
                out.unknown(db, &attr.span, why_unknown(attr));
            }
        }
    }
}
