package awscollect

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

var engineCols = []string{"account", "region", "day", "management_read_events", "management_write_events", "data_events",
	"network_events", "insights_events", "aggregated_events", "event_bytes", "log_files"}

// athenaAnswer answers the DDL with nothing and the aggregate with rows.
func athenaAnswer(rows [][]string, scanned int64) func(string) fakeaws.QueryAnswer {
	return func(q string) fakeaws.QueryAnswer {
		if strings.HasPrefix(q, "CREATE EXTERNAL TABLE") {
			return fakeaws.QueryAnswer{}
		}
		return fakeaws.QueryAnswer{Columns: engineCols, Rows: rows, Scanned: scanned}
	}
}

func engineOptions(url string) EngineOptions {
	return EngineOptions{Engine: EngineAthena, Workgroup: "primary", Database: "trailwise", Output: "s3://my-results/athena/",
		Endpoint: url, PollInterval: time.Millisecond, MaxScanCostUSD: 1}
}

// periodStored sums the generated log files' sizes in the period: what the
// listing must find, and what Athena would scan.
func periodStored(g fakeaws.Generated) int64 {
	var n int64
	for _, o := range g.Objects {
		if strings.Contains(o.Key, "/CloudTrail/") && (strings.Contains(o.Key, "/2026/10/01/") || strings.Contains(o.Key, "/2026/10/02/") || strings.Contains(o.Key, "/2026/10/03/")) {
			n += int64(len(o.Body))
		}
	}
	return n
}

func TestCollectAthena(t *testing.T) {
	f, g := startFake(t, 8)
	a0, a6 := fakeaws.AccountID(0), fakeaws.AccountID(6)
	rows := [][]string{
		{a0, "eu-west-1", "2026-10-02", "7", "2", "0", "0", "0", "0", "11000", "2"},
		{a0, "us-east-1", "2026-10-01", "100", "25", "3000", "4", "1", "6", "4123456", "2"},
		{"999999999999", "us-east-1", "2026-10-01", "5", "5", "0", "0", "0", "0", "9000", "1"}, // not in the organization
		{a6, "us-east-1", "2026-10-03", "0", "0", "12", "0", "0", "0", "30000", "1"},
	}
	ath := fakeaws.NewAthena(athenaAnswer(rows, 123456789))
	defer ath.Close()
	ath.Throttle("athena:StartQueryExecution", 1)
	ath.Throttle("athena:GetQueryResults", 1)
	o := options(t, f)
	o.Sources = Sources{S3Listing: true}
	o.Bucket = g.Bucket
	res, rep, err := CollectEngine(deadline(t, 20*time.Second), o, engineOptions(ath.URL()), false)
	if err != nil {
		t.Fatal(err)
	}
	// The table over the organization layout, then the aggregate, both in
	// the workgroup, database and output location given.
	qs := ath.Queries()
	if len(qs) != 2 || !strings.Contains(qs[0].Statement, "LOCATION 's3://"+g.Bucket+"/AWSLogs/o-fake12345x/'") || !strings.Contains(qs[1].Statement, "BETWEEN '2026/10/01' AND '2026/10/03'") {
		t.Fatalf("queries %+v", qs)
	}
	for _, q := range qs {
		if q.WorkGroup != "primary" || q.Database != "trailwise" || q.Output != "s3://my-results/athena/" {
			t.Errorf("query ran in %q/%q/%q", q.WorkGroup, q.Database, q.Output)
		}
	}
	// 4 rows over pages of 2 plus the header: 3 pages, one throttled and retried.
	if n := ath.Count("athena:GetQueryResults"); n != 4 {
		t.Errorf("%d GetQueryResults, want 3 pages + 1 throttled", n)
	}
	if ath.Count("athena:GetQueryExecution") < 6 {
		t.Errorf("%d polls: each query is QUEUED, RUNNING, then SUCCEEDED", ath.Count("athena:GetQueryExecution"))
	}
	u := slices.Collect(res.Dataset.Rows())
	if len(u) != 3 || rep.Rows != 4 {
		t.Fatalf("%d rows from %d: %+v", len(u), rep.Rows, u)
	}
	want := model.Usage{Account: a0, Region: "us-east-1", Day: "2026-10-01", ManagementReadEvents: 100, ManagementWriteEvents: 25, DataEvents: 3000,
		NetworkEvents: 4, InsightsEvents: 1, AggregatedEvents: 6, EventBytes: 4123456, LogFiles: 2, Source: "athena", Measured: true}
	got := u[1]
	got.StoredBytes = 0
	if got != want {
		t.Errorf("row\n got %+v\nwant %+v", got, want)
	}
	// Stored bytes from the listing: account 0's two files of us-east-1 on
	// 2026-10-01 (1 and 2 records).
	var stored int64
	for _, ob := range g.Objects {
		if strings.Contains(ob.Key, "/"+a0+"/CloudTrail/us-east-1/2026/10/01/") {
			stored += int64(len(ob.Body))
		}
	}
	if u[1].StoredBytes != stored || stored == 0 {
		t.Errorf("stored bytes %d, want %d", u[1].StoredBytes, stored)
	}
	// The estimate is the period's stored bytes; under 10 MB, Athena's
	// minimum: 5 USD x 10 MiB / 1 TiB = 50/1,048,576 USD.
	if rep.Plan.ScanBytes != periodStored(g) || math.Abs(rep.Plan.CostUSD-50.0/1048576) > 1e-12 {
		t.Errorf("estimate %d bytes (want %d), %g USD", rep.Plan.ScanBytes, periodStored(g), rep.Plan.CostUSD)
	}
	// Scanned as reported: 123,456,789 bytes is 118 MiB rounded up.
	if rep.ScannedBytes != 123456789 || math.Abs(rep.CostUSD-5*118.0/1048576) > 1e-12 {
		t.Errorf("scanned %d, %g USD", rep.ScannedBytes, rep.CostUSD)
	}
	if res.Requests["athena:StartQueryExecution"] != 3 {
		t.Errorf("requests %v", res.Requests)
	}
	// The listing saw files the rows do not hold: gaps, per account and region.
	if len(res.Dataset.Gaps) == 0 || res.Complete {
		t.Errorf("no gap for the files the query missed")
	}
}

