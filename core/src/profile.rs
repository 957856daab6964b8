//! Profiles and requirement overrides: what a configuration is judged
//! against (RUBRIC.md sections 4 and 5).
//!
//! A [`Profile`] fixes which controls apply and the default thresholds:
//!
//! | profile | presence controls | backups | audit-log retention | other logs | CMK |
//! |---|---|---|---|---|---|
//! | `task` (default) | on when the task asks (prompt or reference), else `advice` | ≥ 7 days | ≥ 90 days | ≥ 1 day | AWS-managed key is `warn` |
//! | `module` | off (n/a) | ≥ 7 days | ≥ 90 days | ≥ 1 day | AWS-managed key is `warn` |
//! | `baseline` | on | ≥ 7 days | ≥ 90 days | ≥ 1 day | AWS-managed key is `warn` |
//! | `strict` | on | ≥ 30 days | ≥ 365 days | ≥ 365 days | required: AWS-managed key is `fail` |
//!
//! [`Requirements`] are explicit overrides, extracted from a task prompt or
//! set by hand (`--require KEY=VALUE`). Each one changes one stance or
//! threshold and keeps the sentence it came from. The keys:
//!
//! | key | values | effect |
//! |---|---|---|
//! | `deletion_protection` | `required` (default), `forbidden`, `any` | OPS009: `forbidden` makes `deletion_protection = true` fail |
//! | `name_prefix` | text, e.g. `SecCFN` | OPS014: names must start with it |
//! | `backup_retention_days` | whole number of days | OPS008 threshold |
//! | `log_retention_days` | whole number of days | MON007 threshold for every log group |
//! | `require_cmk` | `true` / `false` | ENC controls: an AWS-managed key fails (`true`) or warns (`false`) |
//! | `multi_az` | `required` / `any` | OPS006 stance |
//! | `region` | AWS regions, comma-separated, e.g. `us-east-1` or `us-east-1,us-west-2` | ALN002: every provider deploys to one of them |
//! | `multi_region` | `required` / `any` | ALN002: every listed region has a provider (a primary and a secondary region) |
//! | `db_engine` | e.g. `postgres`, `mysql` | ALN002: the database engine |
//! | `file_layout` | `single-file`, `provider-separate` | ALN004 |
//! | `services` | comma-separated service names, e.g. `cloudtrail,config` | ALN001: services that must be present |
//! | `controls` | comma-separated control IDs, e.g. `IAM003,ENC013` | the controls the task asks for: judged even where the profile turns them off (presence controls in `module`) |
//!
//! Unknown keys and malformed values are rejected by [`Requirements::set`],
//! so a typo on the command line is an error, not a silent no-op.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// What the configuration is meant to be; see the module documentation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Grade what the task asks: account-wide presence controls count when
    /// the prompt asks for them or the reference has them, and are shown as
    /// advice otherwise; everything the configuration declares is judged.
    #[default]
    Task,
    /// A reusable module: only the resources it declares are judged;
    /// stack-level (presence) controls are n/a.
    Module,
    /// A stack meant to stand up a secure environment.
    Baseline,
    /// Regulated workloads (PCI-DSS style): longer retention, customer keys.
    Strict,
}

