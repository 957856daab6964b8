//! Bounding the findings a report lists (`--max-findings`): a large input
//! can give hundreds of thousands of findings, more than a reader or a
//! code-scanning service takes. Control statuses and scores stay those of
//! every finding; only the lists are cut, failures kept first, and the
//! report says what was left out.

use super::{FindingEntry, Report};
use crate::rules::FindingStatus;
use serde::Serialize;

/// How many findings a report (or a SARIF run) left out, by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The limit that applied.
    pub limit: usize,
    pub fail: usize,
    pub warn: usize,
    pub unknown: usize,
    pub suppressed: usize,
    pub pass: usize,
}

impl LeftOut {
    /// Every finding left out.
    #[must_use]
    pub fn total(&self) -> usize {
        self.fail + self.warn + self.unknown + self.suppressed + self.pass
    }

    fn count(&mut self, status: FindingStatus) {
        match status {
            FindingStatus::Fail => self.fail += 1,
            FindingStatus::Warn => self.warn += 1,
            FindingStatus::Unknown => self.unknown += 1,
            FindingStatus::Suppressed => self.suppressed += 1,
            FindingStatus::Pass => self.pass += 1,
        }
    }

    /// One sentence for readers: "12 findings left out (10 fail, 2 pass):
    /// at most 100 are listed."
    #[must_use]
    pub fn sentence(&self) -> String {
        let parts: Vec<String> = [
            (self.fail, "fail"),
            (self.warn, "warn"),
            (self.unknown, "unknown"),
            (self.suppressed, "suppressed"),
            (self.pass, "pass"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, status)| format!("{n} {status}"))
        .collect();
        format!(
            "{} finding{} left out ({}): at most {} are listed",
            self.total(),
            if self.total() == 1 { "" } else { "s" },
            parts.join(", "),
            self.limit
        )
    }
}

/// The order in which findings are kept: failures first, passes last.
fn keep_rank(status: FindingStatus) -> u8 {
    match status {
        FindingStatus::Fail => 0,
        FindingStatus::Warn => 1,
        FindingStatus::Unknown => 2,
        FindingStatus::Suppressed => 3,
        FindingStatus::Pass => 4,
    }
}

/// Which of `findings` (in order) to keep under `limit`: the most severe
/// statuses first, earlier findings before later ones of the same status.
/// Returns one flag per finding.
#[must_use]
pub fn kept<'a>(
    findings: impl Iterator<Item = &'a FindingEntry> + Clone,
    limit: usize,
) -> Vec<bool> {
    let mut order: Vec<(u8, usize)> = findings
        .enumerate()
        .map(|(index, f)| (keep_rank(f.status), index))
        .collect();
    let mut keep = vec![false; order.len()];
    order.sort_unstable();
    for &(_, index) in order.iter().take(limit) {
        keep[index] = true;
    }
    keep
}

impl Report {
    /// Keeps at most `limit` findings over all controls (see [`kept`]) and
    /// records what was left out in [`Report::left_out`].
    pub fn limit_findings(&mut self, limit: usize) {
        let keep = kept(self.controls.iter().flat_map(|c| c.findings.iter()), limit);
        if keep.iter().all(|k| *k) {
            return;
        }
        let mut left_out = LeftOut {
            limit,
            ..LeftOut::default()
        };
        let mut flags = keep.into_iter();
        for control in &mut self.controls {
            let findings = std::mem::take(&mut control.findings);
            for finding in findings {
                if flags.next().unwrap_or(true) {
                    control.findings.push(finding);
                } else {
                    left_out.count(finding.status);
                }
            }
        }
        self.left_out = Some(left_out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(status: FindingStatus) -> FindingEntry {
        FindingEntry {
            status,
            file: None,
            line: None,
            column: None,
            resource: None,
            message: String::new(),
            suppression: None,
            secondary: Vec::new(),
        }
    }

    #[test]
    fn keeps_failures_first_in_order() {
        use FindingStatus::{Fail, Pass, Suppressed, Warn};
        let findings: Vec<FindingEntry> = [Pass, Fail, Warn, Fail, Suppressed, Pass]
            .into_iter()
            .map(finding)
            .collect();
        assert_eq!(
            kept(findings.iter(), 3),
            [false, true, true, true, false, false]
        );
        assert_eq!(kept(findings.iter(), 0), [false; 6]);
        assert_eq!(kept(findings.iter(), 10), [true; 6]);
    }

    #[test]
    fn sentence_names_what_was_left_out() {
        let left_out = LeftOut {
            limit: 5,
            fail: 2,
            pass: 1,
            ..LeftOut::default()
        };
        assert_eq!(
            left_out.sentence(),
            "3 findings left out (2 fail, 1 pass): at most 5 are listed"
        );
    }
}
