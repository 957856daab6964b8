//! The page's link to the analysis worker: starts it, re-analyses shortly
//! after every change (at most one request in flight and one waiting, the
//! newest), drops answers to superseded requests, and carries the other
//! calls (exports, the JS API, file classification) as promises.
//!
//! A worker that cannot load, does not start in time, or crashes never
//! leaves a spinner: the status line says what happened, and after a crash
//! a fresh worker takes the next change.

use crate::protocol::{AnalysisRequest, AnalysisResponse, Catalog, Request};
use crate::report_view::ReportView;
use crate::state::{Analysis, AppState, EngineStatus, Pending};
use gloo::timers::callback::Timeout;
use js_sys::{Array, Function, Promise};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// The worker's loader when the page names none (`scripts/build-web.sh`
/// writes the content-hashed name into `<meta name="tfgrade-worker">`).
const DEFAULT_WORKER_URL: &str = "./tfgrade-worker_loader.js";
const DEBOUNCE_MS: u32 = 150;
/// A worker that has not said "ready" by then is given up.
const START_TIMEOUT_MS: u32 = 15_000;

struct Client {
    worker: Option<Worker>,
    ready: bool,
    /// The worker loaded once: a later failure is a crash, worth a restart.
    started: bool,
    in_flight: bool,
    waiting: Option<AnalysisRequest>,
    latest: u32,
    sent: Vec<AnalysisRequest>,
    calls: HashMap<u32, (Function, Function)>,
    /// Calls made before the worker was ready.
    queued: Vec<String>,
    next_call: u32,
    start_timer: Option<Timeout>,
    debounce: Option<Timeout>,
    state: AppState,
}

thread_local! {
    static CLIENT: RefCell<Option<Rc<RefCell<Client>>>> = const { RefCell::new(None) };
}

fn current() -> Option<Rc<RefCell<Client>>> {
    CLIENT.with(|c| c.borrow().clone())
}

fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=tfgrade-worker]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| DEFAULT_WORKER_URL.to_string())
}

impl Client {
    fn post(&self, text: &str) -> bool {
        self.worker
            .as_ref()
            .is_some_and(|w| w.post_message(&JsValue::from_str(text)).is_ok())
    }

    fn submit(&mut self, request: AnalysisRequest) {
        self.latest = request.id;
        if !self.ready || self.in_flight {
            self.waiting = Some(request);
            return;
        }
        let text = serde_json::to_string(&Request::Analyse(request.clone())).unwrap_or_default();
        if self.post(&text) {
            self.in_flight = true;
            self.sent.push(request);
        } else {
            self.waiting = Some(request);
        }
    }

    /// The worker is unusable: say so, settle every promise, and restart it
    /// when it had worked before (a crash on one input must not end the page).
    fn fail(&mut self, message: String) {
        if let Some(worker) = self.worker.take() {
            worker.terminate();
        }
        let crashed = self.started;
        self.ready = false;
        self.in_flight = false;
        self.start_timer = None;
        self.sent.clear();
        for (_, (_, reject)) in self.calls.drain() {
            let _ = reject.call1(&JsValue::NULL, &js_sys::Error::new(&message));
        }
        self.queued.clear();
        self.state.pending.set(None);
        self.state.engine.set(EngineStatus::Failed(message));
        if crashed {
            self.waiting = None;
        }
    }
}

/// Starts the worker and the effect that re-analyses on every change.
pub fn start(state: AppState) {
    let client = Rc::new(RefCell::new(Client {
        worker: None,
        ready: false,
        started: false,
        in_flight: false,
        waiting: None,
        latest: 0,
        sent: Vec::new(),
        calls: HashMap::new(),
        queued: Vec::new(),
        next_call: 1,
        start_timer: None,
        debounce: None,
        state,
    }));
    CLIENT.with(|c| *c.borrow_mut() = Some(client.clone()));
    boot(&client);

    let next_id = Rc::new(RefCell::new(0_u32));
    Effect::new(move |previous: Option<()>| {
        state.track_inputs();
        state.revision.update(|r| *r += 1);
        let (files, bytes) = state.candidate.with_untracked(|c| {
            state.reference.with_untracked(|r| {
                (
                    c.len() + r.len(),
                    c.iter().chain(r).map(|d| d.text.len()).sum(),
                )
            })
        });
        let next_id = next_id.clone();
        let fire = move || {
            let id = {
                let mut n = next_id.borrow_mut();
                *n += 1;
                *n
            };
            let Some(client) = current() else { return };
            if state.restoring.get_untracked() {
                return;
            }
            if state.nothing_to_grade() {
                state.pending.set(None);
                state.analysis.set(None);
                return;
            }
            let mut c = client.borrow_mut();
            if c.worker.is_none() {
                // After a crash the next change gets a fresh worker.
                if c.started {
                    drop(c);
                    boot(&client);
                    c = client.borrow_mut();
                } else {
                    return;
                }
            }
            c.state.pending.set(Some(Pending { files, bytes }));
            c.submit(state.request(id));
        };
        if previous.is_none() {
            fire();
        } else if let Some(client) = current() {
            let timer = Timeout::new(DEBOUNCE_MS, fire);
            client.borrow_mut().debounce = Some(timer);
        }
    });
}

