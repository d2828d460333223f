package awscollect

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/observabilityadmin"
	"github.com/aws/aws-sdk-go-v2/service/observabilityadmin/types"
	"github.com/aws/smithy-go"
	"github.com/trailwise/trailwise/model"
)

// CloudWatch telemetry enablement rules for CloudTrail events, read-only
// through CloudWatch Observability Admin (API reference:
// https://docs.aws.amazon.com/cloudwatch/latest/observabilityadmin/):
// ListTelemetryRules ("Lists all telemetry rules in your account") in every
// account and region, ListTelemetryRulesForOrganization ("can only be
// called by the organization's management account or a delegated
// administrator account") from the management account, and for each rule
// of resource type AWS::CloudTrail, GetTelemetryRule[ForOrganization] for
// its scope and advanced event selectors (the list's summaries carry the
// resource type, not the selectors). A rule says nothing of the log class
// of the log groups it fills.

// ruleAPI is one of the two listings: an account's own rules or the
// organization's.
type ruleAPI struct {
	org  bool
	list func(ctx context.Context, token *string) ([]types.TelemetryRuleSummary, *string, error)
	get  func(ctx context.Context, arn string) (*types.TelemetryRule, error)
}

func accountRules(c *observabilityadmin.Client) ruleAPI {
	return ruleAPI{
		list: func(ctx context.Context, token *string) ([]types.TelemetryRuleSummary, *string, error) {
			out, err := c.ListTelemetryRules(ctx, &observabilityadmin.ListTelemetryRulesInput{NextToken: token})
			if err != nil {
				return nil, nil, err
			}
			return out.TelemetryRuleSummaries, out.NextToken, nil
		},
		get: func(ctx context.Context, arn string) (*types.TelemetryRule, error) {
			out, err := c.GetTelemetryRule(ctx, &observabilityadmin.GetTelemetryRuleInput{RuleIdentifier: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			return out.TelemetryRule, nil
		},
	}
}

func organizationRules(c *observabilityadmin.Client) ruleAPI {
	return ruleAPI{
		org: true,
		list: func(ctx context.Context, token *string) ([]types.TelemetryRuleSummary, *string, error) {
			out, err := c.ListTelemetryRulesForOrganization(ctx, &observabilityadmin.ListTelemetryRulesForOrganizationInput{NextToken: token})
			if err != nil {
				return nil, nil, err
			}
			return out.TelemetryRuleSummaries, out.NextToken, nil
		},
		get: func(ctx context.Context, arn string) (*types.TelemetryRule, error) {
			out, err := c.GetTelemetryRuleForOrganization(ctx, &observabilityadmin.GetTelemetryRuleForOrganizationInput{RuleIdentifier: aws.String(arn)})
			if err != nil {
				return nil, err
			}
			return out.TelemetryRule, nil
		},
	}
}

// ruleFinding is a rule as read, with its ARN to tell an organization rule
// listed again among an account's own.
type ruleFinding struct {
	model.TelemetryRule
	ARN string `json:"arn"`
}

// readRules lists the rules of one account (or the organization) in one
// region and reads those for CloudTrail events. The error is the listing's;
// a rule whose detail cannot be read is kept without it, and detail says
// why.
func readRules(ctx context.Context, api ruleAPI, account, region string) (rules []ruleFinding, detail string, err error) {
	var token *string
	pages := tokens{}
	for {
		summaries, next, err := api.list(ctx, token)
		if err == nil {
			err = pages.repeated(next)
		}
		if err != nil {
			return rules, detail, err
		}
		for _, s := range summaries {
			if s.ResourceType != types.ResourceTypeAwsCloudtrail {
				continue
			}
			f := ruleFinding{TelemetryRule: model.TelemetryRule{Account: account, Region: region, Name: aws.ToString(s.RuleName), Organization: api.org}, ARN: aws.ToString(s.RuleArn)}
			rule, err := api.get(ctx, f.ARN)
			if err != nil {
				detail = fmt.Sprintf("rule %s: %s", f.Name, reason(err))
			} else if rule != nil {
				describeRule(&f.TelemetryRule, rule)
			}
			rules = append(rules, f)
		}
		if next == nil || *next == "" {
			return rules, detail, nil
		}
		token = next
	}
}

// describeRule fills what a rule's detail says: scope, regions, retention,
// and the events its advanced event selectors take, read as a trail's are.
func describeRule(r *model.TelemetryRule, rule *types.TelemetryRule) {
	r.OrganizationScope = aws.ToString(rule.Scope)
	r.AllRegions = aws.ToBool(rule.AllRegions)
	r.ManagementEvents = "all" // a CloudTrail source without selectors: taken as a trail's default
	dc := rule.DestinationConfiguration
	if dc == nil {
		return
	}
	r.RetentionDays = int(aws.ToInt32(dc.RetentionInDays))
	if dc.CloudtrailParameters == nil || len(dc.CloudtrailParameters.AdvancedEventSelectors) == 0 {
		return
	}
	sel := &cloudtrail.GetEventSelectorsOutput{}
	for _, s := range dc.CloudtrailParameters.AdvancedEventSelectors {
		as := cttypes.AdvancedEventSelector{Name: s.Name}
		for _, f := range s.FieldSelectors {
			as.FieldSelectors = append(as.FieldSelectors, cttypes.AdvancedFieldSelector{Field: f.Field, Equals: f.Equals,
				NotEquals: f.NotEquals, StartsWith: f.StartsWith, NotStartsWith: f.NotStartsWith, EndsWith: f.EndsWith, NotEndsWith: f.NotEndsWith})
		}
		sel.AdvancedEventSelectors = append(sel.AdvancedEventSelectors, as)
	}
	r.ManagementEvents, r.DataEvents = selectors(sel)
}

// serviceAbsent says whether an error is the service not answering at all
// (no endpoint in the region, a connection refused) rather than an answer.
func serviceAbsent(err error) bool {
	var ae smithy.APIError
	return !errors.As(err, &ae) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// telemetryTally gathers the rules every account read and the failures,
// which are told in one line each kind: a rule list denied or absent must
// not fail the collection.
type telemetryTally struct {
	mu     sync.Mutex
	absent map[string]bool // regions where the service did not answer
}

func newTelemetryTally() *telemetryTally { return &telemetryTally{absent: map[string]bool{}} }

func (t *telemetryTally) isAbsent(region string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.absent[region]
}

func (t *telemetryTally) markAbsent(region string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.absent[region] = true
}

// accountTelemetry reads one account's own rules in a region into out; a
// failure is kept, to be told once for every account (telemetryNote).
func (r *run) accountTelemetry(ctx context.Context, account, region string, creds aws.CredentialsProvider, out *accountTrails) {
	if r.telemetry.isAbsent(region) {
		return
	}
	rules, detail, err := readRules(ctx, accountRules(r.clients.observabilityAdmin(account, region, creds)), account, region)
	out.rules = append(out.rules, rules...)
	if detail != "" {
		out.ruleFailures = append(out.ruleFailures, fmt.Sprintf("GetTelemetryRule in %s %s, %s", account, region, detail))
	}
	if err != nil {
		if serviceAbsent(err) {
			r.telemetry.markAbsent(region)
		}
		out.ruleFailures = append(out.ruleFailures, fmt.Sprintf("ListTelemetryRules in %s %s: %s", account, region, reason(err)))
	}
}

// organizationTelemetry reads the organization's rules from the
// management account in every region; failures are lines of notes.
func (r *run) organizationTelemetry(ctx context.Context, regions []string) (rules []ruleFinding, failures []string) {
	for _, region := range regions {
		if r.telemetry.isAbsent(region) {
			continue
		}
		api := organizationRules(r.clients.observabilityAdmin(r.o.managementAccount, region, r.clients.cfg.Credentials))
		found, detail, err := readRules(ctx, api, r.o.managementAccount, region)
		rules = append(rules, found...)
		if detail != "" {
			failures = append(failures, fmt.Sprintf("GetTelemetryRuleForOrganization in %s, %s", region, detail))
		}
		if err != nil {
			if serviceAbsent(err) {
				r.telemetry.markAbsent(region)
			}
			failures = append(failures, fmt.Sprintf("ListTelemetryRulesForOrganization in %s: %s", region, reason(err)))
		}
	}
	return rules, failures
}

// telemetryRules puts the organization's and every account's rules into
// the dataset, an organization rule once, and says in one line what could
// not be read.
func (c *collection) telemetryRules(ctx context.Context) {
	org, failures := c.r.organizationTelemetry(ctx, c.regions)
	seen := map[string]bool{}
	rules := []model.TelemetryRule{}
	for _, f := range append(org, c.found.rules...) {
		if f.ARN != "" && seen[f.ARN] {
			continue
		}
		seen[f.ARN] = true
		rules = append(rules, f.TelemetryRule)
	}
	sort.SliceStable(rules, func(i, j int) bool {
		a, b := rules[i], rules[j]
		if a.Organization != b.Organization {
			return a.Organization
		}
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Name < b.Name
	})
	c.ds.TelemetryRules = rules
	failures = append(failures, c.found.ruleFailures...)
	if n := telemetryNote(failures); n != "" {
		c.r.notef("%s", n)
	}
	if len(rules) > 0 {
		c.r.notef("%d CloudWatch telemetry rule(s) for CloudTrail events found (%s): CloudWatch already ingests those events with no trail, its delivery and ingestion already paid", len(rules), ruleCounts(rules))
	}
}

// telemetryNote is one line for every rule list not read, or "".
func telemetryNote(failures []string) string {
	switch len(failures) {
	case 0:
		return ""
	case 1:
		return "CloudWatch telemetry rules not read: " + failures[0] + "; the dataset lists the rules it could read"
	}
	return fmt.Sprintf("CloudWatch telemetry rules not read in %d places (first: %s); the dataset lists the rules it could read", len(failures), failures[0])
}

// ruleCounts says how many rules are the organization's and the accounts'.
func ruleCounts(rules []model.TelemetryRule) string {
	org := 0
	for _, r := range rules {
		if r.Organization {
			org++
		}
	}
	var parts []string
	if org > 0 {
		parts = append(parts, fmt.Sprintf("%d organization", org))
	}
	if n := len(rules) - org; n > 0 {
		parts = append(parts, fmt.Sprintf("%d account", n))
	}
	return strings.Join(parts, ", ")
}
