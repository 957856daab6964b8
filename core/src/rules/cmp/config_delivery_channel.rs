//! CMP008: AWS Config has somewhere to deliver.

use super::record_presence;
use crate::rules::prelude::*;

declare_control! {
    /// The stack declares an AWS Config delivery channel.
    ///
    /// ## Why it matters
    /// A Config recorder cannot start without a delivery channel: the
    /// channel names the S3 bucket (and optionally SNS topic) that receives
    /// configuration snapshots and history files. Without one, enabling the
    /// recorder fails with `NoAvailableDeliveryChannelException` and no
    /// configuration history is kept, so AWS Config is declared but does
    /// nothing.
    ///
    /// ## Remediation
    /// Declare a delivery channel to a bucket whose policy lets
    /// `config.amazonaws.com` write, and make the recorder status depend on it:
    ///
    /// ```hcl
    /// resource "aws_config_delivery_channel" "main" {
    ///   name           = "main"
    ///   s3_bucket_name = aws_s3_bucket.config.id
    ///   depends_on     = [aws_config_configuration_recorder.main]
    /// }
    /// ```
    pub CONTROL {
        id: "CMP008",
        slug: "config-delivery-channel",
        category: Category::Cmp,
        severity: Severity::High,
        scope: Scope::Presence,
        references: &[
            "AWS Config Developer Guide: Managing the delivery channel",
        ],
        peers: &[],
        good: &[
            r#"
resource "aws_config_delivery_channel" "main" {
  name           = "main"
  s3_bucket_name = "org-config-history"
}
"#,
        ],
        bad: &[
            r#"
# expect-stack: fail
resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
}
"#,
            r#"
# expect-stack: unknown
variable "enable_config" {
  type = bool
}

resource "aws_config_delivery_channel" "main" {
  count          = var.enable_config ? 1 : 0
  name           = "main"
  s3_bucket_name = "org-config-history"
}
"#,
        ],
        check,
    }
}

fn check(cx: &RuleContext<'_>, out: &mut Verdicts) {
    record_presence(
        cx,
        out,
        &["aws_config_delivery_channel"],
        "delivery channel",
        "no `aws_config_delivery_channel`: the Config recorder cannot start and no configuration history is delivered",
    );
}
