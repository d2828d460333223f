package awscollect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/costexplorer"
	"github.com/aws/aws-sdk-go-v2/service/costexplorer/types"
	"github.com/trailwise/trailwise/model"
)

// CERequestUSD is what one Cost Explorer API request costs (every page is a
// request).
const CERequestUSD = 0.01

// CEServices are the SERVICE values the Cost Explorer collector asks for
// by default (Options.CEServices), sorted.
var CEServices = []string{"AWS CloudTrail", "Amazon Security Lake"}

// CloudWatchService is CloudWatch's value of Cost Explorer's SERVICE
// dimension, which CloudWatch Logs' usage types (DataProcessing-Bytes,
// TimedStorage-ByteHrs) are billed under. AWS's CloudWatch billing page
// ("Analyze CloudWatch cost and usage data with Cost Explorer") names the
// console's filter "CloudWatch" and the usage types as <Region>-<Feature>,
// and AWS's knowledge-center article on CloudWatch charges lists
// <region>-DataProcessing-Bytes and <region>-VendedLog-Bytes (PutLogEvents)
// and <region>-TimedStorage-ByteHrs (HourlyStorageMetering); no AWS page
// read spells the API's value. "AmazonCloudWatch" is CloudWatch's service
// code in the Cost and Usage Report and the value public scripts filter
// GetCostAndUsage with. Cost Explorer does not reject an unknown value, it
// answers nothing: GetDimensionValues of SERVICE lists the values an
// account really has.
const CloudWatchService = "AmazonCloudWatch"

// CEGroupsPerPage is the page size the dry-run assumes. AWS does not
// document GetCostAndUsage's page size; the request cap bounds the cost
// whatever it is.
const CEGroupsPerPage = 1000

// ceRow is one group of one day, as cached.
type ceRow struct {
	Day       string  `json:"day"`
	Account   string  `json:"account"`
	UsageType string  `json:"usage_type"`
	Quantity  float64 `json:"quantity"`
	Cost      float64 `json:"cost"`
	Unit      string  `json:"unit,omitempty"`
}

// cePage is one GetCostAndUsage answer, as cached.
type cePage struct {
	Rows []ceRow `json:"rows"`
	Next string  `json:"next,omitempty"`
	// Estimated is true when AWS marked a day of the page as estimated
	// (the bill not final yet); FetchedAt says when it was asked.
	Estimated bool   `json:"estimated,omitempty"`
	FetchedAt string `json:"fetched_at,omitempty"`
}

// CEReport says what the Cost Explorer collector spent and read.
type CEReport struct {
	Requests    int     // paid requests sent in this run (retries included)
	CachedPages int     // pages answered from the cache, free
	CostUSD     float64 // Requests × 0.01
	Capped      bool    // the request cap stopped it before the last page
	// CompleteBefore is the first day not fully read when Capped.
	CompleteBefore string
	// StaleEstimates is true when a cached page holds estimated figures.
	StaleEstimates bool
}

