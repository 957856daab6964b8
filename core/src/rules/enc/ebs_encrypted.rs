//! ENC007: EBS volumes are encrypted.

use crate::rules::prelude::*;

declare_control! {
    /// EBS volumes, instance and launch-template block devices are encrypted.
    ///
    /// ## Why it matters
    /// EBS volumes are unencrypted unless the volume, the block-device
    /// mapping or the account's "EBS encryption by default" says otherwise,
    /// and encryption cannot be added to an existing volume in place. An
    /// unencrypted volume leaves its data, its snapshots (which are easily
    /// shared or copied) and the data moving between the instance and the
    /// volume readable to anyone who gets hold of them. Turning on
    /// `aws_ebs_encryption_by_default` covers every new volume in the
    /// region, including ones created outside Terraform; otherwise each
    /// volume and block device must set `encrypted = true`. In profile
    /// `strict` the volumes must also name a customer-managed `kms_key_id`.
    ///
    /// ## Remediation
    /// Enable encryption by default for the region, and encrypt volumes and
    /// block devices explicitly:
    ///
    /// ```hcl
    /// resource "aws_ebs_encryption_by_default" "this" {
    ///   enabled = true
    /// }
    ///
    /// resource "aws_instance" "app" {
    ///   # ...
    ///   root_block_device {
    ///     encrypted  = true
    ///     kms_key_id = aws_kms_key.ebs.arn
    ///   }
    /// }
    /// ```
    pub CONTROL {
        id: "ENC007",
        slug: "ebs-encrypted",
        category: Category::Enc,
        severity: Severity::High,
        scope: Scope::Resources(&[
            "aws_ebs_volume",
            "aws_instance",
            "aws_launch_template",
            "aws_launch_configuration",
            "aws_ebs_encryption_by_default",
        ]),
        references: &[
            "CIS AWS Foundations Benchmark v3.0.0, 2.2.1: Ensure EBS volume encryption is enabled in all regions",
            "Amazon EBS User Guide: Amazon EBS encryption (encryption by default)",
        ],
        peers: &[
            Peer::checkov("CKV_AWS_3").same(),
            Peer::checkov("CKV_AWS_8").partial(),
            Peer::checkov("CKV_AWS_106").same(),
            Peer::checkov("CKV_AWS_189").partial(),
            Peer::trivy("AVD-AWS-0026", "aws-ec2-enable-volume-encryption").same(),
            Peer::trivy("AVD-AWS-0131", "aws-ec2-enable-at-rest-encryption").partial(),
            Peer::kics("EBS Encryption Disabled").partial(),
            Peer::kics("Launch Configuration Is Not Encrypted").partial(),
        ],
        good: &[
            r#"
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 20
  encrypted         = true
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
}
"#,
            // Account-wide default encryption covers the instance's root volume.
            r#"
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
"#,
            r#"
resource "aws_launch_template" "app" {
  image_id = "ami-0123456789abcdef0"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted   = "true"
      volume_size = 20
    }
  }
}
"#,
        ],
        bad: &[
            // Omitted everywhere: the volume and the root device are unencrypted.
            r#"
resource "aws_ebs_volume" "data" { # expect: fail
  availability_zone = "us-east-1a"
  size              = 20
}

resource "aws_instance" "app" { # expect: fail
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}
"#,
            r#"
resource "aws_ebs_encryption_by_default" "this" {
  enabled = false # expect: fail
}
"#,
            r#"
resource "aws_launch_template" "app" {
  image_id = "ami-0123456789abcdef0"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted = "false" # expect: fail
    }
  }
}
"#,
            r#"
variable "encrypt" {
  type = bool
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 20
  encrypted         = var.encrypt # expect: unknown
}
"#,
        ],
        check,
    }
}

