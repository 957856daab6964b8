//! Number literals beyond the range of a 64-bit float. HCL numbers are
//! arbitrary-precision and `1e999999` is valid Terraform, but the parser
//! stores numbers as floats and rejects the literal, which would fail the
//! whole file. The literal is replaced by one of the same length that is
//! the largest float (`1e00…0308`), so that every byte offset, and every
//! position in the report, stays where it was.

/// The text with the number literal at `offset` replaced, when a literal
/// spans that offset (the parser stops at its start or inside it, after
/// the digits it could read) and does not fit a float.
pub(super) fn clamp_number_at(text: &str, error_offset: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let mut offset = error_offset.min(bytes.len());
    while offset > 0 && (bytes[offset - 1].is_ascii_digit() || bytes[offset - 1] == b'.') {
        offset -= 1;
    }
    let rest = text.get(offset..)?;
    let length = literal_length(rest.as_bytes());
    if offset + length <= error_offset && length > 0 && offset != error_offset {
        return None;
    }
    let literal = rest.get(..length)?;
    if length < 5 || !literal.parse::<f64>().ok()?.is_infinite() {
        return None;
    }
    let replacement = format!("1e{}308", "0".repeat(length - 5));
    let mut fixed = String::with_capacity(text.len());
    fixed.push_str(&text[..offset]);
    fixed.push_str(&replacement);
    fixed.push_str(&rest[length..]);
    Some(fixed)
}

/// The length of the number literal at the start of `bytes` (digits, a
/// fraction, an exponent), 0 when none starts there.
fn literal_length(bytes: &[u8]) -> usize {
    let digits = |from: usize| {
        bytes
            .get(from..)
            .map_or(0, |b| b.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut end = digits(0);
    if end == 0 {
        return 0;
    }
    if bytes.get(end) == Some(&b'.') && digits(end + 1) > 0 {
        end += 1 + digits(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        let exponent = digits(end + 1 + sign);
        if exponent > 0 {
            end += 1 + sign + exponent;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_literals_beyond_a_float_keeping_length() {
        let text = "a = 1e999999 # x";
        let fixed = clamp_number_at(text, 4).expect("replaced");
        assert_eq!(fixed, "a = 1e000308 # x");
        assert_eq!(fixed.len(), text.len());
        let long = format!("b = {}", "9".repeat(400));
        let fixed = clamp_number_at(&long, 4).expect("replaced");
        assert_eq!(fixed.len(), long.len());
        assert_eq!(fixed[4..].parse::<f64>().ok(), Some(1e308));
        assert_eq!(clamp_number_at("c = 1e300", 4), None, "fits a float");
        assert_eq!(clamp_number_at("d = x", 4), None, "not a number");
        assert_eq!(
            clamp_number_at("e = 2.5E+400", 4).as_deref(),
            Some("e = 1e000308")
        );
    }
}
