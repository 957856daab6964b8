//! TST001: the input comes with tests.

use crate::rules::prelude::*;

declare_control! {
    /// The configuration comes with tests (`.tftest.hcl` run blocks or test files).
    ///
    /// ## Why it matters
    /// Infrastructure code breaks in ways a review does not see: a renamed
    /// variable, a validation that rejects the production value, a
    /// security group that no longer opens the port the application needs.
    /// `terraform test` files (`*.tftest.hcl`, Terraform 1.6+) plan or apply
    /// the configuration and assert on the result; Terratest (`*_test.go`),
    /// Jest or pytest suites do the same from outside. Without tests every
    /// change is verified by hand or in production. The report counts the
    /// test cases: `run` blocks, and `it`/`test` cases or test functions in
    /// other files.
    ///
    /// ## Remediation
    /// Add a `tests/` folder with `terraform test` files:
    ///
    /// ```hcl
    /// # tests/storage.tftest.hcl
    /// run "bucket_is_encrypted" {
    ///   command = plan
    ///
    ///   assert {
    ///     condition     = aws_s3_bucket_server_side_encryption_configuration.data.rule[0].apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
    ///     error_message = "The data bucket must use SSE-KMS."
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "TST001",
        slug: "tests-present",
        category: Category::Tst,
        severity: Severity::Medium,
        scope: Scope::Presence,
        references: &[
            "Terraform documentation: Tests (terraform test, .tftest.hcl files)",
            "AWS Prescriptive Guidance: Best practices for using the Terraform AWS Provider (testing)",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
# file: tests/main.tftest.hcl
run "plan" {
  command = plan

  assert {
    condition     = aws_s3_bucket.data.bucket == "example-data"
    error_message = "Unexpected bucket name."
  }
}
"#,
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
# file: test/stack.test.ts
describe("stack", () => {
  it("creates the bucket", () => {
    expect(true).toBe(true);
  });
});
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
            // A test file without a single `run` block tests nothing.
            r#"
# expect-stack: warn
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
# file: tests/main.tftest.hcl
variables {
  name = "example"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    let files = &cx.model.test_files;
    if files.is_empty() {
        out.stack(
            Outcome::Fail,
            "no tests: no `.tftest.hcl` file and no test file (`*.test.ts`, `*_test.go`, `test_*.py`, …)",
        );
        return;
    }
    let cases: usize = files.iter().map(|f| f.cases).sum();
    let runs = cx.model.tftest_runs;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if cases == 0 {
        out.stack(
            Outcome::Warn,
            format!(
                "{} found, but with 0 test cases (no `run` blocks or test functions)",
                plural(files.len(), "test file")
            ),
        );
        return;
    }
    let detail = if runs > 0 {
        format!(" ({} of `terraform test`)", plural(runs, "`run` block"))
    } else {
        String::new()
    };
    out.stack(
        Outcome::Pass,
        format!(
            "{} in {}{detail}",
            plural(cases, "test case"),
            plural(files.len(), "test file")
        ),
    );
}
