//! Runs analyses in the worker: re-analyses 300 ms after the last change,
//! keeps at most one request in flight and one waiting (the newest), and
//! drops answers to requests that have been superseded.

use crate::protocol::{AnalysisRequest, AnalysisResponse, READY};
use crate::report_view::ReportView;
use crate::state::{Analysis, AppState, Pending};
use gloo::timers::callback::Timeout;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Where Trunk puts the worker's loader (`data-loader-shim`), next to the page.
const WORKER_URL: &str = "./tfgrade-worker_loader.js";
const DEBOUNCE_MS: u32 = 300;

struct Client {
    worker: Option<Worker>,
    ready: bool,
    in_flight: bool,
    waiting: Option<AnalysisRequest>,
    latest: u32,
    timer: Option<Timeout>,
    state: AppState,
}

impl Client {
    fn submit(&mut self, request: AnalysisRequest) {
        self.latest = request.id;
        match &self.worker {
            Some(worker) if self.ready && !self.in_flight => {
                let text = serde_json::to_string(&request).unwrap_or_default();
                if worker.post_message(&JsValue::from_str(&text)).is_ok() {
                    self.in_flight = true;
                } else {
                    self.waiting = Some(request);
                }
            }
            Some(_) => self.waiting = Some(request),
            None => {
                // No worker (the browser refused one): analyse here.
                let response = crate::engine::run(&request);
                accept(self.state, &request, response);
            }
        }
    }
}

/// Starts the worker and the effect that re-analyses on every change.
pub fn start(state: AppState) {
    let worker = Worker::new(WORKER_URL).ok();
    let client = Rc::new(RefCell::new(Client {
        worker: worker.clone(),
        ready: false,
        in_flight: false,
        waiting: None,
        latest: 0,
        timer: None,
        state,
    }));
    // Requests keep their inputs so the answer can be shown with them.
    let sent: Rc<RefCell<Vec<AnalysisRequest>>> = Rc::default();

    if let Some(worker) = &worker {
        let client = client.clone();
        let sent_by_worker = sent.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            let mut c = client.borrow_mut();
            if text == READY {
                c.ready = true;
                crate::browser::lock_connections();
            } else {
                c.in_flight = false;
                if let Ok(response) = serde_json::from_str::<AnalysisResponse>(&text) {
                    let request = {
                        let mut sent = sent_by_worker.borrow_mut();
                        let found = sent
                            .iter()
                            .position(|r| r.id == response.id)
                            .map(|i| sent.remove(i));
                        sent.retain(|r| r.id > response.id);
                        found
                    };
                    if response.id == c.latest {
                        if let Some(request) = request {
                            accept(c.state, &request, response);
                        }
                    }
                }
            }
            if let Some(next) = c.waiting.take() {
                c.submit(next);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }

    let next_id = Rc::new(RefCell::new(0_u32));
    Effect::new(move |previous: Option<()>| {
        state.track_inputs();
        let (files, bytes) = state.candidate.with_untracked(|c| {
            state.reference.with_untracked(|r| {
                (
                    c.len() + r.len(),
                    c.iter().chain(r).map(|d| d.text.len()).sum(),
                )
            })
        });
        state.pending.set(Some(Pending { files, bytes }));
        let timer_owner = client.clone();
        let client = client.clone();
        let sent = sent.clone();
        let next_id = next_id.clone();
        let fire = move || {
            let id = {
                let mut n = next_id.borrow_mut();
                *n += 1;
                *n
            };
            let request = state.request(id);
            sent.borrow_mut().push(request.clone());
            client.borrow_mut().submit(request);
        };
        if previous.is_none() {
            fire();
        } else {
            let timer = Timeout::new(DEBOUNCE_MS, fire);
            timer_owner.borrow_mut().timer = Some(timer);
        }
    });
}

fn accept(state: AppState, request: &AnalysisRequest, response: AnalysisResponse) {
    let report: ReportView = serde_json::from_str(&response.json).unwrap_or_default();
    state.analysis.set(Some(Analysis {
        response,
        report,
        candidate: request.candidate.clone(),
        reference: request.reference.clone(),
    }));
    state.pending.set(None);
}
