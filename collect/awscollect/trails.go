package awscollect

import (
	"context"
	"errors"
	"fmt"
	"golang.org/x/sync/errgroup"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/smithy-go"
	"github.com/trailwise/trailwise/model"
)

// trailFinding is one trail as the CloudTrail API describes it.
type trailFinding struct {
	model.Trail
	ARN       string
	KeyPrefix string
	Logging   bool
}

// accountTrails is what one account's CloudTrail API said.
type accountTrails struct {
	trails []trailFinding
	stores []model.EventDataStore
	gaps   []model.Gap
	notes  []string
	// rules are the account's own CloudWatch telemetry rules for
	// CloudTrail events; ruleFailures the rule lists it could not read.
	rules        []ruleFinding
	ruleFailures []string
}

// isDenied tells access denied (no role, no permission) from other failures.
func isDenied(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "InvalidClientTokenId", "UnrecognizedClientException":
			return true
		}
	}
	return strings.Contains(err.Error(), "AccessDenied")
}

// reach returns the credentials for an account, or the gap that says why
// it cannot be reached. Only the management account is used with the
// caller's own credentials; every other account through the role.
func (r *run) reach(ctx context.Context, a model.Account, source string) (aws.CredentialsProvider, *model.Gap) {
	if a.Status != "ACTIVE" {
		return nil, &model.Gap{Account: a.ID, Source: source, Reason: "account is " + a.Status + ": not reachable"}
	}
	r.credMu.Lock()
	if g, ok := r.credGaps[a.ID]; ok {
		r.credMu.Unlock()
		g.Source = source
		return nil, &g
	}
	if c, ok := r.creds[a.ID]; ok {
		r.credMu.Unlock()
		return c, nil
	}
	r.credMu.Unlock()
	creds := r.clients.credentials(a.ID)
	if a.ID != r.o.managementAccount {
		if _, err := creds.Retrieve(ctx); err != nil {
			g := model.Gap{Account: a.ID, Source: source, Reason: fmt.Sprintf("cannot assume role %s: %s", r.o.RoleName, reason(err))}
			r.credMu.Lock()
			r.credGaps[a.ID] = g
			r.credMu.Unlock()
			return nil, &g
		}
	}
	r.credMu.Lock()
	r.creds[a.ID] = creds
	r.credMu.Unlock()
	return creds, nil
}

// collectTrails runs the CloudTrail collector over every account, at most
// Concurrency accounts at once.
// trailsRecord is an account's finished CloudTrail results, checkpointed.
type trailsRecord struct {
	Trails       []trailFinding         `json:"trails"`
	Stores       []model.EventDataStore `json:"stores"`
	Notes        []string               `json:"notes"`
	Rules        []ruleFinding          `json:"rules"`
	RuleFailures []string               `json:"rule_failures"`
}

func (r *run) collectTrails(ctx context.Context, orgID string, accounts []model.Account, regions []string) accountTrails {
	cp := r.openCheckpoint("cloudtrail", struct {
		Org, Start, End, Role, ExternalID string
		Regions                           []string
	}{orgID, r.o.Start, r.o.End, r.o.RoleName, r.o.ExternalID, regions})
	results := make([]accountTrails, len(accounts))
	var g errgroup.Group
	g.SetLimit(r.o.Concurrency)
	finished := r.doneCounter("cloudtrail", len(accounts))
	for i, a := range accounts {
		g.Go(func() error {
			defer finished()
			if err := ctx.Err(); err != nil {
				results[i].gaps = append(results[i].gaps, model.Gap{Account: a.ID, Source: SourceCloudTrailAPI, Reason: "not reached: " + err.Error()})
				return nil
			}
			var rec trailsRecord
			if cp.get(a.ID, &rec) {
				results[i] = accountTrails{trails: rec.Trails, stores: rec.Stores, notes: rec.Notes, rules: rec.Rules, ruleFailures: rec.RuleFailures}
				return nil
			}
			results[i] = r.accountTrails(ctx, a, regions)
			if len(results[i].gaps) == 0 && ctx.Err() == nil {
				res := results[i]
				cp.put(a.ID, trailsRecord{res.trails, res.stores, res.notes, res.rules, res.ruleFailures})
			}
			return nil
		})
	}
	_ = g.Wait() // the work reports its failures as gaps
	var all accountTrails
	for _, res := range results {
		all.trails = append(all.trails, res.trails...)
		all.stores = append(all.stores, res.stores...)
		all.gaps = append(all.gaps, res.gaps...)
		all.notes = append(all.notes, res.notes...)
		all.rules = append(all.rules, res.rules...)
		all.ruleFailures = append(all.ruleFailures, res.ruleFailures...)
	}
	return all
}

