//! A read-only view of the analysed source, opened at a finding's or a
//! parse error's line, which it highlights. Lines and columns are those of
//! the report (one-based; columns in Unicode scalar values).

use crate::protocol::SourceText;
use crate::state::{use_app_state, Focus, Side};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Lines shown either side of the focused one in very long files.
const WINDOW: u32 = 400;

/// The file a report path names: itself, or the Markdown answer it was
/// extracted from (`answer.md/main.tf` lives in `answer.md`, at the
/// Markdown's line numbers).
fn find<'a>(files: &'a [SourceText], path: &str) -> Option<&'a SourceText> {
    files.iter().find(|f| f.path == path).or_else(|| {
        files
            .iter()
            .filter(|f| path.starts_with(&format!("{}/", f.path)))
            .max_by_key(|f| f.path.len())
    })
}

#[component]
pub fn SourceView() -> impl IntoView {
    let state = use_app_state();
    let content = Memo::new(move |_| {
        let focus = state.focus.get()?;
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let files = match focus.side {
                Side::Candidate => &a.candidate,
                Side::Reference => &a.reference,
            };
            let file = find(files, &focus.file).or_else(|| find(&a.candidate, &focus.file))?;
            let total = u32::try_from(file.text.lines().count())
                .unwrap_or(u32::MAX)
                .max(1);
            let first = focus.line.saturating_sub(WINDOW).max(1);
            let last = focus.line.saturating_add(WINDOW).min(total);
            let lines: Vec<(u32, String)> = file
                .text
                .lines()
                .enumerate()
                .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l.to_string()))
                .filter(|(n, _)| *n >= first && *n <= last)
                .collect();
            Some((focus.clone(), file.path.clone(), lines, total))
        })
    });
    // Bring the highlighted line into view and move focus there.
    Effect::new(move |_| {
        if content.with(Option::is_some) {
            request_animation_frame(|| {
                let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                    return;
                };
                if let Some(hit) = document.get_element_by_id("source-hit") {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    hit.scroll_into_view_with_scroll_into_view_options(&options);
                }
                if let Some(region) = document
                    .get_element_by_id("source-view")
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = region.focus();
                }
            });
        }
    });

    view! {
        <Show when=move || content.with(Option::is_some)>
            {move || content.get().map(|(focus, path, lines, total): (Focus, String, Vec<(u32, String)>, u32)| {
                let heading = format!("{path} · line {} of {total}", focus.line);
                view! {
                    <section class="source" aria-labelledby="source-title">
                        <div class="source-head">
                            <h3 id="source-title">"Source"</h3>
                            <span class="source-path" data-testid="source-path">{heading}</span>
                            <button type="button" data-testid="source-close" on:click=move |_| state.focus.set(None)>"Close source"</button>
                        </div>
                        <p class="source-label" data-testid="source-label">{focus.label.clone()}</p>
                        <div class="source-lines" id="source-view" tabindex="0" role="region"
                            aria-label=format!("Source of {path}") data-testid="source-view">
                            {lines.into_iter().map(|(n, text)| {
                                let hit = n == focus.line;
                                view! {
                                    <div class="line" class:hit=hit id=hit.then_some("source-hit") data-line=n>
                                        <span class="ln" aria-hidden="true">{n}</span>
                                        <code class="lt">{text}</code>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </section>
                }
            })}
        </Show>
    }
}
