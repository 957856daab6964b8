//! The Markdown report, in the layout of the hand-written reviews
//! (`/work/shared/examples`): overall assessment, requirements, score by
//! category, the "Component | Candidate | Reference | Impact" table in
//! comparison mode, controls with ✅ ⚠️ ❌, failures by severity, numbered
//! resolution actions, and the grade with the training value.
//!
//! Everything that comes from the input (names, paths, messages quoting
//! values) is escaped: in table cells `|` and line breaks cannot end a cell
//! or a row, and nowhere can `<`, `>` or `&` become HTML, so a resource
//! named `<img src=x onerror=alert(1)>` is shown, never run. Backtick
//! spans in messages become code spans whose fence is longer than any
//! backtick run inside them.

use super::{ControlEntry, FindingEntry, Report, ValidityStatus};
use crate::compare::Comparison;
use crate::prompt::Origin;
use crate::rules::{control_by_id, Category, FindingStatus, Severity, Status};
use std::fmt::Write as _;

/// How many findings a control lists under "Failures by severity".
const FINDINGS_LISTED: usize = 10;
/// How many resource types the overlap section names per list.
const TYPES_LISTED: usize = 40;

/// Where text goes: table cells also escape `|`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Cell,
    Text,
}

/// Escapes plain text so that it renders as itself.
fn escape(text: &str, context: Context) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' if context == Context::Cell => out.push_str("\\|"),
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A code span showing `text` verbatim. Inside code spans HTML is inert;
/// only line breaks (which would end a table row) and, in cells, `|` need
/// care.
fn code(text: &str, context: Context) -> String {
    let mut body: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if context == Context::Cell {
        body = body.replace('|', "\\|");
    }
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') || body.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Text with `backtick` spans (messages, titles): spans become code
/// spans, the rest is escaped. An unpaired backtick is plain text.
fn inline(text: &str, context: Context) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let paired = parts.len() % 2 == 1;
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let is_code = i % 2 == 1 && (paired || i + 1 < parts.len() - 1);
        if is_code {
            out.push_str(&code(part, context));
        } else {
            if i % 2 == 1 {
                // The unpaired backtick that opened this part.
                out.push_str("\\`");
            }
            out.push_str(&escape(part, context));
        }
    }
    out
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Pass => "✅",
        Status::Warn => "⚠️",
        Status::Fail => "❌",
        Status::Unknown => "❔",
        Status::Advice => "💡",
        Status::NotApplicable => "➖",
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Warn => "partly met",
        Status::Fail => "fail",
        Status::Unknown => "could not be determined",
        Status::Advice => "advice",
        Status::NotApplicable => "n/a",
    }
}

fn category_score(score: Option<f64>) -> String {
    score.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1}/10"))
}

fn location(f: &FindingEntry, context: Context) -> String {
    match (&f.file, f.line, f.column) {
        (Some(file), Some(line), Some(column)) => code(&format!("{file}:{line}:{column}"), context),
        (Some(file), _, _) => code(file, context),
        _ => "stack".to_string(),
    }
}

/// "`aws_x.y` at `main.tf:3:1`: message" (or the message alone for the stack).
fn describe(f: &FindingEntry, context: Context) -> String {
    let message = inline(&f.message, context);
    match (&f.resource, &f.file) {
        (Some(resource), _) => format!(
            "{} at {}: {message}",
            code(resource, context),
            location(f, context)
        ),
        (None, Some(_)) => format!("{}: {message}", location(f, context)),
        (None, None) => message,
    }
}

fn problems(c: &ControlEntry) -> impl Iterator<Item = &FindingEntry> + '_ {
    c.findings
        .iter()
        .filter(|f| matches!(f.status, FindingStatus::Fail | FindingStatus::Warn))
}

