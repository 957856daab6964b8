//! The controls' documentation for the page, sent once when the worker
//! starts.

use crate::protocol::{Catalog, ControlDoc};
use tfgrade_core::profile::REQUIREMENT_KEYS;
use tfgrade_core::rules::{Category, Overlap, CONTROLS};

#[must_use]
pub fn catalog() -> Catalog {
    Catalog {
        version: env!("CARGO_PKG_VERSION").into(),
        categories: Category::ALL
            .iter()
            .map(|c| (c.code().to_string(), c.name().to_string()))
            .collect(),
        requirement_keys: REQUIREMENT_KEYS.iter().map(|k| (*k).to_string()).collect(),
        controls: CONTROLS
            .iter()
            .map(|c| ControlDoc {
                id: c.id.into(),
                slug: c.slug.into(),
                title: c.title().into(),
                category: c.category.code().into(),
                category_name: c.category.name().into(),
                severity: c.severity.name().into(),
                scope: if c.scope.is_presence() {
                    "stack-level".into()
                } else if c.scope.resource_types().is_empty() {
                    "whole configuration".into()
                } else {
                    c.scope.resource_types().join(", ")
                },
                rationale: c.rationale(),
                remediation: c.remediation(),
                references: c.references.iter().map(|r| (*r).to_string()).collect(),
                peers: c
                    .peers
                    .iter()
                    .map(|p| {
                        let overlap = match p.overlap {
                            Overlap::Same => "same check",
                            Overlap::Partial => "partial overlap",
                        };
                        format!("{} {} ({overlap})", p.tool.name(), p.id)
                    })
                    .collect(),
                good: c.good.first().map(|g| g.trim().to_string()),
                bad: c.bad.first().map(|b| b.trim().to_string()),
            })
            .collect(),
    }
}
