//! Checks the controls' metadata and keeps `docs/controls.md` in step with
//! it: the file is regenerated from the metadata and any difference fails
//! (`UPDATE_DOCS=1 cargo test -p tfgrade-core --test docs` rewrites it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tfgrade_core::rules::docs::controls_markdown;
use tfgrade_core::rules::{Category, Control, PeerTool, CONTROLS};

fn is_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 6
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3..].iter().all(u8::is_ascii_digit)
}

fn is_kebab(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

fn problems_of(c: &Control) -> Vec<String> {
    let mut p = Vec::new();
    if !is_id(c.id) {
        p.push(format!("id `{}` does not match ^[A-Z]{{3}}\\d{{3}}$", c.id));
    }
    if !c.id.starts_with(c.category.code()) {
        p.push(format!(
            "id prefix differs from category {}",
            c.category.code()
        ));
    }
    if !is_kebab(c.slug) {
        p.push(format!("slug `{}` is not kebab-case", c.slug));
    }
    let title = c.title();
    if title.is_empty() || !title.ends_with('.') {
        p.push(
            "the doc comment's first line (the title) must be a sentence ending in '.'".to_string(),
        );
    }
    if c.rationale().is_empty() {
        p.push("missing `## Why it matters` section".to_string());
    }
    let remediation = c.remediation();
    if remediation.is_empty() {
        p.push("missing `## Remediation` section".to_string());
    } else if !remediation.contains("```hcl") {
        p.push("the remediation has no ```hcl example".to_string());
    }
    if c.references.is_empty() {
        p.push("no references".to_string());
    }
    if c.good.is_empty() {
        p.push("no good example".to_string());
    }
    if c.bad.is_empty() {
        p.push("no bad example".to_string());
    }
    for peer in c.peers {
        let ok = match peer.tool {
            PeerTool::Checkov => {
                (peer.id.starts_with("CKV_AWS_") || peer.id.starts_with("CKV2_AWS_"))
                    && peer
                        .id
                        .rsplit('_')
                        .next()
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            }
            PeerTool::Trivy => {
                peer.id.len() == 12
                    && peer.id.starts_with("AVD-AWS-")
                    && peer.id[8..].bytes().all(|b| b.is_ascii_digit())
                    && peer
                        .long_name
                        .is_some_and(|l| l.starts_with("aws-") && is_kebab(l))
            }
            PeerTool::Kics => !peer.id.trim().is_empty(),
        };
        if !ok {
            p.push(format!("malformed peer {:?} `{}`", peer.tool, peer.id));
        }
    }
    p
}

#[test]
fn control_metadata_is_well_formed() {
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    for c in CONTROLS {
        if !ids.insert(c.id) {
            problems.push(format!("{}: duplicate id", c.id));
        }
        if !slugs.insert(c.slug) {
            problems.push(format!("{}: duplicate slug `{}`", c.id, c.slug));
        }
        problems.extend(problems_of(c).into_iter().map(|p| format!("{}: {p}", c.id)));
    }
    assert!(
        problems.is_empty(),
        "control metadata problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn registry_is_in_report_order() {
    let order = |c: &&Control| (Category::ALL.iter().position(|k| *k == c.category), c.id);
    let mut sorted: Vec<&Control> = CONTROLS.to_vec();
    sorted.sort_by_key(order);
    let got: Vec<&str> = CONTROLS.iter().map(|c| c.id).collect();
    let want: Vec<&str> = sorted.iter().map(|c| c.id).collect();
    assert_eq!(
        got, want,
        "rules/registry.rs must list controls by category (report order), then ID"
    );
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("rules")
}

/// Every `rules/<cat>/<slug_with_underscores>.rs` is registered, and every
/// registered control has its file.
#[test]
fn every_control_file_is_registered() {
    let mut files = BTreeSet::new();
    let entries = std::fs::read_dir(rules_dir()).expect("core/src/rules exists");
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let category = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_ascii_uppercase();
        for file in std::fs::read_dir(&path)
            .expect("readable category folder")
            .flatten()
        {
            let name = file.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".rs") {
                if stem != "mod" {
                    files.insert((category.clone(), stem.replace('_', "-")));
                }
            }
        }
    }
    let registered: BTreeSet<(String, String)> = CONTROLS
        .iter()
        .map(|c| (c.category.code().to_string(), c.slug.to_string()))
        .collect();
    let unregistered: Vec<String> = files
        .difference(&registered)
        .map(|(c, s)| format!("{}/{}", c.to_lowercase(), s.replace('-', "_")))
        .collect();
    let fileless: Vec<String> = registered
        .difference(&files)
        .map(|(c, s)| format!("{c} {s}"))
        .collect();
    assert!(
        unregistered.is_empty(),
        "control files missing from rules/registry.rs (or named differently from their slug): {unregistered:?}"
    );
    assert!(
        fileless.is_empty(),
        "registered controls without a file rules/<cat>/<slug_with_underscores>.rs: {fileless:?}"
    );
}

#[test]
fn controls_reference_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("docs")
        .join("controls.md");
    let generated = controls_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create docs/");
        }
        std::fs::write(&path, &generated).expect("write docs/controls.md");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/controls.md is out of date with the control metadata; run `UPDATE_DOCS=1 cargo test -p tfgrade-core --test docs`"
    );
}