impl Profile {
    pub const ALL: [Profile; 4] = [
        Profile::Task,
        Profile::Module,
        Profile::Baseline,
        Profile::Strict,
    ];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Profile::Task => "task",
            Profile::Module => "module",
            Profile::Baseline => "baseline",
            Profile::Strict => "strict",
        }
    }

    /// How stack-level controls (CloudTrail, Config, alarms…) are treated.
    #[must_use]
    pub fn presence(self) -> Presence {
        match self {
            Profile::Task => Presence::WhenAsked,
            Profile::Module => Presence::Off,
            Profile::Baseline | Profile::Strict => Presence::On,
        }
    }

    /// Minimum automated-backup retention, in days.
    #[must_use]
    pub fn backup_retention_days(self) -> u32 {
        match self {
            Profile::Task | Profile::Module | Profile::Baseline => 7,
            Profile::Strict => 30,
        }
    }

    /// Minimum retention of audit logs (CloudTrail, application logs), in days.
    #[must_use]
    pub fn audit_log_retention_days(self) -> u32 {
        match self {
            Profile::Task | Profile::Module | Profile::Baseline => 90,
            Profile::Strict => 365,
        }
    }

    /// Minimum retention of any other log group, in days.
    #[must_use]
    pub fn log_retention_days(self) -> u32 {
        match self {
            Profile::Task | Profile::Module | Profile::Baseline => 1,
            Profile::Strict => 365,
        }
    }

    /// Minimum IAM password length.
    #[must_use]
    pub fn password_min_length(self) -> u32 {
        14
    }

    /// Maximum IAM password age, in days.
    #[must_use]
    pub fn password_max_age_days(self) -> u32 {
        90
    }

    /// Whether data must be encrypted with a customer-managed KMS key, so
    /// that an AWS-managed key is a failure rather than a warning.
    #[must_use]
    pub fn cmk_required(self) -> bool {
        self == Profile::Strict
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a profile does with account-wide presence controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Judged and scored.
    On,
    /// Judged and scored when the task asks for them; otherwise judged and
    /// shown as advice, not scored.
    WhenAsked,
    /// Not applicable.
    Off,
}

/// An unknown profile name or a malformed requirement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("unknown profile `{0}` (expected task, module, baseline or strict)")]
    UnknownProfile(String),
    #[error("unknown requirement `{0}` (known: {known})", known = REQUIREMENT_KEYS.join(", "))]
    UnknownKey(String),
    #[error("requirement `{key}`: {message}")]
    InvalidValue { key: String, message: String },
}

impl FromStr for Profile {
    type Err = ProfileError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "task" => Ok(Profile::Task),
            "module" => Ok(Profile::Module),
            "baseline" => Ok(Profile::Baseline),
            "strict" => Ok(Profile::Strict),
            _ => Err(ProfileError::UnknownProfile(s.to_string())),
        }
    }
}

/// The stance a requirement takes on a setting such as deletion protection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// The setting must be on.
    Required,
    /// The setting must be off.
    Forbidden,
    /// Either is fine.
    Any,
}

/// The requirement keys [`Requirements::set`] accepts, in documentation order.
pub const REQUIREMENT_KEYS: &[&str] = &[
    "deletion_protection",
    "name_prefix",
    "backup_retention_days",
    "log_retention_days",
    "require_cmk",
    "multi_az",
    "region",
    "multi_region",
    "db_engine",
    "file_layout",
    "services",
    "controls",
];

/// One requirement: its value and, when it was extracted from a prompt, the
/// sentence it came from (shown to the user so it can be checked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub key: String,
    pub value: String,
    pub source: Option<String>,
}

/// Explicit requirement overrides, keyed by requirement name. Ordered, so
/// reports list them the same way every time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Requirements {
    entries: BTreeMap<String, Requirement>,
}

impl Requirements {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a requirement after checking the key and the value; a later
    /// value for the same key replaces the earlier one.
    ///
    /// # Errors
    /// [`ProfileError::UnknownKey`] for a key not in [`REQUIREMENT_KEYS`],
    /// [`ProfileError::InvalidValue`] for a value the key does not accept.
    pub fn set(
        &mut self,
        key: &str,
        value: &str,
        source: Option<String>,
    ) -> Result<(), ProfileError> {
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim().trim_matches('"').to_string();
        let invalid = |message: &str| ProfileError::InvalidValue {
            key: key.clone(),
            message: message.to_string(),
        };
        match key.as_str() {
            "deletion_protection" => {
                parse_stance(&value)
                    .ok_or_else(|| invalid("expected required, forbidden or any"))?;
            }
            "multi_az" | "multi_region" => {
                parse_stance(&value).ok_or_else(|| invalid("expected required or any"))?;
            }
            "backup_retention_days" | "log_retention_days" => {
                value
                    .parse::<u32>()
                    .map_err(|_| invalid("expected a whole number of days"))?;
            }
            "require_cmk" => {
                parse_bool(&value).ok_or_else(|| invalid("expected true or false"))?;
            }
            "name_prefix" | "region" | "db_engine" | "services" => {
                if value.is_empty() {
                    return Err(invalid("expected a non-empty value"));
                }
            }
            "controls" => {
                let ids: Vec<&str> = value.split(',').map(str::trim).collect();
                if ids.iter().any(|id| !is_control_id(id)) {
                    return Err(invalid(
                        "expected comma-separated control IDs such as IAM003",
                    ));
                }
            }
            "file_layout" => {
                if !matches!(value.as_str(), "single-file" | "provider-separate") {
                    return Err(invalid("expected single-file or provider-separate"));
                }
            }
            _ => return Err(ProfileError::UnknownKey(key)),
        }
        self.entries
            .insert(key.clone(), Requirement { key, value, source });
        Ok(())
    }

