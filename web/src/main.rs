//! Mounts the tfgrade page and exports the embedding API; the application
//! itself lives in the library.

use wasm_bindgen::prelude::*;

/// `analyze(files, options)`: see `tfgrade_web::api` and `web/README-web.md`.
///
/// # Errors
/// A JS `Error` for malformed arguments.
#[wasm_bindgen]
pub fn analyze(files: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    tfgrade_web::api::analyze(files, options)
}

fn main() {
    console_error_panic_hook::set_once();
    tfgrade_web::api::install();
    leptos::mount::mount_to_body(tfgrade_web::App);
}
