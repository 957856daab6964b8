#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod eval;
pub mod input;
pub mod inventory;
pub mod markdown;
pub mod model;
pub mod parse;
pub mod profile;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod tfjson;

pub use input::{FileKind, InputFile, InputSet};
pub use inventory::{inventory, Inventory};
pub use parse::{read_input, ParseError, ParsedFile, ReadDiagnostic, ReadInput};
