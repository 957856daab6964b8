//! The terminal rendering: a summary, the category scores, then failing
//! controls grouped by severity, each finding with its location and a code
//! frame of the offending line (drawn by codespan-reporting).

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Config, Styles, StylesWriter};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::ops::Range;
use tfgrade_core::report::{ControlEntry, FindingEntry, Report, ValidityStatus};
use tfgrade_core::rules::{Category, FindingStatus, Severity, Status};
use tfgrade_core::InputSet;

/// Code frames shown per control before the rest is summarised.
const FRAMES_PER_CONTROL: usize = 5;

pub fn render(report: &Report, input: &InputSet, colour: bool) -> String {
    let mut out = if colour {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let sources = Sources::new(input);
    // Writing into an in-memory buffer cannot fail.
    let _ = write_report(&mut out, report, &sources);
    String::from_utf8_lossy(out.as_slice()).into_owned()
}

fn write_report(out: &mut Buffer, report: &Report, sources: &Sources) -> std::io::Result<()> {
    summary(out, report)?;
    categories(out, report)?;
    requirements(out, report)?;
    comparison(out, report)?;
    parse_errors(out, report, sources)?;
    validity_failures(out, report, sources)?;
    input_warnings(out, report, sources)?;
    failures(out, report, sources)?;
    warnings(out, report)?;
    undetermined(out, report)?;
    advice(out, report)?;
    suppressed(out, report)?;
    if let Some(left_out) = &report.left_out {
        writeln!(out, "\n{} (--max-findings).", left_out.sentence())?;
    }
    Ok(())
}

fn bold(out: &mut Buffer, text: &str) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(out, "{text}")?;
    out.reset()
}

fn coloured(out: &mut Buffer, colour: Color, text: &str) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_fg(Some(colour)).set_bold(true))?;
    write!(out, "{text}")?;
    out.reset()
}

fn grade_colour(percent: f64) -> Color {
    if percent >= 80.0 {
        Color::Green
    } else if percent >= 70.0 {
        Color::Yellow
    } else {
        Color::Red
    }
}

