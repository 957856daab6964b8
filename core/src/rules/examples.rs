//! A control's good and bad examples as inputs and expectations: the
//! `# expect: fail` markers of bad examples, the `# file: name` lines
//! that split an example into several files, and the option lines some
//! controls need (they are not part of any file):
//!
//! - `# require: KEY=VALUE` sets a requirement (as `--require` does), for
//!   controls that judge the task's requirements (ALN001, ALN002, ALN004);
//! - `# reference-types: aws_a, aws_b` gives the resource types of a
//!   reference configuration (comparison mode, ALN003).
//!
//! Used by `tests/control_examples.rs`, and available to anything that wants
//! to show examples with their expected findings (the web help panel).

use super::evaluate::RuleOptions;
use super::verdict::Outcome;
use crate::InputSet;

const REQUIRE: &str = "# require:";
const REFERENCE_TYPES: &str = "# reference-types:";

/// Whether a line is an option line rather than file content.
fn is_option_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(REQUIRE) || t.starts_with(REFERENCE_TYPES)
}

/// The options to evaluate an example with: the default options plus the
/// example's `# require:` and `# reference-types:` lines.
///
/// # Panics
/// On a malformed `# require:` line: examples are part of the code, and a
/// typo must fail the example tests rather than be ignored.
#[must_use]
pub fn example_options(example: &str) -> RuleOptions {
    let mut options = RuleOptions::default();
    for line in example.lines().map(str::trim) {
        if let Some(pair) = line.strip_prefix(REQUIRE) {
            options
                .requirements
                .set_pair(pair.trim())
                .unwrap_or_else(|e| panic!("bad example line `{line}`: {e}"));
        } else if let Some(types) = line.strip_prefix(REFERENCE_TYPES) {
            options.reference_resource_types = Some(
                types
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
            );
        }
    }
    options
}

/// A finding an example must produce.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    /// The file it points into; `None` for a stack-level finding.
    pub file: Option<String>,
    /// One-based line; 0 for a stack-level finding.
    pub line: u32,
    pub outcome: Outcome,
}

/// One file of an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFile {
    pub path: String,
    pub text: String,
}

/// Splits an example into files. A line `# file: variables.tf` starts a new
/// file; text before the first such line (or an example without one) is
/// `main.tf`. Option lines (`# require:`, `# reference-types:`) are left
/// out. Leading blank lines of each file are dropped, so markers' line
/// numbers are counted from the file's first line of code.
#[must_use]
pub fn example_files(example: &str) -> Vec<ExampleFile> {
    let mut files: Vec<ExampleFile> = Vec::new();
    let mut path = "main.tf".to_string();
    let mut lines: Vec<&str> = Vec::new();
    let flush = |path: &str, lines: &[&str], files: &mut Vec<ExampleFile>| {
        let first = lines
            .iter()
            .position(|l| !l.trim().is_empty())
            .unwrap_or(lines.len());
        let text = lines[first..].join("\n");
        if !text.trim().is_empty() {
            files.push(ExampleFile {
                path: path.to_string(),
                text: format!("{text}\n"),
            });
        }
    };
    for line in example.lines() {
        if let Some(name) = line.trim().strip_prefix("# file:") {
            flush(&path, &lines, &mut files);
            lines.clear();
            path = name.trim().to_string();
        } else if !is_option_line(line) {
            lines.push(line);
        }
    }
    flush(&path, &lines, &mut files);
    files
}

/// The input set of an example.
#[must_use]
pub fn example_input(example: &str) -> InputSet {
    let mut input = InputSet::new();
    for file in example_files(example) {
        input.add(file.path, file.text.into_bytes());
    }
    input
}

/// The findings an example expects: a line ending in `# expect: fail`,
/// `# expect: warn` or `# expect: unknown` expects a finding there; a line `# expect-stack: fail`
/// expects a stack-level finding.
#[must_use]
pub fn expectations(example: &str) -> Vec<Expected> {
    let mut out = Vec::new();
    for file in example_files(example) {
        for (i, line) in file.text.lines().enumerate() {
            let Some(outcome) =
                marker(line, "# expect-stack:").or_else(|| marker(line, "# expect:"))
            else {
                continue;
            };
            let stack = line.contains("# expect-stack:");
            out.push(Expected {
                file: (!stack).then(|| file.path.clone()),
                line: if stack {
                    0
                } else {
                    u32::try_from(i + 1).unwrap_or(u32::MAX)
                },
                outcome,
            });
        }
    }
    out.sort();
    out
}

fn marker(line: &str, prefix: &str) -> Option<Outcome> {
    let at = line.find(prefix)?;
    match line[at + prefix.len()..].trim() {
        "fail" => Some(Outcome::Fail),
        "warn" => Some(Outcome::Warn),
        "unknown" => Some(Outcome::Unknown),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_give_lines_and_outcomes() {
        let ex = "\nresource \"aws_kms_key\" \"k\" { # expect: fail\n}\nresource \"x\" \"y\" {\n  a = 1 # expect: warn\n}\n";
        let e = expectations(ex);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line, 1);
        assert_eq!(e[0].outcome, Outcome::Fail);
        assert_eq!(e[1].line, 4);
    }

    #[test]
    fn file_lines_split_examples() {
        let ex = "# file: variables.tf\nvariable \"x\" {}\n# file: main.tf\nresource \"a\" \"b\" {} # expect: fail\n";
        let files = example_files(ex);
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].path, "variables.tf");
        let e = expectations(ex);
        assert_eq!(e[0].file.as_deref(), Some("main.tf"));
        assert_eq!(e[0].line, 1);
    }

    #[test]
    fn option_lines_set_requirements_and_are_not_file_content() {
        let ex = "# require: deletion_protection=forbidden\n# reference-types: aws_a, aws_b\nresource \"aws_a\" \"x\" {} # expect: fail\n";
        let options = example_options(ex);
        assert_eq!(
            options.requirements.deletion_protection(),
            crate::profile::Stance::Forbidden
        );
        assert_eq!(options.reference_resource_types.map(|t| t.len()), Some(2));
        let files = example_files(ex);
        assert_eq!(files.len(), 1);
        assert!(files[0].text.starts_with("resource"));
        assert_eq!(expectations(ex)[0].line, 1);
        assert!(example_options("resource \"a\" \"b\" {}\n")
            .requirements
            .is_empty());
    }

    #[test]
    fn stack_markers_have_no_location() {
        let e = expectations("# expect-stack: fail\nresource \"aws_s3_bucket\" \"b\" {}\n");
        assert_eq!(
            e,
            vec![Expected {
                file: None,
                line: 0,
                outcome: Outcome::Fail
            }]
        );
    }
}
