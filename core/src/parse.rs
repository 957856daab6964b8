//! Parsing Terraform text into hcl-edit syntax trees that keep byte spans.

use crate::source::{Position, SourceFile};
use serde::Serialize;

/// Why a file could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// A parsed file: its syntax tree, or the error that stopped parsing.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub source: SourceFile,
    pub body: Result<hcl_edit::structure::Body, ParseError>,
}

/// Parses one HCL file.
#[must_use]
pub fn parse_file(source: SourceFile) -> ParsedFile {
    let body = hcl_edit::parser::parse_body(&source.text).map_err(|e| {
        let loc = e.location();
        let pos = Position { line: loc.line() as u32, column: loc.column() as u32 };
        ParseError {
            line: pos.line + source.line_offset,
            column: pos.column,
            message: e.message().to_string(),
        }
    });
    ParsedFile { source, body }
}
