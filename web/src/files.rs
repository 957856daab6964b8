//! Reading the user's files: dropped files and folders (through
//! `DataTransferItem.webkitGetAsEntry`, so relative paths are kept) and the
//! file and folder pickers.

use crate::protocol::SourceText;
use js_sys::{Array, Promise};
use std::future::Future;
use std::pin::Pin;
use tfgrade_core::FileKind;
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

/// Reads dropped entries, walking folders.
pub async fn read_dropped(dropped: Vec<Dropped>) -> ReadFiles {
    let mut read = ReadFiles::default();
    for item in dropped {
        match item {
            Dropped::Entry(entry) => walk(entry, &mut read).await,
            Dropped::File(file) => {
                let name = file.name();
                read_one(&file, name, &mut read).await;
            }
        }
    }
    read.files.sort_by(|a, b| a.path.cmp(&b.path));
    read
}

/// Reads the files of a picker (`webkitRelativePath` kept for folders).
pub async fn read_picked(files: FileList) -> ReadFiles {
    let mut read = ReadFiles::default();
    for file in list(&files) {
        let relative = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|p| !p.is_empty());
        let path = relative.unwrap_or_else(|| file.name());
        if path
            .split('/')
            .any(|segment| SKIPPED_FOLDERS.contains(&segment))
        {
            continue;
        }
        read_one(&file, path, &mut read).await;
    }
    read.files.sort_by(|a, b| a.path.cmp(&b.path));
    read
}

fn list(files: &FileList) -> Vec<File> {
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

/// Whether a path is worth reading: what the core reads, plus JSON and
/// templates that `file()` and `templatefile()` may load.
fn wanted(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    FileKind::of_path(path) != FileKind::Ignored
        || lower.ends_with(".json")
        || lower.ends_with(".tpl")
        || lower.ends_with(".tftpl")
}

async fn read_one(file: &File, path: String, read: &mut ReadFiles) {
    if !wanted(&path) || file.size() > MAX_FILE_BYTES {
        read.skipped.push(path);
        return;
    }
    match JsFuture::from(file.text()).await {
        Ok(text) => read.files.push(SourceText {
            path,
            text: text.as_string().unwrap_or_default(),
        }),
        Err(_) => read.skipped.push(path),
    }
}

fn walk<'a>(
    entry: FileSystemEntry,
    read: &'a mut ReadFiles,
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
                    walk(child.unchecked_into(), read).await;
                }
            }
        } else {
            let file_entry: FileSystemFileEntry = entry.unchecked_into();
            let promise = Promise::new(&mut |resolve, reject| {
                file_entry.file_with_callback_and_callback(&resolve, &reject);
            });
            match JsFuture::from(promise).await {
                Ok(file) => read_one(&file.unchecked_into(), path, read).await,
                Err(_) => read.skipped.push(path),
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
