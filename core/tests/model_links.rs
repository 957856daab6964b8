//! Links between resources: each kind with a linked and an unlinked case.

use tfgrade_core::model::{LinkKind, Model};
use tfgrade_core::InputSet;

fn model(text: &str) -> Model {
    let mut input = InputSet::new();
    input.add("main.tf", text.as_bytes());
    Model::from_input(&input)
}

/// `(from address, to address, attribute)` of every link of one kind.
fn links(m: &Model, kind: LinkKind) -> Vec<(String, String, String)> {
    m.links
        .iter()
        .filter(|l| l.kind == kind)
        .map(|l| {
            (
                m.resource(l.from).address(),
                m.resource(l.to).address(),
                l.attribute.clone(),
            )
        })
        .collect()
}

fn triple(from: &str, to: &str, attribute: &str) -> (String, String, String) {
    (from.to_owned(), to.to_owned(), attribute.to_owned())
}

#[test]
fn references_link_resources_including_nested_blocks_and_locals() {
    let m = model(
        r#"
locals { bucket_id = aws_s3_bucket.logs.id }
resource "aws_s3_bucket" "logs" {}
resource "aws_s3_bucket" "other" {}
resource "aws_cloudtrail" "t" {
  s3_bucket_name = local.bucket_id
  event_selector {
    data_resource {
      type   = "AWS::S3::Object"
      values = ["${aws_s3_bucket.other.arn}/"]
    }
  }
}
resource "aws_sns_topic" "alone" { name = var.name }
"#,
    );
    assert_eq!(
        links(&m, LinkKind::Reference),
        [
            triple("aws_cloudtrail.t", "aws_s3_bucket.logs", "s3_bucket_name"),
            triple(
                "aws_cloudtrail.t",
                "aws_s3_bucket.other",
                "event_selector.data_resource.values"
            ),
        ]
    );
    let topic = m
        .resources
        .iter()
        .find(|r| r.name == "alone")
        .expect("topic");
    assert_eq!(m.links_from(topic.id, None).count(), 0);
}

#[test]
fn split_bucket_resources_link_by_reference_or_name() {
    let m = model(
        r#"
resource "aws_s3_bucket" "data" { bucket = "acme-data" }
resource "aws_s3_bucket" "logs" { bucket = "acme-logs" }
resource "aws_s3_bucket_public_access_block" "data" {
  bucket = aws_s3_bucket.data.id
  block_public_acls = true
}
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = "acme-logs"
}
resource "aws_s3_bucket_versioning" "nowhere" {
  bucket = "someone-elses-bucket"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.data.bucket
  policy = "{}"
}
"#,
    );
    assert_eq!(
        links(&m, LinkKind::BucketConfig),
        [
            triple(
                "aws_s3_bucket_public_access_block.data",
                "aws_s3_bucket.data",
                "bucket"
            ),
            triple(
                "aws_s3_bucket_server_side_encryption_configuration.logs",
                "aws_s3_bucket.logs",
                "bucket"
            ),
            triple("aws_s3_bucket_policy.p", "aws_s3_bucket.data", "bucket"),
        ]
    );
    let data = m
        .resources
        .iter()
        .find(|r| r.address() == "aws_s3_bucket.data")
        .expect("bucket");
    let configs: Vec<&str> = m
        .linked_from(data.id, LinkKind::BucketConfig)
        .map(|r| r.resource_type.as_str())
        .collect();
    assert_eq!(
        configs,
        ["aws_s3_bucket_public_access_block", "aws_s3_bucket_policy"]
    );
}

