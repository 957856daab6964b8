//! Reading the files named on the command line into an input set.
//!
//! Reading never loses the run: an entry that cannot be read (a dangling or
//! looping link, a named pipe, a device, a file over the size limit, a
//! folder without permission) becomes an entry of the input set with the
//! reason, reported on its path, and every other file is analysed. Only
//! regular files are opened, so nothing blocks (a named pipe) or runs on
//! forever (`/dev/zero`); a binary file is recognised on its first bytes
//! and the rest is never read.

use rayon::prelude::*;
use std::fs::File;
use std::io::{ErrorKind, Read};
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

/// The default of `--max-file-size`, in MiB: far above any hand-written
/// Terraform file, low enough that a stray dump cannot exhaust memory.
pub const DEFAULT_MAX_FILE_MIB: u64 = 64;

/// How many bytes are looked at to recognise a binary file.
const SNIFF_BYTES: usize = 8 << 10;

/// What standard input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StdinKind {
    /// Recognised from the content: `{` first means JSON, a fenced code
    /// block means Markdown, anything else Terraform.
    Auto,
    /// Terraform native syntax (`stdin.tf`).
    Tf,
    /// Terraform JSON syntax (`stdin.tf.json`).
    Json,
    /// A Markdown answer (`stdin.md`).
    Md,
}

/// How files are read.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions {
    /// Files larger than this are not read (reported instead).
    pub max_file_bytes: u64,
    pub stdin_kind: StdinKind,
}

/// One entry found on the command line or in a folder.
enum Entry {
    /// A file to read: where it is, and its name in reports.
    File { path: PathBuf, name: String },
    /// Something that cannot be read, named as in reports, with the reason.
    Unreadable { name: String, reason: String },
}

impl Entry {
    fn name(&self) -> &str {
        match self {
            Entry::File { name, .. } | Entry::Unreadable { name, .. } => name,
        }
    }
}

/// Reads files, folders (recursively, skipping `.terraform/` and hidden
/// folders) and `-` (standard input). Paths keep the folders they were
/// given with (`sns/main.tf`), so that each folder argument is its own
/// module, and the result does not depend on the order of the arguments.
/// `Err` only for an argument that does not exist at all.
pub fn read_paths(paths: &[PathBuf], options: &ReadOptions) -> Result<InputSet, String> {
    let mut entries = Vec::new();
    let mut stdin = None;
    for path in paths {
        if path.as_os_str() == "-" {
            stdin = Some(read_stdin(options));
            continue;
        }
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(format!(
                    "cannot read {}: no such file or folder",
                    path.display()
                ));
            }
            Err(e) => {
                entries.push(Entry::Unreadable {
                    name: display_path(path),
                    reason: reason_of(&e),
                });
                continue;
            }
        };
        // A folder given by a link to it is a folder argument too.
        if meta.is_dir() || (meta.is_symlink() && path.is_dir()) {
            walk(path, &mut entries);
        } else {
            entries.push(Entry::File {
                path: path.clone(),
                name: display_path(path),
            });
        }
    }
    let entries = without_repeats(entries);
    let read: Vec<(String, Result<Vec<u8>, String>)> = entries
        .into_par_iter()
        .map(|entry| match entry {
            Entry::File { path, name } => {
                let bytes = read_regular_file(&path, &name, options.max_file_bytes);
                (name, bytes)
            }
            Entry::Unreadable { name, reason } => (name, Err(reason)),
        })
        .collect();
    let mut input = InputSet::new();
    for (name, bytes) in read.into_iter().chain(stdin) {
        match bytes {
            Ok(bytes) => input.add(name, bytes),
            Err(reason) => input.add_unreadable(name, reason),
        };
    }
    Ok(input)
}

/// Standard input, named after its kind (given or recognised).
fn read_stdin(options: &ReadOptions) -> (String, Result<Vec<u8>, String>) {
    let mut bytes = Vec::new();
    let limit = options.max_file_bytes;
    let result = std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes);
    let kind = match options.stdin_kind {
        StdinKind::Auto => recognise(&bytes),
        kind => kind,
    };
    let name = match kind {
        StdinKind::Json => "stdin.tf.json",
        StdinKind::Md => "stdin.md",
        StdinKind::Tf | StdinKind::Auto => "stdin.tf",
    };
    let bytes = match result {
        Err(e) => Err(format!("cannot read standard input: {}", reason_of(&e))),
        Ok(_) if bytes.len() as u64 > limit => Err(too_large(limit)),
        Ok(_) => Ok(bytes),
    };
    (name.to_owned(), bytes)
}

/// What standard input is, from its content: JSON starts with `{` (a
/// Terraform body never does), Markdown has a fenced code block.
fn recognise(bytes: &[u8]) -> StdinKind {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 20)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        StdinKind::Json
    } else if text.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("```") || line.starts_with("~~~")
    }) {
        StdinKind::Md
    } else {
        StdinKind::Tf
    }
}

