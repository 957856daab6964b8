//! The model the rules query: every module's blocks with evaluated attribute
//! values, their locations, and the links between resources.
//!
//! Rules never read text; they read this. Building the model (`build`) is the
//! only place that walks hcl-edit syntax trees.

mod build;
mod comments;
mod file_reads;
pub mod links;
pub mod policy;
mod registry_modules;

pub use build::{build, build_with_files, extension, MAX_BLOCK_DEPTH};
pub use file_reads::FILE_FUNCTIONS;

use crate::eval::Value;
use crate::input::source::{FileId, Position, SourceFile};
use crate::input::FileKind;
use crate::parse::ParseError;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

/// A location for reports: file path and one-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// Index of a resource or data source in [`Model::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ResourceId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A `resource` block.
    Managed,
    /// A `data` block.
    Data,
}

/// How many instances a block stands for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Multiplicity {
    One,
    /// `count` or `for_each` with a known size.
    Known(u64),
    /// `count` or `for_each` whose size is not known statically.
    Unknown,
}

/// An evaluated attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    pub name: String,
    pub value: Value,
    /// The span of the value expression (where a wrong value is reported).
    pub span: Span,
    /// Addresses referenced by the expression, e.g. `aws_s3_bucket.logs`,
    /// `var.name`, `data.aws_iam_policy_document.x`, `module.vpc`.
    pub references: Vec<String>,
    /// The traversals the expression writes, as written (locals not
    /// followed), each at its own span.
    pub traversals: Vec<Traversal>,
}

/// A traversal written in an expression: `aws_s3_bucket.b.arn` is
/// `["aws_s3_bucket", "b", "arn"]`; an index or splat is a step
/// [`crate::eval::INDEX_STEP`]. Names bound by `for` expressions and
/// `dynamic` iterators are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Traversal {
    pub parts: Vec<String>,
    pub span: Span,
}

/// A nested block (or the body of a resource), evaluated. `dynamic "x"`
/// blocks appear as blocks of kind `x` whose `dynamic` flag is set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    /// The block header (where a missing setting is reported).
    pub span: Span,
    pub dynamic: bool,
    pub body: Body,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

impl Body {
    /// The attribute of that name (the last one, if repeated).
    #[must_use]
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().rev().find(|a| a.name == name)
    }

    /// The value of an attribute, `None` when absent.
    #[must_use]
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.attr(name).map(|a| &a.value)
    }

    /// Nested blocks of one kind, in source order.
    pub fn blocks<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }

    /// The first nested block of one kind.
    #[must_use]
    pub fn block(&self, kind: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.kind == kind)
    }
}

/// A `resource` or `data` block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    pub id: ResourceId,
    /// Index in [`Model::modules`].
    pub module: usize,
    pub mode: Mode,
    pub resource_type: String,
    pub name: String,
    pub multiplicity: Multiplicity,
    /// The block as a whole; its span is the block header.
    pub block: Block,
    /// Comment lines directly above the block and inside it, without the
    /// comment markers (for suppressions).
    pub comments: Vec<Comment>,
    /// For a resource a well-known registry module creates (not written in
    /// the input), the call's name: validity controls judge only what was
    /// written.
    pub created_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

