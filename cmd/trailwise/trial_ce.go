package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/model"
)

// ceTrialOptions read a trial's usage straight from Cost Explorer.
type ceTrialOptions struct {
	FromCostExplorer bool
	Start, End       string
	Profile          string
	MaxCERequests    int
	DryRun           bool
	// EndpointURL overrides the Organizations and Cost Explorer endpoints
	// (a proxy, a VPC endpoint, a local stand-in).
	EndpointURL string
}

// trialUsageFromCE reads the trial's usage from Cost Explorer through the
// collectors (Organizations, then GetCostAndUsage of "AWS CloudTrail" and
// "Amazon Security Lake", daily, grouped by LINKED_ACCOUNT and USAGE_TYPE),
// with their guard: every page a paid request, counted and capped, answers
// cached on disk. The collectors sum the usage over the days per account,
// region and usage type; the projection needs no more (each account's mean
// over the trial's days). It returns nil rows after a dry run.
func trialUsageFromCE(o *ceTrialOptions, strategy string, errw io.Writer) ([]model.TrialUsage, error) {
	if strategy == model.CloudWatchLogs {
		return nil, usageError{fmt.Errorf("--from-cost-explorer: the Cost Explorer reader asks for %s only, not CloudWatch Logs; export the usage types 'trial plan' lists to a CSV and give --usage", strings.Join(awscollect.CEServices, " and "))}
	}
	if o.Start == "" || o.End == "" {
		return nil, usageError{fmt.Errorf("--from-cost-explorer needs --start and --end, the trial's first and last days (YYYY-MM-DD)")}
	}
	ctx := context.Background()
	cfg, err := awscollect.LoadConfig(ctx, o.Profile, "us-east-1")
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	opts := awscollect.Options{
		Config: cfg, Sources: awscollect.Sources{CostExplorer: true},
		Start: o.Start, End: o.End, MaxCERequests: o.MaxCERequests,
		Endpoints: awscollect.Endpoints{Organizations: o.EndpointURL, CostExplorer: o.EndpointURL},
	}
	if o.DryRun {
		plan, err := awscollect.DryRun(ctx, opts)
		if err != nil {
			return nil, err
		}
		ce := plan.CostExplorer
		fmt.Fprintf(errw, "Cost Explorer, %s..%s: about %d page(s), %d cached; %d paid request(s), %.2f USD (cap %d). %s\n",
			o.Start, o.End, ce.ExpectedPages, ce.CachedPages, ce.Requests, ce.CostUSD, ce.Cap, ce.Assumption)
		return nil, nil
	}
	res, err := awscollect.Collect(ctx, opts)
	if err != nil {
		return nil, err
	}
	ce := res.CostExplorer
	fmt.Fprintf(errw, "Cost Explorer: %d paid request(s), %.2f USD; %d page(s) from the cache.\n", ce.Requests, ce.CostUSD, ce.CachedPages)
	if ce.Capped {
		return nil, fmt.Errorf("Cost Explorer: stopped at --max-ce-requests %d before the last page (days from %s not read completely); raise the cap: pages already read are cached and cost nothing again", o.MaxCERequests, ce.CompleteBefore)
	}
	for _, g := range res.Dataset.Gaps {
		if g.Source == awscollect.SourceCostExplorer {
			return nil, fmt.Errorf("Cost Explorer: %s", g.Reason)
		}
	}
	var rows []model.TrialUsage
	for _, e := range res.Extras {
		q := e.Quantity
		switch strings.ToLower(e.Unit) {
		case "gb", "":
		case "bytes":
			q /= model.GiB
		default:
			if strings.HasSuffix(e.UsageType, "-Bytes") {
				return nil, fmt.Errorf("Cost Explorer: usage type %s in %q; expected GB", e.UsageType, e.Unit)
			}
		}
		rows = append(rows, model.TrialUsage{Day: o.Start, Account: e.Account, UsageType: e.UsageType, Quantity: q, Cost: e.CostUSD})
	}
	return rows, nil
}
