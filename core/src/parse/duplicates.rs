//! Parsing objects with duplicate keys the way Terraform does.
//!
//! hcl-edit rejects `{ port = 80, port = 443 }` ("expected unique object
//! key; found redefined object key"), but Terraform accepts it and keeps the
//! last value (hashicorp/terraform#28727). To parse such files we rewrite
//! every earlier duplicate key, in a private copy of the text, to a
//! placeholder identifier of the same byte length, so that every span of the
//! resulting tree is still valid for the original text. The placeholder items
//! are then removed from the tree: the model sees exactly the object
//! Terraform evaluates, with the later value winning. Each removed key is
//! reported as a [`ReadDiagnostic`] with the key's byte range.
//!
//! Placeholders are identifiers made of `_` and digits (`____`, `___1`, …;
//! a one-byte key gets `_` or a single letter) that do not occur as a whole
//! word anywhere in the text, so they can collide neither with a real key nor
//! with each other. They never reach the model, because their items are
//! removed before the tree is returned.

use super::ReadDiagnostic;
use hcl_edit::expr::{Expression, Object, ObjectKey};
use hcl_edit::parser::{parse_body, parse_expr, Error};
use hcl_edit::structure::Body;
use hcl_edit::visit::{visit_object, Visit};
use hcl_edit::visit_mut::{visit_object_mut, VisitMut};
use hcl_edit::Span;
use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

/// The description hcl-edit gives a duplicate object key.
const DUPLICATE_KEY_ERROR: &str = "found redefined object key";

/// How many duplicate keys one file may have before we give up and report
/// the parser's error: each costs a full reparse.
const MAX_DUPLICATE_KEYS: usize = 32;

/// How far past the start of a key we look for its `=` or `:`.
const MAX_KEY_LENGTH: usize = 4096;

/// Parses a body, accepting duplicate object keys as Terraform does. On
/// failure the error is the parser's first error on the unchanged text.
pub(crate) fn parse_body_tolerant(text: &str) -> Result<(Body, Vec<ReadDiagnostic>), Error> {
    let first_error = match parse_body(text) {
        Ok(body) => return Ok((body, Vec::new())),
        Err(error) => error,
    };
    if !is_duplicate_key_error(&first_error) {
        return Err(first_error);
    }
    resolve_duplicates(text, first_error)
}

fn is_duplicate_key_error(error: &Error) -> bool {
    error.message().contains(DUPLICATE_KEY_ERROR)
}

/// A later duplicate key renamed in the first phase.
struct RenamedKey {
    range: Range<usize>,
    original: ObjectKey,
}

/// Parses `text` whose first error is a duplicate key. Returns the first
/// error when the duplicates cannot be resolved, or the first error of
/// another kind found once they are.
fn resolve_duplicates(
    text: &str,
    first_error: Error,
) -> Result<(Body, Vec<ReadDiagnostic>), Error> {
    let error_offset = first_error.location().offset();
    match rename_duplicates(text, error_offset) {
        Ok(Some(parsed)) => Ok(parsed),
        Ok(None) => Err(first_error),
        Err(other_error) => Err(other_error),
    }
}

/// `Ok(None)` when the duplicates could not be renamed; `Err` for another
/// parse error behind them.
fn rename_duplicates(
    text: &str,
    first_error_offset: usize,
) -> Result<Option<(Body, Vec<ReadDiagnostic>)>, Error> {
    // Phase 1: rename each later duplicate as the parser finds it, until the
    // text parses. This tells us, with the parser's own idea of objects and
    // key equality, which keys are duplicates.
    let mut work = text.to_owned();
    let mut used_placeholders = HashSet::new();
    let mut renamed = Vec::new();
    let mut error_offset = first_error_offset;
    let renamed_tree = loop {
        if renamed.len() >= MAX_DUPLICATE_KEYS {
            return Ok(None);
        }
        let Some(range) = key_extent(&work, error_offset) else {
            return Ok(None);
        };
        let Some(original) = work.get(range.clone()).and_then(object_key_from_text) else {
            return Ok(None);
        };
        let Some(placeholder) = fresh_placeholder(&work, range.len(), &used_placeholders) else {
            return Ok(None);
        };
        work.replace_range(range.clone(), &placeholder);
        used_placeholders.insert(placeholder);
        renamed.push(RenamedKey { range, original });
        match parse_body(&work) {
            Ok(body) => break body,
            Err(error) if is_duplicate_key_error(&error) => {
                error_offset = error.location().offset();
            }
            Err(error) => return Err(error),
        }
    };

    // Phase 2: in each object, every occurrence of a duplicated key but the
    // last is shadowed.
    let mut finder = ShadowFinder {
        renamed: &renamed,
        shadowed: BTreeSet::new(),
    };
    finder.visit_body(&renamed_tree);
    let shadowed = finder.shadowed;

    // Phase 3: rename exactly the shadowed keys in a fresh copy of the text.
    Ok(rename_shadowed(text, &shadowed))
}

