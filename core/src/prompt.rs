//! Requirements from a task prompt (RUBRIC.md section 5): the lexicon in
//! `data/prompt-lexicon.json` turns phrases of the prompt into
//! [`Requirements`], each kept with the sentence it came from so a user can
//! check (and edit) what was understood before it is scored.
//!
//! The matcher is deliberately plain: the prompt is split into sentences
//! (at `.`, `!`, `?` or `;` followed by a space, and at line breaks), each
//! sentence into words (letters and digits; everything else separates
//! words), and the lexicon's phrases are matched word by word,
//! case-insensitively. The lexicon file documents its phrase syntax,
//! placeholders (`{n}`, `{word}`, `{Name}`, `{region}`, `...`) and how
//! negation ("No resource should have deletion protection enabled") is
//! read.
//!
//! Explicit overrides (`--require KEY=VALUE`, or the user's edits in the web
//! page) always win over what the prompt implies: [`resolve`] replaces
//! every extracted value of a key an override sets.

use crate::profile::Requirements;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The lexicon as shipped.
const LEXICON_JSON: &str = include_str!("../../data/prompt-lexicon.json");

/// A service ALN001 can look for.
#[derive(Debug, Clone, Deserialize)]
pub struct Service {
    /// The value used in the `services` requirement (`cloudtrail`).
    pub id: String,
    /// How reports name it (`CloudTrail`).
    pub name: String,
    /// The service is present when one of these resource types is.
    pub resource_types: Vec<String>,
    /// Controls the service implies (judged even in profile `module`).
    pub controls: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Rule {
    phrases: Vec<String>,
    #[serde(default)]
    set: BTreeMap<String, String>,
    #[serde(default)]
    negated: BTreeMap<String, String>,
    #[serde(default)]
    services: Vec<String>,
    #[serde(default)]
    controls: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct LexiconFile {
    services: Vec<Service>,
    rules: Vec<Rule>,
    filler_words: Vec<String>,
    negations_before: Vec<String>,
    negations_after: Vec<String>,
    number_words: BTreeMap<String, u32>,
}

/// One element of a compiled phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    Word(String),
    Number,
    AnyWord,
    Name,
    Region,
    Gap,
}

/// The parsed lexicon.
#[derive(Debug)]
pub struct Lexicon {
    services: Vec<Service>,
    rules: Vec<(Rule, Vec<Vec<Element>>)>,
    filler: BTreeSet<String>,
    negations_before: BTreeSet<String>,
    negations_after: BTreeSet<String>,
    number_words: BTreeMap<String, u32>,
}

/// The shipped lexicon, parsed once.
///
/// # Panics
/// Never for the shipped file; `tests` below parse it, so a broken file
/// fails the build's tests rather than a user's analysis.
#[must_use]
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let file: LexiconFile =
            serde_json::from_str(LEXICON_JSON).expect("data/prompt-lexicon.json is valid");
        Lexicon::new(file)
    })
}

impl Lexicon {
    fn new(file: LexiconFile) -> Self {
        let rules = file
            .rules
            .into_iter()
            .map(|rule| {
                let compiled = rule.phrases.iter().map(|p| compile(p)).collect();
                (rule, compiled)
            })
            .collect();
        let lower = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase()).collect();
        Self {
            services: file.services,
            rules,
            filler: lower(file.filler_words),
            negations_before: lower(file.negations_before),
            negations_after: lower(file.negations_after),
            number_words: file.number_words,
        }
    }

    /// Every known service, in lexicon order.
    #[must_use]
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// A service by its ID (case-insensitive).
    #[must_use]
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id.eq_ignore_ascii_case(id))
    }
}

/// Compiles a phrase into elements, splitting literal words the way prompt
/// text is split.
fn compile(phrase: &str) -> Vec<Element> {
    let mut out = Vec::new();
    for part in phrase.split_whitespace() {
        match part {
            "{n}" => out.push(Element::Number),
            "{word}" => out.push(Element::AnyWord),
            "{Name}" => out.push(Element::Name),
            "{region}" => out.push(Element::Region),
            "..." => out.push(Element::Gap),
            literal => out.extend(words(literal).into_iter().map(|w| Element::Word(w.lower))),
        }
    }
    out
}

/// One word of a sentence.
#[derive(Debug, Clone)]
struct Word {
    lower: String,
    original: String,
    /// Index of the clause (part of the sentence between `,` `;` `:` or a
    /// conjunction) the word is in.
    clause: usize,
}

