package awscollect

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
)

// orgWorld is an organization of n accounts in OUs of 50, an organization
// trail in the management account, and one FreeEventsRecorded row per
// account, region and day.
func orgWorld(n int, regions []string, start time.Time, days int) fakeaws.World {
	w := fakeaws.World{OrgID: "o-bench12345", ManagementAccount: fakeaws.AccountID(0), RootID: "r-bnch",
		PageSize: 20, CostPageSize: 1000}
	for i := 0; i < n; i++ {
		id := fakeaws.AccountID(i)
		ou := fmt.Sprintf("ou-bnch-%03d", i/50)
		if i%50 == 0 {
			w.OUs = append(w.OUs, fakeaws.OU{ID: ou, Name: "OU" + strconv.Itoa(i/50), Parent: w.RootID})
		}
		a := fakeaws.Account{ID: id, Name: "acct-" + id, Status: "ACTIVE", Parent: ou}
		if i == 0 {
			a.Trails = []fakeaws.Trail{{Name: "org-trail", HomeRegion: regions[0], Bucket: "bench", MultiRegion: true, Organization: true, Logging: true}}
		}
		w.Accounts = append(w.Accounts, a)
		for _, r := range regions {
			for d := 0; d < days; d++ {
				w.Costs = append(w.Costs, fakeaws.CostRow{Day: start.AddDate(0, 0, d).Format("2006-01-02"), Account: id,
					Service: "AWS CloudTrail", UsageType: fakeaws.UsageCode(r) + "-FreeEventsRecorded", Quantity: float64(1000 + i)})
			}
		}
	}
	return w
}

// BenchmarkCollectOrg collects an organization of 1,000 accounts × 4
// regions × 30 days against the local fakes: Organizations, Cost Explorer,
// CloudTrail through a role in every account, and a virtual bucket of
// TRAILWISE_BENCH_FILES log files per account, region and day (default 10;
// CloudTrail writes about 288). Rates are unlimited, so it measures the
// collector, not AWS's quotas. It reports the requests, the S3 requests
// among them, the objects counted and the peak live heap above the fakes'
// own data, sampled after a forced collection every 250 requests.
func BenchmarkCollectOrg(b *testing.B) { benchmarkCollectOrg(b, false) }

// BenchmarkCollectOrgInventory is BenchmarkCollectOrg with the bucket's
// counts read from an S3 Inventory report of the same virtual bucket
// (100,000 rows a data file) instead of listing it; the report's files are
// made before and held, so they count among the fakes' own data.
func BenchmarkCollectOrgInventory(b *testing.B) { benchmarkCollectOrg(b, true) }

func benchmarkCollectOrg(b *testing.B, inventory bool) {
	files := 10
	if s := os.Getenv("TRAILWISE_BENCH_FILES"); s != "" {
		files, _ = strconv.Atoi(s)
	}
	regions := []string{"ap-northeast-1", "eu-west-1", "us-east-1", "us-west-2"}
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	w := orgWorld(1000, regions, start, 30)
	f, err := fakeaws.New(w, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	v := &fakeaws.Listing{Bucket: "bench", OrgID: w.OrgID, Regions: regions, Start: start, Days: 30, Files: files, Size: 9000}
	for _, a := range w.Accounts {
		v.Accounts = append(v.Accounts, a.ID)
	}
	var bucket http.Handler = v
	var inventoryURL string
	if inventory {
		li := &fakeaws.ListingInventory{Listing: v, Hold: true, Inventory: fakeaws.Inventory{Bucket: "bench-inventory", Prefix: "daily", Source: "bench",
			Time: start.AddDate(0, 0, 30).Add(17 * time.Minute), RowsPerFile: 100000}}
		li.Files() // makes and holds the report before the baseline heap
		bucket, inventoryURL = li, "s3://bench-inventory/daily"
	}
	s3 := httptest.NewServer(bucket)
	defer s3.Close()

	var requests, s3Requests, objects int64
	var peak uint64
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc // the fakes' own data
	for b.Loop() {
		n := 0
		o := Options{
			Config:    aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(fakeaws.ManagementKey, "secret", "")},
			Endpoints: Endpoints{Organizations: f.URL(), CostExplorer: f.URL(), CloudTrail: f.URL(), STS: f.URL(), S3: s3.URL, ObservabilityAdmin: f.URL()},
			Sources:   Sources{CostExplorer: true, S3Listing: true, CloudTrail: true},
			Start:     "2026-10-01", End: "2026-10-30", Regions: regions,
			Inventory: inventoryURL,
			NoCache:   true, NoCheckpoint: true, MaxCERequests: 1000,
			Rates: map[string]float64{"cloudtrail": 0, "organizations": 0, "ce": 0, "sts": 0, "s3": 0},
			Progress: func(string) {
				n++
				if n%250 == 0 {
					runtime.GC()
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
				}
			},
		}
		res, err := Collect(context.Background(), o)
		if err != nil {
			b.Fatal(err)
		}
		for a, c := range res.Requests {
			requests += int64(c)
			if a == "s3:ListObjectsV2" || a == "s3:GetObject" {
				s3Requests += int64(c)
			}
		}
		objects += res.Listing.Objects
		if res.Listing.LogFiles != v.Objects() || len(res.Dataset.Usage) != 1000*4*30 || len(res.Dataset.Gaps) != 0 {
			b.Fatalf("counted %d of %d objects, %d rows, gaps %+v", res.Listing.LogFiles, v.Objects(), len(res.Dataset.Usage), res.Dataset.Gaps)
		}
	}
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
	b.ReportMetric(float64(s3Requests)/float64(b.N), "s3-requests/op")
	b.ReportMetric(float64(objects)/float64(b.N), "objects/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-live-MiB")
}
