//! The bridge to the code editor (CodeMirror 6, bundled from `web/editor/`
//! into the static module `tfgrade-editor.js`, which sets
//! `window.tfgradeEditor`). One editor shows one file at a time; files are
//! known by key (the page's document id), each with its own undo history.

use crate::protocol::Mark;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The JS editor object (`web/editor/editor.js`, class `CodeEditor`).
    #[derive(Clone)]
    pub type CodeEditor;

    #[wasm_bindgen(catch, js_namespace = tfgradeEditor, js_name = create)]
    fn create_editor(
        host: &web_sys::Element,
        callbacks: &js_sys::Object,
    ) -> Result<CodeEditor, JsValue>;

    /// Shows file `key`; `text` is used only the first time the key is seen.
    #[wasm_bindgen(method)]
    pub fn show(this: &CodeEditor, key: &str, text: &str);

    /// Replaces the shown file's text as one change that Undo takes back.
    #[wasm_bindgen(method)]
    pub fn replace(this: &CodeEditor, text: &str);

    #[wasm_bindgen(method, js_name = setMarks)]
    fn set_marks_js(this: &CodeEditor, key: &str, marks: &JsValue);

    /// Cursor at `line`:`column` (one-based, columns in Unicode scalar
    /// values as in the report), scrolled into view, focused.
    #[wasm_bindgen(method)]
    pub fn reveal(this: &CodeEditor, line: u32, column: u32);

    /// Forgets every file whose key is not listed.
    #[wasm_bindgen(method)]
    fn retain(this: &CodeEditor, keys: &js_sys::Array);

    /// Sends a pending edit to the page now.
    #[wasm_bindgen(method)]
    pub fn flush(this: &CodeEditor);
}

thread_local! {
    static EDITOR: RefCell<Option<CodeEditor>> = const { RefCell::new(None) };
}

/// Creates the editor in `host`. `on_change(key, text)` is called shortly
/// after edits; `on_open_docs(control)` when a mark's documentation link is
/// followed.
///
/// # Errors
/// When the editor module did not load.
pub fn mount(
    host: &web_sys::Element,
    on_change: impl Fn(String, String) + 'static,
    on_open_docs: impl Fn(String) + 'static,
) -> Result<(), JsValue> {
    let callbacks = js_sys::Object::new();
    let change = Closure::<dyn Fn(String, String)>::new(on_change);
    let docs = Closure::<dyn Fn(String)>::new(on_open_docs);
    js_sys::Reflect::set(&callbacks, &"onChange".into(), change.as_ref())?;
    js_sys::Reflect::set(&callbacks, &"onOpenDocs".into(), docs.as_ref())?;
    change.forget();
    docs.forget();
    let editor = create_editor(host, &callbacks)?;
    EDITOR.with(|e| *e.borrow_mut() = Some(editor));
    Ok(())
}

/// Runs `f` with the editor, if it exists.
pub fn with<R>(f: impl FnOnce(&CodeEditor) -> R) -> Option<R> {
    EDITOR.with(|e| e.borrow().as_ref().map(f))
}

pub fn set_marks(key: &str, marks: &[Mark]) {
    let value = serde_wasm_bindgen::to_value(marks).unwrap_or(JsValue::NULL);
    with(|e| e.set_marks_js(key, &value));
}

pub fn retain_keys(keys: impl IntoIterator<Item = String>) {
    let array: js_sys::Array = keys.into_iter().map(|k| JsValue::from_str(&k)).collect();
    with(|e| e.retain(&array));
}
