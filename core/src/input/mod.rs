//! The raw input: named byte buffers, as a user drops or the CLI reads them,
//! and the classification of each file by its path.

pub mod markdown;
pub mod source;
pub mod tfjson;

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One file as given: a relative path and its bytes (not yet decoded).
#[derive(Debug, Clone, Deserialize)]
pub struct InputFile {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Why the entry at `path` could not be read (a dangling link, a named
    /// pipe, a file over the size limit, …): it is reported as a file that
    /// could not be analysed, and `bytes` is empty.
    #[serde(default)]
    pub unreadable: Option<String>,
}

/// A set of files analysed together (a candidate, or a reference).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InputSet {
    pub files: Vec<InputFile>,
}

impl InputSet {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether any file holds something other than white space: an input
    /// without is "nothing to grade", not a broken answer.
    #[must_use]
    pub fn has_content(&self) -> bool {
        self.files
            .iter()
            .any(|f| f.bytes.iter().any(|b| !b.is_ascii_whitespace()))
    }

    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.files.push(InputFile {
            path: path.into(),
            bytes: bytes.into(),
            unreadable: None,
        });
        self
    }

    /// Records an entry that could not be read, with the reason; the rest of
    /// the set is analysed as usual.
    pub fn add_unreadable(
        &mut self,
        path: impl Into<String>,
        reason: impl Into<String>,
    ) -> &mut Self {
        self.files.push(InputFile {
            path: path.into(),
            bytes: Vec::new(),
            unreadable: Some(reason.into()),
        });
        self
    }
}

/// What a file is, decided by its path alone (never by its content, so the
/// decision is predictable for users and identical in the CLI and the browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// `*.tf`: Terraform native syntax.
    Terraform,
    /// `*.tf.json`: Terraform JSON syntax, converted to a native syntax tree.
    TerraformJson,
    /// `*.tfvars`: variable values in native syntax.
    TfVars,
    /// `*.tfvars.json`: variable values as a JSON object.
    TfVarsJson,
    /// `*.tftest.hcl` (and `*.tftest.json` is not supported): `terraform test`
    /// files, whose `run` blocks count as test cases.
    TfTest,
    /// `*.md`: a Markdown answer whose fenced HCL blocks become files.
    Markdown,
    /// A test file in another language; only its test cases are counted.
    OtherTest,
    /// Anything else: listed as ignored.
    Ignored,
}

impl FileKind {
    /// Classifies a (normalised) path. Matching is case-insensitive on the
    /// file name's suffix, because Windows users do write `Main.TF`.
    #[must_use]
    pub fn of_path(path: &str) -> Self {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        if name.ends_with(".tf") {
            Self::Terraform
        } else if name.ends_with(".tf.json") {
            Self::TerraformJson
        } else if name.ends_with(".tfvars") {
            Self::TfVars
        } else if name.ends_with(".tfvars.json") {
            Self::TfVarsJson
        } else if name.ends_with(".tftest.hcl") {
            Self::TfTest
        } else if name.ends_with(".md") || name.ends_with(".markdown") {
            Self::Markdown
        } else if is_other_test_file(&name) {
            Self::OtherTest
        } else {
            Self::Ignored
        }
    }

    /// Whether the file is parsed as HCL (native or converted JSON).
    #[must_use]
    pub fn is_terraform_syntax(self) -> bool {
        matches!(
            self,
            Self::Terraform | Self::TerraformJson | Self::TfVars | Self::TfVarsJson | Self::TfTest
        )
    }
}

/// Test files of the languages the rubric's answers use: TypeScript/JavaScript
/// (`*.test.ts`, `*.spec.ts`, and the `.js`/`.tsx`/`.mjs` variants), Go
/// (`*_test.go`) and Python (`test_*.py`, `*_test.py`).
fn is_other_test_file(lower_name: &str) -> bool {
    const SCRIPT_EXTENSIONS: [&str; 6] = ["ts", "tsx", "js", "jsx", "mjs", "cjs"];
    for ext in SCRIPT_EXTENSIONS {
        for marker in ["test", "spec"] {
            if lower_name.ends_with(&format!(".{marker}.{ext}")) {
                return true;
            }
        }
    }
    lower_name.ends_with("_test.go")
        || (lower_name.ends_with(".py")
            && (lower_name.starts_with("test_") || lower_name.ends_with("_test.py")))
}

