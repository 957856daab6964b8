//! Points, percentage, grade and training value at a glance.

use crate::state::use_app_state;
use leptos::prelude::*;

#[component]
pub fn Summary() -> impl IntoView {
    let state = use_app_state();
    let total = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref().map(|a| {
                (
                    a.report.total.clone(),
                    a.report.profile.clone(),
                    a.report.cap(),
                    a.report
                        .basis
                        .as_ref()
                        .map(|b| b.summary.clone())
                        .unwrap_or_default(),
                    a.report.validity.clone().unwrap_or_default(),
                )
            })
        })
    });
    let cell = move |f: fn(&crate::report_view::TotalView) -> String| {
        move || total.with(|t| t.as_ref().map_or_else(|| "–".to_string(), |(t, ..)| f(t)))
    };
    view! {
        <dl class="summary" data-testid="summary">
            <div class="card">
                <dt>"Points"</dt>
                <dd data-testid="points">{cell(|t| format!("{:.1} / {:.0}", t.points, t.max))}</dd>
            </div>
            <div class="card">
                <dt>"Score"</dt>
                <dd data-testid="percent">{cell(|t| format!("{:.1}%", t.percent))}</dd>
            </div>
            <div class="card grade">
                <dt>"Grade"</dt>
                <dd data-testid="grade">{cell(|t| t.grade.clone())}</dd>
            </div>
            <div class="card">
                <dt>"Training value"</dt>
                <dd data-testid="training-value">{cell(|t| format!("{}/5", trim(t.training_value)))}</dd>
            </div>
        </dl>
        <p
            class="validity"
            data-testid="validity"
            data-status=move || total.with(|t| t.as_ref().map(|(.., v)| v.status.clone()).unwrap_or_default())
        >
            {move || total.with(|t| t.as_ref().map(|(.., v)| capitalised(&v.summary)).unwrap_or_default())}
        </p>
        <p class="cap" data-testid="grade-cap">{move || total.with(|t| t.as_ref().and_then(|(_, _, cap, ..)| cap.clone()).unwrap_or_default())}</p>
        <p class="basis" data-testid="basis">{move || total.with(|t| t.as_ref().map(|(_, _, _, basis, _)| basis.clone()).unwrap_or_default())}</p>
        <p class="profile-line">
            "Profile: " <strong data-testid="report-profile">{move || total.with(|t| t.as_ref().map(|(_, p, ..)| p.clone()).unwrap_or_default())}</strong>
        </p>
    }
}

/// "valid: every file parses…" reads as a sentence on the page.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn trim(v: f64) -> String {
    if (v - v.round()).abs() < f64::EPSILON {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}
