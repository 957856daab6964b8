//! Comparison mode (RUBRIC.md section 5): the candidate and the reference
//! analysed with the same options, control by control, with regressions
//! and improvements ordered by severity, the overlap of resource types, and
//! both totals.

use crate::report::{CategoryScore, ControlEntry, FileEntry, Total};
use crate::rules::aln::reference_overlap::{jaccard, MISREAD_BELOW};
use crate::rules::{Severity, Status};
use serde::Serialize;
use std::collections::BTreeSet;

/// Resource-type overlap of candidate and reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    /// Jaccard index of the two sets of resource types, to two decimals;
    /// `None` when neither declares a resource.
    pub jaccard: Option<f64>,
    pub shared: Vec<String>,
    pub candidate_only: Vec<String>,
    pub reference_only: Vec<String>,
    /// The overlap is below 0.5: the candidate probably misread the task
    /// (ALN003 fails).
    pub misread: bool,
}

impl Overlap {
    #[must_use]
    pub fn of(candidate: &BTreeSet<String>, reference: &BTreeSet<String>) -> Self {
        let index = jaccard(candidate, reference);
        Overlap {
            jaccard: index.map(|j| (j * 100.0).round() / 100.0),
            shared: candidate.intersection(reference).cloned().collect(),
            candidate_only: candidate.difference(reference).cloned().collect(),
            reference_only: reference.difference(candidate).cloned().collect(),
            misread: !reference.is_empty() && index.is_some_and(|j| j < MISREAD_BELOW),
        }
    }
}

/// One control in both configurations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: &'static str,
    pub candidate: Status,
    pub reference: Status,
    pub severity: Severity,
}

impl Row {
    /// The candidate is worse than the reference on this control (both
    /// judged: pass → warn/fail, warn → fail).
    #[must_use]
    pub fn is_regression(&self) -> bool {
        matches!(
            (rank(self.reference), rank(self.candidate)),
            (Some(r), Some(c)) if c > r
        )
    }

    /// The candidate is better than the reference on this control.
    #[must_use]
    pub fn is_improvement(&self) -> bool {
        matches!(
            (rank(self.reference), rank(self.candidate)),
            (Some(r), Some(c)) if c < r
        )
    }
}

fn rank(status: Status) -> Option<u8> {
    match status {
        Status::Pass => Some(0),
        Status::Warn => Some(1),
        Status::Fail => Some(2),
        Status::Unknown | Status::Advice | Status::NotApplicable => None,
    }
}

/// The comparison part of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The reference's files and parse errors.
    pub files: Vec<FileEntry>,
    pub total: Total,
    pub categories: Vec<CategoryScore>,
    pub overlap: Overlap,
    /// One row per control, in registry order.
    pub rows: Vec<Row>,
    /// Controls where the candidate is worse, most severe first.
    pub regressions: Vec<&'static str>,
    /// Controls where the candidate is better, most severe first.
    pub improvements: Vec<&'static str>,
}

impl Comparison {
    /// Compares control entries (same registry order on both sides).
    #[must_use]
    pub fn build(
        candidate: &[ControlEntry],
        reference: &[ControlEntry],
        reference_files: Vec<FileEntry>,
        reference_total: Total,
        reference_categories: Vec<CategoryScore>,
        overlap: Overlap,
    ) -> Self {
        let rows: Vec<Row> = candidate
            .iter()
            .map(|c| Row {
                id: c.id,
                candidate: c.status,
                reference: reference
                    .iter()
                    .find(|r| r.id == c.id)
                    .map_or(Status::NotApplicable, |r| r.status),
                severity: c.severity,
            })
            .collect();
        let ordered = |keep: fn(&Row) -> bool| {
            let mut ids: Vec<(Severity, usize, &'static str)> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| keep(r))
                .map(|(i, r)| (r.severity, i, r.id))
                .collect();
            ids.sort_unstable();
            ids.into_iter().map(|(_, _, id)| id).collect::<Vec<_>>()
        };
        let regressions = ordered(Row::is_regression);
        let improvements = ordered(Row::is_improvement);
        Comparison {
            files: reference_files,
            total: reference_total,
            categories: reference_categories,
            overlap,
            rows,
            regressions,
            improvements,
        }
    }

    /// A control's row.
    #[must_use]
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.id.eq_ignore_ascii_case(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(types: &[&str]) -> BTreeSet<String> {
        types.iter().map(|t| (*t).to_string()).collect()
    }

    #[test]
    fn overlap_is_the_jaccard_index_and_flags_a_misread_below_half() {
        let o = Overlap::of(&set(&["a", "b", "c"]), &set(&["b", "c", "d"]));
        assert_eq!(o.jaccard, Some(0.5));
        assert!(!o.misread);
        assert_eq!(o.shared, vec!["b", "c"]);
        let o = Overlap::of(&set(&["a", "x"]), &set(&["b", "c", "a"]));
        assert_eq!(o.jaccard, Some(0.25));
        assert!(o.misread);
        assert_eq!(Overlap::of(&set(&[]), &set(&[])).jaccard, None);
    }

    #[test]
    fn regressions_need_both_sides_judged() {
        let row = |c, r| Row {
            id: "X",
            candidate: c,
            reference: r,
            severity: Severity::High,
        };
        assert!(row(Status::Fail, Status::Pass).is_regression());
        assert!(row(Status::Warn, Status::Pass).is_regression());
        assert!(row(Status::Fail, Status::Warn).is_regression());
        assert!(!row(Status::NotApplicable, Status::Pass).is_regression());
        assert!(row(Status::Pass, Status::Fail).is_improvement());
        assert!(!row(Status::Pass, Status::Pass).is_improvement());
    }
}