fn summary(out: &mut Buffer, report: &Report) -> std::io::Result<()> {
    let broken = report.files.iter().filter(|f| f.error.is_some()).count();
    let applicable = report
        .controls
        .iter()
        .filter(|c| c.status != Status::NotApplicable)
        .count();
    writeln!(
        out,
        "{} {} · profile {} · {} file{}{} · {} of {} controls apply · {} test case{}",
        report.tool.name,
        report.tool.version,
        report.profile.name(),
        report.files.len(),
        plural(report.files.len()),
        if broken > 0 {
            format!(", {broken} with parse errors")
        } else {
            String::new()
        },
        applicable,
        report.controls.len(),
        report.tests.cases,
        plural(report.tests.cases),
    )?;
    let total = &report.total;
    bold(out, "Score ")?;
    coloured(
        out,
        grade_colour(total.percent),
        &format!(
            "{:.1}/{} ({:.1}%) · grade {}",
            total.points, total.max, total.percent, total.grade
        ),
    )?;
    if let Some(cap) = &total.cap {
        write!(out, " ({cap})")?;
    }
    writeln!(out, " · training value {:.1}/5", total.training_value)?;
    let validity_colour = match report.validity.status {
        ValidityStatus::Valid => Color::Green,
        ValidityStatus::Invalid => Color::Yellow,
        ValidityStatus::Broken | ValidityStatus::Empty => Color::Red,
    };
    bold(out, "Validity ")?;
    coloured(out, validity_colour, &report.validity.summary)?;
    writeln!(out)?;
    writeln!(out, "{}", report.basis.summary)?;
    writeln!(out)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn categories(out: &mut Buffer, report: &Report) -> std::io::Result<()> {
    bold(out, "Categories")?;
    writeln!(out)?;
    for c in &report.categories {
        let code = c.code.code();
        match c.score {
            Some(score) => {
                let filled = (score.clamp(0.0, 10.0) * 2.0).round();
                // `filled` is 0..=20 after the clamp.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let bar = "█".repeat(filled as usize) + &"·".repeat(20 - filled as usize);
                write!(out, "  {code}  {:<28} {score:>4.1}/{}  ", c.name, c.max)?;
                coloured(out, grade_colour(score * 10.0), &bar)?;
                writeln!(
                    out,
                    "  {} pass, {} warn, {} fail",
                    c.controls.pass, c.controls.warn, c.controls.fail
                )?;
            }
            None => writeln!(out, "  {code}  {:<28}  n/a", c.name)?,
        }
    }
    writeln!(out)
}

fn requirements(out: &mut Buffer, report: &Report) -> std::io::Result<()> {
    if report.requirements.is_empty() {
        return Ok(());
    }
    bold(out, "Requirements")?;
    writeln!(out)?;
    for r in &report.requirements {
        write!(out, "  {} = {}", clean(&r.key), clean(&r.value))?;
        if let Some(source) = &r.source {
            write!(out, "  ← \"{}\"", clean(&one_line(source)))?;
        }
        writeln!(out)?;
    }
    writeln!(out)
}

fn comparison(out: &mut Buffer, report: &Report) -> std::io::Result<()> {
    let Some(cmp) = &report.comparison else {
        return Ok(());
    };
    bold(out, "Compared with the reference")?;
    writeln!(out)?;
    writeln!(
        out,
        "  reference {:.1}/{} ({:.1}%) grade {}; candidate {:.1}/{} ({:.1}%) grade {}",
        cmp.total.points,
        cmp.total.max,
        cmp.total.percent,
        cmp.total.grade,
        report.total.points,
        report.total.max,
        report.total.percent,
        report.total.grade
    )?;
    if let Some(j) = cmp.overlap.jaccard {
        write!(out, "  resource-type overlap {j:.2}")?;
        if cmp.overlap.misread {
            write!(out, " — ")?;
            coloured(out, Color::Red, "the candidate probably misread the task")?;
        }
        writeln!(out)?;
    }
    let id_list = |ids: &[&str]| {
        if ids.is_empty() {
            "none".to_owned()
        } else {
            ids.join(", ")
        }
    };
    writeln!(out, "  regressions: {}", id_list(&cmp.regressions))?;
    writeln!(out, "  improvements: {}", id_list(&cmp.improvements))?;
    writeln!(out)
}

fn parse_errors(out: &mut Buffer, report: &Report, sources: &Sources) -> std::io::Result<()> {
    for file in &report.files {
        let Some(error) = &file.error else { continue };
        let diagnostic = Diagnostic::error().with_message(format!(
            "cannot parse {}: {}",
            clean(&file.path),
            clean(&error.message)
        ));
        sources.emit(
            out,
            diagnostic,
            &file.path,
            Some(error.line),
            Some(error.column),
            "parsing stopped here",
        )?;
    }
    Ok(())
}

fn input_warnings(out: &mut Buffer, report: &Report, sources: &Sources) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let diagnostic = Diagnostic::warning().with_message(format!(
            "{}: {}",
            clean(&d.file),
            clean(&d.message)
        ));
        sources.emit(
            out,
            diagnostic,
            &d.file,
            Some(d.line),
            Some(d.column),
            "here",
        )?;
    }
    Ok(())
}

/// Validity failures come first: a configuration that cannot deploy.
fn validity_failures(out: &mut Buffer, report: &Report, sources: &Sources) -> std::io::Result<()> {
    let failing: Vec<&ControlEntry> = report
        .controls
        .iter()
        .filter(|c| c.category == Category::Val && c.status == Status::Fail)
        .collect();
    if failing.is_empty() {
        return Ok(());
    }
    bold(out, &format!("Validity ({})", failing.len()))?;
    writeln!(out)?;
    for control in failing {
        failing_control(out, control, sources)?;
    }
    Ok(())
}

