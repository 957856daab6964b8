//! OPS017: RDS instances grow their storage before it runs out.

use crate::rules::prelude::*;

declare_control! {
    /// RDS instances enable storage autoscaling (`max_allocated_storage` above `allocated_storage`).
    ///
    /// ## Why it matters
    /// An RDS instance whose storage fills up stops accepting writes
    /// (`storage-full`), which is an outage, and growing it by hand takes
    /// time and can only be repeated every six hours. With
    /// `max_allocated_storage` set above `allocated_storage`, RDS grows the
    /// volume automatically when free space runs low, up to that ceiling,
    /// which also caps the cost. `0` (or a ceiling not above the allocated
    /// size) turns autoscaling off. Aurora clusters grow their storage on
    /// their own and are not judged.
    ///
    /// ## Remediation
    /// Set a ceiling above the allocated size:
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   allocated_storage     = 20
    ///   max_allocated_storage = 100
    /// }
    /// ```
    pub CONTROL {
        id: "OPS017",
        slug: "rds-storage-autoscaling",
        category: Category::Ops,
        severity: Severity::Low,
        scope: Scope::Resources(&["aws_db_instance"]),
        references: &[
            "Amazon RDS User Guide: Managing capacity automatically with Amazon RDS storage autoscaling",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_db_instance" "main" {
  engine                = "postgres"
  instance_class        = "db.t3.micro"
  allocated_storage     = 20
  max_allocated_storage = 100
}
"#,
        ],
        bad: &[
            r#"
resource "aws_db_instance" "main" { # expect: fail
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
}
"#,
            r#"
resource "aws_db_instance" "main" {
  engine                = "postgres"
  instance_class        = "db.t3.micro"
  allocated_storage     = 100
  max_allocated_storage = 0 # expect: fail
}

resource "aws_db_instance" "replica" {
  engine                = "postgres"
  instance_class        = "db.t3.micro"
  allocated_storage     = 100
  max_allocated_storage = 100 # expect: fail
}
"#,
            r#"
variable "max_storage" {
  type = number
}

resource "aws_db_instance" "main" {
  engine                = "postgres"
  instance_class        = "db.t3.micro"
  allocated_storage     = 20
  max_allocated_storage = var.max_storage # expect: unknown
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for db in cx.resources() {
        let body = db.body();
        // The allocated size, when known (an unknown size cannot make a
        // ceiling too low).
        let allocated = body.value("allocated_storage").and_then(integer);
        let above = |v: &Value| -> Option<bool> {
            let max = integer(v)?;
            Some(max > 0 && allocated.is_none_or(|a| max > a))
        };
        match setting(body, "max_allocated_storage", above) {
            Setting::Holds(attr) => {
                out.pass(
                    db,
                    format!(
                        "storage autoscaling up to {}",
                        integer(&attr.value).map_or_else(
                            || "the configured ceiling".to_string(),
                            |n| format!("{n} GiB")
                        )
                    ),
                );
            }
            Setting::Absent => {
                out.missing(
                    db,
                    "`max_allocated_storage` is not set: storage autoscaling is off",
                );
            }
            Setting::Violated(attr) => {
                let message = match integer(&attr.value) {
                    Some(0) => "`max_allocated_storage` is 0: storage autoscaling is off".to_string(),
                    Some(n) => format!(
                        "`max_allocated_storage` ({n}) is not above `allocated_storage`: storage cannot grow"
                    ),
                    None => "`max_allocated_storage` turns autoscaling off on every branch".to_string(),
                };
                out.fail(db, &attr.span, message);
            }
            Setting::Unknown(attr) => {
                out.unknown(db, &attr.span, why_unknown(attr));
            }
        }
    }
}
