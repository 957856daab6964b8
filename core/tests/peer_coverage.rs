//! How much of the peers' labelled examples tfgrade's controls claim, and
//! how well the claims hold.
//!
//! A peer check is claimed when some control lists it among its peers
//! (`Peer::checkov("CKV_AWS_7")`, `Peer::kics("CMK Rotation Disabled")`).
//! A claim marked `.same()` says the control flags exactly what the peer
//! flags, so it is measured: every labelled example of the check is run
//! through the control alone, and each judged block is a true or false
//! positive or negative. Every `.same()` claim must reach 100% precision
//! and 98% recall on these corpora.
//!
//! Corpora (outside the repository, read-only): Checkov's labelled
//! examples (`TFGRADE_CHECKOV_CORPUS`, else `../shared/corpus/checkov`),
//! labelled by resource address; KICS's fixtures (`TFGRADE_KICS_CORPUS`,
//! else `../shared/corpus/kics`), labelled by line. A KICS label counts for
//! the top-level block holding its line; each fixture file is scanned
//! alone, as KICS's own tests do. A missing corpus fails the test.

use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tfgrade_core::model::{Location, Model};
use tfgrade_core::profile::Profile;
use tfgrade_core::rules::{
    evaluate_control, Control, FindingStatus, Overlap, PeerTool, RuleOptions, CONTROLS,
};
use tfgrade_core::InputSet;

fn corpus(var: &str, name: &str) -> PathBuf {
    let dir = std::env::var_os(var).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../shared/corpus/{name}")),
        PathBuf::from,
    );
    assert!(
        dir.is_dir(),
        "{name} corpus not found at {}: set {var}",
        dir.display()
    );
    dir
}

/// Checks whose meaning matches a profile other than `baseline`: the
/// `profile` of `data/checkov-map*.json`, where Checkov's CMK checks match
/// `strict` (AWS-managed keys fail only there); and the labels those files
/// list as known disagreements (each with its reason there).
/// Labels tfgrade knowingly judges differently: (check, address, folder
/// or `*`).
type Disagreements = BTreeSet<(String, String, String)>;

fn checkov_profiles() -> (BTreeMap<String, Profile>, Disagreements) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let mut out = BTreeMap::new();
    let mut disagreements = BTreeSet::new();
    for entry in std::fs::read_dir(&data).expect("data folder").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("checkov-map") && name.ends_with(".json")) {
            continue;
        }
        let map: Json = serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("map"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for m in map["mappings"].as_array().into_iter().flatten() {
            if let (Some(check), Some(profile)) = (m["check"].as_str(), m["profile"].as_str()) {
                out.insert(check.to_owned(), profile.parse().expect("profile name"));
            }
        }
        for d in map["known_disagreements"].as_array().into_iter().flatten() {
            if let (Some(check), Some(address)) = (d["check"].as_str(), d["address"].as_str()) {
                // An optional `folder` limits the entry to one example.
                let folder = d["folder"].as_str().unwrap_or("*");
                disagreements.insert((check.to_owned(), address.to_owned(), folder.to_owned()));
            }
        }
    }
    (out, disagreements)
}

/// KICS queries about customer-managed keys: judged in profile `strict`.
fn kics_profile(query: &str) -> Profile {
    let q = query.to_ascii_lowercase();
    if q.contains("cmk") || q.contains("customer managed") || q.contains("customer-managed") {
        Profile::Strict
    } else {
        Profile::Baseline
    }
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
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn count(&mut self, labelled_failing: bool, flagged: bool) {
        match (labelled_failing, flagged) {
            (true, true) => self.tp += 1,
            (true, false) => self.fn_ += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
        }
    }
}

fn ratio(n: u32, d: u32) -> f64 {
    if d == 0 {
        1.0
    } else {
        f64::from(n) / f64::from(d)
    }
}

/// The controls claiming a peer check, with how.
fn claims(tool: PeerTool, id: &str) -> Vec<(&'static Control, Overlap)> {
    CONTROLS
        .iter()
        .filter_map(|c| {
            c.peers
                .iter()
                .find(|p| p.tool == tool && p.id.eq_ignore_ascii_case(id))
                .map(|p| (*c, p.overlap))
        })
        .collect()
}