// ceKey is what identifies a request: the same key, the same answer.
type ceKey struct {
	Version     int      `json:"v"`
	Payer       string   `json:"payer"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
	Services    []string `json:"services"`
	Granularity string   `json:"granularity"`
	Metrics     []string `json:"metrics"`
	GroupBy     []string `json:"group_by"`
	Token       string   `json:"token"`
}

func (k ceKey) hash() string {
	b, _ := json.Marshal(k)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (r *run) ceKey(token string) ceKey {
	return ceKey{
		Version: 1, Payer: r.o.managementAccount, Start: r.o.Start, End: dayAfter(r.o.End),
		Services: r.o.CEServices, Granularity: "DAILY", Metrics: []string{"UsageQuantity", "UnblendedCost"},
		GroupBy: []string{"LINKED_ACCOUNT", "USAGE_TYPE"}, Token: token,
	}
}

func dayAfter(day string) string {
	t, _ := model.ParseDay(day)
	return t.AddDate(0, 0, 1).Format(model.DayLayout)
}

func (r *run) cachePath(k ceKey) string {
	return filepath.Join(r.o.CacheDir, "ce-"+k.hash()+".json")
}

func (r *run) cached(k ceKey) (*cePage, bool) {
	if r.o.NoCache {
		return nil, false
	}
	b, err := os.ReadFile(r.cachePath(k))
	if err != nil {
		return nil, false
	}
	var p cePage
	if json.Unmarshal(b, &p) != nil {
		return nil, false
	}
	return &p, true
}

func (r *run) store(k ceKey, p *cePage) error {
	if r.o.NoCache {
		return nil
	}
	// The cache holds the organization's accounts and usage: the owner's
	// alone, like the checkpoints.
	if err := os.MkdirAll(r.o.CacheDir, 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	tmp := r.cachePath(k) + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, r.cachePath(k)); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// collectCE reads daily usage of the services asked for (CEServices by
// default: CloudTrail and Security Lake) per linked account and usage type, page by page, from the cache where it can and
// from the API until the request cap.
func (r *run) collectCE(ctx context.Context, sink func(ceRow)) (CEReport, []model.Gap) {
	var rep CEReport
	var gaps []model.Gap
	ce := r.clients.costExplorer()
	// Pages come in day order and may cut a day anywhere: rows are passed
	// on once a later day shows up, so only the last day's wait here, and a
	// capped run drops them (that day may be incomplete). Memory holds a
	// page and a day, however long the period.
	var pending []ceRow
	pendingDay := ""
	take := func(row ceRow) {
		if row.Day > pendingDay {
			for _, p := range pending {
				sink(p)
			}
			pending, pendingDay = pending[:0], row.Day
		}
		if row.Day < pendingDay {
			sink(row)
			return
		}
		pending = append(pending, row)
	}
	token := ""
	for {
		k := r.ceKey(token)
		p, ok := r.cached(k)
		if ok {
			rep.CachedPages++
			if p.Estimated {
				rep.StaleEstimates = true
				r.notef("a Cost Explorer page cached at %s holds figures AWS marked as estimated; a run without the cache would ask again", p.FetchedAt)
			}
		} else {
			left := r.o.MaxCERequests - rep.Requests
			if left <= 0 {
				rep.Capped = true
				break
			}
			before := r.meter.count("ce:GetCostAndUsage")
			page, err := r.fetchCE(ctx, ce, token, left)
			rep.Requests += r.meter.count("ce:GetCostAndUsage") - before
			if err != nil {
				gaps = append(gaps, model.Gap{Source: SourceCostExplorer, Reason: "GetCostAndUsage: " + reason(err)})
				rep.Capped = true
				break
			}
			if err := r.store(k, page); err != nil {
				r.notef("Cost Explorer cache not written: %v", err)
			}
			p = page
		}
		for _, row := range p.Rows {
			take(row)
		}
		if p.Next == "" {
			break
		}
		token = p.Next
	}
	rep.CostUSD = float64(rep.Requests) * CERequestUSD
	if !rep.Capped {
		for _, p := range pending {
			sink(p)
		}
		return rep, gaps
	}
	rep.CompleteBefore = r.o.Start
	if pendingDay != "" {
		rep.CompleteBefore = pendingDay
	}
	if len(gaps) == 0 {
		gaps = append(gaps, model.Gap{Source: SourceCostExplorer, Reason: fmt.Sprintf(
			"request cap of %d reached: days from %s to %s not read from Cost Explorer (raise the cap; answers already paid for are cached)",
			r.o.MaxCERequests, rep.CompleteBefore, r.o.End)})
	}
	return rep, gaps
}

func (r *run) fetchCE(ctx context.Context, ce *costexplorer.Client, token string, attempts int) (*cePage, error) {
	in := &costexplorer.GetCostAndUsageInput{
		TimePeriod:  &types.DateInterval{Start: aws.String(r.o.Start), End: aws.String(dayAfter(r.o.End))},
		Granularity: types.GranularityDaily,
		Metrics:     []string{"UsageQuantity", "UnblendedCost"},
		GroupBy: []types.GroupDefinition{
			{Type: types.GroupDefinitionTypeDimension, Key: aws.String("LINKED_ACCOUNT")},
			{Type: types.GroupDefinitionTypeDimension, Key: aws.String("USAGE_TYPE")},
		},
		Filter: &types.Expression{Dimensions: &types.DimensionValues{Key: types.DimensionService, Values: r.o.CEServices}},
	}
	if token != "" {
		in.NextPageToken = aws.String(token)
	}
	out, err := ce.GetCostAndUsage(ctx, in, func(o *costexplorer.Options) {
		// Retries are requests too: never let them pass the cap.
		o.RetryMaxAttempts = min(attempts, r.o.MaxAttempts)
	})
	if err != nil {
		return nil, err
	}
	p := &cePage{Next: aws.ToString(out.NextPageToken), FetchedAt: time.Now().UTC().Format(time.RFC3339)}
	for _, rt := range out.ResultsByTime {
		if rt.TimePeriod == nil {
			continue
		}
		p.Estimated = p.Estimated || rt.Estimated
		day := aws.ToString(rt.TimePeriod.Start)
		for _, g := range rt.Groups {
			if len(g.Keys) != 2 {
				continue
			}
			row := ceRow{Day: day, Account: g.Keys[0], UsageType: g.Keys[1]}
			if m, ok := g.Metrics["UsageQuantity"]; ok {
				row.Quantity, _ = strconv.ParseFloat(aws.ToString(m.Amount), 64)
				row.Unit = aws.ToString(m.Unit)
			}
			if m, ok := g.Metrics["UnblendedCost"]; ok {
				row.Cost, _ = strconv.ParseFloat(aws.ToString(m.Amount), 64)
			}
			p.Rows = append(p.Rows, row)
		}
	}
	return p, nil
}

// CEPlan is what a dry run expects the Cost Explorer collector to spend.
type CEPlan struct {
	ExpectedPages int     // pages the period is expected to take (an estimate)
	CachedPages   int     // of them, pages already in the cache (free)
	Requests      int     // paid requests expected, at most the cap
	CostUSD       float64 // Requests × 0.01
	Cap           int
	Assumption    string
}

// planCE estimates the pages: one group per account, region and mapped
// usage type each day, CEGroupsPerPage groups a page. It walks the cache
// for pages already paid for.
func (r *run) planCE(accounts, regions int) CEPlan {
	days := (model.Period{Start: r.o.Start, End: r.o.End}).Days()
	regionsNote := ""
	if len(r.o.Regions) == 0 {
		// The regions in use are what Cost Explorer would tell.
		regions, regionsNote = 4, " (4 regions assumed: give the regions for a better estimate)"
	}
	perCell := usageTypesAssumed(r.o.CEServices)
	groups := days * accounts * regions * perCell
	p := CEPlan{ExpectedPages: max(1, int(math.Ceil(float64(groups)/CEGroupsPerPage))), Cap: r.o.MaxCERequests}
	p.Assumption = fmt.Sprintf("%d days × %d accounts × %d regions × %d usage types = %d groups, %d a page (an assumption: AWS does not document the page size)%s",
		days, accounts, regions, perCell, groups, CEGroupsPerPage, regionsNote)
	token := ""
	complete := false
	for {
		c, ok := r.cached(r.ceKey(token))
		if !ok {
			break
		}
		p.CachedPages++
		if c.Next == "" {
			complete = true
			break
		}
		token = c.Next
	}
	if complete {
		p.ExpectedPages = p.CachedPages
	}
	p.Requests = min(max(p.ExpectedPages-p.CachedPages, 0), p.Cap)
	p.CostUSD = float64(p.Requests) * CERequestUSD
	return p
}

// usageTypesAssumed is how many usage types an account is assumed to have
// in a region and a day, for the dry run's page estimate: two for
// CloudTrail and Security Lake together (FreeEventsRecorded and one more,
// typically), six for CloudWatch (Logs ingestion and storage beside the
// metrics, alarms and API requests most accounts have), one for any other
// service.
func usageTypesAssumed(services []string) int {
	n, trail := 0, false
	for _, s := range services {
		switch s {
		case "AWS CloudTrail", "Amazon Security Lake":
			trail = true
		case CloudWatchService:
			n += 6
		default:
			n++
		}
	}
	if trail {
		n += 2
	}
	return max(n, 1)
}
