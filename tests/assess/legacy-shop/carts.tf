# Carts: one global table, home in us-east-1, replicas in us-west-2 and
# eu-west-1, provisioned capacity.

resource "aws_dynamodb_table" "carts" {
  name             = "shop-carts"
  billing_mode     = "PROVISIONED"
  read_capacity    = 2000
  write_capacity   = 1000
  hash_key         = "cart_id"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "cart_id"
    type = "S"
  }

  replica {
    region_name = "us-west-2"
  }

  replica {
    region_name = "eu-west-1"
  }
}
