//! The analysis worker: receives an [`AnalysisRequest`] as a JSON string,
//! answers with an [`AnalysisResponse`] as a JSON string. Running here keeps
//! the page responsive while a large input is analysed.

use tfgrade_web::protocol::{AnalysisRequest, AnalysisResponse, READY};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        let started = js_sys::Date::now();
        let response = match serde_json::from_str::<AnalysisRequest>(&text) {
            Ok(request) => {
                let mut response = tfgrade_web::engine::run(&request);
                response.elapsed_ms = js_sys::Date::now() - started;
                response
            }
            Err(e) => AnalysisResponse {
                option_errors: vec![format!("malformed request: {e}")],
                ..AnalysisResponse::default()
            },
        };
        let answer = serde_json::to_string(&response).unwrap_or_default();
        let _ = reply_to.post_message(&JsValue::from_str(&answer));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
