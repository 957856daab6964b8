//! The controls reference (`docs/controls.md`), generated from the controls'
//! metadata so it can never drift from the code. `tests/docs.rs` fails when
//! the checked-in file differs (`UPDATE_DOCS=1` rewrites it); the web page
//! renders the same Markdown.

use super::control::{Category, Control, Overlap, Scope};
use super::registry::CONTROLS;
use std::fmt::Write as _;

/// The Markdown reference of every registered control.
#[must_use]
pub fn controls_markdown() -> String {
    let mut out = String::new();
    out.push_str("# tfgrade controls\n\n");
    out.push_str(
        "<!-- Generated from the control metadata in core/src/rules/ by core/tests/docs.rs. \
         Do not edit: run `UPDATE_DOCS=1 cargo test -p tfgrade-core --test docs`. -->\n\n",
    );
    out.push_str(
        "Each control judges one security or readiness property of a Terraform (AWS) \
         configuration. Resource-level controls judge every resource of their types and \
         report the worst result. Stack-level (presence) controls look for something \
         anywhere in the stack: they are scored in profiles `baseline` and `strict`, `n/a` \
         in profile `module`, and in the default profile `task` they are scored only when \
         the task asks for them (the prompt names them, or the reference answer meets \
         them); otherwise they are shown as `advice`, with the result they would have, and \
         not scored. A value that cannot be known statically never fails a control: the \
         result is `unknown` (\"could not be determined\"), listed and left out of the \
         score. Validity (VAL) controls are not scored in points: a failing one caps the \
         grade at D, and an answer none of whose files parse is graded F. \
         Severity weights: Critical 10, High 6, Medium 3, Low 1.\n\n",
    );
    out.push_str(
        "Suppress a finding with `# tfgrade:ignore:<ID> <reason>` on the line above the \
         block or inside it, or for a whole file (and for stack-level controls) with \
         `# tfgrade:ignore-file:<ID> <reason>`. Peers' comments (`#checkov:skip=`, \
         `#tfsec:ignore:`, `#trivy:ignore:`) are honoured for peer checks marked *same*.\n\n",
    );

    for category in Category::ALL {
        let controls: Vec<&Control> = CONTROLS
            .iter()
            .copied()
            .filter(|c| c.category == category)
            .collect();
        if controls.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {} ({})\n", category.name(), category.code());
        out.push_str("| ID | Slug | Severity | Scope | Title |\n|---|---|---|---|---|\n");
        for c in &controls {
            let _ = writeln!(
                out,
                "| [{id}](#{anchor}) | `{slug}` | {sev} | {scope} | {title} |",
                id = c.id,
                anchor = anchor(c),
                slug = c.slug,
                sev = c.severity.label(),
                scope = scope_label(c.scope),
                title = escape_cell(c.title()),
            );
        }
        out.push('\n');
        for c in &controls {
            control_section(&mut out, c);
        }
    }
    out
}

/// `enc001-kms-key-rotation`: the anchor GitHub makes of the heading.
fn anchor(c: &Control) -> String {
    format!("{}-{}", c.id.to_ascii_lowercase(), c.slug)
}

fn scope_label(scope: Scope) -> String {
    match scope {
        Scope::Presence => {
            "stack (advice in profile `task` unless the task asks for it)".to_string()
        }
        Scope::Everything => "all".to_string(),
        Scope::Resources(types) => types
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn control_section(out: &mut String, c: &Control) {
    let _ = writeln!(out, "### {} {}\n", c.id, c.slug);
    let _ = writeln!(out, "**{}**\n", c.title());
    let _ = writeln!(
        out,
        "Category: {} ({}) · Severity: {} · Scope: {}\n",
        c.category.name(),
        c.category.code(),
        c.severity.label(),
        scope_label(c.scope)
    );
    let _ = writeln!(out, "#### Why it matters\n\n{}\n", c.rationale());
    let _ = writeln!(out, "#### Remediation\n\n{}\n", c.remediation());
    if !c.references.is_empty() {
        out.push_str("#### References\n\n");
        for r in c.references {
            let _ = writeln!(out, "- {r}");
        }
        out.push('\n');
    }
    if !c.peers.is_empty() {
        out.push_str("#### Peer checks\n\n| Tool | Check | Overlap |\n|---|---|---|\n");
        for p in c.peers {
            let name = match p.long_name {
                Some(long) => format!("`{}` (`{}`)", p.id, long),
                None => format!("`{}`", p.id),
            };
            let overlap = match p.overlap {
                Overlap::Same => "same",
                Overlap::Partial => "partial",
            };
            let _ = writeln!(out, "| {} | {} | {} |", p.tool.name(), name, overlap);
        }
        out.push('\n');
    }
    out.push_str("#### Examples\n\n");
    for (i, good) in c.good.iter().enumerate() {
        let _ = writeln!(
            out,
            "Passes ({}):\n\n```hcl\n{}\n```\n",
            i + 1,
            good.trim_matches('\n')
        );
    }
    for (i, bad) in c.bad.iter().enumerate() {
        let _ = writeln!(
            out,
            "Fails or warns ({}):\n\n```hcl\n{}\n```\n",
            i + 1,
            bad.trim_matches('\n')
        );
    }
}
