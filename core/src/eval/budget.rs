//! The evaluation budget of one analysis: every expression, local and
//! `templatefile` call of every module draws on it, so that many small
//! evaluations cannot add up to hours (a thousand resources each iterating
//! four million elements) or gigabytes (a megabyte string copied into a
//! list three thousand times). When it is spent, every later evaluation is
//! `Unknown` ("could not be determined"), and the model says where the
//! budget ran out.
//!
//! The budget grows with the input, so that a large real configuration
//! never meets it: a few steps and bytes per byte of input on top of a base
//! that every configuration of the corpus stays far below.

use std::cell::Cell;

/// Evaluation steps every analysis may take, whatever its size.
pub const BASE_STEPS: u64 = 20_000_000;
/// Further steps per byte of input.
pub const STEPS_PER_INPUT_BYTE: u64 = 8;
/// Bytes of values every analysis may produce, whatever its size.
pub const BASE_BYTES: u64 = 64 << 20;
/// Further bytes of values per byte of input.
pub const BYTES_PER_INPUT_BYTE: u64 = 8;

/// The diagnostic at the first value evaluated after the budget ran out.
pub const SPENT_MESSAGE: &str = "the evaluation budget of the analysis ran out here: \
     this value and later ones could not be determined";

/// What is left of an analysis's budget. Shared by reference (one
/// analysis runs on one thread); [`Cell`]s make spending possible from
/// every evaluator at once.
#[derive(Debug)]
pub struct Budget {
    steps_left: Cell<u64>,
    bytes_left: Cell<u64>,
    spent: Cell<bool>,
    reported: Cell<bool>,
}

impl Budget {
    /// The budget of an analysis of `input_bytes` bytes of Terraform text.
    #[must_use]
    pub fn for_input(input_bytes: usize) -> Self {
        let input = u64::try_from(input_bytes).unwrap_or(u64::MAX);
        Self::new(
            BASE_STEPS.saturating_add(input.saturating_mul(STEPS_PER_INPUT_BYTE)),
            BASE_BYTES.saturating_add(input.saturating_mul(BYTES_PER_INPUT_BYTE)),
        )
    }

    /// A budget of exactly `steps` steps and `bytes` bytes of values.
    #[must_use]
    pub fn new(steps: u64, bytes: u64) -> Self {
        Self {
            steps_left: Cell::new(steps),
            bytes_left: Cell::new(bytes),
            spent: Cell::new(false),
            reported: Cell::new(false),
        }
    }

    /// Spends `steps` evaluation steps; `false` once the budget is spent.
    pub fn spend_steps(&self, steps: usize) -> bool {
        Self::spend(&self.steps_left, steps, &self.spent)
    }

    /// Spends `bytes` bytes of produced values; `false` once the budget is
    /// spent.
    pub fn spend_bytes(&self, bytes: usize) -> bool {
        Self::spend(&self.bytes_left, bytes, &self.spent)
    }

    fn spend(left: &Cell<u64>, amount: usize, spent: &Cell<bool>) -> bool {
        if spent.get() {
            return false;
        }
        let amount = u64::try_from(amount).unwrap_or(u64::MAX);
        match left.get().checked_sub(amount) {
            Some(rest) => {
                left.set(rest);
                true
            }
            None => {
                left.set(0);
                spent.set(true);
                false
            }
        }
    }

    /// Whether the budget ran out.
    #[must_use]
    pub fn is_spent(&self) -> bool {
        self.spent.get()
    }

    /// `true` the first time it is asked after the budget ran out: the
    /// caller then says where (once per analysis).
    pub fn report_once(&self) -> bool {
        self.spent.get() && !self.reported.replace(true)
    }

    /// Steps left (for measurements and tests).
    #[must_use]
    pub fn steps_left(&self) -> u64 {
        self.steps_left.get()
    }

    /// Bytes left (for measurements and tests).
    #[must_use]
    pub fn bytes_left(&self) -> u64 {
        self.bytes_left.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spending_past_either_limit_spends_the_budget() {
        let budget = Budget::new(10, 100);
        assert!(budget.spend_steps(6));
        assert!(budget.spend_bytes(60));
        assert!(!budget.is_spent());
        assert!(!budget.spend_steps(5), "only 4 steps left");
        assert!(budget.is_spent());
        assert!(!budget.spend_bytes(1), "spent for good");
        assert!(budget.report_once());
        assert!(!budget.report_once(), "reported once");
    }

    #[test]
    fn grows_with_the_input() {
        let small = Budget::for_input(0);
        let large = Budget::for_input(1 << 20);
        assert_eq!(small.steps_left(), BASE_STEPS);
        assert_eq!(
            large.steps_left(),
            BASE_STEPS + (1 << 20) * STEPS_PER_INPUT_BYTE
        );
        assert_eq!(
            large.bytes_left(),
            BASE_BYTES + (1 << 20) * BYTES_PER_INPUT_BYTE
        );
    }
}
