//! Suppression comments (RUBRIC.md section 8): reading them and deciding
//! which findings they silence.
//!
//! # Syntax
//!
//! | comment | scope |
//! |---|---|
//! | `# tfgrade:ignore:ENC001 reason` | the block the comment is directly above or inside |
//! | `// tfgrade:ignore:ENC001,ENC003 reason` | several controls at once (IDs or slugs, comma-separated) |
//! | `# tfgrade:ignore-file:CMP001 reason` | the whole file: every finding of the control located in that file, and the control's stack-level (presence) findings |
//! | `#checkov:skip=CKV_AWS_7:reason` | the block, for controls that list that Checkov check as a `same` peer |
//! | `#tfsec:ignore:aws-kms-auto-rotate-keys` | the block, for controls that list that Trivy/tfsec check as a `same` peer (by long name or AVD ID) |
//! | `#trivy:ignore:AVD-AWS-0065` | the same, in Trivy's spelling |
//!
//! `#`, `//` and `/* */` comments are all read. "The block" is the
//! resource whose finding it is: comments on the lines directly above its
//! header or anywhere inside its body (so an ignore inside a security group
//! covers all its inline rules). A finding that involves a second resource
//! (a split `aws_s3_bucket_*` resource, a rule resource) can be suppressed
//! on either. Variables and providers take comments directly above them.
//!
//! Presence controls have no block to annotate, hence the file-level form;
//! it may appear anywhere in any file of the input.
//!
//! Peers' suppressions are honoured only for peer checks marked
//! [`Overlap::Same`]: a skip of a narrower peer check must not hide a
//! broader control.
//!
//! Suppressed findings are kept (status `suppressed`, with the directive and
//! reason) and do not count against the score; with suppressions turned off
//! they count as they are.

use crate::input::source::FileId;
use crate::model::{Model, Resource, Span};
use crate::rules::{Control, Outcome, Overlap, PeerTool, Subject, Verdict};
use serde::Serialize;

/// Which tool's syntax a directive uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DirectiveTool {
    Tfgrade,
    Checkov,
    Tfsec,
    Trivy,
}

/// One suppression directive found in a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub tool: DirectiveTool,
    /// `tfgrade:ignore-file:` rather than a block-level directive.
    pub file_level: bool,
    /// Control IDs/slugs, or the peer's check IDs.
    pub ids: Vec<String>,
    /// The reason given, possibly empty.
    pub reason: String,
    /// The directive as written, for reports (`checkov:skip=CKV_AWS_7`).
    pub text: String,
}

impl Directive {
    /// Whether the directive names this control (directly, or through a
    /// `same` peer).
    #[must_use]
    pub fn matches(&self, control: &Control) -> bool {
        match self.tool {
            DirectiveTool::Tfgrade => self.ids.iter().any(|id| {
                id.eq_ignore_ascii_case(control.id) || id.eq_ignore_ascii_case(control.slug)
            }),
            DirectiveTool::Checkov => control
                .peers
                .iter()
                .filter(|p| p.tool == PeerTool::Checkov && p.overlap == Overlap::Same)
                .any(|p| self.ids.iter().any(|id| id.eq_ignore_ascii_case(p.id))),
            DirectiveTool::Tfsec | DirectiveTool::Trivy => control
                .peers
                .iter()
                .filter(|p| p.tool == PeerTool::Trivy && p.overlap == Overlap::Same)
                .any(|p| {
                    self.ids.iter().any(|id| {
                        id.eq_ignore_ascii_case(p.id)
                            || p.long_name.is_some_and(|l| id.eq_ignore_ascii_case(l))
                    })
                }),
        }
    }
}

/// Why a finding is suppressed, as reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// The directive as written (`tfgrade:ignore:ENC001`).
    pub directive: String,
    /// The reason given; empty when none was.
    pub reason: String,
    /// What the finding was before it was suppressed (`warn` or `fail`).
    pub was: Outcome,
}

/// Removes comment markers from one comment line.
fn strip_markers(text: &str) -> &str {
    let t = text.trim();
    let t = t.strip_prefix("/*").unwrap_or(t);
    let t = t.strip_suffix("*/").unwrap_or(t);
    let t = t.trim_start_matches('#').trim_start_matches("//");
    t.trim()
}

