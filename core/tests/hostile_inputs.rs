//! Hostile inputs through the whole core: `analyze` (reading, modelling,
//! every control, the report) and the report's JSON (see
//! `support/hostile.rs` for the cases).
//!
//! For each case the analysis must not panic or abort, must give a clear
//! parse error (file, line, column, reason) or a normal result, and must
//! stay within the case's bounds:
//!
//! * time: wall clock of the analysis, a robustness bound for a debug build
//!   on a shared two-core machine (not a speed benchmark: a case that hangs
//!   or goes quadratic exceeds it by far; a watchdog aborts the binary at
//!   twice the bound instead of hanging);
//! * memory: peak heap bytes allocated during the analysis above what was
//!   allocated before it, measured by a counting global allocator
//!   (`peakmem-alloc`) in this test binary. Cases run one at a time (a
//!   lock), so that the counter sees one analysis only.
//!
//! Each analysis runs on a thread with a fixed stack (see [`STACK_BYTES`]):
//! a recursion that the guards should stop overflows it, which aborts this
//! test binary.

mod support;

use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait, INSTRUMENTED_SYSTEM};
use std::alloc::System;
use std::sync::{mpsc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use support::hostile::{self, Case, Expect};
use tfgrade_core::model::Model;
use tfgrade_core::{analyze, AnalysisOptions, InputSet};

#[global_allocator]
static ALLOCATOR: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

/// One case at a time, so that the allocation counter measures one analysis.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Stack of the thread an analysis runs on. In a debug build, 8 MiB: the
/// main thread's stack on Linux, which is what the CLI runs on (parsing
/// for-expressions nested to hcl-edit's limit of 64 levels takes more than
/// the 2 MiB of a test thread in a debug build). In a release build
/// (`cargo test --release`), 1 MiB: the stack of a wasm32 module, what the
/// browser build runs on.
const STACK_BYTES: usize = if cfg!(debug_assertions) {
    8 << 20
} else {
    1 << 20
};

const MIB: usize = 1 << 20;

/// What one analysis left behind, for the checks.
struct Outcome {
    /// `(path, line, column, message)` of every parse error.
    parse_errors: Vec<(String, u32, u32, String)>,
    /// Terraform-syntax files in the report (Markdown blocks one each).
    terraform_files: usize,
    controls: usize,
    json_bytes: usize,
    elapsed: Duration,
    peak_bytes: usize,
}

/// The whole analysis, as the CLI and the web page run it: the report and
/// its JSON.
fn analyse(input: &InputSet) -> Outcome {
    let started = Instant::now();
    let report = analyze(input, &AnalysisOptions::default());
    let json = report.to_json();
    let elapsed = started.elapsed();
    Outcome {
        parse_errors: report
            .files
            .iter()
            .filter_map(|file| {
                let error = file.error.as_ref()?;
                Some((
                    file.path.clone(),
                    error.line,
                    error.column,
                    error.message.clone(),
                ))
            })
            .collect(),
        terraform_files: report
            .files
            .iter()
            .filter(|file| file.kind.is_terraform_syntax())
            .count(),
        controls: report.controls.len(),
        json_bytes: json.len(),
        elapsed,
        peak_bytes: 0,
    }
}

/// Builds the tables a process builds once, on first use (the AWS provider
/// schema, AWS's value rules, the prompt lexicon), so that the first case
/// measured does not pay for them: they are not part of one analysis.
fn warm_up() {
    static WARM: std::sync::Once = std::sync::Once::new();
    WARM.call_once(|| {
        let mut input = InputSet::new();
        input.add(
            "main.tf",
            b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"warm-up\"\n}\n".to_vec(),
        );
        let options = tfgrade_core::AnalysisOptions {
            prompt: Some("Create an encrypted S3 bucket.".to_string()),
            ..tfgrade_core::AnalysisOptions::default()
        };
        let _ = tfgrade_core::analyze(&input, &options);
    });
}

/// Runs one case on its own thread, measuring time and peak memory.
fn run(case: &Case) -> Outcome {
    let mut input = InputSet::new();
    for (path, bytes) in &case.files {
        input.add(path.clone(), bytes.clone());
    }
    let (sender, receiver) = mpsc::channel();
    let name = case.name;
    warm_up();
    ALLOCATOR.reset_peak_memory();
    let worker = std::thread::Builder::new()
        .name(format!("hostile-{name}"))
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let outcome = analyse(&input);
            drop(input);
            let _ = sender.send(outcome);
        })
        .expect("spawn the analysis thread");
    let watchdog = Duration::from_secs(case.max_seconds * 2);
    let mut outcome = match receiver.recv_timeout(watchdog) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // The runaway thread cannot be stopped, and it would skew the
            // time and memory of every later case: stop the whole binary.
            runaway(name, watchdog)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let panic = worker.join().err();
            panic!("{name}: the analysis panicked: {panic:?}")
        }
    };
    worker.join().expect("the analysis thread ends");
    outcome.peak_bytes = ALLOCATOR.get_peak_memory();
    outcome
}

