resource "aws_s3_bucket_policy" "central" {
  bucket = "cloudtrail-org-625555194159-us-east-1"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AWSCloudTrailAclCheck20150319"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:GetBucketAcl"
        Resource = "arn:aws:s3:::cloudtrail-org-625555194159-us-east-1"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:839819685917:trail/organization-trail"
          }
        }
      },
      {
        Sid    = "AWSCloudTrailWrite20150319"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:PutObject"
        Resource = "arn:aws:s3:::cloudtrail-org-625555194159-us-east-1/AWSLogs/839819685917/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:839819685917:trail/organization-trail"
          }
        }
      },
      {
        Sid    = "AWSCloudTrailOrganizationWrite20150319"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:PutObject"
        Resource = "arn:aws:s3:::cloudtrail-org-625555194159-us-east-1/AWSLogs/o-z095rd9f5x/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:839819685917:trail/organization-trail"
          }
        }
      },
      {
        Sid    = "MembersReadOwnPrefix"
        Effect = "Allow"
        Principal = {
          AWS = "*"
        }
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::cloudtrail-org-625555194159-us-east-1/AWSLogs/o-z095rd9f5x/$${aws:PrincipalAccount}/*"
        Condition = {
          StringEquals = {
            "aws:PrincipalOrgID" = "o-z095rd9f5x"
          }
        }
      },
      {
        Sid    = "MembersListOwnPrefix"
        Effect = "Allow"
        Principal = {
          AWS = "*"
        }
        Action   = "s3:ListBucket"
        Resource = "arn:aws:s3:::cloudtrail-org-625555194159-us-east-1"
        Condition = {
          StringEquals = {
            "aws:PrincipalOrgID" = "o-z095rd9f5x"
          }
          StringLike = {
            "s3:prefix" = "AWSLogs/o-z095rd9f5x/$${aws:PrincipalAccount}/*"
          }
        }
      },
    ]
  })
}
