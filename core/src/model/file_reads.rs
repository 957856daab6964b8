//! Calls that read a file of the configuration's folder (`file()`,
//! `templatefile()`, `filebase64()`, …), found syntactically, so that a read
//! of a file missing from the input can be reported at the call.

use crate::eval::Value;
use hcl_edit::expr::{Expression, FuncCall};
use hcl_edit::template::{ForDirective, Template};
use hcl_edit::visit::{self, Visit};
use hcl_edit::Span as _;
use std::ops::Range;

/// Functions whose first argument is a path that must exist at plan time.
pub const FILE_FUNCTIONS: &[&str] = &[
    "file",
    "filebase64",
    "filebase64sha256",
    "filebase64sha512",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "templatefile",
];

/// Functions under which a failing read is expected and handled
/// (`try(file(x), "")`), or that test for a file before reading it.
const GUARDS: &[&str] = &["try", "can", "fileexists", "fileset"];

/// One file-reading call of an expression: its function, its path argument
/// as evaluated, and the byte range of the call.
pub(crate) struct FileCall {
    pub function: String,
    pub path: Value,
    pub range: Range<usize>,
}

/// The file-reading calls of `expr`, with `evaluate` applied to each path
/// argument; none when the expression guards a read anywhere
/// (`fileexists(p) ? file(p) : ""`, `try(file(p), "")`) or binds names
/// (a `for` expression or directive: the path may be the iteration
/// variable).
pub(crate) fn file_calls(
    expr: &Expression,
    evaluate: &mut dyn FnMut(&Expression) -> Value,
) -> Vec<FileCall> {
    let mut finder = Finder {
        evaluate,
        calls: Vec::new(),
        guarded: false,
        depth: 0,
    };
    finder.visit_expr(expr);
    if finder.guarded {
        Vec::new()
    } else {
        finder.calls
    }
}

struct Finder<'f> {
    evaluate: &'f mut dyn FnMut(&Expression) -> Value,
    calls: Vec<FileCall>,
    guarded: bool,
    depth: usize,
}

impl Visit for Finder<'_> {
    fn visit_expr(&mut self, expr: &Expression) {
        if self.guarded || self.depth >= crate::eval::MAX_DEPTH {
            return;
        }
        self.depth += 1;
        visit::visit_expr(self, expr);
        self.depth -= 1;
    }

    fn visit_template(&mut self, node: &Template) {
        if self.guarded || self.depth >= crate::eval::MAX_DEPTH {
            return;
        }
        self.depth += 1;
        visit::visit_template(self, node);
        self.depth -= 1;
    }

    fn visit_for_expr(&mut self, _node: &hcl_edit::expr::ForExpr) {
        self.guarded = true;
    }

    fn visit_for_directive(&mut self, _node: &ForDirective) {
        self.guarded = true;
    }

    fn visit_func_call(&mut self, call: &FuncCall) {
        let name = call.name.name.as_str();
        if call.name.is_namespaced() {
            return;
        }
        if GUARDS.contains(&name) {
            self.guarded = true;
            return;
        }
        if FILE_FUNCTIONS.contains(&name) {
            if let (Some(path), Some(range)) = (call.args.iter().next(), call.span()) {
                let path = (self.evaluate)(path);
                self.calls.push(FileCall {
                    function: name.to_owned(),
                    path,
                    range,
                });
            }
        }
        visit::visit_func_call(self, call);
    }
}

/// Base names of the files a Markdown answer shows in fenced blocks of any
/// language: named in the fence's info string, on the lines before the
/// fence (a heading, bold text, `user_data.sh:`) or in a comment at the top
/// of the block, and any file a block that is not Terraform names (a shell
/// block running `zip -r lambda.zip index.js` says how to make it). Blocks
/// that are not Terraform are not extracted, but a script shown under its
/// name is part of the answer.
#[must_use]
pub(crate) fn answer_block_names(markdown: &str) -> std::collections::BTreeSet<String> {
    /// Lines before a fence that may name its block (a heading, then a
    /// sentence such as "Create this file next to main.tf:").
    const LINES_BEFORE: usize = 3;
    /// Lines at the top of a block that may name it (after a shebang).
    const LINES_INSIDE: usize = 2;
    let mut names = std::collections::BTreeSet::new();
    let mut before: std::collections::VecDeque<&str> = std::collections::VecDeque::new();
    let mut fence: Option<&str> = None;
    let mut inside_seen = 0;
    let mut terraform_block = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start_matches([' ', '\t', '>']).trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                inside_seen = 0;
                let language = trimmed[m.len()..]
                    .trim()
                    .split(|c: char| c.is_whitespace() || c == ':' || c == '{')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                terraform_block = matches!(language.as_str(), "hcl" | "terraform" | "tf");
                add_names(&trimmed[m.len()..], &mut names);
                for line in &before {
                    add_names(line, &mut names);
                }
                before.clear();
            }
            (Some(open), Some(m)) if open == m && trimmed[m.len()..].trim().is_empty() => {
                fence = None;
            }
            (Some(_), _) => {
                let t = trimmed.trim();
                if !terraform_block {
                    add_names(t, &mut names);
                } else if inside_seen < LINES_INSIDE && !t.is_empty() {
                    inside_seen += 1;
                    if t.starts_with('#') || t.starts_with("//") || t.starts_with("--") {
                        add_names(t, &mut names);
                    }
                }
            }
            (None, None) => {
                if !line.trim().is_empty() {
                    if before.len() == LINES_BEFORE {
                        before.pop_front();
                    }
                    before.push_back(line);
                }
            }
        }
    }
    names
}

/// File-name-like words of a line (`modules/app/user_data.sh` gives
/// `user_data.sh`).
fn add_names(line: &str, names: &mut std::collections::BTreeSet<String>) {
    let words = line.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '`' | '*' | ':' | '(' | ')' | '[' | ']' | '"' | '\'' | ',' | '=' | '{' | '}'
            )
    });
    for word in words {
        let base = word
            .rsplit('/')
            .next()
            .unwrap_or(word)
            .trim_end_matches('.');
        if let Some((stem, extension)) = base.rsplit_once('.') {
            if !stem.is_empty()
                && !extension.is_empty()
                && extension.bytes().all(|b| b.is_ascii_alphanumeric())
                && !extension.bytes().all(|b| b.is_ascii_digit())
            {
                names.insert(base.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::answer_block_names;

    #[test]
    fn answer_blocks_are_named_by_heading_info_or_first_comment() {
        let md = "### 10. User Data (`modules/app/user_data.sh`)\nCreate this file:\n\n```bash\necho hi\n```\n\n```python title=\"handler.py\"\nx = 1\n```\n\n```sh\n#!/bin/sh\n# setup.sh\nzip -r lambda.zip index.js\n```\n\n```hcl\nx = file(\"policy.json\")\n```\n\nSee config.json for details.\n";
        let names = answer_block_names(md);
        assert!(names.contains("user_data.sh"));
        assert!(names.contains("handler.py"));
        assert!(names.contains("setup.sh"));
        assert!(names.contains("lambda.zip"));
        assert!(!names.contains("policy.json"));
        assert!(!names.contains("config.json"));
        assert!(!names.contains("10."));
    }
}