/// The "Result" cell of a control row.
fn result_cell(c: &ControlEntry) -> String {
    let suppressed = c
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Suppressed)
        .count();
    let mut cell = match c.status {
        Status::NotApplicable => String::new(),
        Status::Pass => match c.findings.as_slice() {
            [only] if only.status == FindingStatus::Pass => inline(&only.message, Context::Cell),
            all => {
                let passing = all
                    .iter()
                    .filter(|f| f.status == FindingStatus::Pass)
                    .count();
                format!("{passing} judged, all pass")
            }
        },
        Status::Advice if !matches!(c.judged, Some(Status::Warn | Status::Fail)) => {
            "met; not asked for by the task (advice, not scored)".to_string()
        }
        Status::Unknown => {
            let listed: Vec<&FindingEntry> = c
                .findings
                .iter()
                .filter(|f| f.status == FindingStatus::Unknown)
                .collect();
            let mut cell = listed
                .first()
                .map(|f| describe(f, Context::Cell))
                .unwrap_or_default();
            if listed.len() > 1 {
                let _ = write!(cell, " (+{} more)", listed.len() - 1);
            }
            cell
        }
        Status::Warn | Status::Fail | Status::Advice => {
            let listed: Vec<&FindingEntry> = problems(c).collect();
            let mut cell = listed
                .first()
                .map(|f| describe(f, Context::Cell))
                .unwrap_or_default();
            if listed.len() > 1 {
                let _ = write!(cell, " (+{} more)", listed.len() - 1);
            }
            cell
        }
    };
    if suppressed > 0 {
        if !cell.is_empty() {
            cell.push(' ');
        }
        let _ = write!(cell, "({suppressed} suppressed)");
    }
    cell
}

fn control_name(c: &ControlEntry, context: Context) -> String {
    let mut name = format!("**{}** {}", c.id, inline(c.title, context));
    if c.required {
        name.push_str(" *(asked for by the task)*");
    }
    name
}

/// The verdict headline and the recommendation, from grade and overlap.
fn assessment(report: &Report) -> (&'static str, &'static str) {
    let misread = report
        .comparison
        .as_ref()
        .is_some_and(|c| c.overlap.misread);
    match report.validity.status {
        ValidityStatus::Broken => {
            return (
                "❌ BROKEN",
                "Nothing in this answer could deploy: it does not parse or holds no Terraform. Not usable as a model answer.",
            );
        }
        ValidityStatus::Empty => {
            return (
                "➖ NOTHING TO GRADE",
                "The input is empty: give the configuration's files.",
            );
        }
        ValidityStatus::Valid | ValidityStatus::Invalid => {}
    }
    if misread {
        return (
            "❌ TASK MISREAD",
            "The candidate solves a different task than the reference. Use it as an example of task misalignment to avoid, not as a model answer.",
        );
    }
    match report.total.grade.chars().next() {
        Some('A') => (
            "✅ HIGH QUALITY",
            "A strong answer: keep it as a positive example after the remaining actions below.",
        ),
        Some('B') => (
            "✅ GOOD, WITH GAPS",
            "A sound answer with gaps: resolve the High and Critical items below before using it as a model answer.",
        ),
        Some('C') => (
            "⚠️ NEEDS WORK",
            "Usable only after the resolution actions below; as it stands it teaches incomplete security practice.",
        ),
        Some('D' | 'F') => (
            "❌ INADEQUATE",
            "Not suitable as a model answer or training data until the Critical and High failures are resolved.",
        ),
        _ => (
            "➖ NOTHING TO JUDGE",
            "No control applies to this input: check that the right files were given.",
        ),
    }
}

fn points(total: &super::Total) -> String {
    format!("{:.1}/{} ({:.1}%)", total.points, total.max, total.percent)
}

fn summary(out: &mut String, report: &Report) {
    let t = &report.total;
    let (headline, _) = assessment(report);
    let _ = writeln!(out, "## Overall assessment: {headline}\n");
    let _ = write!(
        out,
        "The configuration scores **{}**, grade **{}**, training value **{:.1}/5** (profile `{}`).",
        points(t),
        t.grade,
        t.training_value,
        report.profile.name()
    );
    if let Some(cap) = &t.cap {
        let _ = write!(
            out,
            " The grade is capped: {}, from {}.",
            escape(cap, Context::Text),
            t.uncapped_grade
        );
    }
    let count = |s: Status| {
        report
            .controls
            .iter()
            .filter(|c| c.category != Category::Val && c.status == s)
            .count()
    };
    let _ = writeln!(
        out,
        " Of {} scored controls, {} pass, {} are partly met and {} fail.",
        count(Status::Pass) + count(Status::Warn) + count(Status::Fail),
        count(Status::Pass),
        count(Status::Warn),
        count(Status::Fail),
    );
    let _ = writeln!(
        out,
        "\n**Validity:** {}.\n\n**Basis:** {}",
        escape(&report.validity.summary, Context::Text),
        escape(&report.basis.summary, Context::Text)
    );
    if let Some(cmp) = &report.comparison {
        let _ = write!(
            out,
            "\nCompared with the reference (**{}**, grade **{}**): {} regression(s), {} improvement(s).",
            points(&cmp.total),
            cmp.total.grade,
            cmp.regressions.len(),
            cmp.improvements.len()
        );
        match cmp.overlap.jaccard {
            Some(j) => {
                let _ = write!(
                    out,
                    " Resource types overlap **{j:.2}** ({} shared of {}).",
                    cmp.overlap.shared.len(),
                    cmp.overlap.shared.len()
                        + cmp.overlap.candidate_only.len()
                        + cmp.overlap.reference_only.len()
                );
            }
            None => out.push_str(" Neither configuration declares a resource."),
        }
        if cmp.overlap.misread {
            let _ = write!(
                out,
                " **The task was probably misread**: the candidate builds {}, while the reference builds {}.",
                type_list(&cmp.overlap.candidate_only, 6),
                type_list(&cmp.overlap.reference_only, 6)
            );
        }
        out.push('\n');
    }
    out.push('\n');
}

