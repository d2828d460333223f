package main

import (
	"context"
	"fmt"
	"io"
	"slices"
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
	// FromBillingExport reads the usage from an export instead
	// (trialUsageFromExport).
	FromBillingExport string
	// EndpointURL overrides the Organizations and Cost Explorer endpoints
	// (a proxy, a VPC endpoint, a local stand-in).
	EndpointURL string
}

// trialUsageFromCE reads the trial's usage from Cost Explorer through the
// collectors (Organizations, then GetCostAndUsage of the strategy's service,
// daily, grouped by LINKED_ACCOUNT and USAGE_TYPE), with their guard: every
// page a paid request, counted and capped, answers cached on disk. The rows
// keep their days, as a CSV export does. It returns nil rows after a dry
// run.
func trialUsageFromCE(o *ceTrialOptions, strategy string, errw io.Writer) ([]model.TrialUsage, error) {
	if o.Start == "" || o.End == "" {
		return nil, usageError{fmt.Errorf("--from-cost-explorer needs --start and --end, the trial's first and last days (YYYY-MM-DD)")}
	}
	ctx := context.Background()
	cfg, err := loadAWSConfig(ctx, o.Profile, "us-east-1")
	if err != nil {
		return nil, err
	}
	opts := awscollect.Options{
		Config: cfg, Sources: awscollect.Sources{CostExplorer: true},
		CEServices: trialServices(strategy), ExtrasByDay: true,
		Start: o.Start, End: o.End, MaxCERequests: o.MaxCERequests, Rates: requestRates(),
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
	rows, logs, err := awscollect.TrialUsage(res)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(strategy, model.CloudWatchLogs) && logs > 0 {
		fmt.Fprintf(errw, "Cost Explorer: DataProcessing-Bytes (and its IA and vended kin) is all of an account's CloudWatch Logs ingestion, not only its trail's; %d account(s) have some, and each counts as a trial account.\n", logs)
	}
	return rows, nil
}

// trialServices are the Cost Explorer services a strategy's trial is billed
// under (the services of the usage types 'trial plan' lists, the volume
// check aside): "Amazon Security Lake", "AWS CloudTrail" for CloudTrail
// Lake, and CloudWatch's "AmazonCloudWatch" (awscollect.CloudWatchService
// says what that value rests on). Asking for these alone keeps the pages,
// and the paid requests, to what the projection reads.
func trialServices(strategy string) []string {
	var out []string
	for _, u := range model.TrialUsageTypes(strategy, model.DefaultScenario()) {
		if u.Component != "reference" && !slices.Contains(out, u.Service) {
			out = append(out, u.Service)
		}
	}
	return out
}

// trialUsageFromExport reads the trial's usage from a billing export (a
// file, a folder or s3://BUCKET/PREFIX; see 'collect --help'), day by day,
// through the mapping Cost Explorer's rows go through: free, and over every
// day the export holds unless --start and --end are given.
func trialUsageFromExport(o *ceTrialOptions, strategy string, errw io.Writer) ([]model.TrialUsage, error) {
	ctx := context.Background()
	bo := awscollect.BillingExportOptions{Path: o.FromBillingExport, Start: o.Start, End: o.End, ExtrasByDay: true, UsageOnly: true, Services: trialServices(strategy),
		CloudWatch: slices.Contains(trialServices(strategy), awscollect.CloudWatchService), S3Endpoint: o.EndpointURL,
		Note: func(s string) { fmt.Fprintln(errw, "trailwise: note: "+oneLine(s)) }}
	if strings.HasPrefix(bo.Path, "s3://") {
		cfg, err := loadAWSConfig(ctx, o.Profile, "us-east-1")
		if err != nil {
			return nil, err
		}
		bo.Config = cfg
	}
	res, err := awscollect.FromBillingExport(ctx, bo)
	if err != nil {
		return nil, err
	}
	rows, logs, err := awscollect.TrialUsage(res)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.FromBillingExport, err)
	}
	if strategy == model.CloudWatchLogs && logs > 0 {
		fmt.Fprintf(errw, "billing export: DataProcessing-Bytes is all of an account's CloudWatch Logs ingestion, not only its trail's; %d account(s) have some, and each counts as a trial account.\n", logs)
	}
	return rows, nil
}
