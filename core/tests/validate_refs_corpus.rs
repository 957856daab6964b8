//! The reference and value validity controls (VAL020 and up) on real
//! inputs. The real-world modules pass `terraform validate` in their own
//! CI and the review tasks' `lib/*.tf` were deployed, so a warn or fail
//! finding there is a false alarm, with the exceptions listed below: each
//! was read and is an error Terraform or AWS reports for the folder as
//! given (folders that are not standalone modules, and code that is broken
//! where it was taken from). Every exception must still be found, and
//! nothing else may be. On the tasks' Markdown answers the findings are
//! counted and listed (not asserted): they are read against the reviewers'
//! `MODEL_FAILURES.md`.
//!
//! The corpus is found through `TFGRADE_CORPUS`, else at
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus`; a missing corpus fails.
//! `VAL_LIST=1` lists every answer finding.

#![allow(clippy::print_stdout, reason = "the corpus test reports its figures")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tfgrade_core::model::Model;
use tfgrade_core::rules::{
    evaluate_control, Category, Control, FindingStatus, RuleOptions, CONTROLS,
};
use tfgrade_core::InputSet;

#[path = "support/corpus.rs"]
mod corpus;
use corpus::corpus_dir;

/// Real-world folders that are not modules `terraform validate` passes:
/// (repository, folder, control, why).
const REAL_WORLD_ERRORS: &[(&str, &str, &str, &str)] = &[
    ("terraform-aws-components", "mixins/", "VAL020", "mixin files are copied into components, which declare `module.this`, variables and locals"),
    ("terraform-aws-components", "mixins/", "VAL021", "alternative mixins (provider blocks, `module.iam_roles`) that are never used together"),
    ("terraform-aws-components", "deprecated/guardduty/common/", "VAL020", "shared files of the guardduty components: no variables.tf nor context.tf"),
    ("terraform-aws-components", "deprecated/eks/eks-without-spotinst/", "VAL020", "`var.import_role_arn` is used and never declared"),
    ("terraform-aws-components", "deprecated/github-actions-runner/", "VAL021", "`local.eks_cluster_oidc_issuer_url` is defined in main.tf and iam.tf"),
    ("terraform-aws-components", "modules/waf/", "VAL021", "variables.tf declares five variables twice"),
    ("terraform-aws-components", "modules/memorydb/", "VAL020", "providers.tf uses `var.region`, declared nowhere"),
    ("terraform-aws-components", "modules/zscaler/", "VAL020", "`module.vpc` and `module.eks` are used and never declared (no remote-state.tf)"),
    ("terraform-aws-components", "modules/aurora-mysql-resources/", "VAL020", "`data.aws_ssm_parameter.mysql_admin_password` is used; the data source is named `admin_password`"),
    ("terraform-aws-security-group", "modules/_templates/", "VAL020", "templates a script fills in (`var.auto_*` comes from generated files)"),
    ("terraform-aws-eks-blueprints", "docs/v4-to-v5/example/", "VAL021", "v4.tf and v5.tf are two versions of one example shown side by side"),
];

/// Deployed task code with errors: (task, control, why).
const TASK_ERRORS: &[(&str, &str, &str)] = &[
    (
        "Pr773",
        "VAL020",
        "`provider = aws.useast1` and `aws.uswest2`; the aliases are `us-east-1` and `us-west-2`",
    ),
    (
        "Pr1206",
        "VAL020",
        "`provider = aws.us_east_1` with no such alias",
    ),
    (
        "Pr1400",
        "VAL020",
        "outputs name root resources that live in modules, and `module.sg` is not declared",
    ),
    (
        "Pr1409",
        "VAL022",
        "each load balancer depends on its log bucket policy, which names the load balancer",
    ),
    (
        "Pr1624",
        "VAL020",
        "provider.tf uses `var.aws_region`, declared nowhere",
    ),
    (
        "Pr2363",
        "VAL020",
        "provider.tf uses `var.aws_region`, declared nowhere",
    ),
    (
        "Pr2556",
        "VAL022",
        "two security groups whose inline rules name each other",
    ),
    (
        "Pr3794",
        "VAL026",
        "security group names `sg-rds-…` and `sg-ec2-…`: the provider rejects the `sg-` prefix",
    ),
    (
        "Pr3826",
        "VAL020",
        "`aws_sns_topic.alerts` is used; the topics are `alerts_primary` and `alerts_secondary`",
    ),
    (
        "Pr5965",
        "VAL027",
        "WAF logs to the log group `/aws/waf/documents-prod`",
    ),
    (
        "Pr6664",
        "VAL027",
        "WAF logs to the log group `/aws/wafv2/pci-dss`",
    ),
    (
        "Pr7492",
        "VAL030",
        "`retention_in_days = var.metric_retention_days`, 450 by default",
    ),
];

/// The controls under test: validity controls from VAL020 on.
fn controls() -> Vec<&'static Control> {
    CONTROLS
        .iter()
        .copied()
        .filter(|c| c.category == Category::Val && c.id >= "VAL020")
        .collect()
}

/// Files under `root` (recursively) whose names pass `keep`, sorted.
fn read_tree(root: &Path, keep: &dyn Fn(&str) -> bool, recurse: bool) -> InputSet {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                if recurse && !name.starts_with('.') {
                    stack.push(path);
                }
            } else if keep(&name) {
                found.push(path);
            }
        }
    }
    found.sort();
    let mut input = InputSet::new();
    for path in found {
        if let (Ok(bytes), Ok(rel)) = (std::fs::read(&path), path.strip_prefix(root)) {
            input.add(rel.to_string_lossy().replace('\\', "/"), bytes);
        }
    }
    input
}

/// The warn/fail findings of the controls under test, as lines
/// `ID file:line message`.
fn findings(input: &InputSet) -> Vec<String> {
    let model = Model::from_input(input);
    let options = RuleOptions::default();
    let mut out = Vec::new();
    for control in controls() {
        let result = evaluate_control(control, &model, &options);
        for finding in &result.findings {
            if matches!(finding.status, FindingStatus::Fail | FindingStatus::Warn) {
                let at = finding
                    .location
                    .as_ref()
                    .map_or_else(String::new, |l| format!("{}:{}", l.file, l.line));
                out.push(format!(
                    "{} {:?} {at} {}",
                    control.id, finding.status, finding.message
                ));
            }
        }
    }
    out
}

fn task_dirs(corpus: &Path) -> Vec<PathBuf> {
    let mut tasks: Vec<PathBuf> = std::fs::read_dir(corpus.join("tasks"))
        .expect("tasks folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("lib").is_dir())
        .collect();
    tasks.sort();
    tasks
}

#[test]
fn no_finding_on_real_world_modules() {
    let corpus = corpus_dir().join("realworld");
    let mut repos: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("realworld folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    repos.sort();
    assert!(repos.len() >= 30, "expected the real-world repositories");
    let mut false_alarms = Vec::new();
    let mut explained = vec![0usize; REAL_WORLD_ERRORS.len()];
    let mut files = 0;
    for repo in repos {
        let input = read_tree(&repo, &|n| n.ends_with(".tf"), true);
        files += input.files.len();
        let name = repo
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for finding in findings(&input) {
            let mut words = finding.split(' ');
            let (id, at) = (words.next().unwrap_or(""), words.nth(1).unwrap_or(""));
            let known = REAL_WORLD_ERRORS
                .iter()
                .position(|(r, folder, control, _)| {
                    *r == name && *control == id && at.starts_with(folder)
                });
            match known {
                Some(i) => explained[i] += 1,
                None => false_alarms.push(format!("{name}: {finding}")),
            }
        }
    }
    println!("real-world: {files} files");
    for ((repo, folder, control, why), count) in REAL_WORLD_ERRORS.iter().zip(&explained) {
        println!("  {repo}/{folder}: {count} {control} findings ({why})");
    }
    assert!(files >= 3800, "expected the real-world .tf files");
    assert!(
        false_alarms.is_empty(),
        "{} findings on modules that pass `terraform validate`:\n{}",
        false_alarms.len(),
        false_alarms.join("\n")
    );
    let missed: Vec<_> = REAL_WORLD_ERRORS
        .iter()
        .zip(&explained)
        .filter(|(_, n)| **n == 0)
        .map(|(e, _)| e)
        .collect();
    assert!(
        missed.is_empty(),
        "known errors no longer found: {missed:?}"
    );
}

#[test]
fn no_finding_on_deployed_task_code() {
    let corpus = corpus_dir();
    let mut false_alarms = Vec::new();
    let mut explained = vec![0usize; TASK_ERRORS.len()];
    let mut tasks = 0;
    for task in task_dirs(&corpus) {
        let input = read_tree(
            &task.join("lib"),
            &|n| n.ends_with(".tf") || n.ends_with(".tfvars"),
            false,
        );
        if input.files.is_empty() {
            continue;
        }
        tasks += 1;
        let name = task
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for finding in findings(&input) {
            let id = finding.split(' ').next().unwrap_or("");
            match TASK_ERRORS
                .iter()
                .position(|(t, control, _)| *t == name && *control == id)
            {
                Some(i) => explained[i] += 1,
                None => false_alarms.push(format!("{name}: {finding}")),
            }
        }
    }
    println!("deployed task code: {tasks} tasks");
    for ((task, control, why), count) in TASK_ERRORS.iter().zip(&explained) {
        println!("  {task}: {count} {control} findings ({why})");
    }
    assert!(tasks >= 400, "expected the tasks' lib/*.tf");
    let missed: Vec<_> = TASK_ERRORS
        .iter()
        .zip(&explained)
        .filter(|(_, n)| **n == 0)
        .map(|(e, _)| e)
        .collect();
    assert!(
        missed.is_empty(),
        "known errors no longer found: {missed:?}"
    );
    assert!(
        false_alarms.is_empty(),
        "{} findings on deployed code:\n{}",
        false_alarms.len(),
        false_alarms.join("\n")
    );
}

#[test]
fn findings_on_task_answers_are_counted() {
    let corpus = corpus_dir();
    let list = std::env::var_os("VAL_LIST").is_some();
    let mut by_control: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut answers = 0;
    for task in task_dirs(&corpus) {
        let path = task.join("lib/MODEL_RESPONSE.md");
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        answers += 1;
        let mut input = InputSet::new();
        input.add("lib/MODEL_RESPONSE.md", bytes);
        let found = findings(&input);
        let mut seen: Vec<&str> = Vec::new();
        for finding in &found {
            let id = finding.split(' ').next().unwrap_or_default();
            let entry = by_control.entry(id.to_owned()).or_default();
            entry.0 += 1;
            if !seen.contains(&id) {
                seen.push(id);
                entry.1 += 1;
            }
            if list {
                let name = task.file_name().map(|n| n.to_string_lossy().into_owned());
                println!("{}: {finding}", name.unwrap_or_default());
            }
        }
    }
    println!("task answers: {answers}");
    for (id, (findings, tasks)) in &by_control {
        println!("{id}: {findings} findings in {tasks} answers");
    }
    assert!(answers >= 400, "expected the tasks' answers");
}
