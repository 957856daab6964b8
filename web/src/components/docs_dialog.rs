//! A control's documentation (rationale, remediation, references, peers,
//! good and bad examples) in a modal dialog; Escape closes it.

use crate::markdown;
use crate::state::use_app_state;
use leptos::html;
use leptos::prelude::*;
use tfgrade_core::rules::{control_by_id, Overlap};

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
    view! {
        <dialog node_ref=dialog class="docs" data-testid="docs-dialog" aria-labelledby="docs-title"
            on:close=move |_| state.doc_control.set(None)>
            {move || state.doc_control.get().and_then(|id| control_by_id(&id)).map(|c| view! {
                <div class="docs-head">
                    <h2 id="docs-title">{format!("{} {}", c.id, c.slug)}</h2>
                    <button type="button" data-testid="docs-close" autofocus on:click=move |_| state.doc_control.set(None)>"Close"</button>
                </div>
                <p class="docs-title"><strong>{c.title()}</strong></p>
                <p class="docs-meta">
                    {format!("{} ({}) · severity {} · {}", c.category.name(), c.category.code(), c.severity.label(),
                        if c.scope.is_presence() { "stack-level".to_string() } else if c.scope.resource_types().is_empty() { "whole configuration".to_string() } else { c.scope.resource_types().join(", ") })}
                </p>
                <h3>"Why it matters"</h3>
                <div data-testid="docs-rationale">{markdown::render(&c.rationale())}</div>
                <h3>"Remediation"</h3>
                <div data-testid="docs-remediation">{markdown::render(&c.remediation())}</div>
                {(!c.references.is_empty()).then(|| view! {
                    <h3>"References"</h3>
                    <ul>{c.references.iter().map(|r| view! { <li>{*r}</li> }).collect_view()}</ul>
                })}
                {(!c.peers.is_empty()).then(|| view! {
                    <h3>"Peer checks"</h3>
                    <ul>{c.peers.iter().map(|p| {
                        let overlap = match p.overlap { Overlap::Same => "same check", Overlap::Partial => "partial overlap" };
                        view! { <li>{format!("{} {} ({overlap})", p.tool.name(), p.id)}</li> }
                    }).collect_view()}</ul>
                })}
                <h3>"Examples"</h3>
                <div class="examples">
                    {c.good.first().map(|g| view! { <h4>"Passes"</h4><pre class="code good"><code>{g.trim().to_string()}</code></pre> })}
                    {c.bad.first().map(|b| view! { <h4>"Fails"</h4><pre class="code bad"><code>{b.trim().to_string()}</code></pre> })}
                </div>
            })}
        </dialog>
    }
}
