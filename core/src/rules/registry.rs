//! The explicit list of every control, in report order (category, then ID).
//!
//! No auto-registration: on wasm it would need constructor calls, and an
//! explicit list is easy to review. `tests/docs.rs` fails when a control
//! file under `rules/*/` is missing here.

use super::control::Control;
use super::{aln, cmp, enc, iam, mon, ops, sec, tst};

/// Every control.
pub static CONTROLS: &[&Control] = &[
    // ALN: Task Understanding
    &aln::required_services_present::CONTROL,
    &aln::required_settings_honored::CONTROL,
    &aln::reference_overlap::CONTROL,
    &aln::requested_file_layout::CONTROL,
    // SEC: Security Controls
    &sec::s3_public_access_block::CONTROL,
    &sec::s3_no_public_acl::CONTROL,
    &sec::sg_no_world_admin_or_db::CONTROL,
    &sec::sg_world_ingress_web_only::CONTROL,
    &sec::db_sg_no_egress::CONTROL,
    &sec::sg_chained_sources::CONTROL,
    &sec::sg_rule_descriptions::CONTROL,
    &sec::subnet_no_auto_public_ip::CONTROL,
    &sec::rds_not_public::CONTROL,
    &sec::rds_private_subnets::CONTROL,
    &sec::ec2_imdsv2::CONTROL,
    &sec::waf_on_alb::CONTROL,
    &sec::waf_managed_rules::CONTROL,
    &sec::waf_rate_limit::CONTROL,
    &sec::network_acls::CONTROL,
    &sec::default_sg_closed::CONTROL,
    &sec::alb_drop_invalid_headers::CONTROL,
    &sec::no_hardcoded_secrets::CONTROL,
    &sec::db_credentials_managed::CONTROL,
    &sec::private_subnets_present::CONTROL,
    // CMP: Compliance & Governance
    &cmp::cloudtrail_enabled::CONTROL,
    &cmp::cloudtrail_multi_region::CONTROL,
    &cmp::cloudtrail_log_validation::CONTROL,
    &cmp::cloudtrail_cloudwatch::CONTROL,
    &cmp::cloudtrail_data_events::CONTROL,
    &cmp::cloudtrail_bucket_policy::CONTROL,
    &cmp::config_recorder::CONTROL,
    &cmp::config_delivery_channel::CONTROL,
    &cmp::config_recorder_enabled::CONTROL,
    &cmp::config_rules::CONTROL,
    &cmp::vpc_flow_logs::CONTROL,
    &cmp::guardduty_enabled::CONTROL,
    &cmp::securityhub_enabled::CONTROL,
    &cmp::s3_access_logging::CONTROL,
    // ENC: Encryption Strategy
    &enc::kms_key_rotation::CONTROL,
    &enc::customer_managed_key_present::CONTROL,
    &enc::kms_deletion_window::CONTROL,
    &enc::kms_key_policy_explicit::CONTROL,
    &enc::s3_encryption_kms::CONTROL,
    &enc::rds_encrypted::CONTROL,
    &enc::ebs_encrypted::CONTROL,
    &enc::log_group_kms::CONTROL,
    &enc::sns_kms::CONTROL,
    &enc::secret_kms::CONTROL,
    &enc::cloudtrail_kms::CONTROL,
    &enc::s3_deny_unencrypted_uploads::CONTROL,
    &enc::alb_https_only::CONTROL,
    &enc::s3_secure_transport::CONTROL,
    &enc::elasticache_encrypted_at_rest::CONTROL,
    &enc::elasticache_encrypted_in_transit::CONTROL,
    &enc::efs_encrypted::CONTROL,
    &enc::opensearch_encrypted_at_rest::CONTROL,
    &enc::opensearch_node_to_node_encryption::CONTROL,
    &enc::redshift_encrypted::CONTROL,
    &enc::docdb_encrypted::CONTROL,
    &enc::eks_secrets_encrypted::CONTROL,
    &enc::cloudfront_viewer_https::CONTROL,
    &enc::cloudfront_tls12::CONTROL,
    &enc::msk_encryption_in_transit::CONTROL,
    &enc::sqs_encrypted::CONTROL,
    &enc::dynamodb_customer_key::CONTROL,
    &enc::backup_vault_customer_key::CONTROL,
    &enc::api_gateway_cache_encrypted::CONTROL,
    // MON: Monitoring & Alerting
    &mon::alert_topic::CONTROL,
    &mon::alarm_root_usage::CONTROL,
    &mon::alarm_unauthorized_api::CONTROL,
    &mon::alarm_console_login_failures::CONTROL,
    &mon::alarms_have_actions::CONTROL,
    &mon::filters_have_alarms::CONTROL,
    &mon::log_retention::CONTROL,
    &mon::rds_log_exports::CONTROL,
    &mon::rds_monitoring::CONTROL,
    &mon::ec2_detailed_monitoring::CONTROL,
    &mon::alb_access_logs::CONTROL,
    // IAM: IAM & Access Control
    &iam::no_wildcard_actions::CONTROL,
    &iam::no_wildcard_resources::CONTROL,
    &iam::mfa_enforced::CONTROL,
    &iam::password_policy::CONTROL,
    &iam::no_user_attached_policies::CONTROL,
    &iam::no_admin_policy::CONTROL,
    &iam::trust_policy_scoped::CONTROL,
    &iam::no_static_access_keys::CONTROL,
    &iam::bucket_policy_no_public_principal::CONTROL,
    // TST: Testing & Validation
    &tst::tests_present::CONTROL,
    &tst::variables_typed_described::CONTROL,
    &tst::variable_validation::CONTROL,
    &tst::conditions_present::CONTROL,
    &tst::canonical_format::CONTROL,
    // OPS: Production Readiness
    &ops::required_version::CONTROL,
    &ops::provider_versions::CONTROL,
    &ops::backend_configured::CONTROL,
    &ops::default_tags::CONTROL,
    &ops::tag_coverage::CONTROL,
    &ops::multi_az::CONTROL,
    &ops::nat_per_az::CONTROL,
    &ops::rds_backup_retention::CONTROL,
    &ops::deletion_protection::CONTROL,
    &ops::s3_versioning::CONTROL,
    &ops::s3_lifecycle::CONTROL,
    &ops::outputs_described::CONTROL,
    &ops::sensitive_outputs::CONTROL,
    &ops::naming_convention::CONTROL,
    &ops::provider_file_separate::CONTROL,
    &ops::no_hardcoded_account_ids::CONTROL,
    &ops::rds_storage_autoscaling::CONTROL,
];

/// A control by ID (case-insensitive) or slug.
#[must_use]
pub fn control_by_id(id: &str) -> Option<&'static Control> {
    CONTROLS
        .iter()
        .copied()
        .find(|c| c.id.eq_ignore_ascii_case(id) || c.slug.eq_ignore_ascii_case(id))
}
