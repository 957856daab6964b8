//! Terraform's JSON syntax (`*.tf.json`, `*.tfvars.json`), converted to the
//! native syntax so that the model builder needs to know only one tree.
//!
//! # How
//!
//! The JSON is checked with `serde_json` (its error gives line and column),
//! read once more by a small position-keeping reader, and rendered as native
//! HCL text following Terraform's JSON rules
//! (<https://developer.hashicorp.com/terraform/language/syntax/json>). That
//! text is then parsed like any `.tf` file, so every node of the tree has a
//! real span. The rendered text carries anchors: each block header,
//! attribute name, value, array element and object key is anchored to the
//! position of the JSON token it came from, so
//! [`SourceFile::position`](crate::input::source::SourceFile::position) reports JSON
//! lines and columns. (hcl-edit offers no public way to set spans on
//! programmatically built nodes, which is why the tree is not built directly.)
//!
//! # Rules
//!
//! * Top-level keys are block types. `resource` and `data` take two labels,
//!   `variable`, `output`, `module`, `provider` and `check` one, anything else
//!   none. At every label level an array of objects stands for several
//!   blocks. `"//"` keys in block bodies are comments and dropped.
//! * Strings are templates (`"${var.x}-logs"`), as in Terraform, except where
//!   Terraform takes literal values: a variable's `default` and
//!   `description`, a module's `source` and `version`, everything in a
//!   `terraform` block, and every value of a `.tfvars.json` file. A template
//!   that is a single interpolation (`"${var.count}"`) is rendered as the
//!   bare expression, since that is its value (not a string).
//! * Strings that Terraform reads as expressions are rendered as such: a
//!   variable's `type`, `depends_on`, `provider`, the values of a module's
//!   `providers`, `lifecycle` `ignore_changes` / `replace_triggered_by`, and
//!   the `to`/`from` of `moved`, `import` and `removed`.
//! * Without provider schemas, an object value in a resource-like body is a
//!   nested block unless its key names a known map argument (`tags`,
//!   `variables`, …); an array of objects is a list of nested blocks. This
//!   matches how such blocks are written in practice. `dynamic` and
//!   `provisioner` follow their own JSON forms.

use crate::input::source::{Anchor, Position, SourceFile};
use crate::input::FileKind;
use std::fmt::Write as _;

/// Why a JSON file could not be converted, with its position in the JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position:?}: {message}")]
pub struct JsonError {
    pub position: Position,
    pub message: String,
}

/// A JSON number as native syntax can hold it: numbers beyond the range of
/// a 64-bit float (`1e999999`, valid JSON) become the largest one of their
/// sign, still a number, instead of failing the file.
fn finite_number(number: &str) -> std::borrow::Cow<'_, str> {
    match number.parse::<f64>() {
        Ok(value) if value.is_infinite() => {
            let largest = f64::MAX.to_string();
            std::borrow::Cow::Owned(if value < 0.0 {
                format!("-{largest}")
            } else {
                largest
            })
        }
        _ => std::borrow::Cow::Borrowed(number),
    }
}

/// Nesting limit of the position-keeping reader, the same as `serde_json`'s,
/// so that conversion (which recurses over the value) stays shallow.
const MAX_DEPTH: usize = 128;

