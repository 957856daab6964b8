//! The expression evaluator: one pass over an `hcl_edit` expression that
//! produces a [`Value`], propagating `Unknown` and `OneOf` instead of failing.

use super::{
    funcs, template, Budget, Env, Value, MAX_ALTERNATIVES, MAX_DEPTH, MAX_ITEMS, MAX_STEPS,
};
use hcl_edit::expr::{
    BinaryOperator, Conditional, Expression, ForExpr, FuncCall, ObjectKey, Traversal,
    TraversalOperator, UnaryOperator,
};
use std::collections::BTreeMap;

/// What parsing and rendering a byte of template text costs, in evaluation
/// steps (measured: about as long as sixteen steps of evaluation).
const PARSE_STEPS_PER_BYTE: usize = 16;

/// Evaluates expressions against an [`Env`].
///
/// The evaluator counts *definite* errors (a missing key of a known object, a
/// function applied to a known value of the wrong type): `try()` and `can()`
/// need to tell "this fails" from "this is not known yet", which `Unknown`
/// alone cannot express.
pub struct Evaluator<'a> {
    env: &'a dyn Env,
    depth: usize,
    errors: usize,
    /// Iteration variables of enclosing `for` expressions and template `for`
    /// directives (and `templatefile` variables), innermost last.
    scopes: Vec<(String, Value)>,
    /// When set, `jsonencode(x)` evaluates to `x` itself: policy documents are
    /// read from the structure, which survives unknown parts (an ARN of a
    /// resource) that would make the encoded text unknown.
    json_structure: bool,
    /// Set when the depth budget ran out somewhere.
    truncated: bool,
    /// Work done so far: evaluation steps and `for` elements (see
    /// [`MAX_STEPS`]).
    steps: usize,
    /// Set when the work budget ran out: every evaluation from then on is
    /// `Unknown`.
    out_of_steps: bool,
    /// The analysis's budget, shared with every other evaluator.
    budget: Option<&'a Budget>,
}

impl<'a> Evaluator<'a> {
    #[must_use]
    pub fn new(env: &'a dyn Env) -> Self {
        Self {
            env,
            depth: 0,
            errors: 0,
            scopes: Vec::new(),
            json_structure: false,
            truncated: false,
            steps: 0,
            out_of_steps: false,
            budget: env.budget(),
        }
    }

    /// An evaluator whose `jsonencode(x)` yields `x` (see the field's doc).
    #[must_use]
    pub fn for_json_structure(env: &'a dyn Env) -> Self {
        Self {
            json_structure: true,
            ..Self::new(env)
        }
    }

    /// An evaluator that starts with a depth already used (for evaluations
    /// nested in another one, such as a local's expression).
    #[must_use]
    pub fn with_depth(mut self, depth: usize) -> Self {
        self.depth = depth;
        self
    }

    /// Whether `jsonencode(x)` yields `x` in this evaluator.
    #[must_use]
    pub fn json_structure(&self) -> bool {
        self.json_structure
    }

    /// The current nesting depth.
    #[must_use]
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// How many definite errors the evaluations so far met.
    #[must_use]
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// Whether some evaluation gave up because a budget ran out: the depth
    /// budget ([`MAX_DEPTH`]) or the work budget ([`MAX_STEPS`]). Its result
    /// is then not the expression's value.
    #[must_use]
    pub fn truncated(&self) -> bool {
        self.truncated || self.out_of_steps
    }

    /// Whether the work budget ([`MAX_STEPS`]) ran out.
    #[must_use]
    pub fn out_of_steps(&self) -> bool {
        self.out_of_steps
    }

    /// Forgets that the depth budget ran out, returning whether it had: to
    /// tell whether one nested evaluation (a memoised local) was cut
    /// short. Restore with [`Evaluator::restore_truncated`].
    pub(crate) fn take_truncated(&mut self) -> bool {
        std::mem::take(&mut self.truncated)
    }

    /// Marks the evaluation as cut short by the depth budget when `truncated`
    /// (a memoised result that was cut short, or the state saved by
    /// [`Evaluator::take_truncated`]).
    pub(crate) fn restore_truncated(&mut self, truncated: bool) {
        self.truncated |= truncated;
    }

