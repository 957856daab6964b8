//! The one entry point: [`analyze`] reads an input set (and optionally a
//! reference and a prompt), runs every control and returns the [`Report`].
//! It is a pure function of its arguments: no I/O, no clock, no
//! randomness.

use crate::compare::{Comparison, Overlap};
use crate::input::InputSet;
use crate::model::build_with_files;
use crate::parse::{read_input, ReadInput};
use crate::profile::{Profile, Requirements};
use crate::prompt;
use crate::report::{self, GradedAgainst, Grading, Report};
use crate::rules::aln::reference_overlap::resource_types;
use crate::rules::{evaluate, RuleOptions, Status};
use std::collections::BTreeSet;

/// What to analyse against.
#[derive(Debug, Clone)]
pub struct AnalysisOptions {
    pub profile: Profile,
    /// Explicit requirement overrides; they win over what the prompt
    /// implies.
    pub requirements: Requirements,
    /// The task prompt, whose requirements are extracted with the lexicon
    /// (see [`crate::prompt`]).
    pub prompt: Option<String>,
    /// A reference ("ideal") answer: enables comparison mode.
    pub reference: Option<InputSet>,
    /// Honour suppression comments (`--no-suppressions` turns this off).
    pub suppressions: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            profile: Profile::Task,
            requirements: Requirements::new(),
            prompt: None,
            reference: None,
            suppressions: true,
        }
    }
}

/// Analyses `candidate`: requirements from the prompt and the overrides,
/// every control, scores, and in comparison mode the same for the
/// reference and the comparison of both.
#[must_use]
pub fn analyze(candidate: &InputSet, options: &AnalysisOptions) -> Report {
    let reference = options.reference.as_ref().map(ParsedInput::read);
    analyze_parsed(&ParsedInput::read(candidate), reference.as_ref(), options)
}

/// An input set with its files already read and parsed (by
/// [`read_input`], or per file with [`crate::parse::read_file`] spread over
/// threads and joined by [`crate::parse::assemble`]).
pub struct ParsedInput<'a> {
    pub input: &'a InputSet,
    pub read: ReadInput,
}

impl<'a> ParsedInput<'a> {
    #[must_use]
    pub fn read(input: &'a InputSet) -> Self {
        Self {
            input,
            read: read_input(input),
        }
    }
}

/// [`analyze`] for inputs parsed beforehand; `options.reference` is not
/// read (the reference is `reference`).
#[must_use]
pub fn analyze_parsed(
    candidate: &ParsedInput<'_>,
    reference: Option<&ParsedInput<'_>>,
    options: &AnalysisOptions,
) -> Report {
    let extracted = options
        .prompt
        .as_deref()
        .map(prompt::extract)
        .unwrap_or_default();
    let (requirements, stated) = prompt::resolve(&extracted, &options.requirements);
    let required_controls = requirements.controls();

    let model = build_with_files(&candidate.read, Some(candidate.input));
    let reference = reference.map(|r| {
        let model = build_with_files(&r.read, Some(r.input));
        let types = resource_types(&model);
        (model, types, r.input.has_content())
    });
    let mut rule_options = RuleOptions {
        profile: options.profile,
        requirements,
        suppressions: options.suppressions,
        reference_resource_types: reference.as_ref().map(|(_, types, _)| types.clone()),
        reference_presence: BTreeSet::new(),
    };
    // In profile `task`, account-wide controls the reference meets are part
    // of the task: judge them on both sides.
    if let Some((reference_model, _, _)) = &reference {
        rule_options.reference_presence = evaluate(reference_model, &rule_options)
            .iter()
            .filter(|r| r.control.scope.is_presence())
            .filter(|r| r.status == Status::Pass || r.judged == Some(Status::Pass))
            .map(|r| r.control.id)
            .collect();
    }
    let against = match (options.prompt.is_some(), reference.is_some()) {
        (true, _) => GradedAgainst::Task,
        (false, true) => GradedAgainst::Reference,
        (false, false) => GradedAgainst::Declared,
    };
    let results = evaluate(&model, &rule_options);
    let grading = Grading {
        profile: options.profile,
        suppressions: options.suppressions,
        requirements: stated,
        required_controls: &required_controls,
        against,
    };
    let mut report = report::build(
        &model,
        &results,
        grading.clone(),
        candidate.input.has_content(),
    );

    if let Some((reference_model, reference_types, reference_has_content)) = &reference {
        // The same options; the reference's own overlap with itself is 1.
        let reference_results = evaluate(reference_model, &rule_options);
        let reference_report = report::build(
            reference_model,
            &reference_results,
            grading,
            *reference_has_content,
        );
        let overlap = Overlap::of(&resource_types(&model), reference_types);
        report.comparison = Some(Comparison::build(
            &report.controls,
            &reference_report.controls,
            reference_report.files,
            reference_report.total,
            reference_report.categories,
            overlap,
        ));
    }
    report
}