/// Reads the suppression directives in one comment (markers optional).
#[must_use]
pub fn parse_comment(comment: &str) -> Vec<Directive> {
    let text = strip_markers(comment);
    let mut out = Vec::new();
    parse_tfgrade(text, &mut out);
    parse_checkov(text, &mut out);
    parse_peer_ignores(text, "tfsec:ignore:", DirectiveTool::Tfsec, &mut out);
    parse_peer_ignores(text, "trivy:ignore:", DirectiveTool::Trivy, &mut out);
    out
}

/// `tfgrade:ignore:ID[,ID…] reason` and `tfgrade:ignore-file:ID reason`.
fn parse_tfgrade(text: &str, out: &mut Vec<Directive>) {
    for (prefix, file_level) in [("tfgrade:ignore-file:", true), ("tfgrade:ignore:", false)] {
        let Some(start) = find_ascii_ci(text, prefix) else {
            continue;
        };
        let rest = &text[start + prefix.len()..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let ids: Vec<String> = rest[..end]
            .split(',')
            .map(|s| s.trim().trim_end_matches(':').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if ids.is_empty() {
            continue;
        }
        let reason = rest[end..]
            .trim()
            .trim_start_matches(['-', ':'])
            .trim()
            .to_string();
        out.push(Directive {
            tool: DirectiveTool::Tfgrade,
            file_level,
            text: format!("{}{}", prefix, rest[..end].trim_end_matches(':')),
            ids,
            reason,
        });
        // `tfgrade:ignore-file:` also contains no `tfgrade:ignore:`, so the
        // two prefixes never match the same text; stop after the first.
        return;
    }
}

/// `checkov:skip=CKV_AWS_7:reason` (several may share a comment).
fn parse_checkov(text: &str, out: &mut Vec<Directive>) {
    let prefix = "checkov:skip=";
    let mut from = 0;
    while let Some(pos) = find_ascii_ci(&text[from..], prefix) {
        let rest = &text[from + pos + prefix.len()..];
        let id_end = rest
            .find(|c: char| c == ':' || c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        let id = rest[..id_end].trim().to_string();
        let after = &rest[id_end..];
        let reason = after
            .strip_prefix(':')
            .map(|r| {
                // The reason runs to the next directive, if any.
                let stop = find_ascii_ci(r, prefix).unwrap_or(r.len());
                r[..stop].trim().to_string()
            })
            .unwrap_or_default();
        if !id.is_empty() {
            out.push(Directive {
                tool: DirectiveTool::Checkov,
                file_level: false,
                text: format!("checkov:skip={id}"),
                ids: vec![id],
                reason,
            });
        }
        from += pos + prefix.len();
    }
}

/// `tfsec:ignore:ID[:exp:DATE]` / `trivy:ignore:ID`, several per comment.
fn parse_peer_ignores(text: &str, prefix: &str, tool: DirectiveTool, out: &mut Vec<Directive>) {
    let mut from = 0;
    while let Some(pos) = find_ascii_ci(&text[from..], prefix) {
        let rest = &text[from + pos + prefix.len()..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ':' || c == '[' || c == ',')
            .unwrap_or(rest.len());
        let id = rest[..end].to_string();
        if !id.is_empty() {
            out.push(Directive {
                tool,
                file_level: false,
                text: format!("{prefix}{id}"),
                ids: vec![id],
                reason: String::new(),
            });
        }
        from += pos + prefix.len();
    }
}

/// Byte offset of an ASCII needle in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len())
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n) && haystack.is_char_boundary(i))
}

/// Whether a source line is a comment line.
fn is_comment_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#') || t.starts_with("//") || t.starts_with("/*") || t.starts_with('*')
}

/// The comment lines directly above the line where `span` starts.
fn comments_above<'m>(model: &'m Model, span: &Span) -> Vec<&'m str> {
    let Some(file) = model.files.get(span.file) else {
        return Vec::new();
    };
    let text = file.text.as_str();
    let mut start = span.range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut out = Vec::new();
    for line in text[..line_start].lines().rev() {
        if is_comment_line(line) {
            out.push(line);
        } else {
            break;
        }
    }
    out
}

/// The suppression directives of an input, indexed once per evaluation.
#[derive(Debug)]
pub struct SuppressionIndex<'m> {
    model: &'m Model,
    /// `tfgrade:ignore-file:` directives, by file.
    file_directives: Vec<(FileId, Directive)>,
}