const CONJUNCTIONS: [&str; 4] = ["and", "but", "while", "whereas"];

/// Splits text into words: runs of letters and digits. `,`, `;` and `:`
/// and the conjunctions start a new clause.
fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut clause = 0;
    let mut current = String::new();
    let push = |current: &mut String, out: &mut Vec<Word>, clause: &mut usize| {
        if current.is_empty() {
            return;
        }
        let lower = current.to_lowercase();
        if CONJUNCTIONS.contains(&lower.as_str()) {
            *clause += 1;
        }
        out.push(Word {
            lower,
            original: std::mem::take(current),
            clause: *clause,
        });
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            current.push(c);
        } else {
            push(&mut current, &mut out, &mut clause);
            if matches!(c, ',' | ';' | ':' | '(' | ')') {
                clause += 1;
            }
        }
    }
    push(&mut current, &mut out, &mut clause);
    out
}

/// Splits a prompt into sentences, trimmed, without list markers.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            current.push(c);
            let ends = matches!(c, '.' | '!' | '?' | ';')
                && chars.peek().is_none_or(|n| n.is_whitespace());
            if ends {
                push_sentence(&mut out, &current);
                current.clear();
            }
        }
        push_sentence(&mut out, &current);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, raw: &str) {
    let mut s = raw.trim();
    // List markers: `- `, `* `, `1. `, `1) `, Markdown headings and quotes.
    loop {
        let before = s;
        s = s.trim_start_matches(['-', '*', '+', '#', '>']).trim_start();
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && s[digits..].starts_with(['.', ')']) && s[digits + 1..].starts_with(' ') {
            s = s[digits + 1..].trim_start();
        }
        if s == before {
            break;
        }
    }
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().any(char::is_alphanumeric) {
        out.push(collapsed);
    }
}

const REGION_AREAS: [&str; 9] = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"];
const REGION_DIRECTIONS: [&str; 9] = [
    "east",
    "west",
    "north",
    "south",
    "central",
    "northeast",
    "southeast",
    "northwest",
    "southwest",
];

impl Lexicon {
    /// Matches `elements` at `words[at..]`; returns the end and the capture.
    fn match_at(
        &self,
        words: &[Word],
        at: usize,
        elements: &[Element],
        capture: Option<String>,
    ) -> Option<(usize, Option<String>)> {
        let Some((first, rest)) = elements.split_first() else {
            return Some((at, capture));
        };
        if *first == Element::Gap {
            return (0..=8)
                .filter(|skip| at + skip <= words.len())
                .find_map(|skip| self.match_at(words, at + skip, rest, capture.clone()));
        }
        let word = words.get(at)?;
        let (taken, captured) = match first {
            Element::Word(w) => (word.lower == *w).then_some((1, None))?,
            Element::Number => (1, Some(self.number(&word.lower)?.to_string())),
            Element::AnyWord => {
                (!self.filler.contains(&word.lower)).then_some((1, Some(word.original.clone())))?
            }
            Element::Name => {
                let distinctive = word.original.chars().skip(1).any(char::is_uppercase)
                    || word.original.chars().any(|c| c.is_ascii_digit());
                (distinctive && !self.filler.contains(&word.lower))
                    .then_some((1, Some(word.original.clone())))?
            }
            Element::Region => region_at(words, at)?,
            Element::Gap => unreachable!("handled above"),
        };
        self.match_at(words, at + taken, rest, captured.or(capture))
    }

    fn number(&self, word: &str) -> Option<u32> {
        let n = if word.bytes().all(|b| b.is_ascii_digit()) {
            word.parse().ok()?
        } else {
            *self.number_words.get(word)?
        };
        (n <= 36_500).then_some(n)
    }

    /// Whether the match `[start, end)` is negated: a negation earlier in its
    /// clause (`wide`) or just before it, or, for `wide`, a negation right
    /// after it.
    fn negated(&self, words: &[Word], start: usize, end: usize, wide: bool) -> bool {
        let clause = words[start].clause;
        let from = if wide { 0 } else { start.saturating_sub(3) };
        let before = words[from..start]
            .iter()
            .filter(|w| w.clause == clause)
            .any(|w| self.negations_before.contains(&w.lower));
        let after = wide
            && words[end..words.len().min(end + 4)]
                .iter()
                .take_while(|w| w.clause == words[end - 1].clause)
                .any(|w| self.negations_after.contains(&w.lower));
        before || after
    }
}

