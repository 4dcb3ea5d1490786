resource "aws_globalaccelerator_accelerator" "api" {
  name            = "ledger-api"
  ip_address_type = "IPV4"
  enabled         = true
}

resource "aws_globalaccelerator_listener" "api" {
  accelerator_arn = aws_globalaccelerator_accelerator.api.id
  protocol        = "TCP"

  port_range {
    from_port = 443
    to_port   = 443
  }
}

resource "aws_globalaccelerator_endpoint_group" "api_frankfurt" {
  listener_arn                  = aws_globalaccelerator_listener.api.id
  endpoint_group_region         = "eu-central-1"
  health_check_interval_seconds = 10
  threshold_count               = 3
}

resource "aws_globalaccelerator_endpoint_group" "api_london" {
  listener_arn                  = aws_globalaccelerator_listener.api.id
  endpoint_group_region         = "eu-west-2"
  health_check_interval_seconds = 10
  threshold_count               = 3
  traffic_dial_percentage       = 0
}