// accountTrails reads one account's trails and event data stores in every
// region: DescribeTrails (shadow trails included, so multi-region and
// organization trails show up once), then GetEventSelectors and
// GetTrailStatus in each trail's home region, ListEventDataStores with
// GetEventDataStore for the billing mode, and the account's own CloudWatch
// telemetry rules (accountTelemetry).
func (r *run) accountTrails(ctx context.Context, a model.Account, regions []string) accountTrails {
	var out accountTrails
	creds, gap := r.reach(ctx, a, SourceCloudTrailAPI)
	if gap != nil {
		out.gaps = append(out.gaps, *gap)
		return out
	}
	owned := map[string]types.Trail{}
	storesSeen := map[string]bool{}
	for _, region := range regions {
		ct := r.clients.cloudTrail(a.ID, region, creds)
		if err := describeTrails(ctx, ct, a.ID, region, owned, &out); err != nil {
			if isDenied(err) {
				return out
			}
			continue
		}
		eventDataStores(ctx, ct, a.ID, region, storesSeen, &out)
		r.accountTelemetry(ctx, a.ID, region, creds, &out)
	}
	arns := make([]string, 0, len(owned))
	for arn := range owned {
		arns = append(arns, arn)
	}
	sort.Strings(arns)
	for _, arn := range arns {
		out.trails = append(out.trails, r.trailFinding(ctx, a.ID, arn, owned[arn], creds, &out))
	}
	return out
}

// describeTrails adds the trails an account owns in a region to owned, by
// ARN; its error is recorded as a gap already.
func describeTrails(ctx context.Context, ct *cloudtrail.Client, account, region string, owned map[string]types.Trail, out *accountTrails) error {
	d, err := ct.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
	if err != nil {
		out.gaps = append(out.gaps, model.Gap{Account: account, Region: region, Source: SourceCloudTrailAPI, Reason: "DescribeTrails: " + reason(err)})
		return err
	}
	for _, t := range d.TrailList {
		arn := aws.ToString(t.TrailARN)
		if arnAccount(arn) != account {
			continue // the organization trail, seen from a member: recorded once, from its owner
		}
		if _, ok := owned[arn]; !ok {
			owned[arn] = t
		}
	}
	return nil
}

// eventDataStores adds an account's event data stores in a region (those
// being deleted aside), each once, with its billing mode.
func eventDataStores(ctx context.Context, ct *cloudtrail.Client, account, region string, seen map[string]bool, out *accountTrails) {
	sp := cloudtrail.NewListEventDataStoresPaginator(ct, &cloudtrail.ListEventDataStoresInput{})
	pages := tokens{} // a token that comes back is a loop: stop with a gap
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err == nil {
			err = pages.repeated(page.NextToken)
		}
		if err != nil {
			out.gaps = append(out.gaps, model.Gap{Account: account, Region: region, Source: SourceCloudTrailAPI, Reason: "ListEventDataStores: " + reason(err)})
			return
		}
		for _, s := range page.EventDataStores {
			arn := aws.ToString(s.EventDataStoreArn)
			if seen[arn] || s.Status == types.EventDataStoreStatusPendingDeletion {
				continue
			}
			seen[arn] = true
			eds := model.EventDataStore{
				Account:       account,
				Name:          aws.ToString(s.Name),
				Organization:  aws.ToBool(s.OrganizationEnabled),
				BillingMode:   model.LakeExtendable,
				RetentionDays: int(aws.ToInt32(s.RetentionPeriod)),
			}
			g, err := ct.GetEventDataStore(ctx, &cloudtrail.GetEventDataStoreInput{EventDataStore: aws.String(arn)})
			if err != nil {
				out.notes = append(out.notes, fmt.Sprintf("event data store %s in %s: billing mode unknown (%s), taken as %s", eds.Name, account, reason(err), model.LakeExtendable))
			} else if g.BillingMode != "" {
				eds.BillingMode = string(g.BillingMode)
			}
			if eds.RetentionDays < 7 {
				eds.RetentionDays = 7
			}
			out.stores = append(out.stores, eds)
		}
	}
}

