//! A control's metadata: the [`Control`] struct every control file declares
//! with `declare_control!`, and the enums it is made of.

use super::context::RuleContext;
use super::verdict::Verdicts;
use serde::Serialize;

/// The eight scoring categories of RUBRIC.md section 3, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Category {
    #[serde(rename = "ALN")]
    Aln,
    #[serde(rename = "SEC")]
    Sec,
    #[serde(rename = "CMP")]
    Cmp,
    #[serde(rename = "ENC")]
    Enc,
    #[serde(rename = "MON")]
    Mon,
    #[serde(rename = "IAM")]
    Iam,
    #[serde(rename = "TST")]
    Tst,
    #[serde(rename = "OPS")]
    Ops,
    /// Validity: what `terraform validate`, plan or the AWS API would
    /// reject. Not scored in points; a failure gates the grade.
    #[serde(rename = "VAL")]
    Val,
}

impl Category {
    /// All categories in report order: validity first, then the eight
    /// scored ones.
    pub const ALL: [Category; 9] = [
        Category::Val,
        Category::Aln,
        Category::Sec,
        Category::Cmp,
        Category::Enc,
        Category::Mon,
        Category::Iam,
        Category::Tst,
        Category::Ops,
    ];

    /// The eight categories scored in points (all but validity).
    pub const SCORED: [Category; 8] = [
        Category::Aln,
        Category::Sec,
        Category::Cmp,
        Category::Enc,
        Category::Mon,
        Category::Iam,
        Category::Tst,
        Category::Ops,
    ];

    /// Whether the category's controls earn points (validity gates the
    /// grade instead).
    #[must_use]
    pub fn is_scored(self) -> bool {
        self != Category::Val
    }

    /// The three-letter code, which is also every control ID's prefix.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Category::Aln => "ALN",
            Category::Sec => "SEC",
            Category::Cmp => "CMP",
            Category::Enc => "ENC",
            Category::Mon => "MON",
            Category::Iam => "IAM",
            Category::Tst => "TST",
            Category::Ops => "OPS",
            Category::Val => "VAL",
        }
    }

    /// The name reviewers use for the category.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Category::Aln => "Task Understanding",
            Category::Sec => "Security Controls",
            Category::Cmp => "Compliance & Governance",
            Category::Enc => "Encryption Strategy",
            Category::Mon => "Monitoring & Alerting",
            Category::Iam => "IAM & Access Control",
            Category::Tst => "Testing & Validation",
            Category::Ops => "Production Readiness",
            Category::Val => "Validity",
        }
    }
}

/// How much a control weighs in its category's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// Most severe first.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// Score weight: Critical 10, High 6, Medium 3, Low 1.
    #[must_use]
    pub fn weight(self) -> u32 {
        match self {
            Severity::Critical => 10,
            Severity::High => 6,
            Severity::Medium => 3,
            Severity::Low => 1,
        }
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// Capitalised, for tables.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
        }
    }
}

/// What a control judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Scope {
    /// Stack level: something must exist somewhere (a trail, a recorder).
    /// Judged in profiles `baseline` and `strict`, n/a in `module`. Findings
    /// usually have no location.
    Presence,
    /// Each resource of these types is judged on its own; n/a when there
    /// is none. Related resources (split S3 configuration, rule resources)
    /// may be read too.
    Resources(&'static [&'static str]),
    /// Anything in the configuration may be judged: every resource,
    /// variable and provider (e.g. scanning for literal secrets). n/a when
    /// the check finds nothing it applies to.
    Everything,
}

impl Scope {
    #[must_use]
    pub fn is_presence(self) -> bool {
        matches!(self, Scope::Presence)
    }

    /// The resource types judged one by one (empty for the other scopes).
    #[must_use]
    pub fn resource_types(self) -> &'static [&'static str] {
        match self {
            Scope::Resources(types) => types,
            Scope::Presence | Scope::Everything => &[],
        }
    }
}

/// A peer scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeerTool {
    Checkov,
    /// Trivy's misconfiguration checks, which are tfsec's successors: one
    /// entry carries the AVD ID and the long tfsec name.
    Trivy,
    Kics,
}

impl PeerTool {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            PeerTool::Checkov => "Checkov",
            PeerTool::Trivy => "Trivy/tfsec",
            PeerTool::Kics => "KICS",
        }
    }
}

/// How much of a peer check a control covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Overlap {
    /// The peer judges the same thing on the same resources: its
    /// suppression comments suppress this control too.
    Same,
    /// The peer judges part of it, or something close (shown as a
    /// cross-reference only; its suppressions are not honoured).
    Partial,
}

/// A peer scanner's check that corresponds to a control. Only IDs seen in
/// the peers' own sources belong here (see `/work/shared/PEER-IDS.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Peer {
    pub tool: PeerTool,
    /// `CKV_AWS_7`, `AVD-AWS-0065`, or a KICS query name.
    pub id: &'static str,
    /// tfsec's long name for Trivy checks (`aws-kms-auto-rotate-keys`).
    pub long_name: Option<&'static str>,
    pub overlap: Overlap,
}

