//! The controls table, filterable by category, severity and status; each
//! finding links to its line in the source view.

use super::report::title_of;
use crate::report_view::{severity_rank, status_rank, ControlView, FindingView};
use crate::state::{use_app_state, Focus, Side};
use leptos::prelude::*;
use tfgrade_core::rules::Category;

#[component]
pub fn ControlsTable() -> impl IntoView {
    let state = use_app_state();
    let category = RwSignal::new(String::new());
    let severity = RwSignal::new(String::new());
    let status = RwSignal::new("problems".to_string());
    let controls = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()
                .map(|a| a.report.controls.clone())
                .unwrap_or_default()
        })
    });
    let shown = Memo::new(move |_| {
        let (cat, sev, st) = (category.get(), severity.get(), status.get());
        let mut rows: Vec<ControlView> = controls
            .get()
            .into_iter()
            .filter(|c| cat.is_empty() || c.category == cat)
            .filter(|c| sev.is_empty() || c.severity == sev)
            .filter(|c| match st.as_str() {
                "" => true,
                "problems" => c.status == "fail" || c.status == "warn",
                other => c.status == other,
            })
            .collect();
        rows.sort_by_key(|c| {
            (
                status_rank(&c.status),
                severity_rank(&c.severity),
                c.id.clone(),
            )
        });
        rows
    });

    view! {
        <section class="controls" aria-labelledby="controls-title">
            <h3 id="controls-title">"Controls"</h3>
            <div class="filters">
                <label class="field">
                    <span>"Category"</span>
                    <select data-testid="filter-category" on:change=move |e| category.set(event_target_value(&e))>
                        <option value="">"All"</option>
                        {Category::ALL.iter().map(|c| view! { <option value=c.code()>{format!("{} {}", c.code(), c.name())}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Severity"</span>
                    <select data-testid="filter-severity" on:change=move |e| severity.set(event_target_value(&e))>
                        <option value="">"All"</option>
                        <option value="critical">"Critical"</option>
                        <option value="high">"High"</option>
                        <option value="medium">"Medium"</option>
                        <option value="low">"Low"</option>
                    </select>
                </label>
                <label class="field">
                    <span>"Status"</span>
                    <select data-testid="filter-status" on:change=move |e| status.set(event_target_value(&e))>
                        <option value="problems" selected>"Fail and warn"</option>
                        <option value="">"All"</option>
                        <option value="fail">"Fail"</option>
                        <option value="warn">"Warn"</option>
                        <option value="pass">"Pass"</option>
                        <option value="n/a">"n/a"</option>
                    </select>
                </label>
            </div>
            <p class="help" data-testid="controls-count">
                {move || format!("Showing {} of {} controls", shown.with(Vec::len), controls.with(Vec::len))}
            </p>
            <div class="table-scroll">
                <table class="controls-table" data-testid="controls-table">
                    <thead>
                        <tr>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Control"</th>
                            <th scope="col">"Category"</th>
                            <th scope="col">"Severity"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || shown.get() key=|c| (c.id.clone(), c.status.clone(), c.findings.len(), c.findings.first().map(|f| (f.line, f.message.clone())))
                            children=move |c: ControlView| {
                                let id = c.id.clone();
                                let open = id.clone();
                                let problems: Vec<FindingView> = c.findings.iter().filter(|f| f.status != "pass").cloned().collect();
                                view! {
                                    <tr data-testid="control-row" data-id=id.clone() data-status=c.status.clone()>
                                        <td><StatusBadge status=c.status.clone() /></td>
                                        <td>
                                            <button type="button" class="link control-id" data-testid="control-doc"
                                                aria-label=format!("{id}: documentation")
                                                on:click=move |_| state.doc_control.set(Some(open.clone()))>{id.clone()}</button>
                                            " "
                                            <span class="control-title">{title_of(&c.id, &c.title)}</span>
                                            <Show when={let empty = problems.is_empty(); move || !empty}>
                                                <ul class="findings">
                                                    {problems.clone().into_iter().map(|f| view! { <Finding finding=f /> }).collect_view()}
                                                </ul>
                                            </Show>
                                        </td>
                                        <td>{c.category.clone()}</td>
                                        <td><span class=format!("sev sev-{}", c.severity)>{c.severity.clone()}</span></td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn StatusBadge(status: String) -> impl IntoView {
    let (icon, class) = match status.as_str() {
        "pass" => ("✓", "pass"),
        "warn" => ("!", "warn"),
        "fail" => ("✗", "fail"),
        "suppressed" => ("~", "suppressed"),
        _ => ("–", "na"),
    };
    view! {
        <span class=format!("badge {class}")><span aria-hidden="true">{icon}</span>" "{status}</span>
    }
}

#[component]
fn Finding(finding: FindingView) -> impl IntoView {
    let state = use_app_state();
    let location = finding.file.clone().zip(finding.line).map(|(file, line)| {
        let column = finding.column.unwrap_or(1);
        let focus = Focus {
            side: Side::Candidate,
            file: file.clone(),
            line,
            column,
            label: finding.message.clone(),
        };
        let text = format!("{file}:{line}:{column}");
        view! {
            <button type="button" class="loc" data-testid="finding-location"
                on:click=move |_| state.focus.set(Some(focus.clone()))>{text}</button>
        }
    });
    view! {
        <li class=format!("finding {}", finding.status) data-testid="finding">
            <StatusBadge status=finding.status.clone() />
            " "
            {location}
            " "
            {finding.resource.clone().map(|r| view! { <code class="resource">{r}</code> " " })}
            <span class="message">{finding.message.clone()}</span>
        </li>
    }
}