/// Converts a `.tf.json` or `.tfvars.json` text to a native-syntax source
/// file whose positions are those of the JSON.
///
/// # Errors
///
/// Invalid JSON, a top level that is not an object, or a block whose JSON
/// shape Terraform would reject.
pub fn convert(path: &str, json: &str, kind: FileKind) -> Result<SourceFile, JsonError> {
    let positions = SourceFile::new(path, json, 0);
    if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(json) {
        return Err(JsonError {
            position: serde_error_position(&positions, error.line(), error.column()),
            message: format!("invalid JSON: {}", strip_serde_position(&error.to_string())),
        });
    }
    let mut reader = Reader {
        text: json.as_bytes(),
        offset: 0,
        too_deep: false,
    };
    // serde_json accepts any depth here (ignoring a value does not recurse),
    // so the reader's depth limit is the one a deep file meets: say so.
    let root = reader.read_document().map_err(|offset| JsonError {
        position: positions.position(offset),
        message: if reader.too_deep {
            format!("JSON nested too deeply (more than {MAX_DEPTH} levels)")
        } else {
            "invalid JSON".to_owned()
        },
    })?;
    let mut writer = Writer {
        out: String::new(),
        anchors: Vec::new(),
        positions: &positions,
    };
    if kind == FileKind::TfVarsJson {
        writer.variable_values(&root)?;
    } else {
        writer.configuration(&root)?;
    }
    Ok(SourceFile::with_anchors(path, writer.out, writer.anchors))
}

/// serde_json's position is that of the last byte it read: a one-based
/// line and a byte column, 0 when that byte was the line break ending the
/// previous line. Converted through the text so that columns count chars.
fn serde_error_position(positions: &SourceFile, line: usize, column: usize) -> Position {
    let line_start = if line <= 1 {
        Some(0)
    } else {
        positions
            .text
            .match_indices('\n')
            .nth(line - 2)
            .map(|(offset, _)| offset + 1)
    };
    match line_start {
        Some(start) if column > 0 => positions.position(start + column - 1),
        Some(start) => positions.position(start.saturating_sub(1)),
        None => positions.position(positions.text.len()),
    }
}

/// serde_json appends " at line L column C"; the position is reported apart.
fn strip_serde_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .and_then(|index| message.get(..index))
        .unwrap_or(message)
}

// ---------------------------------------------------------------------------
// A JSON reader that keeps the offset of every value and key.

#[derive(Debug, Clone)]
struct Json {
    offset: usize,
    value: JsonValue,
}

#[derive(Debug, Clone)]
enum JsonValue {
    Null,
    Bool(bool),
    /// The number exactly as written (JSON numbers are valid HCL numbers).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(JsonKey, Json)>),
}

#[derive(Debug, Clone)]
struct JsonKey {
    offset: usize,
    name: String,
}

/// Reads JSON that `serde_json` has already accepted; any surprise is an
/// `Err(offset)` rather than a panic.
struct Reader<'a> {
    text: &'a [u8],
    offset: usize,
    /// Set when reading stopped at [`MAX_DEPTH`].
    too_deep: bool,
}

