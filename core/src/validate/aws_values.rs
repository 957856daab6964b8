//! AWS API value rules: the enums, lengths and documented constraints of
//! `data/aws-values.json` (written by `scripts/aws-values.py` from a pinned
//! botocore, the AWS SDK's service models), and the documented S3 bucket
//! naming rules, as judgements on known values.

use crate::eval::{Value, UNKNOWN_MARKER};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const AWS_VALUES_JSON: &str = include_str!("../../../data/aws-values.json");

/// The data of `data/aws-values.json`.
#[derive(Debug, Deserialize)]
pub struct AwsValues {
    /// The botocore version the data was taken from.
    pub botocore: String,
    pub lambda: Lambda,
    pub logs: Logs,
    pub kms: Kms,
    pub iam: Iam,
    pub elbv2: Elbv2,
    pub ec2: Ec2,
    pub rds: Rds,
    pub s3: S3,
    pub wafv2: Wafv2,
}

#[derive(Debug, Deserialize)]
pub struct Lambda {
    pub runtimes: Vec<String>,
    pub create_blocked: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Logs {
    pub retention_in_days: Vec<i64>,
}

#[derive(Debug, Deserialize)]
pub struct Kms {
    pub pending_window_in_days: [i64; 2],
}

#[derive(Debug, Deserialize)]
pub struct Iam {
    pub role_name_max: usize,
    pub role_name_pattern: String,
    pub role_name_prefix_max: usize,
}

#[derive(Debug, Deserialize)]
pub struct Elbv2 {
    pub load_balancer_name_max: usize,
    pub load_balancer_reserved_prefix: String,
    pub target_group_name_max: usize,
    pub name_prefix_max: usize,
}

#[derive(Debug, Deserialize)]
pub struct Ec2 {
    pub security_group_name_max: usize,
    pub security_group_reserved_prefix: String,
}

#[derive(Debug, Deserialize)]
pub struct Rds {
    pub instance_identifier_max: usize,
    pub cluster_identifier_max: usize,
    pub instance_engines: Vec<String>,
    pub cluster_engines: Vec<String>,
    pub retired_engines: Vec<String>,
    pub engine_versions: BTreeMap<String, EngineVersions>,
}

#[derive(Debug, Deserialize)]
pub struct EngineVersions {
    pub majors: Vec<String>,
    pub retired: Vec<String>,
    pub max_minor: u32,
}

#[derive(Debug, Deserialize)]
pub struct S3 {
    pub bucket_prefix_max: usize,
}

#[derive(Debug, Deserialize)]
pub struct Wafv2 {
    pub log_destination_prefix: String,
}

/// The value rules, parsed once.
///
/// # Panics
/// Never on user input: the data file is part of the build and a test
/// parses it.
#[must_use]
pub fn aws_values() -> &'static AwsValues {
    static VALUES: OnceLock<AwsValues> = OnceLock::new();
    VALUES.get_or_init(|| {
        serde_json::from_str(AWS_VALUES_JSON).expect("data/aws-values.json is valid")
    })
}

/// Variables whose value is `null` or `""`: placeholders the caller of a
/// reusable module must set. A value computed from one (`coalesce(var.name,
/// "*")`) is not what will be deployed, and is not judged.
#[derive(Debug, Default)]
pub struct Placeholders {
    variables: std::collections::HashSet<(usize, String)>,
}

impl Placeholders {
    #[must_use]
    pub fn of(model: &crate::model::Model) -> Self {
        let mut variables = std::collections::HashSet::new();
        for (index, module) in model.modules.iter().enumerate() {
            for variable in &module.variables {
                let placeholder = match &variable.value {
                    Value::Null => true,
                    Value::String(s) => s.is_empty(),
                    _ => false,
                };
                if placeholder {
                    variables.insert((index, format!("var.{}", variable.name)));
                }
            }
        }
        Self { variables }
    }