fn type_list(types: &[String], limit: usize) -> String {
    if types.is_empty() {
        return "nothing else".to_string();
    }
    let mut parts: Vec<String> = types
        .iter()
        .take(limit)
        .map(|t| code(t, Context::Text))
        .collect();
    if types.len() > limit {
        parts.push(format!("{} more", types.len() - limit));
    }
    parts.join(", ")
}

fn requirements(out: &mut String, report: &Report) {
    if report.requirements.is_empty() {
        return;
    }
    out.push_str("## Requirements\n\n");
    out.push_str("| Requirement | Value | From | Controls |\n|---|---|---|---|\n");
    for r in &report.requirements {
        let from = match (&r.source, r.origin) {
            (Some(s), Origin::Prompt) => format!("prompt: “{}”", escape(s, Context::Cell)),
            (Some(s), Origin::Override) => {
                format!("set explicitly: “{}”", escape(s, Context::Cell))
            }
            (None, _) => "set explicitly".to_string(),
        };
        let controls = r
            .controls
            .iter()
            .map(|c| escape(c, Context::Cell))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(&r.key, Context::Cell),
            code(&r.value, Context::Cell),
            from,
            controls
        );
    }
    out.push('\n');
}

fn score_table(out: &mut String, report: &Report) {
    out.push_str("## Score by category\n\n");
    match &report.comparison {
        None => {
            out.push_str("| Category | Score | ✅ | ⚠️ | ❌ | n/a |\n|---|---|---|---|---|---|\n");
            for c in &report.categories {
                let _ = writeln!(
                    out,
                    "| **{}** ({}) | {} | {} | {} | {} | {} |",
                    c.name,
                    c.code.code(),
                    category_score(c.score),
                    c.controls.pass,
                    c.controls.warn,
                    c.controls.fail,
                    c.controls.not_applicable
                );
            }
            let _ = writeln!(
                out,
                "| **OVERALL SCORE** | **{}** | | | | |",
                points(&report.total)
            );
        }
        Some(cmp) => {
            out.push_str("| Category | Candidate | Reference |\n|---|---|---|\n");
            for c in &report.categories {
                let reference = cmp.categories.iter().find(|r| r.code == c.code);
                let _ = writeln!(
                    out,
                    "| **{}** ({}) | {} | {} |",
                    c.name,
                    c.code.code(),
                    category_score(c.score),
                    category_score(reference.and_then(|r| r.score))
                );
            }
            let _ = writeln!(
                out,
                "| **OVERALL SCORE** | **{}** | **{}** |",
                points(&report.total),
                points(&cmp.total)
            );
        }
    }
    out.push('\n');
}

/// The first sentence of a control's rationale, for the Impact column.
fn impact(id: &str) -> String {
    let rationale = control_by_id(id)
        .map(crate::rules::Control::rationale)
        .unwrap_or_default();
    let flat = rationale.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = flat
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .next()
        .unwrap_or(flat.len());
    flat[..end].to_string()
}

fn side_cell(status: Status, entry: Option<&ControlEntry>) -> String {
    let first = entry.and_then(|c| problems(c).next());
    match (status, first) {
        (Status::Warn | Status::Fail, Some(f)) => {
            format!("{} {}", mark(status), inline(&f.message, Context::Cell))
        }
        _ => format!("{} {}", mark(status), status_word(status)),
    }
}

