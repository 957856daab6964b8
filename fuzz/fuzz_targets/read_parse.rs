//! Arbitrary bytes as every kind of input: a `.tf`, a Markdown answer, a
//! `.tf.json` and a `.tfvars.json` file, read together and built into the
//! model. Nothing may panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tfgrade_core::{read_input, InputSet};

fuzz_target!(|bytes: &[u8]| {
    let mut input = InputSet::new();
    input
        .add("main.tf", bytes)
        .add("MODEL_RESPONSE.md", bytes)
        .add("main.tf.json", bytes)
        .add("terraform.tfvars.json", bytes);
    let read = read_input(&input);
    for file in &read.files {
        // Positions of every diagnostic and of the file's end must be
        // computable.
        for diagnostic in &file.diagnostics {
            let _ = file.source.position(diagnostic.range.start);
        }
        let _ = file.source.position(file.source.text.len());
    }
    let _ = tfgrade_core::model::build(&read);
});
