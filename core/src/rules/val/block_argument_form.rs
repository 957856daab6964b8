//! VAL004: blocks are written as blocks and arguments as arguments.

use super::judge_bodies;
use crate::rules::prelude::*;
use crate::validate::ProblemKind;

declare_control! {
    /// Nested blocks are written as blocks (`x { … }`) and arguments as arguments (`x = …`).
    ///
    /// ## Why it matters
    /// Terraform rejects a nested block written as an argument
    /// (`versioning = { enabled = true }`: `An argument named "versioning"
    /// is not expected here. Did you mean to define a block of type
    /// "versioning"?`) and an argument written as a block (`tags { … }`:
    /// `Blocks of type "tags" are not expected here`). Arguments whose
    /// value is a list of objects in the provider's schema, such as
    /// `ingress` on `aws_security_group`, may be written either way and are
    /// not flagged.
    ///
    /// ## Remediation
    /// Write the form the schema has:
    ///
    /// ```hcl
    /// resource "aws_instance" "web" {
    ///   ami           = "ami-0123456789abcdef0"
    ///   instance_type = "t3.micro"
    ///   tags = {
    ///     Name = "web"
    ///   }
    ///
    ///   metadata_options {
    ///     http_tokens = "required"
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "VAL004",
        slug: "block-argument-form",
        category: Category::Val,
        severity: Severity::Critical,
        scope: Scope::Everything,
        references: &[
            "Terraform: Attributes as Blocks",
            "Terraform: terraform validate",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  tags = {
    Name = "web"
  }

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_security_group" "web" {
  name = "web"
  ingress = [{
    description      = "https"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["10.0.0.0/8"]
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
  }]

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"#,
        ],
        bad: &[
            r#"
resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  tags { # expect: fail
    Name = "web"
  }

  metadata_options = { # expect: fail
    http_tokens = "required"
  }
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    judge_bodies(
        cx,
        out,
        ProblemKind::Form,
        "blocks and arguments are written in their own form",
    );
}