fn comparison(out: &mut String, report: &Report, cmp: &Comparison) {
    out.push_str("## Comparison: candidate vs reference\n\n");
    if cmp.regressions.is_empty() && cmp.improvements.is_empty() {
        out.push_str("Every control judged in both comes out the same.\n\n");
    } else {
        out.push_str("| Component | Candidate | Reference | Impact |\n|---|---|---|---|\n");
        for (ids, kind) in [
            (&cmp.regressions, "regression"),
            (&cmp.improvements, "improvement"),
        ] {
            for id in ids {
                let (Some(row), Some(entry)) = (cmp.row(id), report.control(id)) else {
                    continue;
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | **{}** {kind}: {} |",
                    control_name(entry, Context::Cell),
                    side_cell(row.candidate, Some(entry)),
                    side_cell(row.reference, None),
                    row.severity.label().to_uppercase(),
                    inline(&impact(id), Context::Cell)
                );
            }
        }
        out.push('\n');
    }
    let only_reference: Vec<String> = cmp
        .rows
        .iter()
        .filter(|r| r.candidate == Status::NotApplicable && r.reference != Status::NotApplicable)
        .map(|r| format!("{} {}", mark(r.reference), r.id))
        .collect();
    if !only_reference.is_empty() {
        let _ = writeln!(
            out,
            "Judged in the reference only (the candidate has nothing they apply to): {}.\n",
            only_reference.join(", ")
        );
    }
    let o = &cmp.overlap;
    out.push_str("### Resource types\n\n");
    let _ = writeln!(
        out,
        "- Overlap (Jaccard): **{}**{}",
        o.jaccard
            .map_or_else(|| "n/a".to_string(), |j| format!("{j:.2}")),
        if o.misread {
            " — below 0.5: probable misread (ALN003)"
        } else {
            ""
        }
    );
    for (label, types) in [
        ("Shared", &o.shared),
        ("Only in the candidate", &o.candidate_only),
        ("Only in the reference", &o.reference_only),
    ] {
        let _ = writeln!(
            out,
            "- {label} ({}): {}",
            types.len(),
            if types.is_empty() {
                "none".to_string()
            } else {
                type_list(types, TYPES_LISTED)
            }
        );
    }
    out.push('\n');
}

fn controls(out: &mut String, report: &Report) {
    out.push_str("## Controls\n\n");
    for category in Category::ALL {
        let entries: Vec<&ControlEntry> = report
            .controls
            .iter()
            .filter(|c| c.category == category)
            .collect();
        if entries.is_empty() {
            continue;
        }
        let score = report
            .categories
            .iter()
            .find(|c| c.code == category)
            .and_then(|c| c.score);
        let _ = write!(
            out,
            "### {} ({}): {}",
            category.name(),
            category.code(),
            category_score(score)
        );
        if let Some(cmp) = &report.comparison {
            let reference = cmp
                .categories
                .iter()
                .find(|c| c.code == category)
                .and_then(|c| c.score);
            let _ = write!(out, " · reference {}", category_score(reference));
        }
        out.push_str("\n\n");
        let judged: Vec<&&ControlEntry> = entries
            .iter()
            .filter(|c| c.status != Status::NotApplicable)
            .collect();
        if !judged.is_empty() {
            out.push_str("| | Control | Severity | Result |\n|---|---|---|---|\n");
            for c in judged {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    mark(c.status),
                    control_name(c, Context::Cell),
                    c.severity.label(),
                    result_cell(c)
                );
            }
            out.push('\n');
        }
        let na: Vec<String> = entries
            .iter()
            .filter(|c| c.status == Status::NotApplicable)
            .map(|c| format!("{} {}", c.id, c.slug))
            .collect();
        if !na.is_empty() {
            let _ = writeln!(out, "➖ Not applicable: {}.\n", na.join(", "));
        }
    }
}

