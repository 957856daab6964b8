//! The controls of the rubric and the framework that runs them.
//!
//! Rules read the [`Model`](crate::model::Model), never text. Each control is
//! one file, `rules/<category>/<slug_with_underscores>.rs`, holding its
//! metadata, documentation, good and bad examples and its check; everything
//! else (the controls reference in `docs/controls.md`, SARIF rules, the web
//! help panel, peer-suppression matching, example tests) is derived from it.
//!
//! # Adding a control
//!
//! 1. Copy [`enc/kms_key_rotation.rs`](enc::kms_key_rotation), the
//!    reference control, to `rules/<cat>/<slug_with_underscores>.rs`
//!    (for a new category folder also create `rules/<cat>/mod.rs` and add
//!    `pub mod <cat>;` below).
//! 2. Fill in `declare_control!` (defined in `rules/control.rs`): the doc
//!    comment's first line is the one-line title, then a `## Why it
//!    matters` section (the rationale) and a `## Remediation` section with
//!    a short ```` ```hcl ```` example.
//!    Fields: `id` (`ENC001`: the category code and three digits), `slug`
//!    (kebab-case), `category`, `severity`, `scope`
//!    ([`Scope::Presence`] for stack-level controls,
//!    [`Scope::Resources`]`(&["aws_x"])` for per-resource ones,
//!    [`Scope::Everything`] for scanners), `references` (CIS / AWS
//!    documentation names), `peers` (only peer IDs seen in the peers'
//!    sources; `.same()` when the peer judges exactly this, which makes
//!    its suppression comments apply), `good` and `bad` examples, `check`.
//! 3. Write `fn check(cx: &RuleContext<'_>, out: &mut Verdicts)`: iterate
//!    [`RuleContext::resources`] (the scope's resources, `count = 0` ones
//!    left out), judge settings with [`query::setting`] (which applies
//!    `Value::judge`, so a conditional whose branches all agree is decided)
//!    and record one verdict per judged resource:
//!    [`Verdicts::pass`] (passes are recorded too),
//!    [`Verdicts::fail`] at the wrong value's span,
//!    [`Verdicts::missing`] at the block header for an omitted setting,
//!    [`Verdicts::warn`] for "partly met", and
//!    [`Verdicts::unknown`] when the value cannot be known (a warning,
//!    never a failure). Presence controls record [`Verdicts::stack`].
//!    Add `.secondary(span)` / `.involving(resource)` for other places
//!    involved (a linked resource's suppression comments then apply too).
//!    Profile-dependent thresholds come from the context
//!    ([`RuleContext::backup_retention_days`],
//!    [`RuleContext::aws_managed_key_outcome`], …).
//! 4. Add one line to [`registry::CONTROLS`].
//! 5. Run `cargo test -p tfgrade-core`: `tests/control_examples.rs` runs
//!    every example (each bad example must produce a finding exactly on each
//!    `# expect: fail|warn` line and nowhere else; each good example must
//!    pass, not be n/a), and `tests/docs.rs` checks the metadata and the
//!    generated `docs/controls.md` (`UPDATE_DOCS=1` to regenerate).
//!
//! Controls that judge the task (ALN) need requirements or a reference:
//! an example's line `# require: KEY=VALUE` sets a requirement and
//! `# reference-types: aws_a, aws_b` gives the reference's resource types
//! (see [`examples::example_options`]); these lines are not file content.
//!
//! Bad examples should cover the omitted attribute (its default applies),
//! the split-resource form where there is one, and an unknown value (`var.x`
//! without a default → warn or pass, never fail).
//!
//! # Semantics
//!
//! [`evaluate`] runs every control: a control's [`Status`] is the worst of
//! its findings (fail > warn > pass); `n/a` when it records nothing, or when
//! it is a presence control in profile `module`. Suppressed findings (see
//! [`crate::suppress`]) are kept with status `suppressed` and count as met.

mod context;
mod control;
pub mod docs;
mod evaluate;
pub mod examples;
pub mod query;
pub mod registry;
mod verdict;

pub mod aln;
pub mod cmp;
pub mod enc;
pub mod iam;
pub mod mon;
pub mod ops;
pub mod sec;
pub mod tst;
pub mod val;

pub use context::{exists, RuleContext};
pub(crate) use control::declare_control;
pub use control::{Category, CheckFn, Control, Overlap, Peer, PeerTool, Scope, Severity};
pub use evaluate::{
    evaluate, evaluate_control, ControlResult, Finding, FindingStatus, RuleOptions, Status,
    NA_NOTHING, NA_PROFILE,
};
pub use registry::{control_by_id, CONTROLS};
pub use verdict::{Outcome, Subject, Verdict, Verdicts};

/// What a control file needs: `use crate::rules::prelude::*;`.
pub(crate) mod prelude {
    pub(crate) use super::declare_control;
    pub use super::query::*;
    pub use super::{exists, Category, Outcome, Peer, RuleContext, Scope, Severity, Verdicts};
    pub use crate::eval::{Judgement, Value};
    pub use crate::model::{Attribute, Body, LinkKind, Mode, Resource, Span};
}
