//! Scoring (RUBRIC.md section 3): category scores from control statuses,
//! the total scaled to 80 points, the grade with its Critical caps, and the
//! training value.
//!
//! All arithmetic is done on integers (weights, tenths of a point) so that
//! the same results always give the same numbers, on every platform.

use super::validity::{Validity, ValidityStatus};
use crate::rules::{Category, ControlResult, Status};
use serde::Serialize;

/// The points every category is worth, and the scale of the total.
pub const CATEGORY_MAX: u32 = 10;
pub const TOTAL_MAX: u32 = 80;

/// How many of a category's controls came out each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    /// Could not be determined: not scored.
    pub unknown: usize,
    /// Account-wide controls the task did not ask for: not scored.
    pub advice: usize,
    #[serde(rename = "n/a")]
    pub not_applicable: usize,
}

/// One category's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryScore {
    pub code: Category,
    pub name: &'static str,
    /// `None` (JSON `null`) when no control of the category applies.
    pub score: Option<f64>,
    pub max: u32,
    /// The score in tenths of a point (exact; `score` is this / 10).
    #[serde(skip)]
    pub tenths: Option<u32>,
    pub controls: StatusCounts,
}

/// A letter grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grade {
    // Best first, so `min`/`max` compare by quality reversed: a larger
    // value is a worse grade.
    APlus,
    A,
    AMinus,
    BPlus,
    B,
    BMinus,
    CPlus,
    C,
    CMinus,
    D,
    F,
}

impl Grade {
    /// The grade of a percentage given in tenths (`903` is 90.3 %).
    #[must_use]
    pub fn from_percent_tenths(tenths: u32) -> Grade {
        const TABLE: [(u32, Grade); 10] = [
            (970, Grade::APlus),
            (930, Grade::A),
            (900, Grade::AMinus),
            (870, Grade::BPlus),
            (830, Grade::B),
            (800, Grade::BMinus),
            (770, Grade::CPlus),
            (730, Grade::C),
            (700, Grade::CMinus),
            (600, Grade::D),
        ];
        TABLE
            .iter()
            .find(|(min, _)| tenths >= *min)
            .map_or(Grade::F, |(_, g)| *g)
    }

    /// The grade a label names (`None` for `n/a` and anything else).
    #[must_use]
    pub fn from_label(label: &str) -> Option<Grade> {
        [
            Grade::APlus,
            Grade::A,
            Grade::AMinus,
            Grade::BPlus,
            Grade::B,
            Grade::BMinus,
            Grade::CPlus,
            Grade::C,
            Grade::CMinus,
            Grade::D,
            Grade::F,
        ]
        .into_iter()
        .find(|g| g.label() == label)
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Grade::APlus => "A+",
            Grade::A => "A",
            Grade::AMinus => "A-",
            Grade::BPlus => "B+",
            Grade::B => "B",
            Grade::BMinus => "B-",
            Grade::CPlus => "C+",
            Grade::C => "C",
            Grade::CMinus => "C-",
            Grade::D => "D",
            Grade::F => "F",
        }
    }
}

/// The overall result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    /// Sum of the applicable categories' scores, scaled to [`TOTAL_MAX`].
    pub points: f64,
    pub max: u32,
    pub percent: f64,
    /// `A+` … `F` after the Critical caps; `n/a` when nothing applies.
    pub grade: String,
    /// Percentage × 5 / 100, to the nearest 0.5 (shown as "N/5").
    pub training_value: f64,
    /// The grade the percentage alone gives.
    pub uncapped_grade: String,
    /// Why the grade was capped, if it was.
    pub cap: Option<String>,
    /// Categories with at least one applicable control.
    pub categories_scored: usize,
    /// Critical controls that fail.
    pub failing_critical: usize,
}

/// `a / b` rounded half up, for non-negative integers (`b > 0`).
fn div_round(a: u64, b: u64) -> u64 {
    (2 * a + b) / (2 * b)
}

fn tenths_to_f64(tenths: u64) -> f64 {
    // Scores are at most a few thousand tenths: exact in f64.
    #[allow(clippy::cast_precision_loss)]
    let value = tenths as f64;
    value / 10.0
}

