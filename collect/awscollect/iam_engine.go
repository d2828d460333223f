package awscollect

// EngineActions are the calls an engine run makes, besides Organizations
// and the bucket listing (Actions): Athena's query calls, the Glue catalog
// calls Athena makes with the caller's permissions to read (and, without
// EngineOptions.Table, create) the table, the S3 calls Athena makes to read
// the trail bucket and write and read back query results; CloudTrail
// Lake's query calls. Where: "athena", "glue", "glue-create", "trail
// bucket", "results bucket" or "lake".
var EngineActions = map[string][]Action{
	EngineAthena: {
		{"athena:StartQueryExecution", "athena:StartQueryExecution", "athena"},
		{"athena:GetQueryExecution", "athena:GetQueryExecution", "athena"},
		{"athena:GetQueryResults", "athena:GetQueryResults", "athena"},
		{"athena:StopQueryExecution", "athena:StopQueryExecution", "athena"},
		{"glue:GetDatabase", "glue:GetDatabase", "glue"},
		{"glue:GetTable", "glue:GetTable", "glue"},
		{"glue:CreateTable", "glue:CreateTable", "glue-create"},
		{"s3:GetBucketLocation", "s3:GetBucketLocation", "trail bucket"},
		{"s3:ListBucket", "s3:ListBucket", "trail bucket"},
		{"s3:GetObject", "s3:GetObject", "trail bucket"},
		{"s3:GetBucketLocation", "s3:GetBucketLocation", "results bucket"},
		{"s3:ListBucket", "s3:ListBucket", "results bucket"},
		{"s3:GetObject", "s3:GetObject", "results bucket"},
		{"s3:PutObject", "s3:PutObject", "results bucket"},
		{"s3:AbortMultipartUpload", "s3:AbortMultipartUpload", "results bucket"},
	},
	EngineLake: {
		{"cloudtrail:StartQuery", "cloudtrail:StartQuery", "lake"},
		{"cloudtrail:DescribeQuery", "cloudtrail:DescribeQuery", "lake"},
		{"cloudtrail:GetQueryResults", "cloudtrail:GetQueryResults", "lake"},
		{"cloudtrail:CancelQuery", "cloudtrail:CancelQuery", "lake"},
	},
}
