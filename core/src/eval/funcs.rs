//! The Terraform functions the evaluator knows. Each takes evaluated
//! arguments (never a top-level `OneOf`: the evaluator distributes those) and
//! returns `Unknown` when an argument it needs is unknown, or records a
//! definite error (for `try`/`can`) when Terraform would reject the call.

use super::expr::{format_number, values_equal};
use super::format::{format, FormatError};
use super::json::{parse_json_text, to_json_text};
use super::{cidr, template, Evaluator, Value, MAX_ITEMS, MAX_STRING_LEN};
use std::collections::BTreeMap;

/// Every function name the evaluator implements (`try` and `can` included);
/// any other function call evaluates to `Unknown`.
pub const FUNCTIONS: &[&str] = &[
    "abs",
    "alltrue",
    "anytrue",
    "basename",
    "can",
    "ceil",
    "chomp",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "dirname",
    "distinct",
    "element",
    "endswith",
    "file",
    "flatten",
    "floor",
    "format",
    "index",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "lookup",
    "lower",
    "max",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "range",
    "replace",
    "reverse",
    "sensitive",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "substr",
    "sum",
    "templatefile",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "upper",
    "values",
    "zipmap",
];

pub(crate) fn is_known_function(name: &str) -> bool {
    FUNCTIONS.binary_search(&name).is_ok()
}

/// An argument as a function needs it.
enum Arg<T> {
    Ok(T),
    Unknown,
    Bad,
}

macro_rules! get {
    ($ev:expr, $arg:expr) => {
        match $arg {
            Arg::Ok(v) => v,
            Arg::Unknown => return Value::Unknown,
            Arg::Bad => return $ev.error(),
        }
    };
}

fn arg(args: &[Value], i: usize) -> Arg<&Value> {
    args.get(i).map_or(Arg::Bad, Arg::Ok)
}

/// A string, converting numbers and bools the way Terraform does.
fn string(v: Option<&Value>) -> Arg<String> {
    match v {
        Some(Value::String(s)) => Arg::Ok(s.clone()),
        Some(Value::Number(n)) => Arg::Ok(format_number(*n)),
        Some(Value::Bool(b)) => Arg::Ok(b.to_string()),
        Some(Value::Unknown | Value::OneOf(_)) => Arg::Unknown,
        _ => Arg::Bad,
    }
}

fn number(v: Option<&Value>) -> Arg<f64> {
    match v {
        Some(Value::Unknown | Value::OneOf(_)) => Arg::Unknown,
        Some(v) => v.as_f64().map_or(Arg::Bad, Arg::Ok),
        None => Arg::Bad,
    }
}

fn list(v: Option<&Value>) -> Arg<&[Value]> {
    match v {
        Some(Value::List(items)) => Arg::Ok(items),
        Some(Value::Unknown | Value::OneOf(_)) => Arg::Unknown,
        _ => Arg::Bad,
    }
}

fn object(v: Option<&Value>) -> Arg<&BTreeMap<String, Value>> {
    match v {
        Some(Value::Object(map)) => Arg::Ok(map),
        Some(Value::Unknown | Value::OneOf(_)) => Arg::Unknown,
        _ => Arg::Bad,
    }
}

/// A list whose elements are all known strings.
fn strings(v: Option<&Value>) -> Arg<Vec<String>> {
    let items = match list(v) {
        Arg::Ok(items) => items,
        Arg::Unknown => return Arg::Unknown,
        Arg::Bad => return Arg::Bad,
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match string(Some(item)) {
            Arg::Ok(s) => out.push(s),
            Arg::Unknown => return Arg::Unknown,
            Arg::Bad => return Arg::Bad,
        }
    }
    Arg::Ok(out)
}

fn index_arg(v: Option<&Value>) -> Arg<usize> {
    match number(v) {
        Arg::Ok(n) if n >= 0.0 && n.fract() == 0.0 && n <= 1e15 =>
        {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Arg::Ok(n as usize)
        }
        Arg::Unknown => Arg::Unknown,
        _ => Arg::Bad,
    }
}

