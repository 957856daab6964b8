locals {
  a = <<-EOT
    %{ for x in var.l ~}
    ${x}
    %{ endfor ~}
    $${literal} %%{literal}
  EOT
}
