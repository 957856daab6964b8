//! Questions controls ask of the model, answered once here so every control
//! answers them the same way: judging a setting with its default, resolving
//! references, reading policy statements, security-group rules in their
//! three forms, KMS key settings, load balancers and subnets.
//!
//! Everything here is three-valued where the input can be unknown: a
//! [`Judgement`] (holds / violated / unknown) or an enum with an
//! `Unknown` case, so that no control fails a resource on a value it cannot
//! know.

use super::context::exists;
use crate::eval::{Judgement, Value};
use crate::model::{
    Attribute, Body, LinkKind, Mode, Model, PolicyDocument, PolicyStatement, Resource, ResourceId,
    Span,
};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------
// Settings

/// An attribute judged against a predicate.
#[derive(Debug, Clone, Copy)]
pub enum Setting<'a> {
    /// Not written (or `null`): the provider's default applies.
    Absent,
    Holds(&'a Attribute),
    Violated(&'a Attribute),
    Unknown(&'a Attribute),
}

/// Judges `name` in `body`. `null` counts as absent. Inside a conditional
/// with an unknown condition (`Value::OneOf`) a `null` branch reaches the
/// predicate as `Value::Null`, so predicates answer for the default there
/// (see [`flag`]).
pub fn setting<'a>(
    body: &'a Body,
    name: &str,
    predicate: impl Fn(&Value) -> Option<bool>,
) -> Setting<'a> {
    match body.attr(name) {
        None => Setting::Absent,
        Some(attr) if attr.value == Value::Null => Setting::Absent,
        Some(attr) => match attr.value.judge(&predicate) {
            Judgement::Holds => Setting::Holds(attr),
            Judgement::Violated => Setting::Violated(attr),
            Judgement::Unknown => Setting::Unknown(attr),
        },
    }
}

/// A predicate for a boolean flag whose default (when absent or `null`) is
/// `default`. Accepts `true`/`false` and the strings `"true"`/`"false"`.
pub fn flag(default: bool) -> impl Fn(&Value) -> Option<bool> {
    move |v| match v {
        Value::Null => Some(default),
        other => other.as_bool(),
    }
}

/// A predicate: the value is one of these strings (case-insensitive).
pub fn one_of(allowed: &'static [&'static str]) -> impl Fn(&Value) -> Option<bool> {
    move |v| match v {
        Value::String(s) => Some(allowed.iter().any(|a| a.eq_ignore_ascii_case(s))),
        Value::Null => Some(false),
        _ => None,
    }
}

/// A predicate: the value is a non-empty string (after trimming).
pub fn non_empty_string(v: &Value) -> Option<bool> {
    match v {
        Value::String(s) => Some(!s.trim().is_empty()),
        Value::Null => Some(false),
        _ => None,
    }
}

/// A grade of one value on a three-step scale, for controls where a value
/// can be good, partly good, or bad (`aws:kms` / `AES256` / none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    Good,
    Partial,
    Bad,
    Unknown,
}

/// Grades a value. A conditional with an unknown condition takes the grade
/// its branches share; branches that are all at least partly good grade
/// `Partial`; a mix of bad and not-bad is `Unknown` (RUBRIC.md section 2).
pub fn grade(value: &Value, f: &dyn Fn(&Value) -> Grade) -> Grade {
    match value {
        Value::Unknown => Grade::Unknown,
        Value::OneOf(alternatives) => {
            let grades: Vec<Grade> = alternatives.iter().map(|v| grade(v, f)).collect();
            let Some(&first) = grades.first() else {
                return Grade::Unknown;
            };
            if grades.contains(&Grade::Unknown) {
                Grade::Unknown
            } else if grades.iter().all(|g| *g == first) {
                first
            } else if grades.contains(&Grade::Bad) {
                Grade::Unknown
            } else {
                Grade::Partial
            }
        }
        known => f(known),
    }
}

/// Why an attribute's value is unknown, for "could not be determined: …".
#[must_use]
pub fn why_unknown(attr: &Attribute) -> String {
    let refs: Vec<&str> = attr
        .references
        .iter()
        .map(String::as_str)
        .filter(|r| !r.starts_with("count.") && !r.starts_with("each.") && !r.starts_with("path."))
        .collect();
    let conditional = matches!(attr.value, Value::OneOf(_));
    match (conditional, refs.is_empty()) {
        (true, true) => format!(
            "`{}` depends on a condition that cannot be evaluated statically",
            attr.name
        ),
        (true, false) => format!(
            "`{}` depends on a condition on {}",
            attr.name,
            refs.join(", ")
        ),
        (false, true) => format!("`{}` is only known after apply", attr.name),
        (false, false) => format!("`{}` depends on {}", attr.name, refs.join(", ")),
    }
}

/// A value as a list of strings: a string is a one-element list. `None`
/// when any part is unknown or not a string.
#[must_use]
pub fn strings(value: &Value) -> Option<Vec<&str>> {
    match value {
        Value::String(s) => Some(vec![s.as_str()]),
        Value::List(items) => items.iter().map(Value::as_str).collect(),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// A number as an integer, accepting numeric strings (`"443"`).
#[must_use]
pub fn integer(value: &Value) -> Option<i64> {
    let n = value.as_f64()?;
    if n.fract() == 0.0 && n.abs() < 1e15 {
        // Exact: checked above that n is integral and in range.
        #[allow(clippy::cast_possible_truncation)]
        Some(n as i64)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// References

pub use crate::model::base_address;

/// The resource (or data source) an address names in a module.
#[must_use]
pub fn resource_by_address<'m>(
    model: &'m Model,
    module: usize,
    address: &str,
) -> Option<&'m Resource> {
    let address = base_address(address);
    model
        .resources
        .iter()
        .find(|r| r.module == module && r.address() == address)
}

/// Resources (and data sources) that `attribute` of `from` refers to, in
/// reference order, without duplicates; only those that exist.
#[must_use]
pub fn referenced<'m>(model: &'m Model, from: &Resource, attribute: &str) -> Vec<&'m Resource> {
    from.body()
        .attr(attribute)
        .map(|a| references_of(model, from.module, a))
        .unwrap_or_default()
}

