//! The sample gallery: one click loads a ready-made configuration.

use crate::samples::SAMPLES;
use crate::state::use_app_state;
use leptos::prelude::*;

#[component]
pub fn Gallery() -> impl IntoView {
    let state = use_app_state();
    view! {
        <details class="gallery" data-testid="gallery">
            <summary>"Samples"</summary>
            <ul class="sample-list">
                {SAMPLES
                    .iter()
                    .map(|sample| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="sample"
                                    data-testid=format!("sample-{}", sample.id)
                                    on:click=move |_| {
                                        state.remember_for_undo(format!("the sample “{}”", sample.title));
                                        state.load_sample(sample);
                                    }
                                >
                                    <span class="sample-title">{sample.title}</span>
                                    <span class="sample-summary">{sample.summary}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}
