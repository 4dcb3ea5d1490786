# Media: a bucket in us-east-1 replicated to us-west-2 (no Replication Time
# Control: it was not needed when this was written).

resource "aws_s3_bucket" "media" {
  bucket = "shop-media-use1"
}

resource "aws_s3_bucket" "media_copy" {
  provider = aws.dr
  bucket   = "shop-media-usw2"
}

resource "aws_s3_bucket_versioning" "media" {
  bucket = aws_s3_bucket.media.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "media_copy" {
  provider = aws.dr
  bucket   = aws_s3_bucket.media_copy.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_iam_role" "replication" {
  name = "shop-media-replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_s3_bucket_replication_configuration" "media" {
  role   = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.media.id

  rule {
    id     = "everything"
    status = "Enabled"

    destination {
      bucket        = aws_s3_bucket.media_copy.arn
      storage_class = "STANDARD"
    }
  }

  depends_on = [aws_s3_bucket_versioning.media]
}