/// Resources an attribute refers to, resolved in `module`.
#[must_use]
pub fn references_of<'m>(model: &'m Model, module: usize, attr: &Attribute) -> Vec<&'m Resource> {
    let mut out: Vec<&Resource> = Vec::new();
    for reference in &attr.references {
        if let Some(r) = resource_by_address(model, module, reference) {
            if exists(r) && !out.iter().any(|o| o.id == r.id) {
                out.push(r);
            }
        }
    }
    out
}

/// Whether `attribute` of `from` refers to `target`.
#[must_use]
pub fn refers_to(from: &Resource, attribute: &str, target: &Resource) -> bool {
    if from.module != target.module {
        return false;
    }
    let address = target.address();
    from.body()
        .attr(attribute)
        .is_some_and(|a| a.references.iter().any(|r| base_address(r) == address))
}

/// Existing managed resources of `types` whose `attribute` refers to `target`.
#[must_use]
pub fn referrers<'m>(
    model: &'m Model,
    target: &Resource,
    types: &[&str],
    attribute: &str,
) -> Vec<&'m Resource> {
    model
        .resources_of_types(types)
        .filter(|r| exists(r) && refers_to(r, attribute, target))
        .collect()
}

/// Split `aws_s3_bucket_*` resources of one type linked to a bucket.
#[must_use]
pub fn bucket_configs<'m>(
    model: &'m Model,
    bucket: &Resource,
    resource_type: &str,
) -> Vec<&'m Resource> {
    let mut out: Vec<&Resource> = model
        .linked_from(bucket.id, LinkKind::BucketConfig)
        .filter(|r| r.resource_type == resource_type && exists(r))
        .collect();
    // Fall back on the `bucket` reference when the builder did not link
    // (e.g. an older model); never duplicates.
    for r in referrers(model, bucket, &[resource_type], "bucket") {
        if !out.iter().any(|o| o.id == r.id) {
            out.push(r);
        }
    }
    out.sort_by_key(|r| r.id);
    out
}

/// Whether a split `aws_s3_bucket_*` resource is linked to some bucket in
/// the configuration.
#[must_use]
pub fn configures_known_bucket(model: &Model, config: &Resource) -> bool {
    model
        .links_from(config.id, Some(LinkKind::BucketConfig))
        .next()
        .is_some()
        || referenced(model, config, "bucket")
            .iter()
            .any(|b| b.resource_type == "aws_s3_bucket" && b.mode == Mode::Managed)
}

// ---------------------------------------------------------------------------
// Policies

/// The policy documents of `owner`'s `attribute` (e.g. `policy`): those the
/// model attributes to it directly, else those of the
/// `aws_iam_policy_document` data sources it refers to.
#[must_use]
pub fn policy_documents<'m>(
    model: &'m Model,
    owner: &Resource,
    attribute: &str,
) -> Vec<&'m PolicyDocument> {
    let direct: Vec<&PolicyDocument> = model
        .policies_of(owner.id)
        .filter(|p| p.attribute == attribute)
        .collect();
    if !direct.is_empty() {
        return direct;
    }
    let mut out = Vec::new();
    for r in referenced(model, owner, attribute) {
        if r.mode == Mode::Data && r.resource_type == "aws_iam_policy_document" {
            out.extend(model.policies_of(r.id));
        }
    }
    out
}

/// Whether a statement's effect is `effect` (`Allow`/`Deny`); `None` when
/// the model could not determine the effect.
#[must_use]
pub fn effect_is(statement: &PolicyStatement, effect: &str) -> Option<bool> {
    statement
        .effect
        .as_ref()
        .map(|e| e.eq_ignore_ascii_case(effect))
}

/// Whether an IAM action pattern list covers `action` (`s3:*`, `*`,
/// `s3:Put*` cover `s3:PutObject`). `None` when the list is unknown.
#[must_use]
pub fn actions_cover(actions: &Value, action: &str) -> Option<bool> {
    let list = strings(actions)?;
    Some(list.iter().any(|pattern| wildcard_match(pattern, action)))
}

