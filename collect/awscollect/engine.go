package awscollect

import (
	"context"
	"fmt"
	"time"

	"github.com/trailwise/trailwise/model"
)

// Engines that count events where the data already lives, and the source
// their rows carry.
const (
	EngineAthena = "athena"
	EngineLake   = "lake"
	SourceAthena = "athena"
	SourceLake   = "cloudtrail-lake"
)

// EngineOptions configure a collection through Athena or CloudTrail Lake.
type EngineOptions struct {
	Engine string // EngineAthena or EngineLake

	// Athena: the workgroup, database and query-result location
	// (s3://BUCKET/PREFIX/) to run in; Table, when set, is a CloudTrail
	// table the user made (its columns and partitions as this package's
	// DDL has them), else the engine creates one per Layout.
	Workgroup, Database, Table, Output string
	Layout                             string // LayoutOrganization (default), LayoutAccount or LayoutBoth

	// EventDataStore is the CloudTrail Lake event data store, by ARN (its
	// account and region are then the ones queried) or id.
	EventDataStore string

	// Region the engine runs in (Athena; Lake without an ARN). Default:
	// the bucket's region, else the configuration's.
	Region string

	// MaxScanCostUSD refuses a query estimated to cost more (default 1);
	// Confirmed runs it anyway, and runs a query whose scan is unknown.
	MaxScanCostUSD float64
	Confirmed      bool

	Endpoint     string        // tests, proxies
	PollInterval time.Duration // between status requests (default 1s)
}

// EnginePlan is what an engine run would do, and what it would cost.
type EnginePlan struct {
	Engine string
	DDL    []string // the tables to create (none with EngineOptions.Table)
	Query  string
	// ScanBytes is the estimated bytes the query scans, -1 when unknown;
	// ScanBasis says where the estimate comes from.
	ScanBytes int64
	ScanBasis string
	// CostUSD is the estimated query cost, -1 when unknown, at Rate.
	CostUSD float64
	Rate    string
}

// EngineReport is what an engine run did.
type EngineReport struct {
	Plan         EnginePlan
	QueryID      string
	ScannedBytes int64   // as the engine reports it
	CostUSD      float64 // of ScannedBytes at the plan's rate
	Rows         int     // result rows read
}

// engineDefaults checks the options and fills the defaults.
func (e *EngineOptions) defaults(o *Options) error {
	if e.Region == "" {
		e.Region = o.BucketRegion
	}
	if e.Region == "" {
		e.Region = o.Region
	}
	if e.MaxScanCostUSD == 0 {
		e.MaxScanCostUSD = 1
	}
	if e.PollInterval <= 0 {
		e.PollInterval = time.Second
	}
	if e.Layout == "" {
		e.Layout = LayoutOrganization
	}
	switch e.Engine {
	case EngineAthena:
		return e.checkAthena()
	case EngineLake:
		if _, err := StoreID(e.EventDataStore); err != nil {
			return fmt.Errorf("event data store: %w", err)
		}
		if e.Output != "" {
			if _, _, err := ParseS3URL(e.Output); err != nil {
				return fmt.Errorf("query result location: %w", err)
			}
		}
		return nil
	}
	return fmt.Errorf("engine: expected %s or %s, got %q", EngineAthena, EngineLake, e.Engine)
}

func (e *EngineOptions) checkAthena() error {
	if err := ValidateName(e.Database); err != nil {
		return fmt.Errorf("athena database: %w", err)
	}
	if e.Table != "" {
		if err := ValidateName(e.Table); err != nil {
			return fmt.Errorf("athena table: %w", err)
		}
	}
	if e.Workgroup != "" {
		if err := ValidateWorkgroup(e.Workgroup); err != nil {
			return fmt.Errorf("athena workgroup: %w", err)
		}
	}
	if e.Output != "" {
		b, p, err := ParseS3URL(e.Output)
		if err != nil {
			return fmt.Errorf("athena output: %w", err)
		}
		e.Output = "s3://" + b + "/" + p
		if p != "" {
			e.Output += "/"
		}
	}
	switch e.Layout {
	case LayoutOrganization, LayoutAccount, LayoutBoth:
		return nil
	}
	return fmt.Errorf("layout: expected %s, %s or %s, got %q", LayoutOrganization, LayoutAccount, LayoutBoth, e.Layout)
}

