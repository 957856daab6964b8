//! Extracting Terraform files from a Markdown answer (RUBRIC section 1).
//!
//! Fenced code blocks (` ``` ` or `~~~`, any indentation, inside lists or
//! block quotes, unterminated ones running to the end of the document as
//! CommonMark says) whose info string starts with `hcl`, `terraform` or `tf`
//! (case-insensitive) become files.
//!
//! # Naming
//!
//! A block's file name is, in order of preference:
//!
//! 1. a file name in the info string itself (` ```hcl main.tf`,
//!    ` ```terraform title="main.tf"`, ` ```hcl:main.tf`). An info string
//!    naming another kind of file (` ```hcl user_data.sh`) makes the block
//!    that file: it is listed as ignored, not parsed;
//! 2. the nearest preceding heading, bold/strong text or inline code span
//!    that names a `*.tf`, `*.tfvars` or `*.tftest.hcl` file
//!    (`### provider.tf`, `**main.tf**`, `## File: modules/vpc/main.tf`,
//!    ``Create `outputs.tf`:``). A heading that names no file ends the
//!    previous name's reach (unless no block has used that name yet). A
//!    name applies fully to the first block after it; later blocks under the
//!    same name use it only when their first line does not name a file
//!    itself (a continuation of the same file);
//! 3. a file name in a comment on the block's first non-blank line
//!    (`# provider.tf`, `// main.tf`, `/* main.tf */`);
//! 4. `block-N.tf`, N counting the extracted blocks of the answer from 1.
//!
//! # Paths
//!
//! Extracted files live in a folder named after the Markdown file itself:
//! `lib/MODEL_RESPONSE.md` with `### modules/vpc/main.tf` gives
//! `lib/MODEL_RESPONSE.md/modules/vpc/main.tf`. Such a path cannot clash with
//! a real file (a file is not a folder) nor with another answer in the same
//! input, the module structure of the answer is kept (`modules/vpc` is a
//! sub-module of the answer's root), and a report location such as
//! `lib/MODEL_RESPONSE.md/main.tf:412` says which file line 412 belongs to.
//! A name that starts with the Markdown file's own folder (`lib/main.tf` in
//! `lib/MODEL_RESPONSE.md`) is taken relative to that folder, since answers
//! name files from the repository root.
//!
//! # Blocks of one file
//!
//! Answers often split one file over several blocks, with prose or section
//! headings ("### Networking") between them. A block without a name of its
//! own (none in its info string or first-line comment) is appended to the
//! file before it when it continues that file: it sits under the same file
//! name again (`### main.tf (continued)`), or under a heading that names no
//! file while the answer has named only that one file so far, or it does
//! not open a top-level block (a fragment). Only `.tf` files are joined,
//! and only when the result stays valid syntax: both parts parse on their
//! own, or, for a fragment, the two parse together (a block that holds
//! prose or `...` for omitted code stays a file of its own, so its error
//! does not take the whole file down). Each appended line keeps its
//! Markdown line number. A block that declares again a block the file
//! already has (`resource "aws_vpc" "main"` twice: a summary and a full
//! version) is another version, not a continuation: it becomes
//! `name~2.tf`, `name~3.tf`, … in the same folder (so in the same module),
//! which keeps each version valid where appending would make Terraform
//! reject the file (a block declared twice).

//! # Broken fences
//!
//! Answers are often not quite CommonMark, and the Terraform in them should
//! not suffer for it. Where the author's intent is plain, a block ends where
//! they meant it to (each case seen in the task corpus):
//!
//! * a closing fence glued to the last code line (`}```) ends the block;
//! * a line opening another Terraform block (` ```hcl `) ends a block whose
//!   closing fence is missing; a heading-like comment just before it
//!   (`## lambda.tf`) names the next block;
//! * a fence-like line inside a heredoc (a README with code fences in
//!   `<<-EOT`) does not end the block when the heredoc's end marker follows.
//!
//! Each costs a reparse of the rest of the answer, so at most
//! [`MAX_RESTARTS`] happen per answer.
//!
//! # Positions
//!
//! Lines keep their Markdown line numbers; columns are those of the Markdown
//! line (a fence's indentation or a block quote's `> ` is added back).

use crate::input::source::{LineOrigin, SourceFile};
use crate::input::{normalize_path, FileKind, PathNumbering};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// One file extracted from a Markdown answer.
#[derive(Debug, Clone)]
pub struct ExtractedFile {
    /// The file's text and its map back to Markdown lines and columns.
    pub source: SourceFile,
    /// The kind its name gives it (`Terraform`, `TfVars`, `TfTest`, or
    /// `Ignored` for names like `terraform.tfvars.example`).
    pub kind: FileKind,
    /// Byte ranges of the Markdown text the content was taken from.
    pub markdown_ranges: Vec<Range<usize>>,
}

/// The info-string languages whose blocks are Terraform.
const TERRAFORM_LANGUAGES: [&str; 3] = ["hcl", "terraform", "tf"];

/// File name endings that name a Terraform file in prose. The last three
/// name example files that Terraform does not read; a block under such a
/// name is extracted but classified as ignored.
const NAME_SUFFIXES: [&str; 6] = [
    ".tf",
    ".tfvars",
    ".tftest.hcl",
    ".tfvars.example",
    ".tfvars.sample",
    ".tf.example",
];