impl Reader<'_> {
    fn read_document(&mut self) -> Result<Json, usize> {
        let value = self.value(0)?;
        self.skip_whitespace();
        if self.offset == self.text.len() {
            Ok(value)
        } else {
            Err(self.offset)
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(
            self.text.get(self.offset),
            Some(b' ' | b'\t' | b'\n' | b'\r')
        ) {
            self.offset += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), usize> {
        self.skip_whitespace();
        if self.text.get(self.offset) == Some(&byte) {
            self.offset += 1;
            Ok(())
        } else {
            Err(self.offset)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, usize> {
        self.skip_whitespace();
        let offset = self.offset;
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return Err(offset);
        }
        let value = match self.text.get(offset) {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JsonValue::String(self.string()?),
            Some(b't') => self.literal(b"true", JsonValue::Bool(true))?,
            Some(b'f') => self.literal(b"false", JsonValue::Bool(false))?,
            Some(b'n') => self.literal(b"null", JsonValue::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => return Err(offset),
        };
        Ok(Json { offset, value })
    }

    fn literal(&mut self, word: &[u8], value: JsonValue) -> Result<JsonValue, usize> {
        if self.text.get(self.offset..self.offset + word.len()) == Some(word) {
            self.offset += word.len();
            Ok(value)
        } else {
            Err(self.offset)
        }
    }

    fn number(&mut self) -> JsonValue {
        let start = self.offset;
        while matches!(
            self.text.get(self.offset),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.offset += 1;
        }
        let digits = self.text.get(start..self.offset).unwrap_or_default();
        JsonValue::Number(String::from_utf8_lossy(digits).into_owned())
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, usize> {
        self.expect(b'{')?;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.text.get(self.offset) == Some(&b'}') {
            self.offset += 1;
            return Ok(JsonValue::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_offset = self.offset;
            let name = self.string()?;
            self.expect(b':')?;
            let value = self.value(depth + 1)?;
            members.push((
                JsonKey {
                    offset: key_offset,
                    name,
                },
                value,
            ));
            self.skip_whitespace();
            match self.text.get(self.offset) {
                Some(b',') => self.offset += 1,
                Some(b'}') => {
                    self.offset += 1;
                    return Ok(JsonValue::Object(members));
                }
                _ => return Err(self.offset),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, usize> {
        self.expect(b'[')?;
        let mut elements = Vec::new();
        self.skip_whitespace();
        if self.text.get(self.offset) == Some(&b']') {
            self.offset += 1;
            return Ok(JsonValue::Array(elements));
        }
        loop {
            elements.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.text.get(self.offset) {
                Some(b',') => self.offset += 1,
                Some(b']') => {
                    self.offset += 1;
                    return Ok(JsonValue::Array(elements));
                }
                _ => return Err(self.offset),
            }
        }
    }

    /// A JSON string; decoding is left to serde_json, which knows escapes
    /// and surrogate pairs.
    fn string(&mut self) -> Result<String, usize> {
        let start = self.offset;
        if self.text.get(start) != Some(&b'"') {
            return Err(start);
        }
        let mut index = start + 1;
        loop {
            match self.text.get(index) {
                Some(b'"') => break,
                Some(b'\\') => index += 2,
                Some(_) => index += 1,
                None => return Err(start),
            }
        }
        self.offset = index + 1;
        let raw = self.text.get(start..self.offset).ok_or(start)?;
        serde_json::from_slice::<String>(raw).map_err(|_| start)
    }
}

// ---------------------------------------------------------------------------
// Rendering native syntax.

/// How strings in a body are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strings {
    /// Templates: `${…}` and `%{…}` are interpreted.
    Template,
    /// Literal values: `${` is escaped so that it stays text.
    Literal,
}

/// What kind of body is being rendered, which decides blocks and expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    /// `resource`, `data` and their nested blocks: objects are blocks.
    Resource,
    Variable,
    Output,
    Module,
    Provider,
    Terraform,
    /// `required_providers`, `backend`, `locals` and other bodies whose keys
    /// are all arguments.
    Arguments,
    Lifecycle,
    /// `moved`, `import`, `removed`: `to`/`from` are addresses.
    Refactoring,
    /// `check` and unknown top-level blocks: objects are blocks.
    Generic,
}

/// Object-valued arguments of resources and providers that are maps, not
/// nested blocks.
const MAP_ARGUMENTS: [&str; 16] = [
    "tags",
    "tags_all",
    "labels",
    "variables",
    "environment_variables",
    "triggers",
    "metadata",
    "parameters",
    "values",
    "context",
    "options",
    "attributes",
    "annotations",
    "default_tags_all",
    "stage_variables",
    "request_parameters",
];

/// Nested blocks of `provider` bodies (whose other objects are arguments).
const PROVIDER_BLOCKS: [&str; 7] = [
    "assume_role",
    "assume_role_with_web_identity",
    "default_tags",
    "ignore_tags",
    "endpoints",
    "features",
    "retry",
];

struct Writer<'a> {
    out: String,
    anchors: Vec<Anchor>,
    positions: &'a SourceFile,
}

impl Writer<'_> {
    fn anchor(&mut self, json_offset: usize) {
        self.anchors.push(Anchor {
            offset: self.out.len(),
            position: self.positions.position(json_offset),
        });
    }

    fn error(&self, json_offset: usize, message: impl Into<String>) -> JsonError {
        JsonError {
            position: self.positions.position(json_offset),
            message: message.into(),
        }
    }

    /// A `.tfvars.json` file: one attribute per key, literal values.
    fn variable_values(&mut self, root: &Json) -> Result<(), JsonError> {
        let JsonValue::Object(members) = &root.value else {
            return Err(self.error(root.offset, "a .tfvars.json file must hold a JSON object"));
        };
        for (key, value) in members {
            self.attribute(key, value, Strings::Literal, ExprMode::Value, 0)?;
        }
        Ok(())
    }

    /// A `.tf.json` file.
    fn configuration(&mut self, root: &Json) -> Result<(), JsonError> {
        let JsonValue::Object(members) = &root.value else {
            return Err(self.error(root.offset, "a .tf.json file must hold a JSON object"));
        };
        for (key, value) in members {
            if key.name == "//" {
                continue;
            }
            let (label_count, kind) = match key.name.as_str() {
                "resource" | "data" => (2, BodyKind::Resource),
                "variable" => (1, BodyKind::Variable),
                "output" => (1, BodyKind::Output),
                "module" => (1, BodyKind::Module),
                "provider" => (1, BodyKind::Provider),
                "check" => (1, BodyKind::Generic),
                "terraform" => (0, BodyKind::Terraform),
                "locals" => (0, BodyKind::Arguments),
                "moved" | "import" | "removed" => (0, BodyKind::Refactoring),
                _ => (0, BodyKind::Generic),
            };
            self.labelled_blocks(key, value, label_count, &mut Vec::new(), kind, 0)?;
        }
        Ok(())
    }

    /// Blocks of type `key.name` whose remaining labels are object keys
    /// nested `label_count` deep; arrays stand for several blocks.
    fn labelled_blocks(
        &mut self,
        key: &JsonKey,
        value: &Json,
        label_count: usize,
        labels: &mut Vec<(usize, String)>,
        kind: BodyKind,
        depth: usize,
    ) -> Result<(), JsonError> {
        match &value.value {
            JsonValue::Array(elements) => {
                for element in elements {
                    self.labelled_blocks(key, element, label_count, labels, kind, depth)?;
                }
                Ok(())
            }
            JsonValue::Object(members) if label_count > 0 => {
                for (label, inner) in members {
                    if label.name == "//" {
                        continue;
                    }
                    labels.push((label.offset, label.name.clone()));
                    let result =
                        self.labelled_blocks(key, inner, label_count - 1, labels, kind, depth);
                    labels.pop();
                    result?;
                }
                Ok(())
            }
            JsonValue::Object(members) => {
                let header_offset = labels.last().map_or(key.offset, |(offset, _)| *offset);
                self.anchor(header_offset);
                self.out.push_str(&block_type_text(&key.name));
                for (_, label) in labels.iter() {
                    self.out.push(' ');
                    push_quoted(&mut self.out, label, Strings::Literal);
                }
                self.out.push_str(" {\n");
                self.body(members, kind, depth + 1)?;
                self.anchor(value.offset);
                self.out.push_str("}\n");
                Ok(())
            }
            _ => Err(self.error(
                value.offset,
                format!("expected a JSON object for a `{}` block", key.name),
            )),
        }
    }

    fn body(
        &mut self,
        members: &[(JsonKey, Json)],
        kind: BodyKind,
        depth: usize,
    ) -> Result<(), JsonError> {
        for (key, value) in members {
            if key.name == "//" {
                continue;
            }
            self.member(key, value, kind, depth)?;
        }
        Ok(())
    }

    /// One key of a block body: an attribute or nested block(s).
    fn member(
        &mut self,
        key: &JsonKey,
        value: &Json,
        kind: BodyKind,
        depth: usize,
    ) -> Result<(), JsonError> {
        let name = key.name.as_str();
        let literal = kind == BodyKind::Terraform
            || (kind == BodyKind::Variable && matches!(name, "default" | "description"))
            || (kind == BodyKind::Module && matches!(name, "source" | "version"));
        let strings = if literal {
            Strings::Literal
        } else {
            Strings::Template
        };
        // Terraform block: everything is literal, `backend` has one label.
        if kind == BodyKind::Terraform {
            return match name {
                "backend" => {
                    self.labelled_blocks(key, value, 1, &mut Vec::new(), BodyKind::Arguments, depth)
                }
                "required_providers" => self.nested_blocks(key, value, BodyKind::Arguments, depth),
                "cloud" => self.nested_blocks(key, value, BodyKind::Arguments, depth),
                _ if is_object_or_objects(value) && name != "required_version" => {
                    self.nested_blocks(key, value, BodyKind::Arguments, depth)
                }
                _ => self.attribute(key, value, Strings::Literal, ExprMode::Value, depth),
            };
        }
        let expression_mode = match (kind, name) {
            (_, "depends_on") => ExprMode::References,
            (BodyKind::Resource | BodyKind::Generic, "provider") => ExprMode::Reference,
            (BodyKind::Variable, "type") => ExprMode::Reference,
            (BodyKind::Module, "providers") => ExprMode::ReferenceValues,
            (BodyKind::Lifecycle, "ignore_changes" | "replace_triggered_by") => {
                ExprMode::References
            }
            (BodyKind::Refactoring, "to" | "from") => ExprMode::Reference,
            _ => ExprMode::Value,
        };
        if expression_mode != ExprMode::Value {
            return self.attribute(key, value, strings, expression_mode, depth);
        }
        let block_kind = match (kind, name) {
            (BodyKind::Resource | BodyKind::Generic, "lifecycle") => Some(BodyKind::Lifecycle),
            (BodyKind::Resource | BodyKind::Generic | BodyKind::Lifecycle, _)
                if !MAP_ARGUMENTS.contains(&name) && is_object_or_objects(value) =>
            {
                Some(BodyKind::Resource)
            }
            (BodyKind::Variable, "validation") | (BodyKind::Output, "precondition") => {
                Some(BodyKind::Arguments)
            }
            (BodyKind::Provider, _) if PROVIDER_BLOCKS.contains(&name) => Some(BodyKind::Arguments),
            _ => None,
        };
        match (block_kind, name) {
            (Some(_), "dynamic") => self.dynamic_blocks(key, value, depth),
            (Some(_), "provisioner") => {
                self.labelled_blocks(key, value, 1, &mut Vec::new(), BodyKind::Resource, depth)
            }
            (Some(block_kind), _) => self.nested_blocks(key, value, block_kind, depth),
            (None, _) => self.attribute(key, value, strings, ExprMode::Value, depth),
        }
    }

    /// A nested block without labels, or several from an array.
    fn nested_blocks(
        &mut self,
        key: &JsonKey,
        value: &Json,
        kind: BodyKind,
        depth: usize,
    ) -> Result<(), JsonError> {
        self.labelled_blocks(key, value, 0, &mut Vec::new(), kind, depth)
    }

    /// `"dynamic": {"ingress": {"for_each": …, "content": {…}}}`.
    fn dynamic_blocks(
        &mut self,
        key: &JsonKey,
        value: &Json,
        depth: usize,
    ) -> Result<(), JsonError> {
        self.labelled_blocks(key, value, 1, &mut Vec::new(), BodyKind::Resource, depth)
    }

    fn attribute(
        &mut self,
        key: &JsonKey,
        value: &Json,
        strings: Strings,
        mode: ExprMode,
        depth: usize,
    ) -> Result<(), JsonError> {
        self.anchor(key.offset);
        // Terraform rejects an argument name that is not an identifier.
        if !is_identifier(&key.name) {
            return Err(self.error(key.offset, format!("invalid argument name {:?}", key.name)));
        }
        self.out.push_str(&key.name);
        self.out.push_str(" = ");
        self.expression(value, strings, mode, depth)?;
        self.out.push('\n');
        Ok(())
    }

    fn expression(
        &mut self,
        value: &Json,
        strings: Strings,
        mode: ExprMode,
        depth: usize,
    ) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(value.offset, "JSON nested too deeply"));
        }
        self.anchor(value.offset);
        match &value.value {
            JsonValue::Null => self.out.push_str("null"),
            JsonValue::Bool(true) => self.out.push_str("true"),
            JsonValue::Bool(false) => self.out.push_str("false"),
            JsonValue::Number(number) => self.out.push_str(&finite_number(number)),
            JsonValue::String(string) => match mode {
                ExprMode::Reference | ExprMode::References if is_expression(string) => {
                    self.out.push_str(string.trim());
                }
                _ if strings == Strings::Template => match sole_interpolation(string) {
                    Some(inner) if inner.contains('\n') => {
                        self.out.push('(');
                        self.out.push_str(inner);
                        self.out.push(')');
                    }
                    Some(inner) => self.out.push_str(inner),
                    None => push_quoted(&mut self.out, string, strings),
                },
                _ => push_quoted(&mut self.out, string, strings),
            },
            JsonValue::Array(elements) => {
                self.out.push('[');
                let element_mode = if mode == ExprMode::References {
                    ExprMode::Reference
                } else {
                    mode
                };
                for (index, element) in elements.iter().enumerate() {
                    if index > 0 {
                        self.out.push_str(", ");
                    }
                    self.expression(element, strings, element_mode, depth + 1)?;
                }
                self.out.push(']');
            }
            JsonValue::Object(members) => {
                self.out.push_str("{\n");
                let value_mode = if mode == ExprMode::ReferenceValues {
                    ExprMode::Reference
                } else {
                    mode
                };
                for (key, member) in members {
                    self.anchor(key.offset);
                    push_quoted(&mut self.out, &key.name, strings);
                    self.out.push_str(" = ");
                    self.expression(member, strings, value_mode, depth + 1)?;
                    self.out.push('\n');
                }
                self.out.push('}');
            }
        }
        Ok(())
    }
}

/// How a JSON string in an argument is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExprMode {
    /// A value: a string is a template (or literal).
    Value,
    /// A string is an expression (`"aws.west"`, `"list(string)"`).
    Reference,
    /// An array whose string elements are expressions.
    References,
    /// An object whose values are expressions (`providers`).
    ReferenceValues,
}