/// Case-insensitive match with `*` and `?` wildcards (IAM action syntax).
#[must_use]
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    // Iterative glob match with backtracking to the last star.
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// The values a condition tests for a key, across operators matching
/// `operator` (e.g. `Bool`, `StringNotEquals`), case-insensitive on the
/// key: `{"Bool": {"aws:SecureTransport": "false"}}` → `["false"]`.
/// `None` when the condition block is unknown.
#[must_use]
pub fn condition_values<'v>(
    conditions: &'v Value,
    operator: &dyn Fn(&str) -> bool,
    key: &str,
) -> Option<Vec<&'v Value>> {
    match conditions {
        Value::Null => Some(Vec::new()),
        Value::Object(ops) => {
            let mut out = Vec::new();
            for (op, tests) in ops {
                if !operator(op) {
                    continue;
                }
                match tests {
                    Value::Object(map) => {
                        for (k, v) in map {
                            if k.eq_ignore_ascii_case(key) {
                                out.push(v);
                            }
                        }
                    }
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// Whether a `Principal` value names a service principal matching `service`
/// (e.g. `cloudtrail.amazonaws.com`), or everyone (`*`).
#[must_use]
pub fn principal_includes_service(
    principals: &Value,
    service: &dyn Fn(&str) -> bool,
) -> Option<bool> {
    match principals {
        Value::String(s) => Some(s == "*"),
        Value::Object(map) => {
            let mut unknown = false;
            for (kind, ids) in map {
                let is_service = kind.eq_ignore_ascii_case("Service");
                let is_all = kind.eq_ignore_ascii_case("AWS") || kind == "*";
                match strings(ids) {
                    Some(list) => {
                        if list
                            .iter()
                            .any(|id| (is_service && service(id)) || (is_all && *id == "*"))
                        {
                            return Some(true);
                        }
                    }
                    None => unknown = true,
                }
            }
            if unknown {
                None
            } else {
                Some(false)
            }
        }
        Value::Null => Some(false),
        _ => None,
    }
}

/// A bucket policy as written: inline `policy` of `aws_s3_bucket`, or an
/// `aws_s3_bucket_policy` linked to the bucket.
#[derive(Debug, Clone)]
pub struct BucketPolicy<'m> {
    /// The resource holding the `policy` attribute.
    pub holder: &'m Resource,
    pub attr: &'m Attribute,
    pub documents: Vec<&'m PolicyDocument>,
}

impl BucketPolicy<'_> {
    /// The statements, or `None` when the document could not be read.
    #[must_use]
    pub fn statements(&self) -> Option<Vec<&PolicyStatement>> {
        if self.documents.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for doc in &self.documents {
            out.extend(doc.statements.as_ref()?.iter());
        }
        Some(out)
    }
}

/// Every policy of a bucket.
#[must_use]
pub fn bucket_policies<'m>(model: &'m Model, bucket: &'m Resource) -> Vec<BucketPolicy<'m>> {
    let mut out = Vec::new();
    let holders =
        std::iter::once(bucket).chain(bucket_configs(model, bucket, "aws_s3_bucket_policy"));
    for holder in holders {
        if let Some(attr) = holder.body().attr("policy") {
            if attr.value == Value::Null {
                continue;
            }
            out.push(BucketPolicy {
                holder,
                attr,
                documents: policy_documents(model, holder, "policy"),
            });
        }
    }
    out
}

/// Finds a statement satisfying `test` across a bucket's policies:
/// `Holds` with the policy that has one, `Violated` when every policy was
/// read and none has, `Unknown` when some policy could not be read (with
/// that policy). No policies at all is `Violated` with `None`.
#[must_use]
pub fn find_bucket_statement<'p, 'm>(
    policies: &'p [BucketPolicy<'m>],
    test: &dyn Fn(&PolicyStatement) -> Option<bool>,
) -> (Judgement, Option<&'p BucketPolicy<'m>>) {
    let mut unknown = None;
    for policy in policies {
        match policy.statements() {
            None => unknown = unknown.or(Some(policy)),
            Some(statements) => {
                let mut any_unknown = false;
                for s in statements {
                    match test(s) {
                        Some(true) => return (Judgement::Holds, Some(policy)),
                        Some(false) => {}
                        None => any_unknown = true,
                    }
                }
                if any_unknown {
                    unknown = unknown.or(Some(policy));
                }
            }
        }
    }
    match unknown {
        Some(p) => (Judgement::Unknown, Some(p)),
        None => (Judgement::Violated, None),
    }
}

// ---------------------------------------------------------------------------
// KMS keys

/// Which key a `kms_key_id`-like attribute selects.
#[derive(Debug, Clone, Copy)]
pub enum KeyChoice<'a> {
    /// Not set: the service's default (an AWS-owned or AWS-managed key).
    Absent,
    /// An AWS-managed key (`alias/aws/…`).
    AwsManaged(&'a Attribute),
    /// A customer-managed key: a key resource of the configuration, a key
    /// ARN/ID/alias, or an input the caller supplies.
    Customer(&'a Attribute),
    /// A conditional that may or may not set a key.
    Unknown(&'a Attribute),
}

/// Classifies the key an attribute selects.
#[must_use]
pub fn key_choice<'a>(
    model: &Model,
    owner: &Resource,
    body: &'a Body,
    name: &str,
) -> KeyChoice<'a> {
    let Some(attr) = body.attr(name) else {
        return KeyChoice::Absent;
    };
    let referenced = references_of(model, owner.module, attr);
    let refers_to_aws_managed = referenced.iter().any(|r| is_aws_managed_key_lookup(r));
    // The evaluator folds `cond ? aws_kms_key.k.arn : null` into plain
    // `Unknown` (a branch is unknown), so an unknown value is read from its
    // references: one key resource, or one input, selects a customer key;
    // several sources may be a conditional that selects none.
    let sources: Vec<&str> = attr
        .references
        .iter()
        .map(String::as_str)
        .filter(|r| {
            !r.starts_with("count.")
                && !r.starts_with("each.")
                && !r.starts_with("path.")
                && !r.starts_with("self.")
        })
        .collect();
    let single_source = sources.len() <= 1
        || (!referenced.is_empty()
            && referenced.len() == sources.len()
            && referenced.iter().all(|r| is_key_resource(r)));
    let unknown_grade = if refers_to_aws_managed {
        Grade::Partial
    } else if single_source {
        Grade::Good
    } else {
        Grade::Unknown
    };
    let classify = |v: &Value| -> Grade {
        match v {
            Value::Null => Grade::Bad,
            Value::String(s) if s.trim().is_empty() => Grade::Bad,
            Value::String(s) if s.contains("alias/aws/") => Grade::Partial,
            Value::String(_) => Grade::Good,
            _ => Grade::Unknown,
        }
    };
    let g = match &attr.value {
        // The value of a key resource's `arn` is only known after apply; who
        // it refers to tells what it is.
        Value::Unknown => unknown_grade,
        Value::OneOf(alts) => {
            let grades: Vec<Grade> = alts
                .iter()
                .map(|a| match a {
                    Value::Unknown if refers_to_aws_managed => Grade::Partial,
                    Value::Unknown => Grade::Good,
                    other => classify(other),
                })
                .collect();
            if grades.iter().all(|g| *g == Grade::Bad) {
                Grade::Bad
            } else if grades.iter().all(|g| *g == Grade::Good) {
                Grade::Good
            } else if grades.iter().all(|g| *g == Grade::Partial) {
                Grade::Partial
            } else {
                Grade::Unknown
            }
        }
        other => classify(other),
    };
    match g {
        Grade::Bad => KeyChoice::Absent,
        Grade::Good => KeyChoice::Customer(attr),
        Grade::Partial => KeyChoice::AwsManaged(attr),
        Grade::Unknown => KeyChoice::Unknown(attr),
    }
}

/// A resource or data source that stands for a KMS key.
fn is_key_resource(r: &Resource) -> bool {
    matches!(
        r.resource_type.as_str(),
        "aws_kms_key" | "aws_kms_replica_key" | "aws_kms_external_key" | "aws_kms_alias"
    )
}

/// A `data "aws_kms_alias"` / `data "aws_kms_key"` that looks up an
/// AWS-managed key (`alias/aws/s3`).
fn is_aws_managed_key_lookup(r: &Resource) -> bool {
    if r.mode != Mode::Data {
        return false;
    }
    let field = match r.resource_type.as_str() {
        "aws_kms_alias" => "name",
        "aws_kms_key" => "key_id",
        _ => return false,
    };
    r.body()
        .value(field)
        .and_then(Value::as_str)
        .is_some_and(|s| s.contains("alias/aws/"))
}

// ---------------------------------------------------------------------------
// Security-group rules

/// Traffic direction of a security-group rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ingress,
    Egress,
}

