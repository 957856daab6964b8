//! Reading the user's files: dropped files and folders (through
//! `DataTransferItem.webkitGetAsEntry`, so relative paths are kept) and the
//! file and folder pickers. Paths are listed first, the worker says which
//! ones tfgrade reads, and only those are read, as bytes: the core decodes
//! them as the CLI does.

use crate::protocol::{Request, SourceText};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use js_sys::{Array, Promise, Uint8Array};
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemDirectoryReader,
    FileSystemEntry, FileSystemFileEntry,
};

/// Folders never worth reading: provider caches and version control.
const SKIPPED_FOLDERS: [&str; 4] = [".terraform", ".git", "node_modules", ".terragrunt-cache"];

/// Largest single file read (bigger ones are skipped with a notice).
pub const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// Something dropped, taken out of the `DataTransfer` while the drop event
/// is still being dispatched (its items are unusable afterwards).
pub enum Dropped {
    Entry(FileSystemEntry),
    File(File),
}

/// What was read, and what was left out.
#[derive(Default)]
pub struct ReadFiles {
    pub files: Vec<SourceText>,
    pub skipped: Vec<String>,
}

/// Takes the dropped entries (or plain files where the browser gives no entry).
#[must_use]
pub fn collect_drop(transfer: &DataTransfer) -> Vec<Dropped> {
    let mut out = Vec::new();
    let items = transfer.items();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => out.push(Dropped::Entry(entry)),
            _ => {
                if let Ok(Some(file)) = item.get_as_file() {
                    out.push(Dropped::File(file));
                }
            }
        }
    }
    if out.is_empty() {
        if let Some(files) = transfer.files() {
            out.extend(list(&files).into_iter().map(Dropped::File));
        }
    }
    out
}

/// Lists dropped entries with their paths, walking folders.
pub async fn list_dropped(dropped: Vec<Dropped>) -> Vec<(String, File)> {
    let mut found = Vec::new();
    for item in dropped {
        match item {
            Dropped::Entry(entry) => walk(entry, &mut found).await,
            Dropped::File(file) => found.push((file.name(), file)),
        }
    }
    found
}

/// Lists a picker's files (`webkitRelativePath` kept for folders).
#[must_use]
pub fn list_picked(files: &FileList) -> Vec<(String, File)> {
    list(files)
        .into_iter()
        .filter_map(|file| {
            let relative = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
                .ok()
                .and_then(|v| v.as_string())
                .filter(|p| !p.is_empty());
            let path = relative.unwrap_or_else(|| file.name());
            let skipped = path
                .split('/')
                .any(|segment| SKIPPED_FOLDERS.contains(&segment));
            (!skipped).then_some((path, file))
        })
        .collect()
}

/// Reads the listed files tfgrade reads; `progress(done, total)` is called
/// as files are read.
pub async fn read(mut found: Vec<(String, File)>, progress: impl Fn(usize, usize)) -> ReadFiles {
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let paths: Vec<String> = found.iter().map(|(p, _)| p.clone()).collect();
    let wanted: Vec<bool> = crate::runner::call_text(|call| Request::Classify { call, paths })
        .await
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let mut out = ReadFiles::default();
    let total = wanted.iter().filter(|w| **w).count();
    progress(0, total);
    for (i, (path, file)) in found.into_iter().enumerate() {
        if !wanted.get(i).copied().unwrap_or(false) || file.size() > MAX_FILE_BYTES {
            out.skipped.push(path);
            continue;
        }
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => {
                out.files
                    .push(source_text(path, Uint8Array::new(&buffer).to_vec()));
                progress(out.files.len(), total);
            }
            Err(_) => out.skipped.push(path),
        }
    }
    out
}

/// The editor's text of a file, keeping the bytes for the analysis when
/// the text is not exactly them (invalid UTF-8, a byte-order mark, UTF-16):
/// the core then reports what the CLI reports.
#[must_use]
pub fn source_text(path: String, bytes: Vec<u8>) -> SourceText {
    if !bytes.starts_with(b"\xEF\xBB\xBF") {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            return SourceText::new(path, text);
        }
    }
    let shown = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    SourceText {
        path,
        text: String::from_utf8_lossy(shown).into_owned(),
        bytes: Some(STANDARD.encode(&bytes)),
    }
}

fn list(files: &FileList) -> Vec<File> {
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

fn walk<'a>(
    entry: FileSystemEntry,
    found: &'a mut Vec<(String, File)>,
) -> Pin<Box<dyn Future<Output = ()> + 'a>> {
    Box::pin(async move {
        let path = entry.full_path().trim_start_matches('/').to_string();
        if entry.is_directory() {
            if SKIPPED_FOLDERS.contains(&entry.name().as_str()) {
                return;
            }
            let directory: FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = directory.create_reader();
            // readEntries answers in batches until it answers with none.
            loop {
                let Ok(batch) = JsFuture::from(read_entries(&reader)).await else {
                    break;
                };
                let batch: Array = batch.unchecked_into();
                if batch.length() == 0 {
                    break;
                }
                for child in batch.iter() {
                    walk(child.unchecked_into(), found).await;
                }
            }
        } else {
            let file_entry: FileSystemFileEntry = entry.unchecked_into();
            let promise = Promise::new(&mut |resolve, reject| {
                file_entry.file_with_callback_and_callback(&resolve, &reject);
            });
            if let Ok(file) = JsFuture::from(promise).await {
                found.push((path, file.unchecked_into()));
            }
        }
    })
}

fn read_entries(reader: &FileSystemDirectoryReader) -> Promise {
    Promise::new(&mut |resolve, reject| {
        if let Err(e) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    })
}
