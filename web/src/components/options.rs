//! Analysis options: profile, requirement overrides, and the task prompt
//! with the requirements read from it (each with its sentence, editable).

use crate::protocol::{edit_key, RequirementEntry};
use crate::state::use_app_state;
use leptos::prelude::*;

#[component]
pub fn Options() -> impl IntoView {
    let state = use_app_state();
    let extracted = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()
                .map(|a| a.response.extracted.clone())
                .unwrap_or_default()
        })
    });
    let option_errors = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()
                .map(|a| a.response.option_errors.clone())
                .unwrap_or_default()
        })
    });

    view! {
        <section class="options" aria-labelledby="options-title">
            <h2 id="options-title">"Options"</h2>
            <div class="option-grid">
                <label class="field">
                    <span>"Profile"</span>
                    <select
                        data-testid="profile"
                        prop:value=move || state.profile.get()
                        on:change=move |e| state.profile.set(event_target_value(&e))
                    >
                        <option value="task">"task: what the task and the declared resources need (default)"</option>
                        <option value="module">"module: a reusable module"</option>
                        <option value="baseline">"baseline: a secure account stack"</option>
                        <option value="strict">"strict: regulated workloads"</option>
                    </select>
                </label>
                <label class="field">
                    <span>"Requirement overrides (one KEY=VALUE per line)"</span>
                    <textarea
                        data-testid="overrides"
                        rows="3"
                        spellcheck="false"
                        placeholder="deletion_protection=forbidden"
                        prop:value=move || state.overrides.get()
                        on:input=move |e| state.overrides.set(event_target_value(&e))
                    ></textarea>
                    <small class="help">"Keys: " {move || state.catalog.with(|c| c.as_ref().map(|c| c.requirement_keys.join(", ")).unwrap_or_default())}</small>
                </label>
            </div>
            <div role="status">
                <ul class="option-errors" data-testid="option-errors">
                    {move || option_errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                </ul>
            </div>
            <label class="field">
                <span>"Task prompt"</span>
                <textarea
                    data-testid="prompt"
                    rows="4"
                    placeholder="Paste the task the answer was written for: its requirements are read and listed below."
                    prop:value=move || state.prompt.get()
                    on:input=move |e| state.prompt.set(event_target_value(&e))
                ></textarea>
            </label>
            <div class="extracted" data-testid="extracted">
                <Show when=move || !extracted.get().is_empty()>
                    <h3>"Requirements read from the prompt"</h3>
                </Show>
                <ul>
                    <For
                        each=move || extracted.get()
                        key=edit_key
                        children=move |entry: RequirementEntry| view! { <ExtractedRow entry /> }
                    />
                </ul>
            </div>
        </section>
    }
}

#[component]
fn ExtractedRow(entry: RequirementEntry) -> impl IntoView {
    let state = use_app_state();
    let key = edit_key(&entry);
    let edit = {
        let key = key.clone();
        move || state.prompt_edits.with(|e| e.get(&key).cloned())
    };
    let removed = {
        let edit = edit.clone();
        move || matches!(edit(), Some(None))
    };
    let value = {
        let original = entry.value.clone();
        let edit = edit.clone();
        move || match edit() {
            Some(Some(v)) => v,
            _ => original.clone(),
        }
    };
    let (k1, k2, k3) = (key.clone(), key.clone(), key);
    let label = format!("Value of {}", entry.key);
    view! {
        <li class="requirement" class:removed=removed.clone() data-testid="requirement" data-key=entry.key.clone()>
            <div class="req-head">
                <code class="req-key">{entry.key.clone()}</code>
                <input
                    type="text"
                    class="req-value"
                    aria-label=label
                    data-testid="requirement-value"
                    disabled=removed.clone()
                    prop:value=value
                    on:change=move |e| {
                        let v = event_target_value(&e);
                        state.prompt_edits.update(|m| { m.insert(k1.clone(), Some(v)); });
                    }
                />
                <Show
                    when=removed.clone()
                    fallback=move || {
                        let k = k2.clone();
                        view! {
                            <button type="button" data-testid="requirement-remove"
                                on:click=move |_| state.prompt_edits.update(|m| { m.insert(k.clone(), None); })>
                                "Remove"
                            </button>
                        }
                    }
                >
                    {
                        let k = k3.clone();
                        view! {
                            <button type="button" data-testid="requirement-restore"
                                on:click=move |_| state.prompt_edits.update(|m| { m.remove(&k); })>
                                "Restore"
                            </button>
                        }
                    }
                </Show>
            </div>
            <blockquote class="req-source">{entry.source.clone().unwrap_or_default()}</blockquote>
        </li>
    }
}
