//! Validity: what `terraform validate`, `plan` or the AWS API would reject,
//! read from the model. Types, arguments and attributes are judged offline
//! against the AWS provider's schema ([`schema`]) for the major version a
//! module's `required_providers` constraint selects; declarations,
//! locations and AWS's value rules have their own modules.
//!
//! This stage reads the model and the schema; the VAL controls
//! (`rules/val/`) turn its [`Problem`]s into findings. Only types of the
//! `aws` provider (`aws_` prefix) are judged, and values that are not known
//! statically are never judged.

pub mod aws_values;
pub mod declarations;
pub mod locate;
pub mod schema;

use crate::eval::{Value, INDEX_STEP};
use crate::input::FileKind;
use crate::model::{Attribute, Block, Body, Mode, Model, Resource, Span};
pub use schema::{Major, Schema};
use schema::{Presence, Shape, Type};

/// Meta-arguments of `resource` and `data` blocks (not in the schema).
const META_ARGUMENTS: &[&str] = &["count", "for_each", "provider", "depends_on"];
/// Meta-blocks of `resource` blocks (`data` blocks have only `lifecycle`).
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// Whether a resource or data-source type belongs to the AWS provider.
#[must_use]
pub fn is_aws_type(resource_type: &str) -> bool {
    resource_type.starts_with("aws_")
}

// ---------------------------------------------------------------------------
// Choosing the major version

/// A version as three numbers; missing parts are zero.
type Version = (u64, u64, u64);

/// One `op version` term of a constraint.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Term {
    Eq(Version),
    Ne(Version),
    Gt(Version),
    Ge(Version),
    Lt(Version),
    Le(Version),
    /// `~> v` with the number of parts written.
    Pessimistic(Version, usize),
}

impl Term {
    fn allows(self, v: Version) -> bool {
        match self {
            Term::Eq(c) => v == c,
            Term::Ne(c) => v != c,
            Term::Gt(c) => v > c,
            Term::Ge(c) => v >= c,
            Term::Lt(c) => v < c,
            Term::Le(c) => v <= c,
            Term::Pessimistic(c, parts) => {
                v >= c
                    && match parts {
                        0 | 1 => true,
                        2 => v.0 == c.0,
                        _ => v.0 == c.0 && v.1 == c.1,
                    }
            }
        }
    }
}

/// Parses `"~> 5.0"`, `">= 4.0, < 6"`, `"5.31.0"`; `None` when unreadable.
fn parse_constraint(text: &str) -> Option<Vec<Term>> {
    let mut terms = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (op, rest) = ["~>", ">=", "<=", "!=", ">", "<", "="]
            .iter()
            .find_map(|op| part.strip_prefix(op).map(|rest| (*op, rest)))
            .unwrap_or(("=", part));
        let rest = rest.trim().trim_start_matches('v');
        // Pre-release and build suffixes do not change the major.
        let core = rest.split(['-', '+']).next().unwrap_or(rest);
        let numbers: Vec<u64> = core
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        if numbers.is_empty() || numbers.len() > 3 {
            return None;
        }
        let v = (
            numbers[0],
            numbers.get(1).copied().unwrap_or(0),
            numbers.get(2).copied().unwrap_or(0),
        );
        terms.push(match op {
            "~>" => Term::Pessimistic(v, numbers.len()),
            ">=" => Term::Ge(v),
            "<=" => Term::Le(v),
            "!=" => Term::Ne(v),
            ">" => Term::Gt(v),
            "<" => Term::Lt(v),
            _ => Term::Eq(v),
        });
    }
    (!terms.is_empty()).then_some(terms)
}