/// Controls whose verdict depends on values only known at apply time.
fn undetermined(out: &mut Buffer, report: &Report) -> std::io::Result<()> {
    let list: Vec<&ControlEntry> = report
        .controls
        .iter()
        .filter(|c| c.status == Status::Unknown)
        .collect();
    if list.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    bold(
        out,
        &format!("Could not be determined, not scored ({})", list.len()),
    )?;
    writeln!(out)?;
    for c in list {
        let first = c
            .findings
            .iter()
            .find(|f| f.status == FindingStatus::Unknown)
            .map(|f| match (&f.file, f.line, f.column) {
                (Some(file), Some(line), Some(col)) => {
                    format!("{file}:{line}:{col}: {}", one_line(&f.message))
                }
                _ => one_line(&f.message),
            })
            .unwrap_or_default();
        writeln!(out, "  unknown[{}] {} · {}", c.id, c.title, first)?;
    }
    Ok(())
}

/// Account-wide controls the task did not ask for that are not met.
fn advice(out: &mut Buffer, report: &Report) -> std::io::Result<()> {
    let list: Vec<&ControlEntry> = report
        .controls
        .iter()
        .filter(|c| {
            c.status == Status::Advice && matches!(c.judged, Some(Status::Fail | Status::Warn))
        })
        .collect();
    if list.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    bold(
        out,
        &format!(
            "Advice: account-wide controls the task did not ask for, not scored ({})",
            list.len()
        ),
    )?;
    writeln!(out)?;
    for c in list {
        writeln!(out, "  advice[{}] {}", c.id, c.title)?;
    }
    Ok(())
}

fn failures(out: &mut Buffer, report: &Report, sources: &Sources) -> std::io::Result<()> {
    let mut by_severity: BTreeMap<usize, Vec<&ControlEntry>> = BTreeMap::new();
    for c in report
        .controls
        .iter()
        .filter(|c| c.status == Status::Fail && c.category != Category::Val)
    {
        let rank = Severity::ALL
            .iter()
            .position(|s| *s == c.severity)
            .unwrap_or(0);
        by_severity.entry(rank).or_default().push(c);
    }
    if by_severity.is_empty() {
        coloured(out, Color::Green, "No control fails.")?;
        return writeln!(out);
    }
    for (rank, controls) in by_severity {
        let severity = Severity::ALL[rank];
        bold(out, &format!("{} ({})", severity.label(), controls.len()))?;
        writeln!(out)?;
        for control in controls {
            failing_control(out, control, sources)?;
        }
    }
    Ok(())
}

fn failing_control(
    out: &mut Buffer,
    control: &ControlEntry,
    sources: &Sources,
) -> std::io::Result<()> {
    let fails: Vec<&FindingEntry> = control
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Fail)
        .collect();
    let head = format!("{} ({})", control.title, control.slug);
    if fails.iter().all(|f| f.file.is_none()) {
        // A presence control: the stack lacks something; no line to show.
        let mut diagnostic = Diagnostic::error().with_code(control.id).with_message(head);
        diagnostic = diagnostic.with_notes(
            fails
                .iter()
                .map(|f| clean(&f.message).into_owned())
                .collect(),
        );
        return sources.emit_plain(out, &diagnostic);
    }
    for (i, finding) in fails.iter().enumerate() {
        if i == FRAMES_PER_CONTROL {
            writeln!(
                out,
                "  … and {} more {} finding{}\n",
                fails.len() - i,
                control.id,
                plural(fails.len() - i)
            )?;
            break;
        }
        let diagnostic = Diagnostic::error()
            .with_code(control.id)
            .with_message(head.clone());
        let file = finding.file.as_deref().unwrap_or_default();
        let label = match &finding.resource {
            Some(resource) => format!("{}: {}", clean(resource), clean(&finding.message)),
            None => clean(&finding.message).into_owned(),
        };
        sources.emit(out, diagnostic, file, finding.line, finding.column, &label)?;
    }
    Ok(())
}

