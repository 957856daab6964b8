//! Builds the model for every module of the real-world corpus and every
//! task's `lib/` folder: no panic, bounded memory, and a few figures.
//!
//! The corpus is found through `TFGRADE_CORPUS`, else at
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus`; the test fails when it is
//! missing unless `TFGRADE_SKIP_CORPUS=1`.

#![allow(clippy::print_stdout, reason = "the corpus test reports its figures")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tfgrade_core::model::{LinkKind, Model};
use tfgrade_core::InputSet;

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TFGRADE_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
        PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("TFGRADE_SKIP_CORPUS").is_ok_and(|v| v == "1"),
        "corpus not found at {} (set TFGRADE_CORPUS, or TFGRADE_SKIP_CORPUS=1)",
        dir.display()
    );
    None
}

/// Every file under `root`, with paths relative to it (`.terraform/` skipped).
fn read_tree(root: &Path) -> InputSet {
    let mut input = InputSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != ".terraform") {
                    stack.push(path);
                }
            } else if let (Ok(bytes), Ok(rel)) = (std::fs::read(&path), path.strip_prefix(root)) {
                input.add(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    input
}

#[derive(Default)]
struct Totals {
    inputs: usize,
    modules: usize,
    resources: usize,
    attributes: usize,
    unknown_attributes: usize,
    links: BTreeMap<String, usize>,
    policies_determined: usize,
    policies_unknown: usize,
    parse_errors: usize,
}

impl Totals {
    fn add(&mut self, model: &Model) {
        self.inputs += 1;
        self.modules += model.modules.len();
        self.resources += model.resources.len();
        for r in &model.resources {
            for a in &r.body().attributes {
                self.attributes += 1;
                if !a.value.is_known() {
                    self.unknown_attributes += 1;
                }
            }
        }
        for l in &model.links {
            *self.links.entry(format!("{:?}", l.kind)).or_default() += 1;
        }
        for p in &model.policies {
            if p.statements.is_some() {
                self.policies_determined += 1;
            } else {
                self.policies_unknown += 1;
            }
        }
        self.parse_errors += model.parse_errors.len();
    }

    fn print(&self, name: &str) {
        println!(
            "{name}: {} inputs, {} modules, {} resources, {} attributes ({} not fully known), {} parse errors",
            self.inputs, self.modules, self.resources, self.attributes, self.unknown_attributes, self.parse_errors
        );
        println!("{name}: links {:?}", self.links);
        println!(
            "{name}: policies determined {} / undetermined {}",
            self.policies_determined, self.policies_unknown
        );
    }
}

/// Peak resident memory of this process in KiB (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn builds_every_corpus_module() {
    let Some(corpus) = corpus_dir() else { return };

    let mut realworld = Totals::default();
    let mut repos: Vec<PathBuf> = std::fs::read_dir(corpus.join("realworld"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    repos.sort();
    assert!(
        !repos.is_empty(),
        "no real-world repositories under {}",
        corpus.display()
    );
    for repo in &repos {
        let model = Model::from_input(&read_tree(repo));
        assert!(
            !model.resources.is_empty(),
            "{} has no resources",
            repo.display()
        );
        realworld.add(&model);
    }
    realworld.print("realworld");

    let mut tasks = Totals::default();
    let mut libs: Vec<PathBuf> = std::fs::read_dir(corpus.join("tasks"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path().join("lib"))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    libs.sort();
    assert!(!libs.is_empty(), "no tasks under {}", corpus.display());
    for lib in &libs {
        let model = Model::from_input(&read_tree(lib));
        tasks.add(&model);
    }
    tasks.print("tasks");

    assert!(
        realworld
            .links
            .get(&format!("{:?}", LinkKind::Reference))
            .copied()
            .unwrap_or(0)
            > 100
    );
    assert!(tasks.policies_determined > 100);
    if let Some(peak) = peak_rss_kib() {
        println!("peak resident memory: {} MiB", peak / 1024);
        assert!(peak < 2 * 1024 * 1024, "peak memory {peak} KiB");
    }
}
