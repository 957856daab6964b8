//! The report's three renderings: the JSON contract of RUBRIC.md section 9,
//! SARIF validated against the official 2.1.0 schema, Markdown that hostile
//! names cannot break, and byte-identical output for the same input.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;
use tfgrade_core::{analyze, AnalysisOptions, InputSet, Profile, Requirements};

const MAIN: &str = r#"
resource "aws_kms_key" "main" {
  description = "data"
}

# tfgrade:ignore:ENC003 the default window is fine here
resource "aws_kms_key" "other" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource "aws_db_instance" "db" {
  engine              = "postgres"
  storage_encrypted   = true
  deletion_protection = true
}
"#;

const BROKEN: &str = "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n";

fn input(order_reversed: bool) -> InputSet {
    let mut files = vec![
        ("main.tf", MAIN.to_string()),
        ("broken.tf", BROKEN.to_string()),
        (
            "provider.tf",
            "provider \"aws\" {\n  region = \"us-east-1\"\n}\n".to_string(),
        ),
    ];
    if order_reversed {
        files.reverse();
    }
    let mut set = InputSet::new();
    for (path, text) in files {
        set.add(path, text);
    }
    set
}

fn options() -> AnalysisOptions {
    let mut reference = InputSet::new();
    reference.add(
        "main.tf",
        "resource \"aws_kms_key\" \"main\" {\n  enable_key_rotation = true\n}\n\nresource \"aws_cloudtrail\" \"t\" {\n  name           = \"t\"\n  s3_bucket_name = \"logs\"\n}\n",
    );
    AnalysisOptions {
        prompt: Some(
            "No resource should have deletion protection enabled. Use PostgreSQL.".to_string(),
        ),
        reference: Some(reference),
        ..AnalysisOptions::default()
    }
}

fn json(report: &tfgrade_core::Report) -> Value {
    serde_json::from_str(&report.to_json()).expect("valid JSON")
}

