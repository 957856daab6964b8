//! Evaluation of HCL expressions without a cloud: what can be known statically
//! becomes a [`Value`]; everything else is [`Value::Unknown`].
//!
//! This module owns the expression evaluator ([`Evaluator`]), the Terraform
//! functions it knows ([`FUNCTIONS`]), the rendering of values to JSON, and the
//! syntactic collection of the addresses an expression refers to
//! ([`references`]). What `var.x`, `local.x`, `file()` and
//! `data.aws_iam_policy_document.x.json` mean is supplied by an [`Env`]; the
//! model builder implements it per module.
//!
//! # Why our own evaluator and not `hcl::eval`
//!
//! hcl-rs ships an evaluator (`hcl::eval::{Context, Evaluate, FuncDef}`). We
//! checked it and use it only as a cross-check in tests, because it does not
//! fit the rubric's needs:
//!
//! * It has no notion of an unknown value: an undeclared variable or a
//!   resource attribute is an evaluation *error* that aborts the whole
//!   expression. The rubric needs partial results (an object whose keys are
//!   known but one value is not), and `cond ? a : b` with an unknown `cond`
//!   must become [`Value::OneOf`] so rules can judge every branch.
//! * It evaluates `hcl::Expression`, not the `hcl_edit` trees the model is
//!   built from; converting would deep-clone every expression and drop the
//!   byte spans the report needs.
//! * Function definitions (`FuncDef`) type-check their arguments, which rejects
//!   unknown arguments instead of propagating them.
//!
//! What we do reuse: the `hcl_edit` syntax tree and its template parser (for
//! `templatefile`), its visitor (for [`references`]), the `hcl_primitives`
//! operator and strip-marker types, the structure of hcl-rs' template
//! evaluator (mirrored in `template`), and `serde_json` for
//! `jsonencode`/`jsondecode`.
//!
//! # Bounds
//!
//! Every recursion is bounded: expression nesting and chains of locals share
//! one depth budget ([`MAX_DEPTH`]); values held by locals nest at most
//! [`MAX_VALUE_DEPTH`] levels; `for` expressions, `range` and similar
//! functions give up (→ `Unknown`) beyond [`MAX_ITEMS`] elements; strings
//! longer than [`MAX_STRING_LEN`] become `Unknown`; a conditional or function
//! argument with alternatives expands to at most [`MAX_ALTERNATIVES`] results;
//! the total work of one evaluation is bounded by [`MAX_STEPS`].

pub mod budget;
mod cidr;
mod expr;
mod format;
mod funcs;
mod json;
mod refs;
mod template;
mod value;

pub use budget::Budget;
pub use expr::Evaluator;
pub use funcs::FUNCTIONS;
pub use json::{from_json, to_json, to_json_text};
pub use refs::{
    references, references_in_scope, references_with_depth, traversals_in_scope, INDEX_STEP,
};
pub use value::{Judgement, Value};

/// Maximum nesting of expression evaluation, local chains included.
pub const MAX_DEPTH: usize = 128;
/// Maximum nesting of a value a local may hold. Expression nesting is
/// bounded by the parser and [`MAX_DEPTH`], but memoised locals compose
/// (`l1 = [local.l0]`, `l2 = [local.l1]`, …), so without this cap values could
/// nest without bound and every walk over them (clone, drop, compare) would
/// risk the stack.
pub const MAX_VALUE_DEPTH: usize = 64;
/// Maximum number of elements a `for` expression or collection function produces.
pub const MAX_ITEMS: usize = 10_000;
/// Maximum number of alternatives an evaluation result carries.
pub const MAX_ALTERNATIVES: usize = 16;
/// Maximum work of one evaluation ([`Evaluator`]), the locals it evaluates
/// included: expressions evaluated plus elements iterated by `for`
/// expressions. [`MAX_ITEMS`] bounds each collection but not their
/// product (`for` expressions nested over one large list); past this
/// budget the evaluation gives up and its result is `Unknown`
/// ([`Evaluator::out_of_steps`]). Real configurations stay far below it.
pub const MAX_STEPS: usize = 1_000_000;
/// Maximum length of a string built by evaluation, in bytes.
pub const MAX_STRING_LEN: usize = 1 << 20;

/// Stands for an unknown part of a string built in JSON-structure mode (see
/// [`Evaluator::for_json_structure`]): `"arn:aws:iam::${account}:root"` in a
/// heredoc policy becomes text with this marker, so the JSON around it can
/// still be parsed. Consumers must turn any string containing it into
/// `Unknown` ([`Value::without_unknown_markers`]). Characters from a Unicode
/// private-use area do not occur in Terraform configurations.
pub const UNKNOWN_MARKER: &str = "\u{f8ff}unknown\u{f8ff}";

/// What names outside an expression mean. Every method has a default that
/// knows nothing, so tests and callers implement only what they have.
pub trait Env {
    /// The value of `var.<name>`.
    fn variable(&self, _name: &str, _ev: &mut Evaluator<'_>) -> Value {
        Value::Unknown
    }

    /// The value of `local.<name>`; implementations evaluate the local's
    /// expression with [`Evaluator::eval_detached`] so the depth budget is
    /// shared and cycles end.
    fn local(&self, _name: &str, _ev: &mut Evaluator<'_>) -> Value {
        Value::Unknown
    }

    /// The value of `data.aws_iam_policy_document.<name>.json`.
    fn policy_document_json(&self, _name: &str, _ev: &mut Evaluator<'_>) -> Value {
        Value::Unknown
    }

    /// The text of a file the configuration reads with `file()` or
    /// `templatefile()`, by the path as evaluated.
    fn file(&self, _path: &str) -> Option<String> {
        None
    }

    /// `path.module`: the module's folder relative to the input root.
    fn module_path(&self) -> Option<String> {
        None
    }

    /// The addresses the expression of `local.<name>` refers to, transitively.
    fn local_references(&self, _name: &str, _depth: usize) -> Vec<String> {
        Vec::new()
    }

    /// The budget of the analysis this environment belongs to, shared by
    /// every evaluator made over it (none: only the per-evaluation limits).
    fn budget(&self) -> Option<&Budget> {
        None
    }
}

/// An environment that knows nothing but draws on a budget (for values
/// evaluated outside any module, such as `.tfvars` files).
#[derive(Debug, Clone, Copy)]
pub struct BudgetOnly<'a>(pub &'a Budget);

impl Env for BudgetOnly<'_> {
    fn budget(&self) -> Option<&Budget> {
        Some(self.0)
    }
}

/// An environment that knows nothing: every variable and local is unknown.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyEnv;

impl Env for EmptyEnv {}

/// Evaluates an expression where nothing outside it is known.
#[must_use]
pub fn eval_expr(expr: &hcl_edit::expr::Expression) -> Value {
    Evaluator::new(&EmptyEnv).eval(expr)
}

/// Parses and evaluates an expression; a parse error is `Unknown`.
#[must_use]
pub fn eval_str(text: &str) -> Value {
    match hcl_edit::parser::parse_expr(text) {
        Ok(expr) => eval_expr(&expr),
        Err(_) => Value::Unknown,
    }
}