/// Scores every scored category, in [`Category::SCORED`] order. Score = 10 ×
/// (Σ weight(pass) + ½ Σ weight(warn)) / Σ weight(applicable), rounded to
/// one decimal; suppressed findings already count as met in the statuses.
#[must_use]
pub fn category_scores(results: &[ControlResult]) -> Vec<CategoryScore> {
    Category::SCORED
        .iter()
        .map(|&category| {
            let mut counts = StatusCounts::default();
            // Half-weights, so that a warn's ½ stays an integer.
            let (mut earned, mut applicable) = (0u64, 0u64);
            for r in results.iter().filter(|r| r.control.category == category) {
                let weight = u64::from(r.control.severity.weight());
                match r.status {
                    Status::Pass => {
                        counts.pass += 1;
                        earned += 2 * weight;
                        applicable += 2 * weight;
                    }
                    Status::Warn => {
                        counts.warn += 1;
                        earned += weight;
                        applicable += 2 * weight;
                    }
                    Status::Fail => {
                        counts.fail += 1;
                        applicable += 2 * weight;
                    }
                    Status::Unknown => counts.unknown += 1,
                    Status::Advice => counts.advice += 1,
                    Status::NotApplicable => counts.not_applicable += 1,
                }
            }
            let tenths = (applicable > 0)
                .then(|| u32::try_from(div_round(100 * earned, applicable)).unwrap_or(u32::MAX));
            CategoryScore {
                code: category,
                name: category.name(),
                score: tenths.map(|t| tenths_to_f64(u64::from(t))),
                max: CATEGORY_MAX,
                tenths,
                controls: counts,
            }
        })
        .collect()
}

/// The total: points scaled to 80, percentage, grade (capped at C by one
/// failing Critical control, at D by two or more) and training value.
#[must_use]
pub fn total(categories: &[CategoryScore], results: &[ControlResult]) -> Total {
    let scored: Vec<u64> = categories
        .iter()
        .filter_map(|c| c.tenths.map(u64::from))
        .collect();
    let failing_critical = results
        .iter()
        .filter(|r| {
            r.status == Status::Fail && r.control.severity == crate::rules::Severity::Critical
        })
        .count();
    let n = scored.len() as u64;
    if n == 0 {
        return Total {
            points: 0.0,
            max: TOTAL_MAX,
            percent: 0.0,
            grade: "n/a".to_string(),
            training_value: 0.0,
            uncapped_grade: "n/a".to_string(),
            cap: None,
            categories_scored: 0,
            failing_critical,
        };
    }
    let sum: u64 = scored.iter().sum();
    // percent = (sum / 10) / (10 n) × 100 = sum / n; in tenths: 10 sum / n.
    let percent_tenths = div_round(10 * sum, n);
    // points = (sum / 10) / (10 n) × 80 = 0.8 sum / n; in tenths: 8 sum / n.
    let points_tenths = div_round(8 * sum, n);
    let uncapped = Grade::from_percent_tenths(u32::try_from(percent_tenths).unwrap_or(u32::MAX));
    let (grade, cap) = match failing_critical {
        0 => (uncapped, None),
        1 if uncapped < Grade::C => (
            Grade::C,
            Some("one Critical control fails: the grade is capped at C".to_string()),
        ),
        k if k >= 2 && uncapped < Grade::D => (
            Grade::D,
            Some(format!(
                "{k} Critical controls fail: the grade is capped at D"
            )),
        ),
        _ => (uncapped, None),
    };
    // training value = percent × 5 / 100 to the nearest 0.5: in halves,
    // percent / 10 = percent_tenths / 100.
    let halves = div_round(percent_tenths, 100);
    Total {
        points: tenths_to_f64(points_tenths),
        max: TOTAL_MAX,
        percent: tenths_to_f64(percent_tenths),
        grade: grade.label().to_string(),
        training_value: tenths_to_f64(halves * 5),
        uncapped_grade: uncapped.label().to_string(),
        cap,
        categories_scored: scored.len(),
        failing_critical,
    }
}

