variable "home_region" {
  type    = string
  default = "us-east-1"
}

variable "db_instance_class" {
  type = string
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "alarm_topics" {
  type = list(string)
}