// trailFinding reads one trail's selectors and status in its home region;
// a trail not logging records nothing.
func (r *run) trailFinding(ctx context.Context, account, arn string, t types.Trail, creds aws.CredentialsProvider, out *accountTrails) trailFinding {
	home := aws.ToString(t.HomeRegion)
	ct := r.clients.cloudTrail(account, home, creds)
	f := trailFinding{
		Trail: model.Trail{
			Account:        account,
			Name:           aws.ToString(t.Name),
			HomeRegion:     home,
			Organization:   aws.ToBool(t.IsOrganizationTrail),
			MultiRegion:    aws.ToBool(t.IsMultiRegionTrail),
			Bucket:         aws.ToString(t.S3BucketName),
			CloudWatchLogs: aws.ToString(t.CloudWatchLogsLogGroupArn) != "",
		},
		ARN:       arn,
		KeyPrefix: aws.ToString(t.S3KeyPrefix),
	}
	sel, err := ct.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String(arn)})
	if err != nil {
		out.gaps = append(out.gaps, model.Gap{Account: account, Region: home, Source: SourceCloudTrailAPI, Reason: "GetEventSelectors " + f.Name + ": " + reason(err)})
		f.ManagementEvents = "all" // a trail's default
	} else {
		f.ManagementEvents, f.DataEvents = selectors(sel)
		f.ExcludedEventSources = excludedSources(sel)
	}
	st, err := ct.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
	if err != nil {
		out.gaps = append(out.gaps, model.Gap{Account: account, Region: home, Source: SourceCloudTrailAPI, Reason: "GetTrailStatus " + f.Name + ": " + reason(err)})
		f.Logging = true
	} else {
		f.Logging = aws.ToBool(st.IsLogging)
	}
	if !f.Logging {
		out.notes = append(out.notes, fmt.Sprintf("trail %s in %s is not logging: recorded as recording nothing", f.Name, account))
		f.ManagementEvents, f.DataEvents = "none", false
	}
	return f
}

// arnAccount is the account field of an ARN.
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 5 {
		return ""
	}
	return parts[4]
}

// selectors reads which management events ("all", "read", "write", "none")
// and whether data events a trail records, from classic or advanced
// selectors. A trail without selectors records all management events.
func selectors(out *cloudtrail.GetEventSelectorsOutput) (mgmt string, data bool) {
	var read, write bool
	if len(out.AdvancedEventSelectors) == 0 && len(out.EventSelectors) == 0 {
		return "all", false
	}
	for _, s := range out.EventSelectors {
		if s.IncludeManagementEvents == nil || *s.IncludeManagementEvents {
			switch s.ReadWriteType {
			case types.ReadWriteTypeReadOnly:
				read = true
			case types.ReadWriteTypeWriteOnly:
				write = true
			default:
				read, write = true, true
			}
		}
		if len(s.DataResources) > 0 {
			data = true
		}
	}
	for _, s := range out.AdvancedEventSelectors {
		category, readOnly := "", ""
		for _, f := range s.FieldSelectors {
			switch aws.ToString(f.Field) {
			case "eventCategory":
				if len(f.Equals) > 0 {
					category = f.Equals[0]
				}
			case "readOnly":
				if len(f.Equals) > 0 {
					readOnly = f.Equals[0]
				}
			}
		}
		switch category {
		case "Management":
			switch readOnly {
			case "true":
				read = true
			case "false":
				write = true
			default:
				read, write = true, true
			}
		case "Data":
			data = true
		}
	}
	switch {
	case read && write:
		return "all", data
	case read:
		return "read", data
	case write:
		return "write", data
	}
	return "none", data
}

// excludedSources lists the management event sources a trail's advanced
// event selectors leave out: a source is left out when every selector of
// management events excludes it (eventSource NotEquals); classic selectors
// exclude none.
func excludedSources(out *cloudtrail.GetEventSelectorsOutput) []string {
	var common map[string]bool
	for _, s := range out.AdvancedEventSelectors {
		management, excluded := false, map[string]bool{}
		for _, f := range s.FieldSelectors {
			switch aws.ToString(f.Field) {
			case "eventCategory":
				management = len(f.Equals) > 0 && f.Equals[0] == "Management"
			case "eventSource":
				for _, v := range f.NotEquals {
					excluded[v] = true
				}
			}
		}
		if !management {
			continue
		}
		if common == nil {
			common = excluded
			continue
		}
		for v := range common {
			if !excluded[v] {
				delete(common, v)
			}
		}
	}
	if len(out.EventSelectors) > 0 || len(common) == 0 {
		return nil
	}
	list := make([]string, 0, len(common))
	for v := range common {
		list = append(list, v)
	}
	sort.Strings(list)
	return list
}

// duplicates lists the paid management-event copies: every logging account
// trail that records management events beside a logging organization trail
// that does, and every such trail after an account's first when there is no
// organization trail.
func duplicates(trails []trailFinding) []string {
	org := false
	for _, t := range trails {
		if t.Organization && t.ManagementEvents != "none" {
			org = true
		}
	}
	var out []string
	first := map[string]bool{}
	for _, t := range trails {
		if t.Organization || t.ManagementEvents == "none" {
			continue
		}
		switch {
		case org:
			out = append(out, fmt.Sprintf("%s trail %s records %s management events again beside the organization trail: a paid copy", t.Account, t.Name, t.ManagementEvents))
		case first[t.Account]:
			out = append(out, fmt.Sprintf("%s trail %s records %s management events again beside the account's first trail: a paid copy", t.Account, t.Name, t.ManagementEvents))
		default:
			first[t.Account] = true
		}
	}
	return out
}
