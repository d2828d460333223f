package plan

import "github.com/trailwise/trailwise/model"

// eventSelectors are the advanced event selectors of what the scenario
// records: management events, and S3 and Lambda data events when it
// records data events.
func (o *org) eventSelectors() []obj {
	sel := func(name string, fields ...obj) obj { return obj{{"Name", name}, {"FieldSelectors", fields}} }
	eq := func(field string, values ...string) obj { return obj{{"Field", field}, {"Equals", values}} }
	out := []obj{sel("Management events", eq("eventCategory", "Management"))}
	if o.s.RecordDataEvents != nil && *o.s.RecordDataEvents {
		out = append(out,
			sel("S3 data events", eq("eventCategory", "Data"), eq("resources.type", "AWS::S3::Object")),
			sel("Lambda data events", eq("eventCategory", "Data"), eq("resources.type", "AWS::Lambda::Function")))
	}
	return out
}

const eventDataStoreName = "organization-event-data-store"

// eventDataStoreProperties are the organization event data store's
// settings, named as CloudFormation and the CLI both name them.
func (o *org) eventDataStoreProperties() obj {
	return obj{{"Name", eventDataStoreName}, {"AdvancedEventSelectors", o.eventSelectors()},
		{"MultiRegionEnabled", true}, {"OrganizationEnabled", true},
		{"BillingMode", o.s.LakeBillingMode}, {"RetentionPeriod", o.s.LakeRetentionDays},
		{"TerminationProtectionEnabled", true}}
}

// lakePlan writes the organization event data store beside the account
// trails, whose buckets keep account_bucket_retention_days.
func (o *org) lakePlan() *Plan {
	p := &Plan{Strategy: model.TrailsLake}
	props := o.eventDataStoreProperties()
	template := obj{{"AWSTemplateFormatVersion", "2010-09-09"},
		{"Description", "Organization CloudTrail Lake event data store (trailwise plan trails-lake)"},
		{"Resources", obj{{"OrganizationEventDataStore", obj{{"Type", "AWS::CloudTrail::EventDataStore"}, {"Properties", props}}}}}}
	p.Artefacts = append(p.Artefacts,
		Artefact{"event-data-store.cloudformation.yaml", toYAML(template),
			"CloudFormation stack, in the management (or delegated administrator) account, home region " + o.s.Region},
		Artefact{"event-data-store.cli.json", indentJSON(props),
			"aws cloudtrail create-event-data-store --cli-input-json file://event-data-store.cli.json"},
		Artefact{"account-bucket-lifecycle.json", indentJSON(o.lifecycle("ACCOUNT_TRAIL_BUCKET", o.s.AccountBucketRetentionDays)),
			"each account trail's bucket: set Bucket (ACCOUNT_TRAIL_BUCKET), then aws s3api put-bucket-lifecycle-configuration --cli-input-json file://account-bucket-lifecycle.json"})
	if o.s.InsightsEventDataStore && o.s.Insights != model.InsightsNone {
		p.Notes = append(p.Notes, "Insights on the event data store needs a second event data store for Insights events; it is not written here.")
	}
	return p
}
