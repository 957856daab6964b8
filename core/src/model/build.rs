//! Building the [`Model`] from parsed files: grouping files into modules by
//! folder, evaluating every attribute in its module's environment, and
//! collecting the blocks rules query. Links and policy documents are derived
//! afterwards (`links`, `policy`).
//!
//! The module environment ([`ModuleEnv`]) is where `var.x`, `local.x`,
//! `file()` and `data.aws_iam_policy_document.x.json` get their meaning;
//! locals and policy documents are evaluated lazily, memoised, and a cycle
//! (a local that needs itself) evaluates to `Unknown`.

use super::comments::{comments_above, scan_comments};
use super::file_reads::{answer_block_names, file_calls};
use super::{
    links, policy, Attribute, Block, Body, Comment, Diagnostic, FileRead, Local, Mode, Model,
    Module, ModuleCall, Multiplicity, Output, PolicyDocument, Provider, RequiredProvider, Resource,
    ResourceId, Span, TerraformSettings, TestFile, Traversal, Variable,
};
use crate::eval::{self, Budget, Env, Evaluator, Value};
use crate::input::source::FileId;
use crate::input::{normalize_path, FileKind, InputSet};
use crate::parse::{read_input, ReadInput};
use hcl_edit::expr::Expression;
use hcl_edit::structure::{self as hcl, Structure};
use hcl_edit::Span as _;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

/// Nested blocks deeper than this are left out of the model (with a
/// diagnostic): no real configuration nests so deep, and the walk must stay
/// bounded.
pub const MAX_BLOCK_DEPTH: usize = 32;

/// Builds the model of a read input set. `file()` can read the Terraform
/// files of the input only; [`build_with_files`] also sees other files.
#[must_use]
pub fn build(read: &ReadInput) -> Model {
    build_with_files(read, None)
}

/// Builds the model; `file()`/`templatefile()` may also read any file of
/// `input` (a `policy.json` beside the `.tf` files).
#[must_use]
pub fn build_with_files(read: &ReadInput, input: Option<&InputSet>) -> Model {
    let files = FileTable::new(read, input);
    let budget = Budget::for_input(read.files.iter().map(|f| f.source.text.len()).sum());
    let mut model = Model {
        files: read.files.iter().map(|f| f.source.clone()).collect(),
        file_kinds: read.files.iter().map(|f| f.kind).collect(),
        ignored: read.ignored.clone(),
        test_files: read.test_files.clone(),
        other_file_extensions: other_file_extensions(input),
        ..Model::default()
    };
    for (id, file) in read.files.iter().enumerate() {
        if let Err(error) = &file.body {
            model.parse_errors.push((id, error.clone()));
        }
        for d in &file.diagnostics {
            model.diagnostics.push(Diagnostic {
                span: Span {
                    file: id,
                    range: d.range.clone(),
                },
                message: d.message.clone(),
            });
        }
        if file.kind == FileKind::TfTest {
            let runs = file
                .body
                .as_ref()
                .map_or(0, |body| body.get_blocks("run").count());
            model.tftest_runs += runs;
            model.test_files.push(TestFile {
                path: file.source.path.clone(),
                cases: runs,
            });
        }
    }
    model.test_files.sort_by(|a, b| a.path.cmp(&b.path));

    // Modules: folders with Terraform files, sorted by folder.
    let mut folders: BTreeMap<String, Vec<FileId>> = BTreeMap::new();
    for (id, file) in read.files.iter().enumerate() {
        if matches!(file.kind, FileKind::Terraform | FileKind::TerraformJson) {
            folders
                .entry(folder_of(&file.source.path).to_owned())
                .or_default()
                .push(id);
        }
    }
    let mut tfvars: BTreeMap<String, Vec<FileId>> = BTreeMap::new();
    for (id, file) in read.files.iter().enumerate() {
        if matches!(file.kind, FileKind::TfVars | FileKind::TfVarsJson) {
            tfvars
                .entry(folder_of(&file.source.path).to_owned())
                .or_default()
                .push(id);
        }
    }
    for (index, (dir, file_ids)) in folders.into_iter().enumerate() {
        let tfvars_ids = tfvars.remove(&dir).unwrap_or_default();
        let module = ModuleInput {
            index,
            dir,
            file_ids,
            tfvars_ids,
        };
        build_module(&mut model, read, &files, &budget, module);
    }
    if budget.report_once() && !model.files.is_empty() {
        // Spent outside any attribute (the last variable default, say).
        model.diagnostics.push(Diagnostic {
            span: Span {
                file: 0,
                range: 0..0,
            },
            message: eval::budget::SPENT_MESSAGE.to_owned(),
        });
    }
    links::link(&mut model);
    model.build_index();
    model
}

impl Model {
    /// Reads, parses and builds the model of an input set in one step.
    #[must_use]
    pub fn from_input(input: &InputSet) -> Model {
        let read = read_input(input);
        build_with_files(&read, Some(input))
    }
}

/// Extensions of the input's files that are neither Terraform nor Markdown.
fn other_file_extensions(input: Option<&InputSet>) -> Vec<String> {
    let mut extensions: Vec<String> = input
        .map(|input| {
            input
                .files
                .iter()
                .map(|f| normalize_path(&f.path))
                .filter(|p| {
                    matches!(
                        FileKind::of_path(p),
                        FileKind::Ignored | FileKind::OtherTest
                    )
                })
                .filter_map(|p| extension(&p))
                .collect()
        })
        .unwrap_or_default();
    extensions.sort();
    extensions.dedup();
    extensions
}

