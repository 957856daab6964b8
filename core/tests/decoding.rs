//! Decoding and numbers: UTF-16 files with a byte-order mark are read as
//! the text they are, and numbers beyond the range of a float (valid HCL
//! and JSON) stay numbers instead of failing their file.

use tfgrade_core::eval::Value;
use tfgrade_core::model::Model;
use tfgrade_core::InputSet;

fn local<'m>(model: &'m Model, name: &str) -> &'m Value {
    &model
        .modules
        .iter()
        .flat_map(|m| &m.locals)
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("local {name}"))
        .attribute
        .value
}

#[test]
fn numbers_beyond_a_float_stay_numbers() {
    let mut input = InputSet::new();
    input.add(
        "main.tf",
        "locals {\n  big = 1e999999\n  negative = -1e999999\n  long = 123456789012345678901234567890\n}\n",
    );
    input.add(
        "more.tf.json",
        r#"{"locals": {"json_big": 1e999999, "json_negative": -1e999999}}"#,
    );
    let model = Model::from_input(&input);
    assert!(model.parse_errors.is_empty(), "{:?}", model.parse_errors);
    assert_eq!(local(&model, "big"), &Value::Number(1e308));
    assert_eq!(local(&model, "negative"), &Value::Number(-1e308));
    assert_eq!(
        local(&model, "long"),
        &Value::Number(123_456_789_012_345_678_901_234_567_890.0)
    );
    assert_eq!(local(&model, "json_big"), &Value::Number(f64::MAX));
    assert_eq!(local(&model, "json_negative"), &Value::Number(-f64::MAX));
}

#[test]
fn a_number_beyond_a_float_keeps_positions() {
    let mut input = InputSet::new();
    input.add("main.tf", "locals {\n  big = 1e999999\n}\nbroken {{\n");
    let model = Model::from_input(&input);
    let (_, error) = model.parse_errors.first().expect("the real error");
    assert_eq!(error.line, 4, "{error:?}");
}

#[test]
fn utf16_files_are_read() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"é\"\n}\n";
    for (bom, unit) in [
        (b"\xFF\xFE", u16::to_le_bytes as fn(u16) -> [u8; 2]),
        (b"\xFE\xFF", u16::to_be_bytes as fn(u16) -> [u8; 2]),
    ] {
        let bytes: Vec<u8> = bom
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(unit))
            .collect();
        let mut input = InputSet::new();
        input.add("main.tf", bytes);
        let model = Model::from_input(&input);
        assert!(model.parse_errors.is_empty(), "{:?}", model.parse_errors);
        let bucket = model.resources.first().expect("the bucket");
        assert_eq!(
            bucket.block.body.value("bucket"),
            Some(&Value::String("é".into()))
        );
    }
}
