//! The report panel: progress, summary, category bars, parse errors,
//! requirements, comparison, resolution actions, controls, source view.

use super::bars::CategoryBars;
use super::comparison::Comparison;
use super::controls_table::ControlsTable;
use super::editor::plural;
use super::summary::Summary;
use crate::browser::size_label;
use crate::markdown::inline;
use crate::state::{use_app_state, EngineStatus, Focus, Side};
use leptos::prelude::*;

#[component]
pub fn Report() -> impl IntoView {
    let state = use_app_state();
    let report = Memo::new(move |_| {
        state
            .analysis
            .with(|a| a.as_ref().map(|a| a.report.clone()))
    });
    let has_report = move || report.with(Option::is_some);
    let nothing_to_grade = move || state.nothing_to_grade();

    view! {
        <h2 id="report-title" tabindex="-1">"Report"</h2>
        <p class="status" data-testid="status" aria-live="polite"
            data-engine=move || match state.engine.get() { EngineStatus::Loading => "loading", EngineStatus::Ready => "ready", EngineStatus::Failed(_) => "failed" }
            class:busy=move || state.pending.with(Option::is_some)
            class:failed=move || matches!(state.engine.get(), EngineStatus::Failed(_))>
            {move || match (state.engine.get(), state.pending.get()) {
                (EngineStatus::Failed(message), _) => view! {
                    <span class="engine-error" role="alert" data-testid="engine-error">{message}</span>
                }.into_any(),
                (_, Some(p)) => view! {
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{format!("Analysing {} ({})…", plural(p.files, "file", "files"), size_label(p.bytes))}</span>
                }.into_any(),
                (_, None) if nothing_to_grade() => view! {
                    <span data-testid="nothing-to-grade">"Nothing to grade: paste Terraform, open files or drop a folder."</span>
                }.into_any(),
                (_, None) => {
                    let text = state.analysis.with(|a| a.as_ref().map(|a| {
                        let files = a.report.files.len();
                        let errors = a.report.files.iter().filter(|f| f.error.is_some()).count();
                        let mut s = format!("{} analysed in {:.0} ms", plural(files, "file", "files"), a.response.elapsed_ms);
                        if errors > 0 {
                            s.push_str(&format!(", {} with parse errors", plural(errors, "file", "files")));
                        }
                        s
                    }));
                    text.unwrap_or_else(|| "Loading the analyser…".into()).into_any()
                }
            }}
        </p>
        <div
            class="report-body"
            data-testid="report-body"
            data-revision=move || state.revision.get().to_string()
            data-analysed-revision=move || state.analysis.with(|a| a.as_ref().map_or(0, |a| a.revision)).to_string()
            data-analysis=move || state.analysis.with(|a| a.as_ref().map_or(0, |a| a.response.id)).to_string()
            data-pending=move || state.pending.with(Option::is_some).to_string()
            class:stale=move || { state.pending.with(Option::is_some) && has_report() }
            class:empty=nothing_to_grade
        >
            <Summary />
            <CategoryBars />
            <ParseErrors />
            <Requirements />
            <Comparison />
            <Actions />
            <ControlsTable />
        </div>
    }
}

#[component]
fn ParseErrors() -> impl IntoView {
    let state = use_app_state();
    let errors = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()
                .map(|a| {
                    a.report
                        .files
                        .iter()
                        .filter_map(|f| f.error.clone().map(|e| (f.path.clone(), e)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || !errors.with(Vec::is_empty)>
            <section class="parse-errors" aria-labelledby="parse-errors-title">
                <h3 id="parse-errors-title">"Parse errors"</h3>
                <p class="help">"These files could not be read; every other file was analysed."</p>
                <ul data-testid="parse-errors">
                    {move || errors.get().into_iter().map(|(path, e)| {
                        let at = format!("{path}:{}:{}", e.line, e.column);
                        let focus = Focus { side: Side::Candidate, file: path.clone(), line: e.line, column: e.column, label: e.message.clone() };
                        view! {
                            <li>
                                <button type="button" class="loc" on:click=move |_| state.focus.set(Some(focus.clone()))>{at}</button>
                                " "
                                <span>{inline(&e.message)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn Requirements() -> impl IntoView {
    let state = use_app_state();
    let requirements = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()
                .map(|a| a.report.requirements.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || !requirements.with(Vec::is_empty)>
            <section class="requirements" aria-labelledby="requirements-title">
                <h3 id="requirements-title">"Requirements in effect"</h3>
                <ul data-testid="report-requirements">
                    {move || requirements.get().into_iter().map(|r| view! {
                        <li>
                            <code>{format!("{} = {}", r.key, r.value)}</code>
                            {r.source.map(|s| view! { <span class="req-from">" from “" {s} "”"</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// Resolution actions, as the report orders them (most severe first).
#[component]
fn Actions() -> impl IntoView {
    let state = use_app_state();
    let actions = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()
                .map(|a| a.report.actions.clone())
                .unwrap_or_default()
        })
    });
    let show_all = RwSignal::new(false);
    const FIRST: usize = 8;
    view! {
        <Show when=move || !actions.with(Vec::is_empty)>
            <section class="actions" aria-labelledby="actions-title">
                <h3 id="actions-title">"Resolution actions"</h3>
                <ol data-testid="actions">
                    {move || actions.get().into_iter().take(if show_all.get() { usize::MAX } else { FIRST }).map(|a| {
                        let open = a.control.clone();
                        let title = title_of(&a.control, "");
                        view! {
                            <li>
                                <span class=format!("sev sev-{}", a.severity)>{a.severity.clone()}</span>
                                " "
                                <button type="button" class="link" on:click=move |_| state.doc_control.set(Some(open.clone()))>{a.control.clone()}</button>
                                " "
                                <strong>{title.trim_end_matches(['.', ':']).to_string()}</strong>
                                ": "
                                <span>{inline(&a.summary)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <Show when=move || { actions.with(Vec::len) > FIRST }>
                    <button type="button" class="more" data-testid="actions-more" aria-expanded=move || show_all.get().to_string()
                        on:click=move |_| show_all.update(|v| *v = !*v)>
                        {move || if show_all.get() { "Show the first actions only".to_string() } else { format!("Show all {} actions", actions.with(Vec::len)) }}
                    </button>
                </Show>
            </section>
        </Show>
    }
}

/// A control's title: the report's, else the catalog's.
#[must_use]
pub fn title_of(id: &str, title: &str) -> String {
    if title.is_empty() {
        use_app_state()
            .catalog
            .with_untracked(|c| c.as_ref().map(|c| c.title(id)).unwrap_or_default())
    } else {
        title.to_string()
    }
}
