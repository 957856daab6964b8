//! Links between resources (RUBRIC section 2): what references what, and
//! the typed relations rules ask about (a bucket's split configuration
//! resources, a VPC's flow logs, an ALB's WAF, an alarm's metric filter and
//! log group, a security group's rules and attachments, a resource's KMS key).
//!
//! Links come from the references an attribute's expression makes (followed
//! through locals), and, for names that tie resources together without a
//! reference, from equal known values (a bucket policy's literal `bucket`
//! name, an alarm's metric name and namespace). Lookups go through indexes
//! keyed by module and address or value, so linking is linear in the size of
//! the model. Links stay within a module.

use super::{Attribute, Body, Link, LinkKind, Mode, Model, Resource, ResourceId};
use crate::eval::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Resource types that are security groups.
const SECURITY_GROUPS: &[&str] = &["aws_default_security_group", "aws_security_group"];
/// Resource types that are rules of a security group.
const SECURITY_GROUP_RULES: &[&str] = &[
    "aws_security_group_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc_security_group_ingress_rule",
];
/// Attributes that attach security groups to the resource that has them.
const SECURITY_GROUP_ATTACHMENTS: &[&str] = &[
    "security_group_id",
    "security_group_ids",
    "security_groups",
    "vpc_security_group_ids",
];
/// Managed resources that are KMS keys.
const KMS_KEYS: &[&str] = &["aws_kms_external_key", "aws_kms_key", "aws_kms_replica_key"];
/// Attributes that name a KMS key without "kms" in their name.
const KEY_ATTRIBUTES: &[&str] = &["encryption_key", "key_arn", "key_id", "target_key_id"];
/// What a `WAFv2` web ACL association can protect.
const WAF_TARGETS: &[&str] = &[
    "aws_alb",
    "aws_api_gateway_stage",
    "aws_apprunner_service",
    "aws_appsync_graphql_api",
    "aws_cognito_user_pool",
    "aws_lb",
    "aws_verifiedaccess_instance",
];
/// What a flow log can watch, by attribute.
const FLOW_LOG_TARGETS: &[(&str, &[&str])] = &[
    ("eni_id", &["aws_network_interface"]),
    ("subnet_id", &["aws_default_subnet", "aws_subnet"]),
    (
        "transit_gateway_attachment_id",
        &["aws_ec2_transit_gateway_vpc_attachment"],
    ),
    ("transit_gateway_id", &["aws_ec2_transit_gateway"]),
    ("vpc_id", &["aws_default_vpc", "aws_vpc"]),
];

/// Resources by module and address.
struct Index<'m> {
    by_address: BTreeMap<(usize, String), ResourceId>,
    resources: &'m [Resource],
}

impl<'m> Index<'m> {
    fn new(resources: &'m [Resource]) -> Self {
        let by_address = resources
            .iter()
            .map(|r| ((r.module, r.address()), r.id))
            .collect();
        Self {
            by_address,
            resources,
        }
    }

    /// The resource an address (`aws_s3_bucket.logs`, `data.x.y`) names in a
    /// module; `var.`, `local.` and `module.` addresses name none.
    fn resolve(&self, module: usize, address: &str) -> Option<&'m Resource> {
        if ["var.", "local.", "module."]
            .iter()
            .any(|p| address.starts_with(p))
        {
            return None;
        }
        let id = self.by_address.get(&(module, address.to_owned()))?;
        self.resources.get(id.0)
    }
}

/// Derives every link of the model, sorted and without duplicates.
pub(crate) fn link(model: &mut Model) {
    let index = Index::new(&model.resources);
    let mut links: BTreeSet<Link> = BTreeSet::new();
    for resource in &model.resources {
        let mut walker = Walker {
            index: &index,
            from: resource,
            links: &mut links,
            path: Vec::new(),
        };
        walker.body(resource.body());
    }
    link_by_value(&model.resources, &mut links);
    model.links = links.into_iter().collect();
}

/// Walks one resource's attributes, nested blocks included.
struct Walker<'a, 'm> {
    index: &'a Index<'m>,
    from: &'a Resource,
    links: &'a mut BTreeSet<Link>,
    /// Names of the enclosing nested blocks.
    path: Vec<&'a str>,
}

