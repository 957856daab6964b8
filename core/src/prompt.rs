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
    /// Words in a module call's name or source that show the module builds
    /// the service (`terraform-aws-modules/vpc/aws`, `module "database"`).
    #[serde(default)]
    pub module_words: Vec<String>,
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
    /// Words that, right after the phrase, make it name something else
    /// (`VPC endpoint` is not a VPC).
    #[serde(default)]
    not_before: Vec<String>,
    /// Phrases that, right before it, do the same (`AWS-managed KMS key`
    /// is no customer-managed key).
    #[serde(default)]
    not_after: Vec<String>,
    /// The phrase is an ask by itself ("a NAT gateway in each AZ"): only
    /// negation and optional wording lower its confidence.
    #[serde(default)]
    explicit: bool,
}

#[derive(Debug, Clone, Deserialize)]
struct LexiconFile {
    services: Vec<Service>,
    rules: Vec<Rule>,
    filler_words: Vec<String>,
    negations_before: Vec<String>,
    negations_after: Vec<String>,
    number_words: BTreeMap<String, u32>,
    request_verbs: Vec<String>,
    prepositions: Vec<String>,
    existing_words: Vec<String>,
    existing_phrases: Vec<String>,
    optional_words: Vec<String>,
    optional_phrases: Vec<String>,
    path_words: Vec<String>,
    multi_region_phrases: Vec<String>,
    database_words: Vec<String>,
    tooling_phrases: Vec<String>,
    service_not_before: Vec<String>,
    service_not_after: Vec<String>,
    auxiliary_words: Vec<String>,
    quantifier_words: Vec<String>,
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
    request_verbs: BTreeSet<String>,
    prepositions: BTreeSet<String>,
    existing: BTreeSet<String>,
    existing_phrases: Vec<Vec<String>>,
    optional: BTreeSet<String>,
    optional_phrases: Vec<Vec<String>>,
    path_words: BTreeSet<String>,
    multi_region_phrases: Vec<Vec<String>>,
    database_words: BTreeSet<String>,
    tooling_phrases: Vec<Vec<String>>,
    service_not_before: BTreeSet<String>,
    service_not_after: Vec<String>,
    auxiliary: BTreeSet<String>,
    quantifiers: BTreeSet<String>,
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
        let phrases = |v: Vec<String>| {
            v.iter()
                .map(|p| words(p).into_iter().map(|w| w.lower).collect())
                .collect()
        };
        Self {
            services: file.services,
            rules,
            filler: lower(file.filler_words),
            negations_before: lower(file.negations_before),
            negations_after: lower(file.negations_after),
            number_words: file.number_words,
            request_verbs: lower(file.request_verbs),
            prepositions: lower(file.prepositions),
            existing: lower(file.existing_words),
            existing_phrases: phrases(file.existing_phrases),
            optional: lower(file.optional_words),
            optional_phrases: phrases(file.optional_phrases),
            path_words: lower(file.path_words),
            multi_region_phrases: phrases(file.multi_region_phrases),
            database_words: lower(file.database_words),
            tooling_phrases: phrases(file.tooling_phrases),
            service_not_before: lower(file.service_not_before),
            service_not_after: file.service_not_after,
            auxiliary: lower(file.auxiliary_words),
            quantifiers: lower(file.quantifier_words),
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
    /// The character right after the word (`/` marks a path such as `raw/`).
    next: Option<char>,
    /// The whole quoted literal the word is part of (`SecCFN-` for
    /// `` `SecCFN-` ``).
    literal: Option<String>,
}

const CONJUNCTIONS: [&str; 4] = ["and", "but", "while", "whereas"];

/// Splits text into words: runs of letters and digits. `,`, `;` and `:`
/// and the conjunctions start a new clause.
fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut clause = 0;
    let mut current = String::new();
    let mut quoted = false;
    let mut previous: Option<char> = None;
    let push =
        |current: &mut String, out: &mut Vec<Word>, clause: &mut usize, next: Option<char>| {
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
                next,
                literal: None,
            });
        };
    let mut literal = String::new();
    let mut literal_from = 0;
    for c in text.chars() {
        if quoted {
            literal.push(c);
        }
        if c.is_alphanumeric() {
            current.push(c);
        } else {
            push(&mut current, &mut out, &mut clause, Some(c));
            if matches!(c, ',' | ';' | ':' | '(' | ')') {
                clause += 1;
            }
            // Backticks and double quotes (straight or curly) open and close
            // literals; an apostrophe inside a word (`don't`) does not.
            let opens_single = c == '\'' && previous.is_none_or(|p| !p.is_alphanumeric());
            let toggles = matches!(c, '`' | '"' | '\u{201c}' | '\u{201d}') || opens_single;
            let closes_single = c == '\'' && quoted && previous.is_some_and(char::is_alphanumeric);
            if (toggles && quoted) || closes_single {
                literal.pop();
                let text = std::mem::take(&mut literal);
                for w in &mut out[literal_from..] {
                    w.literal = Some(text.clone());
                }
                quoted = false;
            } else if toggles {
                quoted = true;
                literal_from = out.len();
            }
        }
        previous = Some(c);
    }
    push(&mut current, &mut out, &mut clause, None);
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
        capture: Option<Capture>,
    ) -> Option<(usize, Option<Capture>)> {
        let Some((first, rest)) = elements.split_first() else {
            return Some((at, capture));
        };
        if *first == Element::Gap {
            return (0..=8)
                .filter(|skip| at + skip <= words.len())
                .find_map(|skip| self.match_at(words, at + skip, rest, capture.clone()));
        }
        let word = words.get(at)?;
        let here = |text: String| Some(Capture { text, at });
        let (taken, captured) = match first {
            Element::Word(w) => (word.lower == *w).then_some((1, None))?,
            Element::Number => (1, here(self.number(&word.lower)?.to_string())),
            Element::AnyWord => {
                (!self.filler.contains(&word.lower)).then_some((1, here(word.original.clone())))?
            }
            Element::Name => (identifier_like(word) && !self.filler.contains(&word.lower))
                .then_some((1, here(word.original.clone())))?,
            Element::Region => {
                let (taken, region) = region_at(words, at)?;
                (taken, here(region))
            }
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
        let from = if wide { 0 } else { start.saturating_sub(5) };
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

/// Whether the words just before `at` are the phrase `phrase`.
fn ends_at(words: &[Word], at: usize, phrase: &str) -> bool {
    let phrase = self::words(phrase);
    at >= phrase.len()
        && words[at - phrase.len()..at]
            .iter()
            .zip(&phrase)
            .all(|(a, b)| a.lower == b.lower)
}

/// What a placeholder captured, and the index of its (first) word.
#[derive(Debug, Clone)]
struct Capture {
    text: String,
    at: usize,
}

/// A word written like a name rather than prose: a capital letter after
/// the first (`SecCFN`), a digit, or joined to the next word by `-` or `_`.
fn identifier_like(word: &Word) -> bool {
    word.original.chars().skip(1).any(char::is_uppercase)
        || word.original.chars().any(|c| c.is_ascii_digit())
        || matches!(word.next, Some('-' | '_'))
}

/// `us-east-1`, `eu-central-1`, `us-gov-west-1` as words.
fn region_at(words: &[Word], at: usize) -> Option<(usize, String)> {
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
    Some((next + 2 - at, parts.join("-")))
}

/// How sure the reading of a requirement is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A mention rather than an ask (in passing, optional, an alternative,
    /// something that already exists): shown to the user, not scored.
    Low,
    /// The prompt asks for it: scored.
    #[default]
    High,
}

/// A requirement read from a prompt, with the sentence it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    pub key: String,
    pub value: String,
    pub source: String,
    #[serde(default)]
    pub confidence: Confidence,
}

