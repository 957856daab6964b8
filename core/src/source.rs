//! Source files as the analysis sees them: text, path and the mapping of byte
//! offsets to one-based line and column numbers.

use line_index::{LineIndex, TextSize};
use serde::Serialize;

/// Index of a file in an [`crate::InputSet`]'s list of source files.
pub type FileId = usize;

/// One file of Terraform text, possibly extracted from a Markdown answer.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown in reports, relative to the input root (`/` separators).
    pub path: String,
    /// The text, with a leading byte-order mark removed.
    pub text: String,
    /// Added to every line number: a block extracted from Markdown keeps the
    /// line numbers it has in the Markdown file.
    pub line_offset: u32,
    line_index: LineIndex,
}

/// A one-based position in a file, columns counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    #[must_use]
    pub fn new(path: impl Into<String>, text: impl Into<String>, line_offset: u32) -> Self {
        let text = text.into();
        let line_index = LineIndex::new(&text);
        Self { path: path.into(), text, line_offset, line_index }
    }

    /// Line and column of a byte offset (clamped to the text).
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let size = TextSize::try_from(offset).unwrap_or(TextSize::new(u32::MAX));
        let lc = self.line_index.line_col(size);
        let line_start = offset - lc.col as usize;
        let column = self.text[line_start..offset].chars().count();
        Position {
            line: lc.line + 1 + self.line_offset,
            column: u32::try_from(column).unwrap_or(u32::MAX) + 1,
        }
    }
}
