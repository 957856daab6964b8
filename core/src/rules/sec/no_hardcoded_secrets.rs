//! SEC018: no secrets written into the configuration.

use crate::model::Variable;
use crate::rules::prelude::*;

declare_control! {
    /// No password, secret, token or key is written into the configuration as a literal.
    ///
    /// ## Why it matters
    /// A literal secret in Terraform is copied into every clone of the
    /// repository, every CI log that prints the plan, every fork and
    /// backup, and it stays in Git history after it is "removed". It cannot
    /// be rotated without a commit, and everyone with read access to the
    /// code has it. The same holds for a password-like variable whose
    /// default is the real value, for provider access keys, and for keys
    /// placed in Lambda environment variables. Credentials belong in
    /// Secrets Manager (generated with `random_password` or managed by the
    /// service), referenced at apply time.
    ///
    /// ## Remediation
    /// Generate or fetch the secret instead of writing it:
    ///
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   # ...
    ///   username                    = "app"
    ///   manage_master_user_password = true
    /// }
    ///
    /// variable "api_token" {
    ///   type      = string
    ///   sensitive = true # no default: supplied at apply time
    /// }
    /// ```
    pub CONTROL {
        id: "SEC018",
        slug: "no-hardcoded-secrets",
        category: Category::Sec,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "AWS Well-Architected Framework, Security Pillar: SEC02-BP03 Store and use secrets securely",
            "AWS Prescriptive Guidance: Best practices for using the Terraform AWS Provider (never hard-code credentials)",
            "CWE-798: Use of Hard-coded Credentials",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_41").partial(),
            Peer::checkov("CKV_AWS_45").partial(),
            Peer::kics("Hardcoded AWS access key").partial(),
        ],
        good: &[
            r#"
resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  username                    = "app"
  manage_master_user_password = true
}
"#,
            // A password variable without a default.
            r#"
variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_rds_cluster" "main" {
  engine          = "aurora-postgresql"
  master_username = "app"
  master_password = var.db_password
}
"#,
        ],
        bad: &[
            r#"
resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  username       = "app"
  password       = "SuperSecret123!" # expect: fail
}
"#,
            // A password-like variable with a real default.
            r#"
variable "db_password" {
  type    = string
  default = "changeme-2024" # expect: fail
}

resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  password       = var.db_password
}
"#,
            r#"
provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE" # expect: fail
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # expect: fail
}
"#,
            r#"
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::111122223333:role/fn"
  runtime       = "python3.12"
  handler       = "app.handler"
  environment {
    variables = { # expect: fail
      API_TOKEN = "tok_live_8f2a9c41d7"
      REGION    = "us-east-1"
    }
  }
}
"#,
        ],
        check,
    }
}

/// Name suffixes and words that make an attribute name non-secret even
/// though it contains a secret-like word (`secret_arn`, `password_length`).
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "_arn",
    "_id",
    "_ids",
    "_name",
    "_names",
    "_length",
    "_version",
    "_type",
    "_policy",
    "_enabled",
    "_days",
    "_count",
    "_prefix",
    "_path",
    "_required",
    "_reset_required",
    "_wo_version",
    "_rotation",
    "_kms_key_id",
    "_validity",
    "_validity_units",
    "_mode",
    "_source",
    "_arns",
];

/// Whether an attribute (or map key) name suggests a secret.
#[must_use]
fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if NOT_SECRET_SUFFIXES.iter().any(|s| n.ends_with(s)) || n.starts_with("manage_") || n == "key"
    {
        return false;
    }
    n.contains("password")
        || n.contains("passwd")
        || n.contains("secret")
        || n.ends_with("token")
        || n.ends_with("api_key")
        || n.ends_with("apikey")
        || n.ends_with("access_key")
        || n.ends_with("private_key")
        || n.ends_with("auth_key")
}

/// A value that reads as a real credential (non-empty, not an ARN, not a
/// reference-like placeholder).
fn is_literal_secret(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && !t.starts_with("arn:")
        && !t.starts_with("${")
        && !t.starts_with("{{resolve:")
        // Service endpoints (`endpoints { secretsmanager = "http://…" }`).
        && !t.starts_with("http://")
        && !t.starts_with("https://")
}

