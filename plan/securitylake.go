package plan

import (
	"strings"

	"github.com/trailwise/trailwise/model"
)

// securityLakeSources are Security Lake's source names for the scenario's
// CloudTrail sources.
func (o *org) securityLakeSources() []string {
	var out []string
	for _, s := range o.s.SecurityLake.Sources {
		switch s {
		case "cloudtrail-management":
			out = append(out, "CLOUD_TRAIL_MGMT")
		case "cloudtrail-data":
			out = append(out, "S3_DATA", "LAMBDA_EXECUTION")
		}
	}
	return out
}

const securityLakeSourceVersion = "2.0"

// securityLakeRoles are the service roles Security Lake uses, in the
// delegated administrator's account (here the log archive account).
func (o *org) securityLakeRole(name string) string {
	return "arn:aws:iam::" + o.logArchive + ":role/service-role/" + name
}

// securityLakeTemplate is one template for every region (a StackSet): the
// data lake with the scenario's retention, roll-up to the roll-up region
// from the others, and the CloudTrail sources for every account.
func (o *org) securityLakeTemplate() obj {
	rollup := o.s.SecurityLake.RollupRegion
	lake := obj{
		{"MetaStoreManagerRoleArn", obj{{"Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/AmazonSecurityLakeMetaStoreManagerV2"}}},
		{"LifecycleConfiguration", obj{{"Expiration", obj{{"Days", o.s.SecurityLake.RetentionDays}}}}},
		{"ReplicationConfiguration", obj{{"Fn::If", []any{"IsRollupRegion", obj{{"Ref", "AWS::NoValue"}},
			obj{{"Regions", []string{rollup}}, {"RoleArn", obj{{"Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/service-role/AmazonSecurityLakeS3ReplicationRole"}}}}}}}},
	}
	resources := obj{{"DataLake", obj{{"Type", "AWS::SecurityLake::DataLake"}, {"Properties", lake}}}}
	for _, name := range o.securityLakeSources() {
		resources = append(resources, kv{logicalID("Source", name), obj{{"Type", "AWS::SecurityLake::AwsLogSource"}, {"Properties", obj{
			{"Accounts", o.accounts}, {"DataLakeArn", obj{{"Fn::GetAtt", []string{"DataLake", "Arn"}}}},
			{"SourceName", name}, {"SourceVersion", securityLakeSourceVersion}}}}})
	}
	return obj{{"AWSTemplateFormatVersion", "2010-09-09"},
		{"Description", "Amazon Security Lake fed by CloudTrail (trailwise plan security-lake); deploy as a StackSet in every region listed in README.md"},
		{"Conditions", obj{{"IsRollupRegion", obj{{"Fn::Equals", []any{obj{{"Ref", "AWS::Region"}}, rollup}}}}}},
		{"Resources", resources}}
}

// createDataLakeInput is 'aws securitylake create-data-lake' input: every
// measured region, the others rolling up to the roll-up region.
func (o *org) createDataLakeInput() obj {
	rollup := o.s.SecurityLake.RollupRegion
	regions := o.securityLakeRegions()
	var configs []obj
	for _, r := range regions {
		c := obj{{"region", r}, {"lifecycleConfiguration", obj{{"expiration", obj{{"days", o.s.SecurityLake.RetentionDays}}}}}}
		if r != rollup {
			c = append(c, kv{"replicationConfiguration", obj{{"regions", []string{rollup}}, {"roleArn", o.securityLakeRole("AmazonSecurityLakeS3ReplicationRole")}}})
		}
		configs = append(configs, c)
	}
	return obj{{"configurations", configs}, {"metaStoreManagerRoleArn", o.securityLakeRole("AmazonSecurityLakeMetaStoreManagerV2")}}
}

// logicalID is a CloudFormation logical id (letters and digits only) of
// a prefix and an upper-case name: Source + S3_DATA is SourceS3Data.
func logicalID(prefix, name string) string {
	id := prefix
	for _, part := range strings.Split(name, "_") {
		if part != "" {
			id += part[:1] + strings.ToLower(part[1:])
		}
	}
	return id
}

// securityLakeRegions are the measured regions and the roll-up region.
func (o *org) securityLakeRegions() []string {
	regions := append([]string(nil), o.regions...)
	if !contains(regions, o.s.SecurityLake.RollupRegion) {
		regions = append(regions, o.s.SecurityLake.RollupRegion)
	}
	return regions
}

// createLogSourceInput is 'aws securitylake create-aws-log-source' input.
func (o *org) createLogSourceInput() obj {
	var sources []obj
	for _, name := range o.securityLakeSources() {
		sources = append(sources, obj{{"accounts", o.accounts}, {"regions", o.securityLakeRegions()},
			{"sourceName", name}, {"sourceVersion", securityLakeSourceVersion}})
	}
	return obj{{"sources", sources}}
}

// securityLakePlan writes Security Lake's settings, and the organization
// trail's bucket when the scenario keeps it as the S3 archive.
func (o *org) securityLakePlan() *Plan {
	p := &Plan{Strategy: model.SecurityLake}
	p.Artefacts = append(p.Artefacts,
		Artefact{"security-lake.cloudformation.yaml", toYAML(o.securityLakeTemplate()),
			"CloudFormation StackSet in the Security Lake delegated administrator account, in every region below"},
		Artefact{"cli/create-data-lake.json", indentJSON(o.createDataLakeInput()),
			"aws securitylake create-data-lake --cli-input-json file://cli/create-data-lake.json"},
		Artefact{"cli/create-aws-log-source.json", indentJSON(o.createLogSourceInput()),
			"aws securitylake create-aws-log-source --cli-input-json file://cli/create-aws-log-source.json"})
	if o.s.KeepOrgTrailArchive {
		p.Artefacts = append(p.Artefacts,
			Artefact{"central-bucket/bucket-policy.json", indentJSON(o.centralBucketPolicy(model.AccessNone)),
				"aws s3api put-bucket-policy --bucket " + o.bucket + " --policy file://central-bucket/bucket-policy.json"},
			Artefact{"central-bucket/lifecycle.json", indentJSON(o.lifecycle(o.bucket, o.s.CentralRetentionDays)),
				"aws s3api put-bucket-lifecycle-configuration --cli-input-json file://central-bucket/lifecycle.json"})
	}
	p.Notes = append(p.Notes, "The estimate prices Parquet storage in the roll-up region only: a contributing region keeps its copy until expiration, so a short expiration there keeps to the estimate.")
	return p
}
