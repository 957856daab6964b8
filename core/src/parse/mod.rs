//! Reading an input set: classifying files, decoding bytes, extracting HCL
//! from Markdown answers, converting Terraform JSON, and parsing everything
//! into hcl-edit syntax trees that keep byte spans.
//!
//! [`read_input`] is the single entry point the model builder calls. It never
//! panics and never stops at a bad file: every problem is recorded on the
//! file it concerns, so every other file is still analysed (RUBRIC 1).

mod decode;
mod duplicates;
mod numbers;

use crate::input::markdown::extract_files;
use crate::input::source::{Position, SourceFile};
use crate::input::tfjson;
use crate::input::{
    count_test_cases, normalize_path, FileKind, InputFile, InputSet, PathNumbering,
};
use crate::model::TestFile;
use hcl_edit::structure::Body;
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;

pub use decode::{NOT_UTF8_MESSAGE, NUL_BYTE_MESSAGE};

/// How the error of an entry that could not be read begins (the reason
/// follows).
pub const UNREADABLE_PREFIX: &str = "not analysed: ";

/// Why a file could not be parsed, and where: one-based line and column in
/// the file the user wrote (a Markdown answer's own lines, a JSON file's own
/// lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl ParseError {
    fn at(position: Position, message: impl Into<String>) -> Self {
        Self {
            line: position.line,
            column: position.column,
            message: message.into(),
        }
    }
}

/// A problem found while reading a file that did not stop parsing, such as a
/// duplicate object key. The range is in bytes of [`SourceFile::text`]; the
/// model builder turns it into a [`crate::model::Diagnostic`] with the file's
/// id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadDiagnostic {
    pub range: Range<usize>,
    pub message: String,
}

/// One Terraform-syntax file: its text, what it is, and its syntax tree or the
/// error that stopped parsing.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub source: SourceFile,
    /// `Terraform`, `TerraformJson`, `TfVars`, `TfVarsJson` or `TfTest`
    /// (a Markdown block's kind is that of the name it was given).
    pub kind: FileKind,
    /// The tree. Objects with duplicate keys hold only the last occurrence
    /// (Terraform's value); each dropped key is in `diagnostics`. For JSON
    /// files the tree is that of the rendered native text (see
    /// [`crate::input::tfjson`]).
    pub body: Result<Body, ParseError>,
    pub diagnostics: Vec<ReadDiagnostic>,
    /// The Markdown answer this file was extracted from, if any.
    pub markdown: Option<String>,
}

impl ParsedFile {
    /// The number of `run` blocks of a `.tftest.hcl` file (its test cases);
    /// `None` for other kinds or when the file did not parse.
    #[must_use]
    pub fn test_run_count(&self) -> Option<usize> {
        if self.kind != FileKind::TfTest {
            return None;
        }
        let body = self.body.as_ref().ok()?;
        Some(
            body.blocks()
                .filter(|block| block.ident.as_str() == "run")
                .count(),
        )
    }
}

/// Everything [`read_input`] found. The `FileId` of a file is its index in
/// `files`.
#[derive(Debug, Clone, Default)]
pub struct ReadInput {
    /// Terraform-syntax files, sorted by path (paths are unique).
    pub files: Vec<ParsedFile>,
    /// Non-Terraform test files with their counted cases, sorted by path.
    pub test_files: Vec<TestFile>,
    /// Paths of files that are neither Terraform nor tests, sorted. Includes
    /// blocks of Markdown answers named like `terraform.tfvars.example`.
    pub ignored: Vec<String>,
}

/// Reads and parses a whole input set. The result depends only on the
/// input (files are sorted by path; same-path files keep input order).
#[must_use]
pub fn read_input(input: &InputSet) -> ReadInput {
    assemble(input.files.iter().map(read_file).collect())
}

/// Reads one input file on its own: the unit of work a caller may spread
/// over threads (the core itself has none) before [`assemble`] joins the
/// parts in input order.
#[must_use]
pub fn read_file(file: &InputFile) -> ReadInput {
    let mut read = ReadInput::default();
    let path = normalize_path(&file.path);
    if let Some(reason) = &file.unreadable {
        let kind = FileKind::of_path(&path);
        let error = ParseError {
            line: 1,
            column: 1,
            message: format!("{UNREADABLE_PREFIX}{reason}"),
        };
        let source = SourceFile::new(path, String::new(), 0);
        read.files.push(ParsedFile::failed(source, kind, error));
        return read;
    }
    match FileKind::of_path(&path) {
        FileKind::Ignored => read.ignored.push(path),
        FileKind::OtherTest => {
            let text = decode::decode(&file.bytes).text;
            let cases = count_test_cases(&path, &text);
            read.test_files.push(TestFile { path, cases });
        }
        FileKind::Markdown => read_markdown(path, &file.bytes, &mut read),
        kind => read.files.push(read_terraform(path, &file.bytes, kind)),
    }
    read
}