/// An AWS access key ID (`AKIA…`/`ASIA…` and 16 upper-case letters or digits).
fn contains_access_key_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(20).any(|w| {
        (w.starts_with(b"AKIA") || w.starts_with(b"ASIA"))
            && w[4..]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

/// Whether an attribute's value was written as a literal: its only
/// references (if any) are locals, which are themselves literals here.
fn written_literally(attr: &Attribute) -> bool {
    attr.references.iter().all(|r| r.starts_with("local."))
}

/// Findings for one attribute: a secret-named literal, a map with
/// secret-named literal entries, or an access key ID anywhere.
fn literal_secret(attr: &Attribute) -> Option<String> {
    if !written_literally(attr) {
        return None;
    }
    match &attr.value {
        Value::String(s) if is_secret_name(&attr.name) && is_literal_secret(s) => {
            Some(format!("`{}` is a literal", attr.name))
        }
        Value::String(s) if contains_access_key_id(s) => {
            Some(format!("`{}` contains an AWS access key ID", attr.name))
        }
        Value::Object(map) if attr.name != "tags" && attr.name != "tags_all" => {
            let keys: Vec<&str> = map
                .iter()
                .filter(|(k, v)| match v {
                    Value::String(s) => {
                        (is_secret_name(k) && is_literal_secret(s)) || contains_access_key_id(s)
                    }
                    _ => false,
                })
                .map(|(k, _)| k.as_str())
                .collect();
            (!keys.is_empty()).then(|| {
                format!(
                    "`{}` holds literal secrets ({})",
                    attr.name,
                    keys.join(", ")
                )
            })
        }
        _ => None,
    }
}

/// Walks a body: literal secrets found, and whether anything secret-named
/// was seen at all (so the resource is judged).
fn scan(body: &Body, found: &mut Vec<(Span, String)>, seen: &mut bool) {
    for attr in &body.attributes {
        if is_secret_name(&attr.name) {
            *seen = true;
        }
        if let Some(message) = literal_secret(attr) {
            found.push((attr.span.clone(), message));
        }
    }
    // A provider's `endpoints` block maps service names to URLs.
    for block in body.blocks.iter().filter(|b| b.kind != "endpoints") {
        scan(&block.body, found, seen);
    }
}

/// Resource types that take credentials, judged even when they hold none.
const CREDENTIAL_HOLDERS: &[&str] = &[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_redshift_cluster",
    "aws_docdb_cluster",
];

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx
        .model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed && exists(r))
    {
        let mut found = Vec::new();
        let mut seen = CREDENTIAL_HOLDERS.contains(&r.resource_type.as_str());
        scan(r.body(), &mut found, &mut seen);
        for (span, message) in &found {
            out.fail(r, span, message.clone());
        }
        if found.is_empty() && seen {
            out.pass(r, "no literal secrets");
        }
    }
    for module in &cx.model.modules {
        for provider in &module.providers {
            let mut found = Vec::new();
            let mut seen = false;
            scan(&provider.body, &mut found, &mut seen);
            let address = format!("provider.{}", provider.name);
            for (span, message) in &found {
                out.named(
                    Outcome::Fail,
                    address.clone(),
                    &provider.span,
                    span,
                    message.clone(),
                );
            }
        }
        for variable in &module.variables {
            judge_variable(variable, out);
        }
    }
}

fn judge_variable(variable: &Variable, out: &mut Verdicts) {
    if !is_secret_name(&variable.name) {
        return;
    }
    let address = format!("var.{}", variable.name);
    match variable.default.as_ref().map(|d| (d, &d.value)) {
        Some((d, Value::String(s))) if is_literal_secret(s) => {
            out.named(
                Outcome::Fail,
                address,
                &variable.span,
                &d.span,
                format!(
                    "password-like variable `{}` has a literal default",
                    variable.name
                ),
            );
        }
        _ => {
            out.named(
                Outcome::Pass,
                address,
                &variable.span,
                &variable.span,
                "no literal default",
            );
        }
    }
}
