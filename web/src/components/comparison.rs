//! Comparison mode: candidate and reference side by side, regressions
//! (the reference meets a control the candidate does not) first.

use super::controls_table::StatusBadge;
use super::report::title_of;
use crate::report_view::{severity_rank, status_rank, ComparisonRow};
use crate::state::use_app_state;
use leptos::prelude::*;

fn impact(row: &ComparisonRow) -> &'static str {
    if row.is_regression() {
        "regression"
    } else if status_rank(&row.reference) < status_rank(&row.candidate)
        && status_rank(&row.reference) <= 1
    {
        "better than reference"
    } else if row.candidate == row.reference {
        "same"
    } else {
        "differs"
    }
}

#[component]
pub fn Comparison() -> impl IntoView {
    let state = use_app_state();
    let comparison = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref().and_then(|a| {
                a.report
                    .comparison
                    .clone()
                    .map(|c| (c, a.report.total.clone()))
            })
        })
    });
    let show_all = RwSignal::new(false);
    view! {
        <Show when=move || comparison.with(Option::is_some)>
            <section class="comparison" aria-labelledby="comparison-title" data-testid="comparison">
                <h3 id="comparison-title">"Candidate and reference"</h3>
                {move || comparison.get().map(|(c, candidate)| {
                    let mut rows = c.rows.clone();
                    rows.sort_by_key(|r| (!r.is_regression(), severity_rank(&r.severity), status_rank(&r.candidate), r.id.clone()));
                    let regressions = rows.iter().filter(|r| r.is_regression()).count();
                    let all = show_all.get();
                    let rows: Vec<ComparisonRow> = rows.into_iter().filter(|r| if all { r.candidate != r.reference } else { r.is_regression() }).collect();
                    view! {
                        <p class="comparison-summary" data-testid="comparison-summary">
                            {format!(
                                "Candidate {:.1}% ({}) · reference {:.1}% ({}) · {} regressions",
                                candidate.percent, candidate.grade, c.total.percent, c.total.grade, regressions
                            )}
                            {c.overlap.jaccard.map(|o| {
                                let warn = c.overlap.misread || o < 0.5;
                                view! {
                                    <span class="overlap" class:bad=warn>
                                        {format!(" · resource-type overlap {:.0}%", o * 100.0)}
                                        {warn.then_some(": the candidate probably builds something other than the task asks")}
                                    </span>
                                }
                            })}
                        </p>
                        <label class="check">
                            <input type="checkbox" prop:checked=all on:change=move |e| show_all.set(event_target_checked(&e)) />
                            " Show every difference, not only regressions"
                        </label>
                        <div class="table-scroll">
                            <table class="comparison-table" data-testid="comparison-table">
                                <thead>
                                    <tr>
                                        <th scope="col">"Control"</th>
                                        <th scope="col">"Candidate"</th>
                                        <th scope="col">"Reference"</th>
                                        <th scope="col">"Severity"</th>
                                        <th scope="col">"Impact"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows.into_iter().map(|r| {
                                        let open = r.id.clone();
                                        let effect = impact(&r);
                                        view! {
                                            <tr data-testid="comparison-row" data-id=r.id.clone() data-impact=effect class:regression=r.is_regression()>
                                                <td>
                                                    <button type="button" class="link" on:click=move |_| state.doc_control.set(Some(open.clone()))>{r.id.clone()}</button>
                                                    " " <span class="control-title">{title_of(&r.id, "")}</span>
                                                </td>
                                                <td><StatusBadge status=r.candidate.clone() /></td>
                                                <td><StatusBadge status=r.reference.clone() /></td>
                                                <td><span class=format!("sev sev-{}", r.severity)>{r.severity.clone()}</span></td>
                                                <td>{effect}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
            </section>
        </Show>
    }
}
