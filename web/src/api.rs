//! The embedding API, `window.tfgrade.analyze(files, options)`, documented
//! in the README's "JavaScript API" section. It returns a promise of the
//! report: the worker runs the core, as for the page itself. Argument types
//! are checked here (a `TypeError` naming the argument); option names and
//! values are checked by the worker (an `Error` naming the option).

use crate::protocol::Request;
use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const USAGE: &str = "tfgrade.analyze(files, options)";
const STRING_OPTIONS: [&str; 3] = ["profile", "prompt", "format"];
const MAP_OPTIONS: [&str; 2] = ["requirements", "reference"];

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(&format!("{USAGE}: {message}")).into()
}

fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if Array::is_array(value) {
        "an array".into()
    } else {
        format!("a {}", value.js_typeof().as_string().unwrap_or_default())
    }
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_null() && !Array::is_array(value) && !value.is_function()
}

/// `{ path: text }` with every value a string.
fn check_map(value: &JsValue, name: &str) -> Result<(), JsValue> {
    if !is_plain_object(value) {
        return Err(type_error(&format!(
            "{name} must be an object mapping paths to texts, not {}",
            describe(value)
        )));
    }
    let object: &Object = value.unchecked_ref();
    for key in Object::keys(object).iter() {
        let item = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        if item.as_string().is_none() {
            return Err(type_error(&format!(
                "{name}[{}] must be a string, not {}",
                js_sys::JSON::stringify(&key)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default(),
                describe(&item)
            )));
        }
    }
    Ok(())
}

fn check_options(options: &JsValue) -> Result<bool, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(true);
    }
    if !is_plain_object(options) {
        return Err(type_error(&format!(
            "options must be an object, not {}",
            describe(options)
        )));
    }
    for name in STRING_OPTIONS {
        let value = Reflect::get(options, &name.into()).unwrap_or(JsValue::UNDEFINED);
        if !value.is_undefined() && value.as_string().is_none() {
            return Err(type_error(&format!(
                "options.{name} must be a string, not {}",
                describe(&value)
            )));
        }
    }
    for name in MAP_OPTIONS {
        let value = Reflect::get(options, &name.into()).unwrap_or(JsValue::UNDEFINED);
        if !value.is_undefined() {
            check_map(&value, &format!("options.{name}"))?;
        }
    }
    let format = Reflect::get(options, &"format".into())
        .ok()
        .and_then(|f| f.as_string());
    Ok(format.is_none_or(|f| f == "object"))
}

fn json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "{}".into())
}

/// Analyses `files` (`{ path: text }`) with `options`; a promise of the
/// report object, or of a string for `format: "json" | "markdown" | "sarif"`.
pub fn analyze(files: JsValue, options: JsValue) -> Promise {
    if files.is_undefined() {
        return Promise::reject(&type_error(
            "files is required: an object mapping paths to Terraform texts",
        ));
    }
    let checked = check_map(&files, "files").and_then(|()| check_options(&options));
    let object = match checked {
        Ok(object) => object,
        Err(e) => return Promise::reject(&e),
    };
    let (files, options) = (
        json(&files),
        if options.is_undefined() || options.is_null() {
            "{}".into()
        } else {
            json(&options)
        },
    );
    let answer = crate::runner::call(|call| Request::Api {
        call,
        files,
        options,
    });
    if !object {
        return answer;
    }
    wasm_bindgen_futures::future_to_promise(async move {
        let text = wasm_bindgen_futures::JsFuture::from(answer).await?;
        js_sys::JSON::parse(&text.as_string().unwrap_or_default())
    })
}

/// Installs `window.tfgrade = { version, analyze }`.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = Object::new();
    let analyze = Closure::<dyn Fn(JsValue, JsValue) -> Promise>::new(analyze);
    let _ = Reflect::set(&api, &"analyze".into(), analyze.as_ref());
    analyze.forget();
    let _ = Reflect::set(&api, &"version".into(), &env!("CARGO_PKG_VERSION").into());
    let _ = Reflect::set(&window, &"tfgrade".into(), &api);
}
