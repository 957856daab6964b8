//! ENC002: a stack that stores data declares its own KMS key.

use crate::model::Multiplicity;
use crate::rules::prelude::*;

declare_control! {
    /// A stack that stores data declares at least one customer-managed KMS key.
    ///
    /// ## Why it matters
    /// Services encrypt with AWS-owned or AWS-managed keys by default, and
    /// those keys' policies cannot be changed: anyone with IAM access to the
    /// service can read the data, key use cannot be limited to one role, key
    /// use is not separately auditable per key, and a compromised key cannot
    /// be disabled. A customer-managed key (`aws_kms_key`) gives a key policy
    /// you control, CloudTrail records of every use, rotation and the
    /// ability to revoke access to the data by disabling the key. A stack
    /// that stores data (S3, RDS, log groups, SNS, secrets, EBS, DynamoDB,
    /// EFS, SQS) without declaring one has no key management at all.
    ///
    /// ## Remediation
    /// Declare a key (with rotation and an explicit policy) and reference it
    /// from the data stores:
    ///
    /// ```hcl
    /// resource "aws_kms_key" "data" {
    ///   description         = "Data at rest"
    ///   enable_key_rotation = true
    /// }
    ///
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   storage_encrypted = true
    ///   kms_key_id        = aws_kms_key.data.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ENC002",
        slug: "customer-managed-key-present",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Presence,
        references: &[
            "AWS KMS Developer Guide: AWS KMS keys (customer managed keys vs AWS managed keys)",
            "AWS Well-Architected Framework, Security Pillar: SEC08-BP01 Implement secure key management",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            // A key looked up by alias is a customer key unless it is `alias/aws/…`.
            r#"
data "aws_kms_alias" "data" {
  name = "alias/platform-data"
}

resource "aws_sns_topic" "alerts" {
  kms_master_key_id = data.aws_kms_alias.data.target_key_arn
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_db_instance" "main" {
  storage_encrypted = true
}
"#,
            // The only key is an AWS-managed one.
            r#"
# expect-stack: fail
data "aws_kms_alias" "s3" {
  name = "alias/aws/s3"
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            // Whether the key is created depends on an input: cannot be told.
            r#"
# expect-stack: unknown
variable "create_key" {
  type = bool
}

resource "aws_kms_key" "data" {
  count               = var.create_key ? 1 : 0
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
        ],
        check,
    }
}

/// Resource types that hold data at rest.
const DATA_STORES: &[&str] = &[
    "aws_s3_bucket",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_cloudwatch_log_group",
    "aws_sns_topic",
    "aws_secretsmanager_secret",
    "aws_ebs_volume",
    "aws_dynamodb_table",
    "aws_efs_file_system",
    "aws_sqs_queue",
];

/// Resource types that create a customer-managed key.
const KEY_TYPES: &[&str] = &["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"];

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let stores: Vec<&Resource> = cx.resources_of(DATA_STORES).collect();
    if stores.is_empty() {
        // Nothing stores data: n/a.
        return;
    }
    let keys: Vec<&Resource> = cx.resources_of(KEY_TYPES).collect();
    if let Some(key) = keys
        .iter()
        .find(|k| k.multiplicity != Multiplicity::Unknown)
    {
        out.stack(
            Outcome::Pass,
            format!("customer-managed key `{}` is declared", key.address()),
        )
        .secondary(&key.block.span);
        return;
    }
    let lookups: Vec<&Resource> = cx
        .model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Data && exists(r))
        .filter(|r| is_customer_key_lookup(r))
        .collect();
    if let Some(lookup) = lookups.first() {
        out.stack(
            Outcome::Pass,
            format!(
                "an existing customer-managed key is used (`{}`)",
                lookup.address()
            ),
        )
        .secondary(&lookup.block.span);
        return;
    }
    if let Some(key) = keys.first() {
        out.stack(
            Outcome::Unknown,
            format!("could not be determined: whether `{}` is created depends on its `count`/`for_each`", key.address()),
        )
        .secondary(&key.block.span);
        return;
    }
    let names: Vec<String> = stores
        .iter()
        .take(5)
        .map(|r| format!("`{}`", r.address()))
        .collect();
    let more = if stores.len() > 5 {
        format!(" and {} more", stores.len() - 5)
    } else {
        String::new()
    };
    let v = out.stack(
        Outcome::Fail,
        format!(
            "the stack stores data ({}{}) but declares no customer-managed KMS key (`aws_kms_key`)",
            names.join(", "),
            more
        ),
    );
    for store in stores.iter().take(5) {
        v.secondary(&store.block.span);
    }
}

/// A data source that looks up a customer-managed key (not `alias/aws/…`).
fn is_customer_key_lookup(r: &Resource) -> bool {
    let field = match r.resource_type.as_str() {
        "aws_kms_alias" => "name",
        "aws_kms_key" => "key_id",
        _ => return false,
    };
    match r.body().value(field) {
        Some(Value::String(s)) => !s.contains("alias/aws/"),
        // An input or another resource's attribute: some customer key.
        Some(_) => true,
        None => false,
    }
}