    /// Counts `steps` units of work; `false` (and `Unknown` from every
    /// evaluation from then on) once the work budget is spent.
    pub(crate) fn charge(&mut self, steps: usize) -> bool {
        self.steps = self.steps.saturating_add(steps);
        if self.steps > MAX_STEPS || self.budget.is_some_and(|b| !b.spend_steps(steps)) {
            self.out_of_steps = true;
        }
        !self.out_of_steps
    }

    /// Counts parsing and rendering `bytes` bytes of template text against
    /// the analysis's budget only ([`PARSE_STEPS_PER_BYTE`] steps and a
    /// byte of value per byte): one large template is not too much work
    /// for one evaluation, the same template parsed in every iteration of a
    /// loop is.
    pub(crate) fn charge_parse(&mut self, bytes: usize) -> bool {
        let steps = bytes.saturating_mul(PARSE_STEPS_PER_BYTE);
        if self
            .budget
            .is_some_and(|b| !b.spend_steps(steps) || !b.spend_bytes(bytes))
        {
            self.out_of_steps = true;
        }
        !self.out_of_steps
    }

    /// Counts `bytes` bytes of values produced against the analysis's
    /// budget; `false` (and `Unknown` from then on) once it is spent.
    pub(crate) fn charge_bytes(&mut self, bytes: usize) -> bool {
        if self.budget.is_some_and(|b| !b.spend_bytes(bytes)) {
            self.out_of_steps = true;
        }
        !self.out_of_steps
    }

    /// Records a definite error and yields `Unknown`.
    pub(crate) fn error(&mut self) -> Value {
        self.errors += 1;
        Value::Unknown
    }

