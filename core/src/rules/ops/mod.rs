//! OPS: Production Readiness — resilience, backups, versions, tagging, outputs.
//!
//! Also the helpers several OPS controls share: which resource types take
//! tags (OPS004, OPS005), whether a resource carries tags, and whether its
//! provider adds `default_tags`.

pub mod backend_configured;
pub mod default_tags;
pub mod deletion_protection;
pub mod dynamodb_point_in_time_recovery;
pub mod elasticache_automatic_failover;
pub mod elasticache_backup;
pub mod multi_az;
pub mod naming_convention;
pub mod nat_per_az;
pub mod no_hardcoded_account_ids;
pub mod outputs_described;
pub mod provider_file_separate;
pub mod provider_versions;
pub mod rds_backup_retention;
pub mod rds_storage_autoscaling;
pub mod required_version;
pub mod s3_lifecycle;
pub mod s3_versioning;
pub mod sensitive_outputs;
pub mod tag_coverage;

use crate::eval::{Judgement, Value};
use crate::model::{Model, Resource};

/// AWS resource types that accept `tags` and that configurations commonly
/// declare. A resource of another type that writes `tags` (or `tag`
/// blocks) is taggable too; the list only decides which resources are
/// expected to carry tags when they have none. It leaves out types the AWS
/// provider cannot tag (associations, attachments, policies, rules, the
/// split `aws_s3_bucket_*` configurations, aliases, Config recorders…).
pub const TAGGABLE_TYPES: &[&str] = &[
    "aws_accessanalyzer_analyzer",
    "aws_acm_certificate",
    "aws_alb",
    "aws_alb_target_group",
    "aws_ami",
    "aws_api_gateway_rest_api",
    "aws_api_gateway_stage",
    "aws_apigatewayv2_api",
    "aws_apigatewayv2_stage",
    "aws_athena_workgroup",
    "aws_autoscaling_group",
    "aws_backup_plan",
    "aws_backup_vault",
    "aws_cloudfront_distribution",
    "aws_cloudtrail",
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_codebuild_project",
    "aws_codepipeline",
    "aws_cognito_user_pool",
    "aws_config_config_rule",
    "aws_customer_gateway",
    "aws_db_instance",
    "aws_db_option_group",
    "aws_db_parameter_group",
    "aws_db_subnet_group",
    "aws_default_network_acl",
    "aws_default_route_table",
    "aws_default_security_group",
    "aws_default_vpc",
    "aws_docdb_cluster",
    "aws_dynamodb_table",
    "aws_ebs_volume",
    "aws_ec2_transit_gateway",
    "aws_ecr_repository",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_ecs_task_definition",
    "aws_efs_file_system",
    "aws_eip",
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_elasticache_subnet_group",
    "aws_elasticsearch_domain",
    "aws_elb",
    "aws_flow_log",
    "aws_glue_job",
    "aws_guardduty_detector",
    "aws_iam_instance_profile",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_user",
    "aws_instance",
    "aws_internet_gateway",
    "aws_key_pair",
    "aws_kinesis_firehose_delivery_stream",
    "aws_kinesis_stream",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_launch_template",
    "aws_lb",
    "aws_lb_listener",
    "aws_lb_listener_rule",
    "aws_lb_target_group",
    "aws_mq_broker",
    "aws_msk_cluster",
    "aws_nat_gateway",
    "aws_neptune_cluster",
    "aws_network_acl",
    "aws_network_interface",
    "aws_networkfirewall_firewall",
    "aws_opensearch_domain",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_rds_cluster_parameter_group",
    "aws_redshift_cluster",
    "aws_route53_zone",
    "aws_route_table",
    "aws_s3_bucket",
    "aws_secretsmanager_secret",
    "aws_security_group",
    "aws_sfn_state_machine",
    "aws_sns_topic",
    "aws_sqs_queue",
    "aws_ssm_parameter",
    "aws_subnet",
    "aws_vpc",
    "aws_vpc_endpoint",
    "aws_vpc_peering_connection",
    "aws_vpn_connection",
    "aws_vpn_gateway",
    "aws_wafv2_ip_set",
    "aws_wafv2_rule_group",
    "aws_wafv2_web_acl",
];

/// Whether a managed resource is expected to carry tags: its type is in
/// [`TAGGABLE_TYPES`], or it writes `tags` / `tag` blocks itself.
#[must_use]
pub fn is_taggable(resource: &Resource) -> bool {
    TAGGABLE_TYPES.contains(&resource.resource_type.as_str())
        || resource.body().attr("tags").is_some()
        || resource.body().block("tag").is_some()
}

/// Whether a resource writes tags itself: `Holds` for a `tags` map that
/// is not known to be empty (an input or a `merge(...)` counts) or `tag`
/// blocks (`aws_autoscaling_group`); `Violated` for no tags, `null` or
/// `{}`; `Unknown` for a conditional that may select no tags.
#[must_use]
pub fn own_tags(resource: &Resource) -> Judgement {
    if resource.body().block("tag").is_some() {
        return Judgement::Holds;
    }
    let Some(attr) = resource.body().attr("tags") else {
        return Judgement::Violated;
    };
    if attr.value == Value::Unknown {
        // An input or an expression only known after apply: a tags map.
        return Judgement::Holds;
    }
    attr.value.judge(&|v| match v {
        Value::Null => Some(false),
        Value::Object(map) => Some(!map.is_empty()),
        _ => Some(true),
    })
}

/// The alias of the AWS provider configuration a resource uses: `None` for
/// the default one, `Some("west")` for `provider = aws.west`.
pub(crate) fn provider_alias(resource: &Resource) -> Option<String> {
    let attr = resource.body().attr("provider")?;
    attr.references
        .iter()
        .find_map(|r| r.strip_prefix("aws.").map(str::to_owned))
}

/// Whether the AWS provider configuration a resource uses (in its module)
/// declares `default_tags`, so every taggable resource gets tags.
#[must_use]
pub fn default_tags_cover(model: &Model, resource: &Resource) -> bool {
    let alias = provider_alias(resource);
    model
        .modules
        .get(resource.module)
        .into_iter()
        .flat_map(|m| m.providers.iter())
        .filter(|p| p.name == "aws")
        .filter(|p| p.body.value("alias").and_then(Value::as_str) == alias.as_deref())
        .any(|p| p.body.block("default_tags").is_some())
}

/// Resources whose `count`/`for_each` make them several instances, as a
/// number: `None` when unknown.
#[must_use]
pub fn instances(resource: &Resource) -> Option<u64> {
    match resource.multiplicity {
        crate::model::Multiplicity::One => Some(1),
        crate::model::Multiplicity::Known(n) => Some(n),
        crate::model::Multiplicity::Unknown => None,
    }
}