impl Peer {
    /// A Checkov check, `Partial` until marked [`Peer::same`].
    #[must_use]
    pub const fn checkov(id: &'static str) -> Peer {
        Peer {
            tool: PeerTool::Checkov,
            id,
            long_name: None,
            overlap: Overlap::Partial,
        }
    }

    /// A Trivy check by AVD ID and tfsec long name.
    #[must_use]
    pub const fn trivy(id: &'static str, long_name: &'static str) -> Peer {
        Peer {
            tool: PeerTool::Trivy,
            id,
            long_name: Some(long_name),
            overlap: Overlap::Partial,
        }
    }

    /// A KICS query, by its name.
    #[must_use]
    pub const fn kics(name: &'static str) -> Peer {
        Peer {
            tool: PeerTool::Kics,
            id: name,
            long_name: None,
            overlap: Overlap::Partial,
        }
    }

    /// The peer judges the same thing.
    #[must_use]
    pub const fn same(self) -> Peer {
        Peer {
            overlap: Overlap::Same,
            ..self
        }
    }

    /// The peer judges part of it.
    #[must_use]
    pub const fn partial(self) -> Peer {
        Peer {
            overlap: Overlap::Partial,
            ..self
        }
    }
}

/// The signature of a control's check: read the model through the context,
/// record one verdict per judged resource (or for the stack).
pub type CheckFn = fn(&RuleContext<'_>, &mut Verdicts);

/// Everything about one control. Declared once per file with the
/// crate-internal `declare_control!` macro (below); docs, SARIF rules, the
/// web help panel, peer suppressions and example tests all derive from it.
#[derive(Debug)]
pub struct Control {
    /// The doc comment: first line the title, then `## Why it matters` and
    /// `## Remediation` sections (read with [`Control::title`],
    /// [`Control::rationale`], [`Control::remediation`]).
    pub doc: &'static str,
    /// `ENC001`: category code and three digits, stable once shipped.
    pub id: &'static str,
    /// `kms-key-rotation`: kebab-case, stable once shipped.
    pub slug: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub scope: Scope,
    /// Standards and AWS documentation, by name (`CIS AWS Foundations
    /// Benchmark v3.0.0, 3.6`, `AWS KMS Developer Guide: Rotating keys`).
    pub references: &'static [&'static str],
    pub peers: &'static [Peer],
    /// Configurations that make the control pass (each one a file `main.tf`).
    pub good: &'static [&'static str],
    /// Configurations that make it fail or warn; every line where a finding
    /// must point ends with `# expect: fail` or `# expect: warn`, and a
    /// stack-level finding is marked by a line `# expect-stack: fail`.
    pub bad: &'static [&'static str],
    pub check: CheckFn,
}

impl Control {
    /// The one-line title (the doc's first line).
    #[must_use]
    pub fn title(&self) -> &'static str {
        self.doc
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }

    /// The `## Why it matters` section, as Markdown.
    #[must_use]
    pub fn rationale(&self) -> String {
        self.section("Why it matters")
    }

    /// The `## Remediation` section, as Markdown (with its `hcl` example).
    #[must_use]
    pub fn remediation(&self) -> String {
        self.section("Remediation")
    }

    /// The text of one `## Heading` section of the doc, de-indented by the
    /// one space `///` leaves, trimmed.
    #[must_use]
    pub fn section(&self, heading: &str) -> String {
        let mut out = Vec::new();
        let mut inside = false;
        for line in self.doc.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if let Some(h) = line.strip_prefix("## ") {
                inside = h.trim() == heading;
                continue;
            }
            if inside {
                out.push(line);
            }
        }
        out.join("\n").trim().to_string()
    }

    /// Whether this control is judged in a profile (presence controls are
    /// off in `module`).
    #[must_use]
    pub fn applies_in(&self, profile: crate::profile::Profile) -> bool {
        !self.scope.is_presence() || profile.presence() != crate::profile::Presence::Off
    }
}

/// Declares a control's `pub static CONTROL`. The doc comment becomes
/// [`Control::doc`] (title line, `## Why it matters`, `## Remediation`);
/// the fields are [`Control`]'s, in any order, all required.
///
/// ```text
/// declare_control! {
///     /// KMS keys rotate their key material every year.
///     ///
///     /// ## Why it matters
///     /// …
///     ///
///     /// ## Remediation
///     /// …
///     pub CONTROL {
///         id: "ENC001",
///         slug: "kms-key-rotation",
///         category: Category::Enc,
///         severity: Severity::High,
///         scope: Scope::Resources(&["aws_kms_key"]),
///         references: &["…"],
///         peers: &[Peer::checkov("CKV_AWS_7").same()],
///         good: &[r#"…"#],
///         bad: &[r#"…"#],
///         check,
///     }
/// }
/// ```
macro_rules! declare_control {
    (
        $(#[doc = $doc:literal])+
        pub CONTROL { $($field:ident $(: $value:expr)?),+ $(,)? }
    ) => {
        $(#[doc = $doc])+
        pub static CONTROL: $crate::rules::Control = $crate::rules::Control {
            doc: concat!($($doc, "\n"),+),
            $($field $(: $value)?,)+
        };
    };
}
pub(crate) use declare_control;
