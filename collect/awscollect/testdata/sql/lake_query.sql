SELECT
  part,
  account,
  region,
  day,
  category,
  event_source,
  resource_type,
  event_name,
  sum(management_read_events) AS management_read_events,
  sum(management_write_events) AS management_write_events,
  sum(data_events) AS data_events,
  sum(network_events) AS network_events,
  sum(insights_events) AS insights_events,
  sum(aggregated_events) AS aggregated_events
FROM (
  SELECT
    part,
    account,
    region,
    day,
    category,
    IF(part = 'breakdown' AND source_rank > 15, '(other)', event_source) AS event_source,
    IF(part = 'breakdown' AND source_rank > 15, '', resource_type) AS resource_type,
    IF(part = 'breakdown' AND (source_rank > 15 OR named_rank > 5 OR name_rank > 10), '(other)', event_name) AS event_name,
    management_read_events,
    management_write_events,
    data_events,
    network_events,
    insights_events,
    aggregated_events
  FROM (
    SELECT
      *,
      dense_rank() OVER (PARTITION BY part, account, region, category ORDER BY source_events DESC, event_source, resource_type) AS source_rank,
      dense_rank() OVER (PARTITION BY part, account, region ORDER BY source_events DESC, event_source, category, resource_type) AS named_rank,
      row_number() OVER (PARTITION BY part, account, region, category, event_source, resource_type ORDER BY events DESC, event_name) AS name_rank
    FROM (
      SELECT
        *,
        sum(events) OVER (PARTITION BY part, account, region, category, event_source, resource_type) AS source_events
      FROM (
        SELECT
          IF(copy = 1, 'usage', 'breakdown') AS part,
          account,
          region,
          IF(copy = 1, day, '') AS day,
          IF(copy = 1, '', kind) AS category,
          IF(copy = 1, '', event_source) AS event_source,
          IF(copy = 1, '', resource_type) AS resource_type,
          IF(copy = 1, '', event_name) AS event_name,
          sum(CASE WHEN kind = 'management_read' THEN 1 ELSE 0 END) AS management_read_events,
          sum(CASE WHEN kind = 'management_write' THEN 1 ELSE 0 END) AS management_write_events,
          sum(CASE WHEN kind = 'data' THEN 1 ELSE 0 END) AS data_events,
          sum(CASE WHEN kind = 'network' THEN 1 ELSE 0 END) AS network_events,
          sum(CASE WHEN kind = 'insight' THEN 1 ELSE 0 END) AS insights_events,
          sum(CASE WHEN kind = 'aggregated' THEN 1 ELSE 0 END) AS aggregated_events,
          count(*) AS events
        FROM (
          SELECT
            account,
            region,
            day,
            kind,
            coalesce(eventSource, '') AS event_source,
            coalesce(eventName, '') AS event_name,
            IF(kind = 'data', coalesce(element_at(filter(resources, r -> r."type" <> 'AWS::S3::Bucket'), 1)."type", CASE eventSource WHEN 'dynamodb.amazonaws.com' THEN 'AWS::DynamoDB::Table' WHEN 'lambda.amazonaws.com' THEN 'AWS::Lambda::Function' WHEN 'rdsdata.amazonaws.com' THEN 'AWS::RDS::DBCluster' WHEN 's3.amazonaws.com' THEN 'AWS::S3::Object' WHEN 'sns.amazonaws.com' THEN 'AWS::SNS::Topic' WHEN 'sqs.amazonaws.com' THEN 'AWS::SQS::Queue' END, ''), '') AS resource_type
          FROM (
            SELECT
              recipientAccountId AS account,
              awsRegion AS region,
              date_format(eventTime, '%Y-%m-%d') AS day,
              eventSource,
              eventName,
              resources,
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
        )
        CROSS JOIN UNNEST(ARRAY[1, 2]) AS t(copy)
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
      )
    )
  )
)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
