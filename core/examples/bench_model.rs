//! Throughput of reading (decode, parse) and of reading plus building the
//! model, over the real-world corpus: median of several iterations.
//!
//! ```text
//! cargo run --release -p tfgrade-core --example bench_model [CORPUS_DIR] [ITERATIONS]
//! ```
//!
//! CORPUS_DIR defaults to `$TFGRADE_CORPUS/realworld` or
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus/realworld`; each repository in it
//! is one input set, as a user would drop it.
#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports on standard output"
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tfgrade_core::model::build;
use tfgrade_core::parse::read_input;
use tfgrade_core::InputSet;

fn read_tree(root: &Path) -> InputSet {
    let mut input = InputSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if let (Ok(bytes), Ok(rel)) = (std::fs::read(&path), path.strip_prefix(root)) {
                input.add(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    input
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().map_or_else(
        || {
            std::env::var_os("TFGRADE_CORPUS").map_or_else(
                || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/realworld"),
                |c| PathBuf::from(c).join("realworld"),
            )
        },
        PathBuf::from,
    );
    let iterations: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(7).max(1);

    let mut repos: Vec<PathBuf> = match std::fs::read_dir(&corpus) {
        Ok(d) => d
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect(),
        Err(e) => {
            println!("cannot read {}: {e}", corpus.display());
            std::process::exit(2);
        }
    };
    repos.sort();
    let inputs: Vec<InputSet> = repos.iter().map(|r| read_tree(r)).collect();
    let bytes: usize = inputs
        .iter()
        .flat_map(|i| &i.files)
        .map(|f| f.bytes.len())
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let megabytes = bytes as f64 / 1_000_000.0;
    println!(
        "corpus: {} ({} inputs, {megabytes:.2} MB), {iterations} iterations",
        corpus.display(),
        inputs.len()
    );

    let mut read_times = Vec::new();
    let mut build_times = Vec::new();
    let mut resources = 0;
    for _ in 0..iterations {
        let start = Instant::now();
        let reads: Vec<_> = inputs.iter().map(read_input).collect();
        let read_time = start.elapsed();
        let start = Instant::now();
        let models: Vec<_> = reads.iter().map(build).collect();
        let build_time = start.elapsed();
        resources = models.iter().map(|m| m.resources.len()).sum::<usize>();
        read_times.push(read_time);
        build_times.push(read_time + build_time);
        drop(models);
        drop(reads);
    }
    let read = median(read_times);
    let total = median(build_times);
    let build_only = total.saturating_sub(read);
    let rate = |d: Duration| megabytes / d.as_secs_f64().max(1e-9);
    println!(
        "read_input:         {:>8.1} ms  {:>7.1} MB/s",
        read.as_secs_f64() * 1e3,
        rate(read)
    );
    println!(
        "read_input + build: {:>8.1} ms  {:>7.1} MB/s",
        total.as_secs_f64() * 1e3,
        rate(total)
    );
    println!(
        "build alone:        {:>8.1} ms  ({:.0}% of read time; {resources} resources)",
        build_only.as_secs_f64() * 1e3,
        100.0 * build_only.as_secs_f64() / read.as_secs_f64().max(1e-9)
    );
}
