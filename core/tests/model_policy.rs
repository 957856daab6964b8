//! Policy documents from all four sources, and what stays unknown.

use std::collections::BTreeMap;
use tfgrade_core::eval::Value;
use tfgrade_core::model::{LinkKind, Model, PolicyDocument};
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

fn strings(items: &[&str]) -> Value {
    Value::List(items.iter().map(|i| s(i)).collect())
}

fn doc<'m>(m: &'m Model, owner: &str, attribute: &str) -> &'m PolicyDocument {
    m.policies
        .iter()
        .find(|p| m.resource(p.owner).address() == owner && p.attribute == attribute)
        .unwrap_or_else(|| panic!("no policy {owner} {attribute}"))
}

#[test]
fn jsonencode_documents_keep_known_parts_around_unknown_arns() {
    let m = model(&[(
        "main.tf",
        r#"
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "${aws_s3_bucket.b.arn}/*"
    }, {
      Sid      = "Admin"
      Effect   = "Allow"
      Action   = ["*"]
      Resource = "*"
    }]
  })
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = { Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }
  })
  inline_policy {
    name   = "inline"
    policy = jsonencode({ Statement = [{ Effect = "Deny", NotAction = "iam:*", Resource = "*" }] })
  }
}
"#,
    )]);
    let p = doc(&m, "aws_iam_policy.p", "policy");
    let statements = p.statements.as_ref().expect("determined");
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0].effect.as_deref(), Some("Allow"));
    assert_eq!(statements[0].actions, strings(&["s3:GetObject"]));
    assert_eq!(statements[0].resources, Value::List(vec![Value::Unknown]));
    assert_eq!(statements[1].sid.as_deref(), Some("Admin"));
    assert_eq!(statements[1].actions, strings(&["*"]));
    assert_eq!(statements[1].resources, strings(&["*"]));
    assert_eq!(statements[1].principals, Value::Null);

    let trust = doc(&m, "aws_iam_role.r", "assume_role_policy");
    let trust = trust.statements.as_ref().expect("determined");
    assert_eq!(trust.len(), 1);
    let expected: BTreeMap<String, Value> =
        [("Service".to_owned(), strings(&["ec2.amazonaws.com"]))].into();
    assert_eq!(trust[0].principals, Value::Object(expected));

    let inline = doc(&m, "aws_iam_role.r", "inline_policy.policy");
    let inline = inline.statements.as_ref().expect("determined");
    assert_eq!(inline[0].effect.as_deref(), Some("Deny"));
    assert_eq!(inline[0].not_actions, strings(&["iam:*"]));
    assert_eq!(inline[0].actions, Value::Null);
}

