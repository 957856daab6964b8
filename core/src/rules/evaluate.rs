//! Running controls on a model: verdicts become findings with locations,
//! suppressions are applied, and each control gets one status.

use super::context::RuleContext;
use super::control::Control;
use super::registry;
use super::verdict::{Outcome, Subject, Verdicts};
use crate::model::{Location, Model};
use crate::profile::{Presence, Profile, Requirements};
use crate::suppress::{Suppression, SuppressionIndex};
use serde::{Serialize, Serializer};
use std::collections::BTreeSet;

/// How to evaluate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleOptions {
    pub profile: Profile,
    pub requirements: Requirements,
    /// Honour suppression comments (on by default; `--no-suppressions`
    /// turns them off so suppressed findings count again).
    pub suppressions: bool,
    /// Comparison mode: the resource types the reference configuration
    /// declares (ALN003 compares the candidate's with them); `None`
    /// without a reference, which makes ALN003 n/a.
    pub reference_resource_types: Option<BTreeSet<String>>,
    /// Presence controls the reference answer meets (comparison mode): in
    /// profile `task` the reference shows the task wants them, so they are
    /// scored for the candidate too.
    pub reference_presence: BTreeSet<&'static str>,
}

impl Default for RuleOptions {
    fn default() -> Self {
        Self {
            profile: Profile::Baseline,
            requirements: Requirements::new(),
            suppressions: true,
            reference_resource_types: None,
            reference_presence: BTreeSet::new(),
        }
    }
}

impl RuleOptions {
    /// Whether the task asks for this control: a requirement names it or,
    /// in comparison mode, the reference meets it (presence controls).
    #[must_use]
    pub fn asks_for(&self, control: &Control) -> bool {
        self.requirements.requires_control(control.id)
            || self.reference_presence.contains(control.id)
    }
}

/// A control's result on a configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    #[serde(rename = "pass")]
    Pass,
    #[serde(rename = "warn")]
    Warn,
    #[serde(rename = "fail")]
    Fail,
    /// The verdict depends on values that cannot be known statically:
    /// listed, left out of the score.
    #[serde(rename = "unknown")]
    Unknown,
    /// An account-wide control the task did not ask for: judged and shown,
    /// not scored (profile `task`).
    #[serde(rename = "advice")]
    Advice,
    /// Nothing to judge, or off in this profile.
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl Status {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::Advice => "advice",
            Status::NotApplicable => "n/a",
        }
    }

    /// Whether the status earns or loses points (pass, warn, fail).
    #[must_use]
    pub fn is_scored(self) -> bool {
        matches!(self, Status::Pass | Status::Warn | Status::Fail)
    }
}

/// The status of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingStatus {
    Pass,
    Warn,
    Fail,
    /// Depends on a value that cannot be known statically.
    Unknown,
    /// A warn or fail silenced by a suppression comment.
    Suppressed,
}

impl FindingStatus {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            FindingStatus::Pass => "pass",
            FindingStatus::Warn => "warn",
            FindingStatus::Fail => "fail",
            FindingStatus::Unknown => "unknown",
            FindingStatus::Suppressed => "suppressed",
        }
    }
}

impl From<Outcome> for FindingStatus {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Pass => FindingStatus::Pass,
            Outcome::Warn => FindingStatus::Warn,
            Outcome::Fail => FindingStatus::Fail,
            Outcome::Unknown => FindingStatus::Unknown,
        }
    }
}

/// One judged thing, located.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub status: FindingStatus,
    /// `aws_kms_key.main`, `var.db_password`; `None` for stack findings.
    pub resource: Option<String>,
    /// Where the finding points; `None` for stack (presence) findings.
    pub location: Option<Location>,
    pub message: String,
    /// Set when a comment suppressed the finding.
    pub suppression: Option<Suppression>,
    /// Other places involved.
    pub secondary: Vec<Location>,
}

