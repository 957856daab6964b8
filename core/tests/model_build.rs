//! Building the model: modules, blocks, variables, multiplicity, comments.

use tfgrade_core::eval::Value;
use tfgrade_core::model::{Mode, Model, Multiplicity};
use tfgrade_core::InputSet;

fn model(files: &[(&str, &str)]) -> Model {
    let mut input = InputSet::new();
    for (path, text) in files {
        input.add(*path, text.as_bytes());
    }
    Model::from_input(&input)
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

#[test]
fn resources_have_evaluated_attributes() {
    let m = model(&[(
        "main.tf",
        r#"
variable "env" { default = "prod" }
locals { name = "logs-${var.env}" }
resource "aws_s3_bucket" "logs" {
  bucket = local.name
  tags   = { Env = upper(var.env) }
}
"#,
    )]);
    assert_eq!(m.resources.len(), 1);
    let r = &m.resources[0];
    assert_eq!(r.address(), "aws_s3_bucket.logs");
    assert_eq!(r.mode, Mode::Managed);
    assert_eq!(r.body().value("bucket"), Some(&s("logs-prod")));
    let tags = r
        .body()
        .value("tags")
        .and_then(Value::as_object)
        .expect("tags");
    assert_eq!(tags.get("Env"), Some(&s("PROD")));
    assert_eq!(
        r.body().attr("bucket").map(|a| a.references.clone()),
        Some(vec!["local.name".to_owned(), "var.env".to_owned()])
    );
    let loc = m.location(&r.block.span);
    assert_eq!((loc.file.as_str(), loc.line, loc.column), ("main.tf", 4, 1));
    let loc = m.location(&r.body().attr("bucket").expect("bucket").span);
    assert_eq!((loc.line, loc.column), (5, 12));
}

#[test]
fn multiplicity_from_count_and_for_each() {
    let m = model(&[(
        "main.tf",
        r#"
variable "create" { default = true }
variable "names" { type = list(string) }
resource "aws_sqs_queue" "one" {}
resource "aws_sqs_queue" "counted" { count = var.create ? 2 : 0 }
resource "aws_sqs_queue" "zero" { count = 0 }
resource "aws_sqs_queue" "each" { for_each = toset(["a", "b", "a"]) }
resource "aws_sqs_queue" "map" { for_each = { x = 1, y = 2, z = 3 } }
resource "aws_sqs_queue" "unknown" { for_each = toset(var.names) }
resource "aws_sqs_queue" "unknown_count" { count = length(aws_subnet.x) }
"#,
    )]);
    let by_name = |n: &str| {
        m.resources
            .iter()
            .find(|r| r.name == n)
            .map(|r| r.multiplicity.clone())
    };
    assert_eq!(by_name("one"), Some(Multiplicity::One));
    assert_eq!(by_name("counted"), Some(Multiplicity::Known(2)));
    assert_eq!(by_name("zero"), Some(Multiplicity::Known(0)));
    assert_eq!(by_name("each"), Some(Multiplicity::Known(2)));
    assert_eq!(by_name("map"), Some(Multiplicity::Known(3)));
    assert_eq!(by_name("unknown"), Some(Multiplicity::Unknown));
    assert_eq!(by_name("unknown_count"), Some(Multiplicity::Unknown));
}

#[test]
fn modules_are_folders() {
    let m = model(&[
        ("main.tf", "resource \"aws_vpc\" \"root\" {}\nmodule \"net\" {\n  source = \"./modules/net\"\n}\n"),
        ("variables.tf", "variable \"x\" {\n  type = list(string)\n  description = \"x\"\n  sensitive = true\n  validation {\n    condition = length(var.x) > 0\n    error_message = \"e\"\n  }\n}\n"),
        ("modules/net/main.tf", "resource \"aws_subnet\" \"a\" {}\n"),
        ("modules/net/outputs.tf", "output \"id\" {\n  value = aws_subnet.a.id\n  description = \"d\"\n}\n"),
        ("lib/MODEL_RESPONSE.md", "## main.tf\n\n```hcl\nresource \"aws_s3_bucket\" \"b\" {}\n```\n"),
        ("tests/basic.tftest.hcl", "run \"one\" {}\nrun \"two\" {}\n"),
        ("test/stack.test.ts", "test('a', () => {});\n"),
    ]);
    let dirs: Vec<&str> = m.modules.iter().map(|m| m.dir.as_str()).collect();
    assert_eq!(dirs, ["", "lib/MODEL_RESPONSE.md", "modules/net"]);
    let root = &m.modules[0];
    assert_eq!(root.files.len(), 2);
    assert_eq!(
        root.module_calls[0].source.as_deref(),
        Some("./modules/net")
    );
    let var = &root.variables[0];
    assert_eq!(var.type_expr.as_deref(), Some("list(string)"));
    assert_eq!(var.description, Some(s("x")));
    assert!(var.sensitive);
    assert_eq!(var.validations, 1);
    assert_eq!(m.modules[2].outputs[0].name, "id");
    let module_of = |name: &str| {
        m.resources
            .iter()
            .find(|r| r.name == name)
            .map(|r| m.modules[r.module].dir.as_str())
    };
    assert_eq!(module_of("root"), Some(""));
    assert_eq!(module_of("a"), Some("modules/net"));
    assert_eq!(module_of("b"), Some("lib/MODEL_RESPONSE.md"));
    assert_eq!(m.tftest_runs, 2);
    let cases: Vec<(&str, usize)> = m
        .test_files
        .iter()
        .map(|t| (t.path.as_str(), t.cases))
        .collect();
    assert_eq!(
        cases,
        [("test/stack.test.ts", 1), ("tests/basic.tftest.hcl", 2)]
    );
}

#[test]
fn terraform_and_provider_blocks() {
    let m = model(&[(
        "versions.tf",
        r#"
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
    random = "~> 3.0"
  }
  backend "s3" {}
}
provider "aws" {
  region = "us-east-1"
  default_tags { tags = { Project = "x" } }
}
check "health" {
  assert {
    condition = true
    error_message = "x"
  }
}
"#,
    )]);
    let module = &m.modules[0];
    let tf = &module.terraform[0];
    assert_eq!(
        tf.required_version.as_ref().map(|a| a.value.clone()),
        Some(s(">= 1.5"))
    );
    assert_eq!(tf.backend.as_deref(), Some("s3"));
    let providers: Vec<(&str, Option<&str>, Option<&str>)> = tf
        .required_providers
        .iter()
        .map(|p| (p.name.as_str(), p.source.as_deref(), p.version.as_deref()))
        .collect();
    assert_eq!(
        providers,
        [
            ("aws", Some("hashicorp/aws"), Some("~> 5.0")),
            ("random", None, Some("~> 3.0"))
        ]
    );
    assert_eq!(module.providers[0].name, "aws");
    assert!(module.providers[0].body.block("default_tags").is_some());
    assert_eq!(module.checks.len(), 1);
}

