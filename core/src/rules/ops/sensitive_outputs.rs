//! OPS013: outputs that expose secrets are marked sensitive.

use crate::model::Output;
use crate::rules::prelude::*;

declare_control! {
    /// Outputs that expose passwords, secrets, keys or tokens set `sensitive = true`.
    ///
    /// ## Why it matters
    /// Terraform prints output values after every `apply` and `terraform
    /// output`, so a secret output ends up in CI logs, terminal scroll-back
    /// and screenshots. `sensitive = true` redacts it in the CLI output
    /// (the value stays readable with `terraform output -raw` for the
    /// automation that needs it). An output is taken to expose a secret
    /// when its name says so (`password`, `pass`, `pwd`, `secret`, `token`,
    /// `private_key`, `api_key`, `access_key`, `credentials`; not names
    /// ending in `_id`, `_arn` or `_name`), when its value refers to a
    /// variable marked `sensitive` or named like a secret, or when it refers
    /// to a resource that holds one (`random_password`, `tls_private_key`,
    /// `aws_iam_access_key`, `aws_secretsmanager_secret_version`,
    /// `aws_iam_user_login_profile`), unless its name says it is a public
    /// part (an ID, ARN, name or public key). Other outputs are not judged.
    ///
    /// ## Remediation
    /// Mark the output sensitive (better still, output the secret's ARN and
    /// let consumers read it from Secrets Manager):
    ///
    /// ```hcl
    /// output "db_password" {
    ///   description = "Master password of the database."
    ///   value       = random_password.db.result
    ///   sensitive   = true
    /// }
    /// ```
    pub CONTROL {
        id: "OPS013",
        slug: "sensitive-outputs",
        category: Category::Ops,
        severity: Severity::High,
        scope: Scope::Everything,
        references: &[
            "Terraform Language: Output values (sensitive: suppressing values in CLI output)",
            "Terraform Tutorial: Protect sensitive input variables",
        ],
        peers: &[],
        good: &[
            r#"
resource "random_password" "db" {
  length = 24
}

output "db_password" {
  description = "Master password of the database."
  value       = random_password.db.result
  sensitive   = true
}

# Known only after apply, but not a secret: not judged.
output "db_password_length" {
  description = "Length of the generated password."
  value       = random_password.db.length
}
"#,
            r#"
variable "api_token" {
  type      = string
  sensitive = true
}

output "token_for_clients" {
  description = "Token the clients use."
  value       = var.api_token
  sensitive   = true
}
"#,
        ],
        bad: &[
            r#"
resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  username       = "app"
  password       = var.db_password
}

variable "db_password" {
  type = string
}

output "db_password" { # expect: fail
  description = "Master password."
  value       = aws_db_instance.main.password
}
"#,
            // Named innocently, but the value is a generated private key.
            r#"
resource "tls_private_key" "deploy" {
  algorithm = "ED25519"
}

output "deploy_key" {
  description = "SSH key for the deploy user."
  value       = tls_private_key.deploy.private_key_openssh
  sensitive   = false # expect: fail
}
"#,
        ],
        check,
    }
}

/// Name parts that make a name non-secret even though it contains a
/// secret-like word (`secret_arn`, `password_length`, `access_key_id`).
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "_arn",
    "_arns",
    "_id",
    "_ids",
    "_name",
    "_names",
    "_length",
    "_version",
    "_policy",
    "_enabled",
    "_days",
    "_rotation",
    "_kms_key_id",
    "_path",
    "_type",
];

/// Whether a name (output, variable or local) suggests a secret.
fn secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if NOT_SECRET_SUFFIXES.iter().any(|s| n.ends_with(s)) || n.contains("public") {
        return false;
    }
    let tokens: Vec<&str> = n.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    n.contains("password")
        || n.contains("passwd")
        || n.contains("secret")
        || n.contains("private_key")
        || n.contains("privatekey")
        || n.contains("api_key")
        || n.contains("apikey")
        || n.contains("access_key")
        || n.contains("credential")
        || tokens
            .iter()
            .any(|t| matches!(*t, "pass" | "pwd" | "token" | "tokens") || t.ends_with("token"))
}

/// Whether a name says the value is a public or identifying part.
fn public_part(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "id"
        || NOT_SECRET_SUFFIXES.iter().any(|s| n.ends_with(s))
        || n.contains("public")
        || n.contains("fingerprint")
}

/// Resource types whose interesting attributes are secrets.
const SECRET_HOLDERS: &[&str] = &[
    "random_password",
    "tls_private_key",
    "aws_iam_access_key",
    "aws_secretsmanager_secret_version",
    "aws_iam_user_login_profile",
];

/// Why an output exposes a secret, or `None`.
fn exposes_secret(cx: &RuleContext<'_>, output: &Output) -> Option<String> {
    if secret_name(&output.name) {
        return Some(format!("its name `{}` says it holds a secret", output.name));
    }
    let value = output.body.attr("value")?;
    let variables = &cx.model.modules[output.module].variables;
    for reference in &value.references {
        let base = base_address(reference);
        if let Some(name) = base.strip_prefix("var.") {
            if let Some(v) = variables.iter().find(|v| v.name == name) {
                if v.sensitive {
                    return Some(format!("it refers to the sensitive variable `{base}`"));
                }
            }
            if secret_name(name) {
                return Some(format!("it refers to `{base}`"));
            }
        } else if let Some(name) = base.strip_prefix("local.") {
            if secret_name(name) {
                return Some(format!("it refers to `{base}`"));
            }
        } else if !public_part(&output.name) {
            let resource_type = base
                .trim_start_matches("data.")
                .split('.')
                .next()
                .unwrap_or("");
            if SECRET_HOLDERS.contains(&resource_type) {
                return Some(format!("it refers to `{base}`, which holds a secret"));
            }
        }
    }
    None
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for output in cx.model.modules.iter().flat_map(|m| m.outputs.iter()) {
        let Some(why) = exposes_secret(cx, output) else {
            continue;
        };
        let address = format!("output.{}", output.name);
        match setting(&output.body, "sensitive", flag(false)) {
            Setting::Holds(_) => {
                out.named(
                    Outcome::Pass,
                    &address,
                    &output.span,
                    &output.span,
                    "`sensitive = true`",
                );
            }
            Setting::Absent => {
                out.named(
                    Outcome::Fail,
                    &address,
                    &output.span,
                    &output.span,
                    format!("exposes a secret ({why}) but is not marked `sensitive`"),
                );
            }
            Setting::Violated(attr) => {
                out.named(
                    Outcome::Fail,
                    &address,
                    &output.span,
                    &attr.span,
                    format!("exposes a secret ({why}) but sets `sensitive = false`"),
                );
            }
            Setting::Unknown(attr) => {
                out.named(
                    Outcome::Unknown,
                    &address,
                    &output.span,
                    &attr.span,
                    format!("could not be determined: {}", why_unknown(attr)),
                );
            }
        }
    }
}
