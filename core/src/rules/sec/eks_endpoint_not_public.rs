//! SEC023: eKS cluster API endpoints are not open to the whole internet.

use crate::rules::prelude::*;

declare_control! {
    /// EKS cluster API endpoints are not open to the whole internet.
    ///
    /// ## Why it matters
    /// The Kubernetes API server is the cluster's control plane. By default EKS
    /// exposes it publicly to `0.0.0.0/0`, so anyone can probe it and try
    /// stolen or leaked credentials against it. Disable the public endpoint
    /// (`endpoint_public_access = false`, with `endpoint_private_access =
    /// true`) or limit `public_access_cidrs` to known networks. An empty
    /// `public_access_cidrs` list means the default `0.0.0.0/0`.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   # ...
    ///   vpc_config {
    ///     subnet_ids              = aws_subnet.private[*].id
    ///     endpoint_private_access = true
    ///     endpoint_public_access  = false
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "SEC023",
        slug: "eks-endpoint-not-public",
        category: Category::Sec,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_eks_cluster"]),
        references: &[
            "Amazon EKS User Guide: Control network access to cluster API server endpoint",
            "CIS Amazon EKS Benchmark: 5.4.2 Ensure clusters are created with private endpoint enabled and public access disabled",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_38").same(),
            Peer::checkov("CKV_AWS_39").partial(),
            Peer::trivy("AVD-AWS-0041", "aws-eks-no-public-cluster-access-to-cidr").same(),
            Peer::trivy("AVD-AWS-0040", "aws-eks-no-public-cluster-access").partial(),
            Peer::kics("EKS Cluster Has Public Access").partial(),
        ],
        good: &[
            r#"
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids              = ["subnet-1", "subnet-2"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}
"#,
            r#"
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids          = ["subnet-1", "subnet-2"]
    public_access_cidrs = ["203.0.113.0/24"]
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_eks_cluster" "main" { # expect: fail
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
"#,
            r#"
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids          = ["subnet-1", "subnet-2"]
    public_access_cidrs = ["0.0.0.0/0"] # expect: fail
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let Some(vpc) = nested_body(r.body(), &["vpc_config"]) else {
            continue;
        };
        match setting(vpc, "endpoint_public_access", flag(true)) {
            Setting::Violated(_) => {
                out.pass(r, "the API endpoint is private");
                continue;
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
                continue;
            }
            Setting::Holds(_) | Setting::Absent => {}
        }
        let restricted = |v: &Value| match v {
            Value::List(items) if items.is_empty() => Some(false),
            other => strings(other).map(|cidrs| !cidrs.iter().any(|c| is_world_cidr(c))),
        };
        match setting(vpc, "public_access_cidrs", restricted) {
            Setting::Holds(_) => {
                out.pass(r, "the public API endpoint is limited to known networks");
            }
            Setting::Absent => {
                out.missing(
                    r,
                    "the public API endpoint is open to 0.0.0.0/0 (the default)",
                );
            }
            Setting::Violated(a) => {
                out.fail(r, &a.span, "the public API endpoint is open to 0.0.0.0/0");
            }
            Setting::Unknown(a) => {
                out.unknown(r, &a.span, why_unknown(a));
            }
        }
    }
}
