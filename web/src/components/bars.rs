//! Per-category scores as SVG bars (ten points each; n/a categories shown
//! as such, not as zero).

use crate::state::use_app_state;
use leptos::prelude::*;

const ROW: f64 = 30.0;
const LABEL: f64 = 228.0;
const BAR: f64 = 250.0;

#[component]
pub fn CategoryBars() -> impl IntoView {
    let state = use_app_state();
    let categories = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.as_ref()
                .map(|a| a.report.categories.clone())
                .unwrap_or_default()
        })
    });
    // Every category is drawn before the first report too, so the panel keeps its height.
    let rows = move || {
        let mut c = categories.get();
        if c.is_empty() {
            c = state.catalog.with(|catalog| {
                catalog
                    .iter()
                    .flat_map(|k| &k.categories)
                    .map(|(code, name)| crate::report_view::CategoryView {
                        code: code.clone(),
                        name: name.clone(),
                        score: None,
                        max: 10.0,
                    })
                    .collect()
            });
        }
        c
    };
    #[allow(clippy::cast_precision_loss)]
    let height = move || rows().len().max(1) as f64 * ROW;
    view! {
        <figure class="bars">
            <svg
                data-testid="category-bars"
                role="img"
                aria-labelledby="bars-title"
                viewBox=move || format!("0 0 {} {}", LABEL + BAR + 60.0, height())
                preserveAspectRatio="xMinYMin meet"
            >
                <title id="bars-title">{move || {
                    let parts: Vec<String> = rows().iter().map(|c| match c.score {
                        Some(s) => format!("{} {s:.1} of {:.0}", c.name, c.max),
                        None => format!("{} not applicable", c.name),
                    }).collect();
                    format!("Category scores: {}", parts.join("; "))
                }}</title>
                {move || rows().into_iter().enumerate().map(|(i, c)| {
                    #[allow(clippy::cast_precision_loss)]
                    let y = i as f64 * ROW;
                    let max = if c.max > 0.0 { c.max } else { 10.0 };
                    let width = c.score.map_or(0.0, |s| (s / max).clamp(0.0, 1.0) * BAR);
                    let level = match c.score {
                        None => "na",
                        Some(s) if s >= 0.8 * max => "good",
                        Some(s) if s >= 0.6 * max => "fair",
                        Some(_) => "poor",
                    };
                    let value = c.score.map_or_else(|| "n/a".to_string(), |s| format!("{s:.1}"));
                    view! {
                        <g class=format!("bar {level}") data-code=c.code.clone()>
                            <text x="0" y=y + 19.0 class="bar-label">{c.name.clone()}</text>
                            <rect x=LABEL y=y + 6.0 width=BAR height="16" rx="3" class="track"></rect>
                            <rect x=LABEL y=y + 6.0 width=width height="16" rx="3" class="fill"></rect>
                            <text x=LABEL + BAR + 8.0 y=y + 19.0 class="bar-value">{value}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}
