//! MON013: eKS clusters send their control-plane logs (at least API and audit) to CloudWatch.

use crate::rules::prelude::*;

declare_control! {
    /// EKS clusters send their control-plane logs (at least API and audit) to CloudWatch.
    ///
    /// ## Why it matters
    /// The Kubernetes audit and API server logs record who did what in the
    /// cluster: which identity created a privileged pod, read a secret or
    /// changed RBAC. EKS keeps none of them unless `enabled_cluster_log_types`
    /// lists them. Without `api` and `audit` the cluster fails; enabling only
    /// those two of the five types is partly met (a warning).
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   # ...
    ///   enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
    /// }
    /// ```
    pub CONTROL {
        id: "MON013",
        slug: "eks-control-plane-logging",
        category: Category::Mon,
        severity: Severity::Medium,
        scope: Scope::Resources(&["aws_eks_cluster"]),
        references: &[
            "Amazon EKS User Guide: Send control plane logs to CloudWatch Logs",
            "CIS Amazon EKS Benchmark: 2.1.1 Enable audit logs",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_37").partial(),
            Peer::trivy("AVD-AWS-0038", "aws-eks-enable-control-plane-logging").partial(),
            Peer::kics("Missing Cluster Log Types").partial(),
        ],
        good: &[
            r#"
resource "aws_eks_cluster" "main" {
  name                      = "main"
  role_arn                  = "arn:aws:iam::123456789012:role/eks"
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
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
  name                      = "main"
  role_arn                  = "arn:aws:iam::123456789012:role/eks"
  enabled_cluster_log_types = ["api", "audit"] # expect: warn
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
"#,
        ],
        check,
    }
}

const ALL_TYPES: &[&str] = &[
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
];

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let Some(attr) = r
            .body()
            .attr("enabled_cluster_log_types")
            .filter(|a| a.value != Value::Null)
        else {
            out.missing(
                r,
                "no `enabled_cluster_log_types`: the control plane keeps no audit or API logs",
            );
            continue;
        };
        let Some(types) = strings(&attr.value) else {
            out.unknown(r, &attr.span, why_unknown(attr));
            continue;
        };
        let missing: Vec<&str> = ALL_TYPES
            .iter()
            .copied()
            .filter(|t| !types.contains(t))
            .collect();
        if missing.contains(&"api") || missing.contains(&"audit") {
            out.fail(
                r,
                &attr.span,
                format!("control-plane logs miss {}", missing.join(", ")),
            );
        } else if missing.is_empty() {
            out.pass(r, "every control-plane log type is sent to CloudWatch");
        } else {
            out.warn(
                r,
                &attr.span,
                format!("API and audit logs are on; {} are not", missing.join(", ")),
            );
        }
    }
}