fn warnings(out: &mut Buffer, report: &Report) -> std::io::Result<()> {
    let warned: Vec<&ControlEntry> = report
        .controls
        .iter()
        .filter(|c| c.status == Status::Warn)
        .collect();
    if warned.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    bold(out, &format!("Partly met ({})", warned.len()))?;
    writeln!(out)?;
    for c in warned {
        let first = c
            .findings
            .iter()
            .find(|f| f.status == FindingStatus::Warn)
            .map(|f| match (&f.file, f.line, f.column) {
                (Some(file), Some(line), Some(col)) => {
                    format!(
                        "{}:{line}:{col}: {}",
                        clean(file),
                        clean(&one_line(&f.message))
                    )
                }
                _ => clean(&one_line(&f.message)).into_owned(),
            })
            .unwrap_or_default();
        write!(out, "  ")?;
        coloured(out, Color::Yellow, &format!("warn[{}]", c.id))?;
        writeln!(out, " {} · {}", c.title, first)?;
    }
    Ok(())
}

fn suppressed(out: &mut Buffer, report: &Report) -> std::io::Result<()> {
    let list: Vec<(&ControlEntry, &FindingEntry)> = report
        .controls
        .iter()
        .flat_map(|c| c.findings.iter().map(move |f| (c, f)))
        .filter(|(_, f)| f.status == FindingStatus::Suppressed)
        .collect();
    if list.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    bold(out, &format!("Suppressed ({})", list.len()))?;
    writeln!(out)?;
    for (c, f) in list {
        let place = match (&f.file, f.line) {
            (Some(file), Some(line)) => format!("{}:{line}", clean(file)),
            _ => "stack".to_owned(),
        };
        let reason = f
            .suppression
            .as_ref()
            .map(|s| format!("{}: {}", s.directive, s.reason))
            .unwrap_or_default();
        writeln!(out, "  {} {place} · {}", c.id, clean(&one_line(&reason)))?;
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a character must not reach a terminal as it is: control
/// characters (an escape sequence could recolour, move the cursor or
/// retitle the window) and the bidirectional overrides that make text read
/// differently from how it runs.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from the input made safe for a terminal: every unsafe character
/// shown escaped (`\u{1b}`, `\n`), the rest as it is.
fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file's text for code frames: unsafe characters escaped, line breaks
/// kept. Returns the text and, for each escaped character, its offset in
/// the original text and the bytes added up to and including it (to move
/// ranges of the original onto the shown text).
fn shown_text(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut shifts = Vec::new();
    let mut added = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let line_break =
            c == '\n' || (c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n'));
        if is_unsafe(c) && !line_break {
            let before = out.len();
            out.extend(c.escape_default());
            added += out.len() - before - c.len_utf8();
            shifts.push((offset, added));
        } else {
            out.push(c);
        }
    }
    (out, shifts)
}

/// The input's text by path, for code frames. A file extracted from a
/// Markdown answer (`answer.md/main.tf`) is shown in the answer itself,
/// whose lines the locations already refer to.
struct Sources {
    files: SimpleFiles<String, String>,
    ids: BTreeMap<String, usize>,
    /// Per file id: the original text and its escaped characters (see
    /// [`shown_text`]).
    originals: Vec<(String, Vec<(usize, usize)>)>,
}

impl Sources {
    fn new(input: &InputSet) -> Self {
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        let mut originals = Vec::new();
        for file in &input.files {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            // Reports name files as the core normalised them.
            let path = tfgrade_core::input::normalize_path(&file.path);
            let (shown, shifts) = shown_text(&text);
            let id = files.add(clean(&path).into_owned(), shown);
            originals.push((text, shifts));
            ids.entry(path).or_insert(id);
        }
        Self {
            files,
            ids,
            originals,
        }
    }

    fn file_id(&self, path: &str) -> Option<usize> {
        if let Some(id) = self.ids.get(path) {
            return Some(*id);
        }
        self.ids
            .iter()
            .filter(|(p, _)| {
                p.to_ascii_lowercase().ends_with(".md")
                    && path.len() > p.len()
                    && path.starts_with(p.as_str())
                    && path.as_bytes()[p.len()] == b'/'
            })
            .max_by_key(|(p, _)| p.len())
            .map(|(_, id)| *id)
    }

    /// The byte range from `column` (counted in characters) to the end of
    /// `line`, when the file has that line.
    fn range(&self, id: usize, line: u32, column: u32) -> Option<Range<usize>> {
        let (text, shifts) = self.originals.get(id)?;
        let range = Self::original_range(text, line, column)?;
        // Each escaped character before an offset moves it by what its
        // escape added.
        let shift = |offset: usize| {
            let before = shifts.partition_point(|&(at, _)| at < offset);
            offset + before.checked_sub(1).map_or(0, |i| shifts[i].1)
        };
        Some(shift(range.start)..shift(range.end))
    }

    fn original_range(text: &str, line: u32, column: u32) -> Option<Range<usize>> {
        let line_index = usize::try_from(line.checked_sub(1)?).ok()?;
        let start = text
            .split_inclusive('\n')
            .take(line_index)
            .map(str::len)
            .sum::<usize>();
        let line_text = text.get(start..)?.split('\n').next()?;
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let skip = usize::try_from(column.saturating_sub(1)).ok()?;
        let from = line_text
            .char_indices()
            .nth(skip)
            .map_or(line_text.len(), |(i, _)| i);
        let end = line_text
            .trim_end()
            .len()
            .max(from + 1)
            .min(line_text.len());
        // At the end of a line (where parsing stopped) the label is empty.
        Some(start + from..start + end.max(from))
    }

    fn emit(
        &self,
        out: &mut Buffer,
        diagnostic: Diagnostic<usize>,
        file: &str,
        line: Option<u32>,
        column: Option<u32>,
        label: &str,
    ) -> std::io::Result<()> {
        let located = self.file_id(file).zip(line).and_then(|(id, line)| {
            self.range(id, line, column.unwrap_or(1))
                .map(|range| (id, range))
        });
        match located {
            Some((id, range)) => {
                let diagnostic =
                    diagnostic.with_labels(vec![Label::primary(id, range).with_message(label)]);
                self.emit_plain(out, &diagnostic)
            }
            None => {
                let file = clean(file);
                let place = match (line, column) {
                    (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
                    (Some(l), None) => format!("{file}:{l}"),
                    _ => file.into_owned(),
                };
                let diagnostic = diagnostic.with_notes(vec![format!("{place}: {label}")]);
                self.emit_plain(out, &diagnostic)
            }
        }
    }

    fn emit_plain(&self, out: &mut Buffer, diagnostic: &Diagnostic<usize>) -> std::io::Result<()> {
        let styles = Styles::default();
        let mut writer = StylesWriter::new(&mut *out, &styles);
        term::emit_to_write_style(&mut writer, &Config::default(), &self.files, diagnostic)
            .map_err(std::io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_escapes_control_and_bidi_characters() {
        assert_eq!(clean("plain/main.tf"), "plain/main.tf");
        assert_eq!(clean("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(clean("x\ny\r\u{9b}"), "x\\ny\\r\\u{9b}");
        assert_eq!(clean("\u{202e}txt"), "\\u{202e}txt");
        assert_eq!(clean("tab\tok"), "tab\tok");
    }

    #[test]
    fn shown_text_keeps_line_breaks_and_maps_offsets() {
        let (shown, shifts) = shown_text("a\u{1b}b\r\nc\rd\n");
        assert_eq!(shown, "a\\u{1b}b\r\nc\\rd\n");
        // The escape of ESC (1 byte) is 6 bytes, of a lone CR 2 bytes.
        assert_eq!(shifts, vec![(1, 5), (6, 6)]);
    }
}
