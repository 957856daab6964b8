//! The report is a function of the input alone: the same input set twice,
//! and the same files given in other orders, give byte-identical JSON (and
//! SARIF and Markdown). Every `HashMap` made in this process has its own
//! random seed, so output that follows a hash map's order differs between
//! two runs here with high probability.

use tfgrade_core::profile::Profile;
use tfgrade_core::{analyze, AnalysisOptions, InputSet};

/// A mixed configuration: modules, JSON syntax, tfvars, a Markdown answer,
/// a policy file read by `file()`, duplicate object keys, suppressions, a
/// parse error and test files, with findings of every status.
fn files() -> Vec<(&'static str, Vec<u8>)> {
    let main = r#"
provider "aws" {
  region = var.region
  default_tags {
    tags = { Project = "demo", Owner = "team" }
  }
}

resource "aws_kms_key" "main" {
  description         = "main key"
  enable_key_rotation = var.rotate
}

resource "aws_s3_bucket" "logs" {
  bucket = "${var.prefix}-logs"
  tags   = { port = 80, port = 443 }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true
}

# tfgrade:ignore:ENC001 rotated by an external process
resource "aws_kms_key" "legacy" {
  enable_key_rotation = false
}

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "egress" {
    for_each = var.egress_ports
    content {
      from_port   = egress.value
      to_port     = egress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}

resource "aws_iam_policy" "admin" {
  policy = file("${path.module}/policy.json")
}

resource "aws_iam_role" "app" {
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_db_instance" "db" {
  engine                  = "postgres"
  storage_encrypted       = false
  backup_retention_period = 1
  publicly_accessible     = true
  password                = "hunter2hunter2"
}

resource "aws_cloudwatch_log_group" "app" {
  retention_in_days = 3
}

module "network" {
  source = "./modules/network"
  cidr   = "10.0.0.0/16"
}
"#;
    let variables = r#"
variable "region" { default = "us-east-1" }
variable "prefix" {
  type    = string
  default = "demo"
}
variable "rotate" { type = bool }
variable "egress_ports" { default = [443, 80] }
"#;
    let network = r#"
variable "cidr" {}
resource "aws_vpc" "this" {
  cidr_block = var.cidr
}
resource "aws_subnet" "public" {
  count                   = 2
  vpc_id                  = aws_vpc.this.id
  cidr_block              = cidrsubnet(var.cidr, 8, count.index)
  map_public_ip_on_launch = true
}
"#;
    let network_json = r#"{
  "resource": {
    "aws_flow_log": {"vpc": {"vpc_id": "${aws_vpc.this.id}", "traffic_type": "ALL"}},
    "aws_s3_bucket": {"b": [{"bucket": "net-${var.cidr}", "//": "a comment"}]}
  },
  "output": {"vpc_id": {"value": "${aws_vpc.this.id}"}}
}"#;
    let policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let answer = "Here is the stack.\n\n## modules/app/main.tf\n```hcl\nresource \"aws_s3_bucket\" \"app\" {\n  bucket = \"app\"\n}\n```\n\n**modules/app/outputs.tf**\n```terraform\noutput \"id\" { value = aws_s3_bucket.app.id }\n```\n\n```hcl\n# modules/app/broken.tf\nresource \"x\" {\n```\n";
    let tftest = "run \"plan\" {\n  command = plan\n}\nrun \"apply\" {}\n";
    let unit_test = "describe('stack', () => {\n  it('has a bucket', () => {});\n  test('has a key', () => {});\n});\n";
    let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
    bom_crlf.extend_from_slice(b"output \"bucket\" {\r\n  value = aws_s3_bucket.logs.arn\r\n}\r\n");
    vec![
        ("main.tf", main.into()),
        ("variables.tf", variables.into()),
        ("outputs.tf", bom_crlf),
        ("terraform.tfvars", b"rotate = false\n".to_vec()),
        ("prod.tfvars.json", br#"{"prefix": "prod"}"#.to_vec()),
        ("policy.json", policy.into()),
        ("broken.tf", b"locals {\n  a = [1, 2\n}\n".to_vec()),
        ("modules/network/main.tf", network.into()),
        ("modules/network/extra.tf.json", network_json.into()),
        ("MODEL_RESPONSE.md", answer.into()),
        ("tests/stack.tftest.hcl", tftest.into()),
        ("test/stack.unit.test.ts", unit_test.into()),
    ]
}

fn input_set(files: &[(&str, Vec<u8>)]) -> InputSet {
    let mut input = InputSet::new();
    for (path, bytes) in files {
        input.add(*path, bytes.clone());
    }
    input
}

/// The orders to try: as written, reversed, rotated, and a few fixed
/// pseudo-random shuffles (a linear congruential generator, so that a
/// failure reproduces).
fn orders(count: usize) -> Vec<Vec<usize>> {
    let identity: Vec<usize> = (0..count).collect();
    let mut orders = vec![identity.clone()];
    orders.push(identity.iter().rev().copied().collect());
    let mut rotated = identity.clone();
    rotated.rotate_left(count / 2);
    orders.push(rotated);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..5 {
        let mut shuffled = identity.clone();
        for i in (1..count).rev() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from(state >> 33).unwrap_or(0) % (i + 1);
            shuffled.swap(i, j);
        }
        orders.push(shuffled);
    }
    orders
}

