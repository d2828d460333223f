package awscollect

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

const inventoryBucket = "inventory-reports"

// inventoryFake serves a generated organization of n accounts whose trail
// bucket has S3 Inventory reports in inventoryBucket under "daily/": an
// older one and the given one, plus the reports of another bucket under
// "other/".
func inventoryFake(t *testing.T, n int, inv fakeaws.Inventory) (*fakeaws.Fake, fakeaws.Generated) {
	t.Helper()
	g := fakeaws.Generate(fakeaws.Spec{Accounts: n, Start: testStart, Days: 3})
	// Log file names with a plus and a percent sign: a CSV key must be
	// URL-decoded to find them, a Parquet key must not be.
	g.Objects = append([]fakeaws.S3Object{}, g.Objects...)
	for i, o := range g.Objects {
		if strings.Contains(o.Key, "/CloudTrail/") && strings.HasSuffix(o.Key, ".json.gz") {
			g.Objects[i].Key = strings.TrimSuffix(o.Key, ".json.gz") + "+v%41.json.gz"
		}
	}
	inv.Bucket, inv.Source = inventoryBucket, g.Bucket
	if inv.Prefix == "" {
		inv.Prefix = "daily"
	}
	objects := append([]fakeaws.S3Object{}, g.Objects...)
	objects = append(objects, inv.Objects(g.Objects)...)
	// An older report, of the bucket's first days only: a wrong choice
	// shows in the counts.
	old := inv
	old.Time, old.Raw = inv.Time.AddDate(0, 0, -7), ""
	objects = append(objects, old.Objects(g.Objects[:len(g.Objects)/3])...)
	other := fakeaws.Inventory{Bucket: inventoryBucket, Prefix: "other", Source: "some-other-bucket", Time: inv.Time}
	objects = append(objects, fakeaws.S3Object{Bucket: "some-other-bucket", Key: "AWSLogs/x.json.gz", Body: []byte("x")})
	objects = append(objects, other.Objects(objects)...)
	f, err := fakeaws.New(g.World, objects)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f, g
}

// The day after the period: the report holds all of it.
var reportTime = time.Date(2026, 10, 4, 0, 17, 0, 0, time.UTC)

// Collecting through the inventory gives the cells the listing gives,
// exactly (stored bytes, log files and the rest per account, region and
// day), with the rows naming the report's date, and lists nothing but the
// inventory's folders; from a CSV report (URL-encoded keys) and from a
// Parquet report of the same objects (keys as they are; row groups of 25
// rows, so that a file holds several). The report has noncurrent versions
// and a delete marker, which a listing does not show.
func TestInventoryMatchesListing(t *testing.T) {
	for _, format := range []string{"CSV", "Parquet"} {
		t.Run(format, func(t *testing.T) {
			testInventoryMatchesListing(t, fakeaws.Inventory{Time: reportTime, RowsPerFile: 70, Versions: true, Format: format, RowsPerGroup: 25})
		})
	}
}