/// The lower-case extension of a path's file name (`None` without one).
#[must_use]
pub fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (stem, extension) = name.rsplit_once('.')?;
    (!stem.is_empty() && !extension.is_empty()).then(|| extension.to_ascii_lowercase())
}

/// A path read by the configuration of module folder `dir`, relative to the
/// input root; `None` when absolute or above the root.
fn resolve_in(dir: &str, path: &str) -> Option<String> {
    if path.starts_with('/') || path.starts_with('~') || path.contains(':') || path.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for segment in path.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// How a top-level block is addressed in reports: `aws_s3_bucket.logs`,
/// `data.x.y`, `var.x`, `output.x`, `module.x`, `provider.x`, `locals`.
fn block_address(block: &hcl::Block) -> String {
    let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
    match (block.ident.as_str(), labels.as_slice()) {
        ("resource", [kind, name, ..]) => format!("{kind}.{name}"),
        ("data", [kind, name, ..]) => format!("data.{kind}.{name}"),
        ("variable", [name, ..]) => format!("var.{name}"),
        (kind, [name, ..]) => format!("{kind}.{name}"),
        (kind, []) => kind.to_owned(),
    }
}

/// The folder of a path (`""` for the root).
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Files `file()` can read: parsed texts, and raw input bytes when given.
struct FileTable<'a> {
    texts: BTreeMap<String, &'a str>,
    raw: BTreeMap<String, &'a [u8]>,
    /// Other files known by name only (blocks of Markdown answers named
    /// like `user_data.sh`).
    named: std::collections::BTreeSet<&'a str>,
    /// Markdown answers by path, with the base names of the files their
    /// fenced blocks show.
    answers: BTreeMap<String, std::collections::BTreeSet<String>>,
}

