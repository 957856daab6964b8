//! OPS009: databases and load balancers set deletion protection as required.

use crate::profile::Stance;
use crate::rules::prelude::*;

declare_control! {
    /// Databases and load balancers set deletion protection as the requirements say (by default: on).
    ///
    /// ## Why it matters
    /// A database or a load balancer is one mistaken `terraform destroy`, a
    /// renamed resource that forces replacement, or a console click away
    /// from being deleted, taking the data or every client's entry point
    /// with it. Deletion protection makes AWS refuse the delete until the
    /// flag is turned off in a separate, reviewable change. It is judged on
    /// RDS instances and clusters, DocumentDB and Neptune clusters, QLDB
    /// ledgers (`deletion_protection`, on by default only for QLDB) and
    /// `aws_lb`/`aws_alb` load balancers (`enable_deletion_protection`).
    /// The stance comes from the requirements: `required` (the default)
    /// wants it on; `forbidden` (a task such as "no resource should have
    /// deletion protection enabled", common for throw-away environments)
    /// makes `true` fail; `any` accepts both.
    ///
    /// ## Remediation
    /// Turn deletion protection on (or, where the task forbids it, off):
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   deletion_protection = true
    /// }
    ///
    /// resource "aws_lb" "web" {
    ///   # ...
    ///   enable_deletion_protection = true
    /// }
    /// ```
    pub CONTROL {
        id: "OPS009",
        slug: "deletion-protection",
        category: Category::Ops,
        severity: Severity::Medium,
        scope: Scope::Resources(&[
            "aws_db_instance",
            "aws_rds_cluster",
            "aws_docdb_cluster",
            "aws_neptune_cluster",
            "aws_qldb_ledger",
            "aws_lb",
            "aws_alb",
        ]),
        references: &[
            "Amazon RDS User Guide: Deletion protection",
            "Elastic Load Balancing User Guide: Deletion protection for Application Load Balancers",
            "AWS Foundational Security Best Practices: RDS.8 RDS DB instances should have deletion protection enabled",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_293").same(),
            Peer::checkov("CKV_AWS_139").same(),
            Peer::checkov("CKV_AWS_150").same(),
            Peer::checkov("CKV_AWS_172").same(),
            Peer::trivy("AVD-AWS-0177", "aws-rds-enable-deletion-protection").partial(),
        ],
        good: &[
            r#"
resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  deletion_protection = true
}

resource "aws_lb" "web" {
  name                       = "web"
  enable_deletion_protection = true
}
"#,
            // QLDB ledgers are protected by default.
            r#"
resource "aws_qldb_ledger" "audit" {
  name             = "audit"
  permissions_mode = "STANDARD"
}
"#,
        ],
        bad: &[
            // Omitted: RDS and ALB default to unprotected.
            r#"
resource "aws_rds_cluster" "main" { # expect: fail
  engine = "aurora-postgresql"
}

resource "aws_lb" "web" { # expect: fail
  name = "web"
}
"#,
            r#"
resource "aws_db_instance" "main" {
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  deletion_protection = false # expect: fail
}
"#,
            r#"
variable "protect" {
  type = bool
}

resource "aws_db_instance" "main" {
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  deletion_protection = var.protect # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let stance = cx.deletion_protection();
    for r in cx.resources() {
        let (name, default) = match r.resource_type.as_str() {
            "aws_lb" | "aws_alb" => ("enable_deletion_protection", false),
            "aws_qldb_ledger" => ("deletion_protection", true),
            _ => ("deletion_protection", false),
        };
        let state = setting(r.body(), name, flag(default));
        match (stance, state) {
            (Stance::Any, _) => {
                out.pass(
                    r,
                    "deletion protection is left to the operator (requirement: any)",
                );
            }
            (_, Setting::Unknown(attr)) => {
                out.unknown(r, &attr.span, why_unknown(attr));
            }
            (Stance::Required, Setting::Holds(_)) => {
                out.pass(r, format!("`{name}` is true"));
            }
            (Stance::Required, Setting::Absent) if default => {
                out.pass(r, format!("`{name}` defaults to true"));
            }
            (Stance::Required, Setting::Absent) => {
                out.missing(r, format!("`{name}` is not set (defaults to false)"));
            }
            (Stance::Required, Setting::Violated(attr)) => {
                out.fail(r, &attr.span, format!("`{name}` is false"));
            }
            (Stance::Forbidden, Setting::Violated(_)) => {
                out.pass(r, format!("`{name}` is false, as the requirements ask"));
            }
            (Stance::Forbidden, Setting::Absent) if !default => {
                out.pass(
                    r,
                    format!("`{name}` defaults to false, as the requirements ask"),
                );
            }
            (Stance::Forbidden, Setting::Absent) => {
                out.missing(
                    r,
                    format!("`{name}` defaults to true, but the requirements forbid deletion protection"),
                );
            }
            (Stance::Forbidden, Setting::Holds(attr)) => {
                out.fail(
                    r,
                    &attr.span,
                    format!("`{name}` is true, but the requirements forbid deletion protection"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::profile::Requirements;
    use crate::rules::examples::example_input;
    use crate::rules::{evaluate_control, RuleOptions, Status};

    fn status(src: &str, requirement: Option<&str>) -> Status {
        let mut requirements = Requirements::new();
        if let Some(r) = requirement {
            requirements.set_pair(r).expect("valid requirement");
        }
        let options = RuleOptions {
            requirements,
            ..RuleOptions::default()
        };
        let model = Model::from_input(&example_input(src));
        evaluate_control(&super::CONTROL, &model, &options).status
    }

    const PROTECTED: &str = "resource \"aws_db_instance\" \"d\" {\n  deletion_protection = true\n}\n\nresource \"aws_lb\" \"web\" {\n  enable_deletion_protection = true\n}\n";
    const UNPROTECTED: &str = "resource \"aws_db_instance\" \"d\" {\n}\n\nresource \"aws_lb\" \"web\" {\n  enable_deletion_protection = false\n}\n";

    #[test]
    fn forbidden_requirement_flips_the_stance() {
        assert_eq!(status(PROTECTED, None), Status::Pass);
        assert_eq!(status(UNPROTECTED, None), Status::Fail);
        let forbid = Some("deletion_protection=forbidden");
        assert_eq!(status(PROTECTED, forbid), Status::Fail);
        assert_eq!(status(UNPROTECTED, forbid), Status::Pass);
    }

    #[test]
    fn any_accepts_both_and_qldb_default_counts_as_protected() {
        assert_eq!(
            status(UNPROTECTED, Some("deletion_protection=any")),
            Status::Pass
        );
        let ledger = "resource \"aws_qldb_ledger\" \"l\" {\n  permissions_mode = \"STANDARD\"\n}\n";
        assert_eq!(status(ledger, None), Status::Pass);
        assert_eq!(
            status(ledger, Some("deletion_protection=forbidden")),
            Status::Fail
        );
    }
}
