//! `tfgrade`: the command line over tfgrade-core.

mod files;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "tfgrade",
    version,
    about = "Terraform security rubric analysis"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse Terraform files and folders (`-` reads standard input).
    #[command(
        after_help = "Examples:\n  tfgrade check .\n  tfgrade check main.tf network/\n  cat main.tf | tfgrade check - --format json"
    )]
    Check {
        /// Files or folders (read recursively, `.terraform/` skipped); `-` for standard input.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { paths, format } => match check(&paths, format) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                let _ = writeln!(std::io::stderr(), "tfgrade: {message}");
                ExitCode::from(2)
            }
        },
    }
}

fn check(paths: &[PathBuf], format: Format) -> Result<(), String> {
    let input = files::read_paths(paths)?;
    let inventory = tfgrade_core::inventory(&input);
    let mut out = std::io::stdout().lock();
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&inventory).map_err(|e| e.to_string())? + "\n",
        Format::Text => render_text(&inventory),
    };
    out.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write output: {e}"))
}

fn render_text(inventory: &tfgrade_core::Inventory) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let total: usize = inventory.resources_by_type.values().sum();
    let failed = inventory.files.iter().filter(|f| f.error.is_some()).count();
    let _ = writeln!(
        s,
        "{} files, {failed} with parse errors, {total} resources",
        inventory.files.len()
    );
    for file in &inventory.files {
        if let Some(e) = &file.error {
            let _ = writeln!(
                s,
                "error: {}:{}:{}: {}",
                file.path, e.line, e.column, e.message
            );
        }
    }
    for (ty, n) in &inventory.resources_by_type {
        let _ = writeln!(s, "{n:>6}  {ty}");
    }
    s
}