impl<'a> FileTable<'a> {
    fn new(read: &'a ReadInput, input: Option<&'a InputSet>) -> Self {
        let texts = read
            .files
            .iter()
            .map(|f| (f.source.path.clone(), f.source.text.as_str()))
            .collect();
        let raw = input
            .map(|input| {
                input
                    .files
                    .iter()
                    .map(|f| (normalize_path(&f.path), f.bytes.as_slice()))
                    .collect()
            })
            .unwrap_or_default();
        let named = read.ignored.iter().map(String::as_str).collect();
        let answers = input
            .map(|input| {
                input
                    .files
                    .iter()
                    .filter(|f| FileKind::of_path(&f.path) == FileKind::Markdown)
                    .map(|f| {
                        let text = String::from_utf8_lossy(&f.bytes);
                        (normalize_path(&f.path), answer_block_names(&text))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            texts,
            raw,
            named,
            answers,
        }
    }

    /// Whether the input holds a file at this (normalised) path.
    /// A file inside a Markdown answer's folder (`lib/answer.md/x.sh`)
    /// is there when the answer shows a block of that name.
    fn contains(&self, path: &str) -> bool {
        if self.texts.contains_key(path) || self.raw.contains_key(path) || self.named.contains(path)
        {
            return true;
        }
        let base = path.rsplit('/').next().unwrap_or(path);
        let mut prefix = String::new();
        for folder in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(folder);
            if prefix.len() >= path.len() {
                break;
            }
            if let Some(names) = self.answers.get(&prefix) {
                return names.contains(base);
            }
        }
        false
    }

    /// Whether the input holds any file inside folder `dir` (not judged,
    /// so `true`, inside a Markdown answer, whose folders are not known).
    fn contains_under(&self, dir: &str) -> bool {
        let prefix = format!("{dir}/");
        let starts = |key: Option<&str>| key.is_some_and(|k| k.starts_with(&prefix));
        starts(
            self.texts
                .range(prefix.clone()..)
                .next()
                .map(|(k, _)| k.as_str()),
        ) || starts(
            self.raw
                .range(prefix.clone()..)
                .next()
                .map(|(k, _)| k.as_str()),
        ) || starts(self.named.range(prefix.as_str()..).next().copied())
            || self
                .answers
                .keys()
                .any(|answer| prefix.starts_with(&format!("{answer}/")))
    }

    fn get(&self, path: &str) -> Option<String> {
        if let Some(text) = self.texts.get(path) {
            return Some((*text).to_owned());
        }
        let bytes = self.raw.get(path)?;
        let text = String::from_utf8_lossy(bytes);
        Some(text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned())
    }
}

/// A memo entry: evaluation under way (a second request is a cycle), or done.
#[derive(Clone)]
enum Slot<T> {
    InProgress,
    Done(T),
}

/// A memoised evaluation result.
#[derive(Clone)]
struct Memoised {
    value: Value,
    /// A definite error occurred (replayed on reuse, for `try`/`can`).
    errored: bool,
    /// A budget ran out: `value` is `Unknown` (replayed on reuse).
    truncated: bool,
}

#[derive(Default)]
struct Memo {
    /// Keyed by name and whether `jsonencode` keeps structure.
    locals: BTreeMap<(String, bool), Slot<Memoised>>,
    local_refs: BTreeMap<String, Slot<Vec<String>>>,
    variables: BTreeMap<String, (Value, bool)>,
    policy_docs: BTreeMap<(String, bool), Slot<Memoised>>,
}

/// What names mean inside one module.
pub(crate) struct ModuleEnv<'a> {
    dir: String,
    /// Declared variables with their default expressions.
    defaults: BTreeMap<String, Option<&'a Expression>>,
    /// Values from `.tfvars` files, which win over defaults.
    overrides: BTreeMap<String, Value>,
    locals: BTreeMap<String, &'a Expression>,
    /// `data "aws_iam_policy_document"` blocks by name, with their file.
    policy_docs: BTreeMap<String, (&'a hcl::Block, FileId)>,
    files: &'a FileTable<'a>,
    memo: RefCell<Memo>,
    budget: &'a Budget,
    /// The first attribute evaluated after the budget ran out.
    budget_spent_at: RefCell<Option<Span>>,
    /// File-reading calls seen while converting the module's blocks.
    file_reads: RefCell<Vec<FileRead>>,
    module: usize,
}

impl ModuleEnv<'_> {
    /// Records the paths an `archive_file` data source packs (read while
    /// planning, like `file()`).
    fn record_archive_sources(&self, resource: &Resource) {
        for (argument, folder) in [("source_file", false), ("source_dir", true)] {
            let Some(attr) = resource.body().attr(argument) else {
                continue;
            };
            let Some(path) = attr.value.as_str().filter(|p| !p.is_empty()) else {
                continue;
            };
            let resolved = resolve_in(&self.dir, path);
            let found = resolved.as_deref().is_some_and(|p| {
                if folder {
                    self.files.contains_under(p)
                } else {
                    self.files.contains(p)
                }
            });
            self.file_reads.borrow_mut().push(FileRead {
                module: self.module,
                owner: resource.address(),
                function: format!("archive_file.{argument}"),
                path: path.to_owned(),
                resolved,
                found,
                span: attr.span.clone(),
            });
        }
    }

    /// Records the file-reading calls of an attribute's expression.
    fn record_file_reads(&self, expr: &Expression, file: FileId, depth: usize) {
        let mut evaluate = |path: &Expression| Evaluator::new(self).with_depth(depth).eval(path);
        for call in file_calls(expr, &mut evaluate) {
            let Value::String(path) = call.path else {
                continue;
            };
            let resolved = resolve_in(&self.dir, &path);
            let found = resolved.as_deref().is_some_and(|p| self.files.contains(p));
            let span = Span {
                file,
                range: call.range,
            };
            self.file_reads.borrow_mut().push(FileRead {
                module: self.module,
                owner: String::new(),
                function: call.function,
                path,
                resolved,
                found,
                span,
            });
        }
    }

    /// Looks a memo slot up; `Some(value)` when done, `Some(Unknown)` on a cycle.
    fn memo_get<K: Ord, T: Clone>(map: &BTreeMap<K, Slot<T>>, key: &K) -> Option<Option<T>> {
        match map.get(key) {
            Some(Slot::InProgress) => Some(None),
            Some(Slot::Done(value)) => Some(Some(value.clone())),
            None => None,
        }
    }

    /// Evaluates `expr` for a memoised name, replaying its errors on reuse.
    ///
    /// A result cut short by a budget (depth or work, see
    /// [`Evaluator::truncated`]) is memoised too, as `Unknown`, and reuse
    /// marks the evaluation as cut short again: computing it anew would
    /// repeat the work on every use (quadratic for a long chain of locals,
    /// exponential for locals that each use the previous one twice).
    fn memoised(
        &self,
        ev: &mut Evaluator<'_>,
        select: impl Fn(&mut Memo) -> &mut BTreeMap<(String, bool), Slot<Memoised>>,
        key: (String, bool),
        compute: impl FnOnce(&mut Evaluator<'_>) -> (Value, bool),
    ) -> Value {
        let cached = Self::memo_get(select(&mut self.memo.borrow_mut()), &key);
        match cached {
            Some(Some(done)) => {
                if done.errored {
                    ev.error();
                }
                ev.restore_truncated(done.truncated);
                return done.value;
            }
            Some(None) => return Value::Unknown,
            None => {}
        }
        if ev.out_of_steps() {
            // The caller's work budget is spent: nothing to compute (or
            // memoise) for this name here.
            return Value::Unknown;
        }
        select(&mut self.memo.borrow_mut()).insert(key.clone(), Slot::InProgress);
        let outer_truncated = ev.take_truncated();
        let (mut value, errored) = compute(ev);
        let truncated = ev.truncated();
        ev.restore_truncated(outer_truncated);
        if truncated {
            // Cut short: not the name's value.
            value = Value::Unknown;
        }
        if value.nests_deeper_than(eval::MAX_VALUE_DEPTH) {
            value = Value::Unknown;
        }
        select(&mut self.memo.borrow_mut()).insert(
            key,
            Slot::Done(Memoised {
                value: value.clone(),
                errored,
                truncated,
            }),
        );
        value
    }
}

impl Env for ModuleEnv<'_> {
    fn variable(&self, name: &str, ev: &mut Evaluator<'_>) -> Value {
        if let Some(value) = self.overrides.get(name) {
            return value.clone();
        }
        let Some(Some(default)) = self.defaults.get(name).copied() else {
            return Value::Unknown;
        };
        if let Some((value, errored)) = self.memo.borrow().variables.get(name) {
            if *errored {
                ev.error();
            }
            return value.clone();
        }
        // Defaults are literal values in Terraform: no scope, no cycles.
        let (value, errored) = ev.eval_detached(default);
        self.memo
            .borrow_mut()
            .variables
            .insert(name.to_owned(), (value.clone(), errored));
        value
    }

    fn local(&self, name: &str, ev: &mut Evaluator<'_>) -> Value {
        let Some(expr) = self.locals.get(name).copied() else {
            return ev.error();
        };
        let key = (name.to_owned(), ev.json_structure());
        self.memoised(ev, |m| &mut m.locals, key, |ev| ev.eval_detached(expr))
    }

    fn policy_document_json(&self, name: &str, ev: &mut Evaluator<'_>) -> Value {
        let Some((block, file)) = self.policy_docs.get(name).copied() else {
            return ev.error();
        };
        let key = (name.to_owned(), ev.json_structure());
        let json_structure = ev.json_structure();
        self.memoised(
            ev,
            |m| &mut m.policy_docs,
            key,
            |ev| {
                let converter = Converter {
                    env: self,
                    file,
                    depth_base: ev.depth(),
                    iterators: RefCell::default(),
                };
                let body = converter.body(&block.body, 0, &mut Vec::new());
                let document = policy::document_json_from_data_source(&body);
                if json_structure {
                    (document, false)
                } else {
                    (
                        eval::to_json_text(&document).map_or(Value::Unknown, Value::String),
                        false,
                    )
                }
            },
        )
    }

    fn file(&self, path: &str) -> Option<String> {
        let normalized = normalize_path(path);
        let in_module = if self.dir.is_empty() {
            normalized.clone()
        } else {
            normalize_path(&format!("{}/{}", self.dir, path))
        };
        self.files
            .get(&in_module)
            .or_else(|| self.files.get(&normalized))
    }

    fn module_path(&self) -> Option<String> {
        // Paths built from `path.module` are resolved against the module's
        // folder by `file`, so "." is both Terraform's root value and enough.
        Some(".".to_owned())
    }

    fn budget(&self) -> Option<&Budget> {
        Some(self.budget)
    }

    fn local_references(&self, name: &str, depth: usize) -> Vec<String> {
        if depth >= eval::MAX_DEPTH {
            return Vec::new();
        }
        let Some(expr) = self.locals.get(name).copied() else {
            return Vec::new();
        };
        match Self::memo_get(&self.memo.borrow().local_refs, &name.to_owned()) {
            Some(Some(refs)) => return refs,
            Some(None) => return Vec::new(),
            None => {}
        }
        self.memo
            .borrow_mut()
            .local_refs
            .insert(name.to_owned(), Slot::InProgress);
        let refs = eval::references_with_depth(expr, self, depth);
        self.memo
            .borrow_mut()
            .local_refs
            .insert(name.to_owned(), Slot::Done(refs.clone()));
        refs
    }
}

/// Converts hcl-edit structures of one file into model blocks, evaluating
/// every attribute.
struct Converter<'e, 'a> {
    env: &'e ModuleEnv<'a>,
    file: FileId,
    /// Depth already used when converting on behalf of another evaluation.
    depth_base: usize,
    /// Iterator names of the enclosing `dynamic` blocks.
    iterators: RefCell<Vec<String>>,
}

impl Converter<'_, '_> {
    fn span(&self, range: Option<Range<usize>>) -> Span {
        Span {
            file: self.file,
            range: range.unwrap_or(0..0),
        }
    }