/// Validity first: what would stop the configuration from deploying.
fn validity(out: &mut String, report: &Report) {
    out.push_str("## Validity\n\n");
    let _ = writeln!(
        out,
        "{}.\n",
        escape(&report.validity.summary, Context::Text)
    );
    for file in report.files.iter().filter(|f| f.error.is_some()) {
        if let Some(e) = &file.error {
            let _ = writeln!(
                out,
                "- ❌ {} does not parse: {}",
                code(
                    &format!("{}:{}:{}", file.path, e.line, e.column),
                    Context::Text
                ),
                inline(&e.message, Context::Text)
            );
        }
    }
    for c in report
        .controls
        .iter()
        .filter(|c| c.category == Category::Val && c.status == Status::Fail)
    {
        let _ = writeln!(
            out,
            "- ❌ **{}** {}: {}",
            c.id,
            c.slug,
            inline(c.title, Context::Text)
        );
        let all: Vec<&FindingEntry> = problems(c).collect();
        for f in all.iter().take(FINDINGS_LISTED) {
            let _ = writeln!(out, "  - {}", describe(f, Context::Text));
        }
        if all.len() > FINDINGS_LISTED {
            let _ = writeln!(out, "  - … and {} more", all.len() - FINDINGS_LISTED);
        }
    }
    out.push('\n');
}

/// Controls left out of the score: undetermined values and advice.
fn not_scored(out: &mut String, report: &Report) {
    let unknown: Vec<&ControlEntry> = report
        .controls
        .iter()
        .filter(|c| c.status == Status::Unknown)
        .collect();
    let advice: Vec<&ControlEntry> = report
        .controls
        .iter()
        .filter(|c| {
            c.status == Status::Advice && matches!(c.judged, Some(Status::Fail | Status::Warn))
        })
        .collect();
    if !unknown.is_empty() {
        out.push_str("## Could not be determined (not scored)\n\n");
        for c in unknown {
            let first = c
                .findings
                .iter()
                .find(|f| f.status == FindingStatus::Unknown)
                .map(|f| describe(f, Context::Text))
                .unwrap_or_default();
            let _ = writeln!(out, "- ❔ **{}** {}: {first}", c.id, c.slug);
        }
        out.push('\n');
    }
    if !advice.is_empty() {
        out.push_str("## Advice: account-wide controls the task did not ask for (not scored)\n\n");
        for c in advice {
            let _ = writeln!(
                out,
                "- 💡 **{}** {}: {}",
                c.id,
                c.slug,
                inline(c.title, Context::Text)
            );
        }
        out.push('\n');
    }
}

fn failures(out: &mut String, report: &Report) {
    out.push_str("## Failures by severity\n\n");
    for severity in Severity::ALL {
        let listed: Vec<&ControlEntry> = report
            .controls
            .iter()
            .filter(|c| {
                c.severity == severity
                    && c.category != Category::Val
                    && matches!(c.status, Status::Fail | Status::Warn)
            })
            .collect();
        let failing = listed.iter().filter(|c| c.status == Status::Fail).count();
        let _ = writeln!(
            out,
            "### {} ({failing} failing, {} partly met)\n",
            severity.label(),
            listed.len() - failing
        );
        if listed.is_empty() {
            out.push_str("None.\n\n");
            continue;
        }
        // Failures first, then partly met; registry order within each.
        let mut ordered = listed;
        ordered.sort_by_key(|c| u8::from(c.status != Status::Fail));
        for c in ordered {
            let _ = writeln!(
                out,
                "- {} **{}** {}: {}",
                mark(c.status),
                c.id,
                c.slug,
                inline(c.title, Context::Text)
            );
            let all: Vec<&FindingEntry> = problems(c).collect();
            for f in all.iter().take(FINDINGS_LISTED) {
                let _ = writeln!(out, "  - {}", describe(f, Context::Text));
            }
            if all.len() > FINDINGS_LISTED {
                let _ = writeln!(out, "  - … and {} more", all.len() - FINDINGS_LISTED);
            }
        }
        out.push('\n');
    }
}

fn suppressed(out: &mut String, report: &Report) {
    let mut lines = Vec::new();
    for c in &report.controls {
        for f in c
            .findings
            .iter()
            .filter(|f| f.status == FindingStatus::Suppressed)
        {
            let why = f.suppression.as_ref().map_or_else(String::new, |s| {
                let reason = if s.reason.is_empty() {
                    "no reason given".to_string()
                } else {
                    escape(&s.reason, Context::Text)
                };
                format!(" — {} ({reason})", code(&s.directive, Context::Text))
            });
            lines.push(format!(
                "- **{}** {}{why}",
                c.id,
                describe(f, Context::Text)
            ));
        }
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Suppressed findings\n\nThese count as met{}.\n",
        if report.suppressions {
            ""
        } else {
            " (suppressions are off: they count as they are)"
        }
    );
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out.push('\n');
}

