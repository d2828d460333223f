package awscollect

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// enginePlan renders the SQL and estimates the scan and its cost.
func (r *run) enginePlan(e *EngineOptions, org *Org, cells map[cellKey]*cell, listingGaps int) (*EnginePlan, error) {
	p := &EnginePlan{Engine: e.Engine, ScanBytes: -1, CostUSD: -1}
	var err error
	if e.Engine == EngineLake {
		if p.Query, err = LakeSQL(e.EventDataStore, r.o.Start, r.o.End); err != nil {
			return nil, err
		}
	} else {
		tables := []string{e.Table}
		if e.Table == "" {
			if tables, p.DDL, err = r.athenaTables(e, org); err != nil {
				return nil, err
			}
		}
		if p.Query, err = AggregateSQL(e.Database, tables, r.o.Start, r.o.End); err != nil {
			return nil, err
		}
	}
	book, err := pricing.ForRegion(e.Region)
	if err != nil {
		book, _ = pricing.ForRegion(globalRegion)
	}
	price, err := newScanPrice(book, e.Engine)
	if err != nil {
		return nil, err
	}
	p.Rate = price.describe
	source := "bucket listing"
	if r.o.Inventory != "" {
		source = "S3 Inventory report"
	}
	switch {
	case cells == nil:
		p.ScanBasis = "unknown: no listing or inventory of the trail bucket (give --trail-bucket with s3 in --sources, or --inventory)"
	case listingGaps > 0:
		p.ScanBasis = fmt.Sprintf("unknown: the %s has %d gap(s)", source, listingGaps)
	default:
		var stored int64
		for _, c := range cells {
			stored += c.storedBytes
		}
		p.ScanBytes = price.scanned(stored)
		p.ScanBasis = fmt.Sprintf("the %s's %s stored (gzip) in the period%s", source, size(stored), price.basis)
		p.CostUSD = price.cost(p.ScanBytes)
	}
	return p, nil
}

// scanPrice prices the bytes a query scans, from the price book.
type scanPrice struct {
	perUnit, unitBytes, minBytes, ratio float64
	describe, basis                     string
}

func newScanPrice(b *pricing.Book, engine string) (*scanPrice, error) {
	if engine == EngineLake {
		rate, err := b.Rate("lake.query")
		if err != nil {
			return nil, err
		}
		gb, err1 := b.Fact("billing_gb_bytes_cloudtrail_lake")
		ratio, err2 := b.Fact("lake_compression_ratio")
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("price book %s: the CloudTrail Lake facts are missing", b.ID)
		}
		return &scanPrice{perUnit: rate.Price, unitBytes: gb.Value, ratio: ratio.Value,
			describe: fmt.Sprintf("%g USD per GB scanned (lake.query, price book %s)", rate.Price, b.ID),
			basis:    fmt.Sprintf(", times %g for the uncompressed events Lake scans at most (lake_compression_ratio)", ratio.Value)}, nil
	}
	rate, err := b.Rate("athena.query")
	if err != nil {
		return nil, err
	}
	min, err := b.Fact("athena_min_query_bytes")
	if err != nil {
		return nil, err
	}
	return &scanPrice{perUnit: rate.Price, unitBytes: 1 << 40, minBytes: min.Value, ratio: 1,
		describe: fmt.Sprintf("%g USD per TB scanned, at least 10 MB a query (athena.query, price book %s)", rate.Price, b.ID),
		basis:    " (Athena reads each gzip object whole)"}, nil
}

func (s *scanPrice) scanned(stored int64) int64 { return int64(math.Round(float64(stored) * s.ratio)) }

// cost of a scan: Athena rounds up to the next MB with a 10 MB minimum.
func (s *scanPrice) cost(bytes int64) float64 {
	b := float64(bytes)
	if s.minBytes > 0 {
		b = math.Max(math.Ceil(b/(1<<20))*(1<<20), s.minBytes)
	}
	return s.perUnit * b / s.unitBytes
}

// athenaTables are the engine's own tables, one per layout, named after a
// digest of their definition: a change of accounts, regions or location
// makes a new table, never a stale one read as current.
func (r *run) athenaTables(e *EngineOptions, org *Org) (tables, ddl []string, err error) {
	layouts := []string{e.Layout}
	if e.Layout == LayoutBoth {
		layouts = []string{LayoutOrganization, LayoutAccount}
	}
	accounts := make([]string, 0, len(org.Accounts))
	for _, a := range org.Accounts {
		accounts = append(accounts, a.ID)
	}
	regions := r.o.Regions
	if len(regions) == 0 {
		regions = commercialRegions()
	}
	if r.o.Bucket == "" {
		return nil, nil, fmt.Errorf("athena: the trail bucket is needed to create the table (or give an existing table)")
	}
	for _, layout := range layouts {
		loc, err := TableLocation(r.o.Bucket, r.o.BucketPrefix, layout, org.ID)
		if err != nil {
			return nil, nil, err
		}
		t := AthenaTable{Database: e.Database, Location: loc, Accounts: sortedCopy(accounts), Regions: sortedCopy(regions)}
		sum := sha256.Sum256([]byte(t.Location + "|" + strings.Join(t.Accounts, ",") + "|" + strings.Join(t.Regions, ",")))
		t.Table = fmt.Sprintf("trailwise_cloudtrail_%s_%x", map[string]string{LayoutOrganization: "org", LayoutAccount: "acct"}[layout], sum[:4])
		sql, err := CreateTableSQL(t)
		if err != nil {
			return nil, nil, err
		}
		tables, ddl = append(tables, t.Table), append(ddl, sql)
	}
	return tables, ddl, nil
}