    fn attribute(&self, attr: &hcl::Attribute) -> Attribute {
        self.attribute_with_references_through(attr, self.env)
    }

    /// An attribute whose references follow locals through `refs_env`
    /// (the module's environment, or [`eval::EmptyEnv`] to list the locals
    /// used without following them).
    fn attribute_with_references_through(
        &self,
        attr: &hcl::Attribute,
        refs_env: &dyn Env,
    ) -> Attribute {
        let mut ev = Evaluator::new(self.env).with_depth(self.depth_base);
        let value = ev.eval(&attr.value);
        if self.env.budget.report_once() {
            *self.env.budget_spent_at.borrow_mut() =
                Some(self.span(attr.value.span().or_else(|| attr.span())));
        }
        self.env
            .record_file_reads(&attr.value, self.file, self.depth_base);
        let references = eval::references_in_scope(
            &attr.value,
            refs_env,
            self.depth_base,
            &self.iterators.borrow(),
        );
        let span = self.span(attr.value.span().or_else(|| attr.span()));
        let traversals = eval::traversals_in_scope(&attr.value, &self.iterators.borrow())
            .into_iter()
            .map(|(parts, range)| Traversal {
                parts,
                span: range.map_or_else(|| span.clone(), |r| self.span(Some(r))),
            })
            .collect();
        Attribute {
            name: attr.key.as_str().to_owned(),
            value,
            span,
            references,
            traversals,
        }
    }