#[test]
fn heredoc_and_quoted_json_documents() {
    let m = model(&[(
        "main.tf",
        r#"
resource "aws_s3_bucket_policy" "b" {
  bucket = "x"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::x/*"
    }
  ]
}
POLICY
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = "u"
  policy    = "{\"Statement\": {\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"*\"}, \"Action\": \"sqs:*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}}}"
}
"#,
    )]);
    let b = doc(&m, "aws_s3_bucket_policy.b", "policy")
        .statements
        .as_ref()
        .expect("determined");
    assert_eq!(b[0].principals, s("*"));
    assert_eq!(b[0].resources, strings(&["arn:aws:s3:::x/*"]));
    let q = doc(&m, "aws_sqs_queue_policy.q", "policy")
        .statements
        .as_ref()
        .expect("determined");
    assert_eq!(q[0].effect.as_deref(), Some("Deny"));
    let principal: BTreeMap<String, Value> = [("AWS".to_owned(), strings(&["*"]))].into();
    assert_eq!(q[0].principals, Value::Object(principal));
    let condition = q[0]
        .conditions
        .as_object()
        .and_then(|c| c.get("Bool"))
        .and_then(Value::as_object);
    assert_eq!(
        condition.and_then(|c| c.get("aws:SecureTransport")),
        Some(&s("false"))
    );
}

#[test]
fn policy_document_data_sources_are_documents_and_feed_resources() {
    let m = model(&[(
        "main.tf",
        r#"
data "aws_iam_policy_document" "trail" {
  statement {
    sid       = "AllowCloudTrail"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/AWSLogs/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
  statement {
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_s3_bucket" "logs" {}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.trail.json
}
"#,
    )]);
    let data = doc(&m, "data.aws_iam_policy_document.trail", "json");
    let statements = data.statements.as_ref().expect("determined");
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0].sid.as_deref(), Some("AllowCloudTrail"));
    assert_eq!(statements[0].effect.as_deref(), Some("Allow"));
    assert_eq!(statements[0].actions, strings(&["s3:PutObject"]));
    assert_eq!(statements[0].resources, Value::List(vec![Value::Unknown]));
    let service: BTreeMap<String, Value> =
        [("Service".to_owned(), strings(&["cloudtrail.amazonaws.com"]))].into();
    assert_eq!(statements[0].principals, Value::Object(service));
    let condition = statements[0]
        .conditions
        .as_object()
        .and_then(|c| c.get("StringEquals"))
        .and_then(Value::as_object);
    assert_eq!(
        condition.and_then(|c| c.get("s3:x-amz-acl")),
        Some(&strings(&["bucket-owner-full-control"]))
    );
    assert_eq!(statements[1].principals, s("*"));
    let loc = m.location(&statements[1].span);
    assert_eq!(loc.line, 17);

    let policy = doc(&m, "aws_s3_bucket_policy.logs", "policy");
    assert_eq!(policy.statements, data.statements);
    let from = m
        .resources
        .iter()
        .find(|r| r.address() == "aws_s3_bucket_policy.logs")
        .expect("policy");
    let targets: Vec<String> = m
        .linked_to(from.id, LinkKind::Reference)
        .map(|r| r.address())
        .collect();
    assert_eq!(
        targets,
        ["data.aws_iam_policy_document.trail", "aws_s3_bucket.logs"]
    );
}

#[test]
fn fully_known_data_source_renders_json_text() {
    let m = model(&[(
        "main.tf",
        r#"
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
  }
}
resource "x_thing" "t" {
  v = data.aws_iam_policy_document.d.json
  w = jsondecode(data.aws_iam_policy_document.d.json).Statement[0].Effect
}
"#,
    )]);
    let t = m
        .resources
        .iter()
        .find(|r| r.resource_type == "x_thing")
        .expect("thing");
    assert_eq!(
        t.body().value("v"),
        Some(&s(
            r#"{"Statement":[{"Action":["kms:*"],"Effect":"Allow","Resource":["*"]}],"Version":"2012-10-17"}"#
        ))
    );
    assert_eq!(t.body().value("w"), Some(&s("Allow")));
}

#[test]
fn file_documents_are_read_when_in_the_input() {
    let m = model(&[
        (
            "main.tf",
            r#"
resource "aws_iam_policy" "from_file" { policy = file("${path.module}/policies/admin.json") }
resource "aws_iam_policy" "missing" { policy = file("nowhere.json") }
"#,
        ),
        (
            "policies/admin.json",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        ),
    ]);
    let admin = doc(&m, "aws_iam_policy.from_file", "policy")
        .statements
        .as_ref()
        .expect("determined");
    assert_eq!(admin[0].actions, strings(&["*"]));
    assert_eq!(doc(&m, "aws_iam_policy.missing", "policy").statements, None);
}

#[test]
fn undeterminable_documents_have_no_statements() {
    let m = model(&[(
        "main.tf",
        r#"
variable "policy" {}
resource "aws_iam_policy" "var" { policy = var.policy }
resource "aws_iam_policy" "either" { policy = var.x ? jsonencode({Statement = []}) : var.policy }
resource "aws_iam_policy" "partly" {
  policy = jsonencode({ Statement = concat([{ Effect = "Allow", Action = "s3:*", Resource = "*" }], var.more) })
}
resource "aws_lb_listener" "l" { ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" }
resource "aws_appautoscaling_policy" "a" { policy = "not json" }
"#,
    )]);
    assert_eq!(doc(&m, "aws_iam_policy.var", "policy").statements, None);
    assert_eq!(doc(&m, "aws_iam_policy.either", "policy").statements, None);
    assert_eq!(doc(&m, "aws_iam_policy.partly", "policy").statements, None);
    // Attributes that are not policies, or known text that is not JSON, make no document.
    assert!(m
        .policies
        .iter()
        .all(|p| !m.resource(p.owner).resource_type.starts_with("aws_lb")));
    assert!(m
        .policies
        .iter()
        .all(|p| m.resource(p.owner).resource_type != "aws_appautoscaling_policy"));
}

#[test]
fn heredoc_documents_with_unknown_interpolations_keep_their_structure() {
    let m = model(&[(
        "main.tf",
        r#"
data "aws_caller_identity" "current" {}
resource "aws_kms_key" "k" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}
EOF
}
resource "aws_iam_policy" "unquoted" {
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": ${jsonencode(var.actions)}, "Resource": "*"}]}
EOF
}
"#,
    )]);
    let k = doc(&m, "aws_kms_key.k", "policy")
        .statements
        .as_ref()
        .expect("determined");
    assert_eq!(k[0].actions, strings(&["kms:*"]));
    let principal: BTreeMap<String, Value> =
        [("AWS".to_owned(), Value::List(vec![Value::Unknown]))].into();
    assert_eq!(k[0].principals, Value::Object(principal));
    // The attribute itself stays unknown: only the policy reader sees the structure.
    let key = m
        .resources
        .iter()
        .find(|r| r.resource_type == "aws_kms_key")
        .expect("key");
    assert_eq!(key.body().value("policy"), Some(&Value::Unknown));
    assert_eq!(
        doc(&m, "aws_iam_policy.unquoted", "policy").statements,
        None
    );
}

#[test]
fn counted_policy_document_data_sources_are_followed() {
    let m = model(&[(
        "main.tf",
        r#"
variable "enabled" { default = true }
data "aws_iam_policy_document" "d" {
  count = var.enabled ? 1 : 0
  statement {
    actions   = ["sns:Publish"]
    resources = ["*"]
  }
}
resource "aws_sns_topic_policy" "p" {
  arn    = "x"
  policy = data.aws_iam_policy_document.d[0].json
}
"#,
    )]);
    let p = doc(&m, "aws_sns_topic_policy.p", "policy")
        .statements
        .as_ref()
        .expect("determined");
    assert_eq!(p[0].actions, strings(&["sns:Publish"]));
    assert_eq!(m.location(&p[0].span).line, 5);
}