impl<'m> SuppressionIndex<'m> {
    /// Reads the file-level directives of every file of the model.
    #[must_use]
    pub fn new(model: &'m Model) -> Self {
        let mut file_directives = Vec::new();
        for (id, file) in model.files.iter().enumerate() {
            for line in file
                .text
                .lines()
                .filter(|l| is_comment_line(l) || l.contains('#') || l.contains("//"))
            {
                // A comment may follow code on the same line.
                let comment = match (line.find('#'), line.find("//")) {
                    (Some(a), Some(b)) => &line[a.min(b)..],
                    (Some(a), None) => &line[a..],
                    (None, Some(b)) => &line[b..],
                    (None, None) => line,
                };
                for d in parse_comment(comment) {
                    if d.file_level {
                        file_directives.push((id, d));
                    }
                }
            }
        }
        Self {
            model,
            file_directives,
        }
    }

    /// The directive that suppresses `verdict` of `control`, if any.
    /// Passing verdicts are never suppressed.
    #[must_use]
    pub fn find(&self, control: &Control, verdict: &Verdict) -> Option<Suppression> {
        if verdict.outcome == Outcome::Pass {
            return None;
        }
        let found = |d: &Directive| Suppression {
            directive: d.text.clone(),
            reason: d.reason.clone(),
            was: verdict.outcome,
        };
        // File-level: findings located in the file, and stack findings
        // from a directive in any file.
        for (file, d) in &self.file_directives {
            let in_file = verdict.span.as_ref().is_none_or(|s| s.file == *file);
            if in_file && d.matches(control) {
                return Some(found(d));
            }
        }
        let mut resources: Vec<&Resource> = Vec::new();
        if let Subject::Resource(id) = verdict.subject {
            resources.extend(self.model.resources.get(id.0));
        }
        resources.extend(
            verdict
                .related
                .iter()
                .filter_map(|id| self.model.resources.get(id.0)),
        );
        for r in resources {
            let texts = r
                .comments
                .iter()
                .map(|c| c.text.as_str())
                .chain(comments_above(self.model, &r.block.span));
            for text in texts {
                if let Some(d) = parse_comment(text)
                    .into_iter()
                    .find(|d| !d.file_level && d.matches(control))
                {
                    return Some(found(&d));
                }
            }
        }
        if let Subject::Named(_, header) = &verdict.subject {
            for text in comments_above(self.model, header) {
                if let Some(d) = parse_comment(text)
                    .into_iter()
                    .find(|d| !d.file_level && d.matches(control))
                {
                    return Some(found(&d));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tfgrade_directives_with_several_ids_and_a_reason() {
        let d = parse_comment("# tfgrade:ignore:ENC001,enc003 keys are imported");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].ids, vec!["ENC001", "enc003"]);
        assert_eq!(d[0].reason, "keys are imported");
        assert!(!d[0].file_level);
        let f = parse_comment("// tfgrade:ignore-file:CMP001 trail lives in the org account");
        assert!(f[0].file_level);
        assert_eq!(f[0].reason, "trail lives in the org account");
    }

    #[test]
    fn reads_peer_directives() {
        let d = parse_comment("#checkov:skip=CKV_AWS_7:rotation handled elsewhere");
        assert_eq!(d[0].tool, DirectiveTool::Checkov);
        assert_eq!(d[0].ids, vec!["CKV_AWS_7"]);
        assert_eq!(d[0].reason, "rotation handled elsewhere");
        let t = parse_comment(
            "tfsec:ignore:aws-kms-auto-rotate-keys tfsec:ignore:aws-s3-enable-versioning",
        );
        assert_eq!(t.len(), 2);
        let v = parse_comment("#trivy:ignore:AVD-AWS-0065");
        assert_eq!(v[0].tool, DirectiveTool::Trivy);
        assert_eq!(v[0].ids, vec!["AVD-AWS-0065"]);
    }

    #[test]
    fn ordinary_comments_hold_no_directive() {
        assert!(parse_comment("# the key for logs").is_empty());
        assert!(parse_comment("# tfgrade:ignore:").is_empty());
    }
}

#[cfg(test)]
mod evaluation_tests {
    use crate::model::Model;
    use crate::rules::examples::example_input;
    use crate::rules::{control_by_id, evaluate_control, FindingStatus, RuleOptions, Status};

    fn run(id: &str, src: &str, suppressions: bool) -> crate::rules::ControlResult {
        let model = Model::from_input(&example_input(src));
        let control = control_by_id(id).expect("registered control");
        evaluate_control(
            control,
            &model,
            &RuleOptions {
                suppressions,
                ..RuleOptions::default()
            },
        )
    }

    #[test]
    fn tfgrade_ignore_above_a_block_suppresses_with_its_reason() {
        let src = "# tfgrade:ignore:ENC001 imported key material cannot rotate\nresource \"aws_kms_key\" \"k\" {\n}\n";
        let r = run("ENC001", src, true);
        assert_eq!(r.status, Status::Pass);
        let f = &r.findings[0];
        assert_eq!(f.status, FindingStatus::Suppressed);
        let s = f.suppression.as_ref().expect("suppression recorded");
        assert_eq!(s.reason, "imported key material cannot rotate");
        assert_eq!(s.directive, "tfgrade:ignore:ENC001");
    }

    #[test]
    fn a_directive_inside_the_block_and_by_slug_suppresses() {
        let src = "resource \"aws_kms_key\" \"k\" {\n  // tfgrade:ignore:kms-key-rotation,ENC003 rotated by the HSM\n}\n";
        assert_eq!(run("ENC001", src, true).status, Status::Pass);
        assert_eq!(run("ENC003", src, true).status, Status::Pass);
        assert_eq!(run("ENC004", src, true).status, Status::Fail);
    }

    #[test]
    fn turning_suppressions_off_counts_the_finding_again() {
        let src = "# tfgrade:ignore:ENC001 reason\nresource \"aws_kms_key\" \"k\" {\n}\n";
        let r = run("ENC001", src, false);
        assert_eq!(r.status, Status::Fail);
        assert!(r.findings[0].suppression.is_none());
    }

    #[test]
    fn same_peers_suppressions_are_honoured() {
        let checkov =
            "resource \"aws_kms_key\" \"k\" {\n  #checkov:skip=CKV_AWS_7:managed elsewhere\n}\n";
        assert_eq!(run("ENC001", checkov, true).status, Status::Pass);
        let tfsec = "#tfsec:ignore:aws-kms-auto-rotate-keys\nresource \"aws_kms_key\" \"k\" {\n}\n";
        assert_eq!(run("ENC001", tfsec, true).status, Status::Pass);
        let trivy = "#trivy:ignore:AVD-AWS-0065\nresource \"aws_kms_key\" \"k\" {\n}\n";
        assert_eq!(run("ENC001", trivy, true).status, Status::Pass);
    }

    #[test]
    fn partial_peers_suppressions_are_not_honoured() {
        // CKV_AWS_24 is SSH only; SEC003 also covers database ports.
        let src = "resource \"aws_security_group\" \"g\" {\n  #checkov:skip=CKV_AWS_24:bastion\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
        assert_eq!(run("SEC003", src, true).status, Status::Fail);
    }

    #[test]
    fn a_directive_for_another_block_does_not_apply() {
        let src = "# tfgrade:ignore:ENC001 reason\nresource \"aws_kms_key\" \"a\" {\n}\n\nresource \"aws_kms_key\" \"b\" {\n}\n";
        let r = run("ENC001", src, true);
        assert_eq!(r.status, Status::Fail);
        assert_eq!(
            r.findings
                .iter()
                .filter(|f| f.status == FindingStatus::Suppressed)
                .count(),
            1
        );
    }

    #[test]
    fn file_level_directives_suppress_presence_controls() {
        let src = "# tfgrade:ignore-file:ENC002 keys live in the security account\nresource \"aws_s3_bucket\" \"b\" {\n}\n";
        let r = run("ENC002", src, true);
        assert_eq!(r.status, Status::Pass);
        assert_eq!(r.findings[0].status, FindingStatus::Suppressed);
    }

    #[test]
    fn variables_take_directives_from_the_lines_above() {
        let src = "# tfgrade:ignore:SEC018 test fixture password\nvariable \"db_password\" {\n  default = \"hunter22\"\n}\n";
        assert_eq!(run("SEC018", src, true).status, Status::Pass);
    }
}