    /// The header of a block: its type and labels (where a missing setting
    /// is reported).
    fn header_span(&self, block: &hcl::Block) -> Span {
        let start = block.ident.span().or_else(|| block.span()).map(|r| r.start);
        let end = block
            .labels
            .last()
            .and_then(hcl_edit::Span::span)
            .or_else(|| block.ident.span())
            .map(|r| r.end);
        match (start, end) {
            (Some(start), Some(end)) if end >= start => self.span(Some(start..end)),
            _ => self.span(block.span()),
        }
    }

    /// The blocks an attribute written in "attributes as blocks" form
    /// stands for (`ingress = [{ from_port = 22, ... }]`): one block per
    /// element. Object literals keep each value's own span and references;
    /// elements of a computed list share the attribute's.
    fn attribute_blocks(&self, attr: &hcl::Attribute, evaluated: &Attribute) -> Vec<Block> {
        let kind = attr.key.as_str().to_owned();
        if let Expression::Array(items) = &attr.value {
            return items
                .iter()
                .filter_map(|item| match item {
                    Expression::Object(object) => Some(object),
                    _ => None,
                })
                .map(|object| {
                    let mut body = Body::default();
                    for (key, value) in object {
                        let name = match key {
                            hcl_edit::expr::ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                            hcl_edit::expr::ObjectKey::Expression(Expression::String(s)) => {
                                s.as_str().to_owned()
                            }
                            hcl_edit::expr::ObjectKey::Expression(_) => continue,
                        };
                        let expr = value.expr();
                        let mut ev = Evaluator::new(self.env).with_depth(self.depth_base);
                        let span = self.span(expr.span());
                        let traversals = eval::traversals_in_scope(expr, &self.iterators.borrow())
                            .into_iter()
                            .map(|(parts, range)| Traversal {
                                parts,
                                span: range.map_or_else(|| span.clone(), |r| self.span(Some(r))),
                            })
                            .collect();
                        body.attributes.push(Attribute {
                            name,
                            value: ev.eval(expr),
                            span,
                            references: eval::references_in_scope(
                                expr,
                                self.env,
                                self.depth_base,
                                &self.iterators.borrow(),
                            ),
                            traversals,
                        });
                    }
                    Block {
                        kind: kind.clone(),
                        labels: Vec::new(),
                        span: self.span(object.span().or_else(|| attr.value.span())),
                        dynamic: false,
                        body,
                    }
                })
                .collect();
        }
        let Value::List(items) = &evaluated.value else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match item {
                Value::Object(fields) => Some(fields),
                _ => None,
            })
            .map(|fields| Block {
                kind: kind.clone(),
                labels: Vec::new(),
                span: evaluated.span.clone(),
                dynamic: false,
                body: Body {
                    attributes: fields
                        .iter()
                        .map(|(name, value)| Attribute {
                            name: name.clone(),
                            value: value.clone(),
                            span: evaluated.span.clone(),
                            references: evaluated.references.clone(),
                            traversals: evaluated.traversals.clone(),
                        })
                        .collect(),
                    blocks: Vec::new(),
                },
            })
            .collect()
    }

    fn block(&self, block: &hcl::Block, depth: usize, diagnostics: &mut Vec<Diagnostic>) -> Block {
        let kind = block.ident.as_str();
        if kind == "dynamic" {
            // `dynamic "x" { for_each = … content { … } }` stands for blocks `x`.
            let name = block.labels.first().map_or("", |l| l.as_str()).to_owned();
            let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
                Some(Expression::Variable(v)) => v.as_str().to_owned(),
                _ => name.clone(),
            };
            let content = block.body.get_blocks("content").next();
            self.iterators.borrow_mut().push(iterator);
            let mut body = content
                .map(|c| self.body(&c.body, depth + 1, diagnostics))
                .unwrap_or_default();
            self.iterators.borrow_mut().pop();
            if let Some(for_each) = block.body.get_attribute("for_each") {
                body.attributes.insert(0, self.attribute(for_each));
            }
            return Block {
                kind: name,
                labels: Vec::new(),
                span: self.header_span(block),
                dynamic: true,
                body,
            };
        }
        Block {
            kind: kind.to_owned(),
            labels: block.labels.iter().map(|l| l.as_str().to_owned()).collect(),
            span: self.header_span(block),
            dynamic: false,
            body: self.body(&block.body, depth + 1, diagnostics),
        }
    }

    fn body(&self, body: &hcl::Body, depth: usize, diagnostics: &mut Vec<Diagnostic>) -> Body {
        let mut out = Body::default();
        for structure in body {
            match structure {
                Structure::Attribute(attr) => out.attributes.push(self.attribute(attr)),
                Structure::Block(block) => {
                    if depth >= MAX_BLOCK_DEPTH {
                        diagnostics.push(Diagnostic {
                            span: self.header_span(block),
                            message: format!("blocks nested deeper than {MAX_BLOCK_DEPTH} levels are not analysed"),
                        });
                        continue;
                    }
                    out.blocks.push(self.block(block, depth, diagnostics));
                }
            }
        }
        out
    }
}

/// Top-level blocks of one module, borrowed from the parsed files.
struct ModuleParts<'a> {
    blocks: Vec<(FileId, &'a hcl::Block)>,
    /// For comments: the end of the previous top-level item per block.
    previous_end: Vec<usize>,
}