/// One block device's encryption problem, or none.
enum Device<'a> {
    Ok(&'a Body),
    Fail(&'a Span, &'static str),
    Unknown(&'a Attribute),
    /// From a snapshot: inherits the snapshot's encryption.
    Inherited,
}

fn judge_device<'a>(body: &'a Body, header: &'a Span) -> Device<'a> {
    match setting(body, "encrypted", flag(false)) {
        Setting::Holds(_) => Device::Ok(body),
        Setting::Absent
            if body
                .attr("snapshot_id")
                .is_some_and(|a| a.value != Value::Null) =>
        {
            Device::Inherited
        }
        Setting::Absent => Device::Fail(header, "`encrypted` is not set (defaults to false)"),
        Setting::Violated(attr) => Device::Fail(&attr.span, "`encrypted` is false"),
        Setting::Unknown(attr) => Device::Unknown(attr),
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    // Account-level default encryption, if declared and on.
    let mut default_on: Option<&Resource> = None;
    for d in cx.resources_of_type("aws_ebs_encryption_by_default") {
        match setting(d.body(), "enabled", flag(true)) {
            Setting::Absent | Setting::Holds(_) => {
                default_on = default_on.or(Some(d));
                out.pass(d, "EBS encryption by default is enabled");
            }
            Setting::Violated(attr) => {
                out.fail(
                    d,
                    &attr.span,
                    "`enabled` is false: new volumes are not encrypted by default",
                );
            }
            Setting::Unknown(attr) => {
                out.unknown(d, &attr.span, why_unknown(attr));
            }
        }
    }

    for r in cx.resources() {
        if r.resource_type == "aws_ebs_encryption_by_default" {
            continue;
        }
        if let Some(d) = default_on {
            out.pass(
                r,
                format!("covered by EBS encryption by default (`{}`)", d.address()),
            )
            .secondary(&d.block.span);
            continue;
        }
        // The devices to judge, each with the span a missing setting points at.
        let mut devices: Vec<(Device<'_>, Option<&str>)> = Vec::new();
        match r.resource_type.as_str() {
            "aws_ebs_volume" => devices.push((judge_device(r.body(), &r.block.span), None)),
            "aws_instance" | "aws_launch_configuration" => {
                match r.body().block("root_block_device") {
                    Some(root) => devices.push((judge_device(&root.body, &root.span), Some("root_block_device"))),
                    None => devices.push((
                        Device::Fail(&r.block.span, "no `root_block_device` with `encrypted = true`: the root volume is unencrypted unless the AMI's is"),
                        None,
                    )),
                }
                for b in r.body().blocks("ebs_block_device") {
                    devices.push((judge_device(&b.body, &b.span), Some("ebs_block_device")));
                }
            }
            "aws_launch_template" => {
                let mappings: Vec<_> = r.body().blocks("block_device_mappings").collect();
                if mappings.is_empty() {
                    devices.push((
                        Device::Fail(&r.block.span, "no `block_device_mappings` with `ebs { encrypted = true }`: volumes are unencrypted unless the AMI's are"),
                        None,
                    ));
                }
                // Instance-store (`virtual_name`) and `no_device` mappings
                // have no `ebs` block and no EBS volume to judge.
                for ebs in mappings.iter().filter_map(|m| m.body.block("ebs")) {
                    devices.push((
                        judge_device(&ebs.body, &ebs.span),
                        Some("block_device_mappings.ebs"),
                    ));
                }
            }
            _ => {}
        }

        let mut problems = 0;
        for (device, label) in &devices {
            let prefix = label.map(|l| format!("`{l}`: ")).unwrap_or_default();
            match device {
                Device::Ok(body) => {
                    if cx.cmk_required() {
                        match key_choice(cx.model, r, body, "kms_key_id") {
                            KeyChoice::Customer(_) => {}
                            KeyChoice::Absent => {
                                problems += 1;
                                out.fail(r, &r.block.span, format!("{prefix}encrypted with the AWS-managed key `aws/ebs`; a customer-managed key is required"));
                            }
                            KeyChoice::AwsManaged(a) => {
                                problems += 1;
                                out.fail(r, &a.span, format!("{prefix}encrypted with the AWS-managed key `aws/ebs`; a customer-managed key is required"));
                            }
                            KeyChoice::Unknown(a) => {
                                problems += 1;
                                out.unknown(r, &a.span, why_unknown(a));
                            }
                        }
                    }
                }
                Device::Fail(span, message) => {
                    problems += 1;
                    out.fail(r, span, format!("{prefix}{message}"));
                }
                Device::Unknown(attr) => {
                    problems += 1;
                    out.unknown(r, &attr.span, why_unknown(attr));
                }
                Device::Inherited => {}
            }
        }
        if problems == 0 {
            out.pass(r, "volumes are encrypted");
        }
    }
}