impl<'a> Walker<'a, '_> {
    fn body(&mut self, body: &'a Body) {
        for attribute in &body.attributes {
            self.attribute(attribute);
        }
        for block in &body.blocks {
            self.path.push(&block.kind);
            self.body(&block.body);
            self.path.pop();
        }
    }

    fn attribute(&mut self, attribute: &'a Attribute) {
        let path = if self.path.is_empty() {
            attribute.name.clone()
        } else {
            format!("{}.{}", self.path.join("."), attribute.name)
        };
        for address in &attribute.references {
            let Some(target) = self.index.resolve(self.from.module, address) else {
                continue;
            };
            if target.id == self.from.id {
                continue;
            }
            self.add(target.id, LinkKind::Reference, &path);
            if let Some(kind) = typed_link(self.from, &attribute.name, &path, target) {
                self.add(target.id, kind, &path);
            }
            if is_key_attribute(&attribute.name)
                && target.mode == Mode::Managed
                && target.resource_type == "aws_kms_alias"
            {
                // An alias stands for the key it targets.
                for key_address in target
                    .body()
                    .attr("target_key_id")
                    .map_or(&[][..], |a| a.references.as_slice())
                {
                    if let Some(key) = self.index.resolve(target.module, key_address) {
                        if KMS_KEYS.contains(&key.resource_type.as_str())
                            && key.mode == Mode::Managed
                        {
                            self.add(key.id, LinkKind::KmsKey, &path);
                        }
                    }
                }
            }
        }
    }

    fn add(&mut self, to: ResourceId, kind: LinkKind, attribute: &str) {
        self.links.insert(Link {
            from: self.from.id,
            to,
            kind,
            attribute: attribute.to_owned(),
        });
    }
}

/// Whether an attribute names a KMS key.
fn is_key_attribute(name: &str) -> bool {
    (name.contains("kms") && !name.contains("policy")) || KEY_ATTRIBUTES.contains(&name)
}

/// The typed link a reference from `from.<path>` to `target` makes, if any.
fn typed_link(from: &Resource, name: &str, path: &str, target: &Resource) -> Option<LinkKind> {
    let source_type = from.resource_type.as_str();
    let target_type = target.resource_type.as_str();
    let managed_target = target.mode == Mode::Managed;
    if from.mode == Mode::Managed {
        if is_bucket_config(source_type)
            && path == "bucket"
            && managed_target
            && target_type == "aws_s3_bucket"
        {
            return Some(LinkKind::BucketConfig);
        }
        if source_type == "aws_flow_log" && managed_target {
            let allowed = FLOW_LOG_TARGETS
                .iter()
                .find(|(attr, _)| *attr == path)
                .map(|(_, types)| *types);
            if allowed.is_some_and(|types| types.contains(&target_type)) {
                return Some(LinkKind::FlowLogTarget);
            }
        }
        if source_type == "aws_wafv2_web_acl_association" && managed_target {
            if path == "resource_arn" && WAF_TARGETS.contains(&target_type) {
                return Some(LinkKind::WafAssociationTarget);
            }
            if path == "web_acl_arn" && target_type == "aws_wafv2_web_acl" {
                return Some(LinkKind::WafAssociationAcl);
            }
        }
        if source_type == "aws_cloudfront_distribution"
            && path == "web_acl_id"
            && target_type == "aws_wafv2_web_acl"
        {
            return Some(LinkKind::WafAssociationAcl);
        }
        if source_type == "aws_cloudwatch_metric_alarm"
            && target_type == "aws_cloudwatch_log_metric_filter"
        {
            return Some(LinkKind::AlarmMetricFilter);
        }
        if source_type == "aws_cloudwatch_log_metric_filter"
            && path == "log_group_name"
            && target_type == "aws_cloudwatch_log_group"
        {
            return Some(LinkKind::MetricFilterLogGroup);
        }
        if SECURITY_GROUPS.contains(&target_type) && managed_target {
            if SECURITY_GROUP_RULES.contains(&source_type) {
                if path == "security_group_id" {
                    return Some(LinkKind::SecurityGroupRule);
                }
            } else if !SECURITY_GROUPS.contains(&source_type)
                && SECURITY_GROUP_ATTACHMENTS.contains(&name)
            {
                return Some(LinkKind::SecurityGroupAttachment);
            }
        }
    }
    let is_key = (managed_target && KMS_KEYS.contains(&target_type))
        || (!managed_target && (target_type == "aws_kms_key" || target_type == "aws_kms_alias"));
    if is_key && is_key_attribute(name) && from.resource_type != "aws_kms_alias" {
        return Some(LinkKind::KmsKey);
    }
    if is_key && from.resource_type == "aws_kms_alias" && name == "target_key_id" {
        return Some(LinkKind::KmsKey);
    }
    None
}