/// Extracts the Terraform files of a Markdown answer, in order of first
/// appearance. `markdown_path` is the normalised path of the answer.
#[must_use]
pub fn extract_files(markdown_path: &str, markdown: &str) -> Vec<ExtractedFile> {
    let mut extractor = Extractor {
        markdown_path,
        markdown,
        positions: SourceFile::new(markdown_path, markdown, 0),
        state: ExtractState::default(),
        files: Vec::new(),
        block_number: 0,
        numbering: PathNumbering::default(),
        named: Vec::new(),
        joins_to_try: MAX_FRAGMENT_JOINS,
        restarts_left: MAX_RESTARTS,
    };
    // Each pass parses from `start` to the end, unless a block ends in a way
    // CommonMark does not see (see `Extractor::pass`); the next pass starts
    // after it. `start` only grows, so this ends.
    let mut start = 0;
    while let Some(restart) = extractor.pass(start) {
        if restart <= start || restart >= markdown.len() {
            break;
        }
        start = restart;
    }
    let files: Vec<ExtractedFile> = extractor
        .files
        .into_iter()
        .map(PendingFile::finish)
        .collect();
    if files.is_empty() {
        return unfenced_answer(markdown_path, markdown)
            .into_iter()
            .collect();
    }
    files
}

/// Lines that open a top-level Terraform block.
const BLOCK_OPENERS: [&str; 8] = [
    "resource \"",
    "data \"",
    "module \"",
    "provider \"",
    "variable \"",
    "output \"",
    "terraform {",
    "locals {",
];

/// An answer saved as `.md` that holds bare Terraform (no fenced block at
/// all, but lines opening top-level blocks) is read as `main.tf`: real
/// answers come this way, and dropping them would grade an empty stack.
/// Prose between the blocks is blanked (comments are kept: a Markdown
/// heading is an HCL comment), so lines and columns stay those of the
/// answer.
fn unfenced_answer(markdown_path: &str, markdown: &str) -> Option<ExtractedFile> {
    let mut text = String::with_capacity(markdown.len());
    let mut depth: i64 = 0;
    let mut blocks = 0usize;
    for line in markdown.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            return None;
        }
        let opens = depth <= 0
            && BLOCK_OPENERS
                .iter()
                .any(|opener| content.starts_with(opener));
        let keep = opens
            || depth > 0
            || trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("//");
        if opens {
            blocks += 1;
            depth = 0;
        }
        if keep {
            if depth > 0 || opens {
                let opened = content.matches('{').count();
                let closed = content.matches('}').count();
                depth += i64::try_from(opened).unwrap_or(0) - i64::try_from(closed).unwrap_or(0);
            }
            text.push_str(line);
        } else {
            text.push_str(&line[content.len()..]);
        }
    }
    (blocks > 0).then(|| ExtractedFile {
        source: SourceFile::new(format!("{markdown_path}/main.tf"), text, 0),
        kind: FileKind::Terraform,
        markdown_ranges: std::iter::once(0..markdown.len()).collect(),
    })
}

struct Extractor<'a> {
    markdown_path: &'a str,
    markdown: &'a str,
    positions: SourceFile,
    state: ExtractState,
    files: Vec<PendingFile>,
    block_number: usize,
    numbering: PathNumbering,
    /// File names the answer gave its blocks so far, in order.
    named: Vec<String>,
    /// How many more fragments may be tried against the file before them
    /// (each try parses the file again).
    joins_to_try: usize,
    /// Each restart parses the rest of the Markdown again; bounded so that
    /// a hostile answer cannot make extraction quadratic.
    restarts_left: usize,
}

/// How many times one answer may end a block early (see "Broken fences" in
/// the module documentation); real answers need a handful.
pub const MAX_RESTARTS: usize = 128;