func testInventoryMatchesListing(t *testing.T, inv fakeaws.Inventory) {
	f, g := inventoryFake(t, 30, inv)

	o := options(t, f)
	listed, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	listRequests := f.Count("s3:ListObjectsV2")
	f.ResetCalls()
	o = options(t, f)
	o.Inventory = "s3://" + inventoryBucket + "/daily"
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Dataset.Validate(); err != nil {
		t.Fatal(err)
	}
	want := map[cellKey]model.Usage{}
	for _, u := range listed.Dataset.Usage {
		want[cellKey{u.Account, u.Region, u.Day}] = u
	}
	truthCells := truth(g)
	matched := 0
	for _, u := range res.Dataset.Usage {
		k := cellKey{u.Account, u.Region, u.Day}
		w, ok := want[k]
		if !ok {
			t.Errorf("%v: a row the listing did not give", k)
			continue
		}
		delete(want, k)
		if u.Source == SourceLookupEvents {
			continue
		}
		matched++
		if tc := truthCells[k]; tc == nil || u.StoredBytes != tc.stored || u.LogFiles != tc.files {
			t.Errorf("%v: %d bytes in %d files, the bucket holds %+v", k, u.StoredBytes, u.LogFiles, tc)
		}
		if u.Source != SourceCostExplorer+"+s3-inventory@2026-10-04" || w.Source != SourceCostExplorer+"+"+SourceS3Listing {
			t.Errorf("%v: source %q, listed %q", k, u.Source, w.Source)
		}
		u.Source, w.Source = "", ""
		ue, we := u.RelativeError, w.RelativeError
		u.RelativeError, w.RelativeError = nil, nil
		if u != w || (ue == nil) != (we == nil) || ue != nil && *ue != *we {
			t.Errorf("%v:\ninventory %+v\nlisting   %+v", k, u, w)
		}
	}
	if len(want) != 0 || matched != len(truthCells) {
		t.Errorf("%d rows only the listing gave; %d rows matched of %d cells", len(want), matched, len(truthCells))
	}
	if res.Listing.LogFiles != listed.Listing.LogFiles || res.Listing.Inventory != "s3://"+inventoryBucket+"/daily/"+g.Bucket+"/trail-inventory/2026-10-04T00-17Z/manifest.json" ||
		res.Listing.InventoryDate != "2026-10-04" || res.Listing.SampledFiles == 0 {
		t.Errorf("inventory %+v, listing %+v", res.Listing, listed.Listing)
	}
	if len(res.Dataset.Gaps) != len(listed.Dataset.Gaps) {
		t.Errorf("gaps %+v, listed %+v", res.Dataset.Gaps, listed.Dataset.Gaps)
	}
	// Only the inventory's folders are listed: daily/, the bucket's, the configuration's.
	if n := f.Count("s3:ListObjectsV2"); n != 3 || listRequests < 20 {
		t.Errorf("%d ListObjectsV2 through the inventory, %d listing", n, listRequests)
	}
	apis := map[string]bool{}
	for _, a := range Actions {
		apis[a.API] = true
	}
	for _, a := range f.Actions() {
		if !apis[a] {
			t.Errorf("called %s, which Actions does not list", a)
		}
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "S3 Inventory report of 2026-10-04") {
		t.Errorf("notes: %v", res.Notes)
	}
}

// A manifest URL is read as given; the report's date makes its day and the
// days after a gap, and InventoryPeriod moves the period before it instead.
func TestInventoryDate(t *testing.T) {
	day := time.Date(2026, 10, 3, 0, 5, 0, 0, time.UTC) // the period's last day
	f, g := inventoryFake(t, 12, fakeaws.Inventory{Time: day})
	inv := fakeaws.Inventory{Bucket: inventoryBucket, Prefix: "daily", Source: g.Bucket, Time: day}
	o := options(t, f)
	o.Sources = Sources{S3Listing: true}
	o.Inventory = "s3://" + inventoryBucket + "/" + inv.ManifestKey()
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	var gaps []model.Gap
	for _, gp := range res.Dataset.Gaps {
		if gp.Source == SourceS3Inventory {
			gaps = append(gaps, gp)
		}
	}
	if len(gaps) != 1 || !strings.Contains(gaps[0].Reason, "2026-10-03..2026-10-03") || res.Complete {
		t.Errorf("gaps %+v", res.Dataset.Gaps)
	}
	days := map[string]int{}
	for _, u := range res.Dataset.Usage {
		days[u.Day]++
		if u.Source != "s3-inventory@2026-10-03+sample" {
			t.Errorf("source %q", u.Source)
		}
	}
	if days["2026-10-03"] != 0 || days["2026-10-01"] == 0 || days["2026-10-02"] == 0 {
		t.Errorf("rows per day %v", days)
	}

	o = options(t, f)
	o.Sources = Sources{S3Listing: true}
	o.Inventory, o.InventoryPeriod = "s3://"+inventoryBucket+"/daily/", true
	res, err = Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Dataset.Period; p.Start != "2026-09-30" || p.End != "2026-10-02" || len(res.Dataset.Gaps) != 0 {
		t.Errorf("period %+v, gaps %+v", p, res.Dataset.Gaps)
	}
	var before int64
	for _, u := range res.Dataset.Usage {
		if u.Day == "2026-09-30" {
			before += u.LogFiles
		}
	}
	if before != 1 || !strings.Contains(strings.Join(res.Notes, "\n"), "the 3 days before the inventory's date 2026-10-03") {
		t.Errorf("%d log files of 2026-09-30 (want the one the generator puts there); notes %v", before, res.Notes)
	}
}

