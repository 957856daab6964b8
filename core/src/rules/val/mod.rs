//! VAL: Validity (what `terraform validate`, `plan` or the AWS API would
//! reject).

pub mod count_and_for_each;
pub mod duplicate_declarations;
pub mod kms_deletion_window_range;
pub mod lambda_runtimes;
pub mod log_retention_values;
pub mod missing_files;
pub mod rds_engine_versions;
pub mod reference_cycles;
pub mod resource_names;
pub mod s3_bucket_names;
pub mod undeclared_references;
pub mod waf_log_destination;