fn actions(out: &mut String, report: &Report) {
    out.push_str("## Resolution actions\n\n");
    if report.actions.is_empty() {
        out.push_str("Nothing to resolve.\n\n");
        return;
    }
    for a in &report.actions {
        let _ = writeln!(
            out,
            "{}. **{}** ({}{}): {}",
            a.number,
            a.control,
            a.severity.label(),
            if a.status == Status::Warn {
                ", partly met"
            } else {
                ""
            },
            inline(&a.summary, Context::Text)
        );
    }
    out.push('\n');
}

fn files(out: &mut String, report: &Report) {
    out.push_str("## Files\n\n");
    let list = |out: &mut String, files: &[super::FileEntry]| {
        out.push_str("| File | Kind | Parsed |\n|---|---|---|\n");
        for f in files {
            let kind = serde_json::to_value(f.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let parsed = match &f.error {
                None => "✅".to_string(),
                Some(e) => format!(
                    "❌ line {}, column {}: {}",
                    e.line,
                    e.column,
                    escape(&e.message, Context::Cell)
                ),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {parsed} |",
                code(&f.path, Context::Cell),
                escape(&kind, Context::Cell)
            );
        }
        out.push('\n');
    };
    list(out, &report.files);
    if !report.diagnostics.is_empty() {
        out.push_str("Input warnings (Terraform accepts these, but they hide intent):\n\n");
        for d in &report.diagnostics {
            let _ = writeln!(
                out,
                "- ⚠️ {} line {}, column {}: {}",
                code(&d.file, Context::Text),
                d.line,
                d.column,
                inline(&d.message, Context::Text)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Tests: {} file(s), {} test case(s).\n",
        report.tests.files, report.tests.cases
    );
    if let Some(cmp) = &report.comparison {
        out.push_str("Reference files:\n\n");
        list(out, &cmp.files);
    }
}

fn grade(out: &mut String, report: &Report) {
    let t = &report.total;
    let (_, recommendation) = assessment(report);
    out.push_str("## Grade\n\n");
    let _ = writeln!(
        out,
        "**Overall Grade: {}** · **Training Value: {:.1}/5** · {}",
        t.grade,
        t.training_value,
        points(t)
    );
    if let Some(cmp) = &report.comparison {
        let _ = writeln!(
            out,
            "\nReference: **{}** · {:.1}/5 · {}",
            cmp.total.grade,
            cmp.total.training_value,
            points(&cmp.total)
        );
    }
    let _ = writeln!(out, "\n{recommendation}");
}

/// Renders the report.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("# tfgrade report\n\n");
    summary(&mut out, report);
    validity(&mut out, report);
    requirements(&mut out, report);
    score_table(&mut out, report);
    if let Some(cmp) = &report.comparison {
        comparison(&mut out, report, cmp);
    }
    controls(&mut out, report);
    failures(&mut out, report);
    not_scored(&mut out, report);
    suppressed(&mut out, report);
    actions(&mut out, report);
    files(&mut out, report);
    grade(&mut out, report);
    if let Some(left_out) = &report.left_out {
        let _ = writeln!(out, "\n> {}.", left_out.sentence());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_inject_html() {
        let hostile = "<img src=x onerror=alert(1)> | a\nb & `c`";
        let cell = escape(hostile, Context::Cell);
        assert!(!cell.contains('<') && !cell.contains('>') && !cell.contains('\n'));
        assert!(!cell.replace("\\|", "").contains('|'));
        assert!(cell.contains("&lt;img") && cell.contains("&amp;"));
        assert!(cell.contains("\\`c\\`"));
    }

    #[test]
    fn code_spans_outlast_backticks_inside() {
        assert_eq!(code("a`b", Context::Text), "``a`b``");
        assert_eq!(code("`x", Context::Text), "`` `x ``");
        assert_eq!(code("a|b", Context::Cell), "`a\\|b`");
        assert_eq!(code("a\nb", Context::Text), "`a b`");
    }

    #[test]
    fn inline_turns_backtick_pairs_into_code_and_escapes_the_rest() {
        assert_eq!(
            inline("`enable_key_rotation` is <b>false</b>", Context::Text),
            "`enable_key_rotation` is &lt;b&gt;false&lt;/b&gt;"
        );
        // An unpaired backtick stays text.
        assert_eq!(inline("a ` b", Context::Text), "a \\` b");
        assert_eq!(inline("`x` and ` y", Context::Cell), "`x` and \\` y");
    }
}