// CollectEngine measures the organization's events with one Athena or
// CloudTrail Lake query over the period. The organization comes from
// Organizations; stored bytes and the scan estimate from the bucket
// listing or inventory when Options.Sources.S3Listing is on (without it
// the scan is unknown and only a confirmed run goes ahead). With dryRun it
// stops after the plan. Every row it writes is measured.
func CollectEngine(ctx context.Context, o Options, e EngineOptions, dryRun bool) (*Result, *EngineReport, error) {
	o.SampleFiles = 0 // the engine reads every record
	r, err := newRun(o)
	if err != nil {
		return nil, nil, err
	}
	if err := e.defaults(r.o); err != nil {
		return nil, nil, err
	}
	org, err := collectOrg(ctx, r.clients.organizations())
	if err != nil {
		return nil, nil, err
	}
	r.o.managementAccount = org.ManagementAccount
	res, cells, err := r.engineListing(ctx, org)
	if err != nil {
		return nil, nil, err
	}
	plan, err := r.enginePlan(&e, org, cells, len(res.Dataset.Gaps))
	if err != nil {
		return nil, nil, err
	}
	rep := &EngineReport{Plan: *plan}
	if dryRun {
		return res, rep, nil
	}
	if err := guard(plan, &e); err != nil {
		return nil, rep, err
	}
	rows := r.newEngineRows(res.Dataset, &e, cells)
	if err := r.runEngine(ctx, &e, plan, rep, rows.add); err != nil {
		return nil, rep, err
	}
	if err := rows.finish(res, &e); err != nil {
		return nil, rep, err
	}
	rep.CostUSD = newCost(plan, rep.ScannedBytes, e.Region)
	res.Requests = r.meter.Requests()
	res.Notes = r.notes
	res.Complete = len(res.Dataset.Gaps) == 0
	if err := res.Dataset.Validate(); err != nil {
		return res, rep, fmt.Errorf("collected dataset is not valid: %w", err)
	}
	return res, rep, nil
}

// engineListing starts the dataset and, when asked for, lists the bucket
// (or reads its inventory) for the stored bytes of each account, region
// and day.
func (r *run) engineListing(ctx context.Context, org *Org) (*Result, map[cellKey]*cell, error) {
	ds := newDataset(org, r.o.Start, r.o.End)
	res := &Result{Dataset: ds}
	if !r.o.Sources.S3Listing || r.o.Bucket == "" && r.o.Inventory == "" {
		return res, nil, nil
	}
	var l *listing
	var gaps []model.Gap
	if r.o.Inventory != "" {
		inv, err := r.openInventory(ctx)
		if err != nil {
			return nil, nil, err
		}
		r.inventoryPeriod(inv)
		ds.Period = model.Period{Start: r.o.Start, End: r.o.End}
		if r.o.Bucket == "" {
			r.o.Bucket = inv.m.SourceBucket
		}
		if err := inv.check(r.o.Bucket); err != nil {
			return nil, nil, err
		}
		if l, gaps, err = r.inventoryListing(ctx, inv, org.ID, org.Accounts); err != nil {
			return nil, nil, err
		}
		res.Listing.Inventory, res.Listing.InventoryDate = inv.url(), inv.day
	} else {
		l, gaps = r.listBucket(ctx, org.ID, org.Accounts)
	}
	ds.Gaps = append(ds.Gaps, gaps...)
	res.Listing.Bucket, res.Listing.Objects, res.Listing.Skipped = r.o.Bucket, l.objects, l.digests
	for _, c := range l.cells {
		res.Listing.LogFiles += c.logFiles
	}
	return res, l.cells, nil
}