#[test]
fn comments_above_and_inside_are_captured() {
    let m = model(&[(
        "main.tf",
        "resource \"aws_vpc\" \"v\" {} # trailing, not for the key\n\n# unrelated\n\n# tfgrade:ignore:ENC001 rotation handled elsewhere\n// second line\nresource \"aws_kms_key\" \"k\" {\n  #checkov:skip=CKV_AWS_7:reason\n  description = \"# not a comment\"\n  /* tfsec:ignore:aws-kms-auto-rotate-keys */\n}\n",
    )]);
    let key = m.resources.iter().find(|r| r.name == "k").expect("key");
    let texts: Vec<&str> = key.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "tfgrade:ignore:ENC001 rotation handled elsewhere",
            "second line",
            "checkov:skip=CKV_AWS_7:reason",
            "tfsec:ignore:aws-kms-auto-rotate-keys"
        ]
    );
    let loc = m.location(&key.comments[0].span);
    assert_eq!((loc.line, loc.column), (5, 1));
    let vpc = m.resources.iter().find(|r| r.name == "v").expect("vpc");
    assert!(vpc.comments.is_empty());
}

#[test]
fn dynamic_blocks_and_nested_blocks() {
    let m = model(&[(
        "main.tf",
        r#"
resource "aws_security_group" "sg" {
  ingress {
    from_port = 443
    to_port = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "egress" {
    for_each = var.rules
    content {
      from_port = egress.value.port
      protocol = "tcp"
    }
  }
}
"#,
    )]);
    let body = m.resources[0].body();
    let ingress = body.block("ingress").expect("ingress");
    assert!(!ingress.dynamic);
    assert_eq!(ingress.body.value("from_port"), Some(&Value::Number(443.0)));
    let egress = body.block("egress").expect("egress");
    assert!(egress.dynamic);
    assert_eq!(egress.body.value("from_port"), Some(&Value::Unknown));
    assert_eq!(egress.body.value("protocol"), Some(&s("tcp")));
    assert_eq!(
        egress.body.attr("from_port").map(|a| a.references.len()),
        Some(0)
    );
}

#[test]
fn bad_files_do_not_stop_the_build() {
    let m = model(&[
        ("broken.tf", "resource \"aws_vpc\" \"v\" {\n"),
        (
            "ok.tf",
            "resource \"aws_subnet\" \"s\" { vpc_id = aws_vpc.v.id }\n",
        ),
        (
            "dup.tf",
            "locals { m = { a = 1, a = 2 } }\nresource \"x_thing\" \"t\" { v = local.m }\n",
        ),
        (
            "json.tf.json",
            r#"{"resource": {"aws_sqs_queue": {"q": {"name": "jobs"}}}}"#,
        ),
    ]);
    assert_eq!(m.parse_errors.len(), 1);
    assert_eq!(m.files[m.parse_errors[0].0].path, "broken.tf");
    let t = m
        .resources
        .iter()
        .find(|r| r.resource_type == "x_thing")
        .expect("x_thing");
    assert_eq!(
        t.body().value("v"),
        Some(&Value::Object(
            [("a".to_owned(), Value::Number(2.0))].into()
        ))
    );
    assert!(!m.diagnostics.is_empty());
    let q = m
        .resources
        .iter()
        .find(|r| r.resource_type == "aws_sqs_queue")
        .expect("queue from JSON");
    assert_eq!(q.body().value("name"), Some(&s("jobs")));
    let _ = m.location(&q.body().attr("name").expect("name").span);
}

#[test]
fn variables_record_their_effective_value() {
    let m = model(&[
        ("main.tf", "variable \"env\" { default = \"dev\" }\nvariable \"size\" { default = 1 }\nvariable \"name\" {}\n"),
        ("prod.tfvars", "env = \"prod\"\n"),
    ]);
    let value = |n: &str| {
        m.modules[0]
            .variables
            .iter()
            .find(|v| v.name == n)
            .map(|v| v.value.clone())
    };
    assert_eq!(value("env"), Some(s("prod")));
    assert_eq!(value("size"), Some(Value::Number(1.0)));
    assert_eq!(value("name"), Some(Value::Unknown));
    let env = m.modules[0]
        .variables
        .iter()
        .find(|v| v.name == "env")
        .expect("env");
    assert_eq!(
        env.default.as_ref().map(|d| d.value.clone()),
        Some(s("dev"))
    );
    assert_eq!(m.modules[0].tfvars.len(), 1);
}
