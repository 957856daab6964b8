//! What each module declares, indexed once: the names references must
//! resolve to (variables, locals, resources, data sources, module calls,
//! provider configurations).

use crate::model::{Body, Local, Mode, Model};
use std::collections::{HashMap, HashSet};

/// What a reference names, by its root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'r> {
    Variable(&'r str),
    Local(&'r str),
    ModuleCall(&'r str),
    /// `data.type.name`.
    Data(&'r str),
    /// `type.name`.
    Resource(&'r str),
}

impl<'r> Target<'r> {
    /// Classifies a model reference (`var.x`, `local.x`, `module.m`,
    /// `data.t.n`, `t.n`); `None` for anything else.
    #[must_use]
    pub fn of(reference: &'r str) -> Option<Self> {
        let (root, rest) = reference.split_once('.')?;
        if rest.is_empty() {
            return None;
        }
        Some(match root {
            "var" => Target::Variable(rest),
            "local" => Target::Local(rest),
            "module" => Target::ModuleCall(rest),
            "data" => Target::Data(reference),
            // Ephemeral resources are not in the model.
            "ephemeral" => return None,
            _ => Target::Resource(reference),
        })
    }

    /// What Terraform calls it.
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Target::Variable(_) => "input variable",
            Target::Local(_) => "local value",
            Target::ModuleCall(_) => "module call",
            Target::Data(_) => "data source",
            Target::Resource(_) => "managed resource",
        }
    }
}

/// The declarations of one module.
#[derive(Debug, Default)]
pub struct ModuleDeclarations<'m> {
    pub variables: HashSet<&'m str>,
    pub locals: HashMap<&'m str, &'m Local>,
    /// `type.name` of managed resources.
    pub resources: HashSet<String>,
    /// `data.type.name` of data sources.
    pub data: HashSet<String>,
    pub module_calls: HashSet<&'m str>,
    /// Provider configurations a `provider` argument may name: `aws` for
    /// any provider, `aws.west` for an alias declared by a `provider` block
    /// or received through `configuration_aliases`.
    pub provider_aliases: HashSet<String>,
    /// Local names of providers configured or required (`aws`).
    pub providers: HashSet<&'m str>,
    /// Local names of providers with a `provider` block here.
    pub configured: HashSet<&'m str>,
    /// Every `provider` block's `alias` is a known string.
    pub aliases_known: bool,
    /// Variables and module calls read from files that did not parse.
    pub extra_variables: HashSet<String>,
    pub extra_module_calls: HashSet<String>,
    /// Every file of the module parsed. When one did not, the declarations
    /// its block headers show (`resource "t" "n" {`) are taken from its
    /// text; its locals and provider aliases cannot be, so references to
    /// locals and aliases are not judged.
    pub complete: bool,
}

impl ModuleDeclarations<'_> {
    /// Whether the reference resolves (or cannot be judged: a local of a
    /// module with a file that did not parse).
    #[must_use]
    pub fn declares(&self, target: Target<'_>) -> bool {
        match target {
            Target::Local(_) if !self.complete => true,
            Target::Variable(name) => {
                self.variables.contains(name) || self.extra_variables.contains(name)
            }
            Target::Local(name) => self.locals.contains_key(name),
            Target::ModuleCall(name) => {
                self.module_calls.contains(name) || self.extra_module_calls.contains(name)
            }
            Target::Data(address) => self.data.contains(address),
            Target::Resource(address) => self.resources.contains(address),
        }
    }
}

