//! ENC: Encryption Strategy — encryption at rest and in transit, and the
//! management of the keys that do it.

pub mod alb_https_only;
pub mod api_gateway_cache_encrypted;
pub mod backup_vault_customer_key;
pub mod cloudfront_tls12;
pub mod cloudfront_viewer_https;
pub mod cloudtrail_kms;
pub mod customer_managed_key_present;
pub mod docdb_encrypted;
pub mod dynamodb_customer_key;
pub mod ebs_encrypted;
pub mod efs_encrypted;
pub mod eks_secrets_encrypted;
pub mod elasticache_encrypted_at_rest;
pub mod elasticache_encrypted_in_transit;
pub mod kinesis_stream_encrypted;
pub mod kms_deletion_window;
pub mod kms_key_policy_explicit;
pub mod kms_key_rotation;
pub mod log_group_kms;
pub mod msk_encryption_in_transit;
pub mod opensearch_encrypted_at_rest;
pub mod opensearch_node_to_node_encryption;
pub mod rds_encrypted;
pub mod rds_transport_encryption;
pub mod redshift_encrypted;
pub mod s3_deny_unencrypted_uploads;
pub mod s3_encryption_kms;
pub mod s3_secure_transport;
pub mod secret_kms;
pub mod sns_kms;
pub mod sqs_encrypted;
