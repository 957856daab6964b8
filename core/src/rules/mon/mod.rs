//! MON: Monitoring & Alerting.
//!
//! Also the helper MON002–MON004 share: whether a metric filter on a
//! CloudTrail event pattern exists and an alarm watches its metric.

pub mod alarm_console_login_failures;
pub mod alarm_root_usage;
pub mod alarm_unauthorized_api;
pub mod alarms_have_actions;
pub mod alb_access_logs;
pub mod alert_topic;
pub mod api_gateway_access_logs;
pub mod cloudfront_access_logs;
pub mod ec2_detailed_monitoring;
pub mod ecs_container_insights;
pub mod eks_control_plane_logging;
pub mod filters_have_alarms;
pub mod log_retention;
pub mod msk_logging;
pub mod rds_log_exports;
pub mod rds_monitoring;
pub mod redshift_audit_logging;
pub mod step_functions_logging;

use crate::eval::Value;
use crate::model::{LinkKind, Resource};
use crate::rules::query::why_unknown;
use crate::rules::{exists, Outcome, RuleContext, Verdicts};

/// The alarms watching a metric filter's metric.
pub(crate) fn alarms_of<'m>(cx: &RuleContext<'m>, filter: &Resource) -> Vec<&'m Resource> {
    let mut out: Vec<&Resource> = cx
        .model
        .linked_from(filter.id, LinkKind::AlarmMetricFilter)
        .filter(|a| exists(a))
        .collect();
    out.sort_by_key(|a| a.id);
    out.dedup_by_key(|a| a.id);
    out
}

/// Records the verdict of a "metric filter and alarm on a CloudTrail
/// event" control. `matches` tells whether a (lower-cased) filter pattern
/// catches the event; `event` names it in messages.
pub(crate) fn judge_event_alarm(
    cx: &RuleContext<'_>,
    out: &mut Verdicts,
    event: &str,
    matches: &dyn Fn(&str) -> bool,
) {
    let mut unalarmed: Vec<&Resource> = Vec::new();
    let mut unknown: Vec<&Resource> = Vec::new();
    for filter in cx.resources_of_type("aws_cloudwatch_log_metric_filter") {
        let Some(pattern) = filter.body().attr("pattern") else {
            continue;
        };
        match &pattern.value {
            Value::String(p) if matches(&p.to_ascii_lowercase()) => {
                if let Some(alarm) = alarms_of(cx, filter).first() {
                    out.stack(
                        Outcome::Pass,
                        format!(
                            "metric filter `{}` catches {event} and alarm `{}` watches it",
                            filter.address(),
                            alarm.address()
                        ),
                    )
                    .secondary(&filter.block.span)
                    .secondary(&alarm.block.span);
                    return;
                }
                unalarmed.push(filter);
            }
            Value::String(_) => {}
            _ => unknown.push(filter),
        }
    }
    if let Some(filter) = unalarmed.first() {
        out.fail(
            filter,
            &filter.block.span,
            format!("metric filter on {event} has no alarm on its metric: nobody is notified"),
        );
    } else if let Some(filter) = unknown.first() {
        let why = filter
            .body()
            .attr("pattern")
            .map_or_else(String::new, why_unknown);
        out.stack(
            Outcome::Unknown,
            format!(
                "could not be determined: whether `{}` catches {event} ({why})",
                filter.address()
            ),
        )
        .secondary(&filter.block.span);
    } else {
        out.stack(
            Outcome::Fail,
            format!("no metric filter and alarm on {event} in CloudTrail's log group"),
        );
    }
}
