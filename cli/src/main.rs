//! `tfgrade`: the command line over tfgrade-core, for pipelines and
//! pre-commit hooks.

mod args;
mod files;
mod progress;
mod text;

use args::{CheckArgs, Cli, Command, FailOn, Format, ProfileArg};
use clap::Parser;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use tfgrade_core::profile::{Profile, Requirements};
use tfgrade_core::report::Report;
use tfgrade_core::rules::{Severity, Status};
use tfgrade_core::AnalysisOptions;

/// Analysis allocates many small nodes; mimalloc is markedly faster at
/// that than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Stack for the threads that parse: deeply nested input (within the
/// parser's nesting limits) needs more than the 2 MiB a spawned thread
/// gets by default, especially in debug builds.
const PARSER_STACK_BYTES: usize = 16 << 20;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Only fails if a pool already exists, which cannot happen this early.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(PARSER_STACK_BYTES)
        .build_global();
    match cli.command {
        Command::Check(args) => match check(&args) {
            Ok(outcome) => outcome,
            Err(message) => {
                let _ = writeln!(std::io::stderr(), "tfgrade: {message}");
                ExitCode::from(2)
            }
        },
    }
}

/// Runs one analysis; `Err` is a usage or I/O problem (exit status 2).
fn check(args: &CheckArgs) -> Result<ExitCode, String> {
    let options = options(args)?;
    let progress = progress::Progress::start();
    progress.set("reading files");
    let read_options = files::ReadOptions {
        max_file_bytes: args.max_file_size.saturating_mul(1 << 20),
        stdin_kind: args.stdin_kind,
    };
    let candidate = files::read_paths(&args.paths, &read_options)?;
    let reference = if args.reference.is_empty() {
        None
    } else {
        Some(files::read_paths(&args.reference, &read_options)?)
    };
    progress.set(&format!(
        "analysing {} files",
        candidate.files.len() + reference.as_ref().map_or(0, |r| r.files.len())
    ));
    let mut report = files::analyze_parallel(&candidate, reference.as_ref(), &options);
    progress.finish();
    if let Some(limit) = args.max_findings {
        report.limit_findings(limit);
    }

    let rendered = match args.format {
        Format::Json => report.to_json(),
        Format::Markdown => report.to_markdown(),
        Format::Sarif => report.to_sarif(),
        Format::Text => {
            let colour = args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            text::render(&report, &candidate, colour)
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, rendered)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out
                .write_all(rendered.as_bytes())
                .and_then(|()| out.flush())
            {
                // A closed pipe (`| head`) is the reader's choice, not an error.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(format!("cannot write output: {e}"));
                }
            }
        }
    }
    Ok(if fails_at(&report, args.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn options(args: &CheckArgs) -> Result<AnalysisOptions, String> {
    let mut requirements = Requirements::new();
    for pair in &args.requirements {
        requirements
            .set_pair(pair)
            .map_err(|e| format!("--require {pair}: {e}"))?;
    }
    let prompt = match &args.prompt {
        Some(path) => Some(
            std::fs::read(path)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        ),
        None => None,
    };
    Ok(AnalysisOptions {
        profile: match args.profile {
            ProfileArg::Task => Profile::Task,
            ProfileArg::Module => Profile::Module,
            ProfileArg::Baseline => Profile::Baseline,
            ProfileArg::Strict => Profile::Strict,
        },
        requirements,
        prompt,
        reference: None,
        suppressions: !args.no_suppressions,
    })
}

/// Whether a control fails at or above the threshold (suppressed findings
/// already count as met in the control's status).
fn fails_at(report: &Report, threshold: FailOn) -> bool {
    let limit = match threshold {
        FailOn::Never => return false,
        FailOn::Critical => Severity::Critical,
        FailOn::High => Severity::High,
        FailOn::Medium => Severity::Medium,
        FailOn::Low => Severity::Low,
    };
    report
        .controls
        .iter()
        .any(|c| c.status == Status::Fail && c.severity.weight() >= limit.weight())
}