/// `aws_s3_bucket_*` resources that configure a bucket (the objects a
/// bucket holds are not its configuration).
fn is_bucket_config(resource_type: &str) -> bool {
    resource_type.starts_with("aws_s3_bucket_") && resource_type != "aws_s3_bucket_object"
}

fn known_str<'b>(body: &'b Body, name: &str) -> Option<&'b str> {
    body.value(name).and_then(Value::as_str)
}

/// Links made by equal names rather than references.
fn link_by_value(resources: &[Resource], links: &mut BTreeSet<Link>) {
    let managed = |t: &'static str| {
        resources
            .iter()
            .filter(move |r| r.mode == Mode::Managed && r.resource_type == t)
    };
    let mut buckets: BTreeMap<(usize, &str), Vec<ResourceId>> = BTreeMap::new();
    for bucket in managed("aws_s3_bucket") {
        if let Some(name) = known_str(bucket.body(), "bucket") {
            buckets
                .entry((bucket.module, name))
                .or_default()
                .push(bucket.id);
        }
    }
    let mut log_groups: BTreeMap<(usize, &str), Vec<ResourceId>> = BTreeMap::new();
    for group in managed("aws_cloudwatch_log_group") {
        if let Some(name) = known_str(group.body(), "name") {
            log_groups
                .entry((group.module, name))
                .or_default()
                .push(group.id);
        }
    }
    let mut metrics: BTreeMap<(usize, &str, &str), Vec<ResourceId>> = BTreeMap::new();
    for filter in managed("aws_cloudwatch_log_metric_filter") {
        for transformation in filter.body().blocks("metric_transformation") {
            if let (Some(name), Some(namespace)) = (
                known_str(&transformation.body, "name"),
                known_str(&transformation.body, "namespace"),
            ) {
                metrics
                    .entry((filter.module, name, namespace))
                    .or_default()
                    .push(filter.id);
            }
        }
    }
    let mut add =
        |from: ResourceId, targets: Option<&Vec<ResourceId>>, kind: LinkKind, attribute: &str| {
            for &to in targets.into_iter().flatten() {
                if to != from {
                    links.insert(Link {
                        from,
                        to,
                        kind,
                        attribute: attribute.to_owned(),
                    });
                }
            }
        };
    for r in resources.iter().filter(|r| r.mode == Mode::Managed) {
        let body = r.body();
        match r.resource_type.as_str() {
            t if is_bucket_config(t) => {
                if let Some(name) = known_str(body, "bucket") {
                    add(
                        r.id,
                        buckets.get(&(r.module, name)),
                        LinkKind::BucketConfig,
                        "bucket",
                    );
                }
            }
            "aws_cloudwatch_log_metric_filter" => {
                if let Some(name) = known_str(body, "log_group_name") {
                    add(
                        r.id,
                        log_groups.get(&(r.module, name)),
                        LinkKind::MetricFilterLogGroup,
                        "log_group_name",
                    );
                }
            }
            "aws_cloudwatch_metric_alarm" => {
                if let (Some(name), Some(namespace)) =
                    (known_str(body, "metric_name"), known_str(body, "namespace"))
                {
                    add(
                        r.id,
                        metrics.get(&(r.module, name, namespace)),
                        LinkKind::AlarmMetricFilter,
                        "metric_name",
                    );
                }
                for query in body.blocks("metric_query") {
                    for metric in query.body.blocks("metric") {
                        if let (Some(name), Some(namespace)) = (
                            known_str(&metric.body, "metric_name"),
                            known_str(&metric.body, "namespace"),
                        ) {
                            add(
                                r.id,
                                metrics.get(&(r.module, name, namespace)),
                                LinkKind::AlarmMetricFilter,
                                "metric_query.metric.metric_name",
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
