//! TST: Testing & Validation.

pub mod canonical_format;
pub mod conditions_present;
pub mod tests_present;
pub mod variable_validation;
pub mod variables_typed_described;
