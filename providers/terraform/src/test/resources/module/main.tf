# A test module that needs no cloud: each machine is a terraform_data resource.
# A machine type "broken" fails the apply, the way a module refuses what it cannot make.
variable "machines" {
  type = map(object({ machine_type = string, region = string }))
}

variable "agent_bootstrap" {
  type      = map(string)
  sensitive = true
}

variable "deployment" {
  type = string
}

resource "terraform_data" "machine" {
  for_each = var.machines
  input    = { name = each.key, type = each.value.machine_type, deployment = var.deployment, user_data = var.agent_bootstrap[each.key] }

  lifecycle {
    precondition {
      condition     = each.value.machine_type != "broken"
      error_message = "machine type broken cannot be made."
    }
  }
}

output "machines" {
  value = { for name, m in terraform_data.machine : name => { id = m.id, ip = "192.0.2.10" } }
}