func TestCollectAthenaGuards(t *testing.T) {
	f, g := startFake(t, 8)
	ath := fakeaws.NewAthena(athenaAnswer(nil, 0))
	defer ath.Close()
	o := options(t, f)
	o.Sources = Sources{S3Listing: true}
	o.Bucket = g.Bucket
	e := engineOptions(ath.URL())
	e.MaxScanCostUSD = 1e-6 // below the 10 MB minimum's 4.8e-5 USD
	_, rep, err := CollectEngine(deadline(t, 20*time.Second), o, e, false)
	if err == nil || !strings.Contains(err.Error(), "above the cap") || len(ath.Queries()) != 0 {
		t.Fatalf("not refused: %v, %d queries", err, len(ath.Queries()))
	}
	if len(rep.Plan.DDL) != 1 || rep.Plan.Query == "" {
		t.Errorf("plan %+v", rep.Plan)
	}
	// Without the listing the scan is unknown: refused unless confirmed.
	o.Sources = Sources{}
	e.MaxScanCostUSD = 100
	if _, _, err := CollectEngine(deadline(t, 20*time.Second), o, e, false); err == nil || !strings.Contains(err.Error(), "cannot be estimated") {
		t.Fatalf("unknown scan not refused: %v", err)
	}
	e.Confirmed = true
	if _, _, err := CollectEngine(deadline(t, 20*time.Second), o, e, false); err != nil {
		t.Fatal(err)
	}
	// A dry run plans and sends nothing to Athena.
	before := len(ath.Calls())
	_, rep, err = CollectEngine(deadline(t, 20*time.Second), o, e, true)
	if err != nil || len(ath.Calls()) != before || rep.Plan.ScanBytes != -1 {
		t.Errorf("dry run: %v, %d calls, plan %+v", err, len(ath.Calls())-before, rep.Plan)
	}
	// A table of the user's: no DDL, the query reads it.
	e.Table = "my_cloudtrail"
	_, rep, err = CollectEngine(deadline(t, 20*time.Second), o, e, true)
	if err != nil || len(rep.Plan.DDL) != 0 || !strings.Contains(rep.Plan.Query, `FROM "trailwise"."my_cloudtrail"`) {
		t.Errorf("own table: %v, %+v", err, rep.Plan)
	}
}

