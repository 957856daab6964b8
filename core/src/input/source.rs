//! Source files as the analysis sees them: text, path and the mapping of byte
//! offsets to one-based line and column numbers.
//!
//! Not every text the parser sees is the text the user wrote: a block
//! extracted from a Markdown answer is a slice of a larger file, and a
//! `.tf.json` file is rendered to native syntax before parsing. Either way
//! the syntax tree's byte spans refer to [`SourceFile::text`], while
//! [`SourceFile::position`] answers with the line and column of the file the
//! user has in front of them. Always go through `position`; never add
//! `line_offset` by hand.

use line_index::{LineIndex, TextSize};
use serde::Serialize;

/// Index of a file in [`crate::parse::ReadInput::files`].
pub type FileId = usize;

/// One file of Terraform text, possibly extracted from a Markdown answer or
/// converted from Terraform JSON.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown in reports, relative to the input root (`/` separators).
    pub path: String,
    /// The text that was parsed: without a byte-order mark, lone CR line
    /// endings turned into LF (same length, so nothing moves).
    pub text: String,
    /// Added to every line number of a plain file (see [`SourceFile::new`]).
    /// Files with a line map (Markdown extracts) or anchors (JSON) ignore it.
    pub line_offset: u32,
    line_index: LineIndex,
    origin: Origin,
}

/// Where the lines of [`SourceFile::text`] come from.
#[derive(Debug, Clone, Default)]
enum Origin {
    /// The text is the file (after `line_offset`).
    #[default]
    Direct,
    /// One entry per line of the text: where that line sits in the original.
    Lines(Vec<LineOrigin>),
    /// Generated text: positions are those of the nearest preceding anchor.
    Anchors(Vec<Anchor>),
}

/// The original place of one line of an extracted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineOrigin {
    /// One-based line number in the original file.
    pub line: u32,
    /// Characters of the original line that precede the extracted line (a
    /// fence's indentation, a block quote's `> `).
    pub column_shift: u32,
}

/// A point of a generated text that stands for a position of the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// Byte offset in the generated text.
    pub offset: usize,
    /// Position in the original file.
    pub position: Position,
}

/// A one-based position in a file, columns counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    /// A file whose text is the user's text, shifted down by `line_offset`
    /// lines.
    #[must_use]
    pub fn new(path: impl Into<String>, text: impl Into<String>, line_offset: u32) -> Self {
        let text = text.into();
        let line_index = LineIndex::new(&text);
        Self {
            path: path.into(),
            text,
            line_offset,
            line_index,
            origin: Origin::Direct,
        }
    }

    /// An extracted text with one [`LineOrigin`] per line (`lines[i]` for
    /// line `i`, zero-based). Lines past the end of the map continue from
    /// the last entry.
    #[must_use]
    pub fn with_line_map(
        path: impl Into<String>,
        text: impl Into<String>,
        lines: Vec<LineOrigin>,
    ) -> Self {
        let mut file = Self::new(path, text, 0);
        file.line_offset = lines
            .first()
            .map_or(0, |first| first.line.saturating_sub(1));
        file.origin = Origin::Lines(lines);
        file
    }

    /// A generated text whose positions are given by anchors (sorted by
    /// offset; unsorted input is sorted here).
    #[must_use]
    pub fn with_anchors(
        path: impl Into<String>,
        text: impl Into<String>,
        mut anchors: Vec<Anchor>,
    ) -> Self {
        anchors.sort_by_key(|anchor| anchor.offset);
        let mut file = Self::new(path, text, 0);
        file.origin = Origin::Anchors(anchors);
        file
    }

    /// Whether [`SourceFile::text`] was generated (from Terraform JSON), so
    /// that slices of it are not what the user wrote.
    #[must_use]
    pub fn is_generated(&self) -> bool {
        matches!(self.origin, Origin::Anchors(_))
    }

    /// Line and column, in the file the user wrote, of a byte offset of
    /// [`SourceFile::text`] (clamped to the text).
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        if let Origin::Anchors(anchors) = &self.origin {
            let index = anchors.partition_point(|anchor| anchor.offset <= offset);
            return match index.checked_sub(1).and_then(|i| anchors.get(i)) {
                Some(anchor) => anchor.position,
                None => Position { line: 1, column: 1 },
            };
        }
        let (line, column) = self.text_line_column(offset);
        match &self.origin {
            Origin::Lines(lines) => {
                let origin = lines.get(line as usize).copied().or_else(|| {
                    let last = lines.last()?;
                    let beyond = line.saturating_sub(u32::try_from(lines.len()).ok()?) + 1;
                    Some(LineOrigin {
                        line: last.line.saturating_add(beyond),
                        column_shift: 0,
                    })
                });
                match origin {
                    Some(origin) => Position {
                        line: origin.line,
                        column: column.saturating_add(origin.column_shift).saturating_add(1),
                    },
                    None => Position {
                        line: line.saturating_add(1),
                        column: column + 1,
                    },
                }
            }
            Origin::Direct | Origin::Anchors(_) => Position {
                line: line.saturating_add(1).saturating_add(self.line_offset),
                column: column.saturating_add(1),
            },
        }
    }

    /// Zero-based line and column (in chars) within [`SourceFile::text`].
    fn text_line_column(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let size = TextSize::try_from(offset).unwrap_or(TextSize::new(u32::MAX));
        let line_col = self.line_index.line_col(size);
        let line_start = offset.saturating_sub(line_col.col as usize);
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count());
        (line_col.line, u32::try_from(column).unwrap_or(u32::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_positions_count_chars_and_apply_offset() {
        let file = SourceFile::new("a.tf", "ab\nçd = 1\n", 10);
        assert_eq!(
            file.position(0),
            Position {
                line: 11,
                column: 1
            }
        );
        // `d` is the second char of line 2, after a two-byte `ç`.
        assert_eq!(
            file.position(5),
            Position {
                line: 12,
                column: 2
            }
        );
        assert_eq!(
            file.position(4),
            Position {
                line: 12,
                column: 1
            },
            "inside a char"
        );
        assert_eq!(file.position(999).line, 13, "clamped to the end");
    }

    #[test]
    fn line_map_gives_original_lines_and_columns() {
        let lines = vec![
            LineOrigin {
                line: 7,
                column_shift: 2,
            },
            LineOrigin {
                line: 8,
                column_shift: 2,
            },
            LineOrigin {
                line: 20,
                column_shift: 0,
            },
        ];
        let file = SourceFile::with_line_map("x.tf", "a\nb = 1\nc\nd\n", lines);
        assert_eq!(file.position(0), Position { line: 7, column: 3 });
        assert_eq!(file.position(6), Position { line: 8, column: 7 });
        assert_eq!(
            file.position(8),
            Position {
                line: 20,
                column: 1
            }
        );
        assert_eq!(
            file.position(10),
            Position {
                line: 21,
                column: 1
            },
            "beyond the map"
        );
    }

    #[test]
    fn anchors_give_the_nearest_preceding_position() {
        let anchors = vec![
            Anchor {
                offset: 5,
                position: Position { line: 3, column: 4 },
            },
            Anchor {
                offset: 0,
                position: Position { line: 1, column: 1 },
            },
        ];
        let file = SourceFile::with_anchors("x.tf.json", "0123456789", anchors);
        assert_eq!(file.position(2), Position { line: 1, column: 1 });
        assert_eq!(file.position(7), Position { line: 3, column: 4 });
        assert!(file.is_generated());
    }
}
