CREATE EXTERNAL TABLE IF NOT EXISTS `trailwise`.`cloudtrail_org` (
  eventversion STRING,
  useridentity STRUCT<
    type: STRING,
    principalid: STRING,
    arn: STRING,
    accountid: STRING,
    invokedby: STRING,
    accesskeyid: STRING,
    username: STRING,
    sessioncontext: STRUCT<
      attributes: STRUCT<
        mfaauthenticated: STRING,
        creationdate: STRING>,
      sessionissuer: STRUCT<
        type: STRING,
        principalid: STRING,
        arn: STRING,
        accountid: STRING,
        username: STRING>>>,
  eventtime STRING,
  eventsource STRING,
  eventname STRING,
  awsregion STRING,
  sourceipaddress STRING,
  useragent STRING,
  errorcode STRING,
  errormessage STRING,
  requestparameters STRING,
  responseelements STRING,
  additionaleventdata STRING,
  requestid STRING,
  eventid STRING,
  resources ARRAY<STRUCT<
    arn: STRING,
    accountid: STRING,
    type: STRING>>,
  eventtype STRING,
  apiversion STRING,
  readonly STRING,
  recipientaccountid STRING,
  serviceeventdetails STRING,
  sharedeventid STRING,
  vpcendpointid STRING,
  eventcategory STRING,
  managementevent STRING
)
PARTITIONED BY (account_id STRING, region_code STRING, log_day STRING)
ROW FORMAT SERDE 'com.amazon.emr.hive.serde.CloudTrailSerde'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://my-org-trail/AWSLogs/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.account_id.type' = 'enum',
  'projection.account_id.values' = '111111111111,222222222222',
  'projection.region_code.type' = 'enum',
  'projection.region_code.values' = 'eu-west-1,us-east-1',
  'projection.log_day.type' = 'date',
  'projection.log_day.format' = 'yyyy/MM/dd',
  'projection.log_day.range' = '2013/11/01,NOW',
  'projection.log_day.interval' = '1',
  'projection.log_day.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://my-org-trail/AWSLogs/${account_id}/CloudTrail/${region_code}/${log_day}'
)