/// One module to build: its index, folder and files.
struct ModuleInput {
    index: usize,
    dir: String,
    file_ids: Vec<FileId>,
    tfvars_ids: Vec<FileId>,
}

fn build_module(
    model: &mut Model,
    read: &ReadInput,
    files: &FileTable<'_>,
    budget: &Budget,
    module: ModuleInput,
) {
    let ModuleInput {
        index,
        dir,
        file_ids,
        tfvars_ids,
    } = module;
    let mut parts = ModuleParts {
        blocks: Vec::new(),
        previous_end: Vec::new(),
    };
    for &id in &file_ids {
        let Ok(body) = &read.files[id].body else {
            continue;
        };
        let mut previous_end = 0;
        for structure in body {
            if let Structure::Block(block) = structure {
                parts.blocks.push((id, block));
                parts.previous_end.push(previous_end);
            }
            if let Some(span) = structure.span() {
                previous_end = span.end;
            }
        }
    }

    let mut defaults = BTreeMap::new();
    let mut locals = BTreeMap::new();
    let mut policy_docs = BTreeMap::new();
    for &(id, block) in &parts.blocks {
        match block.ident.as_str() {
            "variable" => {
                if let Some(name) = block.labels.first() {
                    let default = block.body.get_attribute("default").map(|a| &a.value);
                    defaults.insert(name.as_str().to_owned(), default);
                }
            }
            "locals" => {
                for attr in block.body.attributes() {
                    locals.insert(attr.key.as_str().to_owned(), &attr.value);
                }
            }
            "data" => {
                if let [kind, name, ..] = block.labels.as_slice() {
                    if kind.as_str() == "aws_iam_policy_document" {
                        policy_docs.insert(name.as_str().to_owned(), (block, id));
                    }
                }
            }
            _ => {}
        }
    }
    let overrides = tfvars_values(read, &tfvars_ids, budget);
    let env = ModuleEnv {
        dir: dir.clone(),
        defaults,
        overrides,
        locals,
        policy_docs,
        files,
        memo: RefCell::new(Memo::default()),
        budget,
        budget_spent_at: RefCell::new(None),
        file_reads: RefCell::default(),
        module: index,
    };

    let mut module = Module {
        dir,
        files: file_ids,
        tfvars: tfvars_ids,
        ..Module::default()
    };
    let mut diagnostics = Vec::new();
    // Policy documents of data sources by name, and documents that are
    // exactly `data.aws_iam_policy_document.<name>.json` (index, name).
    let mut data_documents: BTreeMap<String, usize> = BTreeMap::new();
    let mut fixups: Vec<(usize, String)> = Vec::new();
    for (n, &(file, block)) in parts.blocks.iter().enumerate() {
        let reads_before = env.file_reads.borrow().len();
        let cx = Converter {
            env: &env,
            file,
            depth_base: 0,
            iterators: RefCell::default(),
        };
        let labels: Vec<&str> = block
            .labels
            .iter()
            .map(hcl_edit::structure::BlockLabel::as_str)
            .collect();
        match (block.ident.as_str(), labels.as_slice()) {
            ("resource" | "data", [kind, name, ..]) => {
                let mode = if block.ident.as_str() == "resource" {
                    Mode::Managed
                } else {
                    Mode::Data
                };
                let mut converted = cx.block(block, 1, &mut diagnostics);
                if mode == Mode::Managed {
                    if let Some(names) = attributes_as_blocks(kind) {
                        for attr in block.body.attributes() {
                            if !names.contains(&attr.key.as_str()) {
                                continue;
                            }
                            if let Some(evaluated) = converted.body.attr(attr.key.as_str()) {
                                let blocks = cx.attribute_blocks(attr, evaluated);
                                converted.body.blocks.extend(blocks);
                            }
                        }
                    }
                }
                let multiplicity = multiplicity(&converted.body);
                let comments = block_comments(
                    &read.files[file].source.text,
                    file,
                    block,
                    parts.previous_end[n],
                );
                let id = ResourceId(model.resources.len());
                model.resources.push(Resource {
                    id,
                    module: index,
                    mode,
                    resource_type: (*kind).to_owned(),
                    name: (*name).to_owned(),
                    multiplicity,
                    block: converted,
                    comments,
                    created_by: None,
                });
                let resource = &model.resources[id.0];
                if mode == Mode::Data && *kind == "archive_file" {
                    env.record_archive_sources(resource);
                }
                if mode == Mode::Data && *kind == "aws_iam_policy_document" {
                    data_documents.insert((*name).to_owned(), model.policies.len());
                    model
                        .policies
                        .push(policy::document_from_data_source(&resource.block, id));
                } else if mode == Mode::Managed {
                    policy_documents(&env, block, resource, &mut model.policies, &mut fixups);
                }
            }
            ("variable", [name, ..]) => {
                let body = &block.body;
                let type_expr = body
                    .get_attribute("type")
                    .map(|a| expression_text(&read.files[file].source.text, &a.value));
                let sensitive = body
                    .get_attribute("sensitive")
                    .is_some_and(|a| cx.attribute(a).value.as_bool() == Some(true));
                module.variables.push(Variable {
                    name: (*name).to_owned(),
                    module: index,
                    span: cx.header_span(block),
                    type_expr,
                    description: body
                        .get_attribute("description")
                        .map(|a| cx.attribute(a).value),
                    default: body.get_attribute("default").map(|a| cx.attribute(a)),
                    value: env.variable(name, &mut Evaluator::new(&env)),
                    sensitive,
                    validations: body.get_blocks("validation").count(),
                });
            }
            ("locals", _) => {
                for attr in block.body.attributes() {
                    // Direct references only: a local's transitive
                    // references, stored for every local of a chain, grow
                    // quadratically with its length. Resources' attributes
                    // still follow locals.
                    module.locals.push(Local {
                        name: attr.key.as_str().to_owned(),
                        module: index,
                        attribute: cx.attribute_with_references_through(attr, &eval::EmptyEnv),
                    });
                }
            }
            ("output", [name, ..]) => module.outputs.push(Output {
                name: (*name).to_owned(),
                module: index,
                span: cx.header_span(block),
                body: cx.body(&block.body, 1, &mut diagnostics),
            }),
            ("provider", [name, ..]) => module.providers.push(Provider {
                name: (*name).to_owned(),
                module: index,
                span: cx.header_span(block),
                body: cx.body(&block.body, 1, &mut diagnostics),
            }),
            ("terraform", _) => module.terraform.push(terraform_settings(&cx, block, index)),
            ("module", [name, ..]) => {
                let body = cx.body(&block.body, 1, &mut diagnostics);
                let source = body
                    .value("source")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                module.module_calls.push(ModuleCall {
                    name: (*name).to_owned(),
                    module: index,
                    span: cx.header_span(block),
                    source,
                    body,
                });
            }
            ("check", _) => module.checks.push(cx.header_span(block)),
            _ => {}
        }
        for read in env.file_reads.borrow_mut().iter_mut().skip(reads_before) {
            if read.owner.is_empty() {
                read.owner = block_address(block);
            }
        }
    }
    // A resource whose policy is a data source's document gets that
    // document's statements with their `statement` block spans.
    for (doc, name) in fixups {
        if let Some(&source) = data_documents.get(&name) {
            let statements = model.policies[source].statements.clone();
            model.policies[doc].statements = statements;
        }
    }
    if let Some(span) = env.budget_spent_at.take() {
        diagnostics.push(Diagnostic {
            span,
            message: eval::budget::SPENT_MESSAGE.to_owned(),
        });
    }
    model.diagnostics.extend(diagnostics);
    // A block converted twice (a policy document read through a reference
    // and as itself) records its calls twice.
    let mut reads = env.file_reads.take();
    reads.sort_by_key(|r| (r.span.file, r.span.range.start, r.span.range.end));
    reads.dedup_by(|a, b| a.span == b.span);
    model.file_reads.extend(reads);
    super::registry_modules::expand(model, index, &module.module_calls, multiplicity);
    model.modules.push(module);
}