/// Where a rule is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleForm {
    /// An `ingress`/`egress` block of `aws_security_group` (or
    /// `aws_default_security_group`).
    Inline,
    /// An `aws_security_group_rule` resource.
    Legacy,
    /// An `aws_vpc_security_group_{ingress,egress}_rule` resource.
    Vpc,
}

/// One security-group rule in any of its three forms.
#[derive(Debug, Clone, Copy)]
pub struct SgRule<'m> {
    /// The resource the rule is written in (the group for inline rules).
    pub holder: &'m Resource,
    /// The group the rule belongs to, when it is in the configuration.
    pub group: Option<&'m Resource>,
    pub direction: Direction,
    pub form: RuleForm,
    /// Header of the inline block, or of the rule resource.
    pub span: &'m Span,
    pub body: &'m Body,
}

/// The ports a rule opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ports {
    /// Every port (protocol `-1`/`all`, or `0–65535`, or port `-1`).
    All,
    Range(i64, i64),
    /// ICMP and other port-less protocols.
    NoPorts,
    Unknown,
}

impl Ports {
    /// Whether the rule opens `port`: `None` when the ports are unknown.
    #[must_use]
    pub fn covers(self, port: i64) -> Option<bool> {
        match self {
            Ports::All => Some(true),
            Ports::Range(lo, hi) => Some(lo <= port && port <= hi),
            Ports::NoPorts => Some(false),
            Ports::Unknown => None,
        }
    }

    /// Human-readable, for messages.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Ports::All => "all ports".to_string(),
            Ports::Range(lo, hi) if lo == hi => format!("port {lo}"),
            Ports::Range(lo, hi) => format!("ports {lo}-{hi}"),
            Ports::NoPorts => "no ports (ICMP)".to_string(),
            Ports::Unknown => "unknown ports".to_string(),
        }
    }
}

/// The attributes that name CIDR sources/destinations in each rule form.
const CIDR_ATTRIBUTES: &[&str] = &["cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"];

impl<'m> SgRule<'m> {
    /// The ports the rule opens.
    #[must_use]
    pub fn ports(&self) -> Ports {
        let protocol_attr = if self.form == RuleForm::Vpc {
            "ip_protocol"
        } else {
            "protocol"
        };
        let protocol = match self.body.value(protocol_attr) {
            Some(Value::String(s)) => s.to_ascii_lowercase(),
            Some(Value::Number(n)) => n.to_string(),
            // A Terraform-required argument; absent only in broken input.
            None | Some(Value::Null) => String::new(),
            Some(_) => return Ports::Unknown,
        };
        match protocol.as_str() {
            "-1" | "all" => return Ports::All,
            "icmp" | "icmpv6" | "1" | "58" => return Ports::NoPorts,
            _ => {}
        }
        let from = self.body.value("from_port").map(integer);
        let to = self.body.value("to_port").map(integer);
        match (from, to) {
            (Some(Some(f)), Some(Some(t))) => {
                // `0`–`0` is how many configurations write "every port"
                // (Terraform's own form for protocol `-1`); port 0 itself
                // carries no traffic, so nothing narrower is meant.
                if f == -1 || t == -1 || (f <= 0 && t >= 65535) || (f == 0 && t == 0) {
                    Ports::All
                } else {
                    Ports::Range(f.min(t), f.max(t))
                }
            }
            (Some(None), _) | (_, Some(None)) => Ports::Unknown,
            // The VPC rule resources leave ports out only for protocol -1,
            // handled above; elsewhere a missing port is broken input.
            _ => Ports::Unknown,
        }
    }

    /// The CIDR attributes of the rule.
    pub fn cidr_attributes(&self) -> impl Iterator<Item = &'m Attribute> + 'm {
        let body = self.body;
        CIDR_ATTRIBUTES
            .iter()
            .filter_map(move |name| body.attr(name))
    }

    /// Whether the rule opens to (or from) anywhere: `0.0.0.0/0` or `::/0`.
    /// With the attribute that does, or the one that is unknown.
    #[must_use]
    pub fn world(&self, model: &Model) -> (Judgement, Option<&'m Attribute>) {
        let mut unknown = None;
        for attr in self.cidr_attributes() {
            match attr.value.judge(&|v| cidr_list_is_world(v)) {
                Judgement::Holds => return (Judgement::Holds, Some(attr)),
                // `[aws_vpc.main.cidr_block]` is only known after apply,
                // but a VPC's or subnet's range is never the internet.
                Judgement::Unknown if cidr_from_network_ranges(model, self.holder.module, attr) => {
                }
                Judgement::Unknown => unknown = unknown.or(Some(attr)),
                Judgement::Violated => {}
            }
        }
        match unknown {
            Some(attr) => (Judgement::Unknown, Some(attr)),
            None => (Judgement::Violated, None),
        }
    }

    /// Whether the rule's source is other security groups (or the group
    /// itself, or a prefix list) rather than CIDR blocks.
    #[must_use]
    pub fn has_group_source(&self) -> bool {
        [
            "security_groups",
            "source_security_group_id",
            "referenced_security_group_id",
            "prefix_list_ids",
            "prefix_list_id",
        ]
        .iter()
        .any(|name| {
            self.body
                .attr(name)
                .is_some_and(|a| a.value != Value::Null && a.value != Value::List(Vec::new()))
        }) || self.body.value("self").and_then(Value::as_bool) == Some(true)
            || self.body.value("source_self").and_then(Value::as_bool) == Some(true)
    }

    /// The address used in messages: `aws_security_group.web` (ingress
    /// block) or the rule resource's address.
    #[must_use]
    pub fn describe(&self) -> String {
        match self.form {
            RuleForm::Inline => format!(
                "{} block of {}",
                if self.direction == Direction::Ingress {
                    "ingress"
                } else {
                    "egress"
                },
                self.holder.address()
            ),
            RuleForm::Legacy | RuleForm::Vpc => self.holder.address(),
        }
    }
}

