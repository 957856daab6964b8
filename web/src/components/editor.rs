//! The input: Candidate/Reference switch, file tabs (add, rename, close,
//! arrow keys), the text area, drag and drop of files or folders, and the
//! file and folder pickers.

use crate::browser::size_label;
use crate::files::{collect_drop, read_dropped, read_picked, ReadFiles};
use crate::state::{use_app_state, AppState, Doc, Side};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[component]
pub fn Editor() -> impl IntoView {
    let state = use_app_state();
    let side = state.side;
    let drag_depth = RwSignal::new(0_i32);
    let files_input = NodeRef::<html::Input>::new();
    let folder_input = NodeRef::<html::Input>::new();

    let active_id = move || state.active(side.get()).get();
    let active_doc = move || {
        let id = active_id();
        state
            .docs(side.get())
            .with(|d| d.iter().find(|x| x.id == id).cloned())
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
        spawn_local(async move {
            let read = read_dropped(dropped).await;
            accept_files(state, target, read);
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
        let target = side.get_untracked();
        spawn_local(async move {
            let read = read_picked(files).await;
            input.set_value("");
            accept_files(state, target, read);
        });
    };

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
                        disabled=move || active_doc().is_none()
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
                        disabled=move || active_doc().is_none()
                        prop:value=move || active_doc().map(|d| d.path).unwrap_or_default()
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
            <div role="tabpanel" id="editor-panel" class="editor-panel"
                aria-labelledby=move || format!("tab-{}", active_id())>
                <textarea
                    data-testid="editor"
                    class="editor"
                    aria-label=move || format!("{} source: {}", side.get().label(), active_doc().map(|d| d.path).unwrap_or_else(|| "new file".into()))
                    spellcheck="false"
                    autocomplete="off"
                    wrap="off"
                    placeholder="Paste Terraform (.tf, .tf.json, .tftest.hcl) or a Markdown answer with hcl blocks, or drop files or a folder here."
                    prop:value=move || active_doc().map(|d| d.text).unwrap_or_default()
                    on:input=move |e| edit_active(state, event_target_value(&e))
                ></textarea>
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

fn edit_active(state: AppState, text: String) {
    let side = state.side.get_untracked();
    let id = state.active(side).get_untracked();
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