/// Every rendering of the report, for comparison.
fn renderings(input: &InputSet, options: &AnalysisOptions) -> [String; 3] {
    let report = analyze(input, options);
    [report.to_json(), report.to_sarif(), report.to_markdown()]
}

fn assert_same(expected: &[String; 3], actual: &[String; 3], what: &str) {
    for (format, (expected, actual)) in ["JSON", "SARIF", "Markdown"]
        .iter()
        .zip(expected.iter().zip(actual))
    {
        if expected != actual {
            let first_difference = expected
                .bytes()
                .zip(actual.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(expected.len().min(actual.len()));
            let from = first_difference.saturating_sub(200);
            panic!(
                "{what}: {format} differs at byte {first_difference}:\nexpected …{}\nactual   …{}",
                expected
                    .get(from..first_difference + 200)
                    .unwrap_or(expected),
                actual.get(from..first_difference + 200).unwrap_or(actual),
            );
        }
    }
}

#[test]
fn same_input_twice_gives_identical_reports() {
    let files = files();
    for profile in Profile::ALL {
        let options = AnalysisOptions {
            profile,
            ..AnalysisOptions::default()
        };
        let first = renderings(&input_set(&files), &options);
        let second = renderings(&input_set(&files), &options);
        assert_same(&first, &second, &format!("profile {}", profile.name()));
    }
}

#[test]
fn file_order_does_not_change_the_report() {
    let files = files();
    let options = AnalysisOptions::default();
    let expected = renderings(&input_set(&files), &options);
    // The report is not trivial: it has findings, a parse error and the
    // Markdown answer's files.
    assert!(expected[0].contains("\"fail\""), "some control fails");
    assert!(
        expected[0].contains("broken.tf"),
        "the parse error is listed"
    );
    assert!(
        expected[0].contains("MODEL_RESPONSE.md/modules/app/main.tf"),
        "the answer's blocks are files"
    );
    for order in orders(files.len()).into_iter().skip(1) {
        let permuted: Vec<(&str, Vec<u8>)> = order.iter().map(|&i| files[i].clone()).collect();
        let actual = renderings(&input_set(&permuted), &options);
        assert_same(&expected, &actual, &format!("order {order:?}"));
    }
}

#[test]
fn comparison_mode_is_deterministic_in_both_inputs_orders() {
    let files = files();
    let reference: Vec<(&str, Vec<u8>)> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".tf") || path.ends_with(".json"))
        .cloned()
        .collect();
    let options_for = |reference: &[(&str, Vec<u8>)]| AnalysisOptions {
        reference: Some(input_set(reference)),
        prompt: Some("Create an encrypted S3 bucket in us-west-2 with a KMS key.".to_owned()),
        ..AnalysisOptions::default()
    };
    let expected = renderings(&input_set(&files), &options_for(&reference));
    assert!(expected[0].contains("\"comparison\""));
    let candidate_orders = orders(files.len());
    let reference_orders = orders(reference.len());
    for (candidate_order, reference_order) in candidate_orders.iter().zip(&reference_orders) {
        let candidate: Vec<(&str, Vec<u8>)> =
            candidate_order.iter().map(|&i| files[i].clone()).collect();
        let permuted_reference: Vec<(&str, Vec<u8>)> = reference_order
            .iter()
            .map(|&i| reference[i].clone())
            .collect();
        let actual = renderings(&input_set(&candidate), &options_for(&permuted_reference));
        assert_same(
            &expected,
            &actual,
            &format!("candidate order {candidate_order:?}, reference order {reference_order:?}"),
        );
    }
}
