//! String templates and heredocs: literals, `${…}` interpolations and the
//! `%{if}`/`%{for}` directives, with the `~` strip markers applied.

use super::expr::format_number;
use super::{Evaluator, Value, MAX_ALTERNATIVES, MAX_ITEMS, MAX_STRING_LEN, UNKNOWN_MARKER};
use hcl_edit::template::{Directive, Element, Strip, Template};

/// Evaluates a template. A template that is a single interpolation yields
/// the interpolated value itself (`"${var.list}"` is a list), as in Terraform.
pub(crate) fn eval_template(ev: &mut Evaluator<'_>, template: &Template) -> Value {
    if template.len() == 1 {
        if let Some(Element::Interpolation(interp)) = template.get(0) {
            return ev.eval(&interp.expr);
        }
    }
    let mut alternatives = vec![String::new()];
    if render(ev, template, &mut alternatives, Strip::None, Strip::None) {
        Value::one_of(alternatives.into_iter().map(Value::String))
    } else {
        Value::Unknown
    }
}

/// The strip markers an element shows to its neighbours: (towards the
/// previous element, towards the next one).
fn element_strip(element: &Element) -> Strip {
    match element {
        Element::Literal(_) => Strip::None,
        Element::Interpolation(interp) => interp.strip,
        Element::Directive(directive) => match directive.as_ref() {
            Directive::If(d) => Strip::from((
                d.if_expr.strip.strip_start(),
                d.endif_expr.strip.strip_end(),
            )),
            Directive::For(d) => Strip::from((
                d.for_expr.strip.strip_start(),
                d.endfor_expr.strip.strip_end(),
            )),
        },
    }
}

/// Renders a template onto every alternative in `out`. `false` when the
/// result is not known.
fn render(
    ev: &mut Evaluator<'_>,
    template: &Template,
    out: &mut Vec<String>,
    prev_strip: Strip,
    next_strip: Strip,
) -> bool {
    if !ev.enter() {
        return false;
    }
    let ok = render_elements(ev, template, out, prev_strip, next_strip);
    ev.leave();
    ok
}

fn render_elements(
    ev: &mut Evaluator<'_>,
    template: &Template,
    out: &mut Vec<String>,
    prev_strip: Strip,
    next_strip: Strip,
) -> bool {
    let elements: Vec<&Element> = template.iter().collect();
    let len = elements.len();
    for (i, element) in elements.iter().enumerate() {
        let prev = if i == 0 {
            prev_strip
        } else {
            element_strip(elements[i - 1])
        };
        let next = if i + 1 == len {
            next_strip
        } else {
            element_strip(elements[i + 1])
        };
        let ok = match element {
            Element::Literal(literal) => {
                let text = strip_literal(literal.value(), prev, next);
                for s in out.iter_mut() {
                    s.push_str(text);
                }
                true
            }
            Element::Interpolation(interp) => {
                let value = ev.eval(&interp.expr);
                append_value(ev, out, &value)
            }
            Element::Directive(directive) => match directive.as_ref() {
                Directive::If(d) => {
                    let condition = ev.eval(&d.if_expr.cond_expr);
                    let true_next = d.else_expr.as_ref().map_or(d.endif_expr.strip, |e| e.strip);
                    let render_true = |ev: &mut Evaluator<'_>, out: &mut Vec<String>| {
                        render(ev, &d.if_expr.template, out, d.if_expr.strip, true_next)
                    };
                    let render_false =
                        |ev: &mut Evaluator<'_>, out: &mut Vec<String>| match &d.else_expr {
                            Some(else_expr) => render(
                                ev,
                                &else_expr.template,
                                out,
                                else_expr.strip,
                                d.endif_expr.strip,
                            ),
                            None => true,
                        };
                    match condition.as_bool() {
                        Some(true) => render_true(ev, out),
                        Some(false) => render_false(ev, out),
                        None if matches!(condition, Value::Unknown | Value::OneOf(_)) => {
                            let mut other = out.clone();
                            let ok = render_true(ev, out) && render_false(ev, &mut other);
                            out.extend(other);
                            ok && dedup_alternatives(out)
                        }
                        None => {
                            ev.error();
                            false
                        }
                    }
                }
                Directive::For(d) => {
                    let items: Vec<(Value, Value)> = match ev.eval(&d.for_expr.collection_expr) {
                        #[allow(clippy::cast_precision_loss)]
                        Value::List(items) => items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| (Value::Number(i as f64), v))
                            .collect(),
                        Value::Object(map) => map
                            .into_iter()
                            .map(|(k, v)| (Value::String(k), v))
                            .collect(),
                        _ => return false,
                    };
                    if items.len() > MAX_ITEMS || !ev.charge(items.len()) {
                        return false;
                    }
                    let key_var = d.for_expr.key_var.as_ref().map(|k| k.as_str().to_owned());
                    let value_var = d.for_expr.value_var.as_str().to_owned();
                    let mut ok = true;
                    for (key, value) in items {
                        let vars = match &key_var {
                            Some(k) => vec![(k.clone(), key), (value_var.clone(), value)],
                            None => vec![(value_var.clone(), value)],
                        };
                        ok = ev.with_scope(vars, |ev| {
                            render(
                                ev,
                                &d.for_expr.template,
                                out,
                                d.for_expr.strip,
                                d.endfor_expr.strip,
                            )
                        });
                        if !ok || ev.out_of_steps() {
                            ok = false;
                            break;
                        }
                    }
                    ok
                }
            },
        };
        if !ok || out.iter().any(|s| s.len() > MAX_STRING_LEN) {
            return false;
        }
    }
    true
}