/// Applies the validity gate to a total: a broken configuration scores
/// nothing and is graded F, an invalid one is capped at D, an empty input
/// has no grade. The cap's reason joins any Critical cap.
pub fn gate(total: &mut Total, validity: &Validity) {
    match validity.status {
        ValidityStatus::Valid => {}
        ValidityStatus::Empty => {
            total.points = 0.0;
            total.percent = 0.0;
            total.training_value = 0.0;
            total.grade = "n/a".to_string();
            total.cap = Some("nothing to grade: the input is empty".to_string());
        }
        ValidityStatus::Broken => {
            total.points = 0.0;
            total.percent = 0.0;
            total.training_value = 0.0;
            total.grade = Grade::F.label().to_string();
            total.cap = Some(format!("{}: graded F", validity.summary));
        }
        ValidityStatus::Invalid => {
            let current = Grade::from_label(&total.grade).unwrap_or(Grade::F);
            if current < Grade::D {
                total.grade = Grade::D.label().to_string();
                let reason = format!("{}: the grade is capped at D", validity.summary);
                total.cap = Some(match total.cap.take() {
                    Some(critical) => format!("{reason}; {critical}"),
                    None => reason,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{control_by_id, ControlResult, Status};

    fn result(id: &str, status: Status) -> ControlResult {
        ControlResult {
            control: control_by_id(id).expect("registered"),
            status,
            not_applicable: None,
            judged: None,
            findings: Vec::new(),
        }
    }

    fn enc(categories: &[CategoryScore]) -> &CategoryScore {
        categories
            .iter()
            .find(|c| c.code == Category::Enc)
            .expect("ENC")
    }

    #[test]
    fn category_score_weighs_pass_warn_and_fail_by_severity() {
        // ENC001 High pass (6), ENC003 Low warn (½ of 1), ENC006 Critical fail (10).
        let results = [
            result("ENC001", Status::Pass),
            result("ENC003", Status::Warn),
            result("ENC006", Status::Fail),
            result("ENC005", Status::NotApplicable),
        ];
        let categories = category_scores(&results);
        // 10 × (6 + 0.5) / 17 = 3.82… → 3.8
        assert_eq!(enc(&categories).score, Some(3.8));
        assert_eq!(enc(&categories).controls.not_applicable, 1);
        let sec = categories
            .iter()
            .find(|c| c.code == Category::Sec)
            .expect("SEC");
        assert_eq!(sec.score, None);
    }

    #[test]
    fn rounding_is_half_up_to_one_decimal() {
        // Low pass + Low warn: 10 × 1.5 / 2 = 7.5 exactly.
        let results = [
            result("ENC003", Status::Pass),
            result("ENC012", Status::Warn),
        ];
        assert_eq!(enc(&category_scores(&results)).score, Some(7.5));
        // High pass, Medium fail: 10 × 6 / 9 = 6.666… → 6.7.
        let results = [
            result("ENC001", Status::Pass),
            result("ENC008", Status::Fail),
        ];
        assert_eq!(enc(&category_scores(&results)).score, Some(6.7));
    }

    #[test]
    fn total_scales_applicable_categories_to_80() {
        let results = [
            result("ENC001", Status::Pass),
            result("ENC008", Status::Fail),
            result("SEC001", Status::Pass),
        ];
        let categories = category_scores(&results);
        let t = total(&categories, &results);
        // (6.7 + 10) / 20 → 83.5 %, 66.8 points.
        assert_eq!(t.categories_scored, 2);
        assert_eq!(t.percent, 83.5);
        assert_eq!(t.points, 66.8);
        assert_eq!(t.grade, "B");
        assert_eq!(t.training_value, 4.0);
        assert_eq!(t.cap, None);
    }

    #[test]
    fn grade_table_boundaries() {
        let cases = [
            (1000, "A+"),
            (970, "A+"),
            (969, "A"),
            (930, "A"),
            (900, "A-"),
            (899, "B+"),
            (870, "B+"),
            (830, "B"),
            (800, "B-"),
            (770, "C+"),
            (730, "C"),
            (700, "C-"),
            (699, "D"),
            (600, "D"),
            (599, "F"),
            (0, "F"),
        ];
        for (tenths, label) in cases {
            assert_eq!(
                Grade::from_percent_tenths(tenths).label(),
                label,
                "{tenths}"
            );
        }
    }

    #[test]
    fn failing_critical_controls_cap_the_grade() {
        // Everything else passes: 10 categories' worth of passes.
        let mut results = vec![
            result("ENC001", Status::Pass),
            result("ENC005", Status::Pass),
            result("SEC001", Status::Pass),
            result("SEC004", Status::Pass),
            result("SEC011", Status::Pass),
            result("SEC012", Status::Pass),
            result("SEC013", Status::Pass),
            result("SEC014", Status::Pass),
            result("SEC019", Status::Pass),
            result("SEC002", Status::Fail),
        ];
        let t = total(&category_scores(&results), &results);
        assert_eq!(t.uncapped_grade, "B+");
        assert_eq!(t.grade, "C");
        assert!(t.cap.is_some());
        results.push(result("SEC003", Status::Fail));
        let t = total(&category_scores(&results), &results);
        assert_eq!(t.grade, "D");
        assert_eq!(t.failing_critical, 2);
    }

    #[test]
    fn a_critical_cap_never_raises_a_grade() {
        let results = [
            result("ENC006", Status::Fail),
            result("ENC003", Status::Pass),
        ];
        let t = total(&category_scores(&results), &results);
        // 10 × 1 / 11 = 0.9 → 9 %: F stays F.
        assert_eq!(t.grade, "F");
        assert_eq!(t.cap, None);
    }

    #[test]
    fn training_value_rounds_to_the_nearest_half() {
        for (percent_tenths, expected) in [
            (763u64, 4.0),
            (900, 4.5),
            (160, 1.0),
            (1000, 5.0),
            (740, 3.5),
        ] {
            let halves = div_round(percent_tenths, 100);
            assert_eq!(tenths_to_f64(halves * 5), expected, "{percent_tenths}");
        }
    }

    #[test]
    fn nothing_applicable_has_no_grade() {
        let results = [result("ENC001", Status::NotApplicable)];
        let t = total(&category_scores(&results), &results);
        assert_eq!(t.grade, "n/a");
        assert_eq!(t.categories_scored, 0);
    }
}