/// Whether some version of `major` no newer than `limit` meets every term.
fn major_allowed_up_to(major: u64, limit: Version, terms: &[Term]) -> bool {
    // The terms' bounds split the major's range into intervals on which
    // each term is constant: testing the bounds, their neighbours and the
    // range's ends finds a version if there is one.
    let mut candidates: Vec<Version> = vec![(major, 0, 0), (major, u64::MAX, u64::MAX), limit];
    for term in terms {
        let (Term::Eq(v)
        | Term::Ne(v)
        | Term::Gt(v)
        | Term::Ge(v)
        | Term::Lt(v)
        | Term::Le(v)
        | Term::Pessimistic(v, _)) = *term;
        candidates.push(v);
        candidates.push((v.0, v.1, v.2.saturating_add(1)));
        if v.2 > 0 {
            candidates.push((v.0, v.1, v.2 - 1));
        } else if v.1 > 0 {
            candidates.push((v.0, v.1 - 1, u64::MAX));
        } else if v.0 > 0 {
            candidates.push((v.0 - 1, u64::MAX, u64::MAX));
        }
        candidates.push((v.0, v.1.saturating_add(1), 0));
    }
    candidates
        .into_iter()
        .filter(|c| c.0 == major && *c <= limit)
        .any(|c| terms.iter().all(|t| t.allows(c)))
}

/// Whether some version of `major` meets every term.
fn major_allowed(major: u64, terms: &[Term]) -> bool {
    major_allowed_up_to(major, (major, u64::MAX, u64::MAX), terms)
}

/// The version constraints on the `aws` provider written in one module.
fn aws_constraints(model: &Model, module: usize) -> Vec<Vec<Term>> {
    let Some(m) = model.modules.get(module) else {
        return Vec::new();
    };
    m.terraform
        .iter()
        .flat_map(|t| &t.required_providers)
        .filter(|p| {
            p.source.as_deref().map_or(p.name == "aws", |s| {
                s.eq_ignore_ascii_case("hashicorp/aws") || s.ends_with("/hashicorp/aws")
            })
        })
        .filter_map(|p| p.version.as_deref().and_then(parse_constraint))
        .collect()
}

/// The provider schemas that judge a module.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The newest major the `required_providers` constraint on `aws`
    /// allows: what `terraform init` installs without a lock file.
    pub major: &'static Major,
    /// Older majors the constraint allows too. A name only they have works
    /// while such a provider is locked: a warning, not a failure.
    pub older_allowed: Vec<&'static Major>,
    /// The constraint needs a newer provider than the schema carried for
    /// `major`: names the schema lacks may be newer features, and are not
    /// judged.
    pub beyond_schema: bool,
}

impl Selection {
    /// The older allowed major that has a name (by `present_in`), if any.
    fn older_with(&self, present_in: impl Fn(&Major) -> bool) -> Option<&'static Major> {
        self.older_allowed.iter().copied().find(|m| present_in(m))
    }
}

/// The provider versions that judge a module: the newest major its
/// `required_providers` constraint on `aws` allows (a module without one
/// follows the other modules of the input, as a child module follows its
/// root), the newest when there is none or none is readable.
#[must_use]
pub fn select(model: &Model, module: usize) -> Option<Selection> {
    let schema = Schema::get();
    let mut constraints = aws_constraints(model, module);
    if constraints.is_empty() {
        constraints = (0..model.modules.len())
            .flat_map(|m| aws_constraints(model, m))
            .collect();
    }
    let terms: Vec<Term> = constraints.into_iter().flatten().collect();
    let mut allowed = schema
        .majors
        .iter()
        .filter(|m| major_allowed(u64::from(m.major), &terms));
    let Some(major) = allowed.next() else {
        let newest = schema.newest()?;
        return Some(Selection {
            major: newest,
            older_allowed: Vec::new(),
            beyond_schema: false,
        });
    };
    // Without a constraint `terraform init` installs the newest: older
    // majors are allowed only by a constraint that says so.
    let older_allowed = if terms.is_empty() {
        Vec::new()
    } else {
        allowed.collect()
    };
    let limit = parse_constraint(&major.provider_version)
        .and_then(|t| match t.as_slice() {
            [Term::Eq(v)] => Some(*v),
            _ => None,
        })
        .unwrap_or((u64::from(major.major), u64::MAX, u64::MAX));
    Some(Selection {
        major,
        older_allowed,
        beyond_schema: !major_allowed_up_to(u64::from(major.major), limit, &terms),
    })
}

// ---------------------------------------------------------------------------
// Did you mean

