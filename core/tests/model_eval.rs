//! The evaluator: literals, templates, operators, functions, and how unknown
//! values and conditionals with unknown conditions propagate.

use std::collections::BTreeMap;
use tfgrade_core::eval::{eval_str, Judgement, Value};
use tfgrade_core::model::Model;
use tfgrade_core::InputSet;

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

fn obj(pairs: &[(&str, Value)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// Evaluates `expr` as the attribute `v` of a resource in a module with `prelude`.
fn eval_in(prelude: &str, expr: &str) -> Value {
    eval_in_files(&[(
        "main.tf",
        &format!("{prelude}\nresource \"x_thing\" \"t\" {{\n  v = {expr}\n}}\n"),
    )])
}

fn eval_in_files(files: &[(&str, &str)]) -> Value {
    let mut input = InputSet::new();
    for (path, text) in files {
        input.add(*path, text.as_bytes());
    }
    let model = Model::from_input(&input);
    let resource = model
        .resources
        .iter()
        .find(|r| r.resource_type == "x_thing")
        .expect("resource x_thing");
    resource.body().value("v").cloned().expect("attribute v")
}

#[test]
fn literals_and_collections() {
    assert_eq!(eval_str("null"), Value::Null);
    assert_eq!(eval_str("true"), Value::Bool(true));
    assert_eq!(eval_str("42"), n(42.0));
    assert_eq!(eval_str("1.5e3"), n(1500.0));
    assert_eq!(eval_str("\"hi\""), s("hi"));
    assert_eq!(
        eval_str("[1, \"a\", false]"),
        list(vec![n(1.0), s("a"), Value::Bool(false)])
    );
    assert_eq!(
        eval_str("{ a = 1, \"b-c\" = 2, (\"d\") = 3 }"),
        obj(&[("a", n(1.0)), ("b-c", n(2.0)), ("d", n(3.0))])
    );
    // An unknown key makes the whole object unknown.
    assert_eq!(eval_str("{ (aws_s3_bucket.x.id) = 1 }"), Value::Unknown);
    // An unknown element keeps the list's shape.
    assert_eq!(
        eval_str("[1, aws_s3_bucket.x.id]"),
        list(vec![n(1.0), Value::Unknown])
    );
}

#[test]
fn templates_interpolate_known_parts() {
    assert_eq!(eval_str("\"a-${1 + 1}-${true}\""), s("a-2-true"));
    assert_eq!(eval_str("\"${aws_s3_bucket.x.arn}/*\""), Value::Unknown);
    // A template that is one interpolation yields the value itself.
    assert_eq!(eval_str("\"${[1, 2]}\""), list(vec![n(1.0), n(2.0)]));
    assert_eq!(eval_str("\"$${literal} %%{x}\""), s("${literal} %{x}"));
    assert_eq!(eval_str("\"%{if true}yes%{else}no%{endif}\""), s("yes"));
    assert_eq!(
        eval_str("\"%{for x in [1, 2, 3]}${x},%{endfor}\""),
        s("1,2,3,")
    );
    assert_eq!(
        eval_str("\"%{for k, v in {a = 1}}${k}=${v}%{endfor}\""),
        s("a=1")
    );
    assert_eq!(
        eval_str("\"%{for x in aws_subnet.a}${x}%{endfor}\""),
        Value::Unknown
    );
    assert_eq!(eval_str("\"x %{~ if true ~} y %{~ endif ~} \""), s("xy"));
    // An unknown condition gives both renderings.
    assert_eq!(
        eval_str("\"%{if var.x}on%{else}off%{endif}\""),
        Value::OneOf(vec![s("off"), s("on")])
    );
}

#[test]
fn heredocs_keep_lines_and_strip_indentation() {
    let text = "<<EOF\n{\n  \"a\": ${1}\n}\nEOF";
    assert_eq!(eval_str(text), s("{\n  \"a\": 1\n}\n"));
    let indented = "<<-EOT\n    line one\n      line two\n    EOT";
    assert_eq!(eval_str(indented), s("line one\n  line two\n"));
}

#[test]
fn operators_on_known_operands() {
    assert_eq!(eval_str("1 + 2 * 3"), n(7.0));
    assert_eq!(eval_str("(10 - 4) / 4"), n(1.5));
    assert_eq!(eval_str("7 % 3"), n(1.0));
    assert_eq!(eval_str("-(2)"), n(-2.0));
    assert_eq!(eval_str("!false"), Value::Bool(true));
    assert_eq!(eval_str("\"a\" == \"a\""), Value::Bool(true));
    assert_eq!(eval_str("1 != 1"), Value::Bool(false));
    assert_eq!(eval_str("\"1\" == 1"), Value::Bool(false));
    assert_eq!(eval_str("3 < 2 || 2 >= 2"), Value::Bool(true));
    assert_eq!(eval_str("[1, {a = 2}] == [1, {a = 2}]"), Value::Bool(true));
    // Unknown operands: unknown, except where one side decides.
    assert_eq!(eval_str("var.x + 1"), Value::Unknown);
    assert_eq!(eval_str("var.x == \"a\""), Value::Unknown);
    assert_eq!(eval_str("false && var.x"), Value::Bool(false));
    assert_eq!(eval_str("var.x || true"), Value::Bool(true));
    assert_eq!(eval_str("1 / 0"), Value::Unknown);
}

#[test]
fn conditionals_pick_a_branch_or_keep_both() {
    assert_eq!(eval_str("true ? \"a\" : \"b\""), s("a"));
    assert_eq!(eval_str("1 > 2 ? \"a\" : \"b\""), s("b"));
    let either = eval_str("var.k == \"\" ? \"AES256\" : \"aws:kms\"");
    assert_eq!(either, Value::OneOf(vec![s("AES256"), s("aws:kms")]));
    let encrypted = |v: &Value| Some(matches!(v.as_str(), Some("AES256" | "aws:kms")));
    assert_eq!(either.judge(&encrypted), Judgement::Holds);
    // Nested unknown conditionals flatten; equal branches collapse.
    assert_eq!(
        eval_str("var.a ? \"x\" : (var.b ? \"y\" : \"x\")"),
        Value::OneOf(vec![s("x"), s("y")])
    );
    assert_eq!(eval_str("var.a ? 1 : 1"), n(1.0));
    // A branch that is itself unknown makes the whole value unknown.
    assert_eq!(eval_str("var.a ? aws_kms_key.k.arn : null"), Value::Unknown);
    // Alternatives flow through functions and templates.
    assert_eq!(
        eval_str("upper(var.a ? \"x\" : \"y\")"),
        Value::OneOf(vec![s("X"), s("Y")])
    );
    assert_eq!(
        eval_str("\"${var.a ? \"x\" : \"y\"}-1\""),
        Value::OneOf(vec![s("x-1"), s("y-1")])
    );
}

#[test]
fn traversals_index_and_splat_known_values() {
    assert_eq!(eval_str("{a = {b = [10, 20]}}.a.b[1]"), n(20.0));
    assert_eq!(eval_str("{a = 1}[\"a\"]"), n(1.0));
    assert_eq!(
        eval_str("[{id = 1}, {id = 2}][*].id"),
        list(vec![n(1.0), n(2.0)])
    );
    assert_eq!(
        eval_str("[{id = 1}, {id = 2}].*.id"),
        list(vec![n(1.0), n(2.0)])
    );
    assert_eq!(
        eval_str("[[1, 2], [3, 4]][*][0]"),
        list(vec![n(1.0), n(3.0)])
    );
    assert_eq!(eval_str("aws_subnet.a[*].id"), Value::Unknown);
    assert_eq!(eval_str("{a = 1}.missing"), Value::Unknown);
}

#[test]
fn for_expressions_over_known_collections() {
    assert_eq!(
        eval_str("[for x in [1, 2, 3] : x * 2 if x != 2]"),
        list(vec![n(2.0), n(6.0)])
    );
    assert_eq!(
        eval_str("{for k, v in {a = 1, b = 2} : v => k}"),
        obj(&[("1", s("a")), ("2", s("b"))])
    );
    assert_eq!(
        eval_str("{for x in [\"a\", \"b\", \"a\"] : x => x...}"),
        obj(&[("a", list(vec![s("a"), s("a")])), ("b", list(vec![s("b")]))])
    );
    assert_eq!(eval_str("[for x in var.list : x]"), Value::Unknown);
    assert_eq!(eval_str("[for x in [1, 2] : x if var.c]"), Value::Unknown);
    // Output size is bounded.
    assert_eq!(eval_str("[for x in range(20000) : x]"), Value::Unknown);
    assert_eq!(eval_str("length([for x in range(100) : x])"), n(100.0));
}

#[test]
fn encoding_functions() {
    assert_eq!(
        eval_str("jsonencode({b = [1, true, null], a = \"x\"})"),
        s(r#"{"a":"x","b":[1,true,null]}"#)
    );
    assert_eq!(
        eval_str("jsonencode({a = \"<&>\"})"),
        s(r#"{"a":"\u003c\u0026\u003e"}"#)
    );
    assert_eq!(
        eval_str("jsonencode({a = aws_s3_bucket.x.arn})"),
        Value::Unknown
    );
    assert_eq!(
        eval_str("jsondecode(\"{\\\"a\\\": [1, 2.5]}\")"),
        obj(&[("a", list(vec![n(1.0), n(2.5)]))])
    );
    assert_eq!(eval_str("jsondecode(\"not json\")"), Value::Unknown);
}

#[test]
fn collection_functions() {
    assert_eq!(
        eval_str("merge({a = 1, b = 1}, {b = 2}, null)"),
        obj(&[("a", n(1.0)), ("b", n(2.0))])
    );
    assert_eq!(eval_str("merge({a = 1}, var.tags)"), Value::Unknown);
    assert_eq!(
        eval_str("concat([1], [2, 3], [])"),
        list(vec![n(1.0), n(2.0), n(3.0)])
    );
    assert_eq!(eval_str("length({a = 1, b = 2})"), n(2.0));
    assert_eq!(eval_str("length(\"héllo\")"), n(5.0));
    assert_eq!(eval_str("length([aws_s3_bucket.x.id])"), n(1.0));
    assert_eq!(eval_str("lookup({a = 1}, \"a\", 0)"), n(1.0));
    assert_eq!(eval_str("lookup({a = 1}, \"b\", 0)"), n(0.0));
    assert_eq!(eval_str("element([\"a\", \"b\"], 3)"), s("b"));
    assert_eq!(
        eval_str("contains([\"a\", \"b\"], \"b\")"),
        Value::Bool(true)
    );
    assert_eq!(eval_str("contains([\"a\"], \"b\")"), Value::Bool(false));
    assert_eq!(eval_str("keys({b = 1, a = 2})"), list(vec![s("a"), s("b")]));
    assert_eq!(
        eval_str("values({b = 1, a = 2})"),
        list(vec![n(2.0), n(1.0)])
    );
    assert_eq!(
        eval_str("toset([\"b\", \"a\", \"b\"])"),
        list(vec![s("a"), s("b")])
    );
    assert_eq!(eval_str("tolist([1])"), list(vec![n(1.0)]));
    assert_eq!(eval_str("coalesce(null, \"\", \"x\")"), s("x"));
    assert_eq!(eval_str("coalesce(var.a, \"x\")"), Value::Unknown);
    assert_eq!(
        eval_str("flatten([[1, [2]], 3])"),
        list(vec![n(1.0), n(2.0), n(3.0)])
    );
    assert_eq!(eval_str("distinct([1, 1, 2])"), list(vec![n(1.0), n(2.0)]));
    assert_eq!(eval_str("compact([\"a\", \"\", null])"), list(vec![s("a")]));
    assert_eq!(eval_str("zipmap([\"a\"], [1])"), obj(&[("a", n(1.0))]));
    assert_eq!(eval_str("range(3)"), list(vec![n(0.0), n(1.0), n(2.0)]));
    assert_eq!(eval_str("one([])"), Value::Null);
    assert_eq!(eval_str("max(1, 5, 3)"), n(5.0));
    assert_eq!(eval_str("[\"x\", \"y\"]..."), Value::Unknown);
    assert_eq!(eval_str("max([4, 9]...)"), n(9.0));
}

#[test]
fn string_functions() {
    assert_eq!(
        eval_str("format(\"%s-%03d-%v-%q\", \"a\", 7, true, \"q\")"),
        s("a-007-true-\"q\"")
    );
    assert_eq!(eval_str("format(\"%s\", var.x)"), Value::Unknown);
    assert_eq!(eval_str("lower(\"AbC\")"), s("abc"));
    assert_eq!(eval_str("upper(\"abc\")"), s("ABC"));
    assert_eq!(eval_str("tostring(5)"), s("5"));
    assert_eq!(eval_str("tostring(1.5)"), s("1.5"));
    assert_eq!(eval_str("tonumber(\"42\")"), n(42.0));
    assert_eq!(eval_str("tobool(\"true\")"), Value::Bool(true));
    assert_eq!(eval_str("join(\",\", [\"a\", \"b\"], [\"c\"])"), s("a,b,c"));
    assert_eq!(
        eval_str("split(\",\", \"a,b\")"),
        list(vec![s("a"), s("b")])
    );
    assert_eq!(eval_str("replace(\"a-b-c\", \"-\", \"_\")"), s("a_b_c"));
    assert_eq!(eval_str("replace(\"abc\", \"/b/\", \"x\")"), Value::Unknown);
    assert_eq!(eval_str("trimspace(\"  x \\n\")"), s("x"));
    assert_eq!(eval_str("substr(\"hello\", 1, 3)"), s("ell"));
    assert_eq!(eval_str("title(\"hello world\")"), s("Hello World"));
    assert_eq!(
        eval_str("startswith(\"arn:aws\", \"arn:\")"),
        Value::Bool(true)
    );
}

#[test]
fn network_functions() {
    assert_eq!(
        eval_str("cidrsubnet(\"10.0.0.0/16\", 8, 1)"),
        s("10.0.1.0/24")
    );
    assert_eq!(
        eval_str("cidrsubnet(\"2600:1f14::/56\", 8, 255)"),
        s("2600:1f14:0:ff::/64")
    );
    assert_eq!(
        eval_str("[for i in range(2) : cidrsubnet(\"10.0.0.0/16\", 4, i)]"),
        list(vec![s("10.0.0.0/20"), s("10.0.16.0/20")])
    );
    assert_eq!(eval_str("cidrhost(\"10.0.0.0/24\", 5)"), s("10.0.0.5"));
    assert_eq!(eval_str("cidrsubnet(var.cidr, 8, 1)"), Value::Unknown);
}

#[test]
fn try_and_can_tell_errors_from_unknowns() {
    assert_eq!(eval_str("try({a = 1}.b, \"default\")"), s("default"));
    assert_eq!(eval_str("try({a = 1}.a, \"default\")"), n(1.0));
    // An unknown first argument might succeed at apply time.
    assert_eq!(
        eval_str("try(aws_s3_bucket.x.id, \"default\")"),
        Value::Unknown
    );
    assert_eq!(
        eval_str("try(lookup({}, \"k\"), tonumber(\"x\"), 3)"),
        n(3.0)
    );
    assert_eq!(eval_str("can(tonumber(\"x\"))"), Value::Bool(false));
    assert_eq!(eval_str("can(tonumber(\"1\"))"), Value::Bool(true));
    assert_eq!(eval_str("can(var.x)"), Value::Unknown);
}

#[test]
fn unknown_functions_and_references_are_unknown() {
    assert_eq!(eval_str("md5(\"x\")"), Value::Unknown);
    assert_eq!(eval_str("provider::aws::arn_parse(\"x\")"), Value::Unknown);
    assert_eq!(
        eval_str("data.aws_caller_identity.current.account_id"),
        Value::Unknown
    );
    assert_eq!(eval_str("module.vpc.vpc_id"), Value::Unknown);
    assert_eq!(eval_str("each.value"), Value::Unknown);
    assert_eq!(eval_str("count.index"), Value::Unknown);
}

#[test]
fn deep_nesting_is_bounded() {
    let deep = format!("{}1{}", "[".repeat(60), "]".repeat(60));
    assert!(matches!(eval_str(&deep), Value::List(_)));
    let very_deep = format!("{}1{}", "(".repeat(400), ")".repeat(400));
    // Parses or not, evaluation must not overflow the stack.
    let _ = eval_str(&very_deep);
    let conditional_chain: String = (0..200)
        .map(|i| format!("var.c{i} ? {i} : "))
        .collect::<String>()
        + "0";
    let _ = eval_str(&conditional_chain);
}

#[test]
fn variables_take_tfvars_over_defaults() {
    let main = r#"
variable "env" { default = "dev" }
variable "region" { default = "us-east-1" }
variable "no_default" {}
resource "x_thing" "t" {
  v = [var.env, var.region, var.no_default, var.undeclared]
}
"#;
    let value = eval_in_files(&[("main.tf", main)]);
    assert_eq!(
        value,
        list(vec![
            s("dev"),
            s("us-east-1"),
            Value::Unknown,
            Value::Unknown
        ])
    );
    let value = eval_in_files(&[
        ("main.tf", main),
        ("terraform.tfvars", "env = \"prod\"\nno_default = 3\n"),
        ("z.auto.tfvars", "env = \"staging\"\n"),
    ]);
    assert_eq!(
        value,
        list(vec![s("staging"), s("us-east-1"), n(3.0), Value::Unknown])
    );
    // tfvars of another folder do not apply.
    let value = eval_in_files(&[
        ("main.tf", main),
        ("other/terraform.tfvars", "env = \"prod\"\n"),
    ]);
    assert_eq!(
        value,
        list(vec![
            s("dev"),
            s("us-east-1"),
            Value::Unknown,
            Value::Unknown
        ])
    );
}

#[test]
fn locals_chain_across_files() {
    let value = eval_in_files(&[
        (
            "locals.tf",
            "locals {\n  prefix = \"app\"\n  name = \"${local.prefix}-${local.env}\"\n}\n",
        ),
        (
            "more.tf",
            "locals { env = var.env }\nvariable \"env\" { default = \"prod\" }\n",
        ),
        (
            "main.tf",
            "resource \"x_thing\" \"t\" { v = upper(local.name) }\n",
        ),
    ]);
    assert_eq!(value, s("APP-PROD"));
}

#[test]
fn local_cycles_are_unknown() {
    let prelude =
        "locals {\n  a = local.b\n  b = \"${local.a}x\"\n  self = local.self\n  ok = 1\n}\n";
    assert_eq!(
        eval_in(prelude, "[local.a, local.self, local.ok]"),
        list(vec![Value::Unknown, Value::Unknown, n(1.0)])
    );
}

#[test]
fn long_local_chains_are_bounded() {
    let mut prelude = String::from("locals {\n  l0 = 1\n");
    for i in 1..400 {
        prelude.push_str(&format!("  l{i} = local.l{} + 1\n", i - 1));
    }
    prelude.push_str("}\n");
    // Within the budget the chain evaluates; beyond it the value is unknown, never a crash.
    assert_eq!(eval_in(&prelude, "local.l50"), n(51.0));
    let _ = eval_in(&prelude, "local.l399");
}

#[test]
fn file_reads_files_of_the_input() {
    let main = "resource \"x_thing\" \"t\" {\n  v = [file(\"policy.json\"), file(\"${path.module}/policy.json\"), file(\"missing.json\")]\n}\n";
    let value = eval_in_files(&[("stack/main.tf", main), ("stack/policy.json", "{\"a\": 1}")]);
    assert_eq!(
        value,
        list(vec![s("{\"a\": 1}"), s("{\"a\": 1}"), Value::Unknown])
    );
    let main = "resource \"x_thing\" \"t\" {\n  v = templatefile(\"${path.module}/t.tpl\", { name = \"x\", items = [1, 2] })\n}\n";
    let value = eval_in_files(&[
        ("main.tf", main),
        ("t.tpl", "hello ${name}:%{ for i in items }${i}%{ endfor }"),
    ]);
    assert_eq!(value, s("hello x:12"));
}

#[test]
fn agrees_with_hcl_rs_on_fully_known_expressions() {
    use hcl::eval::{Context, Evaluate};
    let cases = [
        "1 + 2 * 3 - 4 / 2",
        "\"a\" == \"a\" && !(1 > 2)",
        "[for x in [1, 2, 3] : x * x if x > 1]",
        "{for k, v in {a = 1, b = 2} : k => v + 1}",
        "true ? \"yes\" : \"no\"",
        "\"x-${1 + 1}-%{if true}t%{endif}\"",
        "[[1, 2], [3]][*][0]",
        "{a = {b = [5, 6]}}.a.b[1]",
    ];
    for case in cases {
        let ours = eval_str(case);
        let expr: hcl::Expression = case.parse().expect("hcl-rs parses");
        let theirs = expr.evaluate(&Context::new()).expect("hcl-rs evaluates");
        let theirs_json = serde_json::to_value(&theirs).expect("json");
        let ours_json = tfgrade_core::eval::to_json(&ours).expect("known");
        // Numbers: compare as f64 (hcl-rs keeps integers).
        let normalise = |v: serde_json::Value| {
            serde_json::from_str::<serde_json::Value>(
                &v.to_string()
                    .replace(".0,", ",")
                    .replace(".0]", "]")
                    .replace(".0}", "}"),
            )
            .expect("json")
        };
        assert_eq!(normalise(ours_json), normalise(theirs_json), "{case}");
    }
}

const STACK: usize = 1 << 20;

/// The worst nesting the parser lets through, behind a long chain of locals,
/// evaluates on a 1 MiB stack (the browser's default is about that) even in
/// a debug build.
#[test]
fn worst_case_nesting_fits_a_small_stack() {
    // The resource comes first, so its evaluation walks the chain down
    // (rather than reusing locals evaluated in order).
    let mut text =
        String::from("resource \"x_thing\" \"t\" { v = local.l299 }\nlocals {\n  l0 = 1\n");
    for i in 1..300 {
        let nested = format!("{}local.l{}{}", "[".repeat(30), i - 1, "]".repeat(30));
        text.push_str(&format!(
            "  l{i} = {i} > 0 ? merge({{a = {nested}}}, {{}}) : \"${{local.l{}}}\"\n",
            i - 1
        ));
    }
    text.push_str("}\n");
    let mut input = InputSet::new();
    input.add("main.tf", text.into_bytes());
    // Parsing is the parse layer's business (and has its own bound).
    let read = tfgrade_core::parse::read_input(&input);
    assert!(read.files[0].body.is_ok());
    let handle = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || tfgrade_core::model::build(&read).resources.len())
        .expect("thread");
    assert_eq!(handle.join().expect("no stack overflow"), 1);
}
