// Generated Terraform inputs shared by the browser tests and
// scripts/bench-web.mjs.

const KINDS = [
  (i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n}\n`,
  (i) => `resource "aws_security_group" "sg${i}" {\n  name = "sg-${i}"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n`,
  (i) => `resource "aws_kms_key" "k${i}" {\n  description         = "key ${i}"\n  enable_key_rotation = ${i % 2 === 0}\n}\n`,
  (i) => `resource "aws_db_instance" "db${i}" {\n  engine              = "postgres"\n  instance_class      = "db.t3.micro"\n  publicly_accessible = ${i % 3 === 0}\n}\n`,
  (i) => `resource "aws_instance" "vm${i}" {\n  ami           = "ami-0123456789abcdef0"\n  instance_type = "t3.micro"\n}\n`,
];

function tagged(block, i) {
  return block.replace(/\n}\n$/, `\n  tags = {\n    Name        = "resource-${i}"\n    Environment = "prod"\n  }\n}\n`);
}

/** A realistic large stack: `resources` resources of five kinds (~175 bytes each: 29,384 make 5 MB). */
export function bigStack(resources) {
  const parts = [];
  for (let i = 0; i < resources; i++) parts.push(tagged(KINDS[i % KINDS.length](i), i), '\n');
  return parts.join('');
}

/** `lines` lines of Terraform (about 8 lines per resource). */
export function linesOfTerraform(lines) {
  const parts = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const block = KINDS[i % KINDS.length](i) + '\n';
    parts.push(block);
    count += block.split('\n').length - 1;
  }
  return parts.join('').split('\n').slice(0, lines).join('\n') + '\n';
}
