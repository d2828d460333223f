SELECT
  account_id AS account,
  region_code AS region,
  replace(log_day, '/', '-') AS day,
  count_if(kind = 'management_read') AS management_read_events,
  count_if(kind = 'management_write') AS management_write_events,
  count_if(kind = 'data') AS data_events,
  count_if(kind = 'network') AS network_events,
  count_if(kind = 'insight') AS insights_events,
  count_if(kind = 'aggregated') AS aggregated_events,
  sum(record_bytes) AS event_bytes,
  count(DISTINCT log_file) AS log_files
FROM (
  SELECT
    account_id,
    region_code,
    log_day,
    "$path" AS log_file,
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
  UNION ALL
  SELECT
    account_id,
    region_code,
    log_day,
    "$path" AS log_file,
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
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
