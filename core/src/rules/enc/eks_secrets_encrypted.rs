//! ENC022: eKS clusters encrypt Kubernetes secrets with a KMS key.

use crate::rules::prelude::*;

declare_control! {
    /// EKS clusters encrypt Kubernetes secrets with a KMS key.
    ///
    /// ## Why it matters
    /// Kubernetes secrets are only base64-encoded in etcd. Envelope encryption
    /// (`encryption_config` with `resources = ["secrets"]`) encrypts them with
    /// a KMS key, so a copy of etcd or its backups does not reveal service-
    /// account tokens, database passwords and TLS keys, and access to the key
    /// can be audited and revoked.
    ///
    /// ## Remediation
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "main"
    ///   role_arn = aws_iam_role.cluster.arn
    ///   vpc_config {
    ///     subnet_ids = aws_subnet.private[*].id
    ///   }
    ///   encryption_config {
    ///     resources = ["secrets"]
    ///     provider {
    ///       key_arn = aws_kms_key.eks.arn
    ///     }
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC022",
        slug: "eks-secrets-encrypted",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&["aws_eks_cluster"]),
        references: &[
            "Amazon EKS User Guide: Encrypt Kubernetes secrets with KMS on existing clusters",
            "CIS Amazon EKS Benchmark: 5.3.1 Ensure Kubernetes Secrets are encrypted using CMKs",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_58").same(),
            Peer::trivy("AVD-AWS-0039", "aws-eks-encrypt-secrets").same(),
            Peer::kics("EKS Cluster Encryption Disabled").same(),
        ],
        good: &[
            r#"
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:us-east-1:123456789012:key/abcd"
    }
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
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  encryption_config {
    resources = ["configmaps"] # expect: fail
    provider {
      key_arn = "arn:aws:kms:us-east-1:123456789012:key/abcd"
    }
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    for r in cx.resources() {
        let configs: Vec<_> = r.body().blocks("encryption_config").collect();
        if configs.is_empty() {
            out.missing(
                r,
                "no `encryption_config`: Kubernetes secrets are stored without envelope encryption",
            );
            continue;
        }
        let covers = |v: &Value| strings(v).map(|s| s.contains(&"secrets"));
        let mut unknown = None;
        let mut wrong = None;
        let mut holds = false;
        for c in &configs {
            match setting(&c.body, "resources", covers) {
                Setting::Holds(_) => holds = true,
                Setting::Unknown(a) => unknown = unknown.or(Some(a)),
                Setting::Violated(a) => wrong = wrong.or(Some(&a.span)),
                Setting::Absent => wrong = wrong.or(Some(&c.span)),
            }
        }
        if holds {
            out.pass(r, "secrets are encrypted with a KMS key");
        } else if let Some(a) = unknown {
            out.unknown(r, &a.span, why_unknown(a));
        } else if let Some(span) = wrong {
            out.fail(r, span, "`encryption_config` does not cover `secrets`");
        }
    }
}