impl Extractor<'_> {
    /// Parses the Markdown from byte `start` (a line start). Returns where to
    /// parse again when a Terraform block ended early:
    ///
    /// * a closing fence written at the end of a code line (`}```), which
    ///   CommonMark takes as content, swallowing the prose and blocks after
    ///   it, while the author clearly meant the block to end there;
    /// * a fence-like line inside a heredoc (a README with code fences in a
    ///   `<<-EOT` string): CommonMark ends the block there, Terraform reads
    ///   on to the heredoc's end marker, and so do we.
    fn pass(&mut self, start: usize) -> Option<usize> {
        let markdown = self.markdown;
        let slice = markdown.get(start..)?;
        for (event, local_range) in Parser::new_ext(slice, Options::empty()).into_offset_iter() {
            let range = local_range.start + start..local_range.end + start;
            match event {
                Event::Start(Tag::Heading { .. }) => self.state.open_text_capture(Capture::Heading),
                Event::End(TagEnd::Heading(_)) => {
                    let text = self.state.close_text_capture();
                    self.state.set_heading_name(find_file_name(&text));
                }
                Event::Start(Tag::Strong) if self.state.capture.is_none() => {
                    self.state.open_text_capture(Capture::Strong);
                }
                Event::End(TagEnd::Strong) if self.state.capture == Some(Capture::Strong) => {
                    let text = self.state.close_text_capture();
                    if let Some(name) = find_file_name(&text) {
                        self.state.set_name(name);
                    }
                }
                Event::Code(code) => {
                    if self.state.capture.is_some() {
                        self.state.captured.push_str(&code);
                    } else if let Some(name) = whole_file_name(code.trim()) {
                        self.state.set_name(name);
                    }
                }
                Event::Text(text) => {
                    if let Some(block) = self.state.block.as_mut() {
                        block.lenient = self.restarts_left > 0;
                        if let Some(restart) =
                            block.push_text(&text, &range, markdown, &self.positions)
                        {
                            let next_name = block.name_for_next_block();
                            self.finish_block();
                            if let Some(name) = next_name {
                                self.state.set_name(name);
                            }
                            self.restarts_left = self.restarts_left.saturating_sub(1);
                            return Some(restart);
                        }
                    } else if self.state.capture.is_some() {
                        self.state.captured.push_str(&text);
                    }
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    if let Some(info_name) = terraform_block_name(&info) {
                        let fence = fence_at(markdown, range.start);
                        self.state.block = Some(BlockBuilder::new(info_name, fence));
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    let lenient = self.restarts_left > 0;
                    let restart = self
                        .state
                        .block
                        .as_mut()
                        .filter(|_| lenient)
                        .and_then(|block| {
                            block.continue_open_heredoc(range.end, markdown, &self.positions)
                        });
                    self.finish_block();
                    if restart.is_some() {
                        self.restarts_left = self.restarts_left.saturating_sub(1);
                        return restart;
                    }
                }
                _ => {}
            }
        }
        // An unterminated fence at the end of a pass ends with the document.
        self.finish_block();
        None
    }

    /// Names the block being read and adds it to its file.
    fn finish_block(&mut self) {
        let Some(block) = self.state.block.take() else {
            return;
        };
        if block.text.trim().is_empty() {
            return;
        }
        self.block_number += 1;
        let own_name = block.info_name.is_some() || first_line_comment_name(&block.text).is_some();
        let inherited = self.state.name.clone();
        let name = self.state.name_for(&block, self.block_number);
        if !own_name {
            if let Some(last) = self.files.last_mut() {
                let single_file = self.named.iter().all(|n| *n == last.name);
                let continues = match &inherited {
                    // Under the same file name again ("### main.tf (continued)").
                    Some(inherited) => *inherited == last.name,
                    // Under a heading that names no file: a section of the one
                    // file the answer names, or a fragment of the last one.
                    None => {
                        !self.named.is_empty()
                            && (single_file || !opens_top_level_block(&block.text))
                    }
                };
                let joins = continues
                    && std::path::Path::new(&last.name)
                        .extension()
                        .is_some_and(|e| e == "tf")
                    && !redeclares(&last.block.text, &block.text)
                    && if opens_top_level_block(&block.text) {
                        // Two valid bodies make a valid body: joining never
                        // breaks what parsed alone.
                        last.parses() && parses(&block.text)
                    } else if self.joins_to_try > 0 {
                        // A fragment of the last block: joined only when the
                        // two make Terraform together.
                        self.joins_to_try -= 1;
                        parses(&format!("{}\n{}", last.block.text, block.text))
                    } else {
                        false
                    };
                if joins {
                    last.append(block);
                    return;
                }
            }
        }
        if !name.starts_with("block-") && !self.named.contains(&name) {
            self.named.push(name.clone());
        }
        let path = extracted_path(self.markdown_path, &name);
        let path = self.numbering.claim(&path);
        self.files.push(PendingFile::new(path, name, block));
    }
}

/// The fence character and length of the fence opening at `offset`.
fn fence_at(markdown: &str, offset: usize) -> Fence {
    let rest = markdown
        .get(offset..)
        .unwrap_or("")
        .trim_start_matches([' ', '\t']);
    let character = if rest.starts_with('~') { '~' } else { '`' };
    let length = rest
        .chars()
        .take_while(|ch| *ch == character)
        .count()
        .max(3);
    Fence { character, length }
}

/// A code fence: ```` ``` ```` or `~~~`, at least three long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fence {
    character: char,
    length: usize,
}

impl Fence {
    /// Whether `line` is a closing fence for this fence.
    fn closes(self, line: &str) -> bool {
        let trimmed = line.trim();
        trimmed.chars().count() >= self.length && trimmed.chars().all(|ch| ch == self.character)
    }

    /// Whether `line` opens a Terraform block with this fence's character.
    fn opens_terraform_block(self, line: &str) -> bool {
        let trimmed = line.trim();
        let info = trimmed.trim_start_matches(self.character);
        trimmed.len() - info.len() >= 3 && !info.is_empty() && terraform_block_name(info).is_some()
    }

    /// The code before a closing fence glued to the end of a code line
    /// (`}```), if `line` is such a line.
    fn code_before_glued_close(self, line: &str) -> Option<&str> {
        let content = line.trim_end();
        let code = content.trim_end_matches(self.character);
        let fence_length = content.len() - code.len();
        (fence_length >= self.length && !code.trim().is_empty()).then_some(code)
    }
}

