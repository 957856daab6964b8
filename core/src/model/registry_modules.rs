//! Well-known registry modules (`terraform-aws-modules/*`) read as the
//! resources they create.
//!
//! A `module` block whose source is one of the modules described in
//! `data/module-inputs.json` stands for resources whose settings come from
//! the block's inputs, or from the module's defaults for its major version
//! when an input is left out. Those resources are added to the model like
//! declared ones (same module, named after the call, located at the call),
//! so every control judges them as it judges the resources themselves; a
//! setting taken from an input points at that input, a default at the
//! call's header. No network access: the table is compiled in.

use super::{Attribute, Block, Body, Mode, Model, ModuleCall, Multiplicity, Resource, ResourceId};
use crate::eval::Value;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../data/module-inputs.json");

fn table() -> &'static Json {
    static PARSED: OnceLock<Json> = OnceLock::new();
    // The table is part of the build and checked by a test: a broken one
    // reads as empty rather than failing every analysis.
    PARSED.get_or_init(|| serde_json::from_str(TABLE).unwrap_or(Json::Null))
}

/// The module's description for a call's `source`, if it is one of ours.
fn described(source: &str) -> Option<&'static Json> {
    let source = source
        .trim()
        .trim_start_matches("registry.terraform.io/")
        .trim_end_matches('/')
        .to_ascii_lowercase();
    table()["modules"]
        .as_array()?
        .iter()
        .find(|m| m["source"].as_str().is_some_and(|s| s == source))
}

/// The major version a `version` constraint selects (`~> 3.0` → 3); `None`
/// when there is no constraint or it cannot be read (the latest applies).
fn major_of(call: &ModuleCall) -> Option<u64> {
    let text = call.body.value("version")?.as_str()?;
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Whether an entry's `majors` range (`[from, to]`, inclusive) holds the
/// version; entries without a range always apply. An unknown version is
/// the latest.
fn in_range(entry: &Json, major: Option<u64>) -> bool {
    let Some(range) = entry["majors"].as_array() else {
        return true;
    };
    let (from, to) = (
        range.first().and_then(Json::as_u64).unwrap_or(0),
        range.get(1).and_then(Json::as_u64).unwrap_or(u64::MAX),
    );
    match major {
        Some(m) => from <= m && m <= to,
        None => to == u64::MAX || to >= 999,
    }
}

fn to_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Number),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::List(items.iter().map(to_value).collect()),
        Json::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), to_value(v))).collect())
        }
    }
}

/// One call being expanded: its inputs and the defaults of its version.
struct Call<'a> {
    call: &'a ModuleCall,
    defaults: BTreeMap<String, Value>,
}

/// An input's value at a dotted path (`versioning.enabled`), with the
/// attribute it was written in; a value left out takes the default.
struct Input<'a> {
    value: Value,
    written: Option<&'a Attribute>,
}

impl<'a> Call<'a> {
    fn input(&self, path: &str) -> Input<'a> {
        let mut parts = path.split('.');
        let head = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        let written = self.call.body.attr(head).filter(|a| a.value != Value::Null);
        let walk = |root: &Value| -> Option<Value> {
            let mut v = root;
            for key in &rest {
                match v {
                    Value::Object(map) => v = map.get(*key)?,
                    Value::Unknown | Value::OneOf(_) => return Some(Value::Unknown),
                    _ => return None,
                }
            }
            Some(v.clone())
        };
        if let Some(attr) = written {
            if let Some(v) = walk(&attr.value) {
                return Input {
                    value: v,
                    written: Some(attr),
                };
            }
            // A written object without the key: the key's default.
            let default = self.defaults.get(head).and_then(walk);
            return Input {
                value: default.unwrap_or(Value::Null),
                written: Some(attr),
            };
        }
        Input {
            value: self
                .defaults
                .get(head)
                .and_then(walk)
                .unwrap_or(Value::Null),
            written: None,
        }
    }

    /// The first of several alternative input paths that is written, else
    /// the first one's default (modules rename inputs across versions).
    fn first_input(&self, spec: &Json) -> Input<'a> {
        let paths: Vec<&str> = match spec {
            Json::String(s) => vec![s.as_str()],
            Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        for p in &paths {
            let input = self.input(p);
            if input.written.is_some() && input.value != Value::Null {
                return input;
            }
        }
        for p in &paths {
            let input = self.input(p);
            if input.value != Value::Null {
                return input;
            }
        }
        Input {
            value: Value::Null,
            written: None,
        }
    }

    fn attribute(&self, name: &str, input: Input<'_>) -> Attribute {
        match input.written {
            Some(a) => Attribute {
                name: name.to_owned(),
                value: input.value,
                span: a.span.clone(),
                references: a.references.clone(),
                traversals: a.traversals.clone(),
            },
            None => Attribute {
                name: name.to_owned(),
                value: input.value,
                span: self.call.span.clone(),
                references: Vec::new(),
                traversals: Vec::new(),
            },
        }
    }
}

