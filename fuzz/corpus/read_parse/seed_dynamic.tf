resource "aws_security_group" "sg" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
