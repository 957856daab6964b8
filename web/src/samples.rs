//! The sample gallery: ready-made configurations compiled into the page.

use crate::protocol::SourceText;

/// One gallery entry.
pub struct Sample {
    /// Stable identifier (`data-testid`, share links).
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub files: &'static [(&'static str, &'static str)],
    /// Files of the reference answer; non-empty turns on comparison mode.
    pub reference: &'static [(&'static str, &'static str)],
    pub profile: &'static str,
    pub prompt: &'static str,
}

const STARTER: &[(&str, &str)] = &[("main.tf", include_str!("../samples/starter.tf"))];
const WEAK: &[(&str, &str)] = &[("main.tf", include_str!("../samples/weak.tf"))];
const STRONG: &[(&str, &str)] = &[
    ("provider.tf", include_str!("../samples/strong/provider.tf")),
    (
        "variables.tf",
        include_str!("../samples/strong/variables.tf"),
    ),
    ("network.tf", include_str!("../samples/strong/network.tf")),
    ("data.tf", include_str!("../samples/strong/data.tf")),
    ("audit.tf", include_str!("../samples/strong/audit.tf")),
    ("iam.tf", include_str!("../samples/strong/iam.tf")),
    (
        "tests/baseline.tftest.hcl",
        include_str!("../samples/strong/baseline.tftest.hcl"),
    ),
];
const ANSWER: &[(&str, &str)] = &[("answer.md", include_str!("../samples/answer.md"))];
const PROMPT_RDS: &[(&str, &str)] = &[("main.tf", include_str!("../samples/prompt-rds.tf"))];

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "starter",
        title: "Small stack",
        summary: "A key, a bucket and a security group, with a few gaps.",
        files: STARTER,
        reference: &[],
        profile: "task",
        prompt: "",
    },
    Sample {
        id: "weak",
        title: "Weak web app",
        summary: "Public bucket, open SSH, public database, literal password, wildcard IAM.",
        files: WEAK,
        reference: &[],
        profile: "task",
        prompt: "",
    },
    Sample {
        id: "strong",
        title: "Secure baseline",
        summary:
            "Audit trail, Config, GuardDuty, alarms, private encrypted PostgreSQL; seven files.",
        files: STRONG,
        reference: &[],
        profile: "baseline",
        prompt: "",
    },
    Sample {
        id: "markdown",
        title: "Markdown answer",
        summary: "A model's answer with hcl blocks under file-name headings.",
        files: ANSWER,
        reference: &[],
        profile: "module",
        prompt: "",
    },
    Sample {
        id: "prompt",
        title: "Prompt requirements",
        summary: "A prompt forbids deletion protection; the answer turns it on.",
        files: PROMPT_RDS,
        reference: &[],
        profile: "module",
        prompt: include_str!("../samples/prompt-rds.txt"),
    },
    Sample {
        id: "comparison",
        title: "Compare with a reference",
        summary: "The weak web app graded against the secure baseline as the ideal answer.",
        files: WEAK,
        reference: STRONG,
        profile: "task",
        prompt: "",
    },
];

/// The sample the page opens with.
pub const DEFAULT: &str = "starter";

#[must_use]
pub fn by_id(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

#[must_use]
pub fn texts(files: &[(&str, &str)]) -> Vec<SourceText> {
    files
        .iter()
        .map(|(path, text)| SourceText {
            bytes: None,
            path: (*path).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}
