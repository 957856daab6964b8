//! The small pieces of the outside world the page touches: downloads,
//! the clipboard, the URL and the Content-Security-Policy lock.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

fn window() -> web_sys::Window {
    web_sys::window().expect("the page runs in a window")
}

/// Offers `text` as a download named `name` (a Blob behind an object URL;
/// nothing leaves the machine).
///
/// # Errors
/// When the browser refuses to make the Blob or the link.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = Array::of1(&JsValue::from_str(text));
    let bag = BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &bag)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let document = window()
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?
        .append_child(&link)?;
    link.click();
    link.remove();
    // The download has started from the URL; give it a moment before revoking.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Writes text to the clipboard.
///
/// # Errors
/// When the clipboard is unavailable or the user denied it.
pub async fn copy_text(text: &str) -> Result<(), JsValue> {
    let clipboard = Reflect::get(&window().navigator(), &JsValue::from_str("clipboard"))?;
    let write: Function = Reflect::get(&clipboard, &JsValue::from_str("writeText"))?.dyn_into()?;
    let promise: Promise = write
        .call1(&clipboard, &JsValue::from_str(text))?
        .dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}

/// The URL fragment (with its `#`), or "".
#[must_use]
pub fn fragment() -> String {
    window().location().hash().unwrap_or_default()
}

/// Whether the query string asks for embed mode (`?embed`).
#[must_use]
pub fn embed_requested() -> bool {
    let search = window().location().search().unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "embed" || p.starts_with("embed="))
}

/// The page's address without query and fragment.
#[must_use]
pub fn base_url() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// Replaces the fragment without adding a history entry or reloading.
pub fn replace_fragment(fragment: &str) {
    if let Ok(history) = window().history() {
        let url = format!(
            "{}{}#{}",
            base_url(),
            window().location().search().unwrap_or_default(),
            fragment
        );
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Once the page and its worker are loaded, nothing else may be fetched:
/// adds a second policy forbidding every connection. Policies only ever
/// tighten, so the one in `index.html` (which had to allow fetching the wasm
/// from 'self') is now narrowed to none.
pub fn lock_connections() {
    let Some(document) = window().document() else {
        return;
    };
    let Some(head) = document.head() else { return };
    if document
        .query_selector("meta[data-csp-lock]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    if let Ok(meta) = document.create_element("meta") {
        let _ = meta.set_attribute("http-equiv", "Content-Security-Policy");
        let _ = meta.set_attribute("content", "connect-src 'none'");
        let _ = meta.set_attribute("data-csp-lock", "");
        let _ = head.append_child(&meta);
    }
}

/// Human-readable byte size.
#[must_use]
pub fn size_label(bytes: usize) -> String {
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    } else if b >= 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else {
        format!("{bytes} B")
    }
}
