package plan

import (
	"fmt"

	"github.com/trailwise/trailwise/model"
)

// logRetentionDays are the retentions CloudWatch Logs accepts.
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// logRetention is the shortest retention CloudWatch Logs accepts that
// keeps events at least days.
func logRetention(days int) int {
	for _, d := range logRetentionDays {
		if d >= days {
			return d
		}
	}
	return logRetentionDays[len(logRetentionDays)-1]
}

// cloudWatchRoleName is the role CloudTrail assumes to deliver to CloudWatch Logs.
const cloudWatchRoleName = "trailwise-cloudtrail-cloudwatch-logs"

func (o *org) logGroupName() string { return "aws-cloudtrail-logs-" + o.id }

func (o *org) logGroupARN() string {
	return "arn:aws:logs:" + o.trailHome + ":" + o.management + ":log-group:" + o.logGroupName()
}

func (o *org) cloudWatchRoleARN() string {
	return "arn:aws:iam::" + o.management + ":role/" + cloudWatchRoleName
}

// cloudWatchRolePolicy is CloudTrail's documented delivery policy for an
// organization trail: log streams of the management account's own trail
// and of the organization's accounts (named <org id>_<account>_…).
func (o *org) cloudWatchRolePolicy() obj {
	streams := []string{
		o.logGroupARN() + ":log-stream:" + o.management + "_CloudTrail_" + o.trailHome + "*",
		o.logGroupARN() + ":log-stream:" + o.id + "_*",
	}
	return policy(
		stmt{Sid: "AWSCloudTrailCreateLogStream2014110", Action: "logs:CreateLogStream", Resource: streams},
		stmt{Sid: "AWSCloudTrailPutLogEvents20141101", Action: "logs:PutLogEvents", Resource: streams})
}

// insightSelectors are the Insights types the scenario turns on.
func (o *org) insightSelectors() []obj {
	var out []obj
	if o.s.Insights == model.InsightsAPICallRate || o.s.Insights == model.InsightsBoth {
		out = append(out, obj{{"InsightType", "ApiCallRateInsight"}})
	}
	if o.s.Insights == model.InsightsErrorRate || o.s.Insights == model.InsightsBoth {
		out = append(out, obj{{"InsightType", "ApiErrorRateInsight"}})
	}
	return out
}

// cloudWatchTemplate is the log group, the delivery role and the
// organization trail that delivers to both, as CloudFormation.
func (o *org) cloudWatchTemplate(retention int) obj {
	trail := obj{{"TrailName", o.trailName}, {"S3BucketName", o.bucket}, {"IsLogging", true}, {"IsMultiRegionTrail", true},
		{"IsOrganizationTrail", true}, {"IncludeGlobalServiceEvents", true}, {"EnableLogFileValidation", o.s.LogFileValidation},
		{"CloudWatchLogsLogGroupArn", obj{{"Fn::GetAtt", []string{"TrailLogGroup", "Arn"}}}},
		{"CloudWatchLogsRoleArn", obj{{"Fn::GetAtt", []string{"TrailDeliveryRole", "Arn"}}}},
		{"AdvancedEventSelectors", o.eventSelectors()}}
	if ins := o.insightSelectors(); len(ins) > 0 {
		trail = append(trail, kv{"InsightSelectors", ins})
	}
	if o.s.SSEKMS {
		trail = append(trail, kv{"KMSKeyId", o.keyAlias()})
	}
	return obj{{"AWSTemplateFormatVersion", "2010-09-09"},
		{"Description", "Organization trail delivering to CloudWatch Logs (trailwise plan cloudwatch-logs)"},
		{"Resources", obj{
			{"TrailLogGroup", obj{{"Type", "AWS::Logs::LogGroup"}, {"Properties", obj{{"LogGroupName", o.logGroupName()}, {"RetentionInDays", retention}}}}},
			{"TrailDeliveryRole", obj{{"Type", "AWS::IAM::Role"}, {"Properties", obj{{"RoleName", cloudWatchRoleName},
				{"AssumeRolePolicyDocument", trustPolicy("cloudtrail.amazonaws.com")},
				{"Policies", []obj{{{"PolicyName", "cloudtrail-delivery"}, {"PolicyDocument", o.cloudWatchRolePolicy()}}}}}}}},
			{"OrganizationTrail", obj{{"Type", "AWS::CloudTrail::Trail"}, {"DependsOn", "TrailDeliveryRole"}, {"Properties", trail}}},
		}}}
}

// cloudWatchPlan writes the CloudWatch Logs route: the log group with the
// scenario's retention, the role, the trail, and the S3 copy's bucket.
func (o *org) cloudWatchPlan() *Plan {
	p := &Plan{Strategy: model.CloudWatchLogs}
	retention := logRetention(o.s.CloudWatchRetentionDays)
	if retention != o.s.CloudWatchRetentionDays {
		p.Notes = append(p.Notes, fmt.Sprintf("CloudWatch Logs keeps events 1, 3, 5 … 3653 days; the scenario's %d days became %d (the estimate priced %d).",
			o.s.CloudWatchRetentionDays, retention, o.s.CloudWatchRetentionDays))
	}
	p.Artefacts = append(p.Artefacts,
		Artefact{"cloudwatch-logs.cloudformation.yaml", toYAML(o.cloudWatchTemplate(retention)),
			"CloudFormation stack in the management account, region " + o.trailHome + " (the trail's home region)"},
		Artefact{"cli/create-log-group.json", indentJSON(obj{{"logGroupName", o.logGroupName()}}),
			"aws logs create-log-group --cli-input-json file://cli/create-log-group.json"},
		Artefact{"cli/put-retention-policy.json", indentJSON(obj{{"logGroupName", o.logGroupName()}, {"retentionInDays", retention}}),
			"aws logs put-retention-policy --cli-input-json file://cli/put-retention-policy.json"},
		Artefact{"cli/delivery-role-trust.json", indentJSON(trustPolicy("cloudtrail.amazonaws.com")),
			"aws iam create-role --role-name " + cloudWatchRoleName + " --assume-role-policy-document file://cli/delivery-role-trust.json"},
		Artefact{"cli/delivery-role-policy.json", indentJSON(o.cloudWatchRolePolicy()),
			"aws iam put-role-policy --role-name " + cloudWatchRoleName + " --policy-name cloudtrail-delivery --policy-document file://cli/delivery-role-policy.json"},
		Artefact{"cli/trail.json", indentJSON(o.createTrailInput(o.logGroupARN())),
			"aws cloudtrail create-trail --cli-input-json file://cli/trail.json (update-trail takes the same for an existing trail)"},
		Artefact{"central-bucket/bucket-policy.json", indentJSON(o.centralBucketPolicy(model.AccessNone)),
			"aws s3api put-bucket-policy --bucket " + o.bucket + " --policy file://central-bucket/bucket-policy.json"},
		Artefact{"central-bucket/lifecycle.json", indentJSON(o.lifecycle(o.bucket, o.s.CentralRetentionDays)),
			"aws s3api put-bucket-lifecycle-configuration --cli-input-json file://central-bucket/lifecycle.json"})
	if !o.s.KeepOrgTrailArchive {
		p.Notes = append(p.Notes, "keep_org_trail_archive is false, so the estimate leaves the S3 copy out; a trail still delivers to its bucket, so shorten central-bucket/lifecycle.json's expiration to keep that copy small.")
	}
	return p
}