    pub(crate) fn env(&self) -> &'a dyn Env {
        self.env
    }

    /// Evaluates an expression.
    pub fn eval(&mut self, expr: &Expression) -> Value {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return Value::Unknown;
        }
        if !self.charge(1) {
            return Value::Unknown;
        }
        self.depth += 1;
        let value = self.eval_inner(expr);
        self.depth -= 1;
        // Values are made or copied in bulk by references, calls and
        // templates; literals and collections of them are counted where
        // their parts are.
        let copies = matches!(
            expr,
            Expression::Variable(_)
                | Expression::Traversal(_)
                | Expression::FuncCall(_)
                | Expression::StringTemplate(_)
                | Expression::HeredocTemplate(_)
                | Expression::ForExpr(_)
        );
        if copies && self.budget.is_some() && !self.charge_bytes(value.approximate_bytes()) {
            return Value::Unknown;
        }
        value
    }

    /// Evaluates an expression that lives elsewhere (a local, a variable
    /// default): enclosing iteration variables are hidden, and the result says
    /// whether a definite error occurred, so a memo can replay it.
    pub fn eval_detached(&mut self, expr: &Expression) -> (Value, bool) {
        let scopes = std::mem::take(&mut self.scopes);
        let errors_before = self.errors;
        let value = self.eval(expr);
        self.scopes = scopes;
        (value, self.errors > errors_before)
    }

    /// Evaluates with extra variables in scope (for `templatefile` and
    /// template `for` directives).
    pub(crate) fn with_scope<T>(
        &mut self,
        vars: Vec<(String, Value)>,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let len = self.scopes.len();
        self.scopes.extend(vars);
        let result = f(self);
        self.scopes.truncate(len);
        result
    }

    /// Replaces all scopes (for `templatefile`, which sees only its variables).
    pub(crate) fn with_only_scope<T>(
        &mut self,
        vars: Vec<(String, Value)>,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let saved = std::mem::replace(&mut self.scopes, vars);
        let result = f(self);
        self.scopes = saved;
        result
    }

    /// Records a depth step for work that recurses outside `eval` (templates
    /// rendering sub-templates); `false` when the budget is spent.
    pub(crate) fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return false;
        }
        self.depth += 1;
        true
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn lookup_scope(&self, name: &str) -> Option<Value> {
        self.scopes
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    fn eval_inner(&mut self, expr: &Expression) -> Value {
        match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => n.value().as_f64().map_or(Value::Unknown, Value::Number),
            Expression::String(s) => Value::String(s.value().clone()),
            Expression::Array(array) => {
                Value::List(array.iter().map(|item| self.eval(item)).collect())
            }
            Expression::Object(object) => {
                let mut map = BTreeMap::new();
                for (key, value) in object {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                        ObjectKey::Expression(key_expr) => match self.object_key(key_expr) {
                            Some(key) => key,
                            None => return Value::Unknown,
                        },
                    };
                    let value = self.eval(value.expr());
                    map.insert(key, value);
                }
                Value::Object(map)
            }
            Expression::StringTemplate(t) => template::eval_template(self, t),
            Expression::HeredocTemplate(h) => template::eval_template(self, &h.template),
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(v) => self.lookup_scope(v.as_str()).unwrap_or(Value::Unknown),
            Expression::Conditional(c) => self.eval_conditional(c),
            Expression::FuncCall(call) => self.eval_func_call(call),
            Expression::Traversal(t) => self.eval_traversal(t),
            Expression::UnaryOp(op) => {
                let value = self.eval(&op.expr);
                let operator = *op.operator.value();
                self.distribute(&[value], |ev, args| ev.unary(operator, &args[0]))
            }
            Expression::BinaryOp(op) => {
                let lhs = self.eval(&op.lhs_expr);
                let rhs = self.eval(&op.rhs_expr);
                let operator = *op.operator.value();
                self.distribute(&[lhs, rhs], |ev, args| {
                    ev.binary(operator, &args[0], &args[1])
                })
            }
            Expression::ForExpr(f) => self.eval_for(f),
        }
    }

    /// An object key given as an expression: a string, or a number or bool
    /// converted to one. `None` when not known (the whole object is unknown).
    fn object_key(&mut self, expr: &Expression) -> Option<String> {
        // `(foo) = 1` and `"foo" = 1` are expressions; a bare `foo` never is.
        match self.eval(expr) {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(format_number(n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    fn eval_conditional(&mut self, c: &Conditional) -> Value {
        let condition = self.eval(&c.cond_expr);
        let pick = |v: &Value| v.as_bool();
        match &condition {
            Value::OneOf(alternatives) => {
                let picks: Vec<Option<bool>> = alternatives.iter().map(pick).collect();
                if picks.iter().all(|p| *p == Some(true)) {
                    self.eval(&c.true_expr)
                } else if picks.iter().all(|p| *p == Some(false)) {
                    self.eval(&c.false_expr)
                } else {
                    self.both_branches(c)
                }
            }
            Value::Unknown => self.both_branches(c),
            known => match pick(known) {
                Some(true) => self.eval(&c.true_expr),
                Some(false) => self.eval(&c.false_expr),
                None => self.error(),
            },
        }
    }

    /// RUBRIC section 2: an unknown condition yields the branches as
    /// alternatives, so a rule can pass (or fail) when every branch does.
    fn both_branches(&mut self, c: &Conditional) -> Value {
        let t = self.eval(&c.true_expr);
        let f = self.eval(&c.false_expr);
        Value::one_of([t, f])
    }

    fn eval_func_call(&mut self, call: &FuncCall) -> Value {
        if call.name.is_namespaced() {
            // Provider-defined functions (`provider::aws::arn_parse`) are unknown.
            return Value::Unknown;
        }
        let name = call.name.name.as_str();
        match name {
            "try" => return self.eval_try(call),
            "can" => return self.eval_can(call),
            _ => {}
        }
        let mut args: Vec<Value> = call.args.iter().map(|arg| self.eval(arg)).collect();
        if call.args.expand_final() {
            match args.pop() {
                Some(Value::List(items)) => args.extend(items),
                Some(Value::Null) | None => return self.error(),
                Some(_) => return Value::Unknown,
            }
        }
        if !funcs::is_known_function(name) {
            return Value::Unknown;
        }
        self.distribute(&args, |ev, args| funcs::call(ev, name, args))
    }

    /// `try(a, b, …)`: the first argument that evaluates without error. An
    /// argument that is not known (and did not fail) makes the result unknown,
    /// since it might succeed at apply time.
    fn eval_try(&mut self, call: &FuncCall) -> Value {
        for arg in &call.args {
            let before = self.errors;
            let value = self.eval(arg);
            if self.errors > before {
                // A definite failure: try the next argument, and do not count
                // the failure against an enclosing `try`.
                self.errors = before;
                continue;
            }
            return value;
        }
        self.error()
    }

    /// `can(x)`: true when `x` evaluates without error.
    fn eval_can(&mut self, call: &FuncCall) -> Value {
        let Some(arg) = call.args.iter().next() else {
            return self.error();
        };
        let before = self.errors;
        let value = self.eval(arg);
        if self.errors > before {
            self.errors = before;
            Value::Bool(false)
        } else if value.is_known() {
            Value::Bool(true)
        } else {
            Value::Unknown
        }
    }

    fn eval_traversal(&mut self, t: &Traversal) -> Value {
        let (base, consumed) = match &t.expr {
            Expression::Variable(root) => self.eval_root(root.as_str(), &t.operators),
            other => (self.eval(other), 0),
        };
        let rest = t.operators.get(consumed..).unwrap_or(&[]);
        self.apply_operators(base, rest)
    }

    /// The value a traversal starts from, and how many of its operators that
    /// used (`var.x` uses one, `data.aws_iam_policy_document.d.json` three).
    fn eval_root(
        &mut self,
        root: &str,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
    ) -> (Value, usize) {
        if let Some(value) = self.lookup_scope(root) {
            return (value, 0);
        }
        let attr = |i: usize| match operators.get(i).map(hcl_edit::Decorated::value) {
            Some(TraversalOperator::GetAttr(ident)) => Some(ident.as_str()),
            _ => None,
        };
        let env = self.env;
        match (root, attr(0)) {
            ("var", Some(name)) => (env.variable(name, self), 1),
            ("local", Some(name)) => (env.local(name, self), 1),
            ("data", Some("aws_iam_policy_document")) => {
                // `…x.json`, or `…x[0].json` for a counted data source (every
                // instance has the same statements unless they use the index).
                let indexed = matches!(
                    operators.get(2).map(hcl_edit::Decorated::value),
                    Some(TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_))
                );
                let json_at = if indexed { 3 } else { 2 };
                match (attr(1), attr(json_at)) {
                    (Some(name), Some("json" | "minified_json")) => {
                        (env.policy_document_json(name, self), json_at + 1)
                    }
                    _ => (Value::Unknown, operators.len()),
                }
            }
            ("path", Some("module")) => {
                (env.module_path().map_or(Value::Unknown, Value::String), 1)
            }
            ("path", Some("root")) => (Value::String(".".to_owned()), 1),
            _ => (Value::Unknown, operators.len()),
        }
    }

    fn apply_operators(
        &mut self,
        mut value: Value,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
    ) -> Value {
        let mut i = 0;
        while i < operators.len() {
            if value == Value::Unknown {
                return Value::Unknown;
            }
            match operators[i].value() {
                TraversalOperator::GetAttr(name) => {
                    let name = name.as_str();
                    value = self.map_alternatives(value, |ev, v| ev.get_attr(v, name));
                }
                TraversalOperator::Index(index) => {
                    let index = self.eval(index);
                    value =
                        self.distribute(&[value, index], |ev, args| ev.index(&args[0], &args[1]));
                }
                TraversalOperator::LegacyIndex(n) => {
                    #[allow(clippy::cast_precision_loss)]
                    let index = Value::Number(*n.value() as f64);
                    value = self.map_alternatives(value, |ev, v| ev.index(&v, &index));
                }
                TraversalOperator::AttrSplat(_) => {
                    // Only the attribute accesses that follow apply per element.
                    let mut end = i + 1;
                    while end < operators.len()
                        && matches!(operators[end].value(), TraversalOperator::GetAttr(_))
                    {
                        end += 1;
                    }
                    let per_element = &operators[i + 1..end];
                    value = self.map_alternatives(value, |ev, v| ev.splat(v, per_element));
                    i = end;
                    continue;
                }
                TraversalOperator::FullSplat(_) => {
                    let per_element = &operators[i + 1..];
                    return self.map_alternatives(value, |ev, v| ev.splat(v, per_element));
                }
            }
            i += 1;
        }
        value
    }

    fn splat(
        &mut self,
        value: Value,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
    ) -> Value {
        let items = match value {
            Value::Null => return Value::List(Vec::new()),
            Value::Unknown => return Value::Unknown,
            Value::List(items) => items,
            single => vec![single],
        };
        Value::List(
            items
                .into_iter()
                .map(|item| self.apply_operators(item, operators))
                .collect(),
        )
    }

    fn get_attr(&mut self, value: Value, name: &str) -> Value {
        match value {
            Value::Object(mut map) => match map.remove(name) {
                Some(v) => v,
                None => self.error(),
            },
            Value::Unknown => Value::Unknown,
            _ => self.error(),
        }
    }

    fn index(&mut self, value: &Value, index: &Value) -> Value {
        match (value, index) {
            (Value::Unknown, _) | (_, Value::Unknown) => Value::Unknown,
            (Value::List(items), index) => match index.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let i = n as usize;
                    match items.get(i) {
                        Some(v) => v.clone(),
                        None => self.error(),
                    }
                }
                _ => self.error(),
            },
            (Value::Object(map), Value::String(key)) => match map.get(key) {
                Some(v) => v.clone(),
                None => self.error(),
            },
            (Value::Object(map), Value::Number(n)) => match map.get(&format_number(*n)) {
                Some(v) => v.clone(),
                None => self.error(),
            },
            _ => self.error(),
        }
    }

    fn unary(&mut self, operator: UnaryOperator, value: &Value) -> Value {
        match (operator, value) {
            (_, Value::Unknown) => Value::Unknown,
            (UnaryOperator::Not, v) => match v.as_bool() {
                Some(b) => Value::Bool(!b),
                None => self.error(),
            },
            (UnaryOperator::Neg, v) => match v.as_f64() {
                Some(n) => Value::Number(-n),
                None => self.error(),
            },
        }
    }

    fn binary(&mut self, operator: BinaryOperator, lhs: &Value, rhs: &Value) -> Value {
        use BinaryOperator as Op;
        match operator {
            Op::And | Op::Or => {
                let (l, r) = (lhs.as_bool(), rhs.as_bool());
                let wrong = |v: &Value, b: Option<bool>| b.is_none() && *v != Value::Unknown;
                if wrong(lhs, l) || wrong(rhs, r) {
                    return self.error();
                }
                let decisive = operator == Op::Or;
                match (l, r) {
                    (Some(a), _) if a == decisive => Value::Bool(decisive),
                    (_, Some(b)) if b == decisive => Value::Bool(decisive),
                    (Some(_), Some(_)) => Value::Bool(!decisive),
                    _ => Value::Unknown,
                }
            }
            Op::Eq | Op::NotEq => match values_equal(lhs, rhs) {
                Some(equal) => Value::Bool(equal == (operator == Op::Eq)),
                None => Value::Unknown,
            },
            _ => {
                if *lhs == Value::Unknown || *rhs == Value::Unknown {
                    return Value::Unknown;
                }
                let (Some(a), Some(b)) = (lhs.as_f64(), rhs.as_f64()) else {
                    return self.error();
                };
                match operator {
                    Op::Less => Value::Bool(a < b),
                    Op::LessEq => Value::Bool(a <= b),
                    Op::Greater => Value::Bool(a > b),
                    Op::GreaterEq => Value::Bool(a >= b),
                    Op::Plus => Value::Number(a + b),
                    Op::Minus => Value::Number(a - b),
                    Op::Mul => Value::Number(a * b),
                    Op::Div | Op::Mod if b == 0.0 => self.error(),
                    Op::Div => Value::Number(a / b),
                    Op::Mod => Value::Number(a % b),
                    Op::And | Op::Or | Op::Eq | Op::NotEq => Value::Unknown,
                }
            }
        }
    }

    fn eval_for(&mut self, f: &ForExpr) -> Value {
        let collection = self.eval(&f.intro.collection_expr);
        let items: Vec<(Value, Value)> = match collection {
            Value::List(items) => {
                #[allow(clippy::cast_precision_loss)]
                let pairs = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (Value::Number(i as f64), v));
                pairs.collect()
            }
            Value::Object(map) => map
                .into_iter()
                .map(|(k, v)| (Value::String(k), v))
                .collect(),
            Value::Unknown | Value::OneOf(_) => return Value::Unknown,
            _ => return self.error(),
        };
        if items.len() > MAX_ITEMS || !self.charge(items.len()) {
            return Value::Unknown;
        }
        let key_var = f.intro.key_var.as_ref().map(|k| k.as_str().to_owned());
        let value_var = f.intro.value_var.as_str().to_owned();
        let mut list = Vec::new();
        let mut object: BTreeMap<String, Value> = BTreeMap::new();
        for (key, value) in items {
            let vars = match &key_var {
                Some(k) => vec![(k.clone(), key), (value_var.clone(), value)],
                None => vec![(value_var.clone(), value)],
            };
            if self.out_of_steps {
                return Value::Unknown;
            }
            let outcome = self.with_scope(vars, |ev| {
                if let Some(cond) = &f.cond {
                    match ev.eval(&cond.expr).as_bool() {
                        Some(true) => {}
                        Some(false) => return Ok(None),
                        None => return Err(()),
                    }
                }
                let key = match &f.key_expr {
                    Some(key_expr) => match ev.eval(key_expr) {
                        Value::String(s) => Some(s),
                        Value::Number(n) => Some(format_number(n)),
                        Value::Bool(b) => Some(b.to_string()),
                        _ => return Err(()),
                    },
                    None => None,
                };
                Ok(Some((key, ev.eval(&f.value_expr))))
            });
            match outcome {
                Err(()) => return Value::Unknown,
                Ok(None) => {}
                Ok(Some((None, value))) => list.push(value),
                Ok(Some((Some(key), value))) => {
                    if f.grouping {
                        match object.entry(key).or_insert_with(|| Value::List(Vec::new())) {
                            Value::List(group) => group.push(value),
                            _ => return Value::Unknown,
                        }
                    } else if object.insert(key, value).is_some() {
                        // Terraform rejects duplicate keys without `...`.
                        return self.error();
                    }
                }
            }
        }
        if f.key_expr.is_some() {
            Value::Object(object)
        } else {
            Value::List(list)
        }
    }

    /// Applies `f` to one value, or to each alternative of a `OneOf`.
    pub(crate) fn map_alternatives(
        &mut self,
        value: Value,
        mut f: impl FnMut(&mut Self, Value) -> Value,
    ) -> Value {
        match value {
            Value::OneOf(alternatives) => {
                let results: Vec<Value> = alternatives.into_iter().map(|v| f(self, v)).collect();
                Value::one_of(results)
            }
            other => f(self, other),
        }
    }

    /// Applies `f` to the arguments; when some are `OneOf`, to every
    /// combination of their alternatives (at most [`MAX_ALTERNATIVES`]),
    /// giving a `OneOf` of the results.
    pub(crate) fn distribute(
        &mut self,
        args: &[Value],
        mut f: impl FnMut(&mut Self, &[Value]) -> Value,
    ) -> Value {
        if !args.iter().any(|a| matches!(a, Value::OneOf(_))) {
            return f(self, args);
        }
        let mut combinations: usize = 1;
        for arg in args {
            if let Value::OneOf(alternatives) = arg {
                combinations = combinations.saturating_mul(alternatives.len());
            }
        }
        if combinations > MAX_ALTERNATIVES {
            return Value::Unknown;
        }
        let mut results = Vec::with_capacity(combinations);
        for mut n in 0..combinations {
            let combination: Vec<Value> = args
                .iter()
                .map(|arg| match arg {
                    Value::OneOf(alternatives) => {
                        let pick = alternatives[n % alternatives.len()].clone();
                        n /= alternatives.len();
                        pick
                    }
                    other => other.clone(),
                })
                .collect();
            results.push(f(self, &combination));
        }
        Value::one_of(results)
    }
}

/// Deep equality as far as known: `None` when an unknown part decides it.
#[must_use]
pub fn values_equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Unknown | Value::OneOf(_), _) | (_, Value::Unknown | Value::OneOf(_)) => None,
        (Value::Null, Value::Null) => Some(true),
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        #[allow(clippy::float_cmp)]
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::String(x), Value::String(y)) => Some(x == y),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            all_equal(x.iter().zip(y))
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() || x.keys().ne(y.keys()) {
                return Some(false);
            }
            all_equal(x.values().zip(y.values()))
        }
        _ => Some(false),
    }
}

fn all_equal<'v>(pairs: impl Iterator<Item = (&'v Value, &'v Value)>) -> Option<bool> {
    let mut unknown = false;
    for (x, y) in pairs {
        match values_equal(x, y) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

/// A number as Terraform prints it: integers without a fraction.
#[must_use]
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        let i = n as i64;
        i.to_string()
    } else {
        n.to_string()
    }
}
