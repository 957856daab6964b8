//! Shared helpers of the fuzz targets: turning one fuzzer-made byte string
//! into a multi-file input set.
//!
//! The bytes are split at every `0xFF` byte (never valid UTF-8, so a seed
//! stays readable text with separators). Each chunk is one file: its first
//! byte picks the file's name from [`NAMES`] (so the fuzzer can move a text
//! between kinds and folders by changing one byte), the rest is the
//! content. Names repeat on purpose: two files of one path, a module in a
//! sub-folder, a Markdown answer beside real files, a JSON policy that
//! `file()` can read.

use tfgrade_core::InputSet;

/// The byte that separates files.
pub const SEPARATOR: u8 = 0xFF;

/// The names a chunk can take, picked by its first byte (modulo the count).
pub const NAMES: [&str; 16] = [
    "main.tf",
    "variables.tf",
    "outputs.tf",
    "main.tf.json",
    "terraform.tfvars",
    "prod.tfvars.json",
    "tests/main.tftest.hcl",
    "MODEL_RESPONSE.md",
    "modules/vpc/main.tf",
    "modules/vpc/vars.tf.json",
    "policy.json",
    "./main.tf",
    "lib/IDEAL_RESPONSE.md",
    "test/stack.unit.test.ts",
    "templates/user_data.sh",
    "lib/main.tf",
];

/// Splits fuzzer bytes into an input set (see the module documentation).
#[must_use]
pub fn input_set(bytes: &[u8]) -> InputSet {
    let mut input = InputSet::new();
    for chunk in bytes.split(|&byte| byte == SEPARATOR) {
        let Some((&selector, content)) = chunk.split_first() else {
            continue;
        };
        input.add(NAMES[usize::from(selector) % NAMES.len()], content);
    }
    input
}