/// Policy documents held by a managed resource's attributes (and its
/// `inline_policy` blocks). Values that are not known JSON text are
/// evaluated again with `jsonencode` keeping structure.
fn policy_documents(
    env: &ModuleEnv<'_>,
    block: &hcl::Block,
    resource: &Resource,
    out: &mut Vec<PolicyDocument>,
    fixups: &mut Vec<(usize, String)>,
) {
    let mut candidates: Vec<(String, &hcl::Attribute, &Attribute)> = Vec::new();
    for attr in block.body.attributes() {
        let name = attr.key.as_str();
        if policy::POLICY_ATTRIBUTES.contains(&name) {
            if let Some(model_attr) = resource.body().attr(name) {
                candidates.push((name.to_owned(), attr, model_attr));
            }
        }
    }
    let model_inline = resource
        .body()
        .blocks("inline_policy")
        .filter(|b| !b.dynamic);
    for (hcl_block, model_block) in block.body.get_blocks("inline_policy").zip(model_inline) {
        if let (Some(attr), Some(model_attr)) = (
            hcl_block.body.get_attribute("policy"),
            model_block.body.attr("policy"),
        ) {
            candidates.push(("inline_policy.policy".to_owned(), attr, model_attr));
        }
    }
    for (name, attr, model_attr) in candidates {
        let structured;
        let value = if let Value::String(_) = model_attr.value {
            &model_attr.value
        } else {
            structured = Evaluator::for_json_structure(env).eval(&attr.value);
            &structured
        };
        if let Some(document) =
            policy::document_from_value(value, resource.id, &name, &model_attr.span)
        {
            if let Some(data_name) = data_policy_reference(&attr.value) {
                fixups.push((out.len(), data_name.to_owned()));
            }
            out.push(document);
        }
    }
}

/// `data.aws_iam_policy_document.<name>.json` exactly: the name.
fn data_policy_reference(expr: &Expression) -> Option<&str> {
    use hcl_edit::expr::TraversalOperator;
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    // Attribute names, with an index (`x[0]`) skipped.
    let names: Vec<&str> = t
        .operators
        .iter()
        .filter_map(|op| match op.value() {
            TraversalOperator::GetAttr(ident) => Some(Some(ident.as_str())),
            TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_) => None,
            _ => Some(None),
        })
        .collect::<Option<Vec<_>>>()?;
    match (root.as_str(), names.as_slice()) {
        ("data", ["aws_iam_policy_document", name, "json" | "minified_json"]) => Some(name),
        _ => None,
    }
}

