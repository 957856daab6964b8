//! A first look at an input set: which files parse, and how many resources of
//! each type they declare.

use crate::input::InputSet;
use crate::parse::{read_input, ParseError};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct FileStatus {
    pub path: String,
    pub error: Option<ParseError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    pub files: Vec<FileStatus>,
    pub resources_by_type: BTreeMap<String, usize>,
}

/// Parses every file and counts `resource` blocks by type.
#[must_use]
pub fn inventory(input: &InputSet) -> Inventory {
    let mut files = Vec::new();
    let mut resources_by_type = BTreeMap::new();
    for parsed in read_input(input).files {
        let path = parsed.source.path;
        match parsed.body {
            Ok(body) => {
                for block in body.blocks() {
                    if block.ident.as_str() == "resource" {
                        if let Some(label) = block.labels.first() {
                            *resources_by_type
                                .entry(label.as_str().to_owned())
                                .or_insert(0) += 1;
                        }
                    }
                }
                files.push(FileStatus { path, error: None });
            }
            Err(error) => files.push(FileStatus {
                path,
                error: Some(error),
            }),
        }
    }
    Inventory {
        files,
        resources_by_type,
    }
}