fn is_object_or_objects(value: &Json) -> bool {
    match &value.value {
        JsonValue::Object(_) => true,
        JsonValue::Array(elements) => {
            !elements.is_empty()
                && elements
                    .iter()
                    .all(|element| matches!(element.value, JsonValue::Object(_)))
        }
        _ => false,
    }
}

/// A block type is always a JSON key of a known kind; anything else is kept
/// readable as an identifier.
fn block_type_text(name: &str) -> String {
    if is_identifier(name) {
        name.to_owned()
    } else {
        name.chars()
            .map(|ch| if is_identifier_char(ch) { ch } else { '_' })
            .collect::<String>()
    }
}

fn is_identifier_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_' || ch == '-'
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_')
        && chars.all(is_identifier_char)
}

/// Whether a string is a plain expression (used where Terraform reads one).
fn is_expression(text: &str) -> bool {
    !text.trim().is_empty() && hcl_edit::parser::parse_expr(text.trim()).is_ok()
}

/// The expression of a template that is one interpolation and nothing else
/// (`"${var.count}"`). Such a template evaluates to the expression's value
/// itself, not a string, so it is rendered as the bare expression (in
/// parentheses when it spans lines).
fn sole_interpolation(template: &str) -> Option<&str> {
    let inner = template.strip_prefix("${")?.strip_suffix('}')?;
    // `${~ x ~}` strip markers, and anything the parser does not take as
    // exactly one interpolation, stay a template.
    if inner.starts_with('~') || inner.ends_with('~') {
        return None;
    }
    let parsed = hcl_edit::parser::parse_template(template).ok()?;
    let mut elements = parsed.iter();
    let only = elements.next()?;
    if elements.next().is_some() || !matches!(only, hcl_edit::template::Element::Interpolation(_)) {
        return None;
    }
    let inner = inner.trim();
    let valid = if inner.contains('\n') {
        hcl_edit::parser::parse_expr(&format!("({inner})")).is_ok()
    } else {
        hcl_edit::parser::parse_expr(inner).is_ok()
    };
    valid.then_some(inner)
}