/// Whether a value (a CIDR string or a list of them) contains the whole
/// IPv4 or IPv6 internet; `None` when some element is unknown.
fn cidr_list_is_world(v: &Value) -> Option<bool> {
    match v {
        Value::String(s) => Some(is_world_cidr(s)),
        Value::Null => Some(false),
        Value::List(items) => {
            let mut unknown = false;
            for item in items {
                match item {
                    Value::String(s) if is_world_cidr(s) => return Some(true),
                    Value::String(_) | Value::Null => {}
                    _ => unknown = true,
                }
            }
            if unknown {
                None
            } else {
                Some(false)
            }
        }
        _ => None,
    }
}

/// Resources whose CIDR attributes are network ranges inside AWS (a VPC's
/// or subnet's block), never the whole internet.
const NETWORK_RANGE_TYPES: &[&str] = &[
    "aws_vpc",
    "aws_default_vpc",
    "aws_subnet",
    "aws_default_subnet",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_vpc_ipv6_cidr_block_association",
];

/// Whether an attribute's (unknown) value is built only from VPC or subnet
/// ranges: `[aws_vpc.main.cidr_block]`, `aws_subnet.private[*].cidr_block`.
#[must_use]
pub fn cidr_from_network_ranges(model: &Model, module: usize, attr: &Attribute) -> bool {
    let refs: Vec<&String> = attr
        .references
        .iter()
        .filter(|r| !r.starts_with("count.") && !r.starts_with("each.") && !r.starts_with("path."))
        .collect();
    !refs.is_empty()
        && refs.iter().all(|r| {
            resource_by_address(model, module, r)
                .is_some_and(|res| NETWORK_RANGE_TYPES.contains(&res.resource_type.as_str()))
        })
}

/// `0.0.0.0/0` or `::/0`.
#[must_use]
pub fn is_world_cidr(cidr: &str) -> bool {
    matches!(cidr.trim(), "0.0.0.0/0" | "::/0" | "0::/0")
}

/// Whether a CIDR is in private address space (RFC 1918, RFC 4193 ULA, or
/// the shared carrier-grade range).
#[must_use]
pub fn is_private_cidr(cidr: &str) -> bool {
    let addr = cidr.split('/').next().unwrap_or("").trim();
    if addr.contains(':') {
        let lower = addr.to_ascii_lowercase();
        return lower.starts_with("fc") || lower.starts_with("fd");
    }
    let octets: Vec<u8> = addr.split('.').filter_map(|o| o.parse().ok()).collect();
    match octets.as_slice() {
        [10, ..] => true,
        [172, b, ..] => (16..=31).contains(b),
        [192, 168, ..] => true,
        [100, b, ..] => (64..=127).contains(b),
        _ => false,
    }
}

/// Every security-group rule of the configuration, in input order of the
/// resources holding them. Rules of unknown direction (an unknown `type`)
/// are left out: no control can judge them.
#[must_use]
pub fn security_group_rules(model: &Model) -> Vec<SgRule<'_>> {
    let mut out = Vec::new();
    for r in model
        .resources
        .iter()
        .filter(|r| r.mode == Mode::Managed && exists(r))
    {
        match r.resource_type.as_str() {
            "aws_security_group" | "aws_default_security_group" => {
                for block in &r.body().blocks {
                    let direction = match block.kind.as_str() {
                        "ingress" => Direction::Ingress,
                        "egress" => Direction::Egress,
                        _ => continue,
                    };
                    out.push(SgRule {
                        holder: r,
                        group: Some(r),
                        direction,
                        form: RuleForm::Inline,
                        span: &block.span,
                        body: &block.body,
                    });
                }
            }
            "aws_security_group_rule" => {
                let direction = match r.body().value("type").and_then(Value::as_str) {
                    Some("ingress") => Direction::Ingress,
                    Some("egress") => Direction::Egress,
                    _ => continue,
                };
                out.push(SgRule {
                    holder: r,
                    group: rule_group(model, r),
                    direction,
                    form: RuleForm::Legacy,
                    span: &r.block.span,
                    body: r.body(),
                });
            }
            "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
                let direction = if r.resource_type.ends_with("ingress_rule") {
                    Direction::Ingress
                } else {
                    Direction::Egress
                };
                out.push(SgRule {
                    holder: r,
                    group: rule_group(model, r),
                    direction,
                    form: RuleForm::Vpc,
                    span: &r.block.span,
                    body: r.body(),
                });
            }
            _ => {}
        }
    }
    out
}

/// The group a rule resource belongs to: the `SecurityGroupRule` link, else
/// its `security_group_id` reference.
fn rule_group<'m>(model: &'m Model, rule: &Resource) -> Option<&'m Resource> {
    model
        .linked_to(rule.id, LinkKind::SecurityGroupRule)
        .find(|g| exists(g))
        .or_else(|| {
            referenced(model, rule, "security_group_id")
                .into_iter()
                .find(|g| {
                    matches!(
                        g.resource_type.as_str(),
                        "aws_security_group" | "aws_default_security_group"
                    ) && g.mode == Mode::Managed
                })
        })
}

/// The rules belonging to one group (inline and separate).
#[must_use]
pub fn rules_of_group<'m>(rules: &RulesByResource<'m>, group: &Resource) -> Vec<SgRule<'m>> {
    rules.of_group.get(&group.id).cloned().unwrap_or_default()
}

/// Security-group rules grouped once by the resource that holds them and
/// by the group they belong to, so controls look them up instead of
/// scanning every rule for every group.
pub struct RulesByResource<'m> {
    pub of_holder: BTreeMap<ResourceId, Vec<SgRule<'m>>>,
    pub of_group: BTreeMap<ResourceId, Vec<SgRule<'m>>>,
}

