//! Mounts the tfgrade page and exports the embedding API; the application
//! itself lives in the library, the analysis in the worker.

use wasm_bindgen::prelude::*;

/// `analyze(files, options)`: see the README's "JavaScript API" section.
#[wasm_bindgen]
pub fn analyze(files: JsValue, options: JsValue) -> js_sys::Promise {
    tfgrade_web::api::analyze(files, options)
}

fn main() {
    console_error_panic_hook::set_once();
    tfgrade_web::api::install();
    leptos::mount::mount_to_body(tfgrade_web::App);
}