/// Writes `text` as a native quoted string.
///
/// Literal strings escape `${` and `%{` so that they stay text. Template
/// strings keep their interpolations and directives as written: inside
/// `${…}` the text is an expression, whose own quoted strings must not be
/// escaped again (`"${contains(["a"], x)}"`), so the writer follows the
/// nesting of interpolations and strings with an explicit stack. A line
/// break inside an expression becomes a space (native quoted templates
/// cannot hold one; in an expression it is only whitespace).
fn push_quoted(out: &mut String, text: &str, strings: Strings) {
    /// Where the writer is: template text (the outer string, or a string
    /// inside an expression), or an expression with its open braces.
    enum Context {
        Text { nested: bool },
        Expression { open_braces: usize },
    }
    out.push('"');
    let mut stack = vec![Context::Text { nested: false }];
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let next = chars.peek().copied();
        match stack.last_mut() {
            Some(Context::Expression { open_braces }) => match ch {
                '{' => {
                    *open_braces += 1;
                    out.push(ch);
                }
                '}' if *open_braces == 0 => {
                    stack.pop();
                    out.push(ch);
                }
                '}' => {
                    *open_braces -= 1;
                    out.push(ch);
                }
                '"' => {
                    stack.push(Context::Text { nested: true });
                    out.push(ch);
                }
                '\n' | '\r' => out.push(' '),
                ch => out.push(ch),
            },
            Some(Context::Text { nested }) => {
                let nested = *nested;
                match ch {
                    '$' | '%' if next == Some('{') => {
                        chars.next();
                        if strings == Strings::Literal {
                            out.push(ch);
                        } else {
                            stack.push(Context::Expression { open_braces: 0 });
                        }
                        out.push(ch);
                        out.push('{');
                    }
                    // `$${` and `%%{` are already escapes in a template.
                    '$' | '%' if next == Some(ch) && strings == Strings::Template => {
                        chars.next();
                        out.push(ch);
                        out.push(ch);
                    }
                    '"' if nested => {
                        stack.pop();
                        out.push(ch);
                    }
                    // Inside an expression's string, escapes are already
                    // native escapes: copy them.
                    '\\' if nested => {
                        out.push(ch);
                        if let Some(escaped) = chars.next() {
                            out.push(escaped);
                        }
                    }
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    ch if ch.is_control() => {
                        let _ = write!(out, "\\u{:04X}", u32::from(ch));
                    }
                    ch => out.push(ch),
                }
            }
            None => out.push(ch),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(json: &str) -> String {
        match convert("main.tf.json", json, FileKind::TerraformJson) {
            Ok(source) => source.text,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn renders_blocks_with_labels_and_nested_blocks() {
        let text = render(
            r#"{
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "${var.name}-logs",
        "count": "${var.n}",
        "tags": {"Name": "logs"},
        "versioning": {"enabled": true},
        "lifecycle_rule": [{"id": "a"}, {"id": "b"}],
        "depends_on": ["aws_kms_key.k"],
        "lifecycle": {"ignore_changes": ["tags"]}
      }
    }
  },
  "variable": {"name": {"type": "string", "default": "${not a template}"}},
  "locals": {"x": 1.5e3},
  "terraform": {"backend": {"s3": {"bucket": "b"}}, "required_providers": {"aws": {"source": "hashicorp/aws"}}}
}"#,
        );
        let expected = r#"resource "aws_s3_bucket" "logs" {
bucket = "${var.name}-logs"
count = var.n
tags = {
"Name" = "logs"
}
versioning {
enabled = true
}
lifecycle_rule {
id = "a"
}
lifecycle_rule {
id = "b"
}
depends_on = [aws_kms_key.k]
lifecycle {
ignore_changes = [tags]
}
}
variable "name" {
type = string
default = "$${not a template}"
}
locals {
x = 1.5e3
}
terraform {
backend "s3" {
bucket = "b"
}
required_providers {
aws = {
"source" = "hashicorp/aws"
}
}
}
"#;
        assert_eq!(text, expected);
        assert!(hcl_edit::parser::parse_body(&text).is_ok());
    }

    #[test]
    fn positions_are_those_of_the_json() {
        let json = "{\n  \"resource\": {\n    \"aws_s3_bucket\": {\n      \"b\": {\n        \"acl\": \"public-read\"\n      }\n    }\n  }\n}\n";
        let source = convert("x.tf.json", json, FileKind::TerraformJson).expect("converts");
        let acl = source.text.find("acl").expect("rendered");
        assert_eq!(source.position(acl), Position { line: 5, column: 9 });
        let value = source.text.find("\"public-read\"").expect("rendered");
        assert_eq!(
            source.position(value),
            Position {
                line: 5,
                column: 16
            }
        );
        assert_eq!(
            source.position(0),
            Position { line: 4, column: 7 },
            "block header at its label"
        );
    }

    #[test]
    fn invalid_json_reports_serde_position() {
        let error = convert("x.tf.json", "{\n  \"a\": [1,\n}", FileKind::TerraformJson).err();
        let error = error.expect("fails");
        assert_eq!(error.position.line, 3);
        assert!(
            error.message.starts_with("invalid JSON"),
            "{}",
            error.message
        );
    }

    #[test]
    fn template_strings_keep_their_expressions() {
        let text = render(
            r#"{"locals": {
  "a": "${contains([\"dev\", \"prod\"], var.env)} \"quoted\" $${literal}",
  "b": "%{ if var.x }yes%{ endif }",
  "c": "${jsonencode({\"k\" = \"v ${var.y}\"})}",
  "d": "${var.a ==\n var.b}"
}}"#,
        );
        let expected = r#"locals {