/// Values of `.tfvars` files: `terraform.tfvars` first, then `*.auto.tfvars`,
/// then any other `.tfvars` (which a user passes with `-var-file`); later
/// files win, as with Terraform's loading order.
fn tfvars_values(read: &ReadInput, ids: &[FileId], budget: &Budget) -> BTreeMap<String, Value> {
    let rank = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        if name.starts_with("terraform.tfvars") {
            0
        } else if name.contains(".auto.tfvars") {
            1
        } else {
            2
        }
    };
    let mut ordered: Vec<FileId> = ids.to_vec();
    ordered.sort_by(|a, b| {
        let (pa, pb) = (&read.files[*a].source.path, &read.files[*b].source.path);
        rank(pa).cmp(&rank(pb)).then_with(|| pa.cmp(pb))
    });
    let mut values = BTreeMap::new();
    for id in ordered {
        let Ok(body) = &read.files[id].body else {
            continue;
        };
        for attr in body.attributes() {
            let value = Evaluator::new(&eval::BudgetOnly(budget)).eval(&attr.value);
            values.insert(attr.key.as_str().to_owned(), value);
        }
    }
    values
}

/// How many instances `count` or `for_each` make.
/// Nested blocks the AWS provider also accepts as a list attribute
/// ("attributes as blocks"): `ingress = [{ ... }]` means `ingress { ... }`.
fn attributes_as_blocks(resource_type: &str) -> Option<&'static [&'static str]> {
    match resource_type {
        "aws_security_group"
        | "aws_default_security_group"
        | "aws_network_acl"
        | "aws_default_network_acl" => Some(&["ingress", "egress"]),
        "aws_route_table" | "aws_default_route_table" => Some(&["route"]),
        _ => None,
    }
}

pub(super) fn multiplicity(body: &Body) -> Multiplicity {
    if let Some(count) = body.value("count") {
        return match count.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 1e15 =>
            {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Multiplicity::Known(n as u64)
            }
            _ => Multiplicity::Unknown,
        };
    }
    if let Some(for_each) = body.value("for_each") {
        let size = match for_each {
            Value::Object(map) => Some(map.len()),
            // A list given to `for_each` is a set: duplicates count once.
            Value::List(items) if items.iter().all(Value::is_known) => {
                let mut distinct: Vec<&Value> = Vec::new();
                for item in items {
                    if !distinct.contains(&item) {
                        distinct.push(item);
                    }
                }
                Some(distinct.len())
            }
            _ => None,
        };
        return size.map_or(Multiplicity::Unknown, |n| Multiplicity::Known(n as u64));
    }
    Multiplicity::One
}

fn terraform_settings(
    cx: &Converter<'_, '_>,
    block: &hcl::Block,
    module: usize,
) -> TerraformSettings {
    let mut required_providers = Vec::new();
    for providers in block.body.get_blocks("required_providers") {
        for attr in providers.body.attributes() {
            let converted = cx.attribute(attr);
            let prefix = format!("{}.", attr.key.as_str());
            let configuration_aliases = converted
                .references
                .iter()
                .filter(|r| r.starts_with(&prefix))
                .cloned()
                .collect();
            let value = converted.value;
            let (source, version) = match &value {
                Value::String(version) => (None, Some(version.clone())),
                Value::Object(map) => (
                    map.get("source").and_then(Value::as_str).map(str::to_owned),
                    map.get("version")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                ),
                _ => (None, None),
            };
            required_providers.push(RequiredProvider {
                name: attr.key.as_str().to_owned(),
                source,
                version,
                configuration_aliases,
            });
        }
    }
    let backend = block
        .body
        .get_blocks("backend")
        .next()
        .map(|b| {
            b.labels
                .first()
                .map_or(String::new(), |l| l.as_str().to_owned())
        })
        .or_else(|| {
            block
                .body
                .get_blocks("cloud")
                .next()
                .map(|_| "cloud".to_owned())
        });
    TerraformSettings {
        module,
        span: cx.header_span(block),
        required_version: block
            .body
            .get_attribute("required_version")
            .map(|a| cx.attribute(a)),
        required_providers,
        backend,
    }
}

/// The text of an expression as written (for `type = list(string)`).
fn expression_text(text: &str, expr: &Expression) -> String {
    expr.span().and_then(|range| text.get(range)).map_or_else(
        || expr.to_string().trim().to_owned(),
        |s| s.trim().to_owned(),
    )
}

/// Comments directly above a block and inside it.
fn block_comments(
    text: &str,
    file: FileId,
    block: &hcl::Block,
    previous_end: usize,
) -> Vec<Comment> {
    let Some(range) = block.span() else {
        return Vec::new();
    };
    let start = range.start.min(text.len());
    let before_start = previous_end.min(start);
    let mut out: Vec<Comment> = Vec::new();
    if let Some(before) = text.get(before_start..start) {
        out.extend(
            comments_above(before, before_start)
                .into_iter()
                .map(|c| Comment {
                    text: c.text,
                    span: Span {
                        file,
                        range: c.range,
                    },
                }),
        );
    }
    if let Some(inside) = text.get(start..range.end.min(text.len())) {
        out.extend(scan_comments(inside, start).into_iter().map(|c| Comment {
            text: c.text,
            span: Span {
                file,
                range: c.range,
            },
        }));
    }
    out
}
