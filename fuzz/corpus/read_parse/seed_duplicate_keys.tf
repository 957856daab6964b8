locals {
  a = { port = 80, port = 443, "port" = 1 }
  b = { x = { y = 1, y = 2 }, x = 3 }
}
