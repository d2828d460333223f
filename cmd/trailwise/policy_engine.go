package main

import (
	"fmt"
	"strings"

	"github.com/trailwise/trailwise/collect/awscollect"
)

// engineStatements are the statements 'collect --engine' needs on top of
// the principal's policy: for Athena, its query calls in the workgroup,
// the Glue catalog's database and table (CreateTable only when collect
// makes the table), reading the trail bucket, and writing and reading the
// query results under the output location (the run's only write); for
// CloudTrail Lake, its query calls on the event data store.
func engineStatements(o *policyOptions) ([]iamStatement, error) {
	actions := map[string][]string{}
	for _, a := range awscollect.EngineActions[o.Engine] {
		actions[a.Where] = append(actions[a.Where], a.IAM)
	}
	switch o.Engine {
	case awscollect.EngineLake:
		store := "*"
		if o.LakeStore != "" {
			if !strings.HasPrefix(o.LakeStore, "arn:") {
				return nil, usageError{fmt.Errorf("--lake-store: expected the event data store's ARN, got %q", o.LakeStore)}
			}
			store = o.LakeStore
		}
		return []iamStatement{{Sid: "QueryCloudTrailLake", Effect: "Allow", Action: actions["lake"], Resource: []string{store}}}, nil
	case awscollect.EngineAthena:
	default:
		return nil, usageError{fmt.Errorf("--engine: expected athena or lake, got %q", o.Engine)}
	}
	for flag, check := range map[string]func() error{
		"--athena-workgroup": func() error { return awscollect.ValidateWorkgroup(o.Workgroup) },
		"--athena-database":  func() error { return awscollect.ValidateName(o.Database) },
	} {
		if err := check(); err != nil {
			return nil, usageError{fmt.Errorf("%s: %w", flag, err)}
		}
	}
	if o.Output == "" {
		return nil, usageError{fmt.Errorf("--engine athena needs --athena-output s3://BUCKET/PREFIX/ (the results location the policy lets Athena write to)")}
	}
	outBucket, outPrefix, err := awscollect.ParseS3URL(o.Output)
	if err != nil {
		return nil, usageError{fmt.Errorf("--athena-output: %w", err)}
	}
	if outPrefix != "" {
		outPrefix += "/"
	}
	trail := o.Bucket
	if trail == "" { // no statement on every bucket: the policy names the trail bucket
		return nil, usageError{fmt.Errorf("--engine athena needs --bucket, the trail bucket Athena reads")}
	}
	glue := append([]string{}, actions["glue"]...)
	if o.Table == "" {
		glue = append(glue, actions["glue-create"]...)
	}
	table := "*"
	if o.Table != "" {
		table = o.Table
	}
	return []iamStatement{
		{Sid: "RunAthenaQueries", Effect: "Allow", Action: actions["athena"], Resource: []string{"arn:aws:athena:*:*:workgroup/" + o.Workgroup}},
		{Sid: "ReadCloudTrailTable", Effect: "Allow", Action: glue, Resource: []string{"arn:aws:glue:*:*:catalog", "arn:aws:glue:*:*:database/" + o.Database, "arn:aws:glue:*:*:table/" + o.Database + "/" + table}},
		{Sid: "AthenaReadsTrailBucket", Effect: "Allow", Action: actions["trail bucket"][:2], Resource: []string{"arn:aws:s3:::" + trail}},
		{Sid: "AthenaReadsTrailLogs", Effect: "Allow", Action: actions["trail bucket"][2:], Resource: []string{"arn:aws:s3:::" + trail + "/*"}},
		{Sid: "AthenaResultsBucket", Effect: "Allow", Action: actions["results bucket"][:2], Resource: []string{"arn:aws:s3:::" + outBucket}},
		{Sid: "AthenaWritesResults", Effect: "Allow", Action: actions["results bucket"][2:], Resource: []string{"arn:aws:s3:::" + outBucket + "/" + outPrefix + "*"}},
	}, nil
}
