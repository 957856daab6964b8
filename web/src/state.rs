//! The page's state, owned by [`crate::App`] and shared through context:
//! the candidate's and the reference's files, the options, and the latest
//! analysis. Children read and write it through [`use_app_state`].

use crate::protocol::{AnalysisRequest, AnalysisResponse, Catalog, PromptEdits, SourceText};
use crate::report_view::ReportView;
use crate::share::SharedState;
use leptos::prelude::*;

/// One editor tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Stable key for the tab list (paths can be renamed).
    pub id: u32,
    pub path: String,
    pub text: String,
    /// The bytes read from disk (base64) until the text is edited; see
    /// [`SourceText::bytes`].
    pub bytes: Option<String>,
}

/// Which input set the editor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Candidate,
    Reference,
}

impl Side {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Side::Candidate => "Candidate",
            Side::Reference => "Reference",
        }
    }
}

/// A place in the source the user asked to see (a finding, a parse error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    pub side: Side,
    /// The path as the report names it (a Markdown block is `answer.md/main.tf`).
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub label: String,
}

/// The latest analysis with the candidate files it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The input revision analysed.
    pub revision: u32,
    pub response: AnalysisResponse,
    pub report: ReportView,
    pub candidate: Vec<SourceText>,
}

/// Whether the analysis worker can take requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineStatus {
    Loading,
    Ready,
    /// What went wrong, in words for the status line.
    Failed(String),
}

/// What is being analysed right now, for the progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub files: usize,
    pub bytes: usize,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub candidate: RwSignal<Vec<Doc>>,
    pub reference: RwSignal<Vec<Doc>>,
    pub side: RwSignal<Side>,
    pub active_candidate: RwSignal<u32>,
    pub active_reference: RwSignal<u32>,
    pub profile: RwSignal<String>,
    pub overrides: RwSignal<String>,
    pub prompt: RwSignal<String>,
    pub prompt_edits: RwSignal<PromptEdits>,
    pub analysis: RwSignal<Option<Analysis>>,
    /// Counts changes of the inputs (the report shows which one it is of).
    pub revision: RwSignal<u32>,
    pub engine: RwSignal<EngineStatus>,
    /// The controls' documentation, from the worker once it is ready.
    pub catalog: RwSignal<Option<Catalog>>,
    pub pending: RwSignal<Option<Pending>>,
    pub focus: RwSignal<Option<Focus>>,
    /// Control whose documentation is open.
    pub doc_control: RwSignal<Option<String>>,
    /// A short message for the status line (copied, link ready…).
    pub notice: RwSignal<Option<String>>,
    /// The share link once made; it is rewritten as the inputs change.
    pub share_link: RwSignal<String>,
    /// The page was opened from a share link that could not be read.
    pub link_damaged: RwSignal<bool>,
    /// The kept work is being read back (nothing is analysed or saved yet).
    pub restoring: RwSignal<bool>,
    /// What the last replacement of the inputs replaced, to undo it.
    pub undo: RwSignal<Option<(String, SharedState)>>,
    pub embed: bool,
    next_id: StoredValue<u32>,
}

impl AppState {
    #[must_use]
    pub fn new(embed: bool) -> Self {
        Self {
            candidate: RwSignal::new(Vec::new()),
            reference: RwSignal::new(Vec::new()),
            side: RwSignal::new(Side::Candidate),
            active_candidate: RwSignal::new(0),
            active_reference: RwSignal::new(0),
            profile: RwSignal::new("task".to_string()),
            overrides: RwSignal::new(String::new()),
            prompt: RwSignal::new(String::new()),
            prompt_edits: RwSignal::new(PromptEdits::new()),
            analysis: RwSignal::new(None),
            revision: RwSignal::new(0),
            engine: RwSignal::new(EngineStatus::Loading),
            catalog: RwSignal::new(None),
            pending: RwSignal::new(None),
            focus: RwSignal::new(None),
            doc_control: RwSignal::new(None),
            notice: RwSignal::new(None),
            share_link: RwSignal::new(String::new()),
            link_damaged: RwSignal::new(false),
            restoring: RwSignal::new(false),
            undo: RwSignal::new(None),
            embed,
            next_id: StoredValue::new(1),
        }
    }