fn model_of(files: &[PathBuf]) -> Model {
    let mut input = InputSet::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        input.add(name, std::fs::read(path).expect("readable fixture"));
    }
    Model::from_input(&input)
}

/// `(file, line)` of every top-level block header of the model, sorted:
/// a line belongs to the last header at or above it.
fn headers(model: &Model) -> Vec<(String, u32)> {
    let mut spans: Vec<&tfgrade_core::model::Span> =
        model.resources.iter().map(|r| &r.block.span).collect();
    for m in &model.modules {
        spans.extend(m.module_calls.iter().map(|c| &c.span));
        spans.extend(m.variables.iter().map(|v| &v.span));
        spans.extend(m.outputs.iter().map(|o| &o.span));
        spans.extend(m.providers.iter().map(|p| &p.span));
    }
    let mut out: Vec<(String, u32)> = spans
        .into_iter()
        .map(|s| {
            let Location { file, line, .. } = model.location(s);
            (file, line)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn enclosing(headers: &[(String, u32)], file: &str, line: u32) -> Option<(String, u32)> {
    headers
        .iter()
        .rfind(|(f, l)| f == file && *l <= line)
        .cloned()
}

/// The blocks a control's `fail` findings point at (and involve).
fn flagged_blocks(
    headers: &[(String, u32)],
    result: &tfgrade_core::rules::ControlResult,
) -> BTreeSet<(String, u32)> {
    result
        .findings
        .iter()
        .filter(|f| f.status == FindingStatus::Fail)
        .flat_map(|f| f.location.iter().chain(f.secondary.iter()))
        .filter_map(|l| enclosing(headers, &l.file, l.line))
        .collect()
}

/// Addresses a control's `fail` findings name (and involve), for Checkov.
fn flagged_addresses(model: &Model, result: &tfgrade_core::rules::ControlResult) -> Vec<String> {
    let by_header: BTreeMap<(String, u32, u32), String> = model
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
            if let Some(a) = by_header.get(&(l.file.clone(), l.line, l.column)) {
                out.push(a.clone());
            }
        }
    }
    out
}

/// `aws_x.name` (Checkov's garbled entries such as `]` are skipped).
fn is_address(s: &str) -> bool {
    let mut parts = s.split('.');
    matches!((parts.next(), parts.next(), parts.next()), (Some(t), Some(n), None)
        if t.starts_with("aws_") && !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

/// `TFGRADE_COVERAGE_PARTIAL=1` measures `.partial()` claims too (shown,
/// not asserted): to see whether one could be `.same()`.
fn measure_partial() -> bool {
    std::env::var_os("TFGRADE_COVERAGE_PARTIAL").is_some()
}

/// Whether a control claims a peer check as `.same()`.
fn is_same(tool: PeerTool, check: &str, control: &str) -> bool {
    claims(tool, check)
        .iter()
        .any(|(c, o)| c.id == control && *o == Overlap::Same)
}

/// One measured `.same()` claim.
struct Row {
    tool: &'static str,
    check: String,
    control: &'static str,
    counts: Counts,
}

#[derive(Default)]
struct Tally {
    checks: u32,
    claimed: u32,
    same: u32,
    labels: u32,
    labels_claimed: u32,
}

fn measure_checkov(rows: &mut Vec<Row>, misses: &mut Vec<String>) -> Tally {
    let dir = corpus("TFGRADE_CHECKOV_CORPUS", "checkov");
    let (profiles, disagreements) = checkov_profiles();
    let mut tally = Tally::default();
    let mut seen: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    let mut per_claim: BTreeMap<(String, &'static str), Counts> = BTreeMap::new();
    for folder in sorted_entries(&dir).into_iter().filter(|p| p.is_dir()) {
        let expected: Json = serde_json::from_str(
            &std::fs::read_to_string(folder.join("expected.json")).expect("expected.json"),
        )
        .expect("valid JSON");
        let check = expected["check"].as_str().unwrap_or_default().to_owned();
        let labels = |key: &str| -> Vec<String> {
            expected[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
                .filter(|a| is_address(a))
                .map(str::to_owned)
                .collect()
        };
        let (failing, passing) = (labels("failing"), labels("passing"));
        let n = u32::try_from(failing.len() + passing.len()).unwrap_or(u32::MAX);
        let claimed = claims(PeerTool::Checkov, &check);
        tally.labels += n;
        if !claimed.is_empty() {
            tally.labels_claimed += n;
        }
        let entry = seen.entry(check.clone()).or_default();
        entry.0 |= !claimed.is_empty();
        entry.1 |= claimed.iter().any(|(_, o)| *o == Overlap::Same);
        let same: Vec<&Control> = claimed
            .iter()
            .filter(|(_, o)| *o == Overlap::Same || measure_partial())
            .map(|(c, _)| *c)
            .collect();
        if same.is_empty() {
            continue;
        }
        let files: Vec<PathBuf> = sorted_entries(&folder)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "tf"))
            .collect();
        let model = model_of(&files);
        if !model.parse_errors.is_empty() {
            // Checkov's parser accepts what Terraform rejects (see the
            // corpus MANIFEST); an unparseable example judges nothing.
            misses.push(format!(
                "Checkov {check}: {} does not parse, not measured",
                folder.display()
            ));
            continue;
        }
        let options = RuleOptions {
            profile: profiles.get(&check).copied().unwrap_or(Profile::Baseline),
            ..RuleOptions::default()
        };
        for control in same {
            let flags = flagged_addresses(&model, &evaluate_control(control, &model, &options));
            let c = per_claim.entry((check.clone(), control.id)).or_default();
            for (address, failing) in failing
                .iter()
                .map(|a| (a, true))
                .chain(passing.iter().map(|a| (a, false)))
            {
                let folder_name = folder
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if ["*", folder_name.as_str()].iter().any(|f| {
                    disagreements.contains(&(check.clone(), address.clone(), (*f).to_owned()))
                }) {
                    continue;
                }
                let ours = flags.iter().any(|f| f == address);
                c.count(failing, ours);
                if failing != ours {
                    misses.push(format!(
                        "Checkov {check} {}: {} {address} ({})",
                        control.id,
                        if failing { "missed" } else { "wrongly flagged" },
                        folder.file_name().unwrap_or_default().to_string_lossy()
                    ));
                }
            }
        }
    }
    for (check, control) in per_claim.keys() {
        let counts = per_claim[&(check.clone(), *control)];
        rows.push(Row {
            tool: "Checkov",
            check: check.clone(),
            control,
            counts,
        });
    }
    tally.checks = u32::try_from(seen.len()).unwrap_or(u32::MAX);
    tally.claimed = u32::try_from(seen.values().filter(|v| v.0).count()).unwrap_or(u32::MAX);
    tally.same = u32::try_from(seen.values().filter(|v| v.1).count()).unwrap_or(u32::MAX);
    tally
}

#[allow(
    clippy::print_stderr,
    reason = "TFGRADE_COVERAGE_DEBUG=<control> prints its findings"
)]
fn measure_kics(rows: &mut Vec<Row>, misses: &mut Vec<String>) -> Tally {
    let dir = corpus("TFGRADE_KICS_CORPUS", "kics");
    let mut tally = Tally::default();
    for folder in sorted_entries(&dir).into_iter().filter(|p| p.is_dir()) {
        let Ok(text) = std::fs::read_to_string(folder.join("expected.json")) else {
            continue;
        };
        let expected: Json = serde_json::from_str(&text).expect("valid JSON");
        let query = expected["queryName"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let findings: Vec<(String, u32)> = expected["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| {
                Some((
                    f["file"].as_str()?.to_owned(),
                    u32::try_from(f["line"].as_u64()?).ok()?,
                ))
            })
            .collect();
        let tf_files: Vec<String> = ["positive_files", "negative_files"]
            .iter()
            .flat_map(|k| expected[*k].as_array().into_iter().flatten())
            .filter_map(Json::as_str)
            .filter(|f| f.ends_with(".tf"))
            .map(str::to_owned)
            .collect();
        tally.checks += 1;
        tally.labels += u32::try_from(tf_files.len()).unwrap_or(u32::MAX);
        let claimed = claims(PeerTool::Kics, &query);
        if claimed.is_empty() {
            continue;
        }
        tally.claimed += 1;
        tally.labels_claimed += u32::try_from(tf_files.len()).unwrap_or(u32::MAX);
        let same: Vec<&Control> = claimed
            .iter()
            .filter(|(_, o)| *o == Overlap::Same || measure_partial())
            .map(|(c, _)| *c)
            .collect();
        if same.is_empty() {
            continue;
        }
        tally.same += 1;
        let options = RuleOptions {
            profile: kics_profile(&query),
            ..RuleOptions::default()
        };
        for control in same {
            let mut c = Counts::default();
            for file in &tf_files {
                let path = folder.join(file);
                let model = model_of(std::slice::from_ref(&path));
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let headers = headers(&model);
                let labelled: BTreeSet<(String, u32)> = findings
                    .iter()
                    .filter(|(f, _)| f == file)
                    .filter_map(|(_, line)| enclosing(&headers, &name, *line))
                    .collect();
                let result = evaluate_control(control, &model, &options);
                if std::env::var("TFGRADE_COVERAGE_DEBUG").is_ok_and(|d| d == control.id) {
                    eprintln!("{query} {file}: {:#?}", result.findings);
                }
                let flags = flagged_blocks(&headers, &result);
                for block in &headers {
                    let (failing, ours) = (labelled.contains(block), flags.contains(block));
                    if !failing && !ours {
                        continue;
                    }
                    c.count(failing, ours);
                    if failing != ours {
                        misses.push(format!(
                            "KICS {query:?} {}: {} {file}:{} ({})",
                            control.id,
                            if failing { "missed" } else { "wrongly flagged" },
                            block.1,
                            folder.file_name().unwrap_or_default().to_string_lossy()
                        ));
                    }
                }
            }
            rows.push(Row {
                tool: "KICS",
                check: query.clone(),
                control: control.id,
                counts: c,
            });
        }
    }
    tally
}

#[test]
#[allow(clippy::print_stderr, reason = "the table is the test's report")]
fn same_claims_hold_on_peer_examples() {
    let mut rows = Vec::new();
    let mut misses = Vec::new();
    let checkov = measure_checkov(&mut rows, &mut misses);
    let kics = measure_kics(&mut rows, &mut misses);

    let mut total = Counts::default();
    let mut weak = Vec::new();
    for row in &rows {
        let c = row.counts;
        eprintln!(
            "{:<8} {:<60} {:<7} tp {:>2} fp {:>2} fn {:>2} tn {:>2}  precision {:>5.1}%  recall {:>5.1}%",
            row.tool,
            row.check,
            row.control,
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            100.0 * c.precision(),
            100.0 * c.recall()
        );
        total.add(c);
        let tool = if row.tool == "KICS" {
            PeerTool::Kics
        } else {
            PeerTool::Checkov
        };
        if !is_same(tool, &row.check, row.control) {
            continue;
        }
        if c.precision() < 1.0 || c.recall() < 0.98 {
            weak.push(format!("{} {} {}", row.tool, row.check, row.control));
        }
    }
    for (name, t) in [("Checkov", &checkov), ("KICS", &kics)] {
        eprintln!(
            "{name}: {} of {} checks claimed ({} as same), {} of {} labelled examples",
            t.claimed, t.checks, t.same, t.labels_claimed, t.labels
        );
    }
    eprintln!(
        "same claims: {} measured; tp {} fp {} fn {} tn {}  precision {:.1}%  recall {:.1}%",
        rows.len(),
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
        weak.is_empty(),
        "`.same()` claims below 100% precision or 98% recall: {weak:?}"
    );
}
