package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/trailwise/trailwise/collect/awscollect"
)

// engineFlags are collect's flags for counting events where the data lives
// (Athena over the trail bucket, or a CloudTrail Lake event data store).
type engineFlags struct {
	Engine                   string
	TrailBucket, TrailPrefix string
	Layout                   string
	Workgroup, Database      string
	Table, Output            string
	EventDataStore           string
	Region                   string
	MaxScanCost              float64
	Yes                      bool
	Endpoint                 string
	poll                     time.Duration // tests
}

func addEngineFlags(f *pflag.FlagSet, e *engineFlags) {
	f.StringVar(&e.Engine, "engine", "", "AWS: count every event with one query where the data lives: athena (over the trail bucket) or lake (a CloudTrail Lake event data store)")
	f.StringVar(&e.TrailBucket, "trail-bucket", "", "engine: the organization trail's bucket (the table's location; its listing gives stored bytes and the scan estimate)")
	f.StringVar(&e.TrailPrefix, "trail-prefix", "", "engine: the trail's S3 key prefix, if any")
	f.StringVar(&e.Layout, "trail-layout", "organization", "athena: the bucket's layout: organization (AWSLogs/<org-id>/<account>/), account (AWSLogs/<account>/) or both")
	f.StringVar(&e.Workgroup, "athena-workgroup", "primary", "athena: the workgroup to run in")
	f.StringVar(&e.Database, "athena-database", "default", "athena: the Glue database the table lives in")
	f.StringVar(&e.Table, "athena-table", "", "athena: a CloudTrail table you made (see docs/collecting.md); default: collect creates one")
	f.StringVar(&e.Output, "athena-output", "", "athena: where Athena writes query results, s3://BUCKET/PREFIX/ (default: the workgroup's); lake: where Lake delivers them, if anywhere")
	f.StringVar(&e.EventDataStore, "lake-store", "", "lake: the event data store's ARN (or id, with --engine-region)")
	f.StringVar(&e.Region, "engine-region", "", "engine: the region Athena runs in (default: --bucket-region, else the configuration's)")
	f.Float64Var(&e.MaxScanCost, "max-scan-cost", 1, "engine: refuse a query estimated to cost more than this many USD (or not estimated) unless --yes")
	f.BoolVar(&e.Yes, "yes", false, "engine: run the query whatever the estimate says")
	f.StringVar(&e.Endpoint, "engine-endpoint-url", "", "engine: Athena or CloudTrail Lake endpoint (tests, proxies)")
	_ = f.MarkHidden("engine-endpoint-url")
}

// engineOptions checks the engine flags and turns them into the
// collector's options; the trail bucket and prefix also go to the listing.
func (e *engineFlags) options(lo *awscollect.Options) (awscollect.EngineOptions, error) {
	eo := awscollect.EngineOptions{Engine: e.Engine, Workgroup: e.Workgroup, Database: e.Database, Table: e.Table,
		Output: e.Output, Layout: e.Layout, EventDataStore: e.EventDataStore, Region: e.Region,
		MaxScanCostUSD: e.MaxScanCost, Confirmed: e.Yes, Endpoint: e.Endpoint, PollInterval: e.poll}
	checks := []struct {
		flag, value string
		check       func(string) error
	}{
		{"--trail-bucket", e.TrailBucket, awscollect.ValidateBucket},
		{"--trail-prefix", e.TrailPrefix, awscollect.ValidatePrefix},
		{"--athena-database", e.Database, awscollect.ValidateName},
		{"--athena-table", e.Table, awscollect.ValidateName},
		{"--athena-workgroup", e.Workgroup, awscollect.ValidateWorkgroup},
		{"--athena-output", e.Output, func(s string) error { _, _, err := awscollect.ParseS3URL(s); return err }},
	}
	for _, c := range checks {
		if c.value != "" {
			if err := c.check(c.value); err != nil {
				return eo, usageError{fmt.Errorf("%s: %w", c.flag, err)}
			}
		}
	}
	switch {
	case e.Engine != awscollect.EngineAthena && e.Engine != awscollect.EngineLake:
		return eo, usageError{fmt.Errorf("--engine: expected athena or lake, got %q", e.Engine)}
	case e.Engine == awscollect.EngineLake && e.EventDataStore == "":
		return eo, usageError{errors.New("--engine lake needs --lake-store ARN")}
	case e.Engine == awscollect.EngineAthena && e.Table == "" && e.TrailBucket == "" && lo.Bucket == "":
		return eo, usageError{errors.New("--engine athena needs --trail-bucket (where the table reads the logs) or --athena-table (a table you made)")}
	case e.MaxScanCost < 0:
		return eo, usageError{fmt.Errorf("--max-scan-cost: expected 0 or more USD, got %g", e.MaxScanCost)}
	}
	if e.MaxScanCost == 0 {
		eo.MaxScanCostUSD = 1e-12 // 0 means: refuse anything that costs
	}
	if e.TrailBucket != "" {
		lo.Bucket, lo.BucketPrefix = e.TrailBucket, e.TrailPrefix
	}
	// The engine counts events: the listing is for stored bytes only.
	lo.Sources = awscollect.Sources{S3Listing: lo.Sources.S3Listing && (lo.Bucket != "" || lo.Inventory != "")}
	return eo, nil
}

