locals {
  p = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  c = cidrsubnet("10.0.0.0/16", 8, 2)
  f = format("%05.2f-%s", 3.14159, "x")
  r = try(var.x.y, can(regex("a+", "b")), null)
  n = 1e999
  z = -0
}