    /// Whether an attribute's value depends on a placeholder variable.
    #[must_use]
    pub fn involved(&self, module: usize, attr: &crate::model::Attribute) -> bool {
        !self.variables.is_empty()
            && attr
                .references
                .iter()
                .any(|r| self.variables.contains(&(module, r.clone())))
    }
}

/// A string value as far as it is known: fully, or as known fragments
/// around unknown parts (`"${var.env}-Logs"` has the fragment `-Logs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text<'v> {
    Known(&'v str),
    Partial(&'v str),
}

impl<'v> Text<'v> {
    /// The text of a string value; `None` for anything else.
    #[must_use]
    pub fn of(value: &'v Value) -> Option<Self> {
        let s = value.as_str()?;
        Some(if s.contains(UNKNOWN_MARKER) {
            Text::Partial(s)
        } else {
            Text::Known(s)
        })
    }

    /// What the value certainly starts with: all of a known value, the
    /// literal before the first unknown part of a partial one.
    #[must_use]
    pub fn known_start(self) -> &'v str {
        match self {
            Text::Known(s) => s,
            Text::Partial(s) => s.split(UNKNOWN_MARKER).next().unwrap_or(""),
        }
    }

    /// The known fragments.
    pub fn fragments(self) -> impl Iterator<Item = &'v str> {
        let s = match self {
            Text::Known(s) | Text::Partial(s) => s,
        };
        s.split(UNKNOWN_MARKER).filter(|f| !f.is_empty())
    }
}

