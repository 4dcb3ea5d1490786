# The postings store: two peered Aurora DSQL clusters with a witness.

resource "aws_dsql_cluster" "core_a" {
  deletion_protection_enabled = true

  multi_region_properties {
    witness_region = "eu-west-3"
  }

  tags = {
    "meridian:class" = "postings"
  }
}

resource "aws_dsql_cluster" "core_b" {
  provider                    = aws.ireland
  deletion_protection_enabled = true

  multi_region_properties {
    witness_region = "eu-west-3"
  }

  tags = {
    "meridian:class" = "postings"
  }
}

resource "aws_dsql_cluster_peering" "core_a" {
  identifier     = aws_dsql_cluster.core_a.identifier
  clusters       = [aws_dsql_cluster.core_b.arn]
  witness_region = "eu-west-3"
}

resource "aws_dsql_cluster_peering" "core_b" {
  provider       = aws.ireland
  identifier     = aws_dsql_cluster.core_b.identifier
  clusters       = [aws_dsql_cluster.core_a.arn]
  witness_region = "eu-west-3"
}

resource "aws_elasticache_replication_group" "hot" {
  replication_group_id = "ledger-hot"
  description          = "price quotes"
  engine               = "valkey"
  node_type            = "cache.r7g.large"
  num_cache_clusters   = 2
}