// Every way an inventory can be wrong stops the run with one line naming
// the file and the field, before any paid request.
func TestInventoryErrors(t *testing.T) {
	good := fakeaws.Inventory{Time: reportTime}
	trailBucket := "aws-cloudtrail-logs-" + fakeaws.AccountID(fakeaws.IdxLogArchive) + "-org"
	badRow := fakeaws.Inventory{Time: reportTime, Raw: `"` + trailBucket + `","AWSLogs%2Fo-fake12345x%2F210000006666%2FCloudTrail%2Fus-east-1%2F2026%2F10%2F02%2Fa.json.gz","abc","2026-10-01T00:05:00.000Z","e","STANDARD"` + "\n"}
	shortRow := fakeaws.Inventory{Time: reportTime, Raw: `"b","k"` + "\n"}
	orc := fakeaws.Inventory{Time: reportTime, Format: "ORC"}
	pq := func(inv fakeaws.Inventory) fakeaws.Inventory {
		inv.Time, inv.Format = reportTime, "Parquet"
		return inv
	}
	// AWS's example of a Parquet manifest's fileSchema (Amazon S3 User
	// Guide, "Locating your inventory list").
	awsSchema := "message s3.inventory { required binary bucket (UTF8); required binary key (UTF8); optional binary version_id (UTF8); optional boolean is_latest; optional boolean is_delete_marker; optional int64 size; optional int64 last_modified_date (TIMESTAMP_MILLIS); optional binary e_tag (UTF8); optional binary storage_class (UTF8); optional boolean is_multipart_uploaded; optional binary replication_status (UTF8); optional binary encryption_status (UTF8); optional int64 object_lock_retain_until_date (TIMESTAMP_MILLIS); optional binary object_lock_mode (UTF8); optional binary object_lock_legal_hold_status (UTF8); optional binary intelligent_tiering_access_tier (UTF8); optional binary bucket_key_status (UTF8); optional binary checksum_algorithm (UTF8); }"
	for _, tc := range []struct {
		name     string
		inv      fakeaws.Inventory
		url      string
		bucket   string
		corrupt  bool
		want     []string
		noCalls  bool
		wantMore string
		dataFile bool // found reading a data file, after Cost Explorer
	}{
		{name: "not s3", inv: good, url: "https://inventory-reports/daily", want: []string{"expected s3://BUCKET/PREFIX"}, noCalls: true},
		{name: "bad bucket", inv: good, url: "s3://Inventory_Reports/daily", want: []string{"not an S3 bucket name"}, noCalls: true},
		{name: "nothing there", inv: good, url: "s3://" + inventoryBucket + "/weekly", want: []string{"no manifest.json found", "weekly/<source-bucket>/<config-id>/YYYY-MM-DDTHH-MMZ/manifest.json"}},
		{name: "two buckets", inv: good, url: "s3://" + inventoryBucket, want: []string{"2 inventory configurations", "daily/", "other/some-other-bucket/trail-inventory/"}},
		{name: "another bucket", inv: good, url: "s3://" + inventoryBucket + "/other/some-other-bucket/trail-inventory/2026-10-04T00-17Z/manifest.json", bucket: "trail",
			want: []string{"manifest.json: sourceBucket \"some-other-bucket\": expected the trail bucket"}},
		{name: "another bucket's folder", inv: good, url: "s3://" + inventoryBucket + "/other", bucket: "trail", want: []string{"no report of the trail bucket"}},
		{name: "orc", inv: orc, url: "s3://" + inventoryBucket + "/daily", want: []string{`fileFormat "ORC"`, "only CSV and Parquet reports are read"}},
		{name: "md5", inv: good, url: "s3://" + inventoryBucket + "/daily", corrupt: true, want: []string{".csv.gz: MD5 ", "expected the manifest's"}},
		{name: "bad size", inv: badRow, url: "s3://" + inventoryBucket + "/daily", want: []string{".csv.gz: row ", `Size "abc": expected a byte count`}, dataFile: true},
		{name: "short row", inv: shortRow, url: "s3://" + inventoryBucket + "/daily", want: []string{".csv.gz: row ", "expected 6 CSV values"}, dataFile: true},
		{name: "parquet md5", inv: pq(fakeaws.Inventory{}), url: "s3://" + inventoryBucket + "/daily", corrupt: true, want: []string{".parquet: MD5 ", "expected the manifest's"}},
		{name: "parquet manifest without size", inv: pq(fakeaws.Inventory{Drop: "size"}), url: "s3://" + inventoryBucket + "/daily",
			want: []string{"manifest.json: fileSchema: expected a size column", "got bucket, e_tag, key, last_modified_date, storage_class"}},
		{name: "parquet manifest size string", inv: pq(fakeaws.Inventory{ManifestSchema: strings.Replace(awsSchema, "int64 size", "binary size", 1)}), url: "s3://" + inventoryBucket + "/daily",
			want: []string{"manifest.json: fileSchema: column size: expected int64, got binary"}},
		{name: "parquet manifest not parquet", inv: pq(fakeaws.Inventory{ManifestSchema: "Bucket, Key, Size"}), url: "s3://" + inventoryBucket + "/daily",
			want: []string{`manifest.json: fileSchema "Bucket, Key, Size": expected a Parquet schema`}},
		{name: "parquet file without key", inv: pq(fakeaws.Inventory{Drop: "key", ManifestSchema: awsSchema}), url: "s3://" + inventoryBucket + "/daily",
			want: []string{".parquet: expected a key column, got bucket, e_tag, last_modified_date, size, storage_class"}, dataFile: true},
		{name: "parquet file size string", inv: pq(fakeaws.Inventory{StringSize: true}), url: "s3://" + inventoryBucket + "/daily",
			want: []string{".parquet: column size: expected int64, got "}, dataFile: true},
		{name: "parquet truncated", inv: pq(fakeaws.Inventory{Truncate: 300}), url: "s3://" + inventoryBucket + "/daily",
			want: []string{".parquet: expected a Parquet file (300 bytes, its MD5 the manifest's): "}, dataFile: true},
		{name: "missing manifest", inv: good, url: "s3://" + inventoryBucket + "/daily/nope/manifest.json", want: []string{"daily/nope/manifest.json: GetObject: NoSuchKey"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, g := inventoryFake(t, 8, tc.inv)
			if tc.corrupt {
				inv := tc.inv
				inv.Bucket, inv.Source, inv.Prefix = inventoryBucket, g.Bucket, "daily"
				objs := inv.Objects(g.Objects)
				// The same key, other bytes: gzip of the rows without the last.
				var gz bytes.Buffer
				zw := gzip.NewWriter(&gz)
				zw.Write([]byte(`"` + g.Bucket + `","AWSLogs%2Fnothing","1","2026-10-01T00:05:00.000Z","e","STANDARD"` + "\n"))
				zw.Close()
				f2, err := fakeaws.New(g.World, append(append([]fakeaws.S3Object{}, g.Objects...), append(objs[1:], fakeaws.S3Object{Bucket: inventoryBucket, Key: objs[0].Key, Body: gz.Bytes()})...))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(f2.Close)
				f = f2
			}
			o := options(t, f)
			o.Inventory = tc.url
			if tc.bucket == "trail" {
				o.Bucket = g.Bucket
			}
			res, err := Collect(deadline(t, time.Minute), o)
			if err == nil {
				t.Fatalf("no error; %d rows", len(res.Dataset.Usage))
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
			if strings.Contains(msg, "\n") || res != nil {
				t.Errorf("error %q on more than a line, or a result", msg)
			}
			if n := f.Count("ce:GetCostAndUsage"); n != 0 && !tc.corrupt && !tc.dataFile {
				t.Errorf("%d Cost Explorer requests before the manifest was checked", n)
			}
			if tc.noCalls && len(f.Calls()) != 0 {
				t.Errorf("called %v with a bad URL", f.Actions())
			}
		})
	}
}

// readVirtualInventoryBreaking reads the inventory, in the format given,
// of a virtual bucket of accounts × regions × 10 days × files log files,
// the first answer for each data file cut off after cut bytes (0: none),
// sampling the live heap after a forced collection at every read of 4 KiB
// or more of gzip (above what the fake holds: each file's bytes, made
// before), and returns the listing and the peak. A Parquet file is read
// after it has arrived: the heap is sampled every parquetProgressRows rows
// as well.
func readVirtualInventoryBreaking(t testing.TB, accounts, files int, cut int64, format string) (*listing, uint64, *fakeaws.ListingInventory) {
	t.Helper()
	v, accts := virtualBucket(accounts, files)
	li := &fakeaws.ListingInventory{Listing: v, Inventory: fakeaws.Inventory{Bucket: "inv", Prefix: "reports", Source: "big",
		Time: time.Date(2026, 10, 11, 0, 0, 0, 0, time.UTC), RowsPerFile: 25000, Format: format}, Hold: true, Break: cut}
	li.Files() // the files and their MD5s, before measuring
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc // the fake's own data
	srv := httptest.NewServer(li)
	defer srv.Close()
	var peak uint64
	var mu sync.Mutex
	samples := 0
	sample := func() {
		mu.Lock()
		defer mu.Unlock()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
		samples++
	}
	parsed := 0 // samples taken while a Parquet file was read
	parquetProgress = func() { parsed++; sample() }
	defer func() { parquetProgress = nil }()
	r, err := newRun(Options{
		Config:    aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDBIG", "secret", "")},
		Endpoints: Endpoints{S3: srv.URL},
		Start:     "2026-10-01", End: "2026-10-10", Bucket: "big", NoCache: true, NoCheckpoint: true, Concurrency: 2,
		Inventory: "s3://inv/reports/",
		BytesReceived: func(n int64) {
			if n >= 4096 { // about every 25 KiB of gzip
				sample()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.o.managementAccount = accts[0].ID
	r.o.Rates = map[string]float64{}
	inv, err := r.openInventory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	l, err := r.readInventory(context.Background(), inv, v.OrgID, accts)
	if err != nil {
		t.Fatal(err)
	}
	if samples < 2 || format == "Parquet" && int64(parsed) < li.Rows()/parquetProgressRows {
		t.Fatalf("the heap was sampled %d times, %d of them reading Parquet", samples, parsed)
	}
	return l, peak, li
}

// Reading an inventory takes memory bounded by the cells, not the rows:
// 10 times the rows over the same account × region × day cells peak within
// a margin. Holding the 180,000 extra keys would take over 20 MiB; 12 MiB
// leaves room for the two files in flight and the collector's timing on a
// loaded machine. The same for a Parquet report (files of 25,000 rows in
// row groups of 5,000), read a page of each column at a time.
func TestInventoryMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200,000 inventory rows")
	}
	for _, format := range []string{"CSV", "Parquet"} {
		t.Run(format, func(t *testing.T) { testInventoryMemoryBounded(t, format) })
	}
}

func testInventoryMemoryBounded(t *testing.T, format string) {
	small, smallPeak, sv := readVirtualInventoryBreaking(t, 5, 200, 0, format)  // 20,000 rows
	large, largePeak, lv := readVirtualInventoryBreaking(t, 5, 2000, 0, format) // 200,000 rows
	for _, c := range []struct {
		l *listing
		v *fakeaws.ListingInventory
	}{{small, sv}, {large, lv}} {
		var files, bytes int64
		for _, ce := range c.l.cells {
			files += ce.logFiles
			bytes += ce.storedBytes
		}
		if files != c.v.Rows() || bytes != c.v.Rows()*c.v.Listing.Size || len(c.l.cells) != 5*2*10 || c.l.objects != c.v.Rows() {
			t.Fatalf("read %d files, %d bytes in %d cells; the report holds %d rows", files, bytes, len(c.l.cells), c.v.Rows())
		}
	}
	t.Logf("peak live heap: %d rows (%d files) %.1f MiB, %d rows (%d files) %.1f MiB", sv.Rows(), sv.Files(), float64(smallPeak)/(1<<20), lv.Rows(), lv.Files(), float64(largePeak)/(1<<20))
	if largePeak > smallPeak+12<<20 {
		t.Errorf("peak heap grew from %d to %d bytes with 10× the rows", smallPeak, largePeak)
	}
}

// A data file whose body breaks off halfway is read again from its start,
// and counted once; a Parquet file too (staged on disk again).
func TestInventoryBodyBreaks(t *testing.T) {
	for _, format := range []string{"CSV", "Parquet"} {
		l, _, li := readVirtualInventoryBreaking(t, 3, 100, 3000, format) // 6,000 rows in 1 file
		var files int64
		for _, ce := range l.cells {
			files += ce.logFiles
		}
		if files != li.Rows() || l.objects != li.Rows() {
			t.Errorf("%s: %d log files, %d rows; the report holds %d", format, files, l.objects, li.Rows())
		}
		// 3 to find the report, the manifest, the file cut off, the file again.
		if n := li.Requests.Load(); n != 6 {
			t.Errorf("%s: %d requests", format, n)
		}
	}
}
