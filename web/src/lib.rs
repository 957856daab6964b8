//! The tfgrade page: an editor for Terraform and the analysis of what is in it,
//! computed in the browser by tfgrade-core compiled to WebAssembly.

use leptos::prelude::*;
use tfgrade_core::{inventory, InputSet, Inventory};

/// The configuration the page opens with, so a first visit shows a result.
pub const SAMPLE: &str = include_str!("sample.tf");

fn analyse(file_name: &str, text: &str) -> Inventory {
    let mut input = InputSet::new();
    input.add(file_name, text.as_bytes());
    inventory(&input)
}

#[component]
pub fn App() -> impl IntoView {
    let (file_name, set_file_name) = signal("main.tf".to_owned());
    let (text, set_text) = signal(SAMPLE.to_owned());
    let result = Memo::new(move |_| file_name.with(|name| text.with(|t| analyse(name, t))));

    view! {
        <header class="topbar">
            <h1>"tfgrade"</h1>
            <p class="tagline">"Terraform security review, entirely in your browser"</p>
        </header>
        <main class="layout">
            <section class="pane editor-pane" aria-labelledby="editor-title">
                <div class="pane-head">
                    <h2 id="editor-title">"Terraform"</h2>
                    <label class="file-name">
                        <span>"File name"</span>
                        <input
                            data-testid="file-name"
                            type="text"
                            spellcheck="false"
                            prop:value=move || file_name.get()
                            on:input=move |ev| set_file_name.set(event_target_value(&ev))
                        />
                    </label>
                </div>
                <textarea
                    data-testid="editor"
                    class="editor"
                    aria-label="Terraform source"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| set_text.set(event_target_value(&ev))
                ></textarea>
            </section>
            <section class="pane report-pane" aria-labelledby="report-title" aria-live="polite">
                <h2 id="report-title">"Analysis"</h2>
                {move || result.with(|inv| view! { <Report inventory=inv.clone() /> })}
            </section>
        </main>
    }
}

#[component]
fn Report(inventory: Inventory) -> impl IntoView {
    let total: usize = inventory.resources_by_type.values().sum();
    let errors: Vec<_> = inventory
        .files
        .iter()
        .filter_map(|f| f.error.as_ref().map(|e| (f.path.clone(), e.clone())))
        .collect();
    let status = if errors.is_empty() {
        format!(
            "{} parsed, {total} resources",
            plural(inventory.files.len(), "file", "files")
        )
    } else {
        format!(
            "{} with parse errors",
            plural(errors.len(), "file", "files")
        )
    };
    let rows: Vec<_> = inventory.resources_by_type.into_iter().collect();
    view! {
        <p class="status" data-testid="status" class:bad=!errors.is_empty()>{status}</p>
        <Show when={let has = !errors.is_empty(); move || has}>
            <h3>"Parse errors"</h3>
        </Show>
        <ul class="errors" data-testid="parse-errors">
            {errors
                .into_iter()
                .map(|(path, e)| {
                    view! {
                        <li>
                            <code class="where">{format!("{path}:{}:{}", e.line, e.column)}</code>
                            " "
                            <span>{e.message}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <h3>"Resources by type"</h3>
        <table class="counts" data-testid="resource-counts">
            <thead>
                <tr><th scope="col">"Type"</th><th scope="col" class="num">"Count"</th></tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(ty, n)| view! { <tr><td><code>{ty}</code></td><td class="num">{n}</td></tr> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