fn rename_shadowed(
    text: &str,
    shadowed: &BTreeSet<(usize, usize)>,
) -> Option<(Body, Vec<ReadDiagnostic>)> {
    let mut final_text = text.to_owned();
    let mut used_placeholders = HashSet::new();
    let mut diagnostics = Vec::new();
    let mut placeholder_keys = Vec::new();
    for &(start, end) in shadowed {
        let range = start..end;
        let key_text = text.get(range.clone())?;
        diagnostics.push(ReadDiagnostic {
            range: range.clone(),
            message: format!(
                "duplicate key `{}` in object: Terraform keeps the last value",
                display_key(key_text)
            ),
        });
        let placeholder = fresh_placeholder(&final_text, range.len(), &used_placeholders)?;
        final_text.replace_range(range.clone(), &placeholder);
        placeholder_keys.push(ObjectKey::from(
            hcl_edit::Ident::try_new(&placeholder).ok()?,
        ));
        used_placeholders.insert(placeholder);
    }
    let mut body = parse_body(&final_text).ok()?;
    let mut remover = PlaceholderRemover {
        shadowed,
        placeholder_keys: &placeholder_keys,
    };
    remover.visit_body_mut(&mut body);
    Some((body, diagnostics))
}

/// The byte range of the object key starting at `start`: the shortest text
/// up to an `=` or `:` that hcl-edit accepts as an expression.
fn key_extent(text: &str, start: usize) -> Option<Range<usize>> {
    let rest = text.get(start..)?;
    rest.char_indices()
        .take_while(|(index, _)| *index <= MAX_KEY_LENGTH)
        .filter(|(_, ch)| *ch == '=' || *ch == ':')
        .find_map(|(index, _)| {
            let candidate = rest.get(..index)?.trim_end();
            if candidate.is_empty() || parse_expr(candidate).is_err() {
                return None;
            }
            Some(start..start + candidate.len())
        })
}

/// An object key as hcl-edit builds it: a bare variable is an identifier.
fn object_key_from_text(key_text: &str) -> Option<ObjectKey> {
    match parse_expr(key_text).ok()? {
        Expression::Variable(variable) => Some(ObjectKey::from(variable.into_value())),
        expr => Some(ObjectKey::Expression(expr)),
    }
}

/// `port` for `port` and `"port"`; the text as written otherwise.
fn display_key(key_text: &str) -> String {
    match parse_expr(key_text) {
        Ok(Expression::String(string)) => string.value().to_string(),
        _ => key_text.to_owned(),
    }
}

/// A placeholder identifier of exactly `length` bytes that is neither used
/// yet nor a whole word anywhere in `text`.
fn fresh_placeholder(text: &str, length: usize, used: &HashSet<String>) -> Option<String> {
    placeholder_candidates(length)
        .find(|candidate| !used.contains(candidate) && !occurs_as_word(text, candidate))
}

fn placeholder_candidates(length: usize) -> Box<dyn Iterator<Item = String>> {
    if length == 0 {
        return Box::new(std::iter::empty());
    }
    if length == 1 {
        let letters = ('A'..='Z').chain('a'..='z');
        return Box::new(std::iter::once('_').chain(letters).map(String::from));
    }
    let all_underscores = std::iter::once("_".repeat(length));
    let numbered = (1..10_000u32).filter_map(move |number| {
        let digits = number.to_string();
        (digits.len() < length).then(|| format!("{}{digits}", "_".repeat(length - digits.len())))
    });
    Box::new(all_underscores.chain(numbered))
}

fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_' || ch == '-'
}

fn occurs_as_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(index, _)| {
        let before = text.get(..index).and_then(|s| s.chars().next_back());
        let after = text
            .get(index + word.len()..)
            .and_then(|s| s.chars().next());
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// Finds, for the objects that hold renamed keys, every occurrence of a
/// duplicated key except the last.
struct ShadowFinder<'a> {
    renamed: &'a [RenamedKey],
    shadowed: BTreeSet<(usize, usize)>,
}

