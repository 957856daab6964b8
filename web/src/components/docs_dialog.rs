//! A control's documentation (rationale, remediation, references, peers,
//! good and bad examples) in a modal dialog; Escape closes it. The text
//! comes from the worker's catalog.

use crate::markdown;
use crate::state::use_app_state;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn DocsDialog() -> impl IntoView {
    let state = use_app_state();
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let open = state.doc_control.with(Option::is_some);
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    let doc = move || {
        let id = state.doc_control.get()?;
        state
            .catalog
            .with(|c| c.as_ref().and_then(|c| c.control(&id).cloned()))
    };
    view! {
        <dialog node_ref=dialog class="docs" data-testid="docs-dialog" aria-labelledby="docs-title"
            on:close=move |_| state.doc_control.set(None)>
            {move || doc().map(|c| view! {
                <div class="docs-head">
                    <h2 id="docs-title">{format!("{} {}", c.id, c.slug)}</h2>
                    <button type="button" data-testid="docs-close" autofocus on:click=move |_| state.doc_control.set(None)>"Close"</button>
                </div>
                <p class="docs-title"><strong>{c.title.clone()}</strong></p>
                <p class="docs-meta">
                    {format!("{} ({}) · severity {} · {}", c.category_name, c.category, c.severity, c.scope)}
                </p>
                <h3>"Why it matters"</h3>
                <div data-testid="docs-rationale">{markdown::render(&c.rationale)}</div>
                <h3>"Remediation"</h3>
                <div data-testid="docs-remediation">{markdown::render(&c.remediation)}</div>
                {(!c.references.is_empty()).then(|| view! {
                    <h3>"References"</h3>
                    <ul>{c.references.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                })}
                {(!c.peers.is_empty()).then(|| view! {
                    <h3>"Peer checks"</h3>
                    <ul>{c.peers.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                })}
                <h3>"Examples"</h3>
                <div class="examples">
                    {c.good.clone().map(|g| view! { <h4>"Passes"</h4><pre class="code good" tabindex="0" aria-label="Passing example"><code>{g}</code></pre> })}
                    {c.bad.clone().map(|b| view! { <h4>"Fails"</h4><pre class="code bad" tabindex="0" aria-label="Failing example"><code>{b}</code></pre> })}
                </div>
            })}
        </dialog>
    }
}