/// Joins per-file parts (in input order) into what [`read_input`] returns:
/// sorted by path, duplicate paths renamed.
#[must_use]
pub fn assemble(parts: Vec<ReadInput>) -> ReadInput {
    let mut read = ReadInput::default();
    for part in parts {
        read.files.extend(part.files);
        read.test_files.extend(part.test_files);
        read.ignored.extend(part.ignored);
    }
    // Stable sorts: files with the same path keep input order.
    read.files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    make_paths_unique(&mut read.files);
    read.files.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    read.test_files.sort_by(|a, b| a.path.cmp(&b.path));
    read.ignored.sort();
    read.ignored.dedup();
    read
}

/// Reads one `.tf`, `.tfvars`, `.tftest.hcl`, `.tf.json` or `.tfvars.json`
/// file.
#[must_use]
pub fn read_terraform(path: String, bytes: &[u8], kind: FileKind) -> ParsedFile {
    let decoded = decode::decode(bytes);
    let plain = SourceFile::new(path, decoded.text, 0);
    if let Some(problem) = decoded.problem {
        let error = ParseError::at(plain.position(problem.offset), problem.message);
        return ParsedFile::failed(plain, kind, error);
    }
    if matches!(kind, FileKind::TerraformJson | FileKind::TfVarsJson) {
        return match tfjson::convert(&plain.path, &plain.text, kind) {
            Ok(rendered) => parse_source(rendered, kind),
            Err(error) => {
                ParsedFile::failed(plain, kind, ParseError::at(error.position, error.message))
            }
        };
    }
    parse_source(plain, kind)
}

/// Reads a Markdown answer: each extracted file is parsed on its own. A bad
/// byte (invalid UTF-8, NUL) matters only inside an extracted block.
fn read_markdown(path: String, bytes: &[u8], read: &mut ReadInput) {
    let decoded = decode::decode(bytes);
    let extracted = extract_files(&path, &decoded.text);
    let positions = SourceFile::new(path.clone(), decoded.text.clone(), 0);
    for file in extracted {
        // A fenced `hcl` block holds native syntax whatever its name says.
        let kind = match file.kind {
            FileKind::TerraformJson => FileKind::Terraform,
            FileKind::TfVarsJson => FileKind::TfVars,
            kind if kind.is_terraform_syntax() => kind,
            _ => {
                read.ignored.push(file.source.path);
                continue;
            }
        };
        let problem = decoded.problems.iter().find(|problem| {
            file.markdown_ranges
                .iter()
                .any(|range| range.contains(&problem.offset))
        });
        let mut parsed = match problem {
            Some(problem) => {
                let error = ParseError::at(positions.position(problem.offset), problem.message);
                ParsedFile::failed(file.source, kind, error)
            }
            None => parse_source(file.source, kind),
        };
        parsed.markdown = Some(path.clone());
        read.files.push(parsed);
    }
}

/// Parses one file of native syntax (accepting duplicate object keys as
/// Terraform does: the later value wins and each earlier key is reported
/// in `diagnostics`).
#[must_use]
pub fn parse_source(source: SourceFile, kind: FileKind) -> ParsedFile {
    let mut text = std::borrow::Cow::Borrowed(source.text.as_str());
    let mut fixes = 0;
    loop {
        match duplicates::parse_body_tolerant(&text) {
            Ok((body, diagnostics)) => {
                return ParsedFile {
                    source,
                    kind,
                    body: Ok(body),
                    diagnostics,
                    markdown: None,
                }
            }
            Err(error) => {
                let offset = error.location().offset();
                if fixes < MAX_NUMBER_FIXES {
                    if let Some(fixed) = numbers::clamp_number_at(&text, offset) {
                        text = std::borrow::Cow::Owned(fixed);
                        fixes += 1;
                        continue;
                    }
                }
                let error = ParseError::at(source.position(offset), error.message());
                return ParsedFile::failed(source, kind, error);
            }
        }
    }
}

/// Number literals beyond the range of a float that one file may have
/// replaced (each costs a parse of the file).
const MAX_NUMBER_FIXES: usize = 16;

/// Parses one `.tf` file whose text is already decoded.
#[must_use]
pub fn parse_file(source: SourceFile) -> ParsedFile {
    parse_source(source, FileKind::Terraform)
}

impl ParsedFile {
    fn failed(source: SourceFile, kind: FileKind, error: ParseError) -> Self {
        Self {
            source,
            kind,
            body: Err(error),
            diagnostics: Vec::new(),
            markdown: None,
        }
    }
}

/// Gives files that share a path (the same file given twice, `a.tf` and
/// `./a.tf`) distinct paths `a~2.tf`, `a~3.tf`, … so that paths identify
/// files in reports. Expects `files` sorted by path.
fn make_paths_unique(files: &mut [ParsedFile]) {
    let mut seen = HashSet::new();
    let repeated: Vec<bool> = files
        .iter()
        .map(|file| !seen.insert(file.source.path.clone()))
        .collect();
    // Every given path is taken, so a renamed file never takes the path of a
    // file that comes later.
    let mut numbering = PathNumbering::default();
    numbering.reserve(files.iter().map(|file| file.source.path.as_str()));
    for (file, repeated) in files.iter_mut().zip(repeated) {
        if repeated {
            file.source.path = numbering.claim(&file.source.path);
        }
    }
}

#[cfg(test)]
mod tests;