impl Resource {
    /// `aws_s3_bucket.logs`, or `data.aws_iam_policy_document.x`.
    #[must_use]
    pub fn address(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.resource_type, self.name),
            Mode::Data => format!("data.{}.{}", self.resource_type, self.name),
        }
    }

    #[must_use]
    pub fn body(&self) -> &Body {
        &self.block.body
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variable {
    pub name: String,
    pub module: usize,
    pub span: Span,
    /// The `type` constraint as written (e.g. `list(string)`).
    pub type_expr: Option<String>,
    pub description: Option<Value>,
    pub default: Option<Attribute>,
    /// What `var.<name>` evaluates to in this module: the `.tfvars` value
    /// when one sets it, else the default, else `Unknown`.
    pub value: Value,
    pub sensitive: bool,
    pub validations: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Output {
    pub name: String,
    pub module: usize,
    pub span: Span,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provider {
    pub name: String,
    pub module: usize,
    pub span: Span,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequiredProvider {
    pub name: String,
    pub source: Option<String>,
    pub version: Option<String>,
    /// `configuration_aliases` of a module that receives aliased provider
    /// configurations from its caller, as addresses (`aws.west`).
    pub configuration_aliases: Vec<String>,
}

/// One `terraform { }` block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TerraformSettings {
    pub module: usize,
    pub span: Span,
    pub required_version: Option<Attribute>,
    pub required_providers: Vec<RequiredProvider>,
    /// The backend type, e.g. `s3`, when a `backend` block exists.
    pub backend: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleCall {
    pub name: String,
    pub module: usize,
    pub span: Span,
    pub source: Option<String>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Local {
    pub name: String,
    pub module: usize,
    /// The local's expression, evaluated. Unlike other attributes, its
    /// `references` are the addresses the expression names itself (other
    /// locals included), not followed through those locals.
    pub attribute: Attribute,
}

/// One folder of files: a Terraform module.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Module {
    /// Folder path relative to the input root (`""` for the root).
    pub dir: String,
    /// The module's `.tf` and `.tf.json` files.
    pub files: Vec<FileId>,
    /// `.tfvars` files of the folder; their values override variable defaults.
    pub tfvars: Vec<FileId>,
    pub variables: Vec<Variable>,
    pub locals: Vec<Local>,
    pub outputs: Vec<Output>,
    pub providers: Vec<Provider>,
    pub terraform: Vec<TerraformSettings>,
    pub module_calls: Vec<ModuleCall>,
    /// Top-level `check` blocks.
    pub checks: Vec<Span>,
}

/// What a link means; see RUBRIC.md section 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Any reference from one resource's attribute to another resource.
    Reference,
    /// An `aws_s3_bucket_*` split resource configures its bucket.
    BucketConfig,
    /// `aws_flow_log` → the VPC (or subnet, ENI) it logs.
    FlowLogTarget,
    /// `aws_wafv2_web_acl_association` → the load balancer it protects.
    WafAssociationTarget,
    /// `aws_wafv2_web_acl_association` → its web ACL.
    WafAssociationAcl,
    /// `aws_cloudwatch_metric_alarm` → the metric filter whose metric it watches.
    AlarmMetricFilter,
    /// `aws_cloudwatch_log_metric_filter` → its log group.
    MetricFilterLogGroup,
    /// A security-group rule resource → its group.
    SecurityGroupRule,
    /// A resource → a security group it is attached to.
    SecurityGroupAttachment,
    /// A resource → the KMS key it encrypts with.
    KmsKey,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Link {
    pub from: ResourceId,
    pub to: ResourceId,
    pub kind: LinkKind,
    /// The attribute that made the link (e.g. `bucket`, `vpc_id`).
    pub attribute: String,
}

/// A problem found while reading the input that is not a parse error, such
/// as a duplicate object key (Terraform keeps the last value).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
}

/// An IAM statement as far as it is known.
///
/// `actions`, `not_actions`, `resources` and `not_resources` are lists of
/// strings (a single string is normalised into a one-element list),
/// `Value::Null` when the statement has no such element, and
/// `Value::Unknown` (or a list with unknown elements) when not known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyStatement {
    /// `Sid`, when set and known.
    pub sid: Option<String>,
    /// `Allow` or `Deny`; `None` when unknown.
    pub effect: Option<String>,
    pub actions: Value,
    pub not_actions: Value,
    pub resources: Value,
    pub not_resources: Value,
    /// The `Principal`: `"*"` stays a string; a map's values are lists, e.g.
    /// `{"AWS": ["arn:…"], "Service": ["cloudtrail.amazonaws.com"]}`.
    /// `Value::Null` when the statement has none.
    pub principals: Value,
    /// `NotPrincipal`, in the same form as `principals`.
    pub not_principals: Value,
    /// `Condition`: `{operator: {key: values}}`; `Value::Null` when none.
    pub conditions: Value,
    /// The `statement` block of an `aws_iam_policy_document`, else the
    /// attribute value that holds the document.
    pub span: Span,
}

/// A policy document found in the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyDocument {
    /// The resource (or `aws_iam_policy_document` data source) that holds it.
    pub owner: ResourceId,
    /// The attribute it came from (`policy`, `assume_role_policy`,
    /// `inline_policy.policy`, …); `json` for an `aws_iam_policy_document`
    /// data source's own document. A resource whose policy is such a data
    /// source's `.json` has its own document with the same statements.
    pub attribute: String,
    /// `None` when the document could not be determined at all.
    pub statements: Option<Vec<PolicyStatement>>,
    pub span: Span,
}

/// A call reading a file of the configuration (`file()`, `templatefile()`,
/// …), or a path an `archive_file` data source packs, that is a known
/// constant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRead {
    pub module: usize,
    /// The address of the top-level block holding the call
    /// (`aws_instance.web`, `local.user_data`, `output.x`).
    pub owner: String,
    /// The function called, or `archive_file.source_file` /
    /// `archive_file.source_dir`.
    pub function: String,
    /// The path as evaluated (`./policy.json` for
    /// `"${path.module}/policy.json"`).
    pub path: String,
    /// The path resolved against the module's folder, relative to the input
    /// root; `None` when it leaves the input (absolute, or above the root).
    pub resolved: Option<String>,
    /// Whether the input holds that file (a file of any kind, or a block of
    /// a Markdown answer named after it).
    pub found: bool,
    /// The call.
    pub span: Span,
}

