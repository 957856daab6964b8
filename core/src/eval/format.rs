//! Terraform's `format` function: the common verbs (`%s %d %v %q %t %f %x %o
//! %b %e %%`) with flags `-`, `+`, `0`, space, a width and a precision.
//! Anything else makes the result unknown rather than wrong.

use super::expr::format_number;
use super::json::to_json_text;
use super::{Value, MAX_STRING_LEN};

/// Why a `format` call gave no string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatError {
    /// An argument or verb we cannot render statically.
    Unknown,
    /// Terraform would reject the call (too few arguments, wrong type).
    Invalid,
}

/// Widths and precisions beyond this are refused (they only make big strings).
const MAX_WIDTH: usize = 1000;

pub(crate) fn format(spec: &str, args: &[Value]) -> Result<String, FormatError> {
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    let mut next_arg = 0usize;
    while let Some(ch) = chars.next() {
        if ch != '%' {
            out.push(ch);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut flags = Flags::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => flags.left = true,
                '+' => flags.plus = true,
                '0' => flags.zero = true,
                ' ' => flags.space = true,
                '#' => flags.alt = true,
                _ => break,
            }
            chars.next();
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            let n = read_number(&mut chars).ok_or(FormatError::Unknown)?;
            if chars.next() != Some(']') || n == 0 {
                return Err(FormatError::Invalid);
            }
            next_arg = n - 1;
        }
        let width = read_number(&mut chars);
        let precision = if chars.peek() == Some(&'.') {
            chars.next();
            Some(read_number(&mut chars).unwrap_or(0))
        } else {
            None
        };
        if width.unwrap_or(0) > MAX_WIDTH || precision.unwrap_or(0) > MAX_WIDTH {
            return Err(FormatError::Unknown);
        }
        let verb = chars.next().ok_or(FormatError::Invalid)?;
        let arg = args.get(next_arg).ok_or(FormatError::Invalid)?;
        next_arg += 1;
        if !arg.is_known() {
            return Err(FormatError::Unknown);
        }
        let body = render_verb(verb, arg, &flags, precision)?;
        pad(&mut out, &body, width.unwrap_or(0), &flags, verb);
        if out.len() > MAX_STRING_LEN {
            return Err(FormatError::Unknown);
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Flags {
    left: bool,
    plus: bool,
    zero: bool,
    space: bool,
    alt: bool,
}

fn read_number(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        chars.next();
        n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize));
    }
    n
}

fn render_verb(
    verb: char,
    arg: &Value,
    flags: &Flags,
    precision: Option<usize>,
) -> Result<String, FormatError> {
    let number = || arg.as_f64().ok_or(FormatError::Invalid);
    let signed = |s: String, negative: bool| {
        if negative {
            s
        } else if flags.plus {
            format!("+{s}")
        } else if flags.space {
            format!(" {s}")
        } else {
            s
        }
    };
    Ok(match verb {
        'v' if flags.alt => to_json_text(arg).ok_or(FormatError::Unknown)?,
        'v' => match arg {
            Value::String(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_owned(),
            other => to_json_text(other).ok_or(FormatError::Unknown)?,
        },
        's' => match arg {
            Value::String(s) => truncate(s, precision),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => b.to_string(),
            _ => return Err(FormatError::Invalid),
        },
        'q' => {
            let s = match arg {
                Value::String(s) => s.clone(),
                Value::Number(n) => format_number(*n),
                Value::Bool(b) => b.to_string(),
                _ => return Err(FormatError::Invalid),
            };
            serde_json::to_string(&s).map_err(|_| FormatError::Unknown)?
        }
        't' => arg.as_bool().ok_or(FormatError::Invalid)?.to_string(),
        'd' => {
            let n = number()?;
            if n.fract() != 0.0 {
                return Err(FormatError::Invalid);
            }
            signed(format_number(n), n < 0.0)
        }
        'f' | 'F' => {
            let n = number()?;
            signed(format!("{:.*}", precision.unwrap_or(6), n), n < 0.0)
        }
        'e' | 'E' => {
            let n = number()?;
            let s = format!("{:.*e}", precision.unwrap_or(6), n);
            // Rust writes `1.5e3`; Go (and Terraform) write `1.500000e+03`.
            let s = go_exponent(&s);
            signed(if verb == 'E' { s.to_uppercase() } else { s }, n < 0.0)
        }
        'x' | 'X' | 'o' | 'b' => {
            let n = number()?;
            if n.fract() != 0.0 || n.abs() > 9.0e15 {
                return Err(FormatError::Unknown);
            }
            #[allow(clippy::cast_possible_truncation)]
            let i = n as i64;
            let magnitude = i.unsigned_abs();
            let digits = match verb {
                'x' => format!("{magnitude:x}"),
                'X' => format!("{magnitude:X}"),
                'o' => format!("{magnitude:o}"),
                _ => format!("{magnitude:b}"),
            };
            signed(if i < 0 { format!("-{digits}") } else { digits }, i < 0)
        }
        _ => return Err(FormatError::Unknown),
    })
}

fn truncate(s: &str, precision: Option<usize>) -> String {
    match precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_owned(),
    }
}

