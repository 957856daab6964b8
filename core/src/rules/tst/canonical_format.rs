//! TST005: files are laid out as `terraform fmt` writes them.

use crate::input::FileKind;
use crate::rules::prelude::*;

declare_control! {
    /// Files are in canonical `terraform fmt` layout.
    ///
    /// ## Why it matters
    /// `terraform fmt` is the one layout every Terraform user reads fastest
    /// and every editor integration produces. Files that differ from it
    /// make reviews noisy (the next `fmt` run rewrites unrelated lines),
    /// fail `terraform fmt -check` in CI, and often hide a structural
    /// mistake such as a block closed at the wrong level. Running `fmt`
    /// before committing costs nothing.
    ///
    /// The check follows the rules of the formatter (hclwrite) that decide
    /// most differences: indentation of two spaces per open bracket level
    /// (one level per line that opens brackets), the `=` signs of
    /// consecutive single-line attributes aligned one space after the
    /// longest name, one space around other `=` signs, and no trailing
    /// whitespace. Heredoc contents are left alone, as `fmt` does. The
    /// first offending line of each file is reported. Terraform JSON files
    /// are not judged; blocks extracted from Markdown are.
    ///
    /// ## Remediation
    /// Run `terraform fmt -recursive` and commit the result; in CI, run
    /// `terraform fmt -check -recursive`. Formatted, attributes line up:
    ///
    /// ```hcl
    /// resource "aws_s3_bucket" "logs" {
    ///   bucket        = "example-logs"
    ///   force_destroy = false
    ///
    ///   tags = {
    ///     Name = "logs"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "TST005",
        slug: "canonical-format",
        category: Category::Tst,
        severity: Severity::Low,
        scope: Scope::Everything,
        references: &[
            "Terraform documentation: terraform fmt command",
            "Terraform documentation: Style Guide (code formatting)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_s3_bucket" "logs" {
  bucket        = "example-logs"
  force_destroy = false

  tags = {
    Name        = "logs"
    Environment = "prod"
  }
}

resource "aws_iam_policy" "p" {
  name   = "p"
  policy = <<EOF
{
    "Version": "2012-10-17"
}
EOF
  path   = "/"
}

locals {
  # A comment, indented like the code.
  ports = [
    80,
    443,
  ]
  rules = merge(
    { a = 1 },
    { b = "${local.x}-y" },
  )
}
"#,
        ],
        bad: &[
            r#"
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs" # expect: fail
  force_destroy = false
}
"#,
            r#"
resource "aws_s3_bucket" "logs" {
    bucket = "example-logs" # expect: fail
}
"#,
            // Only the first offending line of a file is reported.
            r#"
variable "name" {
  type    = string
  default="x" # expect: fail

    description = "Name."
}
"#,
        ],
        check,
    }
}

/// What the scanner learns about one line.
#[derive(Debug, Default, Clone)]
struct Line {
    /// Byte offset of the line in the file's text.
    start: usize,
    /// The line continues a heredoc, or starts inside a comment or a
    /// string: not a line of its own for the formatter.
    continuation: bool,
    /// Heredoc contents and closing marker: part of the opener's line.
    in_heredoc: bool,
    blank: bool,
    indent: String,
    net_brackets: i32,
    equals: Option<Equals>,
    /// Code (not a comment or heredoc) ends in whitespace.
    trailing_space: bool,
    /// A comment after code on the same line.
    comment: Option<TrailingComment>,
    /// A `:` (object key, conditional, `for`) without single spaces around.
    colon_spacing: bool,
}

/// A comment after code.
#[derive(Debug, Clone)]
struct TrailingComment {
    /// Width in characters of the code before it, without indentation.
    code_width: usize,
    /// The whitespace between the code and the comment.
    gap: String,
}

/// The first `=` of a line (after its first token).
#[derive(Debug, Clone)]
struct Equals {
    /// Width in characters of the text before it, without indentation and
    /// trailing spaces.
    lead_width: usize,
    /// The whitespace between that text and the `=`.
    before: String,
    /// Exactly one space follows (or nothing but a line end or comment).
    one_space_after: bool,
    /// The number of spaces that follow.
    spaces_after: usize,
    /// The right-hand side closes every bracket it opens, so the line is
    /// part of an alignment group.
    single_line: bool,
}

