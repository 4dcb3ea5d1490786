resource "aws_db_instance" "accounts" {
  identifier              = "ledger-accounts"
  engine                  = "postgres"
  engine_version          = "16.4"
  instance_class          = "db.r6g.2xlarge"
  allocated_storage       = 500
  storage_type            = "gp3"
  multi_az                = true
  username                = "ledger"
  manage_master_user_password = true
  backup_retention_period = 14
  storage_encrypted       = true
}

resource "aws_db_instance" "accounts_replica" {
  provider            = aws.london
  identifier          = "ledger-accounts-london"
  replicate_source_db = aws_db_instance.accounts.arn
  instance_class      = "db.r6g.large"
  storage_encrypted   = true
}

resource "aws_rds_cluster" "reports" {
  cluster_identifier = "ledger-reports"
  engine             = "aurora-mysql"
  master_username    = "reports"
  manage_master_user_password = true
}