/// Test files that are not Terraform (counted for Testing & Validation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestFile {
    pub path: String,
    pub cases: usize,
}

/// Everything the rules see about one input set.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Every Terraform-syntax file read, indexed by [`FileId`].
    pub files: Vec<SourceFile>,
    /// What each file of [`Model::files`] is (same index).
    pub file_kinds: Vec<FileKind>,
    /// Files that could not be parsed, with the parser's error.
    pub parse_errors: Vec<(FileId, ParseError)>,
    /// Paths of input files that are neither Terraform nor tests.
    pub ignored: Vec<String>,
    pub modules: Vec<Module>,
    pub resources: Vec<Resource>,
    pub links: Vec<Link>,
    pub policies: Vec<PolicyDocument>,
    pub diagnostics: Vec<Diagnostic>,
    /// File-reading calls with constant paths, in input order.
    pub file_reads: Vec<FileRead>,
    /// Extensions (lower case, without the dot) of the input's files that
    /// are neither Terraform nor Markdown: a reader that passes `.json`
    /// files on shows that a `.json` file missing from the input is missing
    /// (readers may leave out kinds of files they do not analyse).
    pub other_file_extensions: Vec<String>,
    /// Test files with their case counts: other languages' tests as read,
    /// and each `.tftest.hcl` file with its `run` blocks as cases.
    pub test_files: Vec<TestFile>,
    /// Number of `run` blocks over all `.tftest.hcl` files (also counted in
    /// [`Model::test_files`]).
    pub tftest_runs: usize,
    /// Lookup tables over `resources` and `links`, built once when the
    /// model is complete ([`Model::build_index`]); the query methods fall
    /// back on scanning when the model changed since.
    index: Index,
}

/// Links by endpoint and resources by type, as positions in
/// [`Model::links`] and [`Model::resources`] (ascending, so that indexed
/// queries keep input order).
#[derive(Debug, Clone, Default)]
struct Index {
    /// Lengths of `resources` and `links` the index was built for.
    built_for: Option<(usize, usize)>,
    links_from: Vec<Vec<usize>>,
    links_to: Vec<Vec<usize>>,
    managed_by_type: BTreeMap<String, Vec<usize>>,
    data_by_type: BTreeMap<String, Vec<usize>>,
    /// `(module, base address)` → resources whose body (at any depth)
    /// refers to it: lets "who uses this group/bucket/key" questions avoid
    /// scanning every resource.
    referenced_by: BTreeMap<(usize, String), Vec<usize>>,
}