/// What is wrong with a value, when it is decided: `problem` judges each
/// known string (a conditional's alternatives must all be wrong; the first
/// problem is told). `None` for right, unknown or non-string values.
#[must_use]
pub fn decided_problem(
    value: &Value,
    problem: &dyn Fn(Text<'_>) -> Option<String>,
) -> Option<String> {
    match value {
        Value::OneOf(alternatives) => {
            let mut first = None;
            for alternative in alternatives {
                let found = decided_problem(alternative, problem)?;
                first.get_or_insert(found);
            }
            first
        }
        other => Text::of(other).and_then(problem),
    }
}

/// [`decided_problem`] for an attribute of module `module`; when its value
/// is unknown but written as one quoted template (directly, or in the local
/// it names), its literal parts are judged.
#[must_use]
pub fn attribute_problem(
    model: &crate::model::Model,
    module: usize,
    attr: &crate::model::Attribute,
    problem: &dyn Fn(Text<'_>) -> Option<String>,
) -> Option<String> {
    if attr.value != Value::Unknown {
        return decided_problem(&attr.value, problem);
    }
    let literals = super::locate::template_literals(model, &attr.span).or_else(|| {
        // `name = local.sg_name` with `sg_name = "sg-${var.env}"`.
        let text = super::locate::value_text(model, &attr.span)?;
        let name = text.strip_prefix("local.")?;
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return None;
        }
        let local = model
            .modules
            .get(module)?
            .locals
            .iter()
            .find(|l| l.name == name)?;
        if local.attribute.value != Value::Unknown {
            return None;
        }
        super::locate::template_literals(model, &local.attribute.span)
    })?;
    if literals.iter().all(|l| l.is_empty()) {
        return None;
    }
    let partial = literals.join(UNKNOWN_MARKER);
    problem(Text::Partial(&partial))
}

/// What is wrong with an S3 bucket name (general purpose buckets), per the
/// Amazon S3 User Guide's "Bucket naming rules"; `None` when valid or not
/// decidable. A partly known name is judged on its known characters only.
#[must_use]
pub fn s3_bucket_name_problem(name: Text<'_>) -> Option<String> {
    for fragment in name.fragments() {
        if let Some(c) = fragment.chars().find(char::is_ascii_uppercase) {
            return Some(format!("contains the upper-case letter `{c}`: only lower-case letters, digits, `.` and `-` are allowed"));
        }
        if let Some(c) = fragment
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
        {
            return Some(format!(
                "contains `{c}`: only lower-case letters, digits, `.` and `-` are allowed"
            ));
        }
        if fragment.contains("..") {
            return Some("contains two adjacent periods".to_owned());
        }
    }
    let Text::Known(name) = name else {
        return None;
    };
    let length = name.len();
    if !(3..=63).contains(&length) {
        return Some(format!(
            "is {length} characters long: bucket names have 3 to 63"
        ));
    }
    let first_and_last_ok =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !first_and_last_ok(name.chars().next()) || !first_and_last_ok(name.chars().last()) {
        return Some("must begin and end with a letter or digit".to_owned());
    }
    if name.split('.').count() == 4
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Some("is formatted as an IP address".to_owned());
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            return Some(format!("starts with `{prefix}`, a prefix S3 reserves"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            return Some(format!("ends with `{suffix}`, a suffix S3 reserves"));
        }
    }
    None
}

/// What is wrong with an S3 `bucket_prefix` (the provider appends 26
/// characters); `None` when valid or not decidable.
#[must_use]
pub fn s3_bucket_prefix_problem(prefix: Text<'_>) -> Option<String> {
    for fragment in prefix.fragments() {
        if let Some(c) = fragment
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
        {
            return Some(format!(
                "contains `{c}`: only lower-case letters, digits, `.` and `-` are allowed"
            ));
        }
    }
    let Text::Known(prefix) = prefix else {
        return None;
    };
    let max = aws_values().s3.bucket_prefix_max;
    if prefix.len() > max {
        return Some(format!(
            "is {} characters long: at most {max}, since 26 characters are appended",
            prefix.len()
        ));
    }
    None
}

/// A database engine version split for judging: its major version and the
/// minor (PostgreSQL) or patch (MySQL, MariaDB) number when given.
fn major_and_minor(engine: &str, version: &str) -> Option<(String, Option<u32>)> {
    let parts: Vec<&str> = version.split('.').collect();
    let numeric = |p: &&&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let postgres_family = engine.contains("postgres");
    if postgres_family {
        // `9.6.22`: major `9.6`; `16.4`: major `16`.
        let first = parts.first().filter(numeric)?;
        if *first == "9" {
            let second = parts.get(1).filter(numeric)?;
            let minor = parts.get(2).and_then(|p| p.parse().ok());
            return Some((format!("9.{second}"), minor));
        }
        let minor = match parts.get(1) {
            Some(p) if numeric(&p) => p.parse().ok(),
            Some(_) => return None,
            None => None,
        };
        return Some(((*first).to_owned(), minor));
    }
    // MySQL family: `8.0.35`, `8.0`, `8.0.mysql_aurora.3.05.2`.
    let first = parts.first().filter(numeric)?;
    let second = parts.get(1).filter(numeric)?;
    let patch = parts.get(2).filter(numeric).and_then(|p| p.parse().ok());
    Some((format!("{first}.{second}"), patch))
}

fn version_key(major: &str) -> Vec<u32> {
    major.split('.').filter_map(|p| p.parse().ok()).collect()
}

/// What is wrong with an engine version for an RDS engine; `None` when it
/// is valid, newer than the data knows, or the engine has no table.
#[must_use]
pub fn rds_engine_version_problem(engine: &str, version: &str) -> Option<String> {
    let table = aws_values().rds.engine_versions.get(engine)?;
    let (major, minor) = major_and_minor(engine, version)?;
    if table.retired.contains(&major) {
        return Some(format!(
            "`{engine}` {major} is retired: RDS no longer creates it (supported majors: {})",
            table.majors.join(", ")
        ));
    }
    if !table.majors.contains(&major) {
        let newest = table.majors.iter().map(|m| version_key(m)).max()?;
        if version_key(&major) < newest {
            return Some(format!(
                "`{engine}` has no major version {major} (supported majors: {})",
                table.majors.join(", ")
            ));
        }
        return None;
    }
    match minor {
        Some(minor) if minor > table.max_minor => Some(format!(
            "`{engine}` {major} has no release {version}: its minor versions stay far below {}",
            table.max_minor
        )),
        _ => None,
    }
}

/// Where a Lambda runtime stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeStatus {
    Supported,
    /// Deprecated long ago: functions can no longer be created with it.
    CreateBlocked,
    /// Not a Lambda runtime identifier.
    Unknown,
}

