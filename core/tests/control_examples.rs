//! Runs every good and bad example of every control (profile `baseline`,
//! plus the example's `# require:` / `# reference-types:` option lines) and
//! reports all failures at once.
//!
//! - A good example must make its control `pass` (not `n/a`, not warn).
//! - A bad example must produce a warn/fail finding of the marked kind on
//!   exactly each line marked `# expect: fail` / `# expect: warn` (and a
//!   stack-level finding for `# expect-stack: …`), and no other warn/fail
//!   finding of that control.

use tfgrade_core::model::Model;
use tfgrade_core::rules::examples::{example_input, example_options, expectations, Expected};
use tfgrade_core::rules::{
    evaluate_control, Control, FindingStatus, Outcome, RuleOptions, Status, CONTROLS,
};

fn model_of(example: &str) -> Model {
    Model::from_input(&example_input(example))
}

/// The warn/fail findings of a control on an example, as expectations.
fn actual(
    control: &'static Control,
    model: &Model,
    options: &RuleOptions,
) -> (Vec<Expected>, tfgrade_core::rules::ControlResult) {
    let result = evaluate_control(control, model, options);
    let mut found: Vec<Expected> = result
        .findings
        .iter()
        .filter_map(|f| {
            let outcome = match f.status {
                FindingStatus::Fail => Outcome::Fail,
                FindingStatus::Warn => Outcome::Warn,
                FindingStatus::Unknown => Outcome::Unknown,
                FindingStatus::Pass | FindingStatus::Suppressed => return None,
            };
            Some(match &f.location {
                Some(l) => Expected {
                    file: Some(l.file.clone()),
                    line: l.line,
                    outcome,
                },
                None => Expected {
                    file: None,
                    line: 0,
                    outcome,
                },
            })
        })
        .collect();
    found.sort();
    found.dedup();
    (found, result)
}

fn describe(e: &Expected) -> String {
    let what = match e.outcome {
        Outcome::Fail => "fail",
        Outcome::Warn => "warn",
        Outcome::Unknown => "unknown",
        Outcome::Pass => "pass",
    };
    match &e.file {
        Some(f) => format!("{what} at {f}:{}", e.line),
        None => format!("{what} (stack)"),
    }
}

fn findings_summary(result: &tfgrade_core::rules::ControlResult) -> String {
    result
        .findings
        .iter()
        .map(|f| {
            let at = f
                .location
                .as_ref()
                .map_or("stack".to_string(), |l| format!("{}:{}", l.file, l.line));
            format!(
                "      {} {} {}: {}",
                f.status.name(),
                at,
                f.resource.as_deref().unwrap_or("-"),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_control_example_behaves_as_marked() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for control in CONTROLS {
        for (i, example) in control.good.iter().enumerate() {
            checked += 1;
            let model = model_of(example);
            let (_, result) = actual(control, &model, &example_options(example));
            if result.status != Status::Pass {
                failures.push(format!(
                    "{} good example {}: expected pass, got {}\n{}",
                    control.id,
                    i + 1,
                    result.status.name(),
                    findings_summary(&result)
                ));
            }
        }
        for (i, example) in control.bad.iter().enumerate() {
            checked += 1;
            let expected = expectations(example);
            if expected.is_empty() {
                failures.push(format!(
                    "{} bad example {}: no `# expect:` marker",
                    control.id,
                    i + 1
                ));
                continue;
            }
            let model = model_of(example);
            let (found, result) = actual(control, &model, &example_options(example));
            if found != expected {
                let missing: Vec<String> = expected
                    .iter()
                    .filter(|e| !found.contains(e))
                    .map(describe)
                    .collect();
                let extra: Vec<String> = found
                    .iter()
                    .filter(|e| !expected.contains(e))
                    .map(describe)
                    .collect();
                failures.push(format!(
                    "{} bad example {}: missing [{}], unexpected [{}]\n{}",
                    control.id,
                    i + 1,
                    missing.join(", "),
                    extra.join(", "),
                    findings_summary(&result)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} examples misbehave:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_control_has_examples_covering_good_and_bad() {
    for control in CONTROLS {
        assert!(
            !control.good.is_empty(),
            "{} has no good example",
            control.id
        );
        assert!(!control.bad.is_empty(), "{} has no bad example", control.id);
    }
}
