//! ALN003: the candidate builds the same kind of infrastructure as the
//! reference (comparison mode only).

use crate::rules::prelude::*;
use std::collections::BTreeSet;

/// Below this Jaccard index the candidate probably misread the task.
pub const MISREAD_BELOW: f64 = 0.5;

/// How many types a message names at most.
const NAMED: usize = 6;

/// A candidate with fewer resource types than this is a fragment: too
/// little to say it builds something else.
pub const MIN_TYPES: usize = 3;

declare_control! {
    /// The candidate's resource types overlap the reference's (Jaccard index of at least 0.5).
    ///
    /// ## Why it matters
    /// When a candidate answer and the reference answer to the same task
    /// share few resource types, the candidate almost always solved a
    /// different problem: it builds a region migration where the reference
    /// builds security infrastructure. Every other control then grades the
    /// wrong thing, so reviewers flag such an answer as a misread task
    /// before anything else. The overlap is the Jaccard index of the two
    /// sets of resource types (shared types over all types); below 0.5 the
    /// task is probably misread. Only judged in comparison mode, when a
    /// reference configuration is given, and only on positive evidence
    /// that the candidate builds something else: every file of it parses
    /// and it declares at least three resource types. A fragment, an
    /// answer that does not parse and a prose-only answer are `n/a` here
    /// (they are reported as broken, not as misread).
    ///
    /// ## Remediation
    /// Re-read the task and build what it asks for; the report lists the
    /// reference's resource types the candidate lacks, e.g.:
    ///
    /// ```hcl
    /// resource "aws_cloudtrail" "main" {
    ///   name           = "main"
    ///   s3_bucket_name = aws_s3_bucket.trail.id
    /// }
    ///
    /// resource "aws_config_configuration_recorder" "main" {
    ///   role_arn = aws_iam_role.config.arn
    /// }
    /// ```
    pub CONTROL {
        id: "ALN003",
        slug: "reference-overlap",
        category: Category::Aln,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &["tfgrade RUBRIC.md section 5: Task alignment (comparison with a reference)"],
        peers: &[],
        good: &[
            r#"
# reference-types: aws_kms_key, aws_cloudtrail, aws_s3_bucket
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

resource "aws_cloudtrail" "t" {
  name           = "t"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
"#,
        ],
        bad: &[
            // A region migration where the reference builds an audit trail.
            r#"
# reference-types: aws_kms_key, aws_cloudtrail, aws_config_configuration_recorder, aws_s3_bucket
# expect-stack: fail
resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}

resource "aws_route53_record" "www" {
  zone_id = "Z123"
  name    = "www"
  type    = "A"
}

resource "aws_s3_bucket" "assets" {
  bucket = "assets"
}
"#,
        ],
        check,
    }
}

/// The managed resource types a model declares (resources with `count = 0`
/// left out).
#[must_use]
pub fn resource_types(model: &crate::model::Model) -> BTreeSet<String> {
    model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed && exists(r))
        .map(|r| r.resource_type.clone())
        .collect()
}

/// The Jaccard index of two sets of types; `None` when both are empty.
#[must_use]
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Option<f64> {
    let union = a.union(b).count();
    if union == 0 {
        return None;
    }
    let shared = a.intersection(b).count();
    // Counts of resource types are far below 2^52: exact as f64.
    #[allow(clippy::cast_precision_loss)]
    Some(shared as f64 / union as f64)
}

fn named(types: &[&String]) -> String {
    let mut parts: Vec<String> = types.iter().take(NAMED).map(|t| format!("`{t}`")).collect();
    if types.len() > NAMED {
        parts.push(format!("{} more", types.len() - NAMED));
    }
    parts.join(", ")
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let Some(reference) = cx.reference_resource_types else {
        return;
    };
    if reference.is_empty() {
        // A reference without resources (its code left out, or unparsable)
        // says nothing about what the task builds.
        out.stack(
            Outcome::Unknown,
            "the reference declares no resources: the overlap could not be determined",
        );
        return;
    }
    let candidate = resource_types(cx.model);
    // Only positive evidence counts: a candidate that does not parse or
    // declares too little to compare is broken or fragmentary (judged as
    // such elsewhere), not a misread task.
    if !cx.model.parse_errors.is_empty() || candidate.len() < MIN_TYPES {
        return;
    }
    let Some(index) = jaccard(&candidate, reference) else {
        return;
    };
    let shared = candidate.intersection(reference).count();
    let union = candidate.union(reference).count();
    if index >= MISREAD_BELOW {
        out.stack(
            Outcome::Pass,
            format!(
                "resource types overlap {index:.2} with the reference ({shared} of {union} shared)"
            ),
        );
        return;
    }
    let missing: Vec<&String> = reference.difference(&candidate).collect();
    let extra: Vec<&String> = candidate.difference(reference).collect();
    let mut message = format!(
        "resource types overlap only {index:.2} with the reference ({shared} of {union} shared): the task was probably misread"
    );
    if !extra.is_empty() {
        message.push_str(&format!("; the candidate builds {}", named(&extra)));
    }
    if !missing.is_empty() {
        message.push_str(&format!("; the reference builds {}", named(&missing)));
    }
    out.stack(Outcome::Fail, message);
}

#[cfg(test)]
mod tests {
    use crate::rules::Status;
    use crate::{analyze, AnalysisOptions, InputSet};

    const REFERENCE: &str = r#"
resource "aws_kms_key" "k" {}
resource "aws_cloudtrail" "t" {}
resource "aws_config_configuration_recorder" "r" {}
resource "aws_s3_bucket" "b" {}
"#;

    const ELSEWHERE: &str = r#"
resource "aws_instance" "web" {}
resource "aws_route53_record" "www" {}
resource "aws_eip" "ip" {}
"#;

    fn status(files: &[(&str, &str)]) -> Status {
        let mut candidate = InputSet::new();
        for (name, text) in files {
            candidate.add((*name).to_string(), text.as_bytes().to_vec());
        }
        let mut reference = InputSet::new();
        reference.add("main.tf".to_string(), REFERENCE.as_bytes().to_vec());
        let options = AnalysisOptions {
            reference: Some(reference),
            ..AnalysisOptions::default()
        };
        let report = analyze(&candidate, &options);
        report
            .controls
            .iter()
            .find(|c| c.id == "ALN003")
            .map(|c| c.status)
            .expect("ALN003 is in every report")
    }

    #[test]
    fn a_whole_answer_that_builds_something_else_is_misread() {
        assert_eq!(status(&[("main.tf", ELSEWHERE)]), Status::Fail);
    }

    #[test]
    fn broken_fragmentary_and_prose_answers_are_not_called_misread() {
        let broken = [
            ("main.tf", ELSEWHERE),
            ("extra.tf", "resource \"aws_vpc\" {"),
        ];
        assert_eq!(status(&broken), Status::NotApplicable);
        let fragment = "resource \"aws_instance\" \"web\" {}\n";
        assert_eq!(status(&[("main.tf", fragment)]), Status::NotApplicable);
        let prose = "# Answer\n\nCreate a trail and a recorder in the console.\n";
        assert_eq!(status(&[("answer.md", prose)]), Status::NotApplicable);
    }
}