/// Checks one case: expectation, then bounds.
fn check(name: &str, make: fn() -> Case) {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let case = make();
    assert_eq!(case.name, name, "a case is named after its generator");
    let outcome = run(&case);
    report(&case, &outcome);
    let name = case.name;
    match case.expect {
        Expect::ParseError {
            file,
            line,
            column,
            reason,
        } => {
            let found = outcome
                .parse_errors
                .iter()
                .find(|(path, ..)| path == file)
                .unwrap_or_else(|| {
                    panic!(
                        "{name}: expected a parse error in {file}, got {:?}",
                        outcome.parse_errors
                    )
                });
            assert_eq!(
                (found.1, found.2),
                (line, column),
                "{name}: parse error position (line, column) in {file}: {}",
                found.3
            );
            assert!(
                !found.3.trim().is_empty()
                    && found.3.to_lowercase().contains(&reason.to_lowercase()),
                "{name}: the reason {:?} should mention {reason:?}",
                found.3
            );
            assert!(
                found.3.len() < 2_000,
                "{name}: the reason is a message, not a dump ({} bytes)",
                found.3.len()
            );
        }
        Expect::Parses { files } => {
            assert!(
                outcome.parse_errors.is_empty(),
                "{name}: unexpected parse errors {:?}",
                outcome.parse_errors
            );
            assert_eq!(outcome.terraform_files, files, "{name}: Terraform files");
        }
        Expect::Diagnostic { message } => {
            assert!(
                outcome.parse_errors.is_empty(),
                "{name}: unexpected parse errors {:?}",
                outcome.parse_errors
            );
            // Model diagnostics are not part of the report: read the model
            // (outside the measured analysis; the case is small).
            let mut input = InputSet::new();
            for (path, bytes) in &case.files {
                input.add(path.clone(), bytes.clone());
            }
            let diagnostics: Vec<String> = Model::from_input(&input)
                .diagnostics
                .into_iter()
                .map(|d| d.message)
                .collect();
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d.to_lowercase().contains(&message.to_lowercase())),
                "{name}: expected a diagnostic mentioning {message:?}, got {diagnostics:?}"
            );
        }
    }
    assert!(outcome.controls > 0, "{name}: every control ran");
    assert!(outcome.json_bytes > 2, "{name}: results serialised");
    assert!(
        outcome.elapsed <= Duration::from_secs(case.max_seconds),
        "{name}: took {:?}, bound {} s ({})",
        outcome.elapsed,
        case.max_seconds,
        case.guards
    );
    assert!(
        outcome.peak_bytes <= case.max_peak_mib * MIB,
        "{name}: peak heap {} MiB, bound {} MiB ({})",
        outcome.peak_bytes / MIB,
        case.max_peak_mib,
        case.guards
    );
}

/// Ends the test binary after a case ran past its watchdog.
#[allow(
    clippy::print_stderr,
    reason = "the only way to say why the binary stops"
)]
fn runaway(name: &str, watchdog: Duration) -> ! {
    eprintln!("{name}: no result after {watchdog:?} (twice the time bound); aborting");
    std::process::abort()
}

/// One line per case on stderr (shown with `--nocapture`), for tuning the
/// bounds and for the record.
#[allow(
    clippy::print_stderr,
    reason = "measurements of a robustness test, shown with --nocapture"
)]
fn report(case: &Case, outcome: &Outcome) {
    eprintln!(
        "{:<36} input {:>9} B  time {:>8.3} s (bound {:>3} s)  peak {:>6.1} MiB (bound {:>4} MiB)  errors {:?}",
        case.name,
        case.size(),
        outcome.elapsed.as_secs_f64(),
        case.max_seconds,
        outcome.peak_bytes as f64 / MIB as f64,
        case.max_peak_mib,
        outcome.parse_errors.first(),
    );
}

macro_rules! hostile_cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                check(stringify!($case), hostile::$case);
            }
        )*

        /// Every case of the generator has a test here.
        #[test]
        fn every_generated_case_is_tested() {
            let tested = [$(stringify!($case)),*];
            let generated: Vec<&str> = hostile::all().iter().map(|(name, _)| *name).collect();
            assert_eq!(generated, tested);
        }
    };
}

hostile_cases!(
    deep_brackets,
    deep_objects,
    deep_parentheses,
    deep_blocks,
    deep_templates,
    deep_heredoc_templates,
    deep_function_calls,
    deep_for_expressions,
    deep_conditionals,
    deep_unary_operators,
    long_binary_operator_chain,
    long_traversal,
    blocks_nested_within_parser_limit,
    deep_json_arrays,
    deep_json_objects,
    deep_tfvars_json_arrays,
    deep_markdown_block_quotes,
    deep_markdown_lists,
    fifty_mib_file,
    fifty_mib_binary_file,
    one_mib_single_line,
    one_mib_single_line_error_at_end,
    invalid_utf8,
    nul_bytes,
    utf8_bom,
    crlf_line_ends,
    lone_cr_line_ends,
    unterminated_heredoc,
    unterminated_string,
    unterminated_interpolation,
    unterminated_block_comment,
    ten_thousand_tiny_files,
    ten_thousand_files_of_one_name,
    markdown_thousand_fenced_blocks,
    markdown_thousand_glued_fences,
    many_duplicate_keys,
    string_doubling_bomb,
    ten_thousand_s3_buckets,
    ten_thousand_security_groups,
    list_product_bomb,
    long_local_reference_chain,
    value_nesting_through_locals,
    list_product_in_every_resource,
    string_copied_in_a_loop,
    templatefile_in_a_loop,
);

/// Known limitations (see each generator's documentation): these exceed
/// their bounds today. `cargo test --test hostile_inputs -- --ignored`
/// shows whether they still do.
macro_rules! known_limitations {
    ($($case:ident: $why:literal),* $(,)?) => {
        $(
            #[test]
            #[ignore = $why]
            fn $case() {
                check(stringify!($case), hostile::$case);
            }
        )*

        #[test]
        fn every_known_limitation_is_listed() {
            let listed = [$(stringify!($case)),*];
            let generated: Vec<&str> = hostile::known_limitations()
                .iter()
                .map(|(name, _)| *name)
                .collect();
            assert_eq!(generated, listed);
        }
    };
}

known_limitations!(
    object_with_sixty_thousand_keys:
        "hcl-edit checks object keys linearly: parsing is quadratic in the keys",
);