impl Index {
    fn new(resources: &[Resource], links: &[Link]) -> Self {
        let mut index = Index {
            built_for: Some((resources.len(), links.len())),
            links_from: vec![Vec::new(); resources.len()],
            links_to: vec![Vec::new(); resources.len()],
            ..Index::default()
        };
        for (position, link) in links.iter().enumerate() {
            if let Some(from) = index.links_from.get_mut(link.from.0) {
                from.push(position);
            }
            if let Some(to) = index.links_to.get_mut(link.to.0) {
                to.push(position);
            }
        }
        for (position, resource) in resources.iter().enumerate() {
            let by_type = match resource.mode {
                Mode::Managed => &mut index.managed_by_type,
                Mode::Data => &mut index.data_by_type,
            };
            by_type
                .entry(resource.resource_type.clone())
                .or_default()
                .push(position);
            let mut targets = BTreeSet::new();
            collect_reference_bases(&resource.block.body, &mut targets);
            for target in targets {
                index
                    .referenced_by
                    .entry((resource.module, target))
                    .or_default()
                    .push(position);
            }
        }
        index
    }
}

/// Base addresses of every reference in a body, nested blocks included.
fn collect_reference_bases(body: &Body, out: &mut BTreeSet<String>) {
    for attr in &body.attributes {
        out.extend(attr.references.iter().map(|r| base_address(r)));
    }
    for block in &body.blocks {
        collect_reference_bases(&block.body, out);
    }
}

/// `aws_subnet.private[0].id` → `aws_subnet.private`; `data.x.y.json` →
/// `data.x.y`. Other roots (`var.x`, `local.x`, `module.m`) keep two parts.
#[must_use]
pub fn base_address(reference: &str) -> String {
    let parts: Vec<&str> = reference.split('.').collect();
    let take = if parts.first() == Some(&"data") { 3 } else { 2 };
    parts
        .iter()
        .take(take)
        .map(|p| p.split('[').next().unwrap_or(p))
        .collect::<Vec<_>>()
        .join(".")
}

/// Positions from an index, or `None` when the model must be scanned.
type Indexed<'a> = Option<&'a [usize]>;

