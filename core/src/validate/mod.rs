//! Validity: what `terraform validate`, `plan` or the AWS API would reject,
//! read from the model. The VAL controls (`rules/val/`) judge with these
//! helpers.

pub mod aws_values;
pub mod declarations;
pub mod locate;
