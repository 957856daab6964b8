//! Precision and recall of tfgrade's controls against Checkov's labelled
//! examples, for the checks `data/checkov-map.json` maps to a control.
//!
//! The corpus lives outside the repository (Checkov's test examples, see
//! its MANIFEST.md): `TFGRADE_CHECKOV_CORPUS`, else
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus/checkov`. A missing corpus fails
//! the test: a silently skipped accuracy check would prove nothing.

use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tfgrade_core::model::{Location, Model};
use tfgrade_core::profile::Profile;
use tfgrade_core::rules::{control_by_id, evaluate_control, FindingStatus, RuleOptions};
use tfgrade_core::InputSet;

fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("TFGRADE_CHECKOV_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/checkov"),
        PathBuf::from,
    );
    assert!(
        dir.is_dir(),
        "Checkov corpus not found at {}: set TFGRADE_CHECKOV_CORPUS",
        dir.display()
    );
    dir
}

/// `data/checkov-map.json` and every `data/checkov-map-*.json` beside it
/// (one file per control family, so families are added independently).
fn map_files() -> Vec<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)
        .expect("data folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("checkov-map") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no data/checkov-map*.json");
    files
}

/// `aws_x.name` (Checkov's garbled entries such as `]` are skipped).
fn is_address(s: &str) -> bool {
    let mut parts = s.split('.');
    matches!((parts.next(), parts.next(), parts.next()), (Some(t), Some(n), None)
        if t.starts_with("aws_") && !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
    tn: u32,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.tn += o.tn;
    }
    fn precision(self) -> f64 {
        let d = self.tp + self.fp;
        if d == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(d)
        }
    }
    fn recall(self) -> f64 {
        let d = self.tp + self.fn_;
        if d == 0 {
            1.0
        } else {
            f64::from(self.tp) / f64::from(d)
        }
    }
}

/// Addresses tfgrade flags: the resource of each `fail` finding, and the
/// resources whose headers it names as involved.
fn flagged(model: &Model, result: &tfgrade_core::rules::ControlResult) -> Vec<String> {
    let headers: BTreeMap<(String, u32, u32), String> = model
        .resources
        .iter()
        .map(|r| {
            let Location { file, line, column } = model.location(&r.block.span);
            ((file, line, column), r.address())
        })
        .collect();
    let mut out = Vec::new();
    for f in result
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Fail)
    {
        out.extend(f.resource.clone());
        for l in &f.secondary {
            if let Some(a) = headers.get(&(l.file.clone(), l.line, l.column)) {
                out.push(a.clone());
            }
        }
    }
    out
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the per-check table is the test's report"
)]
fn controls_agree_with_checkov_labels() {
    let corpus = corpus_dir();
    let maps: Vec<Json> = map_files()
        .iter()
        .map(|f| {
            serde_json::from_str(&std::fs::read_to_string(f).expect("readable map"))
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
        })
        .collect();
    let mappings: Vec<&Json> = maps
        .iter()
        .flat_map(|m| m["mappings"].as_array().expect("mappings array"))
        .collect();

    let mut total = Counts::default();
    let mut rows = Vec::new();
    let mut misses = Vec::new();
    for m in mappings {
        let (check, folder, control_id) = (
            m["check"].as_str().unwrap_or_default(),
            m["folder"].as_str().unwrap_or_default(),
            m["control"].as_str().unwrap_or_default(),
        );
        let control = control_by_id(control_id)
            .unwrap_or_else(|| panic!("{check} maps to unknown control {control_id}"));
        let profile: Profile = m["profile"]
            .as_str()
            .unwrap_or("baseline")
            .parse()
            .expect("profile name");
        let dir = corpus.join(folder);
        let expected: Json = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
        )
        .expect("valid JSON");
        let mut input = InputSet::new();
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("check folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "tf"))
        {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            input.add(name, std::fs::read(path).expect("readable .tf"));
        }
        let model = Model::from_input(&input);
        let options = RuleOptions {
            profile,
            ..RuleOptions::default()
        };
        let result = evaluate_control(control, &model, &options);
        let flags = flagged(&model, &result);

        let mut c = Counts::default();
        for (label, failing) in [("failing", true), ("passing", false)] {
            for address in expected[label]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .filter(|a| is_address(a))
            {
                let ours = flags.iter().any(|f| f == address);
                match (failing, ours) {
                    (true, true) => c.tp += 1,
                    (true, false) => {
                        c.fn_ += 1;
                        misses.push(format!("{check} {control_id}: missed {address}"));
                    }
                    (false, true) => {
                        c.fp += 1;
                        misses.push(format!("{check} {control_id}: wrongly flagged {address}"));
                    }
                    (false, false) => c.tn += 1,
                }
            }
        }
        rows.push(format!(
            "{check:<12} {folder:<40} {control_id:<7} tp {:>2} fp {:>2} fn {:>2} tn {:>2}  precision {:>5.1}%  recall {:>5.1}%",
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            100.0 * c.precision(),
            100.0 * c.recall()
        ));
        total.add(c);
    }
    eprintln!("{}", rows.join("\n"));
    eprintln!(
        "overall: tp {} fp {} fn {} tn {}  precision {:.1}%  recall {:.1}%",
        total.tp,
        total.fp,
        total.fn_,
        total.tn,
        100.0 * total.precision(),
        100.0 * total.recall()
    );
    for m in &misses {
        eprintln!("  {m}");
    }
    assert!(
        total.precision() >= 0.95,
        "precision {:.1}% below 95%",
        100.0 * total.precision()
    );
    assert!(
        total.recall() >= 0.95,
        "recall {:.1}% below 95%",
        100.0 * total.recall()
    );
}