a = "${contains(["dev", "prod"], var.env)} \"quoted\" $${literal}"
b = "%{ if var.x }yes%{ endif }"
c = jsonencode({"k" = "v ${var.y}"})
d = (var.a ==
 var.b)
}
"#;
        assert_eq!(text, expected);
        assert!(hcl_edit::parser::parse_body(&text).is_ok());
    }

    #[test]
    fn tfvars_json_values_are_literal() {
        let source = convert(
            "a.tfvars.json",
            r#"{"name": "x${y}", "n": [1, {"k": null}]}"#,
            FileKind::TfVarsJson,
        );
        let text = source.expect("converts").text;
        assert_eq!(text, "name = \"x$${y}\"\nn = [1, {\n\"k\" = null\n}]\n");
    }

    #[test]
    fn shape_errors_are_reported_not_panicked() {
        assert!(convert("x.tf.json", "[]", FileKind::TerraformJson).is_err());
        assert!(convert("x.tf.json", r#"{"resource": 1}"#, FileKind::TerraformJson).is_err());
        assert!(convert(
            "x.tf.json",
            r#"{"resource": {"a": {"b": {"bad key": 1}}}}"#,
            FileKind::TerraformJson
        )
        .is_err());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(convert(
            "x.tf.json",
            &format!("{{\"locals\": {{\"a\": {deep}}}}}"),
            FileKind::TerraformJson
        )
        .is_err());
    }
}