fn go_exponent(s: &str) -> String {
    match s.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => s.to_owned(),
    }
}

fn pad(out: &mut String, body: &str, width: usize, flags: &Flags, verb: char) {
    let len = body.chars().count();
    if len >= width {
        out.push_str(body);
        return;
    }
    let fill = width - len;
    if flags.left {
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if flags.zero && "dfFeExXob".contains(verb) {
        // Zeros go after the sign.
        let (sign, digits) = match body.strip_prefix(['-', '+', ' ']) {
            Some(rest) => (&body[..1], rest),
            None => ("", body),
        };
        out.push_str(sign);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(digits);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.to_owned())
    }

    #[test]
    fn formats_common_verbs() {
        assert_eq!(
            format("Hello, %s!", &[s("Ander")]).as_deref(),
            Ok("Hello, Ander!")
        );
        assert_eq!(
            format("There are %d lights", &[Value::Number(4.0)]).as_deref(),
            Ok("There are 4 lights")
        );
        assert_eq!(
            format("%v-%v", &[Value::Bool(true), Value::Number(1.5)]).as_deref(),
            Ok("true-1.5")
        );
        assert_eq!(format("%q", &[s("a\"b")]).as_deref(), Ok("\"a\\\"b\""));
        assert_eq!(
            format("%03d|%-4s|%4s", &[Value::Number(7.0), s("ab"), s("cd")]).as_deref(),
            Ok("007|ab  |  cd")
        );
        assert_eq!(
            format("%.2f %%", &[Value::Number(1.005)]).as_deref(),
            Ok("1.00 %")
        );
        assert_eq!(
            format(
                "%x %o %b",
                &[Value::Number(255.0), Value::Number(8.0), Value::Number(5.0)]
            )
            .as_deref(),
            Ok("ff 10 101")
        );
        assert_eq!(
            format("%[2]s %[1]s", &[s("a"), s("b")]).as_deref(),
            Ok("b a")
        );
        assert_eq!(
            format("%#v", &[Value::List(vec![s("a")])]).as_deref(),
            Ok("[\"a\"]")
        );
        assert_eq!(
            format("%e", &[Value::Number(1500.0)]).as_deref(),
            Ok("1.500000e+03")
        );
    }

    #[test]
    fn refuses_what_it_cannot_know() {
        assert_eq!(format("%s", &[Value::Unknown]), Err(FormatError::Unknown));
        assert_eq!(format("%s %s", &[s("a")]), Err(FormatError::Invalid));
        assert_eq!(format("%d", &[s("x")]), Err(FormatError::Invalid));
        assert_eq!(
            format("%99999999d", &[Value::Number(1.0)]),
            Err(FormatError::Unknown)
        );
    }
}
