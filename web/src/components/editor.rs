//! The input: Candidate/Reference switch, file tabs, the code editor
//! (CodeMirror, see [`crate::code_editor`]) showing the report's marks,
//! drag and drop of files or folders, and the file and folder pickers.

use crate::browser::size_label;
use crate::code_editor;
use crate::files::{collect_drop, list_dropped, list_picked, read, ReadFiles};
use crate::state::{use_app_state, AppState, Doc, Focus, Side};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// The editor's key of a document (0: no document yet).
fn key(id: u32) -> String {
    id.to_string()
}

#[component]
pub fn Editor() -> impl IntoView {
    let state = use_app_state();
    let side = state.side;
    let drag_depth = RwSignal::new(0_i32);
    let files_input = NodeRef::<html::Input>::new();
    let folder_input = NodeRef::<html::Input>::new();
    let host = NodeRef::<html::Div>::new();
    let editor_error = RwSignal::new(None::<String>);

    let active_id = move || state.active(side.get()).get();
    // Paths only: documents can be megabytes, never cloned per keystroke.
    let active_path = Memo::new(move |_| {
        let id = active_id();
        state
            .docs(side.get())
            .with(|d| d.iter().find(|x| x.id == id).map(|x| x.path.clone()))
    });

    let start_reading = move |target: Side, found: Vec<(String, web_sys::File)>| {
        state.notice.set(Some(format!(
            "Reading {} …",
            plural(found.len(), "file", "files")
        )));
        spawn_local(async move {
            let progress = move |done: usize, total: usize| {
                state
                    .notice
                    .set(Some(format!("Reading files: {done} of {total}")));
            };
            let files = read(found, progress).await;
            accept_files(state, target, files);
        });
    };
    let on_drop = move |event: ev::DragEvent| {
        event.prevent_default();
        drag_depth.set(0);
        let Some(transfer) = event.data_transfer() else {
            return;
        };
        let dropped = collect_drop(&transfer);
        if dropped.is_empty() {
            return;
        }
        let target = side.get_untracked();
        state.notice.set(Some("Reading the dropped files…".into()));
        spawn_local(async move {
            let found = list_dropped(dropped).await;
            start_reading(target, found);
        });
    };
    let on_picked = move |event: ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else { return };
        let found = list_picked(&files);
        input.set_value("");
        start_reading(side.get_untracked(), found);
    };

    // The editor itself, once its host element exists.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(element) = host.get() else {
            return false;
        };
        let mounted = code_editor::mount(
            &element,
            move |key, text| edit_doc(state, &key, text),
            move |control| state.doc_control.set(Some(control)),
        );
        if let Err(e) = mounted {
            web_sys::console::error_2(&"the code editor did not load".into(), &e);
            editor_error.set(Some(
                "The code editor did not load; reload the page.".into(),
            ));
        }
        true
    });
    // Show the active file; forget files that are gone.
    let shown = Memo::new(move |_| {
        let side = side.get();
        let id = state.active(side).get();
        let ids: Vec<u32> = state.candidate.with(|c| {
            state
                .reference
                .with(|r| c.iter().chain(r).map(|d| d.id).collect())
        });
        (side, id, ids)
    });
    Effect::new(move |_| {
        let (side, id, ids) = shown.get();
        let text = state.docs(side).with_untracked(|d| {
            d.iter()
                .find(|x| x.id == id)
                .map(|x| x.text.clone())
                .unwrap_or_default()
        });
        code_editor::with(|e| e.show(&key(id), &text));
        code_editor::retain_keys(ids.into_iter().map(key).chain([key(0)]));
    });
    // The report's marks on the shown file (candidate files only: the
    // report's findings are the candidate's).
    Effect::new(move |_| {
        let (side, id, _) = shown.get();
        let path = active_path.get();
        let marks = state.analysis.with(|a| {
            let (Some(a), Some(path), Side::Candidate) = (a, path, side) else {
                return Vec::new();
            };
            a.response
                .marks
                .iter()
                .find(|m| m.path == path)
                .map(|m| m.marks.clone())
                .unwrap_or_default()
        });
        code_editor::set_marks(&key(id), &marks);
    });
    // A finding or parse error clicked in the report: its file, its line.
    Effect::new(move |_| {
        let Some(focus) = state.focus.get() else {
            return;
        };
        reveal(state, &focus);
    });

    let tab_keys = move |event: ev::KeyboardEvent, id: u32| {
        let key = event.key();
        let docs = state.docs(side.get_untracked());
        let ids: Vec<u32> = docs.with_untracked(|d| d.iter().map(|x| x.id).collect());
        let Some(i) = ids.iter().position(|x| *x == id) else {
            return;
        };
        let next = match key.as_str() {
            "ArrowRight" => ids.get((i + 1) % ids.len()),
            "ArrowLeft" => ids.get((i + ids.len() - 1) % ids.len()),
            "Home" => ids.first(),
            "End" => ids.last(),
            _ => return,
        };
        event.prevent_default();
        if let Some(next) = next.copied() {
            state.active(side.get_untracked()).set(next);
            focus_element(&format!("tab-{next}"));
        }
    };

    let on_dragenter = move |event: ev::DragEvent| {
        event.prevent_default();
        drag_depth.update(|d| *d += 1);
    };
    let on_dragover = move |event: ev::DragEvent| {
        event.prevent_default();
        if let Some(t) = event.data_transfer() {
            t.set_drop_effect("copy");
        }
    };
    // `webkitdirectory` is not an attribute the view macro knows.
    Effect::new(move |_| {
        if let Some(input) = folder_input.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });

    view! {
        <div
            class="editor-box"
            class:dragging=move || { drag_depth.get() > 0 }
            data-testid="drop-zone"
            on:dragenter=on_dragenter
            on:dragover=on_dragover
            on:dragleave=move |_| drag_depth.update(|d| *d = (*d - 1).max(0))
            on:drop=on_drop
        >
            <Show when=move || !state.embed>
                <div class="side-switch" role="group" aria-label="Input set">
                    {[Side::Candidate, Side::Reference]
                        .into_iter()
                        .map(|s| {
                            view! {
                                <button
                                    type="button"
                                    data-testid=format!("side-{}", s.label().to_lowercase())
                                    aria-pressed=move || (side.get() == s).to_string()
                                    on:click=move |_| side.set(s)
                                >
                                    {s.label()}
                                    <span class="count">
                                        {move || {
                                            let n = state.docs(s).with(Vec::len);
                                            format!(" ({n})")
                                        }}
                                    </span>
                                </button>
                            }
                        })
                        .collect_view()}
                    <span class="hint">
                        {move || match side.get() {
                            Side::Candidate => "The answer being graded.",
                            Side::Reference => "An ideal answer: with files here, the report compares the two.",
                        }}
                    </span>
                </div>
            </Show>
            <div class="tab-row">
                <div role="tablist" aria-label="Files" class="tabs" data-testid="tabs">
                    <For
                        each=move || {
                            state.docs(side.get()).with(|d| d.iter().map(|x| (x.id, x.path.clone())).collect::<Vec<_>>())
                        }
                        key=|entry| entry.clone()
                        children=move |(id, path)| {
                            view! {
                                <button
                                    type="button"
                                    role="tab"
                                    class="tab"
                                    id=format!("tab-{id}")
                                    aria-controls="editor-panel"
                                    aria-selected=move || (active_id() == id).to_string()
                                    tabindex=move || if active_id() == id { "0" } else { "-1" }
                                    on:click=move |_| state.active(side.get_untracked()).set(id)
                                    on:keydown=move |e| tab_keys(e, id)
                                >
                                    {path}
                                </button>
                            }
                        }
                    />
                </div>
                <div class="tab-actions">
                    <button type="button" data-testid="add-file" on:click=move |_| state.add_file(side.get_untracked())>
                        "New file"
                    </button>
                    <button
                        type="button"
                        data-testid="close-file"
                        disabled=move || active_path.with(Option::is_none)
                        on:click=move |_| state.close_file(side.get_untracked(), active_id())
                    >
                        "Close file"
                    </button>
                </div>
            </div>
            <div class="file-row">
                <label class="file-name">
                    <span>"File name"</span>
                    <input
                        data-testid="file-name"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        disabled=move || active_path.with(Option::is_none)
                        prop:value=move || active_path.get().unwrap_or_default()
                        on:input=move |e| {
                            let value = event_target_value(&e);
                            let id = active_id();
                            state.docs(side.get_untracked()).update(|d| {
                                if let Some(doc) = d.iter_mut().find(|x| x.id == id) {
                                    doc.path = value;
                                }
                            });
                        }
                    />
                </label>
                <Show when=move || !state.embed>
                    <div class="open-buttons">
                        <button type="button" data-testid="open-files" on:click=move |_| {
                            if let Some(i) = files_input.get() { i.click(); }
                        }>"Open files…"</button>
                        <button type="button" data-testid="open-folder" on:click=move |_| {
                            if let Some(i) = folder_input.get() { i.click(); }
                        }>"Open folder…"</button>
                        <input node_ref=files_input type="file" multiple hidden tabindex="-1"
                            data-testid="file-input" on:change=on_picked />
                        <input node_ref=folder_input type="file" multiple hidden tabindex="-1"
                            data-testid="folder-input" on:change=on_picked />
                    </div>
                </Show>
            </div>
            <Show when=move || state.undo.with(Option::is_some)>
                <p class="undo-bar" data-testid="undo-bar">
                    {move || state.undo.with(|u| u.as_ref().map(|(what, _)| format!("Your previous files were replaced by {what}. ")))}
                    <button type="button" data-testid="undo-replace" on:click=move |_| state.undo_replacement()>"Undo"</button>
                    " "
                    <button type="button" class="link" on:click=move |_| state.undo.set(None)>"Dismiss"</button>
                </p>
            </Show>
            <div role="tabpanel" id="editor-panel" class="editor-panel"
                aria-labelledby=move || format!("tab-{}", active_id())>
                <div node_ref=host class="code-host" data-testid="code-host"></div>
                <p class="editor-error" role="alert">{move || editor_error.get()}</p>
                <div class="drop-overlay" aria-hidden="true">
                    {move || format!("Drop files or a folder: they replace the {} files", side.get().label().to_lowercase())}
                </div>
            </div>
            <p class="input-stats" data-testid="input-stats">
                {move || {
                    let (n, bytes) = state.docs(side.get()).with(|d| (d.len(), d.iter().map(|x| x.text.len()).sum::<usize>()));
                    format!("{} · {}", plural(n, "file", "files"), size_label(bytes))
                }}
            </p>
        </div>
    }
}