/// `us-east-1`, `eu-central-1`, `us-gov-west-1` as words.
fn region_at(words: &[Word], at: usize) -> Option<(usize, Option<String>)> {
    let area = words.get(at)?;
    if !REGION_AREAS.contains(&area.lower.as_str()) {
        return None;
    }
    let mut next = at + 1;
    let mut parts = vec![area.lower.clone()];
    if words.get(next).is_some_and(|w| w.lower == "gov") {
        parts.push("gov".to_string());
        next += 1;
    }
    let direction = words.get(next)?;
    let number = words.get(next + 1)?;
    if !REGION_DIRECTIONS.contains(&direction.lower.as_str())
        || number.lower.is_empty()
        || !number.lower.bytes().all(|b| b.is_ascii_digit())
        || number.lower.len() > 2
    {
        return None;
    }
    parts.push(direction.lower.clone());
    parts.push(number.lower.clone());
    Some((next + 2 - at, Some(parts.join("-"))))
}

/// A requirement read from a prompt, with the sentence it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    pub key: String,
    pub value: String,
    pub source: String,
}

/// Reads every requirement the prompt implies, in lexicon order: for each
/// key the first rule that matches decides (first matching sentence);
/// `services` and `controls` collect one entry per service or control.
#[must_use]
pub fn extract(prompt: &str) -> Vec<Extracted> {
    extract_with(lexicon(), prompt)
}

fn extract_with(lexicon: &Lexicon, prompt: &str) -> Vec<Extracted> {
    let sentences: Vec<(String, Vec<Word>)> = sentences(prompt)
        .into_iter()
        .map(|s| {
            let w = words(&s);
            (s, w)
        })
        .collect();
    let mut out: Vec<Extracted> = Vec::new();
    let mut decided: BTreeSet<String> = BTreeSet::new();
    let mut listed: BTreeSet<(String, String)> = BTreeSet::new();
    for (rule, phrases) in &lexicon.rules {
        let wide = !rule.negated.is_empty();
        let found = sentences.iter().find_map(|(sentence, words)| {
            (0..words.len()).find_map(|start| {
                phrases.iter().find_map(|elements| {
                    let (end, capture) = lexicon.match_at(words, start, elements, None)?;
                    (end > start).then(|| {
                        let negated = lexicon.negated(words, start, end, wide);
                        (sentence, capture, negated)
                    })
                })
            })
        });
        let Some((sentence, capture, negated)) = found else {
            continue;
        };
        if negated && !wide {
            continue;
        }
        let settings = if negated { &rule.negated } else { &rule.set };
        for (key, template) in settings {
            if decided.contains(key) {
                continue;
            }
            let value = match (&capture, template.starts_with('{')) {
                (Some(c), true) => c.clone(),
                (None, true) => continue,
                (_, false) => template.clone(),
            };
            // Values the key would reject (checked the same way overrides are).
            if Requirements::new().set(key, &value, None).is_err() {
                continue;
            }
            decided.insert(key.clone());
            out.push(Extracted {
                key: key.clone(),
                value,
                source: sentence.clone(),
            });
        }
        if negated {
            continue;
        }
        for (key, values) in [("services", &rule.services), ("controls", &rule.controls)] {
            for value in values {
                if listed.insert((key.to_string(), value.clone())) {
                    out.push(Extracted {
                        key: key.to_string(),
                        value: value.clone(),
                        source: sentence.clone(),
                    });
                }
            }
        }
    }
    out
}

/// Where a requirement of the report came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Read from the prompt.
    Prompt,
    /// Set explicitly (command line, web page edit).
    Override,
}

/// One requirement as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedRequirement {
    pub key: String,
    pub value: String,
    /// The prompt's sentence, or the override's own source if it had one.
    pub source: Option<String>,
    pub origin: Origin,
    /// The controls this requirement makes the task ask for.
    pub controls: Vec<String>,
}

