//! The addresses an expression refers to, found syntactically (every branch
//! counts, as in Terraform's dependency graph) and followed through locals.

use super::{Env, MAX_DEPTH};
use hcl_edit::expr::{Expression, ForExpr, TraversalOperator};
use hcl_edit::template::{ForDirective, Template};
use hcl_edit::visit::{self, Visit};
use std::collections::BTreeSet;

/// Sorted, de-duplicated addresses referenced by `expr`: `var.x`, `local.x`,
/// `module.x`, `data.type.name` and `type.name` for resources. The references
/// of a local used in `expr` are included, so `bucket = local.bucket_id` with
/// `bucket_id = aws_s3_bucket.x.id` refers to `aws_s3_bucket.x`.
#[must_use]
pub fn references(expr: &Expression, env: &dyn Env) -> Vec<String> {
    references_with_depth(expr, env, 0)
}

/// [`references`] for a nested walk (a local's expression): `depth` is the
/// budget already used.
#[must_use]
pub fn references_with_depth(expr: &Expression, env: &dyn Env, depth: usize) -> Vec<String> {
    references_in_scope(expr, env, depth, &[])
}

/// [`references_with_depth`] where `names` are bound (the iterators of
/// enclosing `dynamic` blocks), so `ingress.value.port` is not an address.
#[must_use]
pub fn references_in_scope(
    expr: &Expression,
    env: &dyn Env,
    depth: usize,
    names: &[String],
) -> Vec<String> {
    let mut collector = Collector {
        env,
        depth,
        scopes: names.to_vec(),
        found: BTreeSet::new(),
    };
    collector.visit_expr(expr);
    collector.found.into_iter().collect()
}

struct Collector<'a> {
    env: &'a dyn Env,
    depth: usize,
    /// Iteration variables in scope: not addresses.
    scopes: Vec<String>,
    found: BTreeSet<String>,
}

/// Root names that are not addresses of anything the model links.
const NOT_ADDRESSES: &[&str] = &["count", "each", "path", "self", "terraform"];

impl Collector<'_> {
    fn traversal_address(
        &mut self,
        root: &str,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
    ) {
        if self.scopes.iter().any(|s| s == root) || NOT_ADDRESSES.contains(&root) {
            return;
        }
        let attr = |i: usize| match operators.get(i).map(hcl_edit::Decorated::value) {
            Some(TraversalOperator::GetAttr(ident)) => Some(ident.as_str()),
            _ => None,
        };
        match root {
            "var" | "module" => {
                if let Some(name) = attr(0) {
                    self.found.insert(format!("{root}.{name}"));
                }
            }
            "local" => {
                if let Some(name) = attr(0) {
                    if self.found.insert(format!("local.{name}")) {
                        let nested = self.env.local_references(name, self.depth + 1);
                        self.found.extend(nested);
                    }
                }
            }
            "data" => {
                if let (Some(kind), Some(name)) = (attr(0), attr(1)) {
                    self.found.insert(format!("data.{kind}.{name}"));
                }
            }
            // `resource.type.name`: the explicit form of `type.name`.
            "resource" => {
                if let (Some(kind), Some(name)) = (attr(0), attr(1)) {
                    self.found.insert(format!("{kind}.{name}"));
                }
            }
            resource_type => {
                if let Some(name) = attr(0) {
                    self.found.insert(format!("{resource_type}.{name}"));
                }
            }
        }
    }
}

impl Visit for Collector<'_> {
    fn visit_expr(&mut self, expr: &Expression) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        match expr {
            Expression::Traversal(traversal) => {
                if let Expression::Variable(root) = &traversal.expr {
                    self.traversal_address(root.as_str(), &traversal.operators);
                } else {
                    self.visit_expr(&traversal.expr);
                }
                for operator in &traversal.operators {
                    if let TraversalOperator::Index(index) = operator.value() {
                        self.visit_expr(index);
                    }
                }
            }
            other => visit::visit_expr(self, other),
        }
        self.depth -= 1;
    }

    fn visit_for_expr(&mut self, node: &ForExpr) {
        visit_for_expr_scoped(self, node);
    }

    fn visit_for_directive(&mut self, node: &ForDirective) {
        visit_for_directive_scoped(self, node);
    }

    fn visit_template(&mut self, node: &Template) {
        // Directives nest templates without an expression in between.
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        visit::visit_template(self, node);
        self.depth -= 1;
    }
}