impl<'m> RulesByResource<'m> {
    #[must_use]
    pub fn new(rules: &[SgRule<'m>]) -> Self {
        let mut of_holder: BTreeMap<ResourceId, Vec<SgRule<'m>>> = BTreeMap::new();
        let mut of_group: BTreeMap<ResourceId, Vec<SgRule<'m>>> = BTreeMap::new();
        for rule in rules {
            of_holder.entry(rule.holder.id).or_default().push(*rule);
            if let Some(group) = rule.group {
                of_group.entry(group.id).or_default().push(*rule);
            }
        }
        Self {
            of_holder,
            of_group,
        }
    }

    /// The rules a resource holds, in rule order.
    #[must_use]
    pub fn held_by(&self, holder: &Resource) -> &[SgRule<'m>] {
        self.of_holder.get(&holder.id).map_or(&[], Vec::as_slice)
    }
}

/// One ingress rule whose source may be the whole internet, as
/// [`judge_world_ingress`] hands it to a control.
pub struct WorldIngress<'r, 'm> {
    pub holder: &'m Resource,
    pub rule: &'r SgRule<'m>,
    /// `Holds` (open to the world) or `Unknown` (the source is not known).
    pub world: Judgement,
    /// The attribute that decided `world`, if any.
    pub attr: Option<&'m Attribute>,
    /// Where to report: that attribute, else the rule.
    pub at: &'m Span,
}

/// The loop the world-ingress controls share: every ingress rule of every
/// resource in scope whose source is not known to be private goes to
/// `judge`, which records findings and returns whether it found a
/// problem. A resource with no problem passes with `pass_message` when it
/// holds ingress rules or is a group (nothing open is a pass; egress-only
/// rule resources are not judged).
pub fn judge_world_ingress(
    cx: &super::RuleContext<'_>,
    out: &mut super::Verdicts,
    pass_message: &str,
    judge: &mut dyn FnMut(&mut super::Verdicts, &WorldIngress<'_, '_>) -> bool,
) {
    let all = security_group_rules(cx.model);
    let rules = RulesByResource::new(&all);
    for holder in cx.resources() {
        let mut judged = false;
        let mut problems = 0;
        for rule in rules
            .held_by(holder)
            .iter()
            .filter(|r| r.direction == Direction::Ingress)
        {
            judged = true;
            let (world, attr) = rule.world(cx.model);
            if world == Judgement::Violated {
                continue;
            }
            let at = attr.map_or(rule.span, |a| &a.span);
            let ingress = WorldIngress {
                holder,
                rule,
                world,
                attr,
                at,
            };
            if judge(out, &ingress) {
                problems += 1;
            }
        }
        let is_group = matches!(
            holder.resource_type.as_str(),
            "aws_security_group" | "aws_default_security_group"
        );
        if problems == 0 && (judged || is_group) {
            out.pass(holder, pass_message.to_owned());
        }
    }
}

/// Resources a security group is attached to (`vpc_security_group_ids`,
/// `security_groups`, …): the `SecurityGroupAttachment` links, plus any
/// resource listing the group in one of those attributes.
#[must_use]
pub fn group_attachments<'m>(model: &'m Model, group: &Resource) -> Vec<&'m Resource> {
    let mut out: Vec<&Resource> = model
        .linked_from(group.id, LinkKind::SecurityGroupAttachment)
        .filter(|r| exists(r))
        .collect();
    const ATTRS: &[&str] = &[
        "vpc_security_group_ids",
        "security_groups",
        "security_group_ids",
    ];
    let address = group.address();
    let candidates: Vec<&Resource> = match model.referencing(group.module, &address) {
        Some(referrers) => referrers.collect(),
        None => model.resources.iter().collect(),
    };
    for r in candidates
        .into_iter()
        .filter(|r| r.mode == Mode::Managed && exists(r) && r.id != group.id)
    {
        if r.resource_type.starts_with("aws_security_group")
            || r.resource_type.starts_with("aws_vpc_security_group")
        {
            continue;
        }
        let attached = ATTRS.iter().any(|a| refers_to(r, a, group))
            || nested_refers_to(
                r.body(),
                group,
                &["network_interfaces", "vpc_config", "network_configuration"],
            );
        if attached && !out.iter().any(|o| o.id == r.id) {
            out.push(r);
        }
    }
    out.sort_by_key(|r| r.id);
    out
}

/// Whether a nested block of one of `kinds` lists the group in a
/// security-group attribute (`network_interfaces { security_groups = … }`).
fn nested_refers_to(body: &Body, group: &Resource, kinds: &[&str]) -> bool {
    let address = group.address();
    body.blocks
        .iter()
        .filter(|b| kinds.contains(&b.kind.as_str()))
        .any(|b| {
            [
                "security_groups",
                "security_group_ids",
                "vpc_security_group_ids",
            ]
            .iter()
            .filter_map(|n| b.body.attr(n))
            .any(|a| a.references.iter().any(|r| base_address(r) == address))
        })
}

/// Resource types that are databases for network controls.
pub const DATABASE_TYPES: &[&str] = &[
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_redshift_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
];

/// Resource types that are load balancers.
pub const LOAD_BALANCER_TYPES: &[&str] = &["aws_lb", "aws_alb", "aws_elb"];

// ---------------------------------------------------------------------------
// Load balancers

/// Whether a load balancer is an internet-facing Application Load Balancer
/// (`Holds`), something else (`Violated`), or cannot be told (`Unknown`).
#[must_use]
pub fn internet_facing_alb(lb: &Resource) -> (Judgement, Option<&Attribute>) {
    if !matches!(lb.resource_type.as_str(), "aws_lb" | "aws_alb") {
        return (Judgement::Violated, None);
    }
    match setting(lb.body(), "load_balancer_type", one_of(&["application"])) {
        // `application` is the default type.
        Setting::Absent | Setting::Holds(_) => {}
        Setting::Violated(_) => return (Judgement::Violated, None),
        Setting::Unknown(a) => return (Judgement::Unknown, Some(a)),
    }
    internet_facing(lb)
}

/// Whether a load balancer (any kind) faces the internet: `internal` is
/// false or absent.
#[must_use]
pub fn internet_facing(lb: &Resource) -> (Judgement, Option<&Attribute>) {
    match setting(lb.body(), "internal", flag(false)) {
        Setting::Absent | Setting::Violated(_) => (Judgement::Holds, None),
        Setting::Holds(a) => (Judgement::Violated, Some(a)),
        Setting::Unknown(a) => (Judgement::Unknown, Some(a)),
    }
}

