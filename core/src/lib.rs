#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod analysis;
pub mod compare;
pub mod eval;
pub mod input;
pub mod inventory;
pub mod model;
pub mod parse;
pub mod profile;
pub mod prompt;
pub mod report;
pub mod rules;
pub mod suppress;
pub mod validate;

pub use analysis::{analyze, AnalysisOptions};
pub use input::{FileKind, InputFile, InputSet};
pub use inventory::{inventory, Inventory};
pub use parse::{read_input, ParseError, ParsedFile, ReadDiagnostic, ReadInput};
pub use profile::{Profile, Requirements};
pub use report::Report;