/// Appends an interpolated value to every alternative.
fn append_value(ev: &mut Evaluator<'_>, out: &mut Vec<String>, value: &Value) -> bool {
    if *value == Value::Unknown && ev.json_structure() {
        // Policy text with an unknown ARN in it: keep the text readable and
        // mark the hole; the policy reader turns marked strings into Unknown.
        for s in out.iter_mut() {
            s.push_str(UNKNOWN_MARKER);
        }
        return true;
    }
    let pieces: Vec<String> = match value {
        Value::OneOf(alternatives) => {
            let mut pieces = Vec::new();
            for alternative in alternatives {
                match template_string(alternative) {
                    Ok(Some(s)) => pieces.push(s),
                    Ok(None) => return false,
                    Err(()) => {
                        ev.error();
                        return false;
                    }
                }
            }
            pieces
        }
        single => match template_string(single) {
            Ok(Some(s)) => vec![s],
            Ok(None) => return false,
            Err(()) => {
                ev.error();
                return false;
            }
        },
    };
    if pieces.len() == 1 {
        for s in out.iter_mut() {
            s.push_str(&pieces[0]);
        }
        return true;
    }
    if out.len().saturating_mul(pieces.len()) > MAX_ALTERNATIVES {
        return false;
    }
    let mut next = Vec::with_capacity(out.len() * pieces.len());
    for prefix in out.iter() {
        for piece in &pieces {
            next.push(format!("{prefix}{piece}"));
        }
    }
    *out = next;
    dedup_alternatives(out)
}

/// Removes duplicate alternatives; `false` when too many remain.
fn dedup_alternatives(out: &mut Vec<String>) -> bool {
    out.sort();
    out.dedup();
    out.len() <= MAX_ALTERNATIVES
}

/// A value as it appears inside a string: `Ok(None)` when not known,
/// `Err(())` when it cannot appear in a string at all (null, collections).
pub(crate) fn template_string(value: &Value) -> Result<Option<String>, ()> {
    match value {
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(format_number(*n))),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Unknown | Value::OneOf(_) => Ok(None),
        Value::Null | Value::List(_) | Value::Object(_) => Err(()),
    }
}

// Strips all whitespace next to a strip marker (`~`), line breaks included, as
// HCL's own parser does (hcl-rs stops after the first line break; Terraform
// does not).
fn strip_literal(mut literal: &str, prev_strip: Strip, next_strip: Strip) -> &str {
    if prev_strip.strip_end() {
        literal = literal.trim_start();
    }
    if next_strip.strip_start() {
        literal = literal.trim_end();
    }
    literal
}