#[test]
fn flow_logs_link_to_vpcs_and_subnets() {
    let m = model(
        r#"
resource "aws_vpc" "main" {}
resource "aws_vpc" "unwatched" {}
resource "aws_subnet" "a" { vpc_id = aws_vpc.main.id }
resource "aws_flow_log" "vpc" {
  vpc_id = aws_vpc.main.id
  log_destination = aws_cloudwatch_log_group.f.arn
}
resource "aws_flow_log" "subnet" { subnet_id = aws_subnet.a.id }
resource "aws_cloudwatch_log_group" "f" {}
"#,
    );
    assert_eq!(
        links(&m, LinkKind::FlowLogTarget),
        [
            triple("aws_flow_log.vpc", "aws_vpc.main", "vpc_id"),
            triple("aws_flow_log.subnet", "aws_subnet.a", "subnet_id")
        ]
    );
    let unwatched = m
        .resources
        .iter()
        .find(|r| r.name == "unwatched")
        .expect("vpc");
    assert_eq!(
        m.linked_from(unwatched.id, LinkKind::FlowLogTarget).count(),
        0
    );
}

#[test]
fn waf_associations_link_target_and_acl() {
    let m = model(
        r#"
resource "aws_lb" "public" {}
resource "aws_lb" "bare" {}
resource "aws_wafv2_web_acl" "acl" {}
resource "aws_wafv2_web_acl_association" "a" {
  resource_arn = aws_lb.public.arn
  web_acl_arn  = aws_wafv2_web_acl.acl.arn
}
resource "aws_wafv2_web_acl_association" "external" {
  resource_arn = var.alb_arn
  web_acl_arn  = var.acl_arn
}
"#,
    );
    assert_eq!(
        links(&m, LinkKind::WafAssociationTarget),
        [triple(
            "aws_wafv2_web_acl_association.a",
            "aws_lb.public",
            "resource_arn"
        )]
    );
    assert_eq!(
        links(&m, LinkKind::WafAssociationAcl),
        [triple(
            "aws_wafv2_web_acl_association.a",
            "aws_wafv2_web_acl.acl",
            "web_acl_arn"
        )]
    );
}