/// Collects the entries of a folder tree (without following links to
/// folders, so a link cannot make a loop). Entries whose names Terraform
/// analysis reads are kept, whatever they turn out to be; a folder that
/// cannot be listed becomes an unreadable entry.
fn walk(root: &Path, entries: &mut Vec<Entry>) {
    let mut folders = vec![root.to_path_buf()];
    while let Some(dir) = folders.pop() {
        let listing = match std::fs::read_dir(&dir) {
            Ok(listing) => listing,
            Err(e) => {
                entries.push(Entry::Unreadable {
                    name: display_path(&dir),
                    reason: format!("cannot list the folder: {}", reason_of(&e)),
                });
                continue;
            }
        };
        for entry in listing {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    entries.push(Entry::Unreadable {
                        name: display_path(&dir),
                        reason: format!("cannot list the folder: {}", reason_of(&e)),
                    });
                    break;
                }
            };
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
            if is_dir {
                if !name.starts_with('.') {
                    folders.push(path);
                }
            } else if READ_SUFFIXES.iter().any(|s| name.ends_with(s)) {
                entries.push(Entry::File {
                    name: display_path(&path),
                    path,
                });
            }
        }
    }
}

/// Sorts entries by name and drops an entry met twice (a file given
/// itself and within its folder): the order of the arguments no longer
/// matters.
fn without_repeats(mut entries: Vec<Entry>) -> Vec<Entry> {
    let identity = |entry: &Entry| match entry {
        Entry::File { path, .. } => std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()),
        Entry::Unreadable { name, .. } => PathBuf::from(name),
    };
    let mut keyed: Vec<(String, PathBuf, Entry)> = entries
        .drain(..)
        .map(|entry| (entry.name().to_owned(), identity(&entry), entry))
        .collect();
    keyed.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let mut seen = std::collections::HashSet::new();
    keyed
        .into_iter()
        .filter(|(_, identity, _)| seen.insert(identity.clone()))
        .map(|(_, _, entry)| entry)
        .collect()
}

/// Reads one file if it is a regular file within the size limit. A binary
/// file (a NUL byte in its first bytes) is read only that far: the core
/// reports the NUL byte where it is, and the rest would change nothing.
fn read_regular_file(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| reason_of(&e))?;
    if !meta.is_file() {
        return Err(format!("not a regular file ({})", file_type_name(&meta)));
    }
    if meta.len() > limit {
        return Err(too_large(limit));
    }
    let file = File::open(path).map_err(|e| reason_of(&e))?;
    // The entry may have been replaced since it was looked at.
    let meta = file.metadata().map_err(|e| reason_of(&e))?;
    if !meta.is_file() {
        return Err(format!("not a regular file ({})", file_type_name(&meta)));
    }
    let mut reader = file.take(limit.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| reason_of(&e))?;
    if looks_binary(&bytes, name) {
        bytes.shrink_to_fit();
        return Ok(bytes);
    }
    reader.read_to_end(&mut bytes).map_err(|e| reason_of(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// A NUL byte among the first bytes of a file that is not UTF-16 (which the
/// core decodes) marks a binary file. Markdown is read whole: only a NUL
/// inside an extracted block matters there.
fn looks_binary(first: &[u8], name: &str) -> bool {
    let utf16 = first.starts_with(b"\xFF\xFE") || first.starts_with(b"\xFE\xFF");
    let markdown = {
        let lower = name.to_ascii_lowercase();
        lower.ends_with(".md") || lower.ends_with(".markdown")
    };
    !utf16 && !markdown && first.contains(&0)
}

fn too_large(limit: u64) -> String {
    format!(
        "larger than the limit of {} (--max-file-size)",
        human_size(limit)
    )
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// What kind of entry a non-regular file is, in words.
fn file_type_name(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

/// Why an entry could not be read, in words (the system's message for the
/// rarer errors).
fn reason_of(error: &std::io::Error) -> String {
    /// `ELOOP` on Linux and the BSDs: too many levels of symbolic links.
    const LINK_LOOP: [i32; 2] = [40, 62];
    match error.kind() {
        ErrorKind::NotFound => "a link to nothing (dangling symbolic link)".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ if error
            .raw_os_error()
            .is_some_and(|code| LINK_LOOP.contains(&code)) =>
        {
            "a symbolic link loop".to_owned()
        }
        _ => error.to_string(),
    }
}

/// A path as reports show it: as given, or relative to the current folder
/// for an absolute path inside it.
fn display_path(path: &Path) -> String {
    static CURRENT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let current = CURRENT.get_or_init(|| std::env::current_dir().ok());
    let path = match current {
        Some(cwd) if path.is_absolute() => path.strip_prefix(cwd).unwrap_or(path),
        _ => path,
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_standard_input() {
        assert_eq!(recognise(b"  {\"resource\": {}}"), StdinKind::Json);
        assert_eq!(
            recognise(b"# Answer\n\n```hcl\nx = 1\n```\n"),
            StdinKind::Md
        );
        assert_eq!(recognise(b"resource \"a\" \"b\" {}\n"), StdinKind::Tf);
        assert_eq!(recognise(b""), StdinKind::Tf);
    }

    #[test]
    fn binary_only_on_nul_outside_utf16_and_markdown() {
        assert!(looks_binary(b"ab\0cd", "x.tf"));
        assert!(!looks_binary(b"\xFF\xFEa\0", "x.tf"));
        assert!(!looks_binary(b"a\0", "answer.md"));
        assert!(!looks_binary(b"abc", "x.tf"));
    }
}
