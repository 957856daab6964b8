//! What a check sees: the model, the profile and the requirements, with
//! shortcuts for the questions many controls ask.

use super::control::Control;
use super::verdict::Outcome;
use crate::model::{Model, Multiplicity, Resource};
use crate::profile::{Profile, Requirements, Stance};

/// The input of a control's check.
#[derive(Debug, Clone, Copy)]
pub struct RuleContext<'a> {
    pub model: &'a Model,
    pub profile: Profile,
    pub requirements: &'a Requirements,
    /// The control being evaluated.
    pub control: &'static Control,
    /// Comparison mode: the reference's resource types (ALN003).
    pub reference_resource_types: Option<&'a std::collections::BTreeSet<String>>,
}

/// Whether a resource exists at all: `count = 0` (or an empty `for_each`)
/// declares nothing, so rules ignore it.
#[must_use]
pub fn exists(resource: &Resource) -> bool {
    resource.multiplicity != Multiplicity::Known(0)
}

impl<'a> RuleContext<'a> {
    /// The managed resources of the control's [`Scope::Resources`]
    /// types that exist, in input order.
    ///
    /// [`Scope::Resources`]: super::control::Scope::Resources
    pub fn resources(&self) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources_of(self.control.scope.resource_types())
    }

    /// Managed resources of any of these types that exist, in input order.
    pub fn resources_of(&self, types: &'a [&'a str]) -> impl Iterator<Item = &'a Resource> + 'a {
        self.model.resources_of_types(types).filter(|r| exists(r))
    }

    /// Managed resources of one type that exist, in input order.
    pub fn resources_of_type(
        &self,
        resource_type: &'a str,
    ) -> impl Iterator<Item = &'a Resource> + 'a {
        self.model
            .resources_of_type(resource_type)
            .filter(|r| exists(r))
    }

    /// Whether any managed resource of these types exists.
    #[must_use]
    pub fn any_of(&self, types: &'a [&'a str]) -> bool {
        self.resources_of(types).next().is_some()
    }

    /// Customer-managed keys are required (strict profile or `require_cmk`).
    #[must_use]
    pub fn cmk_required(&self) -> bool {
        self.requirements.cmk_required(self.profile)
    }

    /// The outcome for data encrypted with an AWS-managed key where a
    /// customer key is wanted: `warn`, or `fail` when CMKs are required.
    #[must_use]
    pub fn aws_managed_key_outcome(&self) -> Outcome {
        if self.cmk_required() {
            Outcome::Fail
        } else {
            Outcome::Warn
        }
    }

    /// Minimum backup retention in days (profile or override).
    #[must_use]
    pub fn backup_retention_days(&self) -> u32 {
        self.requirements.backup_retention_days(self.profile)
    }

    /// Minimum retention of audit logs in days (profile or override).
    #[must_use]
    pub fn audit_log_retention_days(&self) -> u32 {
        self.requirements.audit_log_retention_days(self.profile)
    }

    /// Minimum retention of other logs in days (profile or override).
    #[must_use]
    pub fn log_retention_days(&self) -> u32 {
        self.requirements.log_retention_days(self.profile)
    }

    /// The stance on deletion protection (OPS009).
    #[must_use]
    pub fn deletion_protection(&self) -> Stance {
        self.requirements.deletion_protection()
    }

    /// The required name prefix (OPS014).
    #[must_use]
    pub fn name_prefix(&self) -> Option<&'a str> {
        self.requirements.name_prefix()
    }
}
