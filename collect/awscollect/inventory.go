package awscollect

import (
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"golang.org/x/sync/errgroup"
	"hash/fnv"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/trailwise/trailwise/collect"
	"github.com/trailwise/trailwise/model"
)

// SourceS3Inventory names the bucket's counts when they come from an S3
// Inventory report instead of a listing: rows say "s3-inventory@<date>",
// the report's date.
const SourceS3Inventory = "s3-inventory"

// bucketName is what S3 accepts as a bucket name.
var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// inventoryStamp is the folder S3 names each report's manifest after: when
// its scan began.
var inventoryStamp = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}Z$`)

// ParseInventoryURL reads s3://BUCKET[/PREFIX]: an inventory report's
// destination (the bucket and the prefix its configuration names, or any
// folder below down to one report's) or one manifest.json.
func ParseInventoryURL(s string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return "", "", fmt.Errorf("inventory %q: expected s3://BUCKET/PREFIX (the report's destination) or s3://BUCKET/.../manifest.json", s)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if !bucketName.MatchString(bucket) {
		return "", "", fmt.Errorf("inventory %q: %q is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)", s, bucket)
	}
	return bucket, strings.TrimLeft(prefix, "/"), nil
}

// inventoryManifest is an S3 Inventory report's manifest.json.
type inventoryManifest struct {
	SourceBucket      string `json:"sourceBucket"`
	DestinationBucket string `json:"destinationBucket"`
	Version           string `json:"version"`
	CreationTimestamp string `json:"creationTimestamp"`
	FileFormat        string `json:"fileFormat"`
	FileSchema        string `json:"fileSchema"`
	Files             []struct {
		Key  string `json:"key"`
		Size int64  `json:"size"`
		MD5  string `json:"MD5checksum"`
	} `json:"files"`
}

// inventory is the report a run reads.
type inventory struct {
	bucket, key string // the manifest
	m           inventoryManifest
	began       time.Time // the scan's start
	day         string    // its UTC day: the first day the report cannot hold whole
	parquet     bool      // Parquet data files, else gzipped CSV
	client      *s3.Client
}

func (inv *inventory) url() string { return "s3://" + inv.bucket + "/" + inv.key }

// source is the rows' source: the report's date.
func (inv *inventory) source() string { return SourceS3Inventory + "@" + inv.day }

// inventoryClient reads the report with the trail bucket's credentials (the
// management account's, or the role in --bucket-account), in
// InventoryRegion, else the bucket's region.
func (r *run) inventoryClient(ctx context.Context) (*s3.Client, error) {
	owner := r.o.managementAccount
	creds := r.clients.credentials(owner)
	if r.o.BucketAccount != "" && r.o.BucketAccount != owner {
		owner = r.o.BucketAccount
		c, gap := r.reach(ctx, model.Account{ID: owner, Status: "ACTIVE"}, SourceS3Inventory)
		if gap != nil {
			return nil, fmt.Errorf("inventory %s: %s", r.o.Inventory, gap.Reason)
		}
		creds = c
	}
	region := r.o.InventoryRegion
	if region == "" {
		region = r.o.BucketRegion
	}
	if region == "" {
		region = r.o.Region
	}
	return r.clients.s3(owner, region, creds), nil
}

// openInventory finds the newest report under Options.Inventory (of the
// trail bucket, when it is known) and reads its manifest. CSV and Parquet
// reports are read; ORC is refused.
func (r *run) openInventory(ctx context.Context) (*inventory, error) {
	bucket, prefix, err := ParseInventoryURL(r.o.Inventory)
	if err != nil {
		return nil, err
	}
	c, err := r.inventoryClient(ctx)
	if err != nil {
		return nil, err
	}
	var keys []string
	if strings.HasSuffix(prefix, "manifest.json") {
		keys = []string{prefix}
	} else if keys, err = r.findManifests(ctx, c, bucket, prefix); err != nil {
		return nil, err
	}
	inv := &inventory{bucket: bucket, client: c}
	for _, key := range keys {
		inv.key = key
		obj, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
		var missing *types.NoSuchKey
		if errors.As(err, &missing) && len(keys) > 1 {
			continue // a report still being delivered: its manifest comes last
		}
		if err != nil {
			return nil, fmt.Errorf("inventory manifest %s: GetObject: %s", inv.url(), reason(err))
		}
		err = json.NewDecoder(io.LimitReader(obj.Body, 64<<20)).Decode(&inv.m)
		obj.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("inventory manifest %s: not an S3 Inventory manifest: %v", inv.url(), err)
		}
		break
	}
	if inv.m.FileFormat == "" && inv.m.SourceBucket == "" {
		return nil, fmt.Errorf("inventory %s: no manifest.json could be read under it", r.o.Inventory)
	}
	return inv, inv.check(r.o.Bucket)
}

// check verifies what the manifest says: a CSV or Parquet report of the
// trail bucket (when known), with files, a date, and the columns the
// counts need.
func (inv *inventory) check(trailBucket string) error {
	m := inv.m
	inv.parquet = strings.EqualFold(m.FileFormat, "Parquet")
	switch {
	case !strings.EqualFold(m.FileFormat, "CSV") && !inv.parquet:
		return fmt.Errorf("inventory manifest %s: fileFormat %q: only CSV and Parquet reports are read (set the inventory configuration's output format to CSV or Parquet)", inv.url(), m.FileFormat)
	case m.SourceBucket == "":
		return fmt.Errorf("inventory manifest %s: sourceBucket: expected the bucket inventoried, got none", inv.url())
	case trailBucket != "" && m.SourceBucket != trailBucket:
		return fmt.Errorf("inventory manifest %s: sourceBucket %q: expected the trail bucket %q", inv.url(), m.SourceBucket, trailBucket)
	case len(m.Files) == 0:
		return fmt.Errorf("inventory manifest %s: files: expected at least one data file, got none", inv.url())
	}
	if err := inv.checkSchema(); err != nil {
		return err
	}
	if ms, err := strconv.ParseInt(m.CreationTimestamp, 10, 64); err == nil && ms > 0 {
		inv.began = time.UnixMilli(ms).UTC()
	} else {
		// The folder the manifest is in: YYYY-MM-DDTHH-MMZ.
		parts := strings.Split(inv.key, "/")
		t, err := time.Parse("2006-01-02T15-04Z", parts[max(0, len(parts)-2)])
		if err != nil {
			return fmt.Errorf("inventory manifest %s: creationTimestamp %q: expected milliseconds since 1970 (or the manifest in a YYYY-MM-DDTHH-MMZ folder)", inv.url(), m.CreationTimestamp)
		}
		inv.began = t
	}
	inv.day = inv.began.Format(model.DayLayout)
	return nil
}

// checkSchema verifies the manifest's fileSchema names the columns the
// counts need.
func (inv *inventory) checkSchema() error {
	if inv.parquet {
		return inv.checkParquetSchema()
	}
	cols := inventoryColumns(inv.m.FileSchema)
	for _, need := range []string{"Key", "Size"} {
		if _, ok := cols[need]; !ok {
			return fmt.Errorf("inventory manifest %s: fileSchema %q: expected a %s column (the inventory configuration must include the object size)", inv.url(), inv.m.FileSchema, need)
		}
	}
	return nil
}

// inventoryColumns maps the fileSchema's column names ("Bucket, Key,
// Size, ...") to their index.
func inventoryColumns(schema string) map[string]int {
	out := map[string]int{}
	for i, c := range strings.Split(schema, ",") {
		out[strings.TrimSpace(c)] = i
	}
	return out
}

// findManifests walks the destination below prefix, as S3 lays reports
// out (<prefix>/<source-bucket>/<config-id>/YYYY-MM-DDTHH-MMZ/manifest.json),
// and returns the manifests of one configuration, newest first. With
// several configurations (of the trail bucket, when it is known) it asks
// for one.
func (r *run) findManifests(ctx context.Context, c *s3.Client, bucket, prefix string) ([]string, error) {
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	where := "s3://" + bucket + "/" + prefix
	stamps := map[string][]string{} // configuration folder -> report stamps
	var walk func(p string, depth int) error
	walk = func(p string, depth int) error {
		subs, err := listFolders(ctx, c, bucket, p)
		if err != nil {
			return fmt.Errorf("inventory %s: ListObjectsV2 s3://%s/%s: %s", r.o.Inventory, bucket, p, reason(err))
		}
		for _, s := range subs {
			name := strings.TrimSuffix(strings.TrimPrefix(s, p), "/")
			switch {
			case inventoryStamp.MatchString(name):
				stamps[p] = append(stamps[p], name)
			case name == "data" || name == "hive" || depth >= 3:
			default:
				if err := walk(s, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	parts := strings.Split(strings.TrimSuffix(prefix, "/"), "/")
	if last := parts[len(parts)-1]; inventoryStamp.MatchString(last) {
		return []string{prefix + "manifest.json"}, nil // one report's folder
	}
	if err := walk(prefix, 0); err != nil {
		return nil, err
	}
	var configs []string
	for dir := range stamps {
		// <...>/<source-bucket>/<config-id>/: keep the trail bucket's.
		seg := strings.Split(strings.TrimSuffix(dir, "/"), "/")
		if r.o.Bucket != "" && (len(seg) < 2 || seg[len(seg)-2] != r.o.Bucket) && dir != prefix {
			continue
		}
		configs = append(configs, dir)
	}
	sort.Strings(configs)
	switch {
	case len(configs) == 0 && len(stamps) > 0:
		return nil, fmt.Errorf("inventory %s: no report of the trail bucket %s under it (expected %s%s/<config-id>/YYYY-MM-DDTHH-MMZ/manifest.json)", where, r.o.Bucket, prefix, r.o.Bucket)
	case len(configs) == 0:
		return nil, fmt.Errorf("inventory %s: no manifest.json found (expected %s<source-bucket>/<config-id>/YYYY-MM-DDTHH-MMZ/manifest.json)", where, prefix)
	case len(configs) > 1:
		return nil, fmt.Errorf("inventory %s: %d inventory configurations under it (%s): give the one to read, s3://%s/<its folder>", where, len(configs), strings.Join(configs, ", "), bucket)
	}
	s := stamps[configs[0]]
	sort.Sort(sort.Reverse(sort.StringSlice(s)))
	keys := make([]string, len(s))
	for i, st := range s {
		keys[i] = configs[0] + st + "/manifest.json"
	}
	return keys, nil
}

// dataBucket is where the report's data files are: the manifest's
// destination bucket (an ARN), else the manifest's own bucket.
func (inv *inventory) dataBucket() string {
	if b := strings.TrimPrefix(inv.m.DestinationBucket, "arn:aws:s3:::"); bucketName.MatchString(b) {
		return b
	}
	return inv.bucket
}

// pick is a log file the inventory's sample may read: the files of an
// account and region with the smallest pick hashes are a uniform random
// choice that does not depend on the order the rows come in, so the data
// files can be read at once and their choices merged.
type pick struct {
	sampled
	rank uint64
}

func (r *run) pickRank(key string) uint64 {
	h := fnv.New64a()
	var seed [8]byte
	binary.LittleEndian.PutUint64(seed[:], r.o.Seed)
	h.Write(seed[:])
	h.Write([]byte(key))
	x := h.Sum64()
	// splitmix64's finalizer spreads FNV's bits
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// keepSmallest adds p to picks, keeping the n of smallest rank.
func keepSmallest(picks []pick, p pick, n int) []pick {
	if len(picks) < n {
		return append(picks, p)
	}
	worst := 0
	for i := range picks {
		if picks[i].rank > picks[worst].rank {
			worst = i
		}
	}
	if p.rank < picks[worst].rank {
		picks[worst] = p
	}
	return picks
}

// inventoryPart is what one data file holds, folded.
type inventoryPart struct {
	cells            map[cellKey]*cell
	picks            map[[2]string][]pick
	rows, skip, late int64
}

// readInventory reads the report's data files, at most Concurrency at
// once, each streamed (GetObject, gzip, CSV: one row in memory at a time;
// Parquet: to a temporary file, then a page of each column at a time) and
// checked against the manifest's MD5 before its rows count, and folds
// the trail bucket's log files into the listing's cells, as listBucket
// would: the same keys, accounts, layouts and days.
func (r *run) readInventory(ctx context.Context, inv *inventory, orgID string, accounts []model.Account) (*listing, error) {
	members := map[string]bool{}
	for _, a := range accounts {
		members[a.ID] = true
	}
	cols := inventoryColumns(inv.m.FileSchema)
	l := newListing()
	picks := map[[2]string][]pick{}
	var late int64
	var mu sync.Mutex
	// The first file that fails stops the others.
	g, cctx := errgroup.WithContext(ctx)
	g.SetLimit(r.o.Concurrency)
	for _, f := range inv.m.Files {
		g.Go(func() error {
			if cctx.Err() != nil {
				return nil
			}
			var part *inventoryPart
			var err error
			for attempt := 1; ; attempt++ {
				part, err = r.readInventoryFile(cctx, inv, f.Key, f.Size, f.MD5, cols, orgID, members)
				var broken *brokenStream
				if !errors.As(err, &broken) || attempt == inventoryAttempts || cctx.Err() != nil {
					break
				}
				r.notef("inventory file s3://%s/%s: read again from the start (%s)", inv.dataBucket(), f.Key, broken.err)
			}
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for k, c := range part.cells {
				if have := l.cells[k]; have != nil {
					have.storedBytes += c.storedBytes
					have.logFiles += c.logFiles
				} else {
					l.cells[k] = c
				}
			}
			for k, ps := range part.picks {
				for _, p := range ps {
					picks[k] = keepSmallest(picks[k], p, r.o.SampleFiles)
				}
			}
			l.objects += part.rows
			l.digests += part.skip
			l.pages++
			late += part.late
			return nil
		})
	}
	firstErr := g.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if firstErr != nil {
		return nil, firstErr
	}
	for k, ps := range picks {
		sort.Slice(ps, func(i, j int) bool { return ps[i].rank < ps[j].rank })
		for _, p := range ps {
			l.samples[k] = append(l.samples[k], p.sampled)
		}
	}
	if late > 0 {
		r.notef("%d log files of the inventory are dated %s or later, after its scan began: not counted", late, inv.day)
	}
	return l, nil
}

// inventoryKeyPrefix is the trail's prefix as collect.ParseKey reads it
// from a key: without AWSLogs/ and the slash before it.
func (r *run) inventoryKeyPrefix() string {
	prefix := strings.TrimSuffix(r.bucketPrefix(), "AWSLogs/")
	return strings.TrimSuffix(prefix, "/")
}

// readInventoryFile reads one data file, Parquet or gzipped CSV.
func (r *run) readInventoryFile(ctx context.Context, inv *inventory, key string, size int64, sum string, cols map[string]int, orgID string, members map[string]bool) (*inventoryPart, error) {
	if inv.parquet {
		return r.readInventoryParquet(ctx, inv, key, size, sum, orgID, members)
	}
	where := "inventory file s3://" + inv.dataBucket() + "/" + key
	if len(sum) != 32 {
		return nil, fmt.Errorf("%s: MD5checksum %q in the manifest: expected 32 hex digits", where, sum)
	}
	obj, err := inv.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(inv.dataBucket()), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("%s: GetObject: %s", where, reason(err))
	}
	defer obj.Body.Close()
	h := md5.New()
	body := &countReader{r: io.TeeReader(obj.Body, h)}
	zr, err := gzip.NewReader(body)
	if err != nil {
		if body.err != nil {
			return nil, &brokenStream{where, body.err}
		}
		return nil, fmt.Errorf("%s: expected gzipped CSV: %v", where, err)
	}
	cr := csv.NewReader(zr)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = len(strings.Split(inv.m.FileSchema, ","))
	part := &inventoryPart{cells: map[cellKey]*cell{}, picks: map[[2]string][]pick{}}
	iKey, iSize := cols["Key"], cols["Size"]
	iBucket, hasBucket := cols["Bucket"]
	iLatest, hasLatest := cols["IsLatest"]
	iMarker, hasMarker := cols["IsDeleteMarker"]
	prefix := r.inventoryKeyPrefix()
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if body.err != nil {
			return nil, &brokenStream{where, body.err}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: row %d: expected %d CSV values (fileSchema %q): %v", where, row, cr.FieldsPerRecord, inv.m.FileSchema, err)
		}
		if hasBucket && rec[iBucket] != inv.m.SourceBucket {
			return nil, fmt.Errorf("%s: row %d: Bucket %q, expected the manifest's sourceBucket %q", where, row, rec[iBucket], inv.m.SourceBucket)
		}
		if hasMarker && strings.EqualFold(rec[iMarker], "true") || hasLatest && strings.EqualFold(rec[iLatest], "false") {
			continue // not an object a listing shows
		}
		part.rows++
		objKey, err := url.QueryUnescape(rec[iKey])
		if err != nil {
			return nil, fmt.Errorf("%s: row %d: Key %q: expected a URL-encoded key: %v", where, row, rec[iKey], err)
		}
		bytes, err := strconv.ParseInt(rec[iSize], 10, 64)
		if err != nil || bytes < 0 {
			return nil, fmt.Errorf("%s: row %d: Size %q: expected a byte count", where, row, rec[iSize])
		}
		r.countInventoryObject(part, inv, objKey, bytes, prefix, orgID, members)
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return nil, &brokenStream{where, err}
	}
	if body.err != nil {
		return nil, &brokenStream{where, body.err}
	}
	if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, sum) {
		return nil, fmt.Errorf("%s: MD5 %s, expected the manifest's %s (%d bytes read, the manifest says %d)", where, got, strings.ToLower(sum), body.n, size)
	}
	return part, nil
}

// countInventoryObject adds one object of the report to its cell, by the
// listing's rules: a log file under CloudTrail/ of an account of the
// organization, in its layout, under the trail's prefix, of a day in the
// period and before the report's date; and offers it to the sample.
func (r *run) countInventoryObject(part *inventoryPart, inv *inventory, objKey string, bytes int64, prefix, orgID string, members map[string]bool) {
	k, err := collect.ParseKey(objKey)
	if err != nil || k.Insight || k.Prefix != prefix || !members[k.Account] || k.OrgID != "" && k.OrgID != orgID {
		part.skip++
		return
	}
	if k.Day < r.o.Start || k.Day > r.o.End {
		return
	}
	if k.Day >= inv.day {
		part.late++
		return
	}
	ck := cellKey{k.Account, k.Region, k.Day}
	c := part.cells[ck]
	if c == nil {
		c = &cell{}
		part.cells[ck] = c
	}
	c.storedBytes += bytes
	c.logFiles++
	if n := r.o.SampleFiles; n > 0 {
		g := [2]string{k.Account, k.Region}
		part.picks[g] = keepSmallest(part.picks[g], pick{sampled{objKey, bytes}, r.pickRank(objKey)}, n)
	}
}

// inventoryAttempts bounds the reads of one data file whose body breaks
// off (the SDK retries a request, not a body read halfway).
const inventoryAttempts = 3

// brokenStream is a data file whose body could not be read to its end:
// read again, it may be whole.
type brokenStream struct {
	where string
	err   error
}

func (b *brokenStream) Error() string { return b.where + ": " + reason(b.err) }

// countReader counts the bytes read and keeps the body's first error.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// inventoryPeriod moves the period to end the day before the inventory's
// date, keeping its length, when Options.InventoryPeriod asks for it and
// the period ends later.
func (r *run) inventoryPeriod(inv *inventory) {
	if !r.o.InventoryPeriod || r.o.End < inv.day {
		return
	}
	start, _ := model.ParseDay(r.o.Start)
	end, _ := model.ParseDay(r.o.End)
	day, _ := model.ParseDay(inv.day)
	days := int(end.Sub(start).Hours()/24) + 1
	newEnd := day.AddDate(0, 0, -1)
	r.o.Start, r.o.End = newEnd.AddDate(0, 0, 1-days).Format(model.DayLayout), newEnd.Format(model.DayLayout)
	r.notef("the period is %s..%s, the %d days before the inventory's date %s: the report (its scan began %s) holds no log file of that day or later", r.o.Start, r.o.End, days, inv.day, inv.began.Format(time.RFC3339))
}

// inventoryListing reads the report into the listing's cells, then reads
// the sample of log files from the trail bucket as the listing does. The
// days of the period from the report's date on are a gap: the report holds
// none of their log files, or only those delivered before its scan began.
func (r *run) inventoryListing(ctx context.Context, inv *inventory, orgID string, accounts []model.Account) (*listing, []model.Gap, error) {
	l, err := r.readInventory(ctx, inv, orgID, accounts)
	if err != nil {
		return nil, nil, err
	}
	var gaps []model.Gap
	if r.o.End >= inv.day {
		from := max(r.o.Start, inv.day)
		gaps = append(gaps, model.Gap{Source: SourceS3Inventory, Reason: fmt.Sprintf(
			"the inventory %s of %s (scan begun %s) cannot hold the log files of %s..%s: their stored bytes and log files are not measured (end the period before %s, or wait for a newer report)",
			inv.url(), inv.day, inv.began.Format(time.RFC3339), from, r.o.End, inv.day)})
	}
	r.notef("stored bytes and log files come from the S3 Inventory report of %s (%s, scan begun %s: %d data files, %d objects), not a listing of the bucket",
		inv.day, inv.url(), inv.began.Format(time.RFC3339), len(inv.m.Files), l.objects)
	if r.o.SampleFiles > 0 && len(l.samples) > 0 {
		client, gap := r.bucketClient(ctx)
		if gap != nil {
			gap.Source = SourceS3Inventory
			gap.Reason = "sample log files not read: " + gap.Reason
			return l, append(gaps, *gap), nil
		}
		l.stats = r.readSamples(ctx, client, l)
	}
	return l, gaps, nil
}

// size writes a byte count in KiB or MiB.
func size(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