#[test]
fn alarms_link_to_filters_and_filters_to_log_groups() {
    let m = model(
        r#"
locals { ns = "CISBenchmark" }
resource "aws_cloudwatch_log_group" "trail" { name = "/aws/cloudtrail/main" }
resource "aws_cloudwatch_log_metric_filter" "root" {
  name           = "root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \"Root\" }"
  metric_transformation {
    name      = "RootAccountUsage"
    namespace = local.ns
    value     = "1"
  }
}
resource "aws_cloudwatch_log_metric_filter" "by_name" {
  name           = "console"
  log_group_name = "/aws/cloudtrail/main"
  pattern        = "x"
  metric_transformation {
    name      = "ConsoleFailures"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
resource "aws_cloudwatch_log_metric_filter" "orphan" {
  name           = "o"
  log_group_name = "/elsewhere"
  pattern        = "x"
  metric_transformation {
    name      = "Orphan"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
resource "aws_cloudwatch_metric_alarm" "root" {
  alarm_name  = "root"
  metric_name = "RootAccountUsage"
  namespace   = "CISBenchmark"
}
resource "aws_cloudwatch_metric_alarm" "console" {
  alarm_name  = "console"
  metric_name = aws_cloudwatch_log_metric_filter.by_name.metric_transformation[0].name
  namespace   = "CISBenchmark"
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name  = "cpu"
  metric_name = "CPUUtilization"
  namespace   = "AWS/EC2"
}
"#,
    );
    assert_eq!(
        links(&m, LinkKind::AlarmMetricFilter),
        [
            triple(
                "aws_cloudwatch_metric_alarm.root",
                "aws_cloudwatch_log_metric_filter.root",
                "metric_name"
            ),
            triple(
                "aws_cloudwatch_metric_alarm.console",
                "aws_cloudwatch_log_metric_filter.by_name",
                "metric_name"
            ),
        ]
    );
    assert_eq!(
        links(&m, LinkKind::MetricFilterLogGroup),
        [
            triple(
                "aws_cloudwatch_log_metric_filter.root",
                "aws_cloudwatch_log_group.trail",
                "log_group_name"
            ),
            triple(
                "aws_cloudwatch_log_metric_filter.by_name",
                "aws_cloudwatch_log_group.trail",
                "log_group_name"
            ),
        ]
    );
}

#[test]
fn security_group_rules_and_attachments() {
    let m = model(
        r#"
resource "aws_security_group" "db" {
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}
resource "aws_security_group" "app" {}
resource "aws_security_group" "unused" {}
resource "aws_security_group_rule" "app_https" {
  type                     = "ingress"
  security_group_id        = aws_security_group.app.id
  source_security_group_id = aws_security_group.db.id
}
resource "aws_vpc_security_group_egress_rule" "app_out" {
  security_group_id = aws_security_group.app.id
  cidr_ipv4         = "0.0.0.0/0"
}
resource "aws_db_instance" "pg" {
  vpc_security_group_ids = [aws_security_group.db.id]
}
resource "aws_lambda_function" "f" {
  vpc_config {
    security_group_ids = [aws_security_group.app.id]
    subnet_ids         = []
  }
}
"#,
    );
    assert_eq!(
        links(&m, LinkKind::SecurityGroupRule),
        [
            triple(
                "aws_security_group_rule.app_https",
                "aws_security_group.app",
                "security_group_id"
            ),
            triple(
                "aws_vpc_security_group_egress_rule.app_out",
                "aws_security_group.app",
                "security_group_id"
            ),
        ]
    );
    assert_eq!(
        links(&m, LinkKind::SecurityGroupAttachment),
        [
            triple(
                "aws_db_instance.pg",
                "aws_security_group.db",
                "vpc_security_group_ids"
            ),
            triple(
                "aws_lambda_function.f",
                "aws_security_group.app",
                "vpc_config.security_group_ids"
            ),
        ]
    );
    let unused = m.resources.iter().find(|r| r.name == "unused").expect("sg");
    assert_eq!(m.links_to(unused.id, None).count(), 0);
}

#[test]
fn kms_keys_link_directly_nested_and_through_aliases() {
    let m = model(
        r#"
resource "aws_kms_key" "main" {}
resource "aws_kms_key" "spare" {}
resource "aws_kms_alias" "main" {
  name          = "alias/main"
  target_key_id = aws_kms_key.main.key_id
}
resource "aws_cloudwatch_log_group" "g" { kms_key_id = aws_kms_key.main.arn }
resource "aws_sns_topic" "t" { kms_master_key_id = aws_kms_alias.main.arn }
resource "aws_s3_bucket_server_side_encryption_configuration" "c" {
  bucket = "b"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
  }
}
resource "aws_sqs_queue" "q" { kms_master_key_id = "alias/aws/sqs" }
"#,
    );
    assert_eq!(
        links(&m, LinkKind::KmsKey),
        [
            triple("aws_kms_alias.main", "aws_kms_key.main", "target_key_id"),
            triple(
                "aws_cloudwatch_log_group.g",
                "aws_kms_key.main",
                "kms_key_id"
            ),
            triple("aws_sns_topic.t", "aws_kms_key.main", "kms_master_key_id"),
            triple(
                "aws_s3_bucket_server_side_encryption_configuration.c",
                "aws_kms_key.main",
                "rule.apply_server_side_encryption_by_default.kms_master_key_id"
            ),
        ]
    );
    let spare = m.resources.iter().find(|r| r.name == "spare").expect("key");
    assert_eq!(m.links_to(spare.id, None).count(), 0);
}

#[test]
fn links_are_sorted_and_unique() {
    let m = model(
        r#"
resource "aws_s3_bucket" "b" { bucket = "x" }
resource "aws_s3_bucket_versioning" "v" { bucket = aws_s3_bucket.b.bucket }
resource "aws_s3_bucket_acl" "a" { bucket = coalesce(aws_s3_bucket.b.id, aws_s3_bucket.b.bucket) }
"#,
    );
    let mut sorted = m.links.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(m.links, sorted);
    assert_eq!(links(&m, LinkKind::BucketConfig).len(), 2);
}
