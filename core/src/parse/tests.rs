//! Tests of [`read_input`] per input kind and per robustness case. None may
//! panic; each asserts an error position or the parsed result.

use super::*;
use crate::InputSet;
use hcl_edit::Span;

fn read(files: &[(&str, &[u8])]) -> ReadInput {
    let mut input = InputSet::new();
    for (path, bytes) in files {
        input.add(*path, *bytes);
    }
    read_input(&input)
}

fn read_one(path: &str, bytes: &[u8]) -> ParsedFile {
    let mut read = read(&[(path, bytes)]);
    assert_eq!(read.files.len(), 1, "one file from {path}");
    read.files.remove(0)
}

fn error_of(file: &ParsedFile) -> &ParseError {
    match &file.body {
        Err(error) => error,
        Ok(_) => panic!("{} parsed but should not have", file.source.path),
    }
}

fn body_of(file: &ParsedFile) -> &Body {
    match &file.body {
        Ok(body) => body,
        Err(error) => panic!("{}: {error}", file.source.path),
    }
}

fn block_labels(body: &Body) -> Vec<String> {
    body.blocks()
        .map(|block| {
            let labels: Vec<&str> = block.labels.iter().map(|label| label.as_str()).collect();
            format!("{} {}", block.ident.as_str(), labels.join(" "))
        })
        .collect()
}

#[test]
fn classifies_sorts_and_normalises() {
    let read = read(&[
        ("./lib\\z.tf", b"locals {}\n"),
        ("lib/a.tf", b"locals {}\n"),
        ("lib/prod.tfvars", b"region = \"eu-west-1\"\n"),
        ("tests/a.tftest.hcl", b"run \"one\" {}\nrun \"two\" {}\n"),
        (
            "test/stack.test.ts",
            b"test('a', () => {});\nit('b', () => {});\n",
        ),
        ("README.txt", b"hello"),
        ("lib/terraform.tfstate", b"{}"),
    ]);
    let paths: Vec<&str> = read.files.iter().map(|f| f.source.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "lib/a.tf",
            "lib/prod.tfvars",
            "lib/z.tf",
            "tests/a.tftest.hcl"
        ]
    );
    let kinds: Vec<FileKind> = read.files.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            FileKind::Terraform,
            FileKind::TfVars,
            FileKind::Terraform,
            FileKind::TfTest
        ]
    );
    assert_eq!(read.files[3].test_run_count(), Some(2));
    assert_eq!(read.files[0].test_run_count(), None);
    assert_eq!(
        read.test_files,
        [TestFile {
            path: "test/stack.test.ts".into(),
            cases: 2
        }]
    );
    assert_eq!(read.ignored, ["README.txt", "lib/terraform.tfstate"]);
}

#[test]
fn duplicate_paths_get_distinct_names() {
    let read = read(&[
        ("main.tf", b"a = 1\n"),
        ("./main.tf", b"b = 1\n"),
        ("main~2.tf", b""),
    ]);
    let paths: Vec<&str> = read.files.iter().map(|f| f.source.path.as_str()).collect();
    assert_eq!(paths, ["main.tf", "main~2.tf", "main~3.tf"]);
    assert_eq!(
        read.files[1].source.text, "",
        "the given main~2.tf keeps its name"
    );
}

#[test]
fn syntax_error_position() {
    let file = read_one("main.tf", b"resource \"a\" \"b\" {\n  x = = 1\n}\n");
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (2, 7), "{error}");
}

#[test]
fn bom_is_stripped_and_columns_of_line_one_are_right() {
    let file = read_one("variables.tf", b"\xEF\xBB\xBFvariable \"x\" {}\n");
    assert_eq!(block_labels(body_of(&file)), ["variable x"]);
    let error_file = read_one("bad.tf", b"\xEF\xBB\xBFx = = 1\n");
    let error = error_of(&error_file);
    assert_eq!((error.line, error.column), (1, 5), "{error}");
}