impl Visit for ShadowFinder<'_> {
    fn visit_object(&mut self, object: &Object) {
        // Only objects holding a renamed key have duplicates, and only keys
        // equal to a renamed key's original are duplicated: comparing every
        // key with those few keeps this linear in the object's size.
        let renamed_here: Vec<&RenamedKey> = object
            .iter()
            .filter_map(|(key, _)| {
                let range = key.span()?;
                self.renamed.iter().find(|renamed| renamed.range == range)
            })
            .collect();
        if !renamed_here.is_empty() {
            // For each duplicated key (by the first renamed occurrence), its
            // occurrences in source order.
            let mut groups: Vec<(&ObjectKey, Vec<Range<usize>>)> = Vec::new();
            for (key, _) in object.iter() {
                let Some(range) = key.span() else { continue };
                let effective = renamed_here
                    .iter()
                    .find(|renamed| renamed.range == range)
                    .map_or(key, |renamed| &renamed.original);
                let group = renamed_here
                    .iter()
                    .map(|renamed| &renamed.original)
                    .find(|original| *original == effective);
                let Some(group_key) = group else { continue };
                match groups
                    .iter_mut()
                    .find(|(existing, _)| *existing == group_key)
                {
                    Some((_, ranges)) => ranges.push(range),
                    None => groups.push((group_key, vec![range])),
                }
            }
            for (_, mut ranges) in groups {
                ranges.sort_by_key(|range| range.start);
                ranges.pop();
                self.shadowed
                    .extend(ranges.into_iter().map(|range| (range.start, range.end)));
            }
        }
        visit_object(self, object);
    }
}

/// Removes the items whose keys were renamed to placeholders.
struct PlaceholderRemover<'a> {
    shadowed: &'a BTreeSet<(usize, usize)>,
    placeholder_keys: &'a [ObjectKey],
}

impl VisitMut for PlaceholderRemover<'_> {
    fn visit_object_mut(&mut self, object: &mut Object) {
        let doomed: Vec<ObjectKey> = object
            .iter()
            .filter(|(key, _)| {
                key.span()
                    .is_some_and(|span| self.shadowed.contains(&(span.start, span.end)))
                    && self.placeholder_keys.contains(key)
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in &doomed {
            object.remove(key);
        }
        visit_object_mut(self, object);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object_of(body: &Body) -> &Object {
        let attribute = body.attributes().next().expect("an attribute");
        match attribute.value.as_object() {
            Some(object) => object,
            None => panic!("not an object: {:?}", attribute.value),
        }
    }

    #[test]
    fn later_value_wins_and_earlier_key_is_reported() {
        let text = "x = {\n  a = 1\n  a = 2\n}\n";
        let (body, diagnostics) = parse_body_tolerant(text).expect("parses");
        let object = object_of(&body);
        assert_eq!(object.len(), 1);
        let (key, value) = object.iter().next().expect("one item");
        assert_eq!(key.as_ident().map(|ident| ident.as_str()), Some("a"));
        assert_eq!(value.expr().to_string().trim(), "2");
        assert_eq!(key.span(), Some(16..17), "span of the winning key");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].range, 8..9);
        assert_eq!(
            diagnostics[0].message,
            "duplicate key `a` in object: Terraform keeps the last value"
        );
    }

    #[test]
    fn three_occurrences_and_quoted_keys() {
        let text = r#"x = { port = 1, "b" = 1, port = 2, "b" = 2, port = 3, _ = 0, ____ = 0 }"#;
        let (body, diagnostics) = parse_body_tolerant(text).expect("parses");
        let object = object_of(&body);
        let rendered: Vec<String> = object
            .iter()
            .map(|(key, value)| {
                let key = match key.as_ident() {
                    Some(ident) => ident.to_string(),
                    None => key.as_expr().map(ToString::to_string).unwrap_or_default(),
                };
                format!("{}={}", key.trim(), value.expr().to_string().trim())
            })
            .collect();
        assert_eq!(rendered, ["\"b\"=2", "port=3", "_=0", "____=0"]);
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3);
        assert!(messages
            .iter()
            .all(|m| m.contains("`port`") || m.contains("`b`")));
    }

    #[test]
    fn nested_objects_keep_their_own_keys() {
        let text = "x = { a = { b = 1, b = 2 }, a = { b = 3 } }\n";
        let (body, diagnostics) = parse_body_tolerant(text).expect("parses");
        // The inner duplicate lies in the shadowed value but is still reported.
        assert_eq!(diagnostics.len(), 2);
        let object = object_of(&body);
        assert_eq!(object.len(), 1);
        let value = object.iter().next().map(|(_, v)| v.expr().to_string());
        assert_eq!(value.as_deref().map(str::trim), Some("{ b = 3 }"));
    }

    #[test]
    fn other_errors_pass_through() {
        // The real error behind a duplicate is reported, at its place.
        let Err(error) = parse_body_tolerant("x = {\n a = 1\n a = \n}") else {
            panic!("should fail");
        };
        assert!(
            !error.message().contains("redefined"),
            "{}",
            error.message()
        );
        assert_eq!(error.location().line(), 3);
        assert!(parse_body_tolerant("x = ").is_err());
    }

    #[test]
    fn duplicate_attributes_in_a_body_stay_an_error() {
        // Terraform rejects these too ("Attribute redefined").
        assert!(parse_body_tolerant("a = 1\na = 2\n").is_err());
    }
}
