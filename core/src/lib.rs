#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod input;
pub mod parse;
pub mod source;
pub mod inventory;
pub mod eval;
pub mod model;

pub use input::{InputFile, InputSet};
pub use inventory::{inventory, Inventory};
