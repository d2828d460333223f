package pricelist

// Mapping says where the Price List prices one of the book's rates.
type Mapping struct {
	Rate    string // the book's rate id
	Service string // Price List service code
	// UsageType is the usage type after its region prefix ("USE1-",
	// "EU-", or "us-east-1-" for KMS; us-east-1 may have none).
	UsageType string
	// Operation, when set, picks one product among several of the same
	// usage type (S3 lifecycle transitions).
	Operation string
	// Transfer marks inter-region transfer out: AWSDataTransfer products
	// from the region to each other region, one rate for them all.
	Transfer bool
	// Scale turns a Price List price into the book's: the book's unit is
	// Scale Price List units (100K events: 100000). Tier bounds are divided
	// by it.
	Scale float64
	// Unit is the book's unit, checked against the fallback book's.
	Unit string
}

// Mappings is the table refresh reads: every rate of the book that has a
// usage type in the Price List. Usage types are the ones the bill and
// Cost Explorer show (the collectors read the same names).
var Mappings = []Mapping{
	{Rate: "cloudtrail.management_events_paid", Service: "AWSCloudTrail", UsageType: "PaidEventsRecorded", Scale: 1e5, Unit: "100K events"},
	{Rate: "cloudtrail.data_events", Service: "AWSCloudTrail", UsageType: "DataEventsRecorded", Scale: 1e5, Unit: "100K events"},
	{Rate: "cloudtrail.network_events", Service: "AWSCloudTrail", UsageType: "NetworkEventsRecorded", Scale: 1e5, Unit: "100K events"},
	{Rate: "cloudtrail.insights", Service: "AWSCloudTrail", UsageType: "InsightsEvents", Scale: 1e5, Unit: "100K events"},
	{Rate: "cloudtrail.insights_data_events", Service: "AWSCloudTrail", UsageType: "DataInsightsEvents", Scale: 1e5, Unit: "100K events"},
	{Rate: "lake.ingestion_extendable", Service: "AWSCloudTrail", UsageType: "Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs", Scale: 1, Unit: "GB"},
	{Rate: "lake.ingestion_fixed", Service: "AWSCloudTrail", UsageType: "Ingestion-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "lake.retention_extendable", Service: "AWSCloudTrail", UsageType: "PaidStorage-ByteHrs", Scale: 1, Unit: "GB-month"},
	{Rate: "lake.query", Service: "AWSCloudTrail", UsageType: "QueryScanned-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "cloudwatch.ingestion", Service: "AmazonCloudWatch", UsageType: "DataProcessing-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "cloudwatch.ingestion_ia", Service: "AmazonCloudWatch", UsageType: "DataProcessingIA-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "cloudwatch.storage", Service: "AmazonCloudWatch", UsageType: "TimedStorage-ByteHrs", Scale: 1, Unit: "GB-month"},
	{Rate: "cloudwatch.query", Service: "AmazonCloudWatch", UsageType: "DataScanned-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "cloudwatch.query_ia", Service: "AmazonCloudWatch", UsageType: "DataScanned-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "cloudwatch.vended_ingestion", Service: "AmazonCloudWatch", UsageType: "VendedLog-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "cloudwatch.vended_ingestion_ia", Service: "AmazonCloudWatch", UsageType: "VendedLogIA-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "cloudwatch.storage_tier_ia", Service: "AmazonCloudWatch", UsageType: "TimedStorage-IA-ByteHrs", Scale: 1, Unit: "GB-month"},
	{Rate: "cloudwatch.storage_tier_aia", Service: "AmazonCloudWatch", UsageType: "TimedStorage-AIA-ByteHrs", Scale: 1, Unit: "GB-month"},
	{Rate: "cloudwatch.centralization_copy", Service: "AmazonCloudWatch", UsageType: "CentralizedBytes", Scale: 1, Unit: "GB"},
	{Rate: "securitylake.cloudtrail_ingestion", Service: "AmazonSecurityLake", UsageType: "PaidCloudTrailEvents-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "securitylake.other_logs_ingestion", Service: "AmazonSecurityLake", UsageType: "PaidOtherLogs-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "securitylake.normalization", Service: "AmazonSecurityLake", UsageType: "PaidNormalization-Bytes", Scale: 1, Unit: "GB"},
	{Rate: "s3.standard_storage", Service: "AmazonS3", UsageType: "TimedStorage-ByteHrs", Scale: 1, Unit: "GB-month"},
	{Rate: "s3.standard_ia_storage", Service: "AmazonS3", UsageType: "TimedStorage-SIA-ByteHrs", Scale: 1, Unit: "GB-month"},
	{Rate: "s3.glacier_ir_storage", Service: "AmazonS3", UsageType: "TimedStorage-GIR-ByteHrs", Scale: 1, Unit: "GB-month"},
	{Rate: "s3.glacier_flexible_storage", Service: "AmazonS3", UsageType: "TimedStorage-GlacierByteHrs", Scale: 1, Unit: "GB-month"},
	// Deep Archive storage is its own service code in the Price List.
	{Rate: "s3.deep_archive_storage", Service: "AmazonS3GlacierDeepArchive", UsageType: "TimedStorage-GDA-ByteHrs", Scale: 1, Unit: "GB-month"},
	{Rate: "s3.put_requests", Service: "AmazonS3", UsageType: "Requests-Tier1", Scale: 1000, Unit: "1K requests"},
	{Rate: "s3.get_requests", Service: "AmazonS3", UsageType: "Requests-Tier2", Scale: 1000, Unit: "1K requests"},
	// S3 usage-type docs: Requests-Tier4 counts lifecycle transitions to
	// Intelligent-Tiering, Standard-IA and One Zone-IA; Requests-Tier3 the
	// transitions into the Glacier classes, told apart by operation.
	{Rate: "s3.transition_standard_ia", Service: "AmazonS3", UsageType: "Requests-Tier4", Scale: 1000, Unit: "1K requests"},
	{Rate: "s3.transition_glacier_flexible", Service: "AmazonS3", UsageType: "Requests-Tier3", Operation: "S3-GlacierTransition", Scale: 1000, Unit: "1K requests"},
	{Rate: "s3.transition_deep_archive", Service: "AmazonS3", UsageType: "Requests-Tier3", Operation: "S3-GDATransition", Scale: 1000, Unit: "1K requests"},
	{Rate: "s3.inter_region_transfer", Service: "AWSDataTransfer", Transfer: true, Scale: 1, Unit: "GB"},
	{Rate: "kms.key", Service: "awskms", UsageType: "KMS-Keys", Scale: 1, Unit: "key-month"},
	{Rate: "kms.requests", Service: "awskms", UsageType: "KMS-Requests", Scale: 1e4, Unit: "10K requests"},
	{Rate: "athena.query", Service: "AmazonAthena", UsageType: "DataScannedInTB", Scale: 1, Unit: "TB"},
}

// Unmapped are the book's rates with no usage type of their own in the
// Price List, and why: refresh leaves them to the fallback book.
var Unmapped = map[string]string{
	"cloudwatch.delivery":         "CloudTrail's delivery charge to CloudWatch: its usage type is not known",
	"cloudwatch.storage_ia":       "the Infrequent Access log class has no storage usage type of its own",
	"lake.export":                 "an assumption, not a Price List product",
	"securitylake.other_services": "an allowance for Glue, Lambda, SQS and EventBridge, not one product",
	"s3.transition_glacier_ir":    "the usage type of transitions to Glacier Instant Retrieval is not known",
	"s3.replication_time_control": "Replication Time Control's usage type is per destination and not mapped",
}

// Services are the Price List service codes refresh reads, in order.
func Services() []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range Mappings {
		if !seen[m.Service] {
			seen[m.Service] = true
			out = append(out, m.Service)
		}
	}
	return out
}
