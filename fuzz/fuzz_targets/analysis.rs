//! The whole analysis of arbitrary multi-file input sets (see
//! `tfgrade_fuzz::input_set`): `tfgrade_core::analyze` in one of the three
//! profiles, sometimes against a reference answer (the files after the
//! first `0xFE` byte), and every rendering of the report. Nothing may
//! panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tfgrade_core::profile::Profile;
use tfgrade_core::{analyze, AnalysisOptions};

fuzz_target!(|bytes: &[u8]| {
    let (candidate, reference) = match bytes.iter().position(|&byte| byte == 0xFE) {
        Some(split) => (&bytes[..split], Some(&bytes[split + 1..])),
        None => (bytes, None),
    };
    let options = AnalysisOptions {
        profile: Profile::ALL[bytes.len() % Profile::ALL.len()],
        reference: reference.map(tfgrade_fuzz::input_set),
        ..AnalysisOptions::default()
    };
    let report = analyze(&tfgrade_fuzz::input_set(candidate), &options);
    let _ = report.to_json();
    let _ = report.to_markdown();
    let _ = report.to_sarif();
});