func TestCollectAthenaFailures(t *testing.T) {
	f, _ := startFake(t, 8)
	o := options(t, f)
	o.Sources = Sources{}
	for _, c := range []struct{ final, fail, want string }{
		{"", "HIVE_BAD_DATA: malformed record", "FAILED: HIVE_BAD_DATA"},
		{"CANCELLED", "", "CANCELLED"},
	} {
		ath := fakeaws.NewAthena(func(string) fakeaws.QueryAnswer { return fakeaws.QueryAnswer{Columns: engineCols, Fail: c.fail} })
		ath.Final = c.final
		e := engineOptions(ath.URL())
		e.Confirmed, e.Table = true, "ct"
		_, _, err := CollectEngine(deadline(t, 20*time.Second), o, e, false)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.want, err)
		}
		ath.Close()
	}
	// An interrupted wait stops the query.
	ath := fakeaws.NewAthena(athenaAnswer(nil, 0))
	defer ath.Close()
	ath.Running = 1 << 30
	e := engineOptions(ath.URL())
	e.Confirmed, e.Table = true, "ct"
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, _, err := CollectEngine(ctx, o, e, false); err == nil || ath.Count("athena:StopQueryExecution") != 1 {
		t.Errorf("interrupted: %v, %d stops", err, ath.Count("athena:StopQueryExecution"))
	}
}

func TestCollectLake(t *testing.T) {
	f, g := startFake(t, 8)
	a2 := fakeaws.AccountID(2)
	cols := []string{"account", "region", "day", "management_read_events", "management_write_events", "data_events", "network_events", "insights_events", "aggregated_events"}
	lake := fakeaws.NewLake(func(string) fakeaws.QueryAnswer {
		return fakeaws.QueryAnswer{Columns: cols, Scanned: 2 << 30, Rows: [][]string{
			{a2, "us-east-1", "2026-10-01", "40", "10", "0", "0", "0", "0"},
			{a2, "us-east-1", "2026-10-02", "8", "2", "100", "0", "0", "0"},
			{a2, "us-east-1", "2026-10-03", "1", "1", "0", "0", "0", "0"},
		}}
	})
	defer lake.Close()
	lake.Throttle("cloudtrail:DescribeQuery", 2)
	o := options(t, f)
	o.Sources = Sources{S3Listing: true}
	o.Bucket = g.Bucket
	e := EngineOptions{Engine: EngineLake, EventDataStore: "arn:aws:cloudtrail:us-east-1:" + fakeaws.AccountID(0) + ":eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE",
		Endpoint: lake.URL(), PollInterval: time.Millisecond, MaxScanCostUSD: 1}
	res, rep, err := CollectEngine(deadline(t, 20*time.Second), o, e, false)
	if err != nil {
		t.Fatal(err)
	}
	if q := lake.Queries(); len(q) != 1 || !strings.Contains(q[0].Statement, "FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE") {
		t.Fatalf("queries %+v", q)
	}
	// Three rows over pages of two.
	if n := lake.Count("cloudtrail:GetQueryResults"); n != 2 {
		t.Errorf("%d GetQueryResults pages, want 2", n)
	}
	u := slices.Collect(res.Dataset.Rows())
	if len(u) != 3 || u[1].DataEvents != 100 || u[1].Source != "cloudtrail-lake" || !u[1].Measured {
		t.Fatalf("rows %+v", u)
	}
	// 110 events at 1,250 bytes each.
	if u[1].EventBytes != 137500 {
		t.Errorf("event bytes %d", u[1].EventBytes)
	}
	// Estimate: 10 times the stored bytes at 0.005 USD per GiB; actual: 2 GiB
	// scanned, 0.01 USD.
	wantEst := 0.005 * float64(10*periodStored(g)) / (1 << 30)
	if math.Abs(rep.Plan.CostUSD-wantEst) > 1e-12 || math.Abs(rep.CostUSD-0.01) > 1e-12 {
		t.Errorf("estimate %g (want %g), cost %g", rep.Plan.CostUSD, wantEst, rep.CostUSD)
	}
	// A failed or timed-out query is an error.
	for _, final := range []string{"TIMED_OUT", "CANCELLED"} {
		lake.Final = final
		if _, _, err := CollectEngine(deadline(t, 20*time.Second), o, e, false); err == nil || !strings.Contains(err.Error(), final) {
			t.Errorf("%s: %v", final, err)
		}
	}
}