/// One place a rule's phrase matched.
struct Found<'s> {
    sentence: &'s str,
    words: &'s [Word],
    start: usize,
    end: usize,
    capture: Option<Capture>,
    negated: bool,
}

/// Reads every requirement the prompt implies, in lexicon order: for each
/// key the first rule that matches decides (first matching sentence);
/// `region` collects every region the prompt names; `services` and
/// `controls` collect one entry per service or control, with the best
/// confidence any of its mentions has.
#[must_use]
pub fn extract(prompt: &str) -> Vec<Extracted> {
    extract_with(lexicon(), prompt)
}

impl Lexicon {
    /// Every match of a rule's phrases, sentence by sentence.
    fn find_all<'s>(
        &self,
        sentences: &'s [(String, Vec<Word>)],
        rule: &Rule,
        phrases: &[Vec<Element>],
    ) -> Vec<Found<'s>> {
        let wide = !rule.negated.is_empty();
        let mut out = Vec::new();
        for (sentence, words) in sentences {
            let mut start = 0;
            while start < words.len() {
                let hit = phrases.iter().find_map(|elements| {
                    let (end, capture) = self.match_at(words, start, elements, None)?;
                    let service = !rule.services.is_empty();
                    let not_before = rule
                        .not_before
                        .iter()
                        .chain(self.service_not_before.iter().filter(|_| service));
                    let not_after = rule
                        .not_after
                        .iter()
                        .chain(self.service_not_after.iter().filter(|_| service));
                    let other_thing = words
                        .get(end)
                        .is_some_and(|w| not_before.clone().any(|n| *n == w.lower))
                        || not_after.clone().any(|p| ends_at(words, start, p));
                    (end > start && !other_thing).then_some((end, capture))
                });
                match hit {
                    Some((end, capture)) => {
                        out.push(Found {
                            sentence,
                            words,
                            start,
                            end,
                            capture,
                            negated: self.negated(words, start, end, wide),
                        });
                        start = end;
                    }
                    None => start += 1,
                }
            }
        }
        out
    }

    /// How sure a mention of a service or control is an ask: asked for
    /// when a request verb governs it (no preposition in between: "create
    /// a VPC", not "an IAM role for EC2") or it heads its sentence or list
    /// item ("VPC in us-west-2 with two AZs"), or a verb follows it
    /// ("logs must be encrypted"); a mention otherwise. Optional,
    /// alternative ("EC2 or ECS") and existing ("the existing VPC")
    /// mentions are never asks.
    fn mention_confidence(&self, found: &Found<'_>) -> Confidence {
        let words = found.words;
        let (start, end) = (found.start, found.end);
        let clause = words[start].clause;
        let in_clause_before = || words[..start].iter().filter(|w| w.clause == clause);
        let qualified = in_clause_before()
            .any(|w| self.existing.contains(&w.lower) || self.optional.contains(&w.lower))
            || words.iter().any(|w| self.optional.contains(&w.lower))
            || self.phrase_in(words, &self.optional_phrases)
            || self.phrase_in(words, &self.existing_phrases)
            || self.phrase_in(words, &self.tooling_phrases);
        let alternative = self.alternative(found);
        let after = || {
            words[end..words.len().min(end + 5)]
                .iter()
                .take_while(|w| w.clause == words[end - 1].clause)
        };
        let negated_after = after().any(|w| self.negations_after.contains(&w.lower));
        // A name in quotes (`s3_kms_key_arn`) is a literal, not an ask.
        let literal = words[start].literal.is_some();
        if qualified || alternative || negated_after || literal {
            return Confidence::Low;
        }
        let governed = words[..start]
            .iter()
            .rposition(|w| self.request_verbs.contains(&w.lower))
            .is_some_and(|verb| {
                // "stored in Secrets Manager" is governed; "a role for EC2"
                // is not: the preposition attaches to the noun before it.
                let between = &words[verb + 1..start];
                !between.iter().enumerate().any(|(i, w)| {
                    self.prepositions.contains(&w.lower)
                        && between[..i].iter().any(|x| !self.filler.contains(&x.lower))
                })
            });
        let verb_after = after().any(|w| self.request_verbs.contains(&w.lower));
        let auxiliary_after = after().take(3).any(|w| self.auxiliary.contains(&w.lower));
        let participle_after = after()
            .take(2)
            .any(|w| w.lower.ends_with("ed") && self.request_verbs.contains(&w.lower));
        let passive = (auxiliary_after && verb_after) || participle_after;
        // A list item or heading that names the service and asks something
        // ("RDS instance using Multi-AZ"), not an inventory ("RDS databases
        // with customer data").
        let head = start <= 3
            && words[..start]
                .iter()
                .filter(|w| !self.filler.contains(&w.lower))
                .count()
                <= 1
            && words[end..].iter().any(|w| {
                self.request_verbs.contains(&w.lower) || self.auxiliary.contains(&w.lower)
            });
        if governed || passive || head {
            Confidence::High
        } else {
            Confidence::Low
        }
    }

    /// Whether the match is one of alternatives: "or" next to it, or joined
    /// by `/` ("MySQL/PostgreSQL").
    fn alternative(&self, found: &Found<'_>) -> bool {
        let words = found.words;
        let (start, end) = (found.start, found.end.min(words.len()));
        words[start.saturating_sub(2)..start]
            .iter()
            .chain(words[end..words.len().min(end + 2)].iter())
            .any(|w| w.lower == "or" || w.lower == "either")
            || (start > 0 && words[start - 1].next == Some('/'))
            || (end > start && words[end - 1].next == Some('/'))
    }

    /// Whether the sentence makes what it says optional.
    fn optional(&self, found: &Found<'_>) -> bool {
        found.words.iter().any(|w| self.optional.contains(&w.lower))
            || self.phrase_in(found.words, &self.optional_phrases)
    }

    /// Whether the sentence makes a mention optional, about something that
    /// exists already, or about Terraform's own state.
    fn qualified(&self, found: &Found<'_>) -> bool {
        let words = found.words;
        let clause = words[found.start].clause;
        // "all S3 buckets", "any Lambda functions": a rule for whatever
        // exists, not an ask to create one.
        let quantified = words[found.start.saturating_sub(2)..found.start]
            .iter()
            .any(|w| self.quantifiers.contains(&w.lower));
        quantified
            || words
                .iter()
                .filter(|w| w.clause == clause)
                .any(|w| self.existing.contains(&w.lower))
            || words[..found.start]
                .iter()
                .filter(|w| w.clause == clause)
                .any(|w| self.optional.contains(&w.lower))
            || words.iter().any(|w| self.optional.contains(&w.lower))
            || self.phrase_in(words, &self.optional_phrases)
            || self.phrase_in(words, &self.existing_phrases)
            || self.phrase_in(words, &self.tooling_phrases)
    }

    /// Whether any of these multi-word phrases occurs in the words.
    fn phrase_in(&self, words: &[Word], phrases: &[Vec<String>]) -> bool {
        phrases.iter().any(|p| {
            !p.is_empty()
                && words
                    .windows(p.len())
                    .any(|w| w.iter().zip(p).all(|(a, b)| a.lower == *b))
        })
    }

    /// The naming-convention prefix a match captured, when it is a literal:
    /// quoted or code-formatted (`` `SecCFN-` ``), or written like an
    /// identifier in a sentence about names. Prose ("prefixed with
    /// environment identifier") and paths ("the raw/ prefix", "key prefix
    /// logs/") are not name prefixes.
    fn name_prefix(&self, found: &Found<'_>) -> Option<String> {
        let capture = found.capture.as_ref()?;
        let words = found.words;
        let word = words.get(capture.at)?;
        if word.next == Some('/') {
            return None;
        }
        let near_start = found.start.min(capture.at).saturating_sub(2);
        let about_paths = words[near_start..found.end.max(capture.at + 1)]
            .iter()
            .any(|w| self.path_words.contains(&w.lower));
        if about_paths {
            return None;
        }
        if let Some(literal) = word.literal.as_deref() {
            let literal = literal.trim().trim_end_matches('*');
            let plain = !literal.is_empty()
                && literal
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
            return plain.then(|| literal.to_string());
        }
        let about_names = words
            .iter()
            .any(|w| matches!(w.lower.as_str(), "name" | "names" | "named" | "naming"));
        (identifier_like(word) && about_names).then(|| capture.text.clone())
    }
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
    // Service or control → index in `out`.
    let mut listed: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (rule, phrases) in &lexicon.rules {
        let wide = !rule.negated.is_empty();
        let found = lexicon.find_all(&sentences, rule, phrases);
        if rule.set.contains_key("region") {
            regions(lexicon, &found, &mut out, &mut decided);
        }
        for f in found.iter().filter(|f| !f.negated || wide) {
            let settings = if f.negated { &rule.negated } else { &rule.set };
            for (key, template) in settings {
                if decided.contains(key) || key == "region" {
                    continue;
                }
                let value = match (&f.capture, template.starts_with('{')) {
                    (Some(_), true) if key == "name_prefix" => match lexicon.name_prefix(f) {
                        Some(v) => v,
                        None => continue,
                    },
                    (Some(c), true) => c.text.clone(),
                    (None, true) => continue,
                    (_, false) => template.clone(),
                };
                // Values the key would reject (checked the same way overrides are).
                if Requirements::new().set(key, &value, None).is_err() {
                    continue;
                }
                let confidence = if lexicon.alternative(f) || lexicon.optional(f) {
                    // "MySQL or PostgreSQL", "`dev-` or `prod-`", "optional Multi-AZ".
                    Confidence::Low
                } else if key == "multi_az" {
                    lexicon.multi_az_confidence(f)
                } else {
                    Confidence::High
                };
                // Zones asked of the network: OPS006 judges subnets (and
                // databases with its own default stance).
                if key == "multi_az" && confidence == Confidence::Low {
                    let id = ("controls".to_string(), "OPS006".to_string());
                    listed.entry(id).or_insert_with(|| {
                        out.push(Extracted {
                            key: "controls".to_string(),
                            value: "OPS006".to_string(),
                            source: f.sentence.to_string(),
                            confidence: Confidence::High,
                        });
                        out.len() - 1
                    });
                }
                decided.insert(key.clone());
                out.push(Extracted {
                    key: key.clone(),
                    value,
                    source: f.sentence.to_string(),
                    confidence,
                });
            }
        }
        for f in found.iter().filter(|f| !f.negated) {
            let confidence = match lexicon.mention_confidence(f) {
                Confidence::Low if rule.explicit && !lexicon.qualified(f) => Confidence::High,
                c => c,
            };
            for (key, values) in [("services", &rule.services), ("controls", &rule.controls)] {
                for value in values {
                    let id = (key.to_string(), value.clone());
                    match listed.get(&id) {
                        Some(&i) if out[i].confidence >= confidence => {}
                        Some(&i) => {
                            out[i].confidence = confidence;
                            out[i].source = f.sentence.to_string();
                        }
                        None => {
                            listed.insert(id, out.len());
                            out.push(Extracted {
                                key: key.to_string(),
                                value: value.clone(),
                                source: f.sentence.to_string(),
                                confidence,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// Every region the prompt names (not negated), as one `region`
/// requirement, and `multi_region` when the prompt names several and asks
/// for more than one ("primary and secondary", "disaster recovery region",
/// "cross-region replication", "both regions").
fn regions(
    lexicon: &Lexicon,
    found: &[Found<'_>],
    out: &mut Vec<Extracted>,
    decided: &mut BTreeSet<String>,
) {
    if decided.contains("region") {
        return;
    }
    let mut names: Vec<String> = Vec::new();
    let mut source: Option<&str> = None;
    let mut multi: Option<&str> = None;
    for f in found.iter().filter(|f| !f.negated) {
        let Some(c) = &f.capture else { continue };
        if !names.contains(&c.text) {
            names.push(c.text.clone());
        }
        source.get_or_insert(f.sentence);
        if multi.is_none() && lexicon.phrase_in(f.words, &lexicon.multi_region_phrases) {
            multi = Some(f.sentence);
        }
    }
    let Some(source) = source else { return };
    decided.insert("region".to_string());
    out.push(Extracted {
        key: "region".to_string(),
        value: names.join(","),
        source: source.to_string(),
        confidence: Confidence::High,
    });
    if let (Some(sentence), true) = (multi, names.len() > 1) {
        out.push(Extracted {
            key: "multi_region".to_string(),
            value: "required".to_string(),
            source: sentence.to_string(),
            confidence: Confidence::High,
        });
    }
}

impl Lexicon {
    /// Multi-AZ is a database setting (`multi_az`) only when the sentence
    /// is about a database; "subnets across two availability zones" is
    /// about the network, which OPS006 judges anyway.
    fn multi_az_confidence(&self, found: &Found<'_>) -> Confidence {
        if found
            .words
            .iter()
            .any(|w| self.database_words.contains(&w.lower))
        {
            Confidence::High
        } else {
            Confidence::Low
        }
    }
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
    /// How sure the reading is; `low` ones are listed, not scored.
    pub confidence: Confidence,
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
/// the overrides. Low-confidence ones are listed but not scored. `services` and `controls` are joined into one value; the
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
                confidence: e.confidence,
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
            confidence: Confidence::High,
            controls: implied_controls(&r.key, &r.value),
        });
    }

    let mut requirements = Requirements::new();
    let mut lists: BTreeMap<&str, (Vec<String>, Option<String>)> = BTreeMap::new();
    let scored = || stated.iter().filter(|s| s.confidence == Confidence::High);
    for s in scored() {
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
    for s in scored() {
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
    fn confidence(prompt: &str, key: &str, value: &str) -> Option<Confidence> {
        extract(prompt)
            .into_iter()
            .find(|e| e.key == key && e.value == value)
            .map(|e| e.confidence)
    }

    #[test]
    fn asked_services_are_high_and_mentions_low() {
        let high = Some(Confidence::High);
        let low = Some(Confidence::Low);
        assert_eq!(
            confidence("Create a VPC with two subnets.", "services", "vpc"),
            high
        );
        assert_eq!(
            confidence(
                "Use Secrets Manager for the database password.",
                "services",
                "secretsmanager"
            ),
            high
        );
        assert_eq!(
            confidence(
                "Audit logs must be delivered by CloudTrail to a bucket.",
                "services",
                "cloudtrail"
            ),
            low
        );
        // The role is asked for, not EC2.
        assert_eq!(
            confidence("Create an IAM role for EC2 instances.", "services", "ec2"),
            low
        );
        assert_eq!(
            confidence(
                "Optionally add a WAF in front of the API.",
                "services",
                "waf"
            ),
            low
        );
        assert_eq!(
            confidence(
                "Attach the certificate if any exists in ACM.",
                "services",
                "acm"
            ),
            low
        );
        assert_eq!(
            confidence("Deploy either ECS or EC2 for compute.", "services", "ec2"),
            low
        );
        assert_eq!(
            confidence("Launch the nodes into the existing VPC.", "services", "vpc"),
            low
        );
        assert_eq!(
            confidence(
                "Keep the state in an S3 backend, locked by a DynamoDB table.",
                "services",
                "dynamodb"
            ),
            low
        );
        // Another thing named after the service.
        assert_eq!(
            confidence(
                "Create VPC endpoints for the build agents.",
                "services",
                "vpc"
            ),
            None
        );
        assert_eq!(
            confidence(
                "Grant EC2 describe permissions to the auditor role.",
                "services",
                "ec2"
            ),
            None
        );
        assert_eq!(
            confidence(
                "Encrypt volumes with AWS-managed KMS keys.",
                "services",
                "kms"
            ),
            None
        );
    }

    #[test]
    fn negated_services_are_not_requirements() {
        assert_eq!(
            confidence(
                "Route egress through a NAT instance instead of a NAT gateway.",
                "services",
                "nat"
            ),
            None
        );
        assert_eq!(
            confidence(
                "There should be no NAT gateway in this design.",
                "services",
                "nat"
            ),
            None
        );
        assert_eq!(
            confidence(
                "Don't create any customer managed KMS keys here.",
                "services",
                "kms"
            ),
            None
        );
    }

    #[test]
    fn low_confidence_requirements_are_listed_not_scored() {
        let (req, stated) = resolve(
            &extract("Create an S3 bucket. Optionally add CloudTrail for the bucket."),
            &Requirements::new(),
        );
        assert_eq!(req.services(), vec!["s3".to_string()]);
        assert!(!req.requires_control("CMP001"));
        let trail = stated
            .iter()
            .find(|s| s.value == "cloudtrail")
            .expect("listed");
        assert_eq!(trail.confidence, Confidence::Low);
    }

    #[test]
    fn name_prefixes_come_only_from_literals() {
        assert!(has(
            "Prefix every resource name with `acme-`.",
            "name_prefix",
            "acme-"
        ));
        assert!(has(
            "All names are prefixed with \"ProdX\".",
            "name_prefix",
            "ProdX"
        ));
        assert!(has(
            "Resource names use the prefix Acme01.",
            "name_prefix",
            "Acme01"
        ));
        let prefixes = |p: &str| {
            pairs(p)
                .into_iter()
                .filter(|(k, _)| k == "name_prefix")
                .count()
        };
        assert_eq!(
            prefixes("Bucket names are prefixed with environment identifier."),
            0
        );
        assert_eq!(prefixes("Write raw events under the S3 raw/ prefix."), 0);
        assert_eq!(
            prefixes("Ship logs to the bucket with key prefix logs/ for the names."),
            0
        );
    }

    #[test]
    fn every_region_is_kept_and_two_region_tasks_need_both() {
        let e =
            extract("Run the primary stack in eu-west-1 and the secondary stack in eu-central-1.");
        let (req, _) = resolve(&e, &Requirements::new());
        assert_eq!(
            req.regions(),
            vec!["eu-west-1".to_string(), "eu-central-1".to_string()]
        );
        assert!(req.multi_region());
        let (single, _) = resolve(
            &extract("Deploy it all in ap-south-1."),
            &Requirements::new(),
        );
        assert_eq!(single.regions(), vec!["ap-south-1".to_string()]);
        assert!(!single.multi_region());
    }

    #[test]
    fn multi_az_is_a_database_setting_only_about_databases() {
        assert_eq!(
            confidence(
                "The PostgreSQL database runs Multi-AZ.",
                "multi_az",
                "required"
            ),
            Some(Confidence::High)
        );
        assert_eq!(
            confidence(
                "Spread the subnets across two availability zones.",
                "multi_az",
                "required"
            ),
            Some(Confidence::Low)
        );
        assert!(has(
            "Spread the subnets across two availability zones.",
            "controls",
            "OPS006"
        ));
        assert!(has(
            "Place a NAT gateway in each AZ for resilience.",
            "controls",
            "OPS007"
        ));
    }
}