// commercialRegions are the aws partition's regions the bill names.
func commercialRegions() []string {
	var out []string
	for _, r := range pricing.BillingRegions() {
		if !strings.HasPrefix(r, "us-gov-") && !strings.HasPrefix(r, "cn-") {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// guard refuses a query estimated above the cap, or not estimated, unless
// the run is confirmed.
func guard(p *EnginePlan, e *EngineOptions) error {
	if e.Confirmed {
		return nil
	}
	if p.CostUSD < 0 {
		return fmt.Errorf("%s: the scan cannot be estimated (%s): confirm to run anyway", e.Engine, p.ScanBasis)
	}
	if p.CostUSD > e.MaxScanCostUSD {
		return fmt.Errorf("%s: the query would scan about %s, %.2f USD at %s, above the cap of %.2f USD: confirm, or raise the cap", e.Engine, size(p.ScanBytes), p.CostUSD, p.Rate, e.MaxScanCostUSD)
	}
	return nil
}

// runEngine creates the tables, runs the query and hands its rows to add
// as each page of them arrives.
func (r *run) runEngine(ctx context.Context, e *EngineOptions, p *EnginePlan, rep *EngineReport, add func(resultRow) error) error {
	if e.Engine == EngineLake {
		c, err := r.lakeClient(ctx, e)
		if err != nil {
			return err
		}
		id, scanned, err := runLake(ctx, c, e, p.Query)
		rep.QueryID = id
		if err != nil {
			return err
		}
		rep.ScannedBytes = scanned
		rep.Rows, err = lakeRows(ctx, c, id, add)
		return err
	}
	c, err := r.athenaClient(ctx, e)
	if err != nil {
		return err
	}
	for _, ddl := range p.DDL {
		if _, _, err := runAthena(ctx, c, e, ddl); err != nil {
			return fmt.Errorf("creating the table: %w", err)
		}
	}
	id, scanned, err := runAthena(ctx, c, e, p.Query)
	rep.QueryID = id
	if err != nil {
		return err
	}
	rep.ScannedBytes = scanned
	rep.Rows, err = athenaRows(ctx, c, id, add)
	return err
}

// engineColumns are the count columns both queries return, in the
// dataset's order; Athena adds event_bytes and log_files.
var engineColumns = []string{"management_read_events", "management_write_events", "data_events", "network_events", "insights_events", "aggregated_events"}

// engineNotes says what a reader of an engine's dataset should know, and
// makes a gap of every account and region whose log files the listing saw
// but the query did not count (a region the table does not project, most
// likely).
func (r *run) engineNotes(res *Result, e *EngineOptions, skipped int, cells map[cellKey]*cell) {
	if skipped > 0 {
		r.notef("%d result rows skipped: accounts not in the organization now, or days outside the period", skipped)
	}
	if e.Engine == EngineAthena {
		r.notef("events, log files and event bytes come from one Athena query; event_bytes rebuilds each record's length from the table's columns (close to, not exactly, the bytes the log scanner counts)")
	} else {
		r.notef("events come from one CloudTrail Lake query; Lake holds no log files: event_bytes are estimated at %.0f bytes an event%s", r.o.BytesPerEvent, map[bool]string{true: ", log_files and stored_bytes come from the listing", false: ""}[cells != nil])
	}
	missed := map[[2]string]int64{}
	for k, c := range cells {
		if !c.counted && c.logFiles > 0 {
			missed[[2]string{k.account, k.region}] += c.logFiles
		}
	}
	for k, n := range missed {
		res.Dataset.Gaps = append(res.Dataset.Gaps, model.Gap{Account: k[0], Region: k[1], Source: map[string]string{EngineAthena: SourceAthena, EngineLake: SourceLake}[e.Engine],
			Reason: fmt.Sprintf("the listing saw %d log files the query did not count (is the region in the table?)", n)})
	}
}

// count reads a non-negative integer column; a missing column is 0 unless
// it is required.
func count(row resultRow, col string, required bool) (int64, error) {
	s, ok := row.get(col)
	if !ok || s == "" {
		if required {
			return 0, fmt.Errorf("column %s: expected a count, got none", col)
		}
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("column %s: expected a count, got %q", col, s)
	}
	return v, nil
}

// newCost prices the bytes the engine says it scanned.
func newCost(p *EnginePlan, scanned int64, region string) float64 {
	book, err := pricing.ForRegion(region)
	if err != nil {
		book, _ = pricing.ForRegion(globalRegion)
	}
	price, err := newScanPrice(book, p.Engine)
	if err != nil {
		return -1
	}
	return price.cost(scanned)
}
