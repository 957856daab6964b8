//! What a check records: one [`Verdict`] per judged resource (or per
//! judged rule, variable, or for the stack), collected in [`Verdicts`].
//!
//! The rubric's semantics live in how checks use this:
//! - a wrong value is reported at the value's span ([`Verdicts::fail`] with
//!   `&attribute.span`), a missing setting at the block header
//!   ([`Verdicts::missing`]);
//! - a value that cannot be known never fails: [`Verdicts::unknown`]
//!   records "could not be determined: …", which is listed but not scored;
//! - passing resources are recorded too ([`Verdicts::pass`]) so reports can
//!   list them and so a control with nothing failing is `pass`, not `n/a`.

use crate::model::{Resource, ResourceId, Span};
use serde::Serialize;

/// The status of one finding as a check records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Warn,
    Fail,
    /// The verdict depends on a value that cannot be known statically (a
    /// variable without a default, a conditional, a computed attribute):
    /// listed, never scored.
    Unknown,
}

/// What a verdict is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A resource or data source; suppression comments on it apply.
    Resource(ResourceId),
    /// Something that is not a resource, by address (`var.db_password`,
    /// `provider.aws`), with its block header: suppression comments
    /// directly above the header apply.
    Named(String, Span),
    /// The stack as a whole (presence controls); no location.
    Stack,
}

/// One judgement.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub outcome: Outcome,
    pub subject: Subject,
    /// Where the finding points; `None` for stack-level findings.
    pub span: Option<Span>,
    pub message: String,
    /// Other places involved (the key a trail uses, the group a rule opens).
    pub secondary: Vec<Span>,
    /// Other resources whose suppression comments also apply (e.g. the
    /// split `aws_s3_bucket_*` resource holding the wrong value).
    pub related: Vec<ResourceId>,
}

impl Verdict {
    /// Adds a secondary location.
    pub fn secondary(&mut self, span: &Span) -> &mut Self {
        if !self.secondary.contains(span) {
            self.secondary.push(span.clone());
        }
        self
    }

    /// Adds a resource whose suppression comments also apply to this
    /// finding; its header becomes a secondary location too.
    pub fn involving(&mut self, resource: &Resource) -> &mut Self {
        if self.subject == Subject::Resource(resource.id) {
            return self;
        }
        if !self.related.contains(&resource.id) {
            self.related.push(resource.id);
        }
        let header = &resource.block.span;
        if self.span.as_ref() != Some(header) {
            self.secondary(header);
        }
        self
    }
}

/// The verdicts of one control on one model, in the order the check
/// recorded them (deterministic, since the model is ordered).
#[derive(Debug, Clone, Default)]
pub struct Verdicts {
    pub(crate) items: Vec<Verdict>,
}

impl Verdicts {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything recorded so far.
    #[must_use]
    pub fn items(&self) -> &[Verdict] {
        &self.items
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Records a verdict on a resource at a span.
    pub fn record(
        &mut self,
        outcome: Outcome,
        resource: &Resource,
        at: &Span,
        message: impl Into<String>,
    ) -> &mut Verdict {
        self.items.push(Verdict {
            outcome,
            subject: Subject::Resource(resource.id),
            span: Some(at.clone()),
            message: message.into(),
            secondary: Vec::new(),
            related: Vec::new(),
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// The resource meets the control; recorded at its header.
    pub fn pass(&mut self, resource: &Resource, message: impl Into<String>) -> &mut Verdict {
        self.record(Outcome::Pass, resource, &resource.block.span, message)
    }

    /// A wrong value: `at` is the value's span (or a nested block's header).
    pub fn fail(
        &mut self,
        resource: &Resource,
        at: &Span,
        message: impl Into<String>,
    ) -> &mut Verdict {
        self.record(Outcome::Fail, resource, at, message)
    }

    /// A missing setting: reported at the resource's block header.
    pub fn missing(&mut self, resource: &Resource, message: impl Into<String>) -> &mut Verdict {
        self.record(Outcome::Fail, resource, &resource.block.span, message)
    }

    /// Partly met (e.g. an AWS-managed key instead of a customer key).
    pub fn warn(
        &mut self,
        resource: &Resource,
        at: &Span,
        message: impl Into<String>,
    ) -> &mut Verdict {
        self.record(Outcome::Warn, resource, at, message)
    }

    /// The value the control depends on cannot be known statically:
    /// "could not be determined: {why}", never a failure and not scored.
    pub fn unknown(
        &mut self,
        resource: &Resource,
        at: &Span,
        why: impl AsRef<str>,
    ) -> &mut Verdict {
        let message = format!("could not be determined: {}", why.as_ref());
        self.record(Outcome::Unknown, resource, at, message)
    }

    /// A verdict on something that is not a resource (a variable, a
    /// provider), by address; `header` is its block header, `at` where the
    /// finding points.
    pub fn named(
        &mut self,
        outcome: Outcome,
        address: impl Into<String>,
        header: &Span,
        at: &Span,
        message: impl Into<String>,
    ) -> &mut Verdict {
        self.items.push(Verdict {
            outcome,
            subject: Subject::Named(address.into(), header.clone()),
            span: Some(at.clone()),
            message: message.into(),
            secondary: Vec::new(),
            related: Vec::new(),
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// A stack-level verdict (presence controls): no location.
    pub fn stack(&mut self, outcome: Outcome, message: impl Into<String>) -> &mut Verdict {
        self.items.push(Verdict {
            outcome,
            subject: Subject::Stack,
            span: None,
            message: message.into(),
            secondary: Vec::new(),
            related: Vec::new(),
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }
}
