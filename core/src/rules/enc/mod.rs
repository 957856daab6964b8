//! ENC: Encryption Strategy — encryption at rest and in transit, and the
//! management of the keys that do it.

pub mod alb_https_only;
pub mod cloudtrail_kms;
pub mod customer_managed_key_present;
pub mod ebs_encrypted;
pub mod kms_deletion_window;
pub mod kms_key_policy_explicit;
pub mod kms_key_rotation;
pub mod log_group_kms;
pub mod rds_encrypted;
pub mod s3_deny_unencrypted_uploads;
pub mod s3_encryption_kms;
pub mod s3_secure_transport;
pub mod secret_kms;
pub mod sns_kms;