/// The end marker of a heredoc that `line` opens: a heredoc starts with
/// `<<IDENT` or `<<-IDENT` at the end of a line and ends at a line that is
/// `IDENT` (after indentation).
fn heredoc_opened_by(line: &str) -> Option<String> {
    let line = line.trim_end();
    let start = line.rfind("<<")?;
    let marker = line.get(start + 2..)?;
    let marker = marker.strip_prefix('-').unwrap_or(marker);
    let mut chars = marker.chars();
    let valid = chars
        .next()
        .is_some_and(|ch| ch.is_alphabetic() || ch == '_')
        && chars.all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-');
    valid.then(|| marker.to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Heading,
    Strong,
}

/// Where the walk over the Markdown events is.
#[derive(Default)]
struct ExtractState {
    /// The text of the heading or strong span being read.
    capture: Option<Capture>,
    captured: String,
    /// The name given by the nearest preceding heading, strong text or code
    /// span, and whether a block has used it already.
    name: Option<String>,
    name_used: bool,
    /// The Terraform block being read.
    block: Option<BlockBuilder>,
}

impl ExtractState {
    fn open_text_capture(&mut self, capture: Capture) {
        self.capture = Some(capture);
        self.captured.clear();
    }

    fn close_text_capture(&mut self) -> String {
        self.capture = None;
        std::mem::take(&mut self.captured)
    }

    fn set_name(&mut self, name: String) {
        self.name = Some(name);
        self.name_used = false;
    }

    /// A heading either names the file of the blocks below it or ends the
    /// previous name's reach; a name no block has used yet reaches on
    /// ("Here is `main.tf`:" then "### VPC" and its block).
    fn set_heading_name(&mut self, name: Option<String>) {
        match name {
            Some(name) => self.set_name(name),
            None if self.name_used => self.name = None,
            None => {}
        }
    }

    fn name_for(&mut self, block: &BlockBuilder, block_number: usize) -> String {
        if let Some(name) = &block.info_name {
            return name.clone();
        }
        let comment_name = first_line_comment_name(&block.text);
        let name = match (&self.name, comment_name) {
            (Some(name), _) if !self.name_used => name.clone(),
            (_, Some(comment_name)) => comment_name,
            (Some(name), None) => name.clone(),
            (None, None) => format!("block-{block_number}.tf"),
        };
        self.name_used = true;
        name
    }
}

/// The text and line map of one fenced block being read.
struct BlockBuilder {
    info_name: Option<String>,
    fence: Fence,
    text: String,
    lines: Vec<LineOrigin>,
    markdown_ranges: Vec<Range<usize>>,
    /// Characters of the current extracted line so far (for column shifts).
    column: u32,
    at_line_start: bool,
    /// The end marker of the heredoc the text so far leaves open.
    heredoc: Option<String>,
    /// Whether the block may end early (see [`Extractor::pass`]).
    lenient: bool,
}

impl BlockBuilder {
    fn new(info_name: Option<String>, fence: Fence) -> Self {
        Self {
            info_name,
            fence,
            text: String::new(),
            lines: Vec::new(),
            markdown_ranges: Vec::new(),
            column: 0,
            at_line_start: true,
            heredoc: None,
            lenient: true,
        }
    }

    /// Follows heredocs line by line, so that a fence-like line inside one
    /// is known to be content.
    fn track_heredoc(&mut self, line: &str) {
        match &self.heredoc {
            Some(marker) if line.trim() == marker => self.heredoc = None,
            Some(_) => {}
            None => self.heredoc = heredoc_opened_by(line),
        }
    }

    /// Adds a text event of the block. pulldown-cmark gives one event per
    /// line when it strips indentation, and its range is where the text sits
    /// in the Markdown; when the text is not a verbatim slice (a tab partly
    /// expanded into spaces) lines are mapped from the event's start.
    ///
    /// Returns where to parse again when the block ends early: after a line
    /// that ends with a glued closing fence (`}```), or at a line that opens
    /// another Terraform block (` ```hcl `) outside a heredoc, which means
    /// the author forgot this block's closing fence.
    fn push_text(
        &mut self,
        text: &str,
        range: &Range<usize>,
        markdown: &str,
        positions: &SourceFile,
    ) -> Option<usize> {
        let verbatim = markdown.get(range.clone()) == Some(text);
        if !range.is_empty() {
            self.markdown_ranges.push(range.clone());
        }
        let mut segment_start = 0usize;
        for (index, segment) in text.split_inclusive('\n').enumerate() {
            let markdown_offset = if verbatim {
                Some(range.start + segment_start)
            } else if index == 0 {
                Some(range.start)
            } else {
                None
            };
            segment_start += segment.len();
            let glued_close = self.lenient && self.heredoc.is_none();
            if let Some(code) = self
                .fence
                .code_before_glued_close(segment)
                .filter(|_| glued_close)
            {
                self.push_segment(code, markdown_offset, positions);
                self.push_segment("\n", None, positions);
                let line_end = if verbatim {
                    range.start + segment_start
                } else {
                    range.end
                };
                self.cut_markdown_ranges(line_end);
                return Some(line_end);
            }
            if let Some(line_start) = markdown_offset {
                if self.lenient
                    && self.heredoc.is_none()
                    && self.fence.opens_terraform_block(segment)
                {
                    self.cut_markdown_ranges(line_start);
                    return Some(line_start);
                }
            }
            self.track_heredoc(segment);
            self.push_segment(segment, markdown_offset, positions);
        }
        None
    }

    /// Forgets Markdown text from `end` on (the block ended before it).
    fn cut_markdown_ranges(&mut self, end: usize) {
        self.markdown_ranges.retain(|range| range.start < end);
        if let Some(last) = self.markdown_ranges.last_mut() {
            last.end = last.end.min(end);
        }
    }

    /// A file name that the block's last non-blank line gives the block
    /// after it: when a closing fence is missing, the heading meant for the
    /// next block (`## lambda.tf`, `# File: outputs.tf`) ends up in this one.
    fn name_for_next_block(&self) -> Option<String> {
        let last = self
            .text
            .lines()
            .map(str::trim)
            .rfind(|line| !line.is_empty())?;
        let heading = last.strip_prefix('#').or_else(|| last.strip_prefix("//"))?;
        find_file_name(heading)
    }

    /// Appends part of one line (`segment` holds at most one line break, at
    /// its end); `markdown_offset` is where it starts in the Markdown.
    fn push_segment(
        &mut self,
        segment: &str,
        markdown_offset: Option<usize>,
        positions: &SourceFile,
    ) {
        if self.at_line_start {
            let origin = match markdown_offset {
                Some(offset) => {
                    let position = positions.position(offset);
                    LineOrigin {
                        line: position.line,
                        column_shift: position
                            .column
                            .saturating_sub(1)
                            .saturating_sub(self.column),
                    }
                }
                None => LineOrigin {
                    line: self.lines.last().map_or(1, |last| last.line + 1),
                    column_shift: 0,
                },
            };
            self.lines.push(origin);
            self.at_line_start = false;
        }
        self.text.push_str(segment);
        if segment.ends_with('\n') {
            self.at_line_start = true;
            self.column = 0;
        } else {
            let added = u32::try_from(segment.chars().count()).unwrap_or(u32::MAX);
            self.column = self.column.saturating_add(added);
        }
    }

    /// When the block (ended by CommonMark at the fence that ends at
    /// `block_end`) leaves a heredoc open and the heredoc's end marker
    /// follows in the Markdown, reads on, verbatim, through the end marker
    /// and up to the next closing fence. Returns where to parse again.
    fn continue_open_heredoc(
        &mut self,
        block_end: usize,
        markdown: &str,
        positions: &SourceFile,
    ) -> Option<usize> {
        let mut marker = self.heredoc.clone()?;
        // The fence CommonMark closed the block with is content: start at
        // the beginning of its line.
        let fence_line_start = markdown.get(..block_end)?.rfind('\n').map_or(0, |i| i + 1);
        let rest = markdown.get(fence_line_start..)?;
        if !rest.lines().skip(1).any(|line| line.trim() == marker) {
            return None;
        }
        if !self.at_line_start {
            self.push_segment("\n", None, positions);
        }
        let mut offset = fence_line_start;
        let mut heredoc_open = true;
        for line in rest.split_inclusive('\n') {
            let line_start = offset;
            offset += line.len();
            if !heredoc_open && self.fence.closes(line) {
                return Some(offset);
            }
            self.push_segment(line, Some(line_start), positions);
            self.markdown_ranges.push(line_start..offset);
            if heredoc_open {
                heredoc_open = line.trim() != marker;
            } else if let Some(new_marker) = heredoc_opened_by(line) {
                marker = new_marker;
                heredoc_open = true;
            }
        }
        Some(markdown.len())
    }
}

/// How many fragment blocks per answer are tried as continuations.
const MAX_FRAGMENT_JOINS: usize = 8;

/// Whether a text is valid native Terraform syntax.
fn parses(text: &str) -> bool {
    hcl_edit::parser::parse_body(text).is_ok()
}

/// A block that has its path.
struct PendingFile {
    path: String,
    /// The file name the answer gave it (before numbering).
    name: String,
    block: BlockBuilder,
    /// Whether the text parses, once asked.
    parses: Option<bool>,
}

impl PendingFile {
    fn new(path: String, name: String, block: BlockBuilder) -> Self {
        Self {
            path,
            name,
            block,
            parses: None,
        }
    }

    fn parses(&mut self) -> bool {
        let text = &self.block.text;
        *self.parses.get_or_insert_with(|| parses(text))
    }

    /// Adds a later block of the same file (the caller checked the result
    /// parses); its lines keep their own Markdown line numbers.
    fn append(&mut self, block: BlockBuilder) {
        let file = &mut self.block;
        if !file.text.is_empty() && !file.text.ends_with('\n') {
            file.text.push('\n');
        }
        file.text.push_str(&block.text);
        file.lines.extend(block.lines);
        file.markdown_ranges.extend(block.markdown_ranges);
        // Blocks are only appended when the result parses.
        self.parses = Some(true);
    }

    fn finish(self) -> ExtractedFile {
        let kind = FileKind::of_path(&self.path);
        ExtractedFile {
            source: SourceFile::with_line_map(self.path, self.block.text, self.block.lines),
            kind,
            markdown_ranges: self.block.markdown_ranges,
        }
    }
}

/// The headers of top-level blocks that may appear once per module
/// (`resource "aws_vpc" "main"`, `variable "region"`, `provider "aws"`,
/// `terraform`); `locals` may repeat.
fn top_level_headers(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.starts_with([' ', '\t']))
        .filter(|line| {
            BLOCK_OPENERS
                .iter()
                .any(|opener| *opener != "locals {" && line.starts_with(opener))
        })
        .map(|line| {
            let header = line.split('{').next().unwrap_or(line);
            header.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// Whether `next` declares again a block `file` already has: then it is
/// another version of the file (a summary and a full version), not its
/// continuation.
fn redeclares(file: &str, next: &str) -> bool {
    let have = top_level_headers(file);
    top_level_headers(next).iter().any(|h| have.contains(h))
}

/// Whether a block's first code line opens a top-level Terraform block.
fn opens_top_level_block(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with(['#', '/']))
        .is_some_and(|line| BLOCK_OPENERS.iter().any(|opener| line.starts_with(opener)))
}

/// `Some(name)` for a Terraform block (the name being a file named in the
/// info string, if any), `None` for any other block.
fn terraform_block_name(info: &str) -> Option<Option<String>> {
    let info = info.trim();
    let first_word = info.split_whitespace().next()?;
    // `hcl:main.tf`, `hcl{title=main.tf}`, `hcl,linenos` all start with the language.
    let language_end = first_word
        .find(|ch: char| !ch.is_ascii_alphanumeric())
        .unwrap_or(first_word.len());
    let language = first_word.get(..language_end)?.to_ascii_lowercase();
    if !TERRAFORM_LANGUAGES.contains(&language.as_str()) {
        return None;
    }
    let rest = info.get(language_end..).unwrap_or("");
    Some(find_file_name(rest).or_else(|| find_other_file_name(rest)))
}

/// A file name of any kind (`user_data.sh`) in a block's info string: a
/// block tagged `hcl` that the author names `user_data.sh` is that script,
/// not Terraform, and is listed as ignored.
fn find_other_file_name(text: &str) -> Option<String> {
    text.split(|ch: char| !is_path_char(ch)).find_map(|token| {
        let token = token.trim_matches(|ch: char| matches!(ch, '.' | '/'));
        let (stem, extension) = token.rsplit_once('.')?;
        let base = stem.rsplit('/').next().unwrap_or(stem);
        let is_extension = extension
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_alphabetic())
            && extension.chars().all(|ch| ch.is_ascii_alphanumeric());
        (!base.is_empty() && is_extension).then(|| token.to_owned())
    })
}

/// The first file name found in a line of prose.
fn find_file_name(text: &str) -> Option<String> {
    text.split(|ch: char| !is_path_char(ch))
        .find_map(whole_file_name)
}

/// `text` itself, cleaned of surrounding punctuation, if it is a file name.
fn whole_file_name(text: &str) -> Option<String> {
    let token = text.trim_matches(|ch: char| matches!(ch, '.' | ':' | ',' | ';' | '/'));
    let token = token.strip_prefix("./").unwrap_or(token);
    if token.is_empty() || !token.chars().all(is_path_char) {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    let suffix = NAME_SUFFIXES
        .iter()
        .find(|suffix| lower.ends_with(*suffix))?;
    let stem = lower.get(..lower.len() - suffix.len())?;
    let base = stem.rsplit('/').next().unwrap_or(stem);
    // `.tfvars` alone, or `*.tf` split at `*`, names no file.
    if base.is_empty() || base.ends_with('.') {
        return None;
    }
    Some(token.to_owned())
}

fn is_path_char(ch: char) -> bool {
    ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.' | '/')
}

/// A file name in a comment on the first non-blank line of a block.
fn first_line_comment_name(text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|line| !line.is_empty())?;
    let comment = ["#", "//", "/*"]
        .iter()
        .find_map(|marker| first.strip_prefix(marker))?;
    find_file_name(comment)
}

/// The path of an extracted file: inside a folder named after the answer.
fn extracted_path(markdown_path: &str, name: &str) -> String {
    let name = normalize_path(name);
    let markdown_folder = markdown_path.rsplit_once('/').map(|(folder, _)| folder);
    let folder_name = markdown_folder.map(|folder| folder.rsplit('/').next().unwrap_or(folder));
    let relative = match folder_name.and_then(|folder| name.strip_prefix(&format!("{folder}/"))) {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => name,
    };
    format!("{markdown_path}/{relative}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Position;

    fn names(files: &[ExtractedFile]) -> Vec<&str> {
        files.iter().map(|file| file.source.path.as_str()).collect()
    }

    #[test]
    fn an_answer_of_bare_terraform_is_read_whole_as_main_tf() {
        let markdown = "# Terraform configuration\nterraform {\n  required_version = \">= 1.0\"\n}\n\nresource \"aws_s3_bucket\" \"b\" {}\n";
        let files = extract_files("answer.md", markdown);
        assert_eq!(names(&files), ["answer.md/main.tf"]);
        assert_eq!(files[0].kind, FileKind::Terraform);
        assert_eq!(
            files[0]
                .source
                .position(markdown.find("resource").unwrap_or(0))
                .line,
            6
        );
    }

    #[test]
    fn prose_without_fences_or_block_openers_yields_nothing() {
        assert!(extract_files(
            "notes.md",
            "# Notes\nThe resource \"x\" is mentioned in prose.\n"
        )
        .is_empty());
        // A fenced block of another language means the prose is not Terraform.
        assert!(extract_files("a.md", "resource \"x\" \"y\" {}\n```bash\nls\n```\n").is_empty());
    }

    #[test]
    fn names_from_headings_bold_code_comments_and_numbers() {
        let markdown = "\
# Answer

### provider.tf
```hcl
provider \"aws\" {}
```

**main.tf**
```terraform
resource \"x\" \"y\" {}
```

## File: modules/vpc/main.tf
```tf
variable \"cidr\" {}
```

## Notes

Create `outputs.tf`:
~~~HCL
output \"a\" { value = 1 }
~~~

## Other

```hcl
# versions.tf
terraform {}
```

```bash
echo not terraform
```

```hcl
locals {}
```
";
        let files = extract_files("lib/MODEL_RESPONSE.md", markdown);
        assert_eq!(
            names(&files),
            [
                "lib/MODEL_RESPONSE.md/provider.tf",
                "lib/MODEL_RESPONSE.md/main.tf",
                "lib/MODEL_RESPONSE.md/modules/vpc/main.tf",
                "lib/MODEL_RESPONSE.md/outputs.tf",
                "lib/MODEL_RESPONSE.md/versions.tf",
                "lib/MODEL_RESPONSE.md/block-6.tf",
            ]
        );
        assert!(files.iter().all(|file| file.kind == FileKind::Terraform));
        // `provider "aws" {}` is on line 5 of the Markdown.
        assert_eq!(files[0].source.position(0), Position { line: 5, column: 1 });
        assert_eq!(
            files[3].source.position(0),
            Position {
                line: 22,
                column: 1
            }
        );
    }

    #[test]
    fn blocks_of_one_file_are_joined_keeping_their_lines() {
        let markdown = "## main.tf\n```hcl\na = 1\n```\ntext\n```hcl\nb = 2\n```\n## main.tf (continued)\n```hcl\nc = 3\n```\n";
        let files = extract_files("answer.md", markdown);
        assert_eq!(names(&files), ["answer.md/main.tf"]);
        let file = &files[0].source;
        assert_eq!(file.text, "a = 1\nb = 2\nc = 3\n");
        let lines: Vec<u32> = [0, 6, 12].iter().map(|&o| file.position(o).line).collect();
        assert_eq!(lines, [3, 7, 11]);
    }

    #[test]
    fn sections_of_a_single_file_answer_are_one_file() {
        let mut markdown = String::from("Here is `main.tf`:\n\n");
        let sections = ["VPC", "Subnets", "Gateway", "Routes", "Security", "Storage"];
        for (i, section) in sections.iter().enumerate() {
            markdown.push_str(&format!(
                "### {section}\n\n```hcl\nresource \"aws_thing\" \"t{i}\" {{\n  n = {i}\n}}\n```\n\n"
            ));
        }
        let files = extract_files("answer.md", &markdown);
        assert_eq!(names(&files), ["answer.md/main.tf"]);
        assert_eq!(
            files[0].source.text.matches("resource").count(),
            sections.len()
        );
        // The last section's resource keeps its own Markdown line.
        let at = files[0].source.text.rfind("resource").unwrap_or(0);
        let line = files[0].source.position(at).line as usize;
        assert_eq!(
            markdown.lines().nth(line - 1),
            Some("resource \"aws_thing\" \"t5\" {")
        );
    }

    #[test]
    fn another_version_of_a_file_is_numbered_not_joined() {
        let markdown = "## main.tf\n```hcl\nresource \"aws_vpc\" \"main\" {}\n```\nThe full version:\n```hcl\nresource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n```\n";
        let files = extract_files("answer.md", markdown);
        assert_eq!(names(&files), ["answer.md/main.tf", "answer.md/main~2.tf"]);
        assert_eq!(files[1].source.position(0).line, 7);
    }

    #[test]
    fn an_unnamed_block_after_several_files_is_its_own_file() {
        let markdown = "### main.tf\n```hcl\nresource \"aws_vpc\" \"a\" {}\n```\n### outputs.tf\n```hcl\noutput \"id\" {\n  value = 1\n}\n```\n### Usage\n```hcl\nmodule \"net\" {\n  source = \"./\"\n}\n```\n";
        let files = extract_files("answer.md", markdown);
        assert_eq!(
            names(&files),
            [
                "answer.md/main.tf",
                "answer.md/outputs.tf",
                "answer.md/block-3.tf"
            ]
        );
    }

    #[test]
    fn indented_and_quoted_fences_keep_markdown_columns() {
        let markdown =
            "- item\n\n   ```hcl\n   a = 1\n     b = 2\n   ```\n\n> ```tf\n> c = 3\n> ```\n";
        let files = extract_files("x.md", markdown);
        assert_eq!(files.len(), 2);
        let first = &files[0].source;
        assert_eq!(first.text, "a = 1\n  b = 2\n");
        assert_eq!(first.position(0), Position { line: 4, column: 4 });
        assert_eq!(
            first.position(8),
            Position { line: 5, column: 6 },
            "the `b`"
        );
        let second = &files[1].source;
        assert_eq!(second.text, "c = 3\n");
        assert_eq!(
            second.position(4),
            Position { line: 9, column: 7 },
            "the `3`"
        );
    }

    #[test]
    fn unterminated_fence_runs_to_the_end() {
        let files = extract_files("x.md", "**main.tf**\n\n```hcl\nresource \"a\" \"b\" {\n");
        assert_eq!(names(&files), ["x.md/main.tf"]);
        assert_eq!(files[0].source.text, "resource \"a\" \"b\" {\n");
        assert_eq!(files[0].source.position(0).line, 4);
    }

    #[test]
    fn info_string_names_win_and_other_languages_are_skipped() {
        let markdown = "## main.tf\n```terraform variables.tf\nvariable \"a\" {}\n```\n```hcl:outputs.tf\noutput \"b\" { value = 1 }\n```\n```json\n{}\n```\n```tfvars\na = 1\n```\n```hcl - scripts/user_data.sh\n#!/bin/bash\n```\n```hcl v1.5\nc = 1\n```\n";
        let files = extract_files("x.md", markdown);
        assert_eq!(
            names(&files),
            [
                "x.md/variables.tf",
                "x.md/outputs.tf",
                "x.md/scripts/user_data.sh",
                "x.md/main.tf"
            ]
        );
        assert_eq!(files[2].kind, FileKind::Ignored);
    }

    #[test]
    fn folder_prefix_of_the_answer_is_not_repeated() {
        let markdown = "## File: lib/main.tf\n```hcl\na = 1\n```\n## terraform.tfvars\n```hcl\nb = 1\n```\n## terraform.tfvars.example\n```hcl\nc = 1\n```\n";
        let files = extract_files("lib/IDEAL_RESPONSE.md", markdown);
        assert_eq!(
            names(&files),
            [
                "lib/IDEAL_RESPONSE.md/main.tf",
                "lib/IDEAL_RESPONSE.md/terraform.tfvars",
                "lib/IDEAL_RESPONSE.md/terraform.tfvars.example",
            ]
        );
        let kinds: Vec<FileKind> = files.iter().map(|file| file.kind).collect();
        assert_eq!(
            kinds,
            [FileKind::Terraform, FileKind::TfVars, FileKind::Ignored]
        );
    }

    #[test]
    fn later_blocks_under_one_name_prefer_their_own_comment() {
        let markdown = "## main.tf\n```hcl\na = 1\n```\n```hcl\n# variables.tf\nb = 1\n```\n```hcl\nc = 1\n```\n";
        let files = extract_files("x.md", markdown);
        assert_eq!(
            names(&files),
            ["x.md/main.tf", "x.md/variables.tf", "x.md/main~2.tf"]
        );
    }

    #[test]
    fn closing_fence_glued_to_code_ends_the_block() {
        let markdown = "## main.tf\n```hcl\nresource \"a\" \"b\" {\n}```\n\n## variables.tf\n```hcl\nvariable \"x\" {}\n```\n";
        let files = extract_files("x.md", markdown);
        assert_eq!(names(&files), ["x.md/main.tf", "x.md/variables.tf"]);
        assert_eq!(files[0].source.text, "resource \"a\" \"b\" {\n}\n");
        assert_eq!(files[1].source.text, "variable \"x\" {}\n");
        assert_eq!(files[1].source.position(0).line, 8);
    }

    #[test]
    fn fences_inside_a_heredoc_do_not_end_the_block() {
        let markdown = "## main.tf\n```hcl\nlocals {\n  readme = <<-EOT\n    Run:\n    ```\n    make\n    ```\n  EOT\n}\n```\n\n## b.tf\n```hcl\nx = 1\n```\n";
        let files = extract_files("x.md", markdown);
        assert_eq!(names(&files), ["x.md/main.tf", "x.md/b.tf"]);
        assert_eq!(
            files[0].source.text,
            "locals {\n  readme = <<-EOT\n    Run:\n    ```\n    make\n    ```\n  EOT\n}\n"
        );
        assert_eq!(
            files[0]
                .source
                .position(files[0].source.text.find("make").unwrap_or(0))
                .line,
            7
        );
        assert_eq!(files[1].source.position(0).line, 15);
    }

    #[test]
    fn a_missing_closing_fence_ends_at_the_next_terraform_fence() {
        let markdown =
            "## main.tf\n```hcl\na = 1\n\n## outputs.tf\n```hcl\nb = 2\n```\n```bash\nls\n```\n";
        let files = extract_files("x.md", markdown);
        assert_eq!(names(&files), ["x.md/main.tf", "x.md/outputs.tf"]);
        assert_eq!(files[0].source.text, "a = 1\n\n## outputs.tf\n");
        assert_eq!(files[1].source.text, "b = 2\n");
        assert_eq!(files[1].source.position(0).line, 7);
    }

    #[test]
    fn an_unterminated_heredoc_does_not_swallow_the_answer() {
        let markdown = "```hcl\nx = <<EOT\n```\n\n```hcl\ny = 1\n```\n";
        let files = extract_files("x.md", markdown);
        assert_eq!(names(&files), ["x.md/block-1.tf", "x.md/block-2.tf"]);
    }

    #[test]
    fn file_names_in_prose() {
        assert_eq!(
            find_file_name("File: `lib/main.tf` (root)").as_deref(),
            Some("lib/main.tf")
        );
        assert_eq!(find_file_name("Using .tfvars files"), None);
        assert_eq!(find_file_name("all *.tf files"), None);
        assert_eq!(
            find_file_name("1. Provider (provider.tf)").as_deref(),
            Some("provider.tf")
        );
        assert_eq!(find_file_name("dev.tfvars:").as_deref(), Some("dev.tfvars"));
        assert_eq!(
            find_file_name("Tests: tests/a.tftest.hcl").as_deref(),
            Some("tests/a.tftest.hcl")
        );
        assert_eq!(
            first_line_comment_name("\n  // main.tf - all\nx").as_deref(),
            Some("main.tf")
        );
        assert_eq!(
            first_line_comment_name("/* vpc.tf */\n").as_deref(),
            Some("vpc.tf")
        );
        assert_eq!(first_line_comment_name("a = 1 # main.tf\n"), None);
    }
}