#[test]
fn json_has_the_fields_of_the_contract() {
    let v = json(&analyze(&input(false), &options()));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "tfgrade");
    assert_eq!(v["profile"], "task");
    // What the grade was judged against, and the validity gate.
    assert_eq!(v["basis"]["against"], "task");
    assert!(v["basis"]["summary"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    assert_eq!(v["validity"]["status"], "invalid");
    assert_eq!(v["validity"]["parse_errors"], 1);

    let broken = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == "broken.tf")
        .expect("broken.tf listed");
    assert!(broken["error"]["line"].as_u64().is_some());
    assert!(broken["error"]["column"].as_u64().is_some());
    assert!(broken["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    let main = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == "main.tf")
        .expect("main.tf");
    assert!(main["error"].is_null());

    let controls = v["controls"].as_array().expect("controls");
    let enc001 = controls
        .iter()
        .find(|c| c["id"] == "ENC001")
        .expect("ENC001");
    assert_eq!(enc001["slug"], "kms-key-rotation");
    assert_eq!(enc001["category"], "ENC");
    assert_eq!(enc001["severity"], "high");
    assert_eq!(enc001["status"], "fail");
    let fail = enc001["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["status"] == "fail")
        .expect("a failing finding");
    assert_eq!(fail["file"], "main.tf");
    assert_eq!(fail["line"], 2);
    assert_eq!(fail["column"], 1);
    assert_eq!(fail["resource"], "aws_kms_key.main");
    assert!(fail["message"].as_str().is_some());

    // A suppressed finding keeps its reason.
    let enc003 = controls
        .iter()
        .find(|c| c["id"] == "ENC003")
        .expect("ENC003");
    let suppressed = enc003["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["status"] == "suppressed")
        .expect("suppressed finding");
    assert_eq!(
        suppressed["suppression"]["reason"],
        "the default window is fine here"
    );

    // Categories in rubric order, n/a as null.
    let codes: Vec<&str> = v["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| c["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        codes,
        ["ALN", "SEC", "CMP", "ENC", "MON", "IAM", "TST", "OPS"]
    );
    assert!(v["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .all(|c| c["max"] == 10 && (c["score"].is_null() || c["score"].is_f64())));

    let total = &v["total"];
    assert_eq!(total["max"], 80);
    for field in ["points", "percent", "training_value"] {
        assert!(total[field].is_f64(), "{field}");
    }
    assert!(total["grade"].is_string());

    let req = v["requirements"].as_array().expect("requirements");
    let dp = req
        .iter()
        .find(|r| r["key"] == "deletion_protection")
        .expect("extracted");
    assert_eq!(dp["value"], "forbidden");
    assert_eq!(
        dp["source"],
        "No resource should have deletion protection enabled."
    );

    let cmp = &v["comparison"];
    assert!(cmp["total"]["percent"].is_f64());
    assert_eq!(cmp["categories"].as_array().map(Vec::len), Some(8));
    assert!(cmp["overlap"]["jaccard"].is_f64());
    let row = cmp["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == "ENC001")
        .expect("row");
    assert_eq!(row["candidate"], "fail");
    assert_eq!(row["reference"], "pass");
    assert_eq!(row["severity"], "high");
}

#[test]
fn without_reference_or_prompt_alignment_is_not_applicable() {
    let report = analyze(&input(false), &AnalysisOptions::default());
    let v = json(&report);
    assert!(v["comparison"].is_null());
    assert!(v["categories"][0]["score"].is_null());
    assert_eq!(v["requirements"].as_array().map(Vec::len), Some(0));
}

#[test]
fn explicit_requirements_override_the_prompt() {
    let mut requirements = Requirements::new();
    requirements
        .set("deletion_protection", "required", None)
        .expect("valid");
    let report = analyze(
        &input(false),
        &AnalysisOptions {
            requirements,
            ..options()
        },
    );
    let dp: Vec<_> = report
        .requirements
        .iter()
        .filter(|r| r.key == "deletion_protection")
        .collect();
    assert_eq!(dp.len(), 1);
    assert_eq!(dp[0].value, "required");
    // The database has deletion protection on: ALN002 holds it to the override.
    let aln002 = report.control("ALN002").expect("ALN002");
    assert!(aln002
        .findings
        .iter()
        .any(|f| f.resource.as_deref() == Some("aws_db_instance.db") && f.status.name() == "pass"));
}

#[test]
fn output_is_byte_identical_whatever_the_file_order() {
    let a = analyze(&input(false), &options());
    let b = analyze(&input(true), &options());
    assert_eq!(a.to_json(), b.to_json());
    assert_eq!(a.to_markdown(), b.to_markdown());
    assert_eq!(a.to_sarif(), b.to_sarif());
    let again = analyze(&input(false), &options());
    assert_eq!(a.to_json(), again.to_json());
}

#[test]
fn sarif_is_valid_against_the_official_2_1_0_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for (input, options) in [
        (input(false), options()),
        (
            input(true),
            AnalysisOptions {
                profile: Profile::Strict,
                suppressions: false,
                ..AnalysisOptions::default()
            },
        ),
        (InputSet::new(), AnalysisOptions::default()),
    ] {
        let sarif: Value =
            serde_json::from_str(&analyze(&input, &options).to_sarif()).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "SARIF schema violations:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn sarif_carries_rules_results_locations_and_suppressions() {
    let sarif: Value =
        serde_json::from_str(&analyze(&input(false), &options()).to_sarif()).expect("JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let rule = rules
        .iter()
        .find(|r| r["id"] == "ENC001")
        .expect("ENC001 rule");
    assert_eq!(rule["name"], "kms-key-rotation");
    assert_eq!(rule["properties"]["security-severity"], "7.5");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert!(rule["help"]["markdown"]
        .as_str()
        .is_some_and(|m| m.contains("```hcl")));
    let results = run["results"].as_array().expect("results");
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "ENC001" && r["properties"]["status"] == "fail")
        .expect("ENC001 result");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "main.tf");
    assert_eq!(loc["region"]["startLine"], 2);
    assert_eq!(loc["region"]["startColumn"], 1);
    assert_eq!(
        rules[r["ruleIndex"].as_u64().expect("index") as usize]["id"],
        "ENC001"
    );
    let suppressed = results
        .iter()
        .find(|r| r["ruleId"] == "ENC003" && r["properties"]["status"] == "suppressed")
        .expect("suppressed ENC003 result");
    assert_eq!(suppressed["suppressions"][0]["kind"], "inSource");
    assert!(!run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications")
        .is_empty());
    // Passing findings are not results.
    assert!(results.iter().all(|r| r["properties"]["status"] != "pass"));
}

#[test]
fn hostile_names_cannot_break_markdown_tables_or_inject_html() {
    let mut set = InputSet::new();
    set.add(
        "<img src=x onerror=alert(1)>|evil.tf",
        "resource \"aws_kms_key\" \"k\" {\n  description = \"x\"\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"a|b<script>alert(1)</script>`x\"\n  acl    = \"public-read\"\n}\n",
    );
    let markdown = analyze(&set, &AnalysisOptions::default()).to_markdown();
    // Read it as a GitHub-flavoured Markdown renderer does: no HTML at all,
    // and every table row has as many cells as its header.
    let parser = Parser::new_ext(&markdown, Options::ENABLE_TABLES);
    let mut header_cells = 0;
    let mut cells = 0;
    let mut in_head = false;
    for event in parser {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("raw HTML `{html}` in:\n{markdown}")
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                header_cells = 0;
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) if in_head => header_cells += 1,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow) => {
                assert_eq!(
                    cells, header_cells,
                    "a row lost or gained cells in:\n{markdown}"
                );
            }
            _ => {}
        }
    }
    // The names are shown, as text.
    assert!(markdown.contains("onerror=alert(1)"));
}