/// Opens the file a report location names (itself, or the Markdown answer
/// its block came from) and puts the cursor on the line.
fn reveal(state: AppState, focus: &Focus) {
    let found = state.docs(focus.side).with_untracked(|docs| {
        docs.iter()
            .find(|d| d.path == focus.file)
            .or_else(|| {
                docs.iter()
                    .filter(|d| focus.file.starts_with(&format!("{}/", d.path)))
                    .max_by_key(|d| d.path.len())
            })
            .map(|d| (d.id, d.text.clone()))
    });
    let Some((id, text)) = found else {
        state
            .notice
            .set(Some(format!("{} is not among the open files", focus.file)));
        return;
    };
    state.side.set(focus.side);
    state.active(focus.side).set(id);
    code_editor::with(|e| {
        e.show(&key(id), &text);
        e.reveal(focus.line, focus.column);
    });
}

/// An edit from the editor: the text of document `key`.
fn edit_doc(state: AppState, key: &str, text: String) {
    let id: u32 = key.parse().unwrap_or(0);
    let side = state.side.get_untracked();
    let side = if state
        .candidate
        .with_untracked(|d| d.iter().any(|x| x.id == id))
    {
        Side::Candidate
    } else if state
        .reference
        .with_untracked(|d| d.iter().any(|x| x.id == id))
    {
        Side::Reference
    } else {
        side
    };
    edit(state, side, id, text);
}