/// The closest of `candidates` to `name`: a near spelling (a small edit
/// distance), else the shortest candidate containing all of `name`'s
/// words (`aws_lambda_event_invoke_config` →
/// `aws_lambda_function_event_invoke_config`, `name` → `db_name`), else a
/// moderately close spelling.
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let words = |s: &str| -> Vec<String> {
        s.split('_')
            .filter(|w| !w.is_empty() && *w != "aws")
            .map(str::to_owned)
            .collect()
    };
    let wanted = words(name);
    let mut near: Option<(usize, &str)> = None;
    let mut containing: Option<(usize, usize, &str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let distance = edit_distance(name, candidate);
        if near.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            near = Some((distance, candidate));
        }
        let have = words(candidate);
        if !wanted.is_empty() && wanted.iter().all(|w| have.contains(w)) {
            let key = (have.len() - wanted.len(), candidate.len(), candidate);
            if containing.is_none_or(|c| key < c) {
                containing = Some(key);
            }
        }
    }
    let len = name.chars().count();
    match (near, containing) {
        (Some((d, c)), _) if d <= 2.min(len / 3).max(1) => Some(c),
        (_, Some((_, _, c))) => Some(c),
        (Some((d, c)), None) if d * 4 <= len => Some(c),
        _ => None,
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The other majors' view of a name missing from the chosen one:
/// "removed in provider 5" or "added in provider 6".
fn other_majors_note(major: &Major, present_in: impl Fn(&Major) -> bool) -> Option<String> {
    let schema = Schema::get();
    // Newest first: the newest older major that has it was the last one.
    let older = schema
        .majors
        .iter()
        .filter(|m| m.major < major.major)
        .find(|m| present_in(m));
    if let Some(older) = older {
        let removed_in = schema
            .majors
            .iter()
            .filter(|m| m.major > older.major && m.major <= major.major)
            .map(|m| m.major)
            .min()
            .unwrap_or(major.major);
        return Some(format!("removed in AWS provider {removed_in}"));
    }
    let newer = schema
        .majors
        .iter()
        .filter(|m| m.major > major.major)
        .min_by_key(|m| m.major)
        .filter(|m| present_in(m))?;
    Some(format!(
        "added in AWS provider {}; the version constraint selects provider {}",
        newer.major, major.major
    ))
}

// ---------------------------------------------------------------------------
// Resource and data-source types

/// Why a resource's type is not in the schema, with a suggestion; `None`
/// when the type is known, not an AWS type, or possibly newer than the
/// schema. A type only an older allowed major has is a warning.
#[must_use]
pub fn unknown_type(model: &Model, resource: &Resource) -> Option<Problem> {
    if !is_aws_type(&resource.resource_type) {
        return None;
    }
    let selection = select(model, resource.module)?;
    let major = selection.major;
    let data = resource.mode == Mode::Data;
    let type_name = resource.resource_type.as_str();
    if major.type_shape(data, type_name).is_some() || selection.beyond_schema {
        return None;
    }
    let kind = if data { "data source" } else { "resource type" };
    let table = if data {
        &major.data_sources
    } else {
        &major.resources
    };
    let mut message = format!(
        "`{type_name}` is not a {kind} of the AWS provider {}",
        major.provider_version
    );
    let older = selection.older_with(|m| m.type_shape(data, type_name).is_some());
    if let Some(note) = other_majors_note(major, |m| m.type_shape(data, type_name).is_some()) {
        message.push_str(&format!(" ({note})"));
    }
    if let Some(older) = older {
        message.push_str(&older_note(older));
    }
    if let Some(suggestion) = did_you_mean(type_name, table.keys().map(String::as_str)) {
        message.push_str(&format!("; did you mean `{suggestion}`?"));
    }
    Some(Problem {
        kind: ProblemKind::Unknown,
        span: resource.block.span.clone(),
        message,
        warn: older.is_some(),
    })
}

/// For a name only an older major the constraint allows has.
fn older_note(older: &Major) -> String {
    format!(
        "; it works only while provider {} is installed (the version constraint also allows the newer one)",
        older.major
    )
}

// ---------------------------------------------------------------------------
// Block bodies

/// What is wrong in a resource's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// An argument or block the type does not have (or a computed-only
    /// attribute given a value).
    Unknown,
    /// A required argument or block is missing.
    Missing,
    /// A block written as an argument or an argument written as a block.
    Form,
    /// A constant Terraform cannot convert to the argument's type.
    WrongType,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
    /// Valid with an older provider the constraint allows: a warning.
    pub warn: bool,
}

