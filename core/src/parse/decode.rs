//! Turning bytes into text the parser can take, without losing track of
//! where a problem byte was.

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// The text: a leading byte-order mark removed, invalid UTF-8 replaced by
    /// U+FFFD, lone CR line endings replaced by LF (same length).
    pub text: String,
    /// The first byte that makes the file unreadable as Terraform, as an
    /// offset into `text`, with the reason.
    pub problem: Option<DecodeProblem>,
    /// Every later problem offset, for Markdown: only problems inside an
    /// extracted block matter there. Includes `problem`.
    pub problems: Vec<DecodeProblem>,
}

/// A byte Terraform would not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeProblem {
    /// Byte offset into the decoded text.
    pub offset: usize,
    pub message: &'static str,
}

/// The message for a file that is not UTF-8.
pub const NOT_UTF8_MESSAGE: &str = "file is not valid UTF-8";
/// The message for a file with a NUL byte.
pub const NUL_BYTE_MESSAGE: &str = "file contains a NUL byte (is it a binary file?)";

/// How many problems are remembered per file: enough to check every block of
/// a Markdown answer against them without keeping a list as long as a
/// binary file.
const MAX_PROBLEMS: usize = 1024;

/// Decodes a file's bytes.
///
/// * A UTF-8 byte-order mark is stripped, as Terraform does, so that line 1
///   columns count from the first real character.
/// * Invalid UTF-8 is replaced (so the rest of the text can still be shown)
///   and reported at the first bad byte; Terraform rejects such files.
/// * NUL bytes are reported: HCL's scanner rejects them, and they mostly mean
///   a binary or UTF-16 file.
/// * A lone CR (old Mac line ending) becomes LF. HCL itself only knows LF and
///   CRLF, but a lone CR is a line break to every editor, and replacing one
///   byte by one byte keeps all offsets valid.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut text = String::with_capacity(bytes.len());
    let mut problems = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            if problems.len() < MAX_PROBLEMS {
                problems.push(DecodeProblem {
                    offset: text.len(),
                    message: NOT_UTF8_MESSAGE,
                });
            }
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    if text.contains('\0') {
        problems.extend(
            text.match_indices('\0')
                .take(MAX_PROBLEMS)
                .map(|(offset, _)| DecodeProblem {
                    offset,
                    message: NUL_BYTE_MESSAGE,
                }),
        );
        problems.sort_by_key(|problem| problem.offset);
        problems.truncate(MAX_PROBLEMS);
    }
    if text.contains('\r') {
        text = replace_lone_carriage_returns(&text);
    }
    Decoded {
        problem: problems.first().cloned(),
        problems,
        text,
    }
}

/// Replaces every CR that is not followed by LF with LF.
fn replace_lone_carriage_returns(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find('\r') {
        let (before, after) = rest.split_at(index);
        out.push_str(before);
        let after_cr = after.get(1..).unwrap_or("");
        out.push(if after_cr.starts_with('\n') {
            '\r'
        } else {
            '\n'
        });
        rest = after_cr;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_keeps_text() {
        let decoded = decode(b"\xEF\xBB\xBFvariable \"x\" {}\n");
        assert_eq!(decoded.text, "variable \"x\" {}\n");
        assert_eq!(decoded.problem, None);
    }

    #[test]
    fn reports_first_invalid_byte() {
        let decoded = decode(b"a = 1\nb = \"\xFF\xFE\"\n");
        assert_eq!(
            decoded.problem,
            Some(DecodeProblem {
                offset: 11,
                message: NOT_UTF8_MESSAGE
            })
        );
        assert!(decoded.text.contains('\u{FFFD}'));
    }

    #[test]
    fn reports_nul_bytes_in_order_with_invalid_bytes() {
        let decoded = decode(b"a\0b\xFF");
        assert_eq!(
            decoded.problem,
            Some(DecodeProblem {
                offset: 1,
                message: NUL_BYTE_MESSAGE
            })
        );
        assert_eq!(decoded.problems.len(), 2);
    }

    #[test]
    fn lone_cr_becomes_lf_and_crlf_stays() {
        assert_eq!(decode(b"a\rb\r\nc\r").text, "a\nb\r\nc\n");
    }
}