fn edit(state: AppState, side: Side, id: u32, text: String) {
    let docs = state.docs(side);
    let markdown = looks_like_markdown_answer(&text);
    let taken = |d: &[Doc], p: &str| d.iter().any(|x| x.path == p);
    let exists = docs.with_untracked(|d| d.iter().any(|x| x.id == id));
    if exists {
        let mut renamed = false;
        docs.update(|d| {
            let md_free = !taken(d, "answer.md");
            if let Some(doc) = d.iter_mut().find(|x| x.id == id) {
                doc.text = text;
                doc.bytes = None;
                // A pasted Markdown answer is read as Markdown, not as HCL.
                if markdown && md_free && doc.path.to_ascii_lowercase().ends_with(".tf") {
                    doc.path = "answer.md".to_string();
                    renamed = true;
                }
            }
        });
        if renamed {
            state.notice.set(Some("Recognised a Markdown answer: the file is now answer.md and its hcl blocks are analysed".into()));
        }
    } else {
        let id = state.fresh_id();
        let path = if markdown { "answer.md" } else { "main.tf" };
        docs.update(|d| {
            d.push(Doc {
                id,
                path: path.to_string(),
                text,
                bytes: None,
            })
        });
        state.active(side).set(id);
    }
}

/// A fenced `hcl`, `terraform` or `tf` block: the text is an answer in Markdown.
fn looks_like_markdown_answer(text: &str) -> bool {
    text.lines().any(|line| {
        let fence = line.trim_start().trim_start_matches('>').trim_start();
        ["```", "~~~"].iter().any(|f| {
            fence.strip_prefix(f).is_some_and(|info| {
                let lang = info
                    .trim()
                    .split(|c: char| c.is_whitespace() || c == ':' || c == '{')
                    .next()
                    .unwrap_or("");
                matches!(
                    lang.to_ascii_lowercase().as_str(),
                    "hcl" | "terraform" | "tf"
                )
            })
        })
    })
}

fn accept_files(state: AppState, side: Side, read: ReadFiles) {
    let count = read.files.len();
    let skipped = read.skipped.len();
    if count > 0 {
        state.remember_for_undo(format!(
            "{} opened into {}",
            plural(count, "file", "files"),
            side.label()
        ));
        state.set_files(side, read.files);
        state.side.set(side);
        state.focus.set(None);
    }
    let mut notice = format!(
        "Read {} into {}",
        plural(count, "file", "files"),
        side.label()
    );
    if skipped > 0 {
        notice.push_str(&format!(
            "; skipped {} that tfgrade does not read",
            plural(skipped, "file", "files")
        ));
    }
    state.notice.set(Some(notice));
}

fn focus_element(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[must_use]
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
