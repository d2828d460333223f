SELECT
  account,
  region,
  day,
  sum(CASE WHEN kind = 'management_read' THEN 1 ELSE 0 END) AS management_read_events,
  sum(CASE WHEN kind = 'management_write' THEN 1 ELSE 0 END) AS management_write_events,
  sum(CASE WHEN kind = 'data' THEN 1 ELSE 0 END) AS data_events,
  sum(CASE WHEN kind = 'network' THEN 1 ELSE 0 END) AS network_events,
  sum(CASE WHEN kind = 'insight' THEN 1 ELSE 0 END) AS insights_events,
  sum(CASE WHEN kind = 'aggregated' THEN 1 ELSE 0 END) AS aggregated_events
FROM (
  SELECT
    recipientAccountId AS account,
    awsRegion AS region,
    date_format(eventTime, '%Y-%m-%d') AS day,
    CASE
      WHEN eventCategory = 'Insight' THEN 'insight'
      WHEN eventCategory = 'NetworkActivity' THEN 'network'
      WHEN eventCategory = 'Data' THEN 'data'
      WHEN eventCategory = 'Aggregated' THEN 'aggregated'
      WHEN eventCategory = 'Management' THEN CASE WHEN readOnly = true THEN 'management_read' WHEN readOnly = false THEN 'management_write' WHEN regexp_like(eventName, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
      WHEN eventType = 'AwsAggregatedEvent' THEN 'aggregated'
      WHEN managementEvent = true THEN CASE WHEN readOnly = true THEN 'management_read' WHEN readOnly = false THEN 'management_write' WHEN regexp_like(eventName, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
      WHEN managementEvent = false THEN 'data'
      WHEN eventType = 'AwsCloudTrailInsight' THEN 'insight'
      WHEN (eventSource = 'lambda.amazonaws.com' AND eventName IN ('Invoke', 'InvokeAsync', 'InvokeWithResponseStream')) OR (eventSource = 's3.amazonaws.com' AND eventName IN ('AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateMultipartUpload', 'DeleteObject', 'DeleteObjectTagging', 'DeleteObjects', 'GetObject', 'GetObjectAcl', 'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention', 'GetObjectTagging', 'GetObjectTorrent', 'HeadObject', 'ListObjectVersions', 'ListObjects', 'ListObjectsV2', 'ListParts', 'PutObject', 'PutObjectAcl', 'PutObjectLegalHold', 'PutObjectRetention', 'PutObjectTagging', 'RestoreObject', 'SelectObjectContent', 'UploadPart', 'UploadPartCopy', 'WriteGetObjectResponse')) THEN 'data'
      ELSE CASE WHEN readOnly = true THEN 'management_read' WHEN readOnly = false THEN 'management_write' WHEN regexp_like(eventName, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
    END AS kind
  FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE
  WHERE eventTime >= '2026-10-01 00:00:00' AND eventTime < '2026-11-01 00:00:00'
)
GROUP BY account, region, day
ORDER BY account, region, day
