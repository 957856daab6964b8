//! Evaluation of HCL expressions without a cloud: what can be known statically
//! becomes a [`Value`]; everything else is [`Value::Unknown`].

mod value;

pub use value::{Judgement, Value};
