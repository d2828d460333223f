package awscollect

import (
	"context"
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

// BenchmarkCollectOrgInventory is BenchmarkCollectOrg with the bucket's
// counts read from an S3 Inventory report of the same virtual bucket
// (TRAILWISE_BENCH_FILES log files per account, region and day, default
// 10; 100,000 rows a data file) instead of listing it. It reports the
// requests, the S3 requests among them, and the peak live heap above the
// fakes' own data (the report's files are made before and held).
func BenchmarkCollectOrgInventory(b *testing.B) {
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
	li := &fakeaws.ListingInventory{Listing: v, Hold: true, Inventory: fakeaws.Inventory{Bucket: "bench-inventory", Prefix: "daily", Source: "bench",
		Time: start.AddDate(0, 0, 30).Add(17 * time.Minute), RowsPerFile: 100000}}
	li.Files()
	s3 := httptest.NewServer(li)
	defer s3.Close()

	var requests, s3Requests, rows int64
	var peak uint64
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc // the fakes' own data
	for b.Loop() {
		n := 0
		o := Options{
			Config:    aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(fakeaws.ManagementKey, "secret", "")},
			Endpoints: Endpoints{Organizations: f.URL(), CostExplorer: f.URL(), CloudTrail: f.URL(), STS: f.URL(), S3: s3.URL},
			Sources:   Sources{CostExplorer: true, S3Listing: true, CloudTrail: true},
			Start:     "2026-10-01", End: "2026-10-30", Regions: regions,
			Inventory: "s3://bench-inventory/daily",
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
		rows += res.Listing.Objects
		if res.Listing.LogFiles != v.Objects() || len(res.Dataset.Usage) != 1000*4*30 || len(res.Dataset.Gaps) != 0 {
			b.Fatalf("read %d of %d objects, %d rows, gaps %+v", res.Listing.LogFiles, v.Objects(), len(res.Dataset.Usage), res.Dataset.Gaps)
		}
	}
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
	b.ReportMetric(float64(s3Requests)/float64(b.N), "s3-requests/op")
	b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-live-MiB")
}