/// Scanner state across lines.
enum Frame {
    /// A quoted string.
    Str,
    /// A `${ … }` or `%{ … }` sequence, with the braces open inside it.
    Interpolation(usize),
}

fn heredoc_marker(rest: &str) -> Option<String> {
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let after = &rest[name.len()..];
    (!name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && after.trim().is_empty())
    .then_some(name)
}

/// The first char boundary of `text` at or after `at`.
fn next_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at.min(text.len())
}

/// Reads the lines of a file's text.
fn scan(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut heredoc: Option<String> = None;
    let mut block_comment = false;
    let mut offset = 0usize;
    for raw in text.split('\n') {
        let start = offset;
        offset += raw.len() + 1;
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        let mut line = Line {
            start,
            ..Line::default()
        };
        if let Some(marker) = &heredoc {
            line.in_heredoc = true;
            line.continuation = true;
            if content.trim() == marker {
                heredoc = None;
            }
            lines.push(line);
            continue;
        }
        line.continuation = block_comment || !frames.is_empty();
        line.blank = content.trim().is_empty();
        line.indent = content.chars().take_while(|c| c.is_whitespace()).collect();
        let bytes = content.as_bytes();
        let mut i = line.indent.len();
        let mut net = 0i32;
        let mut net_at_equals = 0i32;
        let mut first_token_seen = false;
        let mut code_end = 0usize;
        let mut equals_at: Option<usize> = None;
        let mut comment = false;
        while i < bytes.len() {
            let c = bytes[i];
            if block_comment {
                if bytes[i..].starts_with(b"*/") {
                    block_comment = false;
                    i += 2;
                } else {
                    i += 1;
                }
                continue;
            }
            match frames.last_mut() {
                Some(Frame::Str) => {
                    if c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if (bytes[i..].starts_with(b"${") || bytes[i..].starts_with(b"%{"))
                        && !matches!(bytes[..i].last(), Some(b'$' | b'%'))
                    {
                        frames.push(Frame::Interpolation(0));
                        i += 2;
                        continue;
                    }
                    if c == b'"' {
                        frames.pop();
                        code_end = i + 1;
                    }
                    i += 1;
                    continue;
                }
                Some(Frame::Interpolation(depth)) => {
                    match c {
                        b'{' => *depth += 1,
                        b'}' if *depth == 0 => {
                            frames.pop();
                        }
                        b'}' => *depth -= 1,
                        b'"' => frames.push(Frame::Str),
                        _ => {}
                    }
                    i += 1;
                    continue;
                }
                None => {}
            }
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let rest = &bytes[i..];
            if c == b'#' || rest.starts_with(b"//") {
                comment = true;
                if first_token_seen && frames.is_empty() && heredoc.is_none() {
                    line.comment = Some(TrailingComment {
                        code_width: content[line.indent.len()..code_end].chars().count(),
                        gap: content[code_end..i].to_owned(),
                    });
                }
                break;
            }
            if rest.starts_with(b"/*") {
                block_comment = true;
                i += 2;
                continue;
            }
            let is_first = !first_token_seen;
            first_token_seen = true;
            code_end = next_boundary(content, i + 1);
            match c {
                b'"' => frames.push(Frame::Str),
                b'{' | b'[' | b'(' => net += 1,
                b'}' | b']' | b')' => net -= 1,
                b'<' if rest.starts_with(b"<<") => {
                    if let Some(marker) = content.get(i + 2..).and_then(heredoc_marker) {
                        heredoc = Some(marker);
                        code_end = content.trim_end().len();
                        break;
                    }
                }
                b':' => {
                    let before = &content[..i];
                    let after = &content[i + 1..];
                    let spaced_before = before.ends_with(' ') && !before.ends_with("  ");
                    let spaced_after = after.trim().is_empty()
                        || (after.starts_with(' ') && !after.starts_with("  "));
                    if !(is_first || (spaced_before && spaced_after)) {
                        line.colon_spacing = true;
                    }
                }
                b'=' => {
                    let prev = bytes[..i].last().copied();
                    let next = bytes.get(i + 1).copied();
                    let operator = matches!(prev, Some(b'=' | b'!' | b'<' | b'>'))
                        || matches!(next, Some(b'=' | b'>'));
                    if !operator && !is_first && equals_at.is_none() {
                        equals_at = Some(i);
                        net_at_equals = net;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        line.net_brackets = net;
        let last = offset > text.len();
        line.trailing_space = if line.blank {
            // `fmt` keeps blanks after the last newline of a file.
            !content.is_empty() && !last
        } else {
            !comment
                && !block_comment
                && frames.is_empty()
                && heredoc.is_none()
                && content.len() > code_end
                && content[code_end..].chars().all(char::is_whitespace)
        };
        if let Some(at) = equals_at {
            let lead = content[line.indent.len()..at].trim_end();
            let before = &content[line.indent.len() + lead.len()..at];
            let after = &content[at + 1..];
            let rest = after.trim_start();
            let one_space_after = rest.is_empty()
                || rest.starts_with('#')
                || (after.starts_with(' ') && !after.starts_with("  "));
            line.equals = Some(Equals {
                lead_width: lead.chars().count(),
                before: before.to_owned(),
                one_space_after,
                spaces_after: after.len() - after.trim_start_matches(' ').len(),
                single_line: net == net_at_equals,
            });
        }
        lines.push(line);
    }
    lines
}

/// How much a line's width changes when its `=` gets `want` spaces before
/// and one after.
fn spaces_change(eq: &Equals, want: usize) -> i64 {
    let to_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    // Nothing after the `=` (a line end): nothing to add.
    let after = if eq.spaces_after == 0 && eq.one_space_after {
        0
    } else {
        1 - to_i64(eq.spaces_after)
    };
    to_i64(want) - to_i64(eq.before.chars().count()) + after
}

/// The first line that `terraform fmt` would change, with the reason.
fn first_difference(text: &str) -> Option<(usize, String)> {
    let lines = scan(text);
    let mut problems: Vec<(usize, String)> = Vec::new();
    let mut expected_indent = vec![0usize; lines.len()];
    let mut indents: Vec<i32> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if line.trailing_space {
            problems.push((n, "trailing whitespace".to_owned()));
        }
        if line.continuation || line.blank {
            continue;
        }
        let net = line.net_brackets;
        let level = if net > 0 {
            let level = indents.len();
            indents.push(net);
            level
        } else {
            let mut closed = -net;
            while closed > 0 {
                let Some(top) = indents.last_mut() else {
                    break;
                };
                if closed >= *top {
                    closed -= *top;
                    indents.pop();
                } else {
                    *top -= closed;
                    closed = 0;
                }
            }
            indents.len()
        };
        expected_indent[n] = 2 * level;
        let actual = &line.indent;
        if actual.contains('\t') {
            problems.push((n, "indented with a tab".to_owned()));
        } else if actual.chars().count() != 2 * level {
            problems.push((
                n,
                format!(
                    "indented {} spaces where `terraform fmt` indents {}",
                    actual.chars().count(),
                    2 * level
                ),
            ));
        }
    }
    // Alignment groups: consecutive lines whose first `=` starts a
    // single-line value; heredoc contents belong to their opening line.
    // `width_change[n]` is how much formatting `=` changes the line's width.
    let mut width_change = vec![0i64; lines.len()];
    let mut group: Vec<usize> = Vec::new();
    let close = |group: &mut Vec<usize>,
                 problems: &mut Vec<(usize, String)>,
                 width_change: &mut Vec<i64>| {
        let width =
            |n: usize| expected_indent[n] + lines[n].equals.as_ref().map_or(0, |e| e.lead_width);
        let widest = group.iter().map(|&n| width(n)).max().unwrap_or(0);
        for &n in group.iter() {
            let Some(eq) = &lines[n].equals else {
                continue;
            };
            let want = widest - width(n) + 1;
            width_change[n] = spaces_change(eq, want);
            if eq.before.chars().any(|c| c != ' ') || eq.before.len() != want {
                let message = if group.len() > 1 {
                    "`=` is not aligned with the neighbouring attributes"
                } else {
                    "`=` is not surrounded by single spaces"
                };
                problems.push((n, message.to_owned()));
            } else if !eq.one_space_after {
                problems.push((n, "`=` is not followed by a single space".to_owned()));
            }
        }
        group.clear();
    };
    for (n, line) in lines.iter().enumerate() {
        if line.in_heredoc {
            continue;
        }
        if line.colon_spacing && !line.continuation {
            problems.push((n, "`:` is not surrounded by single spaces".to_owned()));
        }
        match &line.equals {
            Some(eq) if !line.continuation && eq.single_line => group.push(n),
            Some(eq) if !line.continuation => {
                close(&mut group, &mut problems, &mut width_change);
                width_change[n] = spaces_change(eq, 1);
                if eq.before != " " {
                    problems.push((n, "`=` is not surrounded by single spaces".to_owned()));
                } else if !eq.one_space_after {
                    problems.push((n, "`=` is not followed by a single space".to_owned()));
                }
            }
            _ => close(&mut group, &mut problems, &mut width_change),
        }
    }
    close(&mut group, &mut problems, &mut width_change);
    // Trailing comments of consecutive lines line up one space after the
    // longest (formatted) code.
    let mut chain: Vec<usize> = Vec::new();
    let close_comments = |chain: &mut Vec<usize>, problems: &mut Vec<(usize, String)>| {
        let width = |n: usize| {
            let code = lines[n].comment.as_ref().map_or(0, |c| c.code_width);
            i64::try_from(expected_indent[n] + code).unwrap_or(i64::MAX) + width_change[n]
        };
        let widest = chain.iter().map(|&n| width(n)).max().unwrap_or(0);
        for &n in chain.iter() {
            let Some(comment) = &lines[n].comment else {
                continue;
            };
            let want = widest - width(n) + 1;
            let gap = i64::try_from(comment.gap.len()).unwrap_or(i64::MAX);
            if comment.gap.chars().any(|c| c != ' ') || gap != want {
                problems.push((
                    n,
                    "the trailing comment is not aligned one space after the code".to_owned(),
                ));
            }
        }
        chain.clear();
    };
    for (n, line) in lines.iter().enumerate() {
        if line.in_heredoc {
            continue;
        }
        if line.comment.is_some() && !line.continuation {
            chain.push(n);
        } else {
            close_comments(&mut chain, &mut problems);
        }
    }
    close_comments(&mut chain, &mut problems);
    let (n, message) = problems.into_iter().min_by_key(|(n, _)| *n)?;
    Some((lines[n].start, message))
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let model = cx.model;
    for (id, file) in model.files.iter().enumerate() {
        let kind = model.file_kinds.get(id).copied();
        if !matches!(
            kind,
            Some(FileKind::Terraform | FileKind::TfVars | FileKind::TfTest)
        ) || file.is_generated()
            || model.parse_errors.iter().any(|(f, _)| *f == id)
        {
            continue;
        }
        let header = Span {
            file: id,
            range: 0..0,
        };
        match first_difference(&file.text) {
            None => {
                out.named(
                    Outcome::Pass,
                    file.path.clone(),
                    &header,
                    &header,
                    format!("`{}` is in `terraform fmt` layout", file.path),
                );
            }
            Some((offset, why)) => {
                let end = file.text[offset..]
                    .find('\n')
                    .map_or(file.text.len(), |e| offset + e);
                let at = Span {
                    file: id,
                    range: offset..end,
                };
                out.named(
                    Outcome::Fail,
                    file.path.clone(),
                    &header,
                    &at,
                    format!("`{}` is not in `terraform fmt` layout: {why}", file.path),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_difference;

    fn line_of(text: &str) -> Option<usize> {
        first_difference(text).map(|(offset, _)| text[..offset].matches('\n').count() + 1)
    }

    #[test]
    fn formatted_text_passes() {
        let text = "resource \"a\" \"b\" {\n  x = 1\n  abc = [\n    1,\n  ]\n  policy = jsonencode({\n    A = 1\n  })\n}\n";
        assert_eq!(line_of(text), None);
    }

    #[test]
    fn misaligned_equals_and_indentation_are_found() {
        assert_eq!(line_of("a {\n  x = 1\n  yy = 2\n}\n"), Some(2));
        assert_eq!(line_of("a {\n   x = 1\n}\n"), Some(2));
        assert_eq!(line_of("a {\n  x = 1 \n}\n"), Some(2));
        assert_eq!(line_of("a {\n  x =  1\n}\n"), Some(2));
    }

    #[test]
    fn heredocs_are_left_alone_and_join_their_line() {
        let text = "a {\n  name   = 1\n  policy = <<EOF\n   {  }  \nEOF\n  p      = 2\n}\n";
        assert_eq!(line_of(text), None);
    }

    #[test]
    fn strings_and_interpolations_do_not_count_brackets() {
        let text = "a {\n  x = \"{ ${var.y} [\"\n  z = \"}\"\n}\n";
        assert_eq!(line_of(text), None);
    }
}
