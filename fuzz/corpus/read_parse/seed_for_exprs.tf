locals {
  m = { for k, v in var.m : k => [for x in v : upper(x) if x != ""]... }
  s = [for i in range(3) : i * 2]
  t = var.list[*].id
  u = aws_instance.web.*.id
}