/// Normalises a user-given path: `\` becomes `/`, leading `./` and `/` are
/// removed, empty and `.` segments dropped, and `..` resolved where it can be
/// (a `..` that would climb above the root is dropped: paths are only names
/// in reports, never opened).
#[must_use]
pub fn normalize_path(path: &str) -> String {
    let unified = path.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    for segment in unified.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    // A Windows drive prefix (`C:`) is not a folder of the analysed set.
    if parts
        .first()
        .is_some_and(|first| first.len() == 2 && first.ends_with(':'))
    {
        parts.remove(0);
    }
    parts.join("/")
}

/// Hands out unique paths: a path that is taken becomes `stem~2.ext`,
/// `stem~3.ext`, … (in the same folder, so in the same module). Remembers
/// the last number per path, so that many files of one name cost linear
/// time.
#[derive(Debug, Default)]
pub(crate) struct PathNumbering {
    taken: HashSet<String>,
    next_number: HashMap<String, usize>,
}

impl PathNumbering {
    /// Marks paths as taken without claiming them (files that keep their
    /// names whatever comes).
    pub(crate) fn reserve<'a>(&mut self, paths: impl IntoIterator<Item = &'a str>) {
        self.taken.extend(paths.into_iter().map(str::to_owned));
    }

    /// `path` itself if free, else the first free numbered variant.
    pub(crate) fn claim(&mut self, path: &str) -> String {
        if self.taken.insert(path.to_owned()) {
            return path.to_owned();
        }
        let (folder, name) = path
            .rsplit_once('/')
            .map_or(("", path), |(folder, name)| (folder, name));
        let (stem, extension) = name.split_once('.').unwrap_or((name, ""));
        let number = self.next_number.entry(path.to_owned()).or_insert(2);
        loop {
            let numbered_name = if extension.is_empty() {
                format!("{stem}~{number}")
            } else {
                format!("{stem}~{number}.{extension}")
            };
            let candidate = if folder.is_empty() {
                numbered_name
            } else {
                format!("{folder}/{numbered_name}")
            };
            *number += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Counts test cases in a non-Terraform test file with a deliberately simple,
/// line-based heuristic (no parsing of the language):
///
/// * TypeScript/JavaScript: calls `test(`, `it(`, `test.each`, `it.each`,
///   `test.only(`/`it.only(` and `test.concurrent(` that start a line (after
///   indentation). `describe(` groups are not cases. `it.skip`/`test.skip`
///   and `xit(` are not counted: skipped tests do not run.
/// * Go: lines starting with `func Test` (the `testing` convention).
/// * Python: lines whose first token is `def test_` or `async def test_`
///   (pytest collects these, at module level or in classes).
///
/// Block comments are not tracked, so commented-out tests in `/* */` count;
/// that rarely matters for the rubric's "has tests" judgement.
#[must_use]
pub fn count_test_cases(path: &str, text: &str) -> usize {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let language = if name.ends_with(".go") {
        TestLanguage::Go
    } else if name.ends_with(".py") {
        TestLanguage::Python
    } else {
        TestLanguage::Script
    };
    text.lines()
        .filter(|line| is_test_case_line(language, line.trim_start()))
        .count()
}

#[derive(Clone, Copy)]
enum TestLanguage {
    Script,
    Go,
    Python,
}

fn is_test_case_line(language: TestLanguage, line: &str) -> bool {
    match language {
        TestLanguage::Go => line.starts_with("func Test"),
        TestLanguage::Python => {
            line.starts_with("def test_") || line.starts_with("async def test_")
        }
        TestLanguage::Script => {
            const STARTS: [&str; 8] = [
                "test(",
                "it(",
                "test.each",
                "it.each",
                "test.only(",
                "it.only(",
                "test.concurrent(",
                "it.concurrent(",
            ];
            STARTS.iter().any(|start| line.starts_with(start))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_suffix() {
        assert_eq!(FileKind::of_path("lib/main.tf"), FileKind::Terraform);
        assert_eq!(FileKind::of_path("lib/Main.TF"), FileKind::Terraform);
        assert_eq!(FileKind::of_path("x.tf.json"), FileKind::TerraformJson);
        assert_eq!(FileKind::of_path("prod.tfvars"), FileKind::TfVars);
        assert_eq!(FileKind::of_path("prod.tfvars.json"), FileKind::TfVarsJson);
        assert_eq!(FileKind::of_path("tests/a.tftest.hcl"), FileKind::TfTest);
        assert_eq!(
            FileKind::of_path("lib/MODEL_RESPONSE.md"),
            FileKind::Markdown
        );
        assert_eq!(
            FileKind::of_path("test/tap.unit.test.ts"),
            FileKind::OtherTest
        );
        assert_eq!(FileKind::of_path("test/x.spec.ts"), FileKind::OtherTest);
        assert_eq!(FileKind::of_path("test/main_test.go"), FileKind::OtherTest);
        assert_eq!(
            FileKind::of_path("tests/test_stack.py"),
            FileKind::OtherTest
        );
        assert_eq!(
            FileKind::of_path("tests/stack_test.py"),
            FileKind::OtherTest
        );
        assert_eq!(FileKind::of_path("tests/helpers.py"), FileKind::Ignored);
        assert_eq!(
            FileKind::of_path("lib/terraform.tfstate"),
            FileKind::Ignored
        );
        assert_eq!(FileKind::of_path("lib/main.ts"), FileKind::Ignored);
    }

    #[test]
    fn normalises_paths() {
        assert_eq!(normalize_path("./lib/main.tf"), "lib/main.tf");
        assert_eq!(
            normalize_path("lib\\modules\\vpc\\main.tf"),
            "lib/modules/vpc/main.tf"
        );
        assert_eq!(normalize_path("/abs//x/./y.tf"), "abs/x/y.tf");
        assert_eq!(normalize_path("a/../b.tf"), "b.tf");
        assert_eq!(normalize_path("../../b.tf"), "b.tf");
        assert_eq!(normalize_path("C:\\work\\main.tf"), "work/main.tf");
    }

    #[test]
    fn numbering_skips_taken_paths() {
        let mut numbering = PathNumbering::default();
        numbering.reserve(["a/main~2.tf"]);
        assert_eq!(numbering.claim("a/main.tf"), "a/main.tf");
        assert_eq!(numbering.claim("a/main.tf"), "a/main~3.tf");
        assert_eq!(numbering.claim("a/main.tf"), "a/main~4.tf");
        assert_eq!(numbering.claim("x.tfvars.json"), "x.tfvars.json");
        assert_eq!(numbering.claim("x.tfvars.json"), "x~2.tfvars.json");
        assert_eq!(numbering.claim("noext"), "noext");
        assert_eq!(numbering.claim("noext"), "noext~2");
    }

    #[test]
    fn counts_test_cases() {
        let ts = "describe('x', () => {\n  test('a', () => {});\n  it('b', () => {});\n  it.skip('c', () => {});\n  test.each([1])('d', () => {});\n});\n";
        assert_eq!(count_test_cases("a.test.ts", ts), 3);
        let go = "package x\nfunc TestA(t *testing.T) {}\nfunc helper() {}\nfunc TestB(t *testing.T) {}\n";
        assert_eq!(count_test_cases("a_test.go", go), 2);
        let py = "def test_a():\n    pass\nclass T:\n    def test_b(self):\n        pass\n    async def test_c(self): pass\ndef helper(): pass\n";
        assert_eq!(count_test_cases("test_x.py", py), 3);
    }
}
