//! The model the rules query: every module's blocks with evaluated attribute
//! values, their locations, and the links between resources.
//!
//! Rules never read text; they read this. Building the model (`build`) is the
//! only place that walks hcl-edit syntax trees.

mod build;
mod comments;
pub mod links;
pub mod policy;

pub use build::{build, build_with_files, MAX_BLOCK_DEPTH};

use crate::eval::Value;
use crate::input::FileKind;
use crate::parse::ParseError;
use crate::source::{FileId, Position, SourceFile};
use serde::Serialize;
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
    /// Test files with their case counts: other languages' tests as read,
    /// and each `.tftest.hcl` file with its `run` blocks as cases.
    pub test_files: Vec<TestFile>,
    /// Number of `run` blocks over all `.tftest.hcl` files (also counted in
    /// [`Model::test_files`]).
    pub tftest_runs: usize,
}

impl Model {
    #[must_use]
    pub fn resource(&self, id: ResourceId) -> &Resource {
        &self.resources[id.0]
    }

    /// Managed resources of a type, in input order.
    pub fn resources_of_type<'a>(
        &'a self,
        resource_type: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources
            .iter()
            .filter(move |r| r.mode == Mode::Managed && r.resource_type == resource_type)
    }

    /// Data sources of a type, in input order.
    pub fn data_of_type<'a>(
        &'a self,
        resource_type: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources
            .iter()
            .filter(move |r| r.mode == Mode::Data && r.resource_type == resource_type)
    }

    /// Links leaving a resource, optionally of one kind.
    pub fn links_from(
        &self,
        id: ResourceId,
        kind: Option<LinkKind>,
    ) -> impl Iterator<Item = &Link> + '_ {
        self.links
            .iter()
            .filter(move |l| l.from == id && kind.is_none_or(|k| l.kind == k))
    }

    /// Links arriving at a resource, optionally of one kind.
    pub fn links_to(
        &self,
        id: ResourceId,
        kind: Option<LinkKind>,
    ) -> impl Iterator<Item = &Link> + '_ {
        self.links
            .iter()
            .filter(move |l| l.to == id && kind.is_none_or(|k| l.kind == k))
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
