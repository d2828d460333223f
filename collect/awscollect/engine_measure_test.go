package awscollect

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/report"
)

// streamCols are the Athena result's columns (aggregate.sql.tmpl).
var streamCols = []string{"part", "account", "region", "day", "category", "event_source", "resource_type", "event_name",
	"management_read_events", "management_write_events", "data_events", "network_events", "insights_events", "aggregated_events",
	"event_bytes", "log_files"}

// measureRegions are 17 commercial regions, sorted (as the query's ORDER
// BY has them).
var measureRegions = []string{"ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "me-south-1", "sa-east-1",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2"}

// measureAnswer is an Athena result of accounts x regions x days usage
// rows, after 10 breakdown rows per account-region that add up to them, in
// the query's order (part, account, region, day), made page by page: the
// fake holds none of them.
func measureAnswer(accounts []string, regions []string, start time.Time, days int) fakeaws.QueryAnswer {
	const perRegion = 10
	nb := len(accounts) * len(regions) * perRegion
	dayNames := make([]string, days)
	for d := range dayNames {
		dayNames[d] = start.AddDate(0, 0, d).Format("2006-01-02")
	}
	// An account-region's daily counts: management reads, writes, data
	// events and event bytes.
	daily := func(ar int) [4]int64 {
		return [4]int64{1000 + int64(ar%977), 200 + int64(ar%89), 30 + int64(ar%50), 1_500_000 + int64(ar%100_000)}
	}
	// share is part j of k of total, the remainder in the last.
	share := func(total int64, k, j int) int64 {
		if j == k-1 {
			return total - total/int64(k)*int64(k-1)
		}
		return total / int64(k)
	}
	itoa := func(n int64) string { return strconv.FormatInt(n, 10) }
	row := func(i int) []string {
		if i < nb {
			ar, j := i/perRegion, i%perRegion
			a, r := accounts[ar/len(regions)], regions[ar%len(regions)]
			c := daily(ar)
			counts := []string{"0", "0", "0", "0", "0", "0"}
			category, source, rtype := "management_read", fmt.Sprintf("svc%02d.amazonaws.com", j), ""
			switch {
			case j < 7:
				counts[0] = itoa(share(c[0]*int64(days), 7, j))
			case j < 9:
				category, counts[1] = "management_write", itoa(share(c[1]*int64(days), 2, j-7))
			default:
				category, source, rtype, counts[2] = "data", "s3.amazonaws.com", "AWS::S3::Object", itoa(c[2]*int64(days))
			}
			out := []string{"breakdown", a, r, "", category, source, rtype, "ListThings"}
			return append(append(out, counts...), itoa(share(c[3]*int64(days), perRegion, j)), "0")
		}
		u := i - nb
		ar := u / days
		c := daily(ar)
		a, r, d := accounts[ar/len(regions)], regions[ar%len(regions)], dayNames[u%days]
		return []string{"usage", a, r, d, "", "", "", "", itoa(c[0]), itoa(c[1]), itoa(c[2]), "0", "0", "0", itoa(c[3]), "288"}
	}
	return fakeaws.QueryAnswer{Columns: streamCols, Row: row, Count: nb + len(accounts)*len(regions)*days, Scanned: 1 << 40}
}

// TestMeasureEngineCollect is a measurement, not a test: it runs only with
// TRAILWISE_MEASURE_ACCOUNTS set (the accounts; 17 regions, 90 days). It
// collects through the Athena fake (pages of 1,000 rows, as the client
// asks) and writes the dataset as the CLI does, to nowhere, and logs the
// rows, the time, the peak of the Go heap in use and of the memory the
// runtime holds from the system (sampled every 20 ms, garbage not yet
// collected included), and the live heap after the collection (after a
// forced collection: what the dataset keeps). Run the test binary
// under /usr/bin/time -f %M for the whole process's peak RSS.
func TestMeasureEngineCollect(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("TRAILWISE_MEASURE_ACCOUNTS"))
	if n <= 0 {
		t.Skip("a measurement: set TRAILWISE_MEASURE_ACCOUNTS")
	}
	const days = 90
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	w := orgWorld(n, measureRegions, start, 0)
	w.PageSize = 1000
	f, err := fakeaws.New(w, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var accounts []string
	for _, a := range w.Accounts {
		accounts = append(accounts, a.ID)
	}
	answer := measureAnswer(accounts, measureRegions, start, days)
	ath := fakeaws.NewAthena(func(string) fakeaws.QueryAnswer { return answer })
	defer ath.Close()
	ath.PageSize, ath.Running = 1000, 0

	var peakInuse, peakSys atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peakInuse.Store(max(peakInuse.Load(), ms.HeapInuse))
			peakSys.Store(max(peakSys.Load(), ms.Sys))
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	o := Options{
		Config:    aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(fakeaws.ManagementKey, "secret", "")},
		Endpoints: Endpoints{Organizations: f.URL(), CloudTrail: f.URL(), STS: f.URL(), S3: f.S3URL()},
		Start:     start.Format("2006-01-02"), End: start.AddDate(0, 0, days-1).Format("2006-01-02"), Regions: measureRegions,
		NoCache: true, NoCheckpoint: true,
		Rates: map[string]float64{"cloudtrail": 0, "organizations": 0, "sts": 0, "s3": 0, "athena": 0},
	}
	e := EngineOptions{Engine: EngineAthena, Database: "trailwise", Table: "ct", Output: "s3://results/athena/",
		Endpoint: ath.URL(), PollInterval: time.Millisecond, Confirmed: true}
	began := time.Now()
	res, rep, err := CollectEngine(context.Background(), o, e, false)
	if err != nil {
		t.Fatal(err)
	}
	collected := time.Since(began)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms) // what the collected dataset keeps
	if err := report.WriteDatasetIndented(io.Discard, res.Dataset); err != nil {
		t.Fatal(err)
	}
	close(done)
	rows := 0
	for range res.Dataset.Rows() {
		rows++
	}
	t.Logf("%d accounts: %d result rows, %d usage rows, %d breakdowns; collected in %s, written in %s; peak HeapInuse %d MiB, peak Sys %d MiB; live heap after collection %d MiB",
		n, rep.Rows, rows, len(res.Dataset.Breakdown), collected.Round(time.Millisecond), (time.Since(began) - collected).Round(time.Millisecond),
		peakInuse.Load()>>20, peakSys.Load()>>20, ms.HeapAlloc>>20)
	if rows != n*len(measureRegions)*days {
		t.Errorf("%d usage rows, want %d", rows, n*len(measureRegions)*days)
	}
}
