//! Reading the files named on the command line into an input set.

use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use tfgrade_core::analysis::{analyze_parsed, ParsedInput};
use tfgrade_core::parse::{assemble, read_file};
use tfgrade_core::{AnalysisOptions, InputSet, Report};

/// Extensions worth reading; the core decides what each one is.
const READ_SUFFIXES: &[&str] = &[
    ".tf",
    ".tf.json",
    ".tfvars",
    ".tfvars.json",
    ".tftest.hcl",
    ".md",
    ".ts",
    ".go",
    ".py",
];

/// Reads files, folders (recursively, skipping `.terraform/` and hidden
/// folders) and `-` (standard input, named `stdin.tf`).
pub fn read_paths(paths: &[PathBuf]) -> Result<InputSet, String> {
    let mut input = InputSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            input.add("stdin.tf", bytes);
            continue;
        }
        let meta =
            std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            found.sort();
            // Large trees: read on every core, keep the sorted order.
            let read: Vec<(String, Vec<u8>)> = found
                .par_iter()
                .map(|file| {
                    std::fs::read(file)
                        .map(|bytes| (display_path(file.strip_prefix(path).unwrap_or(file)), bytes))
                        .map_err(|e| format!("cannot read {}: {e}", file.display()))
                })
                .collect::<Result<_, _>>()?;
            for (name, bytes) in read {
                input.add(name, bytes);
            }
        } else {
            let bytes =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            input.add(display_path(path), bytes);
        }
    }
    Ok(input)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if kind.is_dir() {
            if !name.starts_with('.') {
                walk(&path, found)?;
            }
        } else if READ_SUFFIXES.iter().any(|s| name.ends_with(s)) {
            found.push(path);
        }
    }
    Ok(())
}

fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Analyses the candidate (and the reference, if any), parsing files on
/// every core: parsing is most of the work, and each file parses alone.
pub fn analyze_parallel(
    candidate: &InputSet,
    reference: Option<&InputSet>,
    options: &AnalysisOptions,
) -> Report {
    let parse = |input| ParsedInput {
        input,
        read: assemble(input.files.par_iter().map(read_file).collect()),
    };
    let (candidate, reference) = rayon::join(|| parse(candidate), || reference.map(parse));
    let report = analyze_parsed(&candidate, reference.as_ref(), options);
    // The syntax trees are not needed again and the process ends soon:
    // freeing millions of nodes one by one would only cost time.
    std::mem::forget((candidate, reference));
    report
}
