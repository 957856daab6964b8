//! The explicit list of every control, in report order (category, then ID).
//!
//! No auto-registration: on wasm it would need constructor calls, and an
//! explicit list is easy to review. `tests/docs.rs` fails when a control
//! file under `rules/*/` is missing here.

use super::control::Control;
use super::{enc, sec};

/// Every control.
pub static CONTROLS: &[&Control] = &[
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
];

/// A control by ID (case-insensitive) or slug.
#[must_use]
pub fn control_by_id(id: &str) -> Option<&'static Control> {
    CONTROLS
        .iter()
        .copied()
        .find(|c| c.id.eq_ignore_ascii_case(id) || c.slug.eq_ignore_ascii_case(id))
}
