//! SEC002: no S3 ACL grants access to everyone.

use crate::rules::prelude::*;

declare_control! {
    /// No S3 bucket ACL or grant gives access to everyone (`public-read`, `public-read-write`, AllUsers).
    ///
    /// ## Why it matters
    /// A canned ACL of `public-read` or `public-read-write`, or a grant to
    /// the `AllUsers` group, lets anyone on the internet list or read (and
    /// with write, replace or delete) the bucket's objects without
    /// credentials. `authenticated-read` and the `AuthenticatedUsers` group
    /// are no better: they mean any AWS account in the world. ACLs are a
    /// legacy mechanism (new buckets disable them with
    /// `BucketOwnerEnforced`); public content belongs behind CloudFront with
    /// origin access control, not in a public bucket ACL.
    ///
    /// ## Remediation
    /// Remove public canned ACLs and grants; keep ACLs disabled:
    ///
    /// ```hcl
    /// resource "aws_s3_bucket_ownership_controls" "data" {
    ///   bucket = aws_s3_bucket.data.id
    ///   rule {
    ///     object_ownership = "BucketOwnerEnforced"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC002",
        slug: "s3-no-public-acl",
        category: Category::Sec,
        severity: Severity::Critical,
        scope: Scope::Resources(&["aws_s3_bucket", "aws_s3_bucket_acl"]),
        references: &[
            "Amazon S3 User Guide: Access control list (ACL) overview (canned ACLs, Amazon S3 predefined groups)",
            "Amazon S3 User Guide: Controlling ownership of objects and disabling ACLs for your bucket",
            "AWS Security Hub: [S3.2] S3 general purpose buckets should block public read access",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_20").partial(),
            Peer::checkov("CKV_AWS_57").partial(),
            Peer::checkov("CKV_AWS_375").partial(),
            Peer::trivy("AVD-AWS-0092", "aws-s3-no-public-access-with-acl").same(),
        ],
        good: &[
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  acl    = "private"
}
"#,
            // No ACL at all: the bucket owner only.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}
"#,
        ],
        bad: &[
            // The split ACL resource of provider v4+.
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  acl    = "public-read" # expect: fail
}
"#,
            // The inline form of provider v3.
            r#"
resource "aws_s3_bucket" "site" {
  bucket = "example-site"
  acl    = "public-read-write" # expect: fail
}
"#,
            r#"
resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers" # expect: fail
      }
      permission = "READ"
    }
    owner {
      id = "abcd1234"
    }
  }
}
"#,
            r#"
variable "acl" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
  acl    = var.acl # expect: unknown
}
"#,
        ],
        check,
    }
}

const PUBLIC_CANNED: &[&str] = &["public-read", "public-read-write", "authenticated-read"];

fn is_public_canned(v: &Value) -> Option<bool> {
    match v {
        Value::String(s) => Some(PUBLIC_CANNED.iter().any(|p| p.eq_ignore_ascii_case(s))),
        Value::Null => Some(false),
        _ => None,
    }
}

fn is_public_group_uri(v: &Value) -> Option<bool> {
    match v {
        Value::String(s) => {
            Some(s.ends_with("/global/AllUsers") || s.ends_with("/global/AuthenticatedUsers"))
        }
        Value::Null => Some(false),
        _ => None,
    }
}

/// Judges the ACL settings of one resource (a bucket or an
/// `aws_s3_bucket_acl`); records problems on `subject`.
fn judge_acls(subject: &Resource, holder: &Resource, out: &mut Verdicts) -> usize {
    let mut problems = 0;
    let body = holder.body();
    match setting(body, "acl", is_public_canned) {
        Setting::Holds(attr) => {
            problems += 1;
            out.fail(subject, &attr.span, "the canned ACL gives everyone access")
                .involving(holder);
        }
        Setting::Unknown(attr) => {
            problems += 1;
            out.unknown(subject, &attr.span, why_unknown(attr))
                .involving(holder);
        }
        Setting::Absent | Setting::Violated(_) => {}
    }
    // Grants: `grant { uri }` on a v3 bucket, `access_control_policy {
    // grant { grantee { uri } } }` on an ACL resource.
    let mut uris: Vec<&Attribute> = body
        .blocks("grant")
        .filter_map(|g| g.body.attr("uri"))
        .collect();
    for policy in body.blocks("access_control_policy") {
        for grant in policy.body.blocks("grant") {
            uris.extend(
                grant
                    .body
                    .blocks("grantee")
                    .filter_map(|g| g.body.attr("uri")),
            );
        }
    }
    for uri in uris {
        match setting_of(uri, is_public_group_uri) {
            Judgement::Holds => {
                problems += 1;
                out.fail(
                    subject,
                    &uri.span,
                    "a grant gives the AllUsers/AuthenticatedUsers group access",
                )
                .involving(holder);
            }
            Judgement::Unknown => {
                problems += 1;
                out.unknown(subject, &uri.span, why_unknown(uri))
                    .involving(holder);
            }
            Judgement::Violated => {}
        }
    }
    problems
}

fn setting_of(attr: &Attribute, predicate: fn(&Value) -> Option<bool>) -> Judgement {
    attr.value.judge(&predicate)
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        if r.resource_type == "aws_s3_bucket_acl" {
            // ACLs of buckets in the configuration are judged with their
            // bucket; an ACL for a bucket from elsewhere is judged alone.
            if !configures_known_bucket(cx.model, r) && judge_acls(r, r, out) == 0 {
                out.pass(r, "no public ACL or grant");
            }
            continue;
        }
        let mut problems = judge_acls(r, r, out);
        for acl in bucket_configs(cx.model, r, "aws_s3_bucket_acl") {
            problems += judge_acls(r, acl, out);
        }
        if problems == 0 {
            out.pass(r, "no public ACL or grant");
        }
    }
}