fn boot(client: &Rc<RefCell<Client>>) {
    let state = client.borrow().state;
    let worker = match Worker::new(&worker_url()) {
        Ok(w) => w,
        Err(e) => {
            client.borrow_mut().fail(format!(
                "The analyser could not be started: the browser refused a worker ({}).",
                describe(&e)
            ));
            return;
        }
    };
    state.engine.set(EngineStatus::Loading);
    let on_message = {
        let client = client.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            receive(&client, &event.data());
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = {
        let client = client.clone();
        // A script that does not load fires a plain `Event`, not an
        // `ErrorEvent`: reading `message` from it would throw.
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let detail = event
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .unwrap_or_default();
            let mut c = client.borrow_mut();
            let message = if c.started {
                format!("The analyser stopped while analysing this input ({detail}). Change the input to try again; if it keeps stopping, please report it with the input.")
            } else {
                format!("The analyser could not be loaded ({}). Check the connection and reload the page.", if detail.is_empty() { "its files did not load".to_string() } else { detail })
            };
            c.fail(message);
        })
    };
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let timer = {
        let client = client.clone();
        Timeout::new(START_TIMEOUT_MS, move || {
            let mut c = client.borrow_mut();
            if !c.ready && c.worker.is_some() {
                c.fail(format!(
                    "The analyser did not start within {} s. Reload the page to try again.",
                    START_TIMEOUT_MS / 1000
                ));
            }
        })
    };
    let mut c = client.borrow_mut();
    c.worker = Some(worker);
    c.start_timer = Some(timer);
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

fn receive(client: &Rc<RefCell<Client>>, data: &JsValue) {
    let Some(parts) = data.dyn_ref::<Array>() else {
        return;
    };
    let kind = parts.get(0).as_string().unwrap_or_default();
    let mut c = client.borrow_mut();
    match kind.as_str() {
        "ready" => {
            c.ready = true;
            c.started = true;
            c.start_timer = None;
            if let Some(catalog) = parts
                .get(1)
                .as_string()
                .and_then(|t| serde_json::from_str::<Catalog>(&t).ok())
            {
                c.state.catalog.set(Some(catalog));
            }
            c.state.engine.set(EngineStatus::Ready);
            crate::browser::lock_connections();
            for text in std::mem::take(&mut c.queued) {
                c.post(&text);
            }
        }
        "failed" => {
            let detail = parts.get(1).as_string().unwrap_or_default();
            c.fail(format!(
                "The analyser could not be loaded ({detail}). Check the connection and reload the page."
            ));
            return;
        }
        "analysed" => {
            c.in_flight = false;
            let text = parts.get(1).as_string().unwrap_or_default();
            if let Ok(response) = serde_json::from_str::<AnalysisResponse>(&text) {
                let found = c
                    .sent
                    .iter()
                    .position(|r| r.id == response.id)
                    .map(|i| c.sent.remove(i));
                c.sent.retain(|r| r.id > response.id);
                if response.id == c.latest {
                    if let Some(request) = found {
                        accept(c.state, request, response);
                    }
                }
            }
        }
        "result" => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let call = parts.get(1).as_f64().unwrap_or_default() as u32;
            if let Some((resolve, reject)) = c.calls.remove(&call) {
                let text = parts.get(3);
                if parts.get(2).is_truthy() {
                    let _ = resolve.call1(&JsValue::NULL, &text);
                } else {
                    let message = text.as_string().unwrap_or_default();
                    let _ = reject.call1(&JsValue::NULL, &js_sys::Error::new(&message));
                }
            }
        }
        _ => {}
    }
    if !c.in_flight {
        if let Some(next) = c.waiting.take() {
            c.submit(next);
        }
    }
}

/// Sends a call to the worker; the promise resolves with the worker's text
/// answer or rejects with its error.
pub fn call(make: impl FnOnce(u32) -> Request) -> Promise {
    let Some(client) = current() else {
        return Promise::reject(&js_sys::Error::new("the analyser is not running").into());
    };
    let mut make = Some(make);
    Promise::new(&mut |resolve, reject| {
        let mut c = client.borrow_mut();
        if let EngineStatus::Failed(message) = c.state.engine.get_untracked() {
            if c.worker.is_none() {
                let _ = reject.call1(&JsValue::NULL, &js_sys::Error::new(&message));
                return;
            }
        }
        let id = c.next_call;
        c.next_call += 1;
        let Some(make) = make.take() else { return };
        let text = serde_json::to_string(&make(id)).unwrap_or_default();
        c.calls.insert(id, (resolve, reject));
        if c.ready {
            c.post(&text);
        } else {
            c.queued.push(text);
        }
    })
}

/// Awaits a [`call`]: the text, or the error's message.
///
/// # Errors
/// The worker's error message.
pub async fn call_text(make: impl FnOnce(u32) -> Request) -> Result<String, String> {
    match wasm_bindgen_futures::JsFuture::from(call(make)).await {
        Ok(v) => Ok(v.as_string().unwrap_or_default()),
        Err(e) => Err(describe(&e)),
    }
}

fn accept(state: AppState, request: AnalysisRequest, response: AnalysisResponse) {
    let report: ReportView = serde_json::from_str(&response.report).unwrap_or_default();
    state.analysis.set(Some(Analysis {
        revision: request.revision,
        response,
        report,
        candidate: request.candidate,
    }));
    state.pending.set(None);
}
