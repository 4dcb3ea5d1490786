# The web tier's DNS: failover records with health checks every 30 s.

resource "aws_route53_health_check" "web_use1" {
  fqdn              = "use1.shop.example.com"
  port              = 443
  type              = "HTTPS"
  resource_path     = "/healthz"
  request_interval  = 30
  failure_threshold = 3
}

resource "aws_route53_record" "web_primary" {
  zone_id         = "Z0123456789ABCDEFGHIJ"
  name            = "www.shop.example.com"
  type            = "CNAME"
  ttl             = 60
  records         = ["use1.shop.example.com"]
  set_identifier  = "primary"
  health_check_id = aws_route53_health_check.web_use1.id

  failover_routing_policy {
    type = "PRIMARY"
  }
}

resource "aws_route53_record" "web_secondary" {
  zone_id        = "Z0123456789ABCDEFGHIJ"
  name           = "www.shop.example.com"
  type           = "CNAME"
  ttl            = 60
  records        = ["usw2.shop.example.com"]
  set_identifier = "secondary"

  failover_routing_policy {
    type = "SECONDARY"
  }
}

resource "aws_instance" "bastion" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t4g.micro"
}