impl Model {
    #[must_use]
    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0]
    }

    /// The resources and data sources written in the input, without those
    /// a registry module creates.
    pub fn written_resources(&self) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(|r| r.created_by.is_none())
    }

    /// Builds the lookup tables of the query methods; call again after
    /// changing `resources` or `links` (until then the queries scan).
    pub fn build_index(&mut self) {
        self.index = Index::new(&self.resources, &self.links);
    }

    /// Resources of `module` whose body refers to `address` anywhere, in
    /// input order; `None` when the index is stale (scan instead).
    #[must_use]
    pub fn referencing<'a>(
        &'a self,
        module: usize,
        address: &str,
    ) -> Option<impl Iterator<Item = &'a Resource> + 'a> {
        if !self.indexed() {
            return None;
        }
        let positions: &[usize] = self
            .index
            .referenced_by
            .get(&(module, address.to_owned()))
            .map_or(&[], Vec::as_slice);
        Some(positions.iter().map(|&p| &self.resources[p]))
    }

    /// Whether the index matches the model.
    fn indexed(&self) -> bool {
        self.index.built_for == Some((self.resources.len(), self.links.len()))
    }

    /// Resources of one mode and type, in input order.
    fn of_mode_and_type<'a>(
        &'a self,
        mode: Mode,
        resource_type: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        let indexed: Indexed<'a> = self.indexed().then(|| {
            let by_type = match mode {
                Mode::Managed => &self.index.managed_by_type,
                Mode::Data => &self.index.data_by_type,
            };
            by_type.get(resource_type).map_or(&[][..], Vec::as_slice)
        });
        let scanned = indexed.is_none().then(|| {
            self.resources
                .iter()
                .filter(move |r| r.mode == mode && r.resource_type == resource_type)
        });
        indexed
            .into_iter()
            .flatten()
            .map(|&position| &self.resources[position])
            .chain(scanned.into_iter().flatten())
    }

    /// Managed resources of a type, in input order.
    pub fn resources_of_type<'a>(
        &'a self,
        resource_type: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        self.of_mode_and_type(Mode::Managed, resource_type)
    }

    /// Managed resources of any of these types, in input order.
    pub fn resources_of_types(&self, types: &[&str]) -> impl Iterator<Item = &Resource> + '_ {
        let found: Vec<&Resource> = if self.indexed() {
            let mut positions: Vec<usize> = Vec::new();
            for (n, resource_type) in types.iter().enumerate() {
                if !types[..n].contains(resource_type) {
                    if let Some(of_type) = self.index.managed_by_type.get(*resource_type) {
                        positions.extend_from_slice(of_type);
                    }
                }
            }
            if types.len() > 1 {
                positions.sort_unstable();
            }
            positions.iter().map(|&p| &self.resources[p]).collect()
        } else {
            self.resources
                .iter()
                .filter(|r| r.mode == Mode::Managed && types.contains(&r.resource_type.as_str()))
                .collect()
        };
        found.into_iter()
    }

    /// Data sources of a type, in input order.
    pub fn data_of_type<'a>(
        &'a self,
        resource_type: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        self.of_mode_and_type(Mode::Data, resource_type)
    }

    /// Links at one end of a resource (`from` or `to`), optionally of one
    /// kind, in the order of [`Model::links`].
    fn links_at(
        &self,
        id: ResourceId,
        kind: Option<LinkKind>,
        outgoing: bool,
    ) -> impl Iterator<Item = &Link> + '_ {
        let end = move |l: &Link| if outgoing { l.from } else { l.to };
        let indexed: Indexed<'_> = self.indexed().then(|| {
            let table = if outgoing {
                &self.index.links_from
            } else {
                &self.index.links_to
            };
            table.get(id.0).map_or(&[][..], Vec::as_slice)
        });
        let scanned = indexed
            .is_none()
            .then(|| self.links.iter().filter(move |l| end(l) == id));
        indexed
            .into_iter()
            .flatten()
            .map(|&position| &self.links[position])
            .chain(scanned.into_iter().flatten())
            .filter(move |l| kind.is_none_or(|k| l.kind == k))
    }

    /// Links leaving a resource, optionally of one kind.
    pub fn links_from(
        &self,
        id: ResourceId,
        kind: Option<LinkKind>,
    ) -> impl Iterator<Item = &Link> + '_ {
        self.links_at(id, kind, true)
    }

    /// Links arriving at a resource, optionally of one kind.
    pub fn links_to(
        &self,
        id: ResourceId,
        kind: Option<LinkKind>,
    ) -> impl Iterator<Item = &Link> + '_ {
        self.links_at(id, kind, false)
    }

    /// Resources that link to `id` with `kind` (e.g. the public access blocks of a bucket).
    pub fn linked_from(
        &self,
        id: ResourceId,
        kind: LinkKind,
    ) -> impl Iterator<Item = &Resource> + '_ {
        self.links_to(id, Some(kind)).map(|l| self.resource(l.from))
    }

    /// Resources that `id` links to with `kind` (e.g. the VPC of a flow log).
    pub fn linked_to(
        &self,
        id: ResourceId,
        kind: LinkKind,
    ) -> impl Iterator<Item = &Resource> + '_ {
        self.links_from(id, Some(kind)).map(|l| self.resource(l.to))
    }

    /// Policy documents held by a resource.
    pub fn policies_of(&self, id: ResourceId) -> impl Iterator<Item = &PolicyDocument> + '_ {
        self.policies.iter().filter(move |p| p.owner == id)
    }

    /// The file, line and column where a span starts.
    #[must_use]
    pub fn location(&self, span: &Span) -> Location {
        match self.files.get(span.file) {
            Some(file) => {
                let Position { line, column } = file.position(span.range.start);
                Location {
                    file: file.path.clone(),
                    line,
                    column,
                }
            }
            None => Location {
                file: String::new(),
                line: 0,
                column: 0,
            },
        }
    }
}
