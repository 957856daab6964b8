//! The analysis worker: the only place the core runs. It answers the
//! page's [`Request`]s (see `tfgrade_web::protocol` for the messages) and
//! keeps the latest report for exports. Running here keeps the page
//! responsive while a large input is analysed.

use std::cell::RefCell;
use tfgrade_core::Report;
use tfgrade_web::engine;
use tfgrade_web::protocol::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The latest analysis (its id and report), for exports.
    static LATEST: RefCell<Option<(u32, Report)>> = const { RefCell::new(None) };
}

fn post(scope: &DedicatedWorkerGlobalScope, parts: &[JsValue]) {
    let message: js_sys::Array = parts.iter().collect();
    let _ = scope.post_message(&message);
}

fn answer(scope: &DedicatedWorkerGlobalScope, call: u32, result: Result<String, String>) {
    let (ok, text) = match result {
        Ok(text) => (true, text),
        Err(message) => (false, message),
    };
    post(
        scope,
        &[
            "result".into(),
            call.into(),
            ok.into(),
            JsValue::from_str(&text),
        ],
    );
}

fn handle(scope: &DedicatedWorkerGlobalScope, request: Request) {
    match request {
        Request::Analyse(request) => {
            let started = js_sys::Date::now();
            let analysed = engine::run(&request);
            let mut response = engine::respond(&request, &analysed);
            response.elapsed_ms = js_sys::Date::now() - started;
            LATEST.with(|l| *l.borrow_mut() = Some((request.id, analysed.report)));
            let text = serde_json::to_string(&response).unwrap_or_default();
            post(scope, &["analysed".into(), JsValue::from_str(&text)]);
        }
        Request::Export { call, id, format } => {
            let result = LATEST.with(|l| match &*l.borrow() {
                Some((latest, report)) if *latest == id => engine::export(report, &format),
                _ => Err("that analysis is no longer kept; export again".into()),
            });
            answer(scope, call, result);
        }
        Request::Api {
            call,
            files,
            options,
        } => answer(scope, call, engine::api(&files, &options)),
        Request::Classify { call, paths } => {
            let wanted = engine::classify(&paths);
            answer(
                scope,
                call,
                Ok(serde_json::to_string(&wanted).unwrap_or_default()),
            );
        }
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        match serde_json::from_str::<Request>(&text) {
            Ok(request) => handle(&reply_to, request),
            Err(e) => post(
                &reply_to,
                &[
                    "failed".into(),
                    JsValue::from_str(&format!("malformed request: {e}")),
                ],
            ),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let catalog = serde_json::to_string(&engine::catalog()).unwrap_or_default();
    post(&scope, &["ready".into(), JsValue::from_str(&catalog)]);
}