/// The declarations of every module, by module index.
#[must_use]
pub fn index(model: &Model) -> Vec<ModuleDeclarations<'_>> {
    let failed: HashSet<usize> = model.parse_errors.iter().map(|(file, _)| *file).collect();
    let mut out: Vec<ModuleDeclarations<'_>> = model
        .modules
        .iter()
        .map(|module| {
            let mut decls = ModuleDeclarations {
                complete: !module.files.iter().any(|f| failed.contains(f)),
                aliases_known: true,
                ..ModuleDeclarations::default()
            };
            decls
                .variables
                .extend(module.variables.iter().map(|v| v.name.as_str()));
            for local in &module.locals {
                decls.locals.insert(local.name.as_str(), local);
            }
            decls
                .module_calls
                .extend(module.module_calls.iter().map(|m| m.name.as_str()));
            for provider in &module.providers {
                decls.providers.insert(provider.name.as_str());
                decls.configured.insert(provider.name.as_str());
                decls.provider_aliases.insert(provider.name.clone());
                match provider_alias(&provider.body) {
                    Some(alias) => {
                        decls
                            .provider_aliases
                            .insert(format!("{}.{alias}", provider.name));
                    }
                    None if provider.body.attr("alias").is_some() => decls.aliases_known = false,
                    None => {}
                }
            }
            for settings in &module.terraform {
                for required in &settings.required_providers {
                    decls.providers.insert(required.name.as_str());
                    decls.provider_aliases.insert(required.name.clone());
                    decls
                        .provider_aliases
                        .extend(required.configuration_aliases.iter().cloned());
                }
            }
            decls
        })
        .collect();
    for (index, module) in model.modules.iter().enumerate() {
        for file in module.files.iter().filter(|f| failed.contains(f)) {
            if let (Some(decls), Some(source)) = (out.get_mut(index), model.files.get(*file)) {
                decls.aliases_known = false;
                declared_by_headers(&source.text, decls);
            }
        }
    }
    for resource in model.written_resources() {
        if let Some(decls) = out.get_mut(resource.module) {
            match resource.mode {
                Mode::Managed => decls.resources.insert(resource.address()),
                Mode::Data => decls.data.insert(resource.address()),
            };
        }
    }
    out
}

/// Declarations read from the block headers of a file that did not parse:
/// lines such as `variable "x" {` or `resource "t" "n" {` at the start of a
/// line.
fn declared_by_headers(text: &str, decls: &mut ModuleDeclarations<'_>) {
    for line in text.lines() {
        let mut words = line
            .split(|c: char| c.is_whitespace() || c == '{')
            .filter(|w| !w.is_empty());
        let kind = words.next().unwrap_or("");
        let label = |w: Option<&str>| {
            w.and_then(|w| w.strip_prefix('"'))
                .and_then(|w| w.strip_suffix('"'))
                .filter(|w| !w.is_empty() && !w.contains('"'))
                .map(str::to_owned)
        };
        match kind {
            "variable" => {
                if let Some(name) = label(words.next()) {
                    decls.extra_variables.insert(name);
                }
            }
            "module" => {
                if let Some(name) = label(words.next()) {
                    decls.extra_module_calls.insert(name);
                }
            }
            "resource" | "data" => {
                if let (Some(t), Some(n)) = (label(words.next()), label(words.next())) {
                    if kind == "data" {
                        decls.data.insert(format!("data.{t}.{n}"));
                    } else {
                        decls.resources.insert(format!("{t}.{n}"));
                    }
                }
            }
            _ => {}
        }
    }
}

/// The `alias` of a provider block, when a known string.
#[must_use]
pub fn provider_alias(body: &Body) -> Option<&str> {
    body.value("alias").and_then(crate::eval::Value::as_str)
}

/// The declared name closest to `wanted` (edit distance at most a third of
/// its length, and at least 1 apart), for "did you mean".
#[must_use]
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter_map(|c| {
            let d = edit_distance(wanted, c, limit)?;
            (d > 0).then_some((d, c))
        })
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, `None` when above `limit` (rows stop early).
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().filter(|d| *d <= limit)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn closest_names_are_suggested() {
        assert_eq!(
            closest("aws.useast1", ["aws.us-east-1", "aws.us-west-2"]),
            Some("aws.us-east-1")
        );
        assert_eq!(
            closest("bucket_nme", ["bucket_name", "region"]),
            Some("bucket_name")
        );
        assert_eq!(closest("vpc", ["database"]), None);
        assert_eq!(closest("same", ["same"]), None);
    }
}