    /// Parses `KEY=VALUE` (the command line's `--require`) and sets it.
    ///
    /// # Errors
    /// As [`Requirements::set`], and [`ProfileError::InvalidValue`] when
    /// there is no `=`.
    pub fn set_pair(&mut self, pair: &str) -> Result<(), ProfileError> {
        match pair.split_once('=') {
            Some((key, value)) => self.set(key, value, None),
            None => Err(ProfileError::InvalidValue {
                key: pair.to_string(),
                message: "expected KEY=VALUE".to_string(),
            }),
        }
    }

    /// Removes a requirement (e.g. when the user unticks one the prompt implied).
    pub fn remove(&mut self, key: &str) -> Option<Requirement> {
        self.entries.remove(key)
    }

    /// The raw value of a requirement.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(|r| r.value.as_str())
    }

    /// All requirements, ordered by key.
    pub fn iter(&self) -> impl Iterator<Item = &Requirement> + '_ {
        self.entries.values()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// OPS009's stance; deletion protection is required unless overridden.
    #[must_use]
    pub fn deletion_protection(&self) -> Stance {
        self.get("deletion_protection")
            .and_then(parse_stance)
            .unwrap_or(Stance::Required)
    }

    /// OPS006's stance on multi-AZ; required unless overridden.
    #[must_use]
    pub fn multi_az(&self) -> Stance {
        self.get("multi_az")
            .and_then(parse_stance)
            .unwrap_or(Stance::Required)
    }

    /// The required name prefix, if any (OPS014).
    #[must_use]
    pub fn name_prefix(&self) -> Option<&str> {
        self.get("name_prefix")
    }

    /// The required provider region, if any (the first, when several are listed).
    #[must_use]
    pub fn region(&self) -> Option<&str> {
        self.get("region")
            .and_then(|r| r.split(',').map(str::trim).find(|r| !r.is_empty()))
    }

    /// Every region the task names, lower-cased.
    #[must_use]
    pub fn regions(&self) -> Vec<String> {
        self.get("region")
            .map(|s| {
                s.split(',')
                    .map(|x| x.trim().to_ascii_lowercase())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether every listed region must have a provider.
    #[must_use]
    pub fn multi_region(&self) -> bool {
        self.get("multi_region").and_then(parse_stance) == Some(Stance::Required)
    }

    /// The required database engine, if any.
    #[must_use]
    pub fn db_engine(&self) -> Option<&str> {
        self.get("db_engine")
    }

    /// The requested file layout, if any.
    #[must_use]
    pub fn file_layout(&self) -> Option<&str> {
        self.get("file_layout")
    }

    /// Services that must be present, lower-cased.
    #[must_use]
    pub fn services(&self) -> Vec<String> {
        self.get("services")
            .map(|s| {
                s.split(',')
                    .map(|x| x.trim().to_ascii_lowercase())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Control IDs the task asks for (upper-cased), judged even where the
    /// profile would turn them off.
    #[must_use]
    pub fn controls(&self) -> Vec<String> {
        self.get("controls")
            .map(|s| {
                s.split(',')
                    .map(|x| x.trim().to_ascii_uppercase())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether the task asks for this control (see [`Requirements::controls`]).
    #[must_use]
    pub fn requires_control(&self, id: &str) -> bool {
        self.get("controls")
            .is_some_and(|s| s.split(',').any(|x| x.trim().eq_ignore_ascii_case(id)))
    }

    /// Minimum backup retention: the override, else the profile's.
    #[must_use]
    pub fn backup_retention_days(&self, profile: Profile) -> u32 {
        self.get("backup_retention_days")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| profile.backup_retention_days())
    }

    /// Minimum retention for audit logs: the override, else the profile's.
    #[must_use]
    pub fn audit_log_retention_days(&self, profile: Profile) -> u32 {
        self.get("log_retention_days")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| profile.audit_log_retention_days())
    }

    /// Minimum retention for other logs: the override, else the profile's.
    #[must_use]
    pub fn log_retention_days(&self, profile: Profile) -> u32 {
        self.get("log_retention_days")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| profile.log_retention_days())
    }

    /// Whether customer-managed keys are required: the override, else the
    /// profile's ([`Profile::cmk_required`]).
    #[must_use]
    pub fn cmk_required(&self, profile: Profile) -> bool {
        self.get("require_cmk")
            .and_then(parse_bool)
            .unwrap_or_else(|| profile.cmk_required())
    }
}

fn parse_stance(value: &str) -> Option<Stance> {
    match value.to_ascii_lowercase().as_str() {
        "required" | "require" | "true" | "on" | "enabled" => Some(Stance::Required),
        "forbidden" | "forbid" | "false" | "off" | "disabled" => Some(Stance::Forbidden),
        "any" | "either" => Some(Stance::Any),
        _ => None,
    }
}

/// `IAM003`: three ASCII letters and three digits.
fn is_control_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 6
        && b[..3].iter().all(u8::is_ascii_alphabetic)
        && b[3..].iter().all(u8::is_ascii_digit)
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "on" => Some(true),
        "false" | "no" | "0" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_round_trip() {
        for p in Profile::ALL {
            assert_eq!(p.name().parse::<Profile>(), Ok(p));
        }
        assert!("lenient".parse::<Profile>().is_err());
    }

    #[test]
    fn overrides_replace_profile_thresholds() {
        let mut r = Requirements::new();
        assert_eq!(r.backup_retention_days(Profile::Baseline), 7);
        assert_eq!(r.backup_retention_days(Profile::Strict), 30);
        r.set("backup_retention_days", "14", None).unwrap();
        assert_eq!(r.backup_retention_days(Profile::Strict), 14);
    }

    #[test]
    fn deletion_protection_defaults_to_required_and_can_be_forbidden() {
        let mut r = Requirements::new();
        assert_eq!(r.deletion_protection(), Stance::Required);
        r.set_pair("deletion_protection=forbidden").unwrap();
        assert_eq!(r.deletion_protection(), Stance::Forbidden);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_rejected() {
        let mut r = Requirements::new();
        assert!(matches!(
            r.set("colour", "blue", None),
            Err(ProfileError::UnknownKey(_))
        ));
        assert!(matches!(
            r.set("backup_retention_days", "a week", None),
            Err(ProfileError::InvalidValue { .. })
        ));
        assert!(r.set_pair("no-equals-sign").is_err());
        assert!(r.set("controls", "IAM003,nope", None).is_err());
    }

    #[test]
    fn required_controls_are_listed_and_matched_case_insensitively() {
        let mut r = Requirements::new();
        assert!(!r.requires_control("IAM003"));
        r.set("controls", "iam003, ENC013", None).unwrap();
        assert_eq!(
            r.controls(),
            vec!["IAM003".to_string(), "ENC013".to_string()]
        );
        assert!(r.requires_control("IAM003"));
        assert!(!r.requires_control("IAM001"));
    }

    #[test]
    fn strict_requires_cmk_unless_overridden() {
        let mut r = Requirements::new();
        assert!(r.cmk_required(Profile::Strict));
        assert!(!r.cmk_required(Profile::Baseline));
        r.set("require_cmk", "true", None).unwrap();
        assert!(r.cmk_required(Profile::Baseline));
    }
}