#[test]
fn crlf_lines_are_counted_right() {
    let file = read_one(
        "main.tf",
        b"# c\r\nresource \"a\" \"b\" {\r\n  x = <<EOT\r\nhello\r\nEOT\r\n}\r\n\r\nlocals {\r\n  y = = 1\r\n}\r\n",
    );
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (9, 7), "{error}");
    let ok = read_one(
        "ok.tf",
        b"# c\r\nresource \"a\" \"b\" {\r\n  x = <<EOT\r\nhello\r\nEOT\r\n}\r\n",
    );
    let body = body_of(&ok);
    let block = body.blocks().next().expect("block");
    let span = block.span().expect("span");
    assert_eq!(ok.source.position(span.start).line, 2);
}

#[test]
fn lone_cr_lines_are_counted_right() {
    let file = read_one("main.tf", b"locals {\r  a = 1\r  b = = 2\r}\r");
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (3, 7), "{error}");
    let ok = read_one("ok.tf", b"locals {\r  a = 1\r}\r");
    assert_eq!(block_labels(body_of(&ok)), ["locals "]);
}

#[test]
fn nul_byte_is_a_clear_error() {
    let file = read_one("main.tf", b"locals {\n  a = \"x\0y\"\n}\n");
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (2, 9));
    assert_eq!(error.message, NUL_BYTE_MESSAGE);
}

#[test]
fn invalid_utf8_is_an_error_at_the_first_bad_byte() {
    let file = read_one("main.tf", b"locals {\n  \xC3\xA9 = \"\xFF\"\n}\n");
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (2, 8), "{error}");
    assert_eq!(error.message, NOT_UTF8_MESSAGE);
    // Truncated multi-byte sequence at the very end.
    let file = read_one("end.tf", b"a = 1\n\xE2\x82");
    assert_eq!((error_of(&file).line, error_of(&file).column), (2, 1));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("{", "}"), ("(", ")")] {
        let text = format!("a = {}{}\n", open.repeat(100_000), close.repeat(100_000));
        let file = read_one("deep.tf", text.as_bytes());
        let error = error_of(&file);
        assert_eq!(error.line, 1);
        assert!(error.message.contains("nested"), "{open}: {error}");
    }
    let blocks = format!("{}{}", "a {\n".repeat(100_000), "}\n".repeat(100_000));
    let file = read_one("blocks.tf", blocks.as_bytes());
    assert!(
        error_of(&file).message.contains("nested"),
        "{}",
        error_of(&file)
    );
    let templates = format!("a = {}{}\n", "\"${".repeat(50_000), "}\"".repeat(50_000));
    let file = read_one("templates.tf", templates.as_bytes());
    assert!(file.body.is_err());
    let calls = format!("a = {}1{}\n", "f(".repeat(100_000), ")".repeat(100_000));
    assert!(read_one("calls.tf", calls.as_bytes()).body.is_err());
    let operators = format!("a = 1{}\n", " + 1".repeat(100_000));
    assert!(read_one("ops.tf", operators.as_bytes()).body.is_err());
    let json = format!(
        "{{\"locals\": {{\"a\": {}{}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(read_one("deep.tf.json", json.as_bytes()).body.is_err());
}

#[test]
fn unterminated_heredoc_and_string() {
    let file = read_one("heredoc.tf", b"locals {\n  a = <<EOT\nhello\n");
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (3, 1), "{error}");
    assert_eq!(error.message, "expected heredoc end delimiter");
    // hcl-edit reports an unterminated string at the start of its attribute.
    let file = read_one("string.tf", b"locals {\n  a = \"hello\n}\n");
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (2, 3), "{error}");
    let file = read_one("template.tf", b"locals {\n  a = \"${var.x\"\n}\n");
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (2, 15), "{error}");
}

#[test]
fn one_megabyte_single_line() {
    let long = format!("locals {{ a = \"{}\" }}\n", "x".repeat(1 << 20));
    let file = read_one("long.tf", long.as_bytes());
    assert_eq!(block_labels(body_of(&file)), ["locals "]);
    let broken = format!("locals {{ a = \"{}\" = }}\n", "é".repeat(1 << 19));
    let file = read_one("broken.tf", broken.as_bytes());
    let error = error_of(&file);
    assert_eq!(error.line, 1);
    assert_eq!(
        error.column,
        14 + (1 << 19) + 2 + 1,
        "columns count characters: {error}"
    );
}