#[must_use]
pub fn lambda_runtime(runtime: &str) -> RuntimeStatus {
    let lambda = &aws_values().lambda;
    let has = |list: &[String]| list.iter().any(|r| r == runtime);
    if !has(&lambda.runtimes) {
        RuntimeStatus::Unknown
    } else if has(&lambda.create_blocked) {
        RuntimeStatus::CreateBlocked
    } else {
        RuntimeStatus::Supported
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses_and_records_its_botocore_version() {
        let values = aws_values();
        let pinned = include_str!("../../../scripts/aws-values-requirements.txt");
        assert_eq!(pinned.trim(), format!("botocore=={}", values.botocore));
        assert!(values.lambda.runtimes.iter().any(|r| r == "python3.12"));
        assert!(values.logs.retention_in_days.contains(&365));
        assert_eq!(values.kms.pending_window_in_days, [7, 30]);
        assert_eq!(values.elbv2.load_balancer_name_max, 32);
        assert_eq!(values.ec2.security_group_reserved_prefix, "sg-");
        assert!(values.rds.instance_engines.iter().any(|e| e == "postgres"));
        assert!(!values
            .rds
            .instance_engines
            .iter()
            .any(|e| e == "postgresql"));
    }

    #[test]
    fn bucket_names_follow_the_naming_rules() {
        let problem = |s| s3_bucket_name_problem(Text::Known(s));
        assert_eq!(problem("my-logs.example-1"), None);
        assert!(problem("My-Logs").is_some());
        assert!(problem("ab").is_some());
        assert!(problem("my_logs").is_some());
        assert!(problem("192.168.1.10").is_some());
        assert!(problem("xn--logs").is_some());
        assert!(problem("logs-s3alias").is_some());
        assert!(problem("-logs").is_some());
        assert!(problem(&"a".repeat(64)).is_some());
        let partial = format!("{UNKNOWN_MARKER}-Logs");
        assert!(s3_bucket_name_problem(Text::Partial(&partial)).is_some());
        let partial = format!("{UNKNOWN_MARKER}-logs");
        assert_eq!(s3_bucket_name_problem(Text::Partial(&partial)), None);
    }

    #[test]
    fn engine_versions_are_judged_only_when_clearly_impossible() {
        assert_eq!(rds_engine_version_problem("postgres", "16.4"), None);
        assert_eq!(rds_engine_version_problem("postgres", "16"), None);
        assert!(rds_engine_version_problem("postgres", "16.99").is_some());
        assert!(rds_engine_version_problem("postgres", "9.6.22").is_some());
        assert!(rds_engine_version_problem("postgres", "8.0.35").is_some());
        assert_eq!(rds_engine_version_problem("postgres", "25.1"), None);
        assert_eq!(rds_engine_version_problem("mysql", "8.0.35"), None);
        assert!(rds_engine_version_problem("mysql", "5.6.51").is_some());
        assert!(rds_engine_version_problem("aurora-mysql", "5.6.10a").is_some());
        assert_eq!(
            rds_engine_version_problem("aurora-mysql", "8.0.mysql_aurora.3.05.2"),
            None
        );
        assert_eq!(
            rds_engine_version_problem("oracle-ee", "19.0.0.0.ru-2024-01"),
            None
        );
    }

    #[test]
    fn runtimes_come_from_botocore() {
        assert_eq!(lambda_runtime("python3.12"), RuntimeStatus::Supported);
        assert_eq!(lambda_runtime("python3.6"), RuntimeStatus::CreateBlocked);
        assert_eq!(lambda_runtime("nodejs18.x"), RuntimeStatus::Supported);
        assert_eq!(lambda_runtime("python3.99"), RuntimeStatus::Unknown);
    }
}