/// Whether a load balancer is an Application Load Balancer (internal or
/// not): `aws_lb`/`aws_alb` of type `application` (the default).
#[must_use]
pub fn is_alb(lb: &Resource) -> (Judgement, Option<&Attribute>) {
    if !matches!(lb.resource_type.as_str(), "aws_lb" | "aws_alb") {
        return (Judgement::Violated, None);
    }
    match setting(lb.body(), "load_balancer_type", one_of(&["application"])) {
        Setting::Absent | Setting::Holds(_) => (Judgement::Holds, None),
        Setting::Violated(_) => (Judgement::Violated, None),
        Setting::Unknown(a) => (Judgement::Unknown, Some(a)),
    }
}

/// The listeners of a load balancer (`aws_lb_listener`/`aws_alb_listener`
/// referring to it through `load_balancer_arn`).
#[must_use]
pub fn listeners_of<'m>(model: &'m Model, lb: &Resource) -> Vec<&'m Resource> {
    referrers(
        model,
        lb,
        &["aws_lb_listener", "aws_alb_listener"],
        "load_balancer_arn",
    )
}

// ---------------------------------------------------------------------------
// Subnets and routes

/// Whether a subnet is public: it gives instances public IPs or routes to
/// an internet gateway. `Holds` = public, `Violated` = private.
#[must_use]
pub fn subnet_is_public(model: &Model, subnet: &Resource) -> Judgement {
    let default_public = subnet.resource_type == "aws_default_subnet";
    let map_public = match setting(
        subnet.body(),
        "map_public_ip_on_launch",
        flag(default_public),
    ) {
        Setting::Holds(_) => return Judgement::Holds,
        Setting::Absent if default_public => return Judgement::Holds,
        Setting::Unknown(_) => Judgement::Unknown,
        Setting::Absent | Setting::Violated(_) => Judgement::Violated,
    };
    let associations = referrers(model, subnet, &["aws_route_table_association"], "subnet_id");
    let tables: Vec<&Resource> = if associations.is_empty() {
        // Unassociated subnets use the VPC's main route table.
        main_route_tables(model)
    } else {
        associations
            .iter()
            .flat_map(|a| referenced(model, a, "route_table_id"))
            .filter(|t| {
                matches!(
                    t.resource_type.as_str(),
                    "aws_route_table" | "aws_default_route_table"
                )
            })
            .collect()
    };
    let mut unknown = map_public == Judgement::Unknown;
    if associations.iter().any(|a| {
        a.body()
            .value("route_table_id")
            .is_some_and(|v| !v.is_known())
            && referenced(model, a, "route_table_id").is_empty()
    }) {
        unknown = true;
    }
    for table in tables {
        match routes_to_internet_gateway(model, table) {
            Judgement::Holds => return Judgement::Holds,
            Judgement::Unknown => unknown = true,
            Judgement::Violated => {}
        }
    }
    if unknown {
        Judgement::Unknown
    } else {
        Judgement::Violated
    }
}

/// Route tables that are a VPC's main table: `aws_default_route_table` and
/// tables named in `aws_main_route_table_association`.
fn main_route_tables(model: &Model) -> Vec<&Resource> {
    let mut out: Vec<&Resource> = model
        .resources_of_type("aws_default_route_table")
        .filter(|r| exists(r))
        .collect();
    for assoc in model
        .resources_of_type("aws_main_route_table_association")
        .filter(|r| exists(r))
    {
        out.extend(referenced(model, assoc, "route_table_id"));
    }
    out
}

/// Whether a route table has a route to an internet gateway, inline or as
/// an `aws_route` resource.
#[must_use]
pub fn routes_to_internet_gateway(model: &Model, table: &Resource) -> Judgement {
    let mut unknown = false;
    let mut judge_route = |owner: &Resource, body: &Body| -> bool {
        let Some(attr) = body.attr("gateway_id") else {
            return false;
        };
        let refs = references_of(model, owner.module, attr);
        if refs
            .iter()
            .any(|r| r.resource_type == "aws_internet_gateway")
        {
            return true;
        }
        match &attr.value {
            Value::String(s) => s.starts_with("igw-"),
            Value::Null => false,
            _ => {
                if !refs
                    .iter()
                    .any(|r| r.resource_type.contains("gateway") || r.resource_type.contains("vpn"))
                {
                    unknown = true;
                }
                false
            }
        }
    };
    for route in table.body().blocks("route") {
        if judge_route(table, &route.body) {
            return Judgement::Holds;
        }
    }
    for route in referrers(model, table, &["aws_route"], "route_table_id") {
        if judge_route(route, route.body()) {
            return Judgement::Holds;
        }
    }
    if unknown {
        Judgement::Unknown
    } else {
        Judgement::Violated
    }
}

/// What a bucket-policy control says in each case.
pub struct BucketPolicyMessages {
    /// The bucket has no policy at all.
    pub missing: &'static str,
    pub pass: &'static str,
    /// Some policy was read and none has the statement.
    pub fail: &'static str,
}

