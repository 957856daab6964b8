//! SEC: Security Controls — network exposure, data exposure and secrets.

pub mod alb_drop_invalid_headers;
pub mod db_credentials_managed;
pub mod db_sg_no_egress;
pub mod default_sg_closed;
pub mod ec2_imdsv2;
pub mod network_acls;
pub mod no_hardcoded_secrets;
pub mod private_subnets_present;
pub mod rds_not_public;
pub mod rds_private_subnets;
pub mod s3_no_public_acl;
pub mod s3_public_access_block;
pub mod sg_chained_sources;
pub mod sg_no_world_admin_or_db;
pub mod sg_rule_descriptions;
pub mod sg_world_ingress_web_only;
pub mod subnet_no_auto_public_ip;
pub mod waf_managed_rules;
pub mod waf_on_alb;
pub mod waf_rate_limit;
