//! The validity gate of RUBRIC.md section 3: whether the configuration
//! could deploy at all. It is not scored in points: an answer none of
//! whose files parse (or that holds no Terraform) is `broken` and graded F;
//! one with a file that does not parse or a failing VAL control is
//! `invalid` and capped at D.

use crate::input::FileKind;
use crate::model::Model;
use crate::rules::{Category, ControlResult, Status};
use serde::Serialize;

/// Whether the configuration could deploy, as far as tfgrade can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValidityStatus {
    /// Every file parses and no validity control fails.
    Valid,
    /// Some file does not parse, or a validity control fails: `terraform
    /// validate`, plan or the API would reject it.
    Invalid,
    /// Nothing parses, or there is no Terraform at all (a prose-only
    /// answer): nothing could deploy.
    Broken,
    /// No input: nothing to grade.
    Empty,
}

impl ValidityStatus {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ValidityStatus::Valid => "valid",
            ValidityStatus::Invalid => "invalid",
            ValidityStatus::Broken => "broken",
            ValidityStatus::Empty => "empty",
        }
    }
}

/// The validity verdict with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validity {
    pub status: ValidityStatus,
    /// One sentence: why the configuration is (not) valid.
    pub summary: String,
    /// Terraform files that do not parse.
    pub parse_errors: usize,
    /// Failing validity (VAL) controls, in registry order.
    pub failing_controls: Vec<&'static str>,
}

/// Terraform-syntax files that hold configuration (not variable values or
/// tests): `.tf`, `.tf.json` and the blocks extracted from Markdown.
fn is_configuration(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::Terraform | FileKind::TerraformJson | FileKind::Markdown
    )
}

/// Whether the model declares anything Terraform would act on.
fn declares_anything(model: &Model) -> bool {
    !model.resources.is_empty()
        || model.modules.iter().any(|m| {
            !m.variables.is_empty()
                || !m.locals.is_empty()
                || !m.outputs.is_empty()
                || !m.providers.is_empty()
                || !m.terraform.is_empty()
                || !m.module_calls.is_empty()
        })
}

/// Judges validity from the model (parse errors, declarations), the VAL
/// controls' results and whether the input held anything at all.
#[must_use]
pub fn judge(model: &Model, results: &[ControlResult], has_content: bool) -> Validity {
    let configuration: Vec<usize> = (0..model.files.len())
        .filter(|&id| {
            is_configuration(
                model
                    .file_kinds
                    .get(id)
                    .copied()
                    .unwrap_or(FileKind::Terraform),
            )
        })
        .collect();
    let parse_errors = model
        .parse_errors
        .iter()
        .filter(|(file, _)| configuration.contains(file))
        .count();
    let failing_controls: Vec<&'static str> = results
        .iter()
        .filter(|r| r.control.category == Category::Val && r.status == Status::Fail)
        .map(|r| r.control.id)
        .collect();
    let (status, summary) = if !has_content {
        (
            ValidityStatus::Empty,
            "nothing to grade: the input is empty".to_string(),
        )
    } else if !configuration.is_empty() && parse_errors == configuration.len() {
        (
            ValidityStatus::Broken,
            format!(
                "broken: none of the {} Terraform file(s) parses, so nothing could deploy",
                configuration.len()
            ),
        )
    } else if !declares_anything(model) {
        (
            ValidityStatus::Broken,
            "broken: the input holds no Terraform configuration (prose only, or empty code blocks)"
                .to_string(),
        )
    } else if parse_errors > 0 || !failing_controls.is_empty() {
        let mut reasons = Vec::new();
        if parse_errors > 0 {
            reasons.push(format!(
                "{parse_errors} of {} Terraform file(s) do not parse",
                configuration.len()
            ));
        }
        if !failing_controls.is_empty() {
            reasons.push(format!(
                "validity control(s) {} fail",
                failing_controls.join(", ")
            ));
        }
        (
            ValidityStatus::Invalid,
            format!(
                "invalid: {}; `terraform validate`, plan or the AWS API would reject it",
                reasons.join(" and ")
            ),
        )
    } else {
        (
            ValidityStatus::Valid,
            "valid: every file parses and no validity control fails".to_string(),
        )
    };
    Validity {
        status,
        summary,
        parse_errors,
        failing_controls,
    }
}
