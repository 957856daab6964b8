//! The controls table, filterable by category, severity and status; each
//! finding puts the editor's cursor on its line. Validity controls come
//! first; findings are paged (the worker sends at most
//! [`crate::protocol::FINDINGS_SHOWN`] per control, the exports carry all).

use super::report::title_of;
use crate::markdown::inline;
use crate::report_view::{severity_rank, status_rank, ControlView, FindingView};
use crate::state::{use_app_state, Focus, Side};
use leptos::prelude::*;

/// Findings shown per control before "Show more".
const PAGE: usize = 10;

/// Statuses offered in the filter even before a report has them.
const KNOWN_STATUSES: [(&str, &str); 7] = [
    ("fail", "Fail"),
    ("warn", "Warn"),
    ("unknown", "Unknown (not scored)"),
    ("advice", "Advice (not scored)"),
    ("pass", "Pass"),
    ("suppressed", "Suppressed"),
    ("n/a", "n/a"),
];

#[component]
pub fn ControlsTable() -> impl IntoView {
    let state = use_app_state();
    let category = RwSignal::new(String::new());
    let severity = RwSignal::new(String::new());
    let status = RwSignal::new("problems".to_string());
    let controls = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()
                .map(|a| {
                    a.report
                        .controls
                        .iter()
                        .map(|c| {
                            let total = a
                                .response
                                .findings_total
                                .iter()
                                .find(|(id, _)| *id == c.id)
                                .map_or(c.findings.len(), |(_, n)| *n);
                            (c.clone(), total)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let extra_statuses = Memo::new(move |_| {
        let mut extra: Vec<String> = controls.with(|c| {
            c.iter()
                .map(|(c, _)| c.status.clone())
                .filter(|s| !KNOWN_STATUSES.iter().any(|(k, _)| k == s))
                .collect()
        });
        extra.sort();
        extra.dedup();
        extra
    });
    let shown = Memo::new(move |_| {
        let (cat, sev, st) = (category.get(), severity.get(), status.get());
        let mut rows: Vec<(ControlView, usize)> = controls
            .get()
            .into_iter()
            .filter(|(c, _)| cat.is_empty() || c.category == cat)
            .filter(|(c, _)| sev.is_empty() || c.severity == sev)
            .filter(|(c, _)| match st.as_str() {
                "" => true,
                "problems" => c.status == "fail" || c.status == "warn",
                other => c.status == other,
            })
            .collect();
        rows.sort_by_key(|(c, _)| {
            (
                c.category != "VAL",
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
                        {move || state.catalog.with(|c| c.iter().flat_map(|c| c.categories.clone()).map(|(code, name)| {
                            let selected = category.get_untracked() == code;
                            view! { <option value=code.clone() selected=selected>{format!("{code} {name}")}</option> }
                        }).collect_view())}
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
                        {KNOWN_STATUSES.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                        {move || extra_statuses.get().into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
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
                        <For each=move || shown.get() key=|(c, total)| (c.id.clone(), c.status.clone(), *total, c.findings.first().map(|f| (f.line, f.message.clone())))
                            children=move |(c, total): (ControlView, usize)| view! { <ControlRow control=c total /> }
                        />
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ControlRow(control: ControlView, total: usize) -> impl IntoView {
    let state = use_app_state();
    let c = control;
    let id = c.id.clone();
    let open = id.clone();
    let problems: Vec<FindingView> = c
        .findings
        .iter()
        .filter(|f| f.status != "pass")
        .cloned()
        .collect();
    // Findings beyond the worker's cap are only in the exports.
    let unsent = total.saturating_sub(c.findings.len());
    let limit = RwSignal::new(PAGE);
    let count = problems.len();
    let title = title_of(&c.id, &c.title);
    view! {
        <tr data-testid="control-row" data-id=id.clone() data-status=c.status.clone() data-category=c.category.clone()>
            <td><StatusBadge status=c.status.clone() /></td>
            <td>
                <button type="button" class="link control-id" data-testid="control-doc"
                    aria-label=format!("{id}: documentation")
                    on:click=move |_| state.doc_control.set(Some(open.clone()))>{id.clone()}</button>
                " "
                <span class="control-title">{title}</span>
                <Show when=move || { count > 0 }>
                    <ul class="findings">
                        {
                            let problems = problems.clone();
                            move || problems.iter().take(limit.get()).cloned().map(|f| view! { <Finding finding=f /> }).collect_view()
                        }
                    </ul>
                </Show>
                <Show when=move || { limit.get() < count }>
                    <button type="button" class="more" data-testid="findings-more"
                        on:click=move |_| limit.update(|l| *l += 25)>
                        {move || format!("Show {} more of {count} findings", (count - limit.get()).min(25))}
                    </button>
                </Show>
                <Show when=move || { unsent > 0 }>
                    <p class="help" data-testid="findings-unsent">
                        {format!("{unsent} more findings are in the downloaded report (JSON, SARIF, Markdown).")}
                    </p>
                </Show>
            </td>
            <td>{c.category.clone()}</td>
            <td><span class=format!("sev sev-{}", c.severity)>{c.severity.clone()}</span></td>
        </tr>
    }
}

/// A status as a badge: known statuses have their own mark and colour;
/// any other status string still gets a label and a neutral style.
#[component]
pub fn StatusBadge(status: String) -> impl IntoView {
    let (icon, class) = match status.as_str() {
        "pass" => ("✓", "pass"),
        "warn" => ("!", "warn"),
        "fail" => ("✗", "fail"),
        "suppressed" => ("~", "suppressed"),
        "unknown" => ("?", "unknown"),
        "advice" => ("i", "advice"),
        "n/a" => ("–", "na"),
        _ => ("•", "other"),
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
            <span class="message">{inline(&finding.message)}</span>
        </li>
    }
}
