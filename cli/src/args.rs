//! The command-line interface of RUBRIC 9.

pub use crate::files::StdinKind;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "tfgrade",
    version,
    about = "Grades Terraform against an AWS security rubric",
    long_about = "Grades Terraform against an AWS security rubric: which controls the \
                  configuration has and lacks, a score per category and a grade, and, given a \
                  reference answer or the task's prompt, how well it meets the task."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Analyse Terraform files, folders or Markdown answers.
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
}

const EXAMPLES: &str = "\
Examples:
  tfgrade check .                                  analyse the current folder
  tfgrade check main.tf network/ --profile strict  regulated-workload thresholds
  cat main.tf | tfgrade check -                    read standard input
  cat answer.md | tfgrade check - --stdin-kind md  standard input as a Markdown answer
  tfgrade check answer.md --reference ideal.md --prompt task.txt
  tfgrade check . --require deletion_protection=forbidden --require name_prefix=SecCFN
  tfgrade check . --format sarif --output tfgrade.sarif --fail-on high

Exit status: 0 when no control fails at or above --fail-on, 1 when one does,
2 for a usage or I/O error. Files that fail to parse are reported, never fatal.";

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or folders (read recursively, `.terraform/` and hidden folders
    /// skipped); `-` reads one file from standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// A reference answer to compare with: a file or folder, one per flag
    /// (repeat the flag for more), so that the paths after it stay the
    /// candidate's.
    #[arg(long, value_name = "PATH", action = clap::ArgAction::Append)]
    pub reference: Vec<PathBuf>,

    /// The task's prompt: requirements are extracted from its text.
    #[arg(long, value_name = "FILE")]
    pub prompt: Option<PathBuf>,

    /// Which rubric profile to grade against.
    #[arg(long, value_enum, default_value_t = ProfileArg::Task)]
    pub profile: ProfileArg,

    /// A requirement override, e.g. `deletion_protection=forbidden`,
    /// `name_prefix=SecCFN`, `backup_retention_days=30` (repeatable; wins
    /// over requirements extracted from the prompt).
    #[arg(long = "require", value_name = "KEY=VALUE")]
    pub requirements: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with status 1 when a control fails at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Critical)]
    pub fail_on: FailOn,

    /// Ignore `tfgrade:ignore` and peer suppression comments.
    #[arg(long)]
    pub no_suppressions: bool,

    /// Files larger than this many MiB are not read (each is reported as
    /// not analysed).
    #[arg(long, value_name = "MIB", default_value_t = crate::files::DEFAULT_MAX_FILE_MIB,
          value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
    pub max_file_size: u64,

    /// What standard input (`-`) holds; `auto` recognises JSON (`{` first)
    /// and Markdown (a fenced code block).
    #[arg(long, value_enum, value_name = "KIND", default_value_t = StdinKind::Auto)]
    pub stdin_kind: StdinKind,

    /// Show at most N findings in the output (every format); the output
    /// says how many were left out. SARIF keeps at most 25,000 results per
    /// run whatever this says (code-scanning services reject more).
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ProfileArg {
    /// Grade what the task asks: account-wide controls count when the
    /// prompt or the reference asks for them, otherwise they are advice.
    Task,
    /// A reusable module: only the resources it declares are judged.
    Module,
    /// A stack meant to stand up a secure environment.
    Baseline,
    /// Regulated workloads (PCI-DSS style thresholds, CMKs everywhere).
    Strict,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For a terminal: summary, failures by severity with code frames.
    Text,
    /// The review layout, for pull-request comments.
    Markdown,
    /// The versioned report of RUBRIC 9.
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    /// Always exit 0 unless the run itself fails.
    Never,
}