/// The controls a requirement implies.
fn implied_controls(key: &str, value: &str) -> Vec<String> {
    let fixed: &[&str] = match key {
        "deletion_protection" => &["OPS009"],
        "name_prefix" => &["OPS014"],
        "backup_retention_days" => &["OPS008"],
        "log_retention_days" => &["MON007"],
        "multi_az" => &["OPS006"],
        _ => &[],
    };
    let mut out: Vec<String> = fixed.iter().map(|s| (*s).to_string()).collect();
    let list = || value.split(',').map(str::trim).filter(|v| !v.is_empty());
    match key {
        "services" => {
            for id in list() {
                if let Some(s) = lexicon().service(id) {
                    out.extend(s.controls.iter().cloned());
                }
            }
        }
        "controls" => out.extend(list().map(str::to_ascii_uppercase)),
        _ => {}
    }
    out
}

/// The requirements to score with, and the list the report shows: the
/// extracted ones, except for keys an override sets (overrides win), plus
/// the overrides. `services` and `controls` are joined into one value; the
/// controls that services imply are added to `controls`, so they are judged
/// even where the profile would turn them off.
#[must_use]
pub fn resolve(
    extracted: &[Extracted],
    overrides: &Requirements,
) -> (Requirements, Vec<StatedRequirement>) {
    let overridden: BTreeSet<&str> = overrides.iter().map(|r| r.key.as_str()).collect();
    let mut stated: Vec<StatedRequirement> = Vec::new();
    for e in extracted {
        if !overridden.contains(e.key.as_str()) {
            stated.push(StatedRequirement {
                key: e.key.clone(),
                value: e.value.clone(),
                source: Some(e.source.clone()),
                origin: Origin::Prompt,
                controls: implied_controls(&e.key, &e.value),
            });
        }
    }
    for r in overrides.iter() {
        stated.push(StatedRequirement {
            key: r.key.clone(),
            value: r.value.clone(),
            source: r.source.clone(),
            origin: Origin::Override,
            controls: implied_controls(&r.key, &r.value),
        });
    }

    let mut requirements = Requirements::new();
    let mut lists: BTreeMap<&str, (Vec<String>, Option<String>)> = BTreeMap::new();
    for s in &stated {
        if s.key == "services" || s.key == "controls" {
            let entry = lists.entry(s.key.as_str()).or_default();
            for v in s.value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
                if !entry.0.iter().any(|x| x.eq_ignore_ascii_case(v)) {
                    entry.0.push(v.to_string());
                }
            }
            if entry.1.is_none() {
                entry.1.clone_from(&s.source);
            }
        } else {
            // Values were validated when extracted or set.
            let _ = requirements.set(&s.key, &s.value, s.source.clone());
        }
    }
    let mut controls: Vec<String> = lists
        .get("controls")
        .map(|(v, _)| v.clone())
        .unwrap_or_default();
    for s in &stated {
        for c in &s.controls {
            if !controls.iter().any(|x| x.eq_ignore_ascii_case(c)) {
                controls.push(c.clone());
            }
        }
    }
    if let Some((services, source)) = lists.get("services") {
        let _ = requirements.set("services", &services.join(","), source.clone());
    }
    if !controls.is_empty() {
        let source = lists.get("controls").and_then(|(_, s)| s.clone());
        let _ = requirements.set("controls", &controls.join(","), source);
    }
    (requirements, stated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(prompt: &str) -> Vec<(String, String)> {
        extract(prompt)
            .into_iter()
            .map(|e| (e.key, e.value))
            .collect()
    }

    fn has(prompt: &str, key: &str, value: &str) -> bool {
        pairs(prompt).iter().any(|(k, v)| k == key && v == value)
    }

    #[test]
    fn shipped_lexicon_parses_and_every_phrase_compiles() {
        let lex = lexicon();
        assert!(!lex.services().is_empty());
        for (rule, phrases) in &lex.rules {
            assert!(phrases.iter().all(|p| !p.is_empty()), "{:?}", rule.phrases);
            for s in &rule.services {
                assert!(lex.service(s).is_some(), "unknown service {s}");
            }
            for (key, value) in rule.set.iter().chain(&rule.negated) {
                assert!(
                    crate::profile::REQUIREMENT_KEYS.contains(&key.as_str()),
                    "unknown key {key}"
                );
                if !value.starts_with('{') {
                    assert!(
                        Requirements::new().set(key, value, None).is_ok(),
                        "{key}={value}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_rubric_example_is_understood() {
        assert!(has(
            "Log every API call with CloudTrail.",
            "services",
            "cloudtrail"
        ));
        let (cloudtrail, _) = resolve(&extract("Enable CloudTrail."), &Requirements::new());
        assert!(["CMP001", "CMP002", "CMP003"]
            .iter()
            .all(|id| cloudtrail.requires_control(id)));
        assert!(has("Set up AWS Config with rules.", "services", "config"));
        assert!(has("Enable VPC Flow Logs.", "services", "flowlogs"));
        assert!(has(
            "Store credentials in Secrets Manager.",
            "services",
            "secretsmanager"
        ));
        assert!(has("Encrypt with KMS.", "services", "kms"));
        assert!(has("Use customer-managed keys.", "services", "kms"));
        assert!(has("Protect the ALB with WAF.", "services", "waf"));
        assert!(has("Deploy RDS Multi-AZ.", "multi_az", "required"));
        assert!(has(
            "Use PostgreSQL for the database.",
            "db_engine",
            "postgres"
        ));
        assert!(has(
            "No resource should have deletion protection enabled.",
            "deletion_protection",
            "forbidden"
        ));
        assert!(has(
            "Follow the naming convention with the prefix SecCFN.",
            "name_prefix",
            "SecCFN"
        ));
        assert!(has(
            "Use a 30-day backup retention.",
            "backup_retention_days",
            "30"
        ));
        assert!(has(
            "Put everything in a single main.tf file.",
            "file_layout",
            "single-file"
        ));
        assert!(has("Enforce MFA for users.", "controls", "IAM003"));
        assert!(has("Enable GuardDuty.", "services", "guardduty"));
        assert!(has("Serve traffic over HTTPS only.", "controls", "ENC013"));
        assert!(has("Require IMDSv2 on instances.", "controls", "SEC011"));
    }

    #[test]
    fn numbers_regions_and_prefixes_are_captured() {
        assert!(has(
            "Retain logs for 365 days.",
            "log_retention_days",
            "365"
        ));
        assert!(has(
            "Backups for thirty days.",
            "backup_retention_days",
            "30"
        ));
        assert!(has(
            "Deploy everything in us-west-2.",
            "region",
            "us-west-2"
        ));
        assert!(has(
            "Names use the SecCFN naming convention.",
            "name_prefix",
            "SecCFN"
        ));
        assert!(!pairs("Use a consistent naming convention.")
            .iter()
            .any(|(k, _)| k == "name_prefix"));
    }

    #[test]
    fn negation_flips_a_stance_and_enabling_keeps_it() {
        assert!(has(
            "Enable deletion protection on the database.",
            "deletion_protection",
            "required"
        ));
        assert!(has(
            "Deletion protection must be disabled for all resources.",
            "deletion_protection",
            "forbidden"
        ));
        assert!(has(
            "Ensure RDS instances do not have deletion protection.",
            "deletion_protection",
            "forbidden"
        ));
        // A negation in another clause does not count.
        assert!(has(
            "Do not hardcode passwords, and enable deletion protection.",
            "deletion_protection",
            "required"
        ));
        // Services just after a negation are not required.
        assert!(!has(
            "Do not use CloudTrail here.",
            "services",
            "cloudtrail"
        ));
    }

    #[test]
    fn matching_respects_word_boundaries() {
        // `kms` inside another word, `waf` in `wafer`, `ssl` in `tassle`.
        assert!(pairs("The wafer factory tassle.").is_empty());
        assert!(!has("Describe the awskmsish thing.", "services", "kms"));
    }

    #[test]
    fn each_requirement_keeps_its_sentence() {
        let e = extract("Build a VPC.\n- No resource should have deletion protection enabled\n");
        let dp = e
            .iter()
            .find(|e| e.key == "deletion_protection")
            .expect("extracted");
        assert_eq!(
            dp.source,
            "No resource should have deletion protection enabled"
        );
    }

    #[test]
    fn overrides_win_over_the_prompt() {
        let extracted = extract("Use a 30-day backup retention. Enable CloudTrail.");
        let mut overrides = Requirements::new();
        overrides.set("backup_retention_days", "14", None).unwrap();
        let (req, stated) = resolve(&extracted, &overrides);
        assert_eq!(req.get("backup_retention_days"), Some("14"));
        assert_eq!(
            req.services(),
            vec!["rds".to_string(), "cloudtrail".to_string()]
        );
        assert!(req.requires_control("CMP001"));
        assert!(req.requires_control("OPS008"));
        let backup: Vec<&StatedRequirement> = stated
            .iter()
            .filter(|s| s.key == "backup_retention_days")
            .collect();
        assert_eq!(backup.len(), 1);
        assert_eq!(backup[0].origin, Origin::Override);
    }
}
