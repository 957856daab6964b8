//! Output: downloads (Markdown, JSON, SARIF), copy Markdown, share link.
//! The worker renders each export when asked, from the report it keeps.

use crate::browser;
use crate::protocol::Request;
use crate::runner::call_text;
use crate::share;
use crate::state::use_app_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Toolbar() -> impl IntoView {
    let state = use_app_state();
    let link = state.share_link;
    let ready = move || state.analysis.with(Option::is_some);
    let analysis_id = move || {
        state
            .analysis
            .with_untracked(|a| a.as_ref().map(|a| a.response.id))
    };

    let save = move |format: &'static str| {
        let Some(id) = analysis_id() else { return };
        let (name, mime) = match format {
            "markdown" => ("tfgrade-report.md", "text/markdown;charset=utf-8"),
            "json" => ("tfgrade-report.json", "application/json"),
            _ => ("tfgrade-report.sarif", "application/sarif+json"),
        };
        state.notice.set(Some(format!("Preparing {name}…")));
        spawn_local(async move {
            let format = format.to_string();
            let message = match call_text(|call| Request::Export { call, id, format }).await {
                Ok(text) => match browser::download(name, mime, &text) {
                    Ok(()) => format!("Saved {name}"),
                    Err(_) => format!("The browser refused to save {name}"),
                },
                Err(e) => format!("Could not prepare {name}: {e}"),
            };
            state.notice.set(Some(message));
        });
    };
    let copy_markdown = move |_| {
        let Some(id) = analysis_id() else { return };
        spawn_local(async move {
            let format = "markdown".to_string();
            let message = match call_text(|call| Request::Export { call, id, format }).await {
                Ok(text) => match browser::copy_text(&text).await {
                    Ok(()) => "Markdown report copied to the clipboard".to_string(),
                    Err(_) => {
                        "The browser did not allow copying; use Download Markdown".to_string()
                    }
                },
                Err(e) => format!("Could not prepare the report: {e}"),
            };
            state.notice.set(Some(message));
        });
    };
    let make_link = move |_| {
        crate::code_editor::with(crate::code_editor::CodeEditor::flush);
        let fragment = share::encode(&state.shared());
        browser::replace_fragment(&fragment);
        let url = format!("{}#{fragment}", browser::base_url());
        link.set(url.clone());
        spawn_local(async move {
            let message = match browser::copy_text(&url).await {
                Ok(()) => "Share link copied: it carries the inputs in the link itself; nothing is uploaded",
                Err(_) => "Share link ready below: it carries the inputs in the link itself; nothing is uploaded",
            };
            state.notice.set(Some(message.into()));
        });
    };

    view! {
        <div class="toolbar" role="toolbar" aria-label="Report output">
            <button type="button" data-testid="download-md" disabled=move || !ready() on:click=move |_| save("markdown")>"Download Markdown"</button>
            <button type="button" data-testid="download-json" disabled=move || !ready() on:click=move |_| save("json")>"JSON"</button>
            <button type="button" data-testid="download-sarif" disabled=move || !ready() on:click=move |_| save("sarif")>"SARIF"</button>
            <button type="button" data-testid="copy-md" disabled=move || !ready() on:click=copy_markdown>"Copy Markdown"</button>
            <button type="button" data-testid="share" on:click=make_link>"Share link"</button>
        </div>
        <Show when=move || !link.get().is_empty()>
            <label class="share-link">
                <span>"Share link (it follows your edits)"</span>
                <input type="text" readonly data-testid="share-link" prop:value=move || link.get()
                    on:focus=move |e| {
                        use wasm_bindgen::JsCast;
                        if let Some(i) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select(); }
                    } />
            </label>
        </Show>
        <p class="notice" data-testid="notice" role="status" aria-live="polite">{move || state.notice.get().unwrap_or_default()}</p>
    }
}