#[test]
fn empty_and_whitespace_files_parse() {
    assert!(read_one("empty.tf", b"").body.is_ok());
    assert!(read_one("space.tf", b"\n\n  \n").body.is_ok());
    assert!(read_one("bom.tf", b"\xEF\xBB\xBF").body.is_ok());
}

#[test]
fn duplicate_object_keys_parse_with_the_later_value() {
    let text = b"resource \"aws_lb_listener\" \"x\" {\n  default_action {\n    forward = {\n      port = 80\n      port = 443\n    }\n  }\n}\n";
    let file = read_one("main.tf", text);
    let body = body_of(&file);
    let rendered = body.to_string();
    assert!(rendered.contains("port = 443"), "{rendered}");
    assert!(!rendered.contains("port = 80"), "{rendered}");
    assert_eq!(file.diagnostics.len(), 1);
    let diagnostic = &file.diagnostics[0];
    assert_eq!(&file.source.text[diagnostic.range.clone()], "port");
    assert_eq!(
        file.source.position(diagnostic.range.start),
        Position { line: 4, column: 7 }
    );
    assert_eq!(
        diagnostic.message,
        "duplicate key `port` in object: Terraform keeps the last value"
    );
}

#[test]
fn markdown_answer_becomes_files_with_markdown_lines() {
    let answer = "# Answer\n\n## provider.tf\n\n```hcl\nprovider \"aws\" {\n  region = \"us-east-1\"\n}\n```\n\n## main.tf\n\n```hcl\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = = \"x\"\n}\n```\n\nRun `terraform apply`.\n";
    let read = read(&[("lib/MODEL_RESPONSE.md", answer.as_bytes())]);
    let paths: Vec<&str> = read.files.iter().map(|f| f.source.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "lib/MODEL_RESPONSE.md/main.tf",
            "lib/MODEL_RESPONSE.md/provider.tf"
        ]
    );
    let main = &read.files[0];
    assert_eq!(main.markdown.as_deref(), Some("lib/MODEL_RESPONSE.md"));
    let error = error_of(main);
    assert_eq!((error.line, error.column), (15, 12), "{error}");
    let provider = &read.files[1];
    let block = body_of(provider).blocks().next().expect("provider block");
    let span = block.span().expect("span");
    assert_eq!(
        provider.source.position(span.start),
        Position { line: 6, column: 1 }
    );
}

#[test]
fn markdown_bad_bytes_matter_only_inside_blocks() {
    let mut answer =
        b"# Answer \xFF\n\n```hcl\nlocals {}\n```\n\n```hcl\nlocals { a = \"\0\" }\n```\n".to_vec();
    answer.extend_from_slice(b"\r\0\n\0");
    let read = read(&[("a.md", &answer)]);
    assert_eq!(read.files.len(), 2);
    assert!(read.files[0].body.is_ok());
    let error = error_of(&read.files[1]);
    assert_eq!(
        (error.line, error.column, error.message.as_str()),
        (8, 15, NUL_BYTE_MESSAGE)
    );
}

#[test]
fn markdown_without_terraform_gives_no_files() {
    let read = read(&[("README.md", b"# Title\n\n```bash\nls\n```\n")]);
    assert!(read.files.is_empty());
    assert!(read.ignored.is_empty());
}