/// One control's result: its status and everything it judged.
#[derive(Debug, Clone, Serialize)]
pub struct ControlResult {
    #[serde(serialize_with = "serialize_control_id", rename = "id")]
    pub control: &'static Control,
    pub status: Status,
    /// Why the control is n/a (`None` otherwise).
    pub not_applicable: Option<&'static str>,
    /// For `advice`: the status the control would have if it were scored.
    pub judged: Option<Status>,
    pub findings: Vec<Finding>,
}

fn serialize_control_id<S: Serializer>(
    control: &&'static Control,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(control.id)
}

impl ControlResult {
    /// Findings that count: warn and fail (not suppressed).
    pub fn problems(&self) -> impl Iterator<Item = &Finding> + '_ {
        self.findings
            .iter()
            .filter(|f| matches!(f.status, FindingStatus::Warn | FindingStatus::Fail))
    }
}

/// Why a control is n/a because of the profile.
pub const NA_PROFILE: &str = "stack-level control, off in profile `module`";
/// Why a control is n/a because nothing in the input is judged by it.
pub const NA_NOTHING: &str = "nothing in the configuration that this control applies to";

/// Evaluates every registered control, in registry order.
#[must_use]
pub fn evaluate(model: &Model, options: &RuleOptions) -> Vec<ControlResult> {
    let index = SuppressionIndex::new(model);
    registry::CONTROLS
        .iter()
        .map(|control| evaluate_with(control, model, options, &index))
        .collect()
}

/// Evaluates one control.
#[must_use]
pub fn evaluate_control(
    control: &'static Control,
    model: &Model,
    options: &RuleOptions,
) -> ControlResult {
    evaluate_with(control, model, options, &SuppressionIndex::new(model))
}