/// Judges a resource or data source's body against its type's schema.
/// Nothing for types outside the schema (see [`unknown_type`]).
#[must_use]
pub fn body_problems(model: &Model, resource: &Resource) -> Vec<Problem> {
    let mut out = Vec::new();
    if !is_aws_type(&resource.resource_type) {
        return out;
    }
    let Some(selection) = select(model, resource.module) else {
        return out;
    };
    let major = selection.major;
    let data = resource.mode == Mode::Data;
    let schema = Schema::get();
    let Some(shape) = major
        .type_shape(data, &resource.resource_type)
        .and_then(|id| schema.shape(id))
    else {
        return out;
    };
    let json = model.file_kinds.get(resource.block.span.file) == Some(&FileKind::TerraformJson);
    let walk = Walk {
        schema,
        major,
        selection: &selection,
        data,
        resource_type: &resource.resource_type,
        json,
    };
    walk.body(
        shape,
        &resource.block,
        &mut Vec::new(),
        Context::Top,
        true,
        &mut out,
    );
    out
}

struct Walk<'a> {
    schema: &'static Schema,
    major: &'static Major,
    selection: &'a Selection,
    data: bool,
    resource_type: &'a str,
    /// JSON syntax cannot tell an object argument from a block.
    json: bool,
}

/// Where a body sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// The resource's own body: meta-arguments allowed.
    Top,
    /// A block of the schema.
    Block,
    /// An object attribute written as a block: no required fields.
    Object,
}