/// Whether a resource (or block) template applies: its `when` input passes
/// its test (`truthy`, the default; `non_empty`; `not_null`). Unknown
/// values count as not created, so nothing is judged on a guess.
fn created(call: &Call<'_>, template: &Json) -> bool {
    let Some(path) = template["when"].as_str() else {
        return true;
    };
    let value = call.input(path).value;
    match template["when_test"].as_str().unwrap_or("truthy") {
        "non_empty" => match value {
            Value::Object(map) => !map.is_empty(),
            Value::List(items) => !items.is_empty(),
            Value::String(s) => !s.is_empty(),
            _ => false,
        },
        "not_null" => !matches!(value, Value::Null | Value::Unknown | Value::OneOf(_)),
        _ => value.as_bool() == Some(true),
    }
}

/// A value mapped through a template's `map` (`true` → `"Enabled"`).
fn mapped(value: Value, map: &Json) -> Value {
    let Some(map) = map.as_object() else {
        return value;
    };
    let key = match &value {
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return value,
    };
    map.get(&key).map_or(value, to_value)
}

/// Blocks from an object (one block) or a list of objects (one each):
/// nested objects become nested blocks, everything else attributes.
fn blocks_from(kind: &str, value: &Value, at: &Attribute, depth: usize) -> Vec<Block> {
    let objects: Vec<&BTreeMap<String, Value>> = match value {
        Value::Object(map) => vec![map],
        Value::List(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    objects
        .into_iter()
        .map(|map| {
            let mut body = Body::default();
            for (k, v) in map {
                let nested = matches!(v, Value::Object(_))
                    || matches!(v, Value::List(items) if !items.is_empty() && items.iter().all(|i| matches!(i, Value::Object(_))));
                if nested && depth < 8 {
                    body.blocks.extend(blocks_from(k, v, at, depth + 1));
                } else {
                    body.attributes.push(Attribute {
                        name: k.clone(),
                        value: v.clone(),
                        span: at.span.clone(),
                        references: at.references.clone(),
                        traversals: at.traversals.clone(),
                    });
                }
            }
            Block {
                kind: kind.to_owned(),
                labels: Vec::new(),
                span: at.span.clone(),
                dynamic: false,
                body,
            }
        })
        .collect()
}

/// The body a template describes: `attributes` (target name → input path,
/// alternative paths, or `{input, map}`, `{ref: type}`, `{literal}`),
/// `blocks` (templated nested blocks) and `blocks_from` (target kind →
/// input path copied as blocks).
fn body_of(
    call: &Call<'_>,
    template: &Json,
    refs: &BTreeMap<String, String>,
    depth: usize,
) -> Body {
    let mut body = Body::default();
    if let Some(attributes) = template["attributes"].as_object() {
        for (name, spec) in attributes {
            let attribute = if let Some(target) = spec["ref"].as_str() {
                let Some(address) = refs.get(target) else {
                    continue;
                };
                Attribute {
                    name: name.clone(),
                    value: Value::Unknown,
                    span: call.call.span.clone(),
                    references: vec![address.clone()],
                    traversals: Vec::new(),
                }
            } else if !spec["literal"].is_null() {
                Attribute {
                    name: name.clone(),
                    value: to_value(&spec["literal"]),
                    span: call.call.span.clone(),
                    references: Vec::new(),
                    traversals: Vec::new(),
                }
            } else {
                let source = if spec.is_object() {
                    &spec["input"]
                } else {
                    spec
                };
                let mut input = call.first_input(source);
                input.value = mapped(input.value, &spec["map"]);
                call.attribute(name, input)
            };
            // Left out and no default: the provider's default applies.
            if attribute.value != Value::Null || !attribute.references.is_empty() {
                body.attributes.push(attribute);
            }
        }
    }
    if depth < 8 {
        for block in template["blocks"].as_array().into_iter().flatten() {
            if !created(call, block) {
                continue;
            }
            let kind = block["kind"].as_str().unwrap_or_default();
            let inner = body_of(call, block, refs, depth + 1);
            body.blocks.push(Block {
                kind: kind.to_owned(),
                labels: Vec::new(),
                span: call.call.span.clone(),
                dynamic: false,
                body: inner,
            });
        }
    }
    if let Some(copied) = template["blocks_from"].as_object() {
        for (kind, path) in copied {
            let input = call.first_input(path);
            let at = call.attribute(
                kind,
                Input {
                    value: Value::Null,
                    written: input.written,
                },
            );
            body.blocks
                .extend(blocks_from(kind, &input.value, &at, depth));
        }
    }
    body
}

/// Adds the resources of every described module call of `module` to the
/// model.
pub(super) fn expand(
    model: &mut Model,
    module: usize,
    calls: &[ModuleCall],
    multiplicity: fn(&Body) -> Multiplicity,
) {
    for call in calls {
        let Some(description) = call.source.as_deref().and_then(described) else {
            continue;
        };
        let major = major_of(call);
        let mut defaults = BTreeMap::new();
        for entry in description["defaults"].as_array().into_iter().flatten() {
            if in_range(entry, major) {
                for (k, v) in entry["values"].as_object().into_iter().flatten() {
                    defaults.insert(k.clone(), to_value(v));
                }
            }
        }
        let cx = Call { call, defaults };
        let templates: Vec<&Json> = description["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| in_range(t, major) && created(&cx, t))
            .collect();
        // Each created resource is `<type>.<call name>`, unless that
        // address is taken by a declared resource.
        let mut refs: BTreeMap<String, String> = BTreeMap::new();
        let mut names: Vec<String> = Vec::new();
        for t in &templates {
            let kind = t["type"].as_str().unwrap_or_default();
            let mut name = call.name.clone();
            while model
                .resources
                .iter()
                .any(|r| r.module == module && r.resource_type == kind && r.name == name)
            {
                name.push_str("_module");
            }
            refs.entry(kind.to_owned())
                .or_insert_with(|| format!("{kind}.{name}"));
            names.push(name);
        }
        let copies = multiplicity(&call.body);
        for (t, name) in templates.into_iter().zip(names) {
            let kind = t["type"].as_str().unwrap_or_default().to_owned();
            let body = body_of(&cx, t, &refs, 0);
            let id = ResourceId(model.resources.len());
            model.resources.push(Resource {
                id,
                module,
                mode: Mode::Managed,
                resource_type: kind.clone(),
                name: name.clone(),
                multiplicity: copies.clone(),
                block: Block {
                    kind: "resource".to_owned(),
                    labels: vec![kind, name],
                    span: call.span.clone(),
                    dynamic: false,
                    body,
                },
                comments: Vec::new(),
                created_by: Some(call.name.clone()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_parses_and_names_sources() {
        let table: serde_json::Value =
            serde_json::from_str(super::TABLE).expect("data/module-inputs.json is valid JSON");
        let modules = table["modules"].as_array().expect("a modules list");
        assert!(modules.len() >= 5);
        for m in modules {
            let source = m["source"].as_str().expect("source");
            assert!(source.starts_with("terraform-aws-modules/"), "{source}");
            assert!(m["resources"].as_array().is_some_and(|r| !r.is_empty()));
        }
    }
}
