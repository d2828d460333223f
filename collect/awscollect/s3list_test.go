package awscollect

import (
	"bufio"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

// The real `aws s3 ls --recursive` excerpt of a trail bucket (account
// layout, three regions with log files, seventeen with digests only) lists
// to its 71 log files, digests and folder markers skipped.
func TestListingRealBucketExcerpt(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "real", "armageddon-lab3-lookupevents", "s3_ls_recursive_cloudtrail_bucket_excerpt.txt")
	file, err := os.Open(path)
	if err != nil {
		t.Skipf("real data absent: %v", err)
	}
	defer file.Close()
	const account, bucket = "420228061920", "real-trail-bucket"
	var objects []fakeaws.S3Object
	want := map[string][2]int64{} // region -> bytes, files
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 4 || strings.HasSuffix(fields[3], "/") {
			continue // gofakes3 keeps no folder markers
		}
		size, _ := strconv.Atoi(fields[2])
		objects = append(objects, fakeaws.S3Object{Bucket: bucket, Key: fields[3], Body: make([]byte, size)})
		if parts := strings.Split(fields[3], "/"); parts[2] == "CloudTrail" {
			w := want[parts[3]]
			want[parts[3]] = [2]int64{w[0] + int64(size), w[1] + 1}
		}
	}
	w := fakeaws.World{OrgID: "o-real123456", ManagementAccount: account, RootID: "r-real",
		Accounts: []fakeaws.Account{{ID: account, Name: "lab", Status: "ACTIVE", Parent: "r-real"}}}
	f, err := fakeaws.New(w, objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o := options(t, f)
	o.Sources, o.Bucket, o.BucketAccount = Sources{S3Listing: true}, bucket, ""
	o.Start, o.End = "2026-03-07", "2026-03-07"
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	var files int64
	for _, u := range res.Dataset.Usage {
		if got := want[u.Region]; got != [2]int64{u.StoredBytes, u.LogFiles} || u.Source != SourceS3Listing || u.Measured {
			t.Errorf("%s: %d bytes in %d files (%s, measured %v), want %v", u.Region, u.StoredBytes, u.LogFiles, u.Source, u.Measured, got)
		}
		files += u.LogFiles
	}
	if files != 71 || len(res.Dataset.Usage) != 3 || res.Listing.LogFiles != 71 {
		t.Errorf("%d log files in %d rows: %+v", files, len(res.Dataset.Usage), res.Listing)
	}
}

// virtualBucket is a virtual trail bucket of files log files per account
// (of the given number), region (2) and day (10), and its accounts.
func virtualBucket(accounts, files int) (*fakeaws.Listing, []model.Account) {
	v := &fakeaws.Listing{Bucket: "big", OrgID: "o-big1234567", Regions: []string{"eu-west-1", "us-east-1"},
		Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Days: 10, Files: files, Size: 4096}
	var accts []model.Account
	for i := 0; i < accounts; i++ {
		id := fakeaws.AccountID(i)
		v.Accounts = append(v.Accounts, id)
		accts = append(accts, model.Account{ID: id, Status: "ACTIVE"})
	}
	return v, accts
}

// listVirtual lists a virtual bucket of accounts × regions × days × files
// objects, sampling the live heap after a forced collection every 25
// requests, and returns the listing and the peak.
func listVirtual(t testing.TB, accounts, files int) (*listing, uint64, *fakeaws.Listing) {
	v, accts := virtualBucket(accounts, files)
	srv := httptest.NewServer(v)
	defer srv.Close()
	var peak uint64
	var mu sync.Mutex
	n := 0
	r, err := newRun(Options{
		Config:    aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDBIG", "secret", "")},
		Endpoints: Endpoints{S3: srv.URL},
		Start:     "2026-10-01", End: "2026-10-10", Bucket: "big", NoCache: true, NoCheckpoint: true, Concurrency: 2,
		Progress: func(string) {
			mu.Lock() // two listers report at once
			defer mu.Unlock()
			n++
			if n%25 == 0 {
				var ms runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.o.managementAccount = accts[0].ID
	r.o.Rates = map[string]float64{}
	l, gaps := r.listBucket(context.Background(), v.OrgID, accts)
	if len(gaps) > 0 {
		t.Fatalf("gaps: %+v", gaps)
	}
	return l, peak, v
}

// Listing memory does not grow with the number of objects: the same
// account × region × day cells with 10 times the objects peak within a
// margin. Holding the 180,000 extra keys would take over 20 MiB; the margin
// of 12 MiB leaves room for the pages in flight on a loaded machine (seen:
// 1.6 to 5.7 MiB).
func TestListingMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("lists 200,000 objects")
	}
	small, smallPeak, sv := listVirtual(t, 5, 200)  // 20,000 objects
	large, largePeak, lv := listVirtual(t, 5, 2000) // 200,000 objects
	for _, c := range []struct {
		l *listing
		v *fakeaws.Listing
	}{{small, sv}, {large, lv}} {
		var files, bytes int64
		for _, ce := range c.l.cells {
			files += ce.logFiles
			bytes += ce.storedBytes
		}
		if files != c.v.Objects() || bytes != c.v.Objects()*c.v.Size || len(c.l.cells) != 5*2*10 {
			t.Fatalf("listed %d files, %d bytes in %d cells; the bucket holds %d", files, bytes, len(c.l.cells), c.v.Objects())
		}
	}
	t.Logf("peak live heap: %d objects %.1f MiB, %d objects %.1f MiB", sv.Objects(), float64(smallPeak)/(1<<20), lv.Objects(), float64(largePeak)/(1<<20))
	if largePeak > smallPeak+12<<20 {
		t.Errorf("peak heap grew from %d to %d bytes with 10× the objects", smallPeak, largePeak)
	}
}

// BenchmarkListing lists 100,000 virtual objects per iteration through the
// SDK over HTTP; objects/s and the peak live heap are reported.
func BenchmarkListing(b *testing.B) {
	var peak uint64
	var objects int64
	for b.Loop() {
		_, p, v := listVirtual(b, 5, 1000)
		peak = max(peak, p)
		objects += v.Objects()
	}
	b.ReportMetric(float64(objects)/b.Elapsed().Seconds(), "objects/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}
