//! Throughput of reading and parsing real Terraform: `read_input` (decode,
//! classify, parse, duplicate-key handling) over every `.tf` file under
//! `corpus/realworld`, several times; prints the median in MB/s.
//!
//! ```text
//! cargo run --release -p tfgrade-core --example bench_parse -- [CORPUS_DIR] [ITERATIONS]
//! ```
//!
//! `CORPUS_DIR` defaults to `$TFGRADE_CORPUS/realworld`, else
//! `../shared/corpus/realworld` relative to the crate. Files are read into
//! memory first: only the analysis is timed, not the disk.

// Printing the figures is this program's purpose.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tfgrade_core::{read_input, InputSet};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(default_corpus);
    let iterations: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(9).max(1);

    let mut input = InputSet::new();
    let mut total_bytes = 0usize;
    for path in tf_files(&dir) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                total_bytes += bytes.len();
                let relative = path.strip_prefix(&dir).unwrap_or(&path);
                input.add(relative.to_string_lossy().into_owned(), bytes);
            }
            Err(error) => eprintln!("skipping {}: {error}", path.display()),
        }
    }
    if input.files.is_empty() {
        eprintln!("no .tf files under {}", dir.display());
        return ExitCode::FAILURE;
    }

    let mut seconds = Vec::with_capacity(iterations);
    let mut failures = 0;
    for _ in 0..iterations {
        let start = Instant::now();
        let read = read_input(&input);
        seconds.push(start.elapsed().as_secs_f64());
        failures = read.files.iter().filter(|file| file.body.is_err()).count();
        std::hint::black_box(read);
    }
    seconds.sort_by(f64::total_cmp);
    let median = seconds[seconds.len() / 2];
    let megabytes = total_bytes as f64 / 1_000_000.0;
    println!(
        "read_input: {} files, {megabytes:.2} MB, {failures} parse failures; \
         median {:.1} ms over {iterations} runs = {:.1} MB/s (best {:.1} MB/s)",
        input.files.len(),
        median * 1000.0,
        megabytes / median,
        megabytes / seconds[0],
    );
    ExitCode::SUCCESS
}

fn default_corpus() -> PathBuf {
    std::env::var_os("TFGRADE_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/realworld"),
        |corpus| PathBuf::from(corpus).join("realworld"),
    )
}

/// `.tf` files under `dir`, sorted, without following symlinks.
fn tf_files(dir: &Path) -> Vec<PathBuf> {
    let mut pending = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if file_type.is_dir() {
                pending.push(path);
            } else if file_type.is_file() && path.extension().is_some_and(|ext| ext == "tf") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
