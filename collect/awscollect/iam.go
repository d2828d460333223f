package awscollect

import "sort"

// Action is one API the collectors can call, and the IAM action that
// allows it.
type Action struct {
	API   string // service:Operation as the SDK names it
	IAM   string // the IAM action a policy must allow
	Where string // "management account", "member role" "every account" (the role, or the management account's own credentials) or "bucket"
}

// Actions are every API call the collectors can make: all reads. A future
// `trailwise policy iam` prints them; a test checks them against every
// action the fakes receive over a full collection.
var Actions = []Action{
	{"organizations:DescribeOrganization", "organizations:DescribeOrganization", "management account"},
	{"organizations:ListAccounts", "organizations:ListAccounts", "management account"},
	{"organizations:ListRoots", "organizations:ListRoots", "management account"},
	{"organizations:ListOrganizationalUnitsForParent", "organizations:ListOrganizationalUnitsForParent", "management account"},
	{"organizations:ListAccountsForParent", "organizations:ListAccountsForParent", "management account"},
	{"ce:GetCostAndUsage", "ce:GetCostAndUsage", "management account"},
	{"sts:AssumeRole", "sts:AssumeRole", "management account"},
	{"s3:ListObjectsV2", "s3:ListBucket", "bucket"},
	{"s3:GetObject", "s3:GetObject", "bucket"},
	{"cloudtrail:DescribeTrails", "cloudtrail:DescribeTrails", "every account"},
	{"cloudtrail:GetEventSelectors", "cloudtrail:GetEventSelectors", "every account"},
	{"cloudtrail:GetTrailStatus", "cloudtrail:GetTrailStatus", "every account"},
	{"cloudtrail:ListEventDataStores", "cloudtrail:ListEventDataStores", "every account"},
	{"cloudtrail:GetEventDataStore", "cloudtrail:GetEventDataStore", "every account"},
	{"cloudtrail:LookupEvents", "cloudtrail:LookupEvents", "every account"},
	// CloudWatch telemetry rules for CloudTrail events (the Service
	// Authorization Reference's "Amazon CloudWatch Observability Admin
	// Service", access levels List and Read; all in the managed policy
	// CloudWatchReadOnlyAccess).
	{"observabilityadmin:ListTelemetryRules", "observabilityadmin:ListTelemetryRules", "every account"},
	{"observabilityadmin:GetTelemetryRule", "observabilityadmin:GetTelemetryRule", "every account"},
	{"observabilityadmin:ListTelemetryRulesForOrganization", "observabilityadmin:ListTelemetryRulesForOrganization", "management account"},
	{"observabilityadmin:GetTelemetryRuleForOrganization", "observabilityadmin:GetTelemetryRuleForOrganization", "management account"},
}

// IAMActions is the sorted set of IAM actions the collectors need.
func IAMActions() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range Actions {
		if !seen[a.IAM] {
			seen[a.IAM] = true
			out = append(out, a.IAM)
		}
	}
	sort.Strings(out)
	return out
}
