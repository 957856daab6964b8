//! The tfgrade page: an editor for Terraform and the report of the analysis,
//! computed by tfgrade-core compiled to WebAssembly in a worker.
//!
//! `main.rs` only mounts [`App`]; the state lives in [`state`], the worker
//! protocol in [`protocol`] and [`runner`], the code editor's bridge in
//! [`code_editor`]. The core is called only in [`engine`], which only the
//! worker (`bin/worker.rs`) uses: the page's wasm does not carry the core.

pub mod api;
pub mod browser;
pub mod code_editor;
pub mod components;
pub mod engine;
pub mod files;
pub mod markdown;
pub mod persist;
pub mod protocol;
pub mod report_view;
pub mod runner;
pub mod samples;
pub mod share;
pub mod state;

use components::docs_dialog::DocsDialog;
use components::editor::Editor;
use components::gallery::Gallery;
use components::options::Options;
use components::report::Report;
use components::toolbar::Toolbar;
use leptos::prelude::*;
use state::{provide_app_state, AppState};

/// The whole page (or, with `?embed`, only the editor and the report).
#[component]
pub fn App() -> impl IntoView {
    let embed = browser::embed_requested();
    let state = AppState::new(embed);
    provide_app_state(state);
    match share::read(&browser::fragment()) {
        share::Fragment::State(shared) => state.restore(shared),
        share::Fragment::Damaged => {
            state.notice.set(Some(
                "The share link is damaged (it was probably cut short): its inputs could not be read, so the starter sample is shown instead."
                    .into(),
            ));
            state.link_damaged.set(true);
            if let Some(sample) = samples::by_id(samples::DEFAULT) {
                state.load_sample(sample);
            }
        }
        share::Fragment::None if embed => {
            if let Some(sample) = samples::by_id(samples::DEFAULT) {
                state.load_sample(sample);
            }
        }
        share::Fragment::None => persist::restore_or(state, move || {
            if let Some(sample) = samples::by_id(samples::DEFAULT) {
                state.load_sample(sample);
            }
        }),
    }
    runner::start(state);
    persist::keep(state);
    listen_for_shared_links(state);

    if embed {
        view! {
            <h1 class="visually-hidden">"tfgrade: Terraform security review"</h1>
            <main class="layout embed" data-testid="embed">
                <section class="pane input-pane" aria-label="Terraform input">
                    <Editor />
                </section>
                <section class="pane report-pane" aria-label="Report">
                    <Report />
                </section>
            </main>
            <DocsDialog />
        }
        .into_any()
    } else {
        view! {
            <a class="skip-link" href="#report-title">"Skip to the report"</a>
            <header class="topbar">
                <h1>"tfgrade"</h1>
                <p class="tagline">"Terraform security review, entirely in your browser. Nothing you paste leaves this page."</p>
            </header>
            <main class="layout">
                <section class="pane input-pane" aria-label="Terraform input">
                    <Gallery />
                    <Editor />
                    <Options />
                </section>
                <section class="pane report-pane" aria-labelledby="report-title">
                    <Toolbar />
                    <Report />
                </section>
            </main>
            <DocsDialog />
        }
        .into_any()
    }
}

/// Opening a share link on an open page changes only the fragment.
fn listen_for_shared_links(state: AppState) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let handler = Closure::<dyn Fn()>::new(move || {
        if let share::Fragment::State(shared) = share::read(&browser::fragment()) {
            if shared != state.shared() {
                state.remember_for_undo("the opened share link");
                state.restore(shared);
            }
        }
    });
    if let Some(window) = web_sys::window() {
        let _ =
            window.add_event_listener_with_callback("hashchange", handler.as_ref().unchecked_ref());
    }
    handler.forget();
}