impl Walk<'_> {
    /// The shape at a path of block names in another major, to tell what
    /// changed.
    fn shape_in(&self, major: &Major, path: &[String]) -> Option<&'static Shape> {
        let mut shape = self
            .schema
            .shape(major.type_shape(self.data, self.resource_type)?)?;
        for name in path {
            let next = match shape.blocks.get(name) {
                Some(block) => block.shape?,
                None => shape.attributes.get(name)?.ty.object_shape()?,
            };
            shape = self.schema.shape(next)?;
        }
        Some(shape)
    }

    fn where_(&self, path: &[String]) -> String {
        if path.is_empty() {
            format!("`{}`", self.resource_type)
        } else {
            format!("`{}` block `{}`", self.resource_type, path.join("."))
        }
    }

    /// A name the chosen major lacks at `path`: a failure, a warning when
    /// an older allowed major has it, nothing when the constraint needs a
    /// newer provider than the schema.
    fn unknown(
        &self,
        shape: &Shape,
        path: &[String],
        name: &str,
        block: bool,
        span: &Span,
    ) -> Option<Problem> {
        if self.selection.beyond_schema {
            return None;
        }
        let what = if block { "block" } else { "argument" };
        let mut message = format!(
            "{} has no {what} `{name}` in AWS provider {}",
            self.where_(path),
            self.major.provider_version
        );
        let has = |m: &Major| {
            self.shape_in(m, path).is_some_and(|s| {
                s.attributes
                    .get(name)
                    .is_some_and(|a| a.presence != Presence::Computed)
                    || s.blocks.contains_key(name)
            })
        };
        if let Some(note) = other_majors_note(self.major, has) {
            message.push_str(&format!(" ({note})"));
        }
        let older = self.selection.older_with(has);
        if let Some(older) = older {
            message.push_str(&older_note(older));
        }
        let settable = shape
            .attributes
            .iter()
            .filter(|(_, a)| a.presence != Presence::Computed)
            .map(|(n, _)| n.as_str())
            .chain(shape.blocks.keys().map(String::as_str));
        if let Some(suggestion) = did_you_mean(name, settable) {
            let kind = if shape.blocks.contains_key(suggestion) {
                "block"
            } else {
                "argument"
            };
            message.push_str(&format!("; use the {kind} `{suggestion}`"));
        }
        Some(Problem {
            kind: ProblemKind::Unknown,
            span: span.clone(),
            message,
            warn: older.is_some(),
        })
    }

    #[allow(clippy::too_many_lines)]
    fn body(
        &self,
        shape: &Shape,
        block: &Block,
        path: &mut Vec<String>,
        context: Context,
        check_required: bool,
        out: &mut Vec<Problem>,
    ) {
        let body: &Body = &block.body;
        for (index, attr) in body.attributes.iter().enumerate() {
            let name = attr.name.as_str();
            if context == Context::Top && META_ARGUMENTS.contains(&name) {
                continue;
            }
            // The model keeps a `dynamic` block's `for_each` first in its content.
            if block.dynamic && index == 0 && name == "for_each" {
                continue;
            }
            if let Some(schema) = shape.attributes.get(name) {
                if schema.presence == Presence::Computed {
                    out.push(Problem {
                        kind: ProblemKind::Unknown,
                        span: attr.span.clone(),
                        message: format!(
                            "`{name}` of {} is set by the provider and cannot be configured",
                            self.where_(path)
                        ),
                        warn: false,
                    });
                } else if let Some(why) = wrong_type(attr, &schema.ty) {
                    out.push(Problem {
                        kind: ProblemKind::WrongType,
                        span: attr.span.clone(),
                        message: format!(
                            "`{name}` of {} must be {}: {why}",
                            self.where_(path),
                            schema.ty.describe()
                        ),
                        warn: false,
                    });
                }
            } else if shape.blocks.contains_key(name) {
                if !self.json {
                    out.push(Problem {
                        kind: ProblemKind::Form,
                        span: attr.span.clone(),
                        message: format!(
                            "`{name}` of {} is a block: write `{name} {{ … }}`, not `{name} = …`",
                            self.where_(path)
                        ),
                        warn: false,
                    });
                }
            } else {
                out.extend(self.unknown(shape, path, name, false, &attr.span));
            }
        }
        for nested in &body.blocks {
            let kind = nested.kind.as_str();
            if context == Context::Top
                && (kind == "lifecycle" || (!self.data && META_BLOCKS.contains(&kind)))
            {
                continue;
            }
            if let Some(schema) = shape.blocks.get(kind) {
                if let Some(inner) = schema.shape.and_then(|id| self.schema.shape(id)) {
                    path.push(kind.to_owned());
                    self.body(inner, nested, path, Context::Block, true, out);
                    path.pop();
                }
            } else if let Some(schema) = shape.attributes.get(kind) {
                match schema.ty.object_shape().and_then(|id| self.schema.shape(id)) {
                    // Attributes of objects may be written as blocks
                    // (`ingress { … }` on a security group).
                    Some(inner) if schema.presence != Presence::Computed => {
                        path.push(kind.to_owned());
                        self.body(inner, nested, path, Context::Object, false, out);
                        path.pop();
                    }
                    _ if self.json => {}
                    _ if schema.presence == Presence::Computed => out.push(Problem {
                        kind: ProblemKind::Unknown,
                        span: nested.span.clone(),
                        message: format!(
                            "`{kind}` of {} is set by the provider and cannot be configured",
                            self.where_(path)
                        ),
                        warn: false,
                    }),
                    _ => out.push(Problem {
                        kind: ProblemKind::Form,
                        span: nested.span.clone(),
                        message: format!(
                            "`{kind}` of {} is an argument: write `{kind} = …`, not a `{kind} {{ … }}` block",
                            self.where_(path)
                        ),
                        warn: false,
                    }),
                }
            } else {
                out.extend(self.unknown(shape, path, kind, true, &nested.span));
            }
        }
        if !check_required || context == Context::Object {
            return;
        }
        let present = |name: &str| body.attr(name).is_some() || body.block(name).is_some();
        let mut missing: Vec<(&str, &str)> = shape
            .attributes
            .iter()
            .filter(|(n, a)| a.presence == Presence::Required && !present(n))
            .map(|(n, _)| (n.as_str(), "argument"))
            .chain(
                shape
                    .blocks
                    .iter()
                    .filter(|(n, b)| b.min_items > 0 && !present(n))
                    .map(|(n, _)| (n.as_str(), "block")),
            )
            .collect();
        missing.sort_unstable();
        for (name, what) in missing {
            out.push(Problem {
                kind: ProblemKind::Missing,
                span: block.span.clone(),
                message: format!("{} requires the {what} `{name}`", self.where_(path)),
                warn: false,
            });
        }
    }
}

