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
/// The message for a UTF-16 file (with a byte-order mark) that is not valid.
pub const NOT_UTF16_MESSAGE: &str = "file is not valid UTF-16";
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
/// * A UTF-16 byte-order mark (either byte order) makes the file UTF-16,
///   decoded to text; offsets are then those of the decoded text.
/// * Invalid UTF-8 is replaced (so the rest of the text can still be shown)
///   and reported at the first bad byte; Terraform rejects such files.
/// * NUL bytes are reported: HCL's scanner rejects them, and they mostly mean
///   a binary or UTF-16 file.
/// * A lone CR (old Mac line ending) becomes LF. HCL itself only knows LF and
///   CRLF, but a lone CR is a line break to every editor, and replacing one
///   byte by one byte keeps all offsets valid.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let (mut text, mut problems) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else {
        utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
    };
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

/// UTF-8 text (without its byte-order mark), invalid bytes replaced and
/// reported.
fn utf8(bytes: &[u8]) -> (String, Vec<DecodeProblem>) {
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
    (text, problems)
}

/// UTF-16 text (after its byte-order mark, which says the byte order):
/// editors on Windows save it, and Terraform reads it as the text it is.
/// Unpaired surrogates and an odd last byte are replaced and reported.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (String, Vec<DecodeProblem>) {
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut problems = Vec::new();
    let report = |offset: usize, problems: &mut Vec<DecodeProblem>| {
        if problems.len() < MAX_PROBLEMS {
            problems.push(DecodeProblem {
                offset,
                message: NOT_UTF16_MESSAGE,
            });
        }
    };
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let units = pairs.map(|pair| unit([pair[0], pair[1]]));
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.push(c),
            Err(_) => {
                report(text.len(), &mut problems);
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if odd {
        report(text.len(), &mut problems);
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, problems)
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
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "variable \"é\" {}\r\n";
        let le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = b"\xFE\xFF"
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            let decoded = decode(&bytes);
            assert_eq!(decoded.text, text);
            assert_eq!(decoded.problem, None);
        }
        let unpaired = decode(b"\xFF\xFEa\x00\x00\xD8b\x00");
        assert_eq!(unpaired.text, "a\u{FFFD}b");
        assert_eq!(
            unpaired.problem,
            Some(DecodeProblem {
                offset: 1,
                message: NOT_UTF16_MESSAGE
            })
        );
    }

    #[test]
    fn lone_cr_becomes_lf_and_crlf_stays() {
        assert_eq!(decode(b"a\rb\r\nc\r").text, "a\nb\r\nc\n");
    }
}