fn bounded_string(ev: &mut Evaluator<'_>, s: String) -> Value {
    if s.len() > MAX_STRING_LEN {
        let _ = ev;
        Value::Unknown
    } else {
        Value::String(s)
    }
}

fn bounded_list(items: Vec<Value>) -> Value {
    if items.len() > MAX_ITEMS {
        Value::Unknown
    } else {
        Value::List(items)
    }
}

#[allow(clippy::too_many_lines)]
pub(crate) fn call(ev: &mut Evaluator<'_>, name: &str, args: &[Value]) -> Value {
    let a0 = args.first();
    let a1 = args.get(1);
    match name {
        "jsonencode" => {
            let v = get!(ev, arg(args, 0));
            if ev.json_structure() {
                return v.clone();
            }
            to_json_text(v).map_or(Value::Unknown, Value::String)
        }
        "jsondecode" => {
            let text = get!(ev, string(a0));
            match parse_json_text(&text) {
                Some(v) => v,
                None => ev.error(),
            }
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for a in args {
                match a {
                    Value::Object(map) => {
                        out.extend(map.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                    Value::Null => {}
                    Value::Unknown | Value::OneOf(_) => return Value::Unknown,
                    _ => return ev.error(),
                }
            }
            Value::Object(out)
        }
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                out.extend_from_slice(get!(ev, list(Some(a))));
                if out.len() > MAX_ITEMS {
                    return Value::Unknown;
                }
            }
            Value::List(out)
        }
        "format" => {
            let spec = get!(ev, string(a0));
            match format(&spec, &args[1..]) {
                Ok(s) => Value::String(s),
                Err(FormatError::Unknown) => Value::Unknown,
                Err(FormatError::Invalid) => ev.error(),
            }
        }
        "lower" => Value::String(get!(ev, string(a0)).to_lowercase()),
        "upper" => Value::String(get!(ev, string(a0)).to_uppercase()),
        "title" => Value::String(title(&get!(ev, string(a0)))),
        "trimspace" => Value::String(get!(ev, string(a0)).trim().to_owned()),
        "chomp" => Value::String(
            get!(ev, string(a0))
                .trim_end_matches(['\r', '\n'])
                .to_owned(),
        ),
        "trim" => {
            let s = get!(ev, string(a0));
            let cut = get!(ev, string(a1));
            Value::String(s.trim_matches(|c| cut.contains(c)).to_owned())
        }
        "trimprefix" => {
            let s = get!(ev, string(a0));
            let p = get!(ev, string(a1));
            Value::String(s.strip_prefix(p.as_str()).unwrap_or(&s).to_owned())
        }
        "trimsuffix" => {
            let s = get!(ev, string(a0));
            let p = get!(ev, string(a1));
            Value::String(s.strip_suffix(p.as_str()).unwrap_or(&s).to_owned())
        }
        "startswith" => {
            let s = get!(ev, string(a0));
            Value::Bool(s.starts_with(get!(ev, string(a1)).as_str()))
        }
        "endswith" => {
            let s = get!(ev, string(a0));
            Value::Bool(s.ends_with(get!(ev, string(a1)).as_str()))
        }
        "strcontains" => {
            let s = get!(ev, string(a0));
            Value::Bool(s.contains(get!(ev, string(a1)).as_str()))
        }
        "substr" => {
            let s = get!(ev, string(a0));
            let offset = get!(ev, number(a1));
            let length = get!(ev, number(args.get(2)));
            substr(&s, offset, length).map_or_else(|| ev.error(), Value::String)
        }
        "tostring" => match a0 {
            Some(Value::Null) => Value::Null,
            other => Value::String(get!(ev, string(other))),
        },
        "tonumber" => match a0 {
            Some(Value::Null) => Value::Null,
            other => Value::Number(get!(ev, number(other))),
        },
        "tobool" => match a0 {
            Some(Value::Null) => Value::Null,
            Some(Value::Unknown) => Value::Unknown,
            Some(v) => v.as_bool().map_or_else(|| ev.error(), Value::Bool),
            None => ev.error(),
        },
        "tolist" => Value::List(get!(ev, list(a0)).to_vec()),
        "tomap" => Value::Object(get!(ev, object(a0)).clone()),
        "toset" => {
            let items = get!(ev, list(a0));
            if !items.iter().all(Value::is_known) {
                return Value::Unknown;
            }
            Value::List(set_of(items))
        }
        "sensitive" | "nonsensitive" => get!(ev, arg(args, 0)).clone(),
        "length" => match a0 {
            #[allow(clippy::cast_precision_loss)]
            Some(Value::List(items)) => Value::Number(items.len() as f64),
            #[allow(clippy::cast_precision_loss)]
            Some(Value::Object(map)) => Value::Number(map.len() as f64),
            #[allow(clippy::cast_precision_loss)]
            Some(Value::String(s)) => Value::Number(s.chars().count() as f64),
            Some(Value::Unknown | Value::OneOf(_)) => Value::Unknown,
            _ => ev.error(),
        },
        "lookup" => {
            let map = get!(ev, object(a0));
            let key = get!(ev, string(a1));
            match (map.get(&key), args.get(2)) {
                (Some(v), _) => v.clone(),
                (None, Some(default)) => default.clone(),
                (None, None) => ev.error(),
            }
        }
        "element" => {
            let items = get!(ev, list(a0));
            let i = get!(ev, index_arg(a1));
            if items.is_empty() {
                return ev.error();
            }
            items[i % items.len()].clone()
        }
        "index" => {
            let items = get!(ev, list(a0));
            let needle = get!(ev, arg(args, 1));
            for (i, item) in items.iter().enumerate() {
                match values_equal(item, needle) {
                    #[allow(clippy::cast_precision_loss)]
                    Some(true) => return Value::Number(i as f64),
                    Some(false) => {}
                    None => return Value::Unknown,
                }
            }
            ev.error()
        }
        "contains" => {
            let items = get!(ev, list(a0));
            let needle = get!(ev, arg(args, 1));
            let mut unknown = false;
            for item in items {
                match values_equal(item, needle) {
                    Some(true) => return Value::Bool(true),
                    Some(false) => {}
                    None => unknown = true,
                }
            }
            if unknown {
                Value::Unknown
            } else {
                Value::Bool(false)
            }
        }
        "keys" => Value::List(
            get!(ev, object(a0))
                .keys()
                .cloned()
                .map(Value::String)
                .collect(),
        ),
        "values" => Value::List(get!(ev, object(a0)).values().cloned().collect()),
        "zipmap" => {
            let keys = get!(ev, strings(a0));
            let values = get!(ev, list(a1));
            if keys.len() != values.len() {
                return ev.error();
            }
            Value::Object(keys.into_iter().zip(values.iter().cloned()).collect())
        }
        "coalesce" => {
            for a in args {
                match a {
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    Value::Unknown | Value::OneOf(_) => return Value::Unknown,
                    known => return known.clone(),
                }
            }
            ev.error()
        }
        "coalescelist" => {
            for a in args {
                let items = get!(ev, list(Some(a)));
                if !items.is_empty() {
                    return a.clone();
                }
            }
            ev.error()
        }
        "compact" => {
            let items = get!(ev, list(a0));
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    Value::Unknown | Value::OneOf(_) => return Value::Unknown,
                    other => out.push(other.clone()),
                }
            }
            Value::List(out)
        }
        "distinct" => {
            let items = get!(ev, list(a0));
            if !items.iter().all(Value::is_known) {
                return Value::Unknown;
            }
            let mut out: Vec<Value> = Vec::new();
            for item in items {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            Value::List(out)
        }
        "flatten" => {
            let items = get!(ev, list(a0));
            let mut out = Vec::new();
            if flatten_into(items, &mut out, 0) {
                bounded_list(out)
            } else {
                Value::Unknown
            }
        }
        "reverse" => {
            let mut items = get!(ev, list(a0)).to_vec();
            items.reverse();
            Value::List(items)
        }
        "sort" => {
            let mut items = get!(ev, strings(a0));
            items.sort();
            Value::List(items.into_iter().map(Value::String).collect())
        }
        "slice" => {
            let items = get!(ev, list(a0));
            let start = get!(ev, index_arg(a1));
            let end = get!(ev, index_arg(args.get(2)));
            match items.get(start..end) {
                Some(part) => Value::List(part.to_vec()),
                None => ev.error(),
            }
        }
        "one" => {
            let items = get!(ev, list(a0));
            match items {
                [] => Value::Null,
                [single] => single.clone(),
                _ => ev.error(),
            }
        }
        "alltrue" | "anytrue" => {
            let items = get!(ev, list(a0));
            let want = name == "anytrue";
            let mut unknown = false;
            for item in items {
                match item.as_bool() {
                    Some(b) if b == want => return Value::Bool(want),
                    Some(_) => {}
                    None if matches!(item, Value::Unknown | Value::OneOf(_)) => unknown = true,
                    None => return ev.error(),
                }
            }
            if unknown {
                Value::Unknown
            } else {
                Value::Bool(!want)
            }
        }
        "join" => {
            let sep = get!(ev, string(a0));
            let mut parts = Vec::new();
            for a in &args[1.min(args.len())..] {
                parts.extend(get!(ev, strings(Some(a))));
            }
            let joined = parts.join(&sep);
            bounded_string(ev, joined)
        }
        "split" => {
            let sep = get!(ev, string(a0));
            let s = get!(ev, string(a1));
            let parts: Vec<Value> = if sep.is_empty() {
                s.chars().map(|c| Value::String(c.to_string())).collect()
            } else {
                s.split(sep.as_str())
                    .map(|p| Value::String(p.to_owned()))
                    .collect()
            };
            bounded_list(parts)
        }
        "replace" => {
            let s = get!(ev, string(a0));
            let from = get!(ev, string(a1));
            let to = get!(ev, string(args.get(2)));
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                // A regular expression: not evaluated.
                return Value::Unknown;
            }
            if from.is_empty() {
                return Value::String(s);
            }
            let replaced = s.replace(from.as_str(), &to);
            bounded_string(ev, replaced)
        }
        "basename" => {
            let s = get!(ev, string(a0));
            Value::String(
                s.trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            )
        }
        "dirname" => {
            let s = get!(ev, string(a0));
            let trimmed = s.trim_end_matches('/');
            Value::String(match trimmed.rsplit_once('/') {
                Some(("", _)) => "/".to_owned(),
                Some((dir, _)) => dir.to_owned(),
                None => ".".to_owned(),
            })
        }
        "cidrsubnet" => {
            let prefix = get!(ev, string(a0));
            let newbits = get!(ev, number(a1));
            let netnum = get!(ev, number(args.get(2)));
            cidr::cidrsubnet(&prefix, newbits, netnum).map_or_else(|| ev.error(), Value::String)
        }
        "cidrhost" => {
            let prefix = get!(ev, string(a0));
            let host = get!(ev, number(a1));
            cidr::cidrhost(&prefix, host).map_or_else(|| ev.error(), Value::String)
        }
        "cidrnetmask" => {
            let prefix = get!(ev, string(a0));
            cidr::cidrnetmask(&prefix).map_or_else(|| ev.error(), Value::String)
        }
        "abs" => Value::Number(get!(ev, number(a0)).abs()),
        "ceil" => Value::Number(get!(ev, number(a0)).ceil()),
        "floor" => Value::Number(get!(ev, number(a0)).floor()),
        "min" | "max" => {
            let mut best: Option<f64> = None;
            for a in args {
                let n = get!(ev, number(Some(a)));
                best = Some(match best {
                    None => n,
                    Some(b) if name == "min" => b.min(n),
                    Some(b) => b.max(n),
                });
            }
            best.map_or_else(|| ev.error(), Value::Number)
        }
        "sum" => {
            let items = get!(ev, list(a0));
            let mut total = 0.0;
            for item in items {
                total += get!(ev, number(Some(item)));
            }
            Value::Number(total)
        }
        "range" => range(ev, args),
        "file" => {
            let path = get!(ev, string(a0));
            ev.env().file(&path).map_or(Value::Unknown, Value::String)
        }
        "templatefile" => {
            let path = get!(ev, string(a0));
            let vars = get!(ev, object(a1)).clone();
            let Some(text) = ev.env().file(&path) else {
                return Value::Unknown;
            };
            // Parsing costs about a step per byte, and a template read in a
            // loop would otherwise be parsed again and again for free.
            if !ev.charge_parse(text.len()) {
                return Value::Unknown;
            }
            let Ok(parsed) = hcl_edit::parser::parse_template(&text) else {
                return ev.error();
            };
            ev.with_only_scope(vars.into_iter().collect(), |ev| {
                template::eval_template(ev, &parsed)
            })
        }
        // `try` and `can` are evaluated before their arguments (see `Evaluator`).
        _ => Value::Unknown,
    }
}