/// Why a constant cannot be converted to `ty`; `None` when it can, or when
/// the value is not a constant or not known.
fn wrong_type(attr: &Attribute, ty: &Type) -> Option<String> {
    if !attr.references.is_empty() || !attr.traversals.is_empty() {
        return None;
    }
    mismatch(&attr.value, ty, 0)
}

fn mismatch(value: &Value, ty: &Type, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    let found = |what: &str| Some(format!("a {what} is given"));
    match (ty, value) {
        (_, Value::Null | Value::Unknown | Value::OneOf(_)) | (Type::Any, _) => None,
        (Type::String, Value::String(_) | Value::Number(_) | Value::Bool(_)) => None,
        (Type::Number, Value::Number(_)) | (Type::Bool, Value::Bool(_)) => None,
        (Type::Number, Value::String(s)) => {
            (s.trim().parse::<f64>().is_err()).then(|| format!("\"{s}\" is not a number"))
        }
        (Type::Bool, Value::String(s)) => (!matches!(s.as_str(), "true" | "false" | "1" | "0"))
            .then(|| format!("\"{s}\" is not true or false")),
        (Type::Number, Value::Bool(_)) => found("bool"),
        (Type::Bool, Value::Number(_)) => found("number"),
        (Type::String | Type::Number | Type::Bool, Value::List(_)) => found("list"),
        (Type::String | Type::Number | Type::Bool, Value::Object(_)) => found("map or object"),
        (Type::List(inner), Value::List(items)) => items
            .iter()
            .find_map(|item| mismatch(item, inner, depth + 1))
            .map(|why| format!("an element does not fit: {why}")),
        (Type::List(_), Value::Object(_)) => found("map or object"),
        (Type::List(_), Value::String(_)) => found("string"),
        (Type::List(_), Value::Number(_)) => found("number"),
        (Type::List(_), Value::Bool(_)) => found("bool"),
        (Type::Map(inner), Value::Object(map)) => map
            .values()
            .find_map(|item| mismatch(item, inner, depth + 1))
            .map(|why| format!("a value does not fit: {why}")),
        (Type::Map(_) | Type::Object(_), Value::List(_)) => found("list"),
        (Type::Map(_) | Type::Object(_), Value::String(_)) => found("string"),
        (Type::Map(_) | Type::Object(_), Value::Number(_)) => found("number"),
        (Type::Map(_) | Type::Object(_), Value::Bool(_)) => found("bool"),
        (Type::Object(_), Value::Object(_)) => None,
    }
}

// ---------------------------------------------------------------------------
// References to attributes

/// A reference to an attribute the referenced type does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct BadReference {
    pub span: Span,
    pub message: String,
    /// Valid with an older provider the constraint allows: a warning.
    pub warn: bool,
}

