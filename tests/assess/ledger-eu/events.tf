resource "aws_dynamodb_table" "events" {
  name         = "ledger-events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "stream"
  range_key    = "seq"

  attribute {
    name = "stream"
    type = "S"
  }

  attribute {
    name = "seq"
    type = "N"
  }
}

resource "aws_backup_vault" "local" {
  name = "ledger-local"
}

resource "aws_backup_vault" "ireland" {
  provider = aws.ireland
  name     = "ledger-ireland"
}

resource "aws_backup_plan" "events" {
  name = "ledger-events-hourly"

  rule {
    rule_name         = "hourly"
    target_vault_name = aws_backup_vault.local.name
    schedule          = "cron(0 * * * ? *)"

    copy_action {
      destination_vault_arn = aws_backup_vault.ireland.arn
    }
  }
}

resource "aws_backup_selection" "events" {
  name         = "ledger-events"
  plan_id      = aws_backup_plan.events.id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = [aws_dynamodb_table.events.arn]
}