/// Set semantics for `toset`: duplicates removed; strings sorted as
/// Terraform orders a set of strings.
fn set_of(items: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    if out.iter().all(|v| matches!(v, Value::String(_))) {
        out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
    out
}

fn flatten_into(items: &[Value], out: &mut Vec<Value>, depth: usize) -> bool {
    if depth > super::MAX_DEPTH {
        return false;
    }
    for item in items {
        match item {
            Value::List(inner) => {
                if !flatten_into(inner, out, depth + 1) {
                    return false;
                }
            }
            Value::Unknown | Value::OneOf(_) => return false,
            other => out.push(other.clone()),
        }
        if out.len() > MAX_ITEMS {
            return false;
        }
    }
    true
}

fn range(ev: &mut Evaluator<'_>, args: &[Value]) -> Value {
    let mut nums = Vec::with_capacity(args.len());
    for a in args {
        nums.push(get!(ev, number(Some(a))));
    }
    let (start, end, step) = match nums.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, if start <= end { 1.0 } else { -1.0 }),
        [start, end, step] => (*start, *end, *step),
        _ => return ev.error(),
    };
    if step == 0.0 || (step > 0.0 && start > end) || (step < 0.0 && start < end) {
        return if step == 0.0 {
            ev.error()
        } else {
            Value::List(Vec::new())
        };
    }
    let count = ((end - start) / step).ceil();
    #[allow(clippy::cast_precision_loss)]
    if !count.is_finite() || count > MAX_ITEMS as f64 {
        return Value::Unknown;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let count = count as usize;
    #[allow(clippy::cast_precision_loss)]
    Value::List(
        (0..count)
            .map(|i| Value::Number(start + step * i as f64))
            .collect(),
    )
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_word_start = true;
    for c in s.chars() {
        if at_word_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_word_start = !c.is_alphanumeric();
    }
    out
}

/// `substr` in characters; a length of -1 means "to the end", a negative
/// offset counts from the end.
fn substr(s: &str, offset: f64, length: f64) -> Option<String> {
    if offset.fract() != 0.0 || length.fract() != 0.0 {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    #[allow(clippy::cast_possible_wrap)]
    let len = chars.len() as i64;
    #[allow(clippy::cast_possible_truncation)]
    let mut start = offset as i64;
    if start < 0 {
        start += len;
    }
    if start < 0 || start > len {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let length = length as i64;
    let end = if length < 0 {
        len
    } else {
        (start + length).min(len)
    };
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
    Some(
        chars[start as usize..end.max(start) as usize]
            .iter()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::FUNCTIONS;

    #[test]
    fn function_list_is_sorted_for_binary_search() {
        let mut sorted = FUNCTIONS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, FUNCTIONS);
    }
}
