//! Comments around and inside blocks, found by a small lexer over the source
//! text (hcl-edit keeps comments in decor strings without their positions,
//! and suppression findings need positions).

use std::ops::Range;

/// One comment: its byte range in the scanned text and its text without the
/// `#`, `//` or `/* */` markers, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawComment {
    pub range: Range<usize>,
    pub text: String,
}

#[derive(Clone, Copy)]
enum Mode {
    /// Code; `braces` counts `{` opened inside a template interpolation.
    Code { braces: usize },
    /// A quoted string.
    Str,
}

/// Comments in `text`, which starts in code (not inside a string). Offsets
/// are shifted by `base`. Strings, template interpolations and heredocs are
/// skipped, so a `#` inside them is not a comment.
pub(crate) fn scan_comments(text: &str, base: usize) -> Vec<RawComment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut stack = vec![Mode::Code { braces: 0 }];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        match stack.last().copied().unwrap_or(Mode::Code { braces: 0 }) {
            Mode::Code { braces } => match (b, next) {
                (b'#', _) | (b'/', Some(b'/')) => {
                    let marker = if b == b'#' { 1 } else { 2 };
                    let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                    let end_trimmed = if end > i && bytes[end - 1] == b'\r' {
                        end - 1
                    } else {
                        end
                    };
                    let body = text.get(i + marker..end_trimmed).unwrap_or("");
                    out.push(RawComment {
                        range: base + i..base + end_trimmed,
                        text: body.trim().to_owned(),
                    });
                    i = end;
                    continue;
                }
                (b'/', Some(b'*')) => {
                    let end = text[i + 2..]
                        .find("*/")
                        .map_or(text.len(), |n| i + 2 + n + 2);
                    let inner_end = end.saturating_sub(2).max(i + 2);
                    let body = text.get(i + 2..inner_end).unwrap_or("");
                    out.push(RawComment {
                        range: base + i..base + end,
                        text: body.trim().to_owned(),
                    });
                    i = end;
                    continue;
                }
                (b'"', _) => stack.push(Mode::Str),
                (b'<', Some(b'<')) => {
                    if let Some(end) = heredoc_end(text, i) {
                        i = end;
                        continue;
                    }
                }
                (b'{', _) if stack.len() > 1 => {
                    stack.pop();
                    stack.push(Mode::Code { braces: braces + 1 });
                }
                (b'}', _) if stack.len() > 1 => {
                    stack.pop();
                    if braces > 0 {
                        stack.push(Mode::Code { braces: braces - 1 });
                    }
                }
                _ => {}
            },
            Mode::Str => match (b, next) {
                (b'\\', _) => i += 1,
                (b'"' | b'\n', _) => {
                    // A newline ends an unterminated string: stay robust.
                    stack.pop();
                }
                (b'$' | b'%', Some(m)) if m == b => i += 1,
                (b'$' | b'%', Some(b'{')) => {
                    stack.push(Mode::Code { braces: 0 });
                    i += 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    out
}

/// The end of a heredoc starting at `start` (`<<EOF` or `<<-EOF`): just after
/// its closing delimiter line. `None` when it is not a heredoc.
fn heredoc_end(text: &str, start: usize) -> Option<usize> {
    let rest = text.get(start + 2..)?;
    let rest_offset = start + 2;
    let (rest, rest_offset) = match rest.strip_prefix('-') {
        Some(r) => (r, rest_offset + 1),
        None => (rest, rest_offset),
    };
    let ident_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    if ident_len == 0 {
        return None;
    }
    let ident = &rest[..ident_len];
    let after = &rest[ident_len..];
    let newline = after.find('\n')?;
    if !after[..newline].trim().is_empty() {
        return None;
    }
    let mut pos = rest_offset + ident_len + newline + 1;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |n| pos + n);
        if text[pos..line_end].trim() == ident {
            return Some(line_end);
        }
        pos = line_end + 1;
    }
    Some(text.len())
}

/// The comments directly above a block: the run of comments at the end of
/// `before` (the text between the previous top-level item and the block)
/// that no blank line separates from the block.
pub(crate) fn comments_above(before: &str, base: usize) -> Vec<RawComment> {
    let all = scan_comments(before, base);
    let mut kept: Vec<RawComment> = Vec::new();
    let mut next_start = base + before.len();
    for comment in all.into_iter().rev() {
        let gap = before
            .get(comment.range.end - base..next_start - base)
            .unwrap_or("\n\n");
        if !gap.trim().is_empty() || gap.matches('\n').count() > 1 {
            break;
        }
        next_start = comment.range.start;
        kept.push(comment);
    }
    // A trailing comment on the previous item's last line is not about this block.
    if let Some(first) = kept.last() {
        let line_start = before[..first.range.start - base]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        if !before[line_start..first.range.start - base]
            .trim()
            .is_empty()
        {
            kept.pop();
        }
    }
    kept.reverse();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_all_comment_styles_outside_strings() {
        let text = "a = \"# not\" # one\n// two\n/* three */ b = \"${x} // no\" /* four\n */\nc = <<EOF\n# heredoc\nEOF\n# five\n";
        let texts: Vec<String> = scan_comments(text, 0).into_iter().map(|c| c.text).collect();
        assert_eq!(texts, ["one", "two", "three", "four", "five"]);
    }

    #[test]
    fn interpolation_with_nested_strings_is_skipped() {
        let text = "a = \"${lookup(m, \"#k\", \"}\")}\" # real\n";
        let comments = scan_comments(text, 10);
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].text, "real");
        assert_eq!(
            &text[comments[0].range.start - 10..comments[0].range.end - 10],
            "# real"
        );
    }

    #[test]
    fn only_the_adjacent_run_is_above() {
        let before = "x = 1 # trailing\n\n# detached\n\n# tfgrade:ignore:ENC001 reason\n#checkov:skip=CKV_AWS_7:why\n";
        let texts: Vec<String> = comments_above(before, 0)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(
            texts,
            ["tfgrade:ignore:ENC001 reason", "checkov:skip=CKV_AWS_7:why"]
        );
        let trailing = "x = 1 # trailing\n";
        assert!(comments_above(trailing, 0).is_empty());
    }
}
