//! Pointing at the exact place of a name inside an attribute's value: the
//! model keeps one span per attribute, and a long value (a policy, a
//! `jsonencode` object) spans many lines.

use crate::model::{Model, Span};

/// The text of an attribute's value as written, trimmed.
#[must_use]
pub fn value_text<'m>(model: &'m Model, value: &Span) -> Option<&'m str> {
    model
        .files
        .get(value.file)?
        .text
        .get(value.range.clone())
        .map(str::trim)
}

/// The span of the first occurrence of `needle` as a whole name (not part
/// of a longer identifier or traversal) inside `within`; `within` itself
/// when it cannot be found (generated text, unusual spacing).
#[must_use]
pub fn name_in(model: &Model, within: &Span, needle: &str) -> Span {
    let found = model.files.get(within.file).and_then(|file| {
        let text = file.text.get(within.range.clone())?;
        find_whole(text, needle).map(|at| within.range.start + at)
    });
    match found {
        Some(start) => Span {
            file: within.file,
            range: start..start + needle.len(),
        },
        None => within.clone(),
    }
}

/// The literal parts of a value written as one quoted template
/// (`"sg-${var.env}_Data"` gives `sg-` and `_Data`), which end up in the
/// value whatever the interpolations give; the first part is what the
/// value starts with (empty when it starts with an interpolation). `None`
/// for any other expression (a function call, a heredoc, a directive,
/// escapes).
#[must_use]
pub fn template_literals<'m>(model: &'m Model, value: &Span) -> Option<Vec<&'m str>> {
    let text = model.files.get(value.file)?.text.get(value.range.clone())?;
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains(['"', '\\', '\n']) || inner.contains("%{") {
        return None;
    }
    let mut literals = Vec::new();
    let mut rest = inner;
    while let Some(start) = rest.find("${") {
        literals.push(&rest[..start]);
        // The interpolation ends at its matching brace.
        let mut depth = 0usize;
        let mut end = None;
        for (i, c) in rest[start + 1..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(start + 1 + i + 1);
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end?..];
    }
    literals.push(rest);
    Some(literals)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Byte offset of `needle` in `text` where it is neither preceded by a name
/// character or `.` nor followed by a name character.
fn find_whole(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = text.get(from..)?.find(needle) {
        let start = from + offset;
        let end = start + needle.len();
        let before_ok = start == 0 || !(is_name_byte(bytes[start - 1]) || bytes[start - 1] == b'.');
        let after_ok = end >= bytes.len() || !is_name_byte(bytes[end]);
        if before_ok && after_ok {
            return Some(start);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_whole;

    #[test]
    fn finds_whole_names_only() {
        assert_eq!(find_whole("var.ab + var.a", "var.a"), Some(9));
        assert_eq!(find_whole("xvar.a", "var.a"), None);
        assert_eq!(find_whole("local.var.a", "var.a"), None);
        assert_eq!(find_whole("${var.a}-x", "var.a"), Some(2));
        assert_eq!(find_whole("", "var.a"), None);
    }
}