    pub fn fresh_id(&self) -> u32 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        id
    }

    #[must_use]
    pub fn docs(&self, side: Side) -> RwSignal<Vec<Doc>> {
        match side {
            Side::Candidate => self.candidate,
            Side::Reference => self.reference,
        }
    }

    #[must_use]
    pub fn active(&self, side: Side) -> RwSignal<u32> {
        match side {
            Side::Candidate => self.active_candidate,
            Side::Reference => self.active_reference,
        }
    }

    /// Replaces one side's files (a sample, a drop, a picker, a link).
    pub fn set_files(&self, side: Side, files: Vec<SourceText>) {
        let docs: Vec<Doc> = files
            .into_iter()
            .map(|f| Doc {
                id: self.fresh_id(),
                path: f.path,
                text: f.text,
                bytes: f.bytes,
            })
            .collect();
        let first = docs.first().map_or(0, |d| d.id);
        self.docs(side).set(docs);
        self.active(side).set(first);
    }

    /// Adds an empty tab with an unused name and selects it.
    pub fn add_file(&self, side: Side) {
        let docs = self.docs(side);
        let taken: Vec<String> =
            docs.with_untracked(|d| d.iter().map(|d| d.path.clone()).collect());
        let path = (1..)
            .map(|n| {
                if n == 1 {
                    "main.tf".to_string()
                } else {
                    format!("file{n}.tf")
                }
            })
            .find(|p| !taken.contains(p))
            .unwrap_or_default();
        let id = self.fresh_id();
        docs.update(|d| {
            d.push(Doc {
                id,
                path,
                text: String::new(),
                bytes: None,
            })
        });
        self.active(side).set(id);
    }

    /// Closes a tab; the neighbour becomes active.
    pub fn close_file(&self, side: Side, id: u32) {
        let docs = self.docs(side);
        let mut next = None;
        docs.update(|d| {
            if let Some(i) = d.iter().position(|x| x.id == id) {
                d.remove(i);
                next = d.get(i.min(d.len().saturating_sub(1))).map(|x| x.id);
            }
        });
        if self.active(side).get_untracked() == id {
            self.active(side).set(next.unwrap_or(0));
        }
    }

    pub fn texts(&self, side: Side) -> Vec<SourceText> {
        self.docs(side).with_untracked(|d| {
            d.iter()
                .map(|d| SourceText {
                    path: d.path.clone(),
                    text: d.text.clone(),
                    bytes: d.bytes.clone(),
                })
                .collect()
        })
    }

    /// No candidate file has anything but white space: nothing to grade.
    #[must_use]
    pub fn nothing_to_grade(&self) -> bool {
        !self.restoring.get()
            && self.candidate.with(|d| {
                d.iter()
                    .all(|d| d.bytes.is_none() && d.text.trim().is_empty())
            })
    }

    /// The request for the current inputs (read without tracking).
    pub fn request(&self, id: u32) -> AnalysisRequest {
        AnalysisRequest {
            id,
            candidate: self.texts(Side::Candidate),
            reference: self.texts(Side::Reference),
            profile: self.profile.get_untracked(),
            overrides: self.overrides.get_untracked(),
            prompt: self.prompt.get_untracked(),
            prompt_edits: self.prompt_edits.get_untracked(),
            revision: self.revision.get_untracked(),
        }
    }

    /// Subscribes the running effect to every input of the analysis.
    pub fn track_inputs(&self) {
        self.candidate.track();
        self.reference.track();
        self.profile.track();
        self.overrides.track();
        self.prompt.track();
        self.prompt_edits.track();
    }

    #[must_use]
    pub fn shared(&self) -> SharedState {
        SharedState {
            v: 1,
            candidate: self.texts(Side::Candidate),
            reference: self.texts(Side::Reference),
            profile: self.profile.get_untracked(),
            overrides: self.overrides.get_untracked(),
            prompt: self.prompt.get_untracked(),
            prompt_edits: self.prompt_edits.get_untracked(),
        }
    }

    pub fn restore(&self, shared: SharedState) {
        self.set_files(Side::Candidate, shared.candidate);
        self.set_files(Side::Reference, shared.reference);
        self.profile.set(if shared.profile.is_empty() {
            "task".into()
        } else {
            shared.profile
        });
        self.overrides.set(shared.overrides);
        self.prompt.set(shared.prompt);
        self.prompt_edits.set(shared.prompt_edits);
        self.side.set(Side::Candidate);
    }

    /// Keeps the current inputs so that replacing them can be undone
    /// (`what` says what replaced them). Empty inputs are not worth it.
    pub fn remember_for_undo(&self, what: impl Into<String>) {
        if self.restoring.get_untracked() {
            return;
        }
        let current = self.shared();
        let empty = current
            .candidate
            .iter()
            .chain(&current.reference)
            .all(|f| f.text.trim().is_empty());
        if !empty {
            self.undo.set(Some((what.into(), current)));
        }
    }

    /// Puts back what the last replacement replaced.
    pub fn undo_replacement(&self) {
        if let Some((_, previous)) = self.undo.get_untracked() {
            self.undo.set(None);
            self.restore(previous);
            self.notice
                .set(Some("Restored the previous files and options".into()));
        }
    }

    pub fn load_sample(&self, sample: &crate::samples::Sample) {
        self.set_files(Side::Candidate, crate::samples::texts(sample.files));
        self.set_files(Side::Reference, crate::samples::texts(sample.reference));
        self.profile.set(sample.profile.to_string());
        self.overrides.set(String::new());
        self.prompt.set(sample.prompt.trim().to_string());
        self.prompt_edits.set(PromptEdits::new());
        self.side.set(Side::Candidate);
        self.focus.set(None);
    }
}

pub fn provide_app_state(state: AppState) {
    provide_context(state);
}

#[must_use]
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
