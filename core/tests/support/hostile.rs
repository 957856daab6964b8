//! A generator of hostile inputs, shared by `core/tests/hostile_inputs.rs`
//! (through the core) and `cli/tests/hostile_inputs.rs` (through the
//! `tfgrade` binary).
//!
//! Each [`Case`] is a set of files made in memory, what reading them must
//! give ([`Expect`]), and the bounds the analysis must stay within. The
//! bounds are robustness bounds for a debug build on a busy two-core
//! machine, not speed targets: they are a few times what the analysis needs
//! today, and far below what it needs when the protection a case aims at is
//! removed (each case names that protection in `guards`).

#![allow(
    dead_code,
    reason = "each test binary that includes this module uses a different part of it"
)]

/// One hostile input set.
pub struct Case {
    /// A name for messages and temp-dir file names (`snake_case`).
    pub name: &'static str,
    /// What the case attacks, and the protection that defends against it.
    pub guards: &'static str,
    /// The files: relative path and bytes.
    pub files: Vec<(String, Vec<u8>)>,
    pub expect: Expect,
    /// Wall-clock bound for reading, modelling and evaluating, in a debug
    /// build.
    pub max_seconds: u64,
    /// Bound on the peak of heap bytes allocated during the analysis (above
    /// what was allocated before it), in MiB.
    pub max_peak_mib: usize,
}

