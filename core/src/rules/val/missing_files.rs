//! VAL024: files read with `file()` or `templatefile()` exist.

use crate::input::FileKind;
use crate::rules::prelude::*;

declare_control! {
    /// Files read with `file()`, `templatefile()`, `filebase64()` and the like, and those an `archive_file` packs, are part of the configuration.
    ///
    /// ## Why it matters
    /// Terraform reads these files while planning (and the `archive_file`
    /// data source zips its `source_file` or `source_dir` then): a path
    /// that does not exist makes `terraform plan` fail ("Invalid value for "path"
    /// parameter: no file exists at …"). A policy document, user-data
    /// script or Lambda package referenced but not delivered with the
    /// configuration means it cannot be deployed as given.
    ///
    /// Only constant paths are judged (`"${path.module}/policy.json"`),
    /// and only when the input holds other files of the same kind (a
    /// folder given as its `.tf` files alone says nothing about its `.json`
    /// files); reads guarded by `fileexists()` or `try()` are not. In a
    /// Markdown answer a missing file is a warning: the answer did not
    /// include it (a block showing it under its name, or a command making
    /// it, counts as included).
    ///
    /// ## Remediation
    /// Add the file next to the configuration, or inline its content:
    ///
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-12345678"
    ///   instance_type = "t3.micro"
    ///   user_data     = templatefile("${path.module}/user_data.sh", { port = 8080 })
    /// }
    /// ```
    pub CONTROL {
        id: "VAL024",
        slug: "missing-files",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform documentation: file Function, templatefile Function",
            "Terraform documentation: Filesystem and Workspace Info (path.module)",
        ],
        peers: &[],
        good: &[
            r#"
# file: main.tf
resource "aws_iam_policy" "app" {
  name   = "app"
  policy = file("${path.module}/policy.json")
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = fileexists("${path.module}/init.sh") ? file("${path.module}/init.sh") : null
}

data "archive_file" "handler" {
  type        = "zip"
  source_dir  = "${path.module}/lambda"
  output_path = "${path.module}/handler.zip"
}

# file: lambda/index.py
def handler(event, context):
    return {}

# file: policy.json
{"Version": "2012-10-17", "Statement": []}
"#,
        ],
        bad: &[
            r#"
# file: main.tf
resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = templatefile("${path.module}/user_data.sh", { port = 8080 }) # expect: fail
}

data "archive_file" "handler" {
  type        = "zip"
  source_file = "${path.module}/lambda/handler.sh" # expect: fail
  output_path = "${path.module}/handler.zip"
}

# file: scripts/setup.sh
echo setup
"#,
        ],
        check,
    }
}

/// Whether a file was extracted from a Markdown answer (its path runs
/// through the answer's name: `lib/MODEL_RESPONSE.md/main.tf`).
fn in_answer(path: &str) -> bool {
    let mut folders: Vec<&str> = path.split('/').collect();
    folders.pop();
    folders
        .iter()
        .any(|folder| FileKind::of_path(folder) == FileKind::Markdown)
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let model = cx.model;
    let mut judged = 0;
    for read in &model.file_reads {
        let Some(resolved) = &read.resolved else {
            continue;
        };
        let path = model
            .files
            .get(read.span.file)
            .map_or("", |f| f.path.as_str());
        let answer = in_answer(path);
        let kind_given = crate::model::extension(resolved)
            .is_some_and(|e| model.other_file_extensions.contains(&e));
        if !answer && !kind_given {
            continue;
        }
        judged += 1;
        if read.found {
            continue;
        }
        let shown = resolved.rsplit('/').next().unwrap_or(resolved);
        let reader = match read.function.strip_prefix("archive_file.") {
            Some(argument) => format!("`{argument}` of `{}`", read.owner),
            None => format!("`{}()`", read.function),
        };
        if answer {
            out.named(
                Outcome::Warn,
                read.owner.clone(),
                &read.span,
                &read.span,
                format!("{reader} reads `{shown}`, and the file was not included in the answer"),
            );
        } else {
            out.named(
                Outcome::Fail,
                read.owner.clone(),
                &read.span,
                &read.span,
                format!(
                    "{reader} reads `{}`, which is not in the input: `terraform plan` fails",
                    read.path
                ),
            );
        }
    }
    if judged > 0 && out.is_empty() {
        out.stack(
            Outcome::Pass,
            "every file read by the configuration is present",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::rules::{evaluate_control, FindingStatus, RuleOptions};
    use crate::InputSet;

    fn statuses(input: &InputSet) -> Vec<(FindingStatus, String, u32)> {
        let model = Model::from_input(input);
        evaluate_control(&super::CONTROL, &model, &RuleOptions::default())
            .findings
            .into_iter()
            .map(|f| {
                let line = f.location.as_ref().map_or(0, |l| l.line);
                (f.status, f.message, line)
            })
            .collect()
    }

    const ANSWER: &str = "Here is the configuration.\n\n```hcl\nresource \"aws_lambda_function\" \"api\" {\n  filename         = \"lambda.zip\"\n  source_code_hash = filebase64sha256(\"lambda.zip\")\n  role             = templatefile(\"${path.module}/role.tpl\", {})\n}\n```\n\n```hcl role.tpl\necho\n```\n";

    #[test]
    fn a_file_missing_from_an_answer_warns_at_the_call() {
        let mut input = InputSet::new();
        input.add("lib/MODEL_RESPONSE.md", ANSWER);
        let found = statuses(&input);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, FindingStatus::Warn);
        assert!(found[0].1.contains("not included in the answer"));
        assert_eq!(found[0].2, 6);
    }

    #[test]
    fn a_folder_of_only_terraform_files_is_not_judged() {
        let mut input = InputSet::new();
        input.add(
            "main.tf",
            "locals {\n  x = file(\"${path.module}/a.json\")\n}\n",
        );
        assert!(statuses(&input).is_empty());
        input.add("notes.txt", "x");
        assert!(statuses(&input).is_empty(), "no .json file was given");
        input.add("other.json", "{}");
        let found = statuses(&input);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, FindingStatus::Fail);
        assert_eq!(found[0].2, 2);
    }
}