fn evaluate_with(
    control: &'static Control,
    model: &Model,
    options: &RuleOptions,
    index: &SuppressionIndex<'_>,
) -> ControlResult {
    // A control the task asks for is judged whatever the profile says.
    let asked = options.asks_for(control);
    let advice = control.scope.is_presence()
        && !asked
        && match options.profile.presence() {
            Presence::On => false,
            Presence::WhenAsked => true,
            Presence::Off => {
                return ControlResult {
                    control,
                    status: Status::NotApplicable,
                    not_applicable: Some(NA_PROFILE),
                    judged: None,
                    findings: Vec::new(),
                };
            }
        };
    let cx = RuleContext {
        model,
        profile: options.profile,
        requirements: &options.requirements,
        control,
        reference_resource_types: options.reference_resource_types.as_ref(),
    };
    let mut verdicts = Verdicts::new();
    (control.check)(&cx, &mut verdicts);

    let mut findings = Vec::with_capacity(verdicts.items.len());
    for verdict in &verdicts.items {
        let suppression = if options.suppressions {
            index.find(control, verdict)
        } else {
            None
        };
        let status = if suppression.is_some() {
            FindingStatus::Suppressed
        } else {
            verdict.outcome.into()
        };
        let resource = match &verdict.subject {
            Subject::Resource(id) => model
                .resources
                .get(id.0)
                .map(crate::model::Resource::address),
            Subject::Named(address, _) => Some(address.clone()),
            Subject::Stack => None,
        };
        findings.push(Finding {
            status,
            resource,
            location: verdict.span.as_ref().map(|s| model.location(s)),
            message: verdict.message.clone(),
            suppression,
            secondary: verdict
                .secondary
                .iter()
                .map(|s| model.location(s))
                .collect(),
        });
    }

    // Worst of the findings that count; suppressed findings count as met.
    let has = |s: FindingStatus| findings.iter().any(|f| f.status == s);
    let status = if findings.is_empty() {
        Status::NotApplicable
    } else if has(FindingStatus::Fail) {
        Status::Fail
    } else if has(FindingStatus::Warn) {
        Status::Warn
    } else if has(FindingStatus::Unknown) {
        Status::Unknown
    } else {
        Status::Pass
    };
    let not_applicable = (status == Status::NotApplicable).then_some(NA_NOTHING);
    if advice && status != Status::NotApplicable {
        return ControlResult {
            control,
            status: Status::Advice,
            not_applicable: None,
            judged: Some(status),
            findings,
        };
    }
    ControlResult {
        control,
        status,
        not_applicable,
        judged: None,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::examples::example_input;
    use crate::rules::registry::control_by_id;

    fn run(id: &str, src: &str, options: &RuleOptions) -> ControlResult {
        let model = Model::from_input(&example_input(src));
        evaluate_control(
            control_by_id(id).expect("registered control"),
            &model,
            options,
        )
    }

    #[test]
    fn presence_controls_are_not_applicable_in_profile_module() {
        let src = "resource \"aws_s3_bucket\" \"b\" {\n}\n";
        let module = RuleOptions {
            profile: Profile::Module,
            ..RuleOptions::default()
        };
        let r = run("ENC002", src, &module);
        assert_eq!(r.status, Status::NotApplicable);
        assert_eq!(r.not_applicable, Some(NA_PROFILE));
        assert_eq!(
            run("ENC002", src, &RuleOptions::default()).status,
            Status::Fail
        );
    }

    #[test]
    fn nothing_to_judge_is_not_applicable() {
        let r = run(
            "ENC001",
            "resource \"aws_s3_bucket\" \"b\" {\n}\n",
            &RuleOptions::default(),
        );
        assert_eq!(r.status, Status::NotApplicable);
        assert_eq!(r.not_applicable, Some(NA_NOTHING));
    }

    #[test]
    fn strict_turns_aws_managed_key_warnings_into_failures() {
        let src = "resource \"aws_db_instance\" \"d\" {\n  storage_encrypted = true\n}\n";
        assert_eq!(
            run("ENC006", src, &RuleOptions::default()).status,
            Status::Warn
        );
        let strict = RuleOptions {
            profile: Profile::Strict,
            ..RuleOptions::default()
        };
        assert_eq!(run("ENC006", src, &strict).status, Status::Fail);
        let mut required = Requirements::new();
        required
            .set("require_cmk", "true", None)
            .expect("valid requirement");
        let baseline_cmk = RuleOptions {
            requirements: required,
            ..RuleOptions::default()
        };
        assert_eq!(run("ENC006", src, &baseline_cmk).status, Status::Fail);
    }

    #[test]
    fn resources_with_count_zero_are_ignored() {
        let src = "resource \"aws_kms_key\" \"k\" {\n  count = 0\n}\n";
        assert_eq!(
            run("ENC001", src, &RuleOptions::default()).status,
            Status::NotApplicable
        );
    }

    #[test]
    fn status_is_the_worst_finding_and_passes_are_recorded() {
        let src = "resource \"aws_kms_key\" \"a\" {\n  enable_key_rotation = true\n}\n\nresource \"aws_kms_key\" \"b\" {\n}\n";
        let r = run("ENC001", src, &RuleOptions::default());
        assert_eq!(r.status, Status::Fail);
        let statuses: Vec<FindingStatus> = r.findings.iter().map(|f| f.status).collect();
        assert_eq!(statuses, vec![FindingStatus::Pass, FindingStatus::Fail]);
        let fail = &r.findings[1];
        assert_eq!(fail.resource.as_deref(), Some("aws_kms_key.b"));
        assert_eq!(
            fail.location
                .as_ref()
                .map(|l| (l.file.as_str(), l.line, l.column)),
            Some(("main.tf", 5, 1))
        );
    }

    #[test]
    fn evaluate_runs_every_control_in_registry_order() {
        let model = Model::from_input(&example_input("resource \"aws_kms_key\" \"k\" {\n}\n"));
        let results = evaluate(&model, &RuleOptions::default());
        assert_eq!(results.len(), registry::CONTROLS.len());
        assert!(results
            .iter()
            .zip(registry::CONTROLS.iter())
            .all(|(r, c)| r.control.id == c.id));
    }
}