/// One step of a traversal as written: an attribute name, or an index or
/// splat (`[0]`, `["k"]`, `[*]`, `.*`) written as `[]`.
pub const INDEX_STEP: &str = "[]";

/// The traversals an expression writes, as written (locals not followed):
/// the root name, then each step (attribute names; [`INDEX_STEP`] for an
/// index or splat), with the traversal's byte range. `names` are bound
/// (iterators of enclosing `dynamic` blocks); `for` variables are bound
/// inside their expression. Traversals inside `try()` and `can()` are left
/// out: their failures are caught there.
#[must_use]
pub fn traversals_in_scope(
    expr: &Expression,
    names: &[String],
) -> Vec<(Vec<String>, Option<std::ops::Range<usize>>)> {
    let mut collector = TraversalCollector {
        depth: 0,
        scopes: names.to_vec(),
        found: Vec::new(),
    };
    collector.visit_expr(expr);
    collector.found
}

struct TraversalCollector {
    depth: usize,
    scopes: Vec<String>,
    found: Vec<(Vec<String>, Option<std::ops::Range<usize>>)>,
}

impl Visit for TraversalCollector {
    fn visit_func_call(&mut self, node: &hcl_edit::expr::FuncCall) {
        if node.name.namespace.is_empty() && matches!(node.name.name.as_str(), "try" | "can") {
            return;
        }
        visit::visit_func_call(self, node);
    }

    fn visit_expr(&mut self, expr: &Expression) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        match expr {
            Expression::Traversal(traversal) => {
                match &traversal.expr {
                    Expression::Variable(root)
                        if !self.scopes.iter().any(|s| s == root.as_str()) =>
                    {
                        let mut parts = vec![root.as_str().to_owned()];
                        for operator in &traversal.operators {
                            parts.push(match operator.value() {
                                TraversalOperator::GetAttr(ident) => ident.as_str().to_owned(),
                                _ => INDEX_STEP.to_owned(),
                            });
                        }
                        self.found.push((parts, hcl_edit::Span::span(expr)));
                    }
                    Expression::Variable(_) => {}
                    other => self.visit_expr(other),
                }
                for operator in &traversal.operators {
                    if let TraversalOperator::Index(index) = operator.value() {
                        self.visit_expr(index);
                    }
                }
            }
            other => visit::visit_expr(self, other),
        }
        self.depth -= 1;
    }

    fn visit_for_expr(&mut self, node: &ForExpr) {
        visit_for_expr_scoped(self, node);
    }

    fn visit_for_directive(&mut self, node: &ForDirective) {
        visit_for_directive_scoped(self, node);
    }

    fn visit_template(&mut self, node: &Template) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        visit::visit_template(self, node);
        self.depth -= 1;
    }
}

/// A visitor that tracks the names `for` expressions and directives bind,
/// so that iterator variables are not read as references.
trait Scoped: Visit {
    fn scopes(&mut self) -> &mut Vec<String>;
}

impl Scoped for Collector<'_> {
    fn scopes(&mut self) -> &mut Vec<String> {
        &mut self.scopes
    }
}

impl Scoped for TraversalCollector {
    fn scopes(&mut self) -> &mut Vec<String> {
        &mut self.scopes
    }
}

fn visit_for_expr_scoped<V: Scoped>(v: &mut V, node: &ForExpr) {
    v.visit_expr(&node.intro.collection_expr);
    let len = v.scopes().len();
    if let Some(key) = &node.intro.key_var {
        v.scopes().push(key.as_str().to_owned());
    }
    v.scopes().push(node.intro.value_var.as_str().to_owned());
    if let Some(key_expr) = &node.key_expr {
        v.visit_expr(key_expr);
    }
    v.visit_expr(&node.value_expr);
    if let Some(cond) = &node.cond {
        v.visit_expr(&cond.expr);
    }
    v.scopes().truncate(len);
}

fn visit_for_directive_scoped<V: Scoped>(v: &mut V, node: &ForDirective) {
    v.visit_expr(&node.for_expr.collection_expr);
    let len = v.scopes().len();
    if let Some(key) = &node.for_expr.key_var {
        v.scopes().push(key.as_str().to_owned());
    }
    v.scopes().push(node.for_expr.value_var.as_str().to_owned());
    v.visit_template(&node.for_expr.template);
    v.scopes().truncate(len);
}
