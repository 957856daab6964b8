//! One component per file.

pub mod bars;
pub mod comparison;
pub mod controls_table;
pub mod docs_dialog;
pub mod editor;
pub mod gallery;
pub mod options;
pub mod report;
pub mod summary;
pub mod toolbar;
