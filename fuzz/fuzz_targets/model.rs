//! Arbitrary multi-file input sets (see `tfgrade_fuzz::input_set`) read,
//! parsed and built into the model, with every location of the model
//! computed and the model's parts serialised. Nothing may panic, overflow
//! the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tfgrade_core::model::Model;

fuzz_target!(|bytes: &[u8]| {
    let input = tfgrade_fuzz::input_set(bytes);
    let model = Model::from_input(&input);
    // Every span the model hands out must resolve to a location.
    for resource in &model.resources {
        let _ = model.location(&resource.block.span);
    }
    for diagnostic in &model.diagnostics {
        let _ = model.location(&diagnostic.span);
    }
    for policy in &model.policies {
        let _ = model.location(&policy.span);
    }
    // Serialising evaluated values must not panic (an error is fine).
    let _ = serde_json::to_string(&model.resources);
    let _ = serde_json::to_string(&model.modules);
});
