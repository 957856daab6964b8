//! Work is never lost: both sides' files and the options are kept in the
//! browser (IndexedDB, through `window.tfgradeStore` of the editor bundle)
//! and restored on reload; replacing them can be undone; an existing share
//! link is rewritten as the inputs change, so it always carries them.

use crate::share::{self, SharedState};
use crate::state::AppState;
use gloo::timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = tfgradeStore, js_name = load)]
    fn store_load(key: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = tfgradeStore, js_name = save)]
    fn store_save(key: &str, value: &str) -> Result<js_sys::Promise, JsValue>;
}

/// The IndexedDB key of the page's work.
const WORK: &str = "work";
const SAVE_DELAY_MS: u32 = 400;

/// The kept work, if any (`None` when storage is unavailable or empty).
pub async fn load() -> Option<SharedState> {
    let promise = store_load(WORK).ok()?;
    let text = JsFuture::from(promise).await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// Restores the kept work, or loads `fallback` when there is none.
pub fn restore_or(state: AppState, fallback: impl FnOnce() + 'static) {
    state.restoring.set(true);
    spawn_local(async move {
        match load().await {
            Some(saved) if !saved.candidate.is_empty() || !saved.reference.is_empty() => {
                state.restore(saved);
                state
                    .notice
                    .set(Some("Restored your work from this browser".into()));
            }
            _ => fallback(),
        }
        state.restoring.set(false);
    });
}

/// Saves the inputs shortly after every change (and rewrites the share
/// link when one was made).
pub fn keep(state: AppState) {
    let timer: Rc<RefCell<Option<Timeout>>> = Rc::default();
    Effect::new(move |_| {
        state.track_inputs();
        if state.restoring.get_untracked() {
            return;
        }
        let save = move || {
            let shared = state.shared();
            if !state.share_link.get_untracked().is_empty() {
                let fragment = share::encode(&shared);
                crate::browser::replace_fragment(&fragment);
                state
                    .share_link
                    .set(format!("{}#{fragment}", crate::browser::base_url()));
            }
            if state.embed {
                return;
            }
            let text = serde_json::to_string(&shared).unwrap_or_default();
            if let Ok(promise) = store_save(WORK, &text) {
                spawn_local(async move {
                    if JsFuture::from(promise).await.is_err() {
                        state.notice.set(Some(
                            "This browser refused to keep your work (storage full or private mode): save your files before leaving".into(),
                        ));
                    }
                });
            }
        };
        *timer.borrow_mut() = Some(Timeout::new(SAVE_DELAY_MS, save));
    });
}
