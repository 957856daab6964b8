locals {
  a = "Ã( ¡"
}