#[test]
fn tf_json_parses_with_json_positions() {
    let json = b"{\n  \"resource\": {\n    \"aws_s3_bucket\": {\n      \"logs\": {\n        \"bucket\": \"${var.name}-x\",\n        \"versioning\": {\"enabled\": true}\n      }\n    }\n  }\n}\n";
    let file = read_one("main.tf.json", json);
    assert_eq!(file.kind, FileKind::TerraformJson);
    let body = body_of(&file);
    assert_eq!(block_labels(body), ["resource aws_s3_bucket logs"]);
    let resource = body.blocks().next().expect("resource");
    assert_eq!(
        file.source.position(resource.span().expect("span").start),
        Position { line: 4, column: 7 }
    );
    let attribute = resource.body.attributes().next().expect("bucket");
    assert_eq!(attribute.key.as_str(), "bucket");
    let value_span = attribute.value.span().expect("value span");
    assert_eq!(
        file.source.position(value_span.start),
        Position {
            line: 5,
            column: 19
        }
    );
    assert!(matches!(
        attribute.value,
        hcl_edit::expr::Expression::StringTemplate(_)
    ));
    let nested: Vec<&str> = resource.body.blocks().map(|b| b.ident.as_str()).collect();
    assert_eq!(nested, ["versioning"]);
}

#[test]
fn tf_json_errors_have_json_positions() {
    let file = read_one(
        "main.tf.json",
        b"{\n  \"locals\": {\n    \"a\": tru\n  }\n}\n",
    );
    let error = error_of(&file);
    assert_eq!(error.line, 3, "{error}");
    let file = read_one(
        "tpl.tf.json",
        b"{\n  \"locals\": {\n    \"a\": \"${oops\"\n  }\n}\n",
    );
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (3, 10), "{error}");
}

#[test]
fn tfvars_json_is_read_as_literal_values() {
    let file = read_one(
        "prod.tfvars.json",
        br#"{"region": "eu-west-1", "cidrs": ["10.0.0.0/16"]}"#,
    );
    assert_eq!(file.kind, FileKind::TfVarsJson);
    let names: Vec<&str> = body_of(&file)
        .attributes()
        .map(|a| a.key.as_str())
        .collect();
    assert_eq!(names, ["region", "cidrs"]);
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap stand-in for the fuzz target: every prefix of a tricky input
    // through every reader.
    let tricky: &[u8] = b"\xEF\xBB\xBF# main.tf\r\nresource \"a\" \"b\" {\r  x = { a = 1, a = 2 }\n  y = <<-EOT\n  ${\"\xFF\0\"}\n  EOT\n}\n```hcl\nz = [\n```\n{\"resource\": {\"a\": {\"b\": {\"c\": \"${x\"}}}}";
    for end in 0..=tricky.len() {
        let prefix = &tricky[..end];
        let _ = read(&[
            ("a.tf", prefix),
            ("a.md", prefix),
            ("a.tf.json", prefix),
            ("a.tfvars.json", prefix),
        ]);
    }
}

/// Inputs that would take minutes if any step were quadratic; they must
/// finish in well under a second (even unoptimised).
#[test]
fn hostile_sizes_stay_linear() {
    // A Markdown answer of 5,000 blocks that never close their fences: each
    // fence would restart extraction, but restarts are bounded.
    let unclosed = "```hcl\na = 1\n".repeat(5_000);
    let unclosed_read = read(&[("a.md", unclosed.as_bytes())]);
    assert!(!unclosed_read.files.is_empty());

    // 5,000 blocks of the same name are numbered in linear time.
    let same_name = "## main.tf\n```hcl\na = 1\n```\n".repeat(5_000);
    let same_name_read = read(&[("b.md", same_name.as_bytes())]);
    assert_eq!(same_name_read.files.len(), 5_000);
    assert!(same_name_read
        .files
        .iter()
        .any(|file| file.source.path == "b.md/main~5000.tf"));

    // One duplicate key in an object of 2,000 keys. (hcl-edit itself is
    // quadratic in the number of keys of one object: it checks each new key
    // against a vector of the previous ones.)
    let mut object = String::from("x = {\n");
    for index in 0..2_000 {
        object.push_str(&format!("  k{index} = 1\n"));
    }
    object.push_str("  k0 = 2\n}\n");
    let file = read_one("big.tf", object.as_bytes());
    assert_eq!(file.diagnostics.len(), 1);

    // More duplicate keys than we resolve: the parser's error, quickly.
    let many = format!("x = {{\n{}}}\n", "  a = 1\n".repeat(1_000));
    let file = read_one("many.tf", many.as_bytes());
    let error = error_of(&file);
    assert_eq!((error.line, error.column), (3, 3), "{error}");
}