// runCollectEngine collects through Athena or CloudTrail Lake.
func runCollectEngine(o *collectOptions, lo awscollect.Options, stdout, stderr io.Writer) (bool, error) {
	eo, err := o.AWS.Engine.options(&lo)
	if err != nil {
		return false, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, rep, err := awscollect.CollectEngine(ctx, lo, eo, o.AWS.DryRun)
	if rep != nil && (o.AWS.DryRun || err != nil) {
		writeEnginePlan(stdoutOrErr(o.AWS.DryRun, stdout, stderr), rep.Plan)
	}
	if err != nil {
		if strings.Contains(err.Error(), "confirm") {
			return false, fmt.Errorf("%w (--yes, or a larger --max-scan-cost)", err)
		}
		return false, err
	}
	if o.AWS.DryRun {
		return false, nil
	}
	if err := writeDataset(o.Out, stdout, res.Dataset); err != nil {
		return false, err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stderr, "trailwise: note: "+oneLine(n))
	}
	fmt.Fprintf(stderr, "trailwise: %s query %s scanned %s, %.4f USD; %d result rows\n", eo.Engine, rep.QueryID, engineSize(rep.ScannedBytes), rep.CostUSD, rep.Rows)
	fmt.Fprintln(stderr, "trailwise: "+collectSummary(res.Dataset, o.Out))
	return !res.Complete, nil
}

func stdoutOrErr(dry bool, stdout, stderr io.Writer) io.Writer {
	if dry {
		return stdout
	}
	return stderr
}

// writeEnginePlan prints the SQL a run sends and what it would cost.
func writeEnginePlan(w io.Writer, p awscollect.EnginePlan) {
	for _, ddl := range p.DDL {
		fmt.Fprintf(w, "-- table (created once; Glue catalog, no data written)\n%s\n", strings.TrimSpace(ddl))
	}
	fmt.Fprintf(w, "-- query\n%s\n", strings.TrimSpace(p.Query))
	if p.ScanBytes < 0 {
		fmt.Fprintf(w, "estimated scan: %s\n", p.ScanBasis)
		fmt.Fprintf(w, "estimated cost: unknown, at %s\n", p.Rate)
		return
	}
	fmt.Fprintf(w, "estimated scan: %s, from %s\n", engineSize(p.ScanBytes), p.ScanBasis)
	fmt.Fprintf(w, "estimated cost: %.4f USD, at %s\n", p.CostUSD, p.Rate)
}

func engineSize(b int64) string {
	switch {
	case b >= 1<<40:
		return fmt.Sprintf("%.2f TiB", float64(b)/(1<<40))
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", b)
}
