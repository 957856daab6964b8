locals { a = "${var.x" }
