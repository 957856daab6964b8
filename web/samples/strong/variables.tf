variable "region" {
  type        = string
  description = "AWS region of the stack"
  default     = "eu-west-1"
}

variable "environment" {
  type        = string
  description = "Deployment environment"
  default     = "prod"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR block of the VPC"
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid CIDR block."
  }
}

variable "alert_email" {
  type        = string
  description = "Address that receives security alarms"
  default     = "security@example.com"
}