/// Judges every bucket of the control's scope by whether one of its
/// policies has a statement satisfying `test` (see
/// [`find_bucket_statement`]); an unreadable policy warns, never fails.
pub fn judge_bucket_policies(
    cx: &super::RuleContext<'_>,
    out: &mut super::Verdicts,
    test: &dyn Fn(&PolicyStatement) -> Option<bool>,
    messages: &BucketPolicyMessages,
) {
    for bucket in cx.resources() {
        let policies = bucket_policies(cx.model, bucket);
        if policies.is_empty() {
            out.missing(bucket, messages.missing);
            continue;
        }
        match find_bucket_statement(&policies, test) {
            (Judgement::Holds, Some(p)) => {
                out.pass(bucket, messages.pass).involving(p.holder);
            }
            (Judgement::Unknown, Some(p)) => {
                out.unknown(
                    bucket,
                    &p.attr.span,
                    format!(
                        "the bucket policy could not be read ({})",
                        why_unknown(p.attr)
                    ),
                )
                .involving(p.holder);
            }
            _ => {
                if let Some(p) = policies.first() {
                    out.fail(bucket, &p.attr.span, messages.fail)
                        .involving(p.holder);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_address_strips_attributes_and_indexes() {
        assert_eq!(
            base_address("aws_subnet.private[0].id"),
            "aws_subnet.private"
        );
        assert_eq!(
            base_address("data.aws_iam_policy_document.x.json"),
            "data.aws_iam_policy_document.x"
        );
        assert_eq!(base_address("var.name"), "var.name");
    }

    #[test]
    fn wildcard_matches_iam_actions() {
        assert!(wildcard_match("s3:*", "s3:PutObject"));
        assert!(wildcard_match("*", "s3:PutObject"));
        assert!(wildcard_match("s3:Put*", "s3:putobject"));
        assert!(!wildcard_match("s3:Get*", "s3:PutObject"));
        assert!(wildcard_match("s3:?utObject", "s3:PutObject"));
    }

    #[test]
    fn grade_of_conditional_takes_the_shared_grade() {
        let f = |v: &Value| match v.as_str() {
            Some("aws:kms") => Grade::Good,
            Some("AES256") => Grade::Partial,
            _ => Grade::Bad,
        };
        let both = Value::OneOf(vec![
            Value::String("AES256".into()),
            Value::String("aws:kms".into()),
        ]);
        assert_eq!(grade(&both, &f), Grade::Partial);
        let mixed = Value::OneOf(vec![Value::Null, Value::String("aws:kms".into())]);
        assert_eq!(grade(&mixed, &f), Grade::Unknown);
    }

    #[test]
    fn private_cidrs() {
        assert!(is_private_cidr("10.0.0.0/16"));
        assert!(is_private_cidr("172.20.1.0/24"));
        assert!(!is_private_cidr("172.32.0.0/16"));
        assert!(!is_private_cidr("203.0.113.0/24"));
        assert!(is_world_cidr("0.0.0.0/0"));
    }
}

// ---------------------------------------------------------------------------
// One setting, one verdict

/// The body of the first nested block along `path` (`["vpc_config"]`),
/// or the resource body itself for an empty path; `None` when a block on
/// the way is not written.
#[must_use]
pub fn nested_body<'a>(body: &'a Body, path: &[&str]) -> Option<&'a Body> {
    path.iter()
        .try_fold(body, |b, kind| b.block(kind).map(|block| &block.body))
}

/// What [`require_setting`] says in each case.
#[derive(Debug, Clone, Copy)]
pub struct Expect<'a> {
    /// Blocks leading to the attribute (empty for a top-level one).
    pub path: &'a [&'a str],
    pub attribute: &'a str,
    /// Whether leaving the attribute (or a block on its path) out is fine:
    /// the provider's default is the good value.
    pub absent_holds: bool,
    pub pass: &'a str,
    /// The failure, for a written wrong value and for an omitted one.
    pub fail: &'a str,
}

/// Judges one setting of a resource with `predicate` and records the one
/// verdict: pass, fail at the wrong value, missing at the header when an
/// omitted value's default is bad, or unknown. Returns whether it passed.
pub fn require_setting(
    out: &mut super::Verdicts,
    resource: &Resource,
    expect: &Expect<'_>,
    predicate: impl Fn(&Value) -> Option<bool>,
) -> bool {
    let judged = nested_body(resource.body(), expect.path)
        .map_or(Setting::Absent, |b| setting(b, expect.attribute, predicate));
    match judged {
        Setting::Holds(_) => {
            out.pass(resource, expect.pass);
            true
        }
        Setting::Absent if expect.absent_holds => {
            out.pass(resource, expect.pass);
            true
        }
        Setting::Absent => {
            out.missing(resource, expect.fail);
            false
        }
        Setting::Violated(attr) => {
            out.fail(resource, &attr.span, expect.fail);
            false
        }
        Setting::Unknown(attr) => {
            out.unknown(resource, &attr.span, why_unknown(attr));
            false
        }
    }
}

/// Whether an attribute is written with a value (a reference counts, even
/// when its value is only known after apply): `Holds` when it is, `Violated`
/// when it is absent or `null`, `Unknown` when a conditional may make it
/// `null`. With the attribute when written.
#[must_use]
pub fn written<'a>(body: &'a Body, name: &str) -> (Judgement, Option<&'a Attribute>) {
    match body.attr(name) {
        None => (Judgement::Violated, None),
        Some(attr) => {
            let judgement = match &attr.value {
                Value::Null => Judgement::Violated,
                Value::String(s) if s.trim().is_empty() => Judgement::Violated,
                Value::OneOf(alternatives) if alternatives.iter().all(|v| *v == Value::Null) => {
                    Judgement::Violated
                }
                Value::OneOf(alternatives) if alternatives.contains(&Value::Null) => {
                    Judgement::Unknown
                }
                _ => Judgement::Holds,
            };
            (judgement, Some(attr))
        }
    }
}

/// A predicate for an integer at least `min` (numeric strings accepted).
pub fn at_least(min: i64) -> impl Fn(&Value) -> Option<bool> {
    move |v| match v {
        Value::Null => Some(false),
        other => integer(other).map(|n| n >= min),
    }
}

/// Judges a data store's key choice where the service always encrypts:
/// a customer-managed key passes; the service's AWS-owned or AWS-managed
/// key is the profile's [`RuleContext::aws_managed_key_outcome`] (warn, or
/// fail when customer keys are required).
///
/// [`RuleContext::aws_managed_key_outcome`]: super::RuleContext::aws_managed_key_outcome
pub fn judge_customer_key(
    cx: &super::RuleContext<'_>,
    out: &mut super::Verdicts,
    resource: &Resource,
    body: &Body,
    attribute: &str,
    default_key: &str,
) {
    match key_choice(cx.model, resource, body, attribute) {
        KeyChoice::Customer(_) => {
            out.pass(resource, "encrypted with a customer-managed key");
        }
        KeyChoice::Absent => {
            out.record(
                cx.aws_managed_key_outcome(),
                resource,
                &resource.block.span,
                format!(
                    "no `{attribute}`: encrypted with {default_key}, not a customer-managed key"
                ),
            );
        }
        KeyChoice::AwsManaged(attr) => {
            out.record(
                cx.aws_managed_key_outcome(),
                resource,
                &attr.span,
                format!("encrypted with {default_key}, not a customer-managed key"),
            );
        }
        KeyChoice::Unknown(attr) => {
            out.unknown(resource, &attr.span, why_unknown(attr));
        }
    }
}
