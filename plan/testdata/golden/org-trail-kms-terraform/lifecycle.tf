resource "aws_s3_bucket_lifecycle_configuration" "central" {
  bucket                                 = "cloudtrail-org-625555194159-us-east-1"
  transition_default_minimum_object_size = "all_storage_classes_128K"

  rule {
    id     = "trailwise-expire-365d"
    status = "Enabled"

    filter {
      prefix = "AWSLogs/"
    }

    expiration {
      days = 365
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "trailwise-tiers-by-size"
    status = "Enabled"

    filter {
      and {
        prefix                   = "AWSLogs/"
        object_size_greater_than = 131072
      }
    }

    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }

    transition {
      days          = 90
      storage_class = "GLACIER"
    }
  }
}
