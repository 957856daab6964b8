variable "x" {
  default = "a"
}