/// What analysing a case must give.
pub enum Expect {
    /// The file does not parse, and the error says where and why: one-based
    /// line and column, and a reason containing `reason` (case-insensitive).
    ParseError {
        file: &'static str,
        line: u32,
        column: u32,
        reason: &'static str,
    },
    /// A normal report: `files` Terraform-syntax files (Markdown blocks
    /// count one each), none with a parse error.
    Parses { files: usize },
    /// Every file parses, and some diagnostic's message contains `message`
    /// (case-insensitive).
    Diagnostic { message: &'static str },
}

impl Case {
    /// Total size of the case's files.
    pub fn size(&self) -> usize {
        self.files.iter().map(|(_, bytes)| bytes.len()).sum()
    }
}

/// Nesting depth of the deep cases (the issue asks for 100,000).
pub const DEEP: usize = 100_000;

const MIB: usize = 1 << 20;

fn one(name: &str, bytes: impl Into<Vec<u8>>) -> Vec<(String, Vec<u8>)> {
    vec![(name.to_owned(), bytes.into())]
}

/// A small valid resource, `index` making its name unique.
fn resource(index: usize) -> String {
    format!(
        "resource \"aws_s3_bucket\" \"b{index}\" {{\n  bucket = \"bucket-{index}\"\n  tags = {{\n    Name = \"b{index}\"\n  }}\n}}\n"
    )
}

/// A case's generator.
pub type MakeCase = fn() -> Case;

/// Lists the cases: `all()` gives each name with its generator, which makes
/// the case on demand (so that at most one 50 MiB input is in memory).
macro_rules! cases {
    ($($case:ident),* $(,)?) => {
        /// Every case: its name (that of its generator) and its generator.
        pub fn all() -> Vec<(&'static str, MakeCase)> {
            vec![$((stringify!($case), $case as MakeCase)),*]
        }
    };
}

cases!(
    deep_brackets,
    deep_objects,
    deep_parentheses,
    deep_blocks,
    deep_templates,
    deep_heredoc_templates,
    deep_function_calls,
    deep_for_expressions,
    deep_conditionals,
    deep_unary_operators,
    long_binary_operator_chain,
    long_traversal,
    blocks_nested_within_parser_limit,
    deep_json_arrays,
    deep_json_objects,
    deep_tfvars_json_arrays,
    deep_markdown_block_quotes,
    deep_markdown_lists,
    fifty_mib_file,
    fifty_mib_binary_file,
    one_mib_single_line,
    one_mib_single_line_error_at_end,
    invalid_utf8,
    nul_bytes,
    utf8_bom,
    crlf_line_ends,
    lone_cr_line_ends,
    unterminated_heredoc,
    unterminated_string,
    unterminated_interpolation,
    unterminated_block_comment,
    ten_thousand_tiny_files,
    ten_thousand_files_of_one_name,
    markdown_thousand_fenced_blocks,
    markdown_thousand_glued_fences,
    many_duplicate_keys,
    string_doubling_bomb,
    ten_thousand_s3_buckets,
    ten_thousand_security_groups,
    list_product_bomb,
    long_local_reference_chain,
    value_nesting_through_locals,
    list_product_in_every_resource,
    string_copied_in_a_loop,
    templatefile_in_a_loop,
);

/// Cases that exceed their bounds today: each is a reported limitation
/// (see its documentation), run by `core/tests/hostile_inputs.rs` as an
/// ignored test so that `--ignored` shows when it is fixed.
pub fn known_limitations() -> Vec<(&'static str, MakeCase)> {
    vec![(
        "object_with_sixty_thousand_keys",
        object_with_sixty_thousand_keys as MakeCase,
    )]
}

// ---------------------------------------------------------------------------
// Nesting. hcl-edit's parser refuses expressions, templates and blocks
// nested deeper than 64 levels, and binary-operator chains longer than 128
// (hcl-edit `parser/nesting.rs`); the errors point at the first level too
// deep. Without that guard, each of these overflows the stack.

pub fn deep_brackets() -> Case {
    let text = format!("x = {}{}\n", "[".repeat(DEEP), "]".repeat(DEEP));
    Case {
        name: "deep_brackets",
        guards: "hcl-edit nesting limit (stack overflow in the recursive parser without it)",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 70,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_objects() -> Case {
    let text = format!("x = {}1{}\n", "{a = ".repeat(DEEP), "}".repeat(DEEP));
    Case {
        name: "deep_objects",
        guards: "hcl-edit nesting limit",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 326,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_parentheses() -> Case {
    let text = format!("x = {}1{}\n", "(".repeat(DEEP), ")".repeat(DEEP));
    Case {
        name: "deep_parentheses",
        guards: "hcl-edit nesting limit",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 70,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_blocks() -> Case {
    let text = format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n{}{}}}\n",
        "a {\n".repeat(DEEP),
        "}\n".repeat(DEEP)
    );
    Case {
        name: "deep_blocks",
        guards: "hcl-edit nesting limit",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 65,
            column: 3,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_templates() -> Case {
    let text = format!("x = {}1{}\n", "\"${".repeat(DEEP), "}\"".repeat(DEEP));
    Case {
        name: "deep_templates",
        guards: "hcl-edit nesting limit",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 200,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_heredoc_templates() -> Case {
    let text = format!(
        "x = <<EOT\n{}1{}\nEOT\n",
        "%{ if true }".repeat(DEEP),
        "%{ endif }".repeat(DEEP)
    );
    Case {
        name: "deep_heredoc_templates",
        guards: "hcl-edit nesting limit (template directives)",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 2,
            column: 775,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_function_calls() -> Case {
    let text = format!("x = {}1{}\n", "max(".repeat(DEEP), ")".repeat(DEEP));
    Case {
        name: "deep_function_calls",
        guards: "hcl-edit nesting limit",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 265,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_for_expressions() -> Case {
    let text = format!(
        "x = {}1{}\n",
        "[for v in ".repeat(DEEP),
        " : v]".repeat(DEEP)
    );
    Case {
        name: "deep_for_expressions",
        guards: "hcl-edit nesting limit",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 655,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_conditionals() -> Case {
    let text = format!("x = {}1\n", "var.a ? var.b : ".repeat(DEEP));
    Case {
        name: "deep_conditionals",
        guards: "hcl-edit nesting limit",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 1037,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_unary_operators() -> Case {
    let text = format!("x = {}true\n", "!".repeat(DEEP));
    Case {
        name: "deep_unary_operators",
        guards: "hcl-edit nesting limit",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 70,
            reason: "nesting depth",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn long_binary_operator_chain() -> Case {
    let text = format!("x = 1{}\n", " + 1".repeat(DEEP));
    Case {
        name: "long_binary_operator_chain",
        guards:
            "hcl-edit operator-depth limit (a left-deep tree whose drop and evaluation recurse)",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: 519,
            reason: "chained binary operators",
        },
        max_seconds: 10,
        max_peak_mib: 64,
    }
}

pub fn long_traversal() -> Case {
    let text = format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = var.a{}\n}}\n",
        ".b[0]".repeat(DEEP)
    );
    Case {
        name: "long_traversal",
        guards: "flat traversal operators; evaluation of a long traversal is iterative",
        files: one("main.tf", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 20,
        max_peak_mib: 256,
    }
}

pub fn blocks_nested_within_parser_limit() -> Case {
    let depth = 60;
    let text = format!(
        "resource \"aws_s3_bucket\" \"b\" {{\n{}{}}}\n",
        "a {\n".repeat(depth),
        "}\n".repeat(depth)
    );
    Case {
        name: "blocks_nested_within_parser_limit",
        guards: "the model builder's MAX_BLOCK_DEPTH (core/src/model/build.rs)",
        files: one("main.tf", text),
        expect: Expect::Diagnostic {
            message: "nested deeper than",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

// ---------------------------------------------------------------------------
// JSON syntax. serde_json's recursion limit (128) rejects the file before
// tfgrade's own position-keeping reader (core/src/tfjson.rs, MAX_DEPTH) and
// renderer recurse over it.

pub fn deep_json_arrays() -> Case {
    let text = format!(
        "{{\"locals\": {{\"a\": {}{}}}}}",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    Case {
        name: "deep_json_arrays",
        guards: "serde_json recursion limit and tfjson MAX_DEPTH",
        files: one("main.tf.json", text),
        expect: Expect::ParseError {
            file: "main.tf.json",
            line: 1,
            column: 145,
            reason: "nested too deeply",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_json_objects() -> Case {
    let text = format!(
        "{{\"resource\": {{\"aws_s3_bucket\": {{\"b\": {}1{}}}}}}}",
        "{\"a\": ".repeat(DEEP),
        "}".repeat(DEEP)
    );
    Case {
        name: "deep_json_objects",
        guards: "serde_json recursion limit and tfjson MAX_DEPTH",
        files: one("main.tf.json", text),
        expect: Expect::ParseError {
            file: "main.tf.json",
            line: 1,
            column: 794,
            reason: "nested too deeply",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

pub fn deep_tfvars_json_arrays() -> Case {
    let text = format!("{{\"a\": {}{}}}", "[".repeat(DEEP), "]".repeat(DEEP));
    Case {
        name: "deep_tfvars_json_arrays",
        guards: "serde_json recursion limit and tfjson MAX_DEPTH",
        files: one("terraform.tfvars.json", text),
        expect: Expect::ParseError {
            file: "terraform.tfvars.json",
            line: 1,
            column: 135,
            reason: "nested too deeply",
        },
        max_seconds: 10,
        max_peak_mib: 16,
    }
}

// ---------------------------------------------------------------------------
// Markdown answers nested deep: pulldown-cmark keeps its block stack on the
// heap; the fenced block at the bottom is still found.

/// Block quotes nested 100,000 deep, then a fenced block at the top level:
/// the block after the deep structure is still found.
pub fn deep_markdown_block_quotes() -> Case {
    let text = format!(
        "{} quoted\n\n```hcl\nresource \"aws_kms_key\" \"k\" {{}}\n```\n",
        ">".repeat(DEEP)
    );
    Case {
        name: "deep_markdown_block_quotes",
        guards: "pulldown-cmark keeps its block stack on the heap",
        files: one("MODEL_RESPONSE.md", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 20,
        max_peak_mib: 256,
    }
}

/// A list item nested 100,000 deep on one line (`- - - … item`), then a
/// fenced block at the top level.
pub fn deep_markdown_lists() -> Case {
    let text = format!(
        "{}item\n\n```hcl\nresource \"aws_kms_key\" \"k\" {{}}\n```\n",
        "- ".repeat(DEEP)
    );
    Case {
        name: "deep_markdown_lists",
        guards: "pulldown-cmark keeps its block stack on the heap",
        files: one("MODEL_RESPONSE.md", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

// ---------------------------------------------------------------------------
// Size.

/// 50 MiB of Terraform (comment lines with a resource every 64 lines,
/// 13,000 resources) whose last resource has an unterminated string: the
/// whole text is decoded, indexed and parsed, and the error is reported on
/// its line 887,000-odd. (A valid 50 MiB file is analysed too, but its full
/// analysis takes minutes in a debug build, mostly parsing and suppression
/// scanning, both linear; too slow for this suite.)
pub fn fifty_mib_file() -> Case {
    let mut text = String::with_capacity(50 * MIB + 4096);
    let mut index = 0;
    while text.len() < 50 * MIB {
        text.push_str("# padding comment line, ignored by the parser ................\n");
        if index % 64 == 0 {
            text.push_str(&resource(index));
        }
        index += 1;
    }
    let line = u32::try_from(text.matches('\n').count() + 1).unwrap_or(u32::MAX);
    text.push_str("resource \"aws_kms_key\" \"broken\" {\n  description = \"oops\n}\n");
    Case {
        name: "fifty_mib_file",
        guards: "linear decoding, line index and parsing; no copy of the text per line",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: line + 1,
            column: 3,
            reason: "",
        },
        max_seconds: 60,
        max_peak_mib: 512,
    }
}

/// 50 MiB of NUL bytes with an invalid UTF-8 byte every 4 KiB (a binary
/// file named `.tf`): reported at the first bad byte, and the list of
/// problem offsets stays bounded (decode.rs `MAX_PROBLEMS`; one entry per
/// bad byte would take 1.2 GiB).
pub fn fifty_mib_binary_file() -> Case {
    let mut bytes = b"locals {\n  a = 1\n}\n".to_vec();
    let mut page = vec![0_u8; 4096];
    page[4095] = 0xFF;
    while bytes.len() < 50 * MIB {
        bytes.extend_from_slice(&page);
    }
    Case {
        name: "fifty_mib_binary_file",
        guards: "decode.rs MAX_PROBLEMS",
        files: one("main.tf", bytes),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 4,
            column: 1,
            reason: "NUL byte",
        },
        max_seconds: 30,
        max_peak_mib: 400,
    }
}

/// One line of 1 MiB: a list of 90,000 strings and a long string.
pub fn one_mib_single_line() -> Case {
    let mut text = String::from("locals { big = [");
    let mut index = 0;
    while text.len() < MIB {
        text.push_str(&format!("\"v{index}\", "));
        index += 1;
    }
    text.push_str("] }\n");
    text.push_str(&format!(
        "locals {{ long = \"{}\" }}\n",
        "x".repeat(MIB / 4)
    ));
    text.push_str("resource \"aws_kms_key\" \"k\" { description = local.long }\n");
    Case {
        name: "one_mib_single_line",
        guards: "eval MAX_ITEMS and linear column computation",
        files: one("main.tf", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

/// Not in [`all`]: an object literal with 60,000 keys on one 1 MiB line.
/// hcl-edit checks each new key against every earlier one (a linear scan
/// of its `VecMap`), so parsing is quadratic in the number of keys: about
/// 8 s in a release build, 40 s in a debug one. A known limitation of the
/// parser; `core/tests/hostile_inputs.rs` runs it as an ignored test.
pub fn object_with_sixty_thousand_keys() -> Case {
    let mut text = String::from("locals { big = { ");
    for index in 0..60_000 {
        text.push_str(&format!("k{index} = \"v{index}\", "));
    }
    text.push_str("} }\nresource \"aws_kms_key\" \"k\" {}\n");
    Case {
        name: "object_with_sixty_thousand_keys",
        guards: "none yet: hcl-edit's duplicate-key check is quadratic",
        files: one("main.tf", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 10,
        max_peak_mib: 256,
    }
}

/// A 1 MiB line of multi-byte characters ending in an error: the column
/// counts characters, not bytes.
pub fn one_mib_single_line_error_at_end() -> Case {
    let chars = MIB / 3;
    let text = format!("x = \"{}\" ?\n", "€".repeat(chars));
    Case {
        name: "one_mib_single_line_error_at_end",
        guards: "column computed in characters over a very long line",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 1,
            column: u32::try_from(chars).unwrap_or(u32::MAX) + 9,
            reason: "",
        },
        max_seconds: 20,
        max_peak_mib: 64,
    }
}

// ---------------------------------------------------------------------------
// Encodings and line ends.

pub fn invalid_utf8() -> Case {
    Case {
        name: "invalid_utf8",
        guards: "decode.rs: lossy decoding with the first bad byte reported",
        files: one(
            "main.tf",
            b"locals {\n  a = \"ok\"\n  b = \"caf\xE9\"\n}\n".to_vec(),
        ),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 3,
            column: 11,
            reason: "not valid UTF-8",
        },
        max_seconds: 5,
        max_peak_mib: 4,
    }
}

pub fn nul_bytes() -> Case {
    Case {
        name: "nul_bytes",
        guards: "decode.rs: NUL bytes reported",
        files: one("main.tf", b"locals {\n  a = 1\0\n}\n".to_vec()),
        expect: Expect::ParseError {
            file: "main.tf",
            line: 2,
            column: 8,
            reason: "NUL byte",
        },
        max_seconds: 5,
        max_peak_mib: 4,
    }
}

pub fn utf8_bom() -> Case {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(resource(1).as_bytes());
    let mut broken = b"\xEF\xBB\xBF".to_vec();
    broken.extend_from_slice(b"x = ]\n");
    Case {
        name: "utf8_bom",
        guards: "decode.rs strips a byte-order mark; columns count from the first real character",
        files: vec![("main.tf".to_owned(), bytes), ("bad.tf".to_owned(), broken)],
        expect: Expect::ParseError {
            file: "bad.tf",
            line: 1,
            column: 5,
            reason: "",
        },
        max_seconds: 5,
        max_peak_mib: 4,
    }
}

pub fn crlf_line_ends() -> Case {
    let text = "locals {\r\n  a = 1\r\n  b = \r\n}\r\n";
    Case {
        name: "crlf_line_ends",
        guards: "CRLF is a line end: the error is on line 3/4, not line 1",
        files: vec![
            (
                "main.tf".to_owned(),
                resource(1).replace('\n', "\r\n").into(),
            ),
            ("bad.tf".to_owned(), text.into()),
        ],
        expect: Expect::ParseError {
            file: "bad.tf",
            line: 3,
            column: 7,
            reason: "",
        },
        max_seconds: 5,
        max_peak_mib: 4,
    }
}

pub fn lone_cr_line_ends() -> Case {
    let text = "locals {\r  a = 1\r  b = \"x\r}\r";
    Case {
        name: "lone_cr_line_ends",
        guards: "decode.rs turns lone CR into LF: lines count as every editor counts them",
        files: vec![
            ("main.tf".to_owned(), resource(1).replace('\n', "\r").into()),
            ("bad.tf".to_owned(), text.into()),
        ],
        expect: Expect::ParseError {
            file: "bad.tf",
            line: 3,
            column: 3,
            reason: "",
        },
        max_seconds: 5,
        max_peak_mib: 4,
    }
}

// ---------------------------------------------------------------------------
// Unterminated constructs (each after a large valid prefix, so that a parser
// that backtracked over the whole file would show in time).

fn valid_prefix() -> String {
    (0..2_000).map(resource).collect()
}

fn prefix_lines() -> u32 {
    u32::try_from(valid_prefix().matches('\n').count()).unwrap_or(u32::MAX)
}

pub fn unterminated_heredoc() -> Case {
    let text = format!(
        "{}resource \"aws_iam_policy\" \"p\" {{\n  policy = <<EOT\n{{\"Version\": \"2012-10-17\"}}\n}}\n",
        valid_prefix()
    );
    Case {
        name: "unterminated_heredoc",
        guards: "heredoc without end marker is an error at the heredoc",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: prefix_lines() + 3,
            column: 1,
            reason: "heredoc",
        },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

pub fn unterminated_string() -> Case {
    let text = format!(
        "{}variable \"x\" {{\n  default = \"abc\n}}\n",
        valid_prefix()
    );
    Case {
        name: "unterminated_string",
        guards: "a string may not span lines",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: prefix_lines() + 2,
            column: 3,
            reason: "",
        },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

pub fn unterminated_interpolation() -> Case {
    let text = format!("{}locals {{\n  a = \"${{var.x\"\n}}\n", valid_prefix());
    Case {
        name: "unterminated_interpolation",
        guards: "an interpolation must be closed",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: prefix_lines() + 2,
            column: 15,
            reason: "}",
        },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

pub fn unterminated_block_comment() -> Case {
    let text = format!("{}/* never closed\nlocals {{}}\n", valid_prefix());
    Case {
        name: "unterminated_block_comment",
        guards: "a block comment must be closed",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: prefix_lines() + 1,
            column: 1,
            reason: "",
        },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

// ---------------------------------------------------------------------------
// Many files.

/// 10,000 one-resource files in 100 folders (modules): per-file and
/// per-module work stays linear. (KMS keys; S3 buckets, whose controls
/// look for companion resources, in [`ten_thousand_s3_buckets`].)
pub fn ten_thousand_tiny_files() -> Case {
    let files = (0..10_000)
        .map(|index| {
            (
                format!("m{}/f{index}.tf", index % 100),
                format!(
                    "resource \"aws_kms_key\" \"k{index}\" {{\n  enable_key_rotation = true\n}}\n"
                )
                .into_bytes(),
            )
        })
        .collect();
    Case {
        name: "ten_thousand_tiny_files",
        guards: "per-file and per-module work stays linear",
        files,
        expect: Expect::Parses { files: 10_000 },
        max_seconds: 30,
        max_peak_mib: 512,
    }
}

/// 10,000 files of one S3 bucket each. Bucket controls look for each
/// bucket's companion resources (logging, lifecycle, policy, …): through
/// the model's indexes (links by end, resources by type) and tables built
/// once per control (log writers by bucket name, log deliveries by
/// address), not by scanning every resource per bucket, which was
/// quadratic (release build: 4,000 buckets 1.5 s before, 10,000 buckets
/// 0.2 s after).
pub fn ten_thousand_s3_buckets() -> Case {
    let files = (0..10_000)
        .map(|index| {
            (
                format!("m{}/f{index}.tf", index % 100),
                resource(index).into_bytes(),
            )
        })
        .collect();
    Case {
        name: "ten_thousand_s3_buckets",
        guards: "Model indexes; per-control tables in cmp::s3_access_logging, ops::s3_lifecycle",
        files,
        expect: Expect::Parses { files: 10_000 },
        max_seconds: 60,
        max_peak_mib: 1024,
    }
}

/// 10,000 security groups, each with a rule open to the world and an
/// instance attached to it. Group controls look up each group's rules and
/// attachments in tables built once (`query::RulesByResource`, the model's
/// referenced-by index), not by scanning every rule and every resource per
/// group, which was quadratic (release build: 2,000 groups 0.6 s before;
/// 38,000 groups 2 s after).
pub fn ten_thousand_security_groups() -> Case {
    let mut text = String::new();
    for index in 0..10_000 {
        text.push_str(&format!(
            "resource \"aws_security_group\" \"g{index}\" {{\n  name = \"g{index}\"\n  ingress {{\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }}\n}}\n\nresource \"aws_instance\" \"i{index}\" {{\n  ami                    = \"ami-123\"\n  instance_type          = \"t3.micro\"\n  vpc_security_group_ids = [aws_security_group.g{index}.id]\n}}\n\n"
        ));
    }
    Case {
        name: "ten_thousand_security_groups",
        guards: "query::RulesByResource; Model::referencing",
        files: vec![("main.tf".to_owned(), text.into_bytes())],
        expect: Expect::Parses { files: 1 },
        max_seconds: 60,
        max_peak_mib: 1024,
    }
}

/// 10,000 files of one path: each gets a unique name `main~N.tf` in linear
/// time (input.rs `PathNumbering` remembers the last number per path;
/// without that, renaming is quadratic).
pub fn ten_thousand_files_of_one_name() -> Case {
    let files = (0..10_000)
        .map(|index| ("main.tf".to_owned(), format!("# {index}\n").into_bytes()))
        .collect();
    Case {
        name: "ten_thousand_files_of_one_name",
        guards: "input.rs PathNumbering",
        files,
        expect: Expect::Parses { files: 10_000 },
        max_seconds: 5,
        max_peak_mib: 256,
    }
}

pub fn markdown_thousand_fenced_blocks() -> Case {
    let mut text = String::from("# Answer\n\n");
    for index in 0..1_000 {
        text.push_str(&format!(
            "### f{index}.tf\n\n```hcl\n{}```\n\n",
            resource(index)
        ));
    }
    Case {
        name: "markdown_thousand_fenced_blocks",
        guards: "linear extraction; each block its own file",
        files: one("MODEL_RESPONSE.md", text),
        expect: Expect::Parses { files: 1_000 },
        max_seconds: 30,
        max_peak_mib: 512,
    }
}

/// 10,000 blocks whose closing fence is glued to the last code line
/// (`}```): each makes extraction restart on the rest of the answer, which
/// markdown.rs `MAX_RESTARTS` bounds (quadratic without it). Past the
/// bound, the next glued fence stays in its block and is reported there.
pub fn markdown_thousand_glued_fences() -> Case {
    let mut text = String::from("# Answer\n\n");
    let mut line = 3;
    let mut error_line = 0;
    for index in 0..10_000 {
        let block = resource(index);
        text.push_str(&format!(
            "### f{index}.tf\n\n```hcl\n{}```\n\n",
            block.trim_end()
        ));
        // heading, blank, fence, the block's lines (the last one glued),
        // blank.
        let block_lines = block.trim_end().matches('\n').count() + 1;
        if index == 128 {
            error_line = line + 3 + block_lines - 1;
        }
        line += 3 + block_lines + 1;
    }
    Case {
        name: "markdown_thousand_glued_fences",
        guards: "markdown.rs MAX_RESTARTS",
        files: one("MODEL_RESPONSE.md", text),
        expect: Expect::ParseError {
            file: "MODEL_RESPONSE.md/f128.tf",
            line: u32::try_from(error_line).unwrap_or(u32::MAX),
            column: 2,
            reason: "",
        },
        max_seconds: 30,
        max_peak_mib: 512,
    }
}

/// An object with 10,000 duplicated keys: resolving each costs a reparse,
/// bounded by duplicates.rs `MAX_DUPLICATE_KEYS`; past it the parser's own
/// error is reported.
pub fn many_duplicate_keys() -> Case {
    let mut text = valid_prefix();
    let line = u32::try_from(text.matches('\n').count() + 2).unwrap_or(u32::MAX);
    text.push_str("locals {\n  m = {\n");
    for _ in 0..10_000 {
        text.push_str("    port = 80\n");
    }
    text.push_str("  }\n}\n");
    Case {
        name: "many_duplicate_keys",
        guards: "duplicates.rs MAX_DUPLICATE_KEYS (one reparse per duplicate key without it)",
        files: one("main.tf", text),
        expect: Expect::ParseError {
            file: "main.tf",
            line: line + 2,
            column: 5,
            reason: "redefined object key",
        },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

// ---------------------------------------------------------------------------
// Evaluation bombs: small text, huge values.

/// Each local doubles the previous string: 2^60 bytes at the end, cut short
/// by eval `MAX_STRING_LEN`.
pub fn string_doubling_bomb() -> Case {
    let mut text = String::from("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n");
    for index in 1..=60 {
        let previous = index - 1;
        text.push_str(&format!(
            "  s{index} = \"${{local.s{previous}}}${{local.s{previous}}}\"\n"
        ));
    }
    text.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.s60\n}\n");
    Case {
        name: "string_doubling_bomb",
        guards: "eval MAX_STRING_LEN",
        files: one("main.tf", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 30,
        max_peak_mib: 512,
    }
}

/// Nested `for` over a 9,000-element list, 7 * 10^11 elements if
/// evaluated. eval `MAX_ITEMS` bounds each collection, not the total work:
/// eval `MAX_STEPS` does, so the local becomes `Unknown` (without it this
/// 200-byte file does not finish: n^3 steps).
pub fn list_product_bomb() -> Case {
    let text = "locals {\n  r = range(9000)\n  p = flatten([for a in local.r : [for b in local.r : [for c in local.r : \"${a}-${b}-${c}\"]]])\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = length(local.p)\n}\n";
    Case {
        name: "list_product_bomb",
        guards: "eval MAX_STEPS (work budget of one evaluation)",
        files: one("main.tf", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 30,
        max_peak_mib: 512,
    }
}

/// 100,000 locals, each the previous one. eval `MAX_DEPTH` stops the
/// recursion; results cut short by it are memoised as `Unknown`
/// (model/build.rs `memoised`), and a `locals` attribute lists the locals
/// it names without following them (a chain's transitive references grow
/// quadratically): linear (it was superlinear: release build, 1,000
/// locals 0.13 s, 2,000 locals 1.0 s).
pub fn long_local_reference_chain() -> Case {
    let mut text = String::from("locals {\n  l0 = \"x\"\n");
    for index in 1..DEEP {
        text.push_str(&format!("  l{index} = local.l{}\n", index - 1));
    }
    text.push_str(&format!(
        "}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = local.l{}\n}}\n",
        DEEP - 1
    ));
    Case {
        name: "long_local_reference_chain",
        guards: "eval MAX_DEPTH, memoised cut-short locals, direct references of locals",
        files: one("main.tf", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 60,
        max_peak_mib: 512,
    }
}

/// 10,000 locals, each a list holding the previous one. Values nest only
/// to eval `MAX_VALUE_DEPTH`; as in [`long_local_reference_chain`] the
/// work stays linear (it was superlinear: release build, 1,000 locals
/// 0.27 s, 2,000 locals 0.94 s).
pub fn value_nesting_through_locals() -> Case {
    let count = DEEP / 10;
    let mut text = String::from("locals {\n  l0 = \"x\"\n");
    for index in 1..count {
        text.push_str(&format!("  l{index} = [local.l{}]\n", index - 1));
    }
    text.push_str(&format!(
        "}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = local.l{}\n  tags = {{ deep = local.l{} }}\n}}\n",
        count - 1,
        count - 2
    ));
    Case {
        name: "value_nesting_through_locals",
        guards: "eval MAX_VALUE_DEPTH",
        files: one("main.tf", text),
        expect: Expect::Parses { files: 1 },
        max_seconds: 60,
        max_peak_mib: 512,
    }
}

// ---------------------------------------------------------------------------
// Evaluation bombs spread over many evaluations: each stays within the
// limits of one evaluation, together they would run for minutes or take
// gigabytes. The evaluation budget of the analysis (eval `Budget`) stops
// them; each must finish faster than analysing the whole real-world corpus
// (a few seconds in a release build) and stay under 1 GiB. Release build
// without the budget: 29 s, 76 s and 7.6 GB, 114 s and 3.2 GB.

/// 1,000 resources, each iterating 4,000,000 elements (a million steps, the
/// limit of one evaluation, each).
pub fn list_product_in_every_resource() -> Case {
    let mut text = String::new();
    for index in 0..1000 {
        text.push_str(&format!(
            "resource \"aws_s3_bucket\" \"b{index}\" {{\n  bucket = \"b-${{length(flatten([for a in range(2000) : [for b in range(2000) : a]]))}}\"\n}}\n"
        ));
    }
    Case {
        name: "list_product_in_every_resource",
        guards: "eval Budget (steps of the whole analysis)",
        files: one("main.tf", text),
        expect: Expect::Diagnostic {
            message: "evaluation budget",
        },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

/// A string doubled 16 times (1 MiB), then copied 3,000 times into a list.
pub fn string_copied_in_a_loop() -> Case {
    let mut text = String::from("locals {\n  s0 = \"0123456789abcdef\"\n");
    for index in 1..=16 {
        let previous = index - 1;
        text.push_str(&format!(
            "  s{index} = \"${{local.s{previous}}}${{local.s{previous}}}\"\n"
        ));
    }
    text.push_str("  many = [for i in range(3000) : local.s16]\n}\n");
    text.push_str("resource \"aws_s3_bucket\" \"b\" {\n  bucket = length(local.many)\n}\n");
    Case {
        name: "string_copied_in_a_loop",
        guards: "eval Budget (bytes of values of the whole analysis)",
        files: one("main.tf", text),
        expect: Expect::Diagnostic {
            message: "evaluation budget",
        },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}

/// `templatefile()` of a 1 MiB file in a 1,000-element `for`.
pub fn templatefile_in_a_loop() -> Case {
    let template: String = "# line ${x}\n".repeat(90_000);
    let main = "locals {\n  rendered = [for i in range(1000) : templatefile(\"${path.module}/big.tf\", { x = i })]\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = length(local.rendered)\n}\n";
    Case {
        name: "templatefile_in_a_loop",
        guards: "eval Budget (template parsing counted as work)",
        files: vec![
            ("big.tf".to_owned(), template.into_bytes()),
            ("main.tf".to_owned(), main.as_bytes().to_vec()),
        ],
        expect: Expect::Diagnostic {
            message: "evaluation budget",
        },
        max_seconds: 30,
        max_peak_mib: 256,
    }
}