/// References in one module's attributes to attributes AWS resource and
/// data-source types do not have (`aws_s3_bucket.b.bucket_arn`).
pub fn bad_references<'m>(
    model: &Model,
    module: usize,
    attributes: impl Iterator<Item = &'m Attribute>,
    out: &mut Vec<BadReference>,
) {
    let Some(selection) = select(model, module) else {
        return;
    };
    if selection.beyond_schema {
        return;
    }
    let major = selection.major;
    let schema = Schema::get();
    for attr in attributes {
        for traversal in &attr.traversals {
            let parts: Vec<&str> = traversal.parts.iter().map(String::as_str).collect();
            let (data, type_name, rest) = match parts.as_slice() {
                ["data", type_name, _, rest @ ..] => (true, *type_name, rest),
                [type_name, _, rest @ ..] => (false, *type_name, rest),
                _ => continue,
            };
            if !is_aws_type(type_name) {
                continue;
            }
            // `aws_x.y[0].arn`, `aws_x.y["k"].arn`, `aws_x.y[*].arn`
            let rest = match rest {
                [step, rest @ ..] if *step == INDEX_STEP => rest,
                _ => rest,
            };
            let Some(&attribute) = rest.first() else {
                continue;
            };
            if attribute == INDEX_STEP {
                continue;
            }
            let Some(shape) = major
                .type_shape(data, type_name)
                .and_then(|id| schema.shape(id))
            else {
                continue;
            };
            if shape.attributes.contains_key(attribute) || shape.blocks.contains_key(attribute) {
                continue;
            }
            let prefix = if data { "data." } else { "" };
            let mut message = format!(
                "`{prefix}{type_name}` has no attribute `{attribute}` in AWS provider {}",
                major.provider_version
            );
            let older = selection.older_with(|m| {
                m.type_shape(data, type_name)
                    .and_then(|id| schema.shape(id))
                    .is_some_and(|s| {
                        s.attributes.contains_key(attribute) || s.blocks.contains_key(attribute)
                    })
            });
            if let Some(older) = older {
                message.push_str(&older_note(older));
            }
            let names = shape
                .attributes
                .keys()
                .chain(shape.blocks.keys())
                .map(String::as_str);
            if let Some(suggestion) = did_you_mean(attribute, names) {
                message.push_str(&format!("; did you mean `{suggestion}`?"));
            }
            out.push(BadReference {
                span: traversal.span.clone(),
                message,
                warn: older.is_some(),
            });
        }
    }
}

/// Every attribute of a body, nested blocks included.
pub fn all_attributes(body: &Body) -> Vec<&Attribute> {
    let mut out = Vec::new();
    let mut stack = vec![body];
    while let Some(body) = stack.pop() {
        out.extend(body.attributes.iter());
        stack.extend(body.blocks.iter().map(|b| &b.body));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(constraint: &str) -> Vec<u64> {
        let terms = parse_constraint(constraint).unwrap();
        [6, 5, 4, 3]
            .into_iter()
            .filter(|m| major_allowed(*m, &terms))
            .collect()
    }

    #[test]
    fn constraints_select_majors() {
        assert_eq!(allowed("~> 5.0"), [5]);
        assert_eq!(allowed("~> 5"), [6, 5]);
        assert_eq!(allowed(">= 4.0, < 6"), [5, 4]);
        assert_eq!(allowed("5.31.0"), [5]);
        assert_eq!(allowed(">= 3.0"), [6, 5, 4, 3]);
        assert_eq!(allowed("~> 4.16.0"), [4]);
        assert_eq!(allowed("< 5.0.0"), [4, 3]);
        assert_eq!(allowed(">= 5.0.0, < 5.0.1"), [5]);
        assert_eq!(allowed("> 5.99"), [6, 5]);
        assert!(parse_constraint("latest").is_none());
    }

    #[test]
    fn suggestions() {
        let types = [
            "aws_lambda_function_event_invoke_config",
            "aws_lambda_function",
            "aws_s3_bucket",
            "aws_s3_bucket_server_side_encryption_configuration",
        ];
        assert_eq!(
            did_you_mean("aws_lambda_event_invoke_config", types.into_iter()),
            Some("aws_lambda_function_event_invoke_config")
        );
        assert_eq!(
            did_you_mean("aws_s3_bucket_encryption", types.into_iter()),
            Some("aws_s3_bucket_server_side_encryption_configuration")
        );
        assert_eq!(
            did_you_mean("aws_s3_buckte", types.into_iter()),
            Some("aws_s3_bucket")
        );
        let args = ["db_name", "parameter_group_name", "instance_class"];
        assert_eq!(did_you_mean("name", args.into_iter()), Some("db_name"));
        assert_eq!(did_you_mean("zzz", args.into_iter()), None);
    }
}
