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
  sum(aggregated_events) AS aggregated_events,
  sum(event_bytes) AS event_bytes,
  sum(log_files) AS log_files
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
    aggregated_events,
    event_bytes,
    log_files
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
          account_id AS account,
          region_code AS region,
          IF(copy = 1, replace(log_day, '/', '-'), '') AS day,
          IF(copy = 1, '', kind) AS category,
          IF(copy = 1, '', event_source) AS event_source,
          IF(copy = 1, '', resource_type) AS resource_type,
          IF(copy = 1, '', event_name) AS event_name,
          count_if(kind = 'management_read') AS management_read_events,
          count_if(kind = 'management_write') AS management_write_events,
          count_if(kind = 'data') AS data_events,
          count_if(kind = 'network') AS network_events,
          count_if(kind = 'insight') AS insights_events,
          count_if(kind = 'aggregated') AS aggregated_events,
          count(*) AS events,
          sum(record_bytes) AS event_bytes,
          count(DISTINCT IF(copy = 1, log_file)) AS log_files
        FROM (
          SELECT
            account_id,
            region_code,
            log_day,
            log_file,
            kind,
            coalesce(eventsource, '') AS event_source,
            coalesce(eventname, '') AS event_name,
            IF(kind = 'data', coalesce(element_at(filter(resources, r -> r."type" <> 'AWS::S3::Bucket'), 1)."type", CASE eventsource WHEN 'dynamodb.amazonaws.com' THEN 'AWS::DynamoDB::Table' WHEN 'lambda.amazonaws.com' THEN 'AWS::Lambda::Function' WHEN 'rdsdata.amazonaws.com' THEN 'AWS::RDS::DBCluster' WHEN 's3.amazonaws.com' THEN 'AWS::S3::Object' WHEN 'sns.amazonaws.com' THEN 'AWS::SNS::Topic' WHEN 'sqs.amazonaws.com' THEN 'AWS::SQS::Queue' END, ''), '') AS resource_type,
            record_bytes
          FROM (
            SELECT
              account_id,
              region_code,
              log_day,
              "$path" AS log_file,
              eventsource,
              eventname,
              resources,
              CASE
                WHEN eventcategory = 'Insight' THEN 'insight'
                WHEN eventcategory = 'NetworkActivity' THEN 'network'
                WHEN eventcategory = 'Data' THEN 'data'
                WHEN eventcategory = 'Aggregated' THEN 'aggregated'
                WHEN eventcategory = 'Management' THEN CASE WHEN readonly = 'true' THEN 'management_read' WHEN readonly = 'false' THEN 'management_write' WHEN regexp_like(eventname, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
                WHEN eventtype = 'AwsAggregatedEvent' THEN 'aggregated'
                WHEN managementevent = 'true' THEN CASE WHEN readonly = 'true' THEN 'management_read' WHEN readonly = 'false' THEN 'management_write' WHEN regexp_like(eventname, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
                WHEN managementevent = 'false' THEN 'data'
                WHEN eventtype = 'AwsCloudTrailInsight' THEN 'insight'
                WHEN (eventsource = 'lambda.amazonaws.com' AND eventname IN ('Invoke', 'InvokeAsync', 'InvokeWithResponseStream')) OR (eventsource = 's3.amazonaws.com' AND eventname IN ('AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateMultipartUpload', 'DeleteObject', 'DeleteObjectTagging', 'DeleteObjects', 'GetObject', 'GetObjectAcl', 'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention', 'GetObjectTagging', 'GetObjectTorrent', 'HeadObject', 'ListObjectVersions', 'ListObjects', 'ListObjectsV2', 'ListParts', 'PutObject', 'PutObjectAcl', 'PutObjectLegalHold', 'PutObjectRetention', 'PutObjectTagging', 'RestoreObject', 'SelectObjectContent', 'UploadPart', 'UploadPartCopy', 'WriteGetObjectResponse')) THEN 'data'
                ELSE CASE WHEN readonly = 'true' THEN 'management_read' WHEN readonly = 'false' THEN 'management_write' WHEN regexp_like(eventname, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
              END AS kind,
              1
                + IF(eventversion IS NULL, 0, length(eventversion) + 18)
                + IF(useridentity IS NULL, 0, length(json_format(CAST(useridentity AS JSON))) + 16)
                + IF(eventtime IS NULL, 0, length(eventtime) + 15)
                + IF(eventsource IS NULL, 0, length(eventsource) + 17)
                + IF(eventname IS NULL, 0, length(eventname) + 15)
                + IF(awsregion IS NULL, 0, length(awsregion) + 15)
                + IF(sourceipaddress IS NULL, 0, length(sourceipaddress) + 21)
                + IF(useragent IS NULL, 0, length(useragent) + 15)
                + IF(errorcode IS NULL, 0, length(errorcode) + 15)
                + IF(errormessage IS NULL, 0, length(errormessage) + 18)
                + IF(requestparameters IS NULL, 0, length(requestparameters) + 21)
                + IF(responseelements IS NULL, 0, length(responseelements) + 20)
                + IF(additionaleventdata IS NULL, 0, length(additionaleventdata) + 23)
                + IF(requestid IS NULL, 0, length(requestid) + 15)
                + IF(eventid IS NULL, 0, length(eventid) + 13)
                + IF(readonly IS NULL, 0, length(readonly) + 12)
                + IF(resources IS NULL, 0, length(json_format(CAST(resources AS JSON))) + 13)
                + IF(eventtype IS NULL, 0, length(eventtype) + 15)
                + IF(apiversion IS NULL, 0, length(apiversion) + 16)
                + IF(managementevent IS NULL, 0, length(managementevent) + 19)
                + IF(recipientaccountid IS NULL, 0, length(recipientaccountid) + 24)
                + IF(serviceeventdetails IS NULL, 0, length(serviceeventdetails) + 23)
                + IF(sharedeventid IS NULL, 0, length(sharedeventid) + 19)
                + IF(vpcendpointid IS NULL, 0, length(vpcendpointid) + 19)
                + IF(eventcategory IS NULL, 0, length(eventcategory) + 19) AS record_bytes
            FROM "trailwise"."ct_org"
            WHERE log_day BETWEEN '2026/10/01' AND '2026/10/31'
          )
          UNION ALL
          SELECT
            account_id,
            region_code,
            log_day,
            log_file,
            kind,
            coalesce(eventsource, '') AS event_source,
            coalesce(eventname, '') AS event_name,
            IF(kind = 'data', coalesce(element_at(filter(resources, r -> r."type" <> 'AWS::S3::Bucket'), 1)."type", CASE eventsource WHEN 'dynamodb.amazonaws.com' THEN 'AWS::DynamoDB::Table' WHEN 'lambda.amazonaws.com' THEN 'AWS::Lambda::Function' WHEN 'rdsdata.amazonaws.com' THEN 'AWS::RDS::DBCluster' WHEN 's3.amazonaws.com' THEN 'AWS::S3::Object' WHEN 'sns.amazonaws.com' THEN 'AWS::SNS::Topic' WHEN 'sqs.amazonaws.com' THEN 'AWS::SQS::Queue' END, ''), '') AS resource_type,
            record_bytes
          FROM (
            SELECT
              account_id,
              region_code,
              log_day,
              "$path" AS log_file,
              eventsource,
              eventname,
              resources,
              CASE
                WHEN eventcategory = 'Insight' THEN 'insight'
                WHEN eventcategory = 'NetworkActivity' THEN 'network'
                WHEN eventcategory = 'Data' THEN 'data'
                WHEN eventcategory = 'Aggregated' THEN 'aggregated'
                WHEN eventcategory = 'Management' THEN CASE WHEN readonly = 'true' THEN 'management_read' WHEN readonly = 'false' THEN 'management_write' WHEN regexp_like(eventname, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
                WHEN eventtype = 'AwsAggregatedEvent' THEN 'aggregated'
                WHEN managementevent = 'true' THEN CASE WHEN readonly = 'true' THEN 'management_read' WHEN readonly = 'false' THEN 'management_write' WHEN regexp_like(eventname, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
                WHEN managementevent = 'false' THEN 'data'
                WHEN eventtype = 'AwsCloudTrailInsight' THEN 'insight'
                WHEN (eventsource = 'lambda.amazonaws.com' AND eventname IN ('Invoke', 'InvokeAsync', 'InvokeWithResponseStream')) OR (eventsource = 's3.amazonaws.com' AND eventname IN ('AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateMultipartUpload', 'DeleteObject', 'DeleteObjectTagging', 'DeleteObjects', 'GetObject', 'GetObjectAcl', 'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention', 'GetObjectTagging', 'GetObjectTorrent', 'HeadObject', 'ListObjectVersions', 'ListObjects', 'ListObjectsV2', 'ListParts', 'PutObject', 'PutObjectAcl', 'PutObjectLegalHold', 'PutObjectRetention', 'PutObjectTagging', 'RestoreObject', 'SelectObjectContent', 'UploadPart', 'UploadPartCopy', 'WriteGetObjectResponse')) THEN 'data'
                ELSE CASE WHEN readonly = 'true' THEN 'management_read' WHEN readonly = 'false' THEN 'management_write' WHEN regexp_like(eventname, '^(Get|List|Describe|Head|Lookup|Search|BatchGet|Scan|Query|Select|Check|Verify)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END
              END AS kind,
              1
                + IF(eventversion IS NULL, 0, length(eventversion) + 18)
                + IF(useridentity IS NULL, 0, length(json_format(CAST(useridentity AS JSON))) + 16)
                + IF(eventtime IS NULL, 0, length(eventtime) + 15)
                + IF(eventsource IS NULL, 0, length(eventsource) + 17)
                + IF(eventname IS NULL, 0, length(eventname) + 15)
                + IF(awsregion IS NULL, 0, length(awsregion) + 15)
                + IF(sourceipaddress IS NULL, 0, length(sourceipaddress) + 21)
                + IF(useragent IS NULL, 0, length(useragent) + 15)
                + IF(errorcode IS NULL, 0, length(errorcode) + 15)
                + IF(errormessage IS NULL, 0, length(errormessage) + 18)
                + IF(requestparameters IS NULL, 0, length(requestparameters) + 21)
                + IF(responseelements IS NULL, 0, length(responseelements) + 20)
                + IF(additionaleventdata IS NULL, 0, length(additionaleventdata) + 23)
                + IF(requestid IS NULL, 0, length(requestid) + 15)
                + IF(eventid IS NULL, 0, length(eventid) + 13)
                + IF(readonly IS NULL, 0, length(readonly) + 12)
                + IF(resources IS NULL, 0, length(json_format(CAST(resources AS JSON))) + 13)
                + IF(eventtype IS NULL, 0, length(eventtype) + 15)
                + IF(apiversion IS NULL, 0, length(apiversion) + 16)
                + IF(managementevent IS NULL, 0, length(managementevent) + 19)
                + IF(recipientaccountid IS NULL, 0, length(recipientaccountid) + 24)
                + IF(serviceeventdetails IS NULL, 0, length(serviceeventdetails) + 23)
                + IF(sharedeventid IS NULL, 0, length(sharedeventid) + 19)
                + IF(vpcendpointid IS NULL, 0, length(vpcendpointid) + 19)
                + IF(eventcategory IS NULL, 0, length(eventcategory) + 19) AS record_bytes
            FROM "trailwise"."ct_acct"
            WHERE log_day BETWEEN '2026/10/01' AND '2026/10/31'
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
