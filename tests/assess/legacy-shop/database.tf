# Orders: an Aurora PostgreSQL global database, writer in us-east-1 and one
# secondary in us-west-2 with a single reader.

resource "aws_rds_global_cluster" "orders" {
  global_cluster_identifier = "${local.prefix}-orders"
  engine                    = "aurora-postgresql"
  engine_version            = "16.4"
  storage_encrypted         = true
}

resource "aws_rds_cluster" "orders_main" {
  cluster_identifier        = "shop-orders-main"
  engine                    = aws_rds_global_cluster.orders.engine
  engine_version            = aws_rds_global_cluster.orders.engine_version
  global_cluster_identifier = aws_rds_global_cluster.orders.id
  master_username           = "shop"
  master_password           = var.db_password
  storage_encrypted         = true
  backup_retention_period   = 7
}

resource "aws_rds_cluster_instance" "orders_main" {
  count              = 2
  identifier         = "shop-orders-main-${count.index}"
  cluster_identifier = aws_rds_cluster.orders_main.id
  instance_class     = var.db_instance_class
  engine             = aws_rds_cluster.orders_main.engine
}

resource "aws_rds_cluster" "orders_dr" {
  provider                  = aws.dr
  cluster_identifier        = "shop-orders-dr"
  engine                    = aws_rds_global_cluster.orders.engine
  engine_version            = aws_rds_global_cluster.orders.engine_version
  global_cluster_identifier = aws_rds_global_cluster.orders.id
  storage_encrypted         = true

  depends_on = [aws_rds_cluster_instance.orders_main]
}

resource "aws_rds_cluster_instance" "orders_dr" {
  provider           = aws.dr
  identifier         = "shop-orders-dr-0"
  cluster_identifier = aws_rds_cluster.orders_dr.id
  instance_class     = var.db_instance_class
  engine             = aws_rds_cluster.orders_dr.engine
}

resource "aws_cloudwatch_metric_alarm" "orders_lag" {
  count               = length(var.alarm_topics)
  alarm_name          = "orders-global-lag"
  namespace           = "AWS/RDS"
  metric_name         = "AuroraGlobalDBReplicationLag"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 5000
  evaluation_periods  = 3
  period              = 60
  statistic           = "Maximum"
  alarm_actions       = [var.alarm_topics[count.index]]
}
