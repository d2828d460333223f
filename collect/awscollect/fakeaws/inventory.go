package fakeaws

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Inventory describes an Amazon S3 Inventory report of a source bucket, as
// S3 delivers it to a destination bucket:
//
//	<Prefix>/<Source>/<ConfigID>/data/<uuid>.csv.gz               gzipped CSV, one row an object
//	<Prefix>/<Source>/<ConfigID>/YYYY-MM-DDTHH-MMZ/manifest.json  the files, their sizes and MD5s
//	<Prefix>/<Source>/<ConfigID>/YYYY-MM-DDTHH-MMZ/manifest.checksum
//
// CSV values are quoted and keys URL-encoded, as S3 writes them.
type Inventory struct {
	Bucket   string    // the destination bucket
	Prefix   string    // the destination prefix ("" for none)
	Source   string    // the bucket inventoried
	ConfigID string    // default "trail-inventory"
	Time     time.Time // when the scan began (the report's date)
	// Format is the manifest's fileFormat: CSV (default), ORC or Parquet
	// (the data files are CSV whatever it says).
	Format      string
	RowsPerFile int // default 1000
	// Versions adds the VersionId, IsLatest and IsDeleteMarker columns,
	// with a noncurrent version and a delete marker of the first objects.
	Versions bool
	// Raw is written as it is at the end of the first data file, before
	// its MD5 is taken (malformed rows, for tests).
	Raw string
}

func (inv *Inventory) defaults() {
	if inv.ConfigID == "" {
		inv.ConfigID = "trail-inventory"
	}
	if inv.Format == "" {
		inv.Format = "CSV"
	}
	if inv.RowsPerFile <= 0 {
		inv.RowsPerFile = 1000
	}
}

// Dir is the folder of the report's configuration: <Prefix>/<Source>/<ConfigID>/.
func (inv Inventory) Dir() string {
	inv.defaults()
	p := strings.Trim(inv.Prefix, "/")
	if p != "" {
		p += "/"
	}
	return p + inv.Source + "/" + inv.ConfigID + "/"
}

// ManifestKey is where the report's manifest.json is.
func (inv Inventory) ManifestKey() string {
	return inv.Dir() + inv.Time.UTC().Format("2006-01-02T15-04Z") + "/manifest.json"
}

func (inv Inventory) schema() []string {
	if inv.Versions {
		return []string{"Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker", "Size", "LastModifiedDate", "ETag", "StorageClass"}
	}
	return []string{"Bucket", "Key", "Size", "LastModifiedDate", "ETag", "StorageClass"}
}

// InventoryRow is one object an inventory lists.
type InventoryRow struct {
	Key          string
	Size         int64
	Version      string
	Noncurrent   bool // IsLatest false
	DeleteMarker bool
}

// csvRow writes one row, every value quoted, the key URL-encoded.
func (inv Inventory) csvRow(w io.Writer, r InventoryRow) {
	vals := []string{inv.Source, url.QueryEscape(r.Key)}
	if inv.Versions {
		vals = append(vals, r.Version, strconv.FormatBool(!r.Noncurrent), strconv.FormatBool(r.DeleteMarker))
	}
	size := strconv.FormatInt(r.Size, 10)
	if r.DeleteMarker {
		size = ""
	}
	vals = append(vals, size, "2026-10-01T00:05:00.000Z", "0123456789abcdef0123456789abcdef", "STANDARD")
	for i, v := range vals {
		if i > 0 {
			io.WriteString(w, ",")
		}
		io.WriteString(w, `"`+strings.ReplaceAll(v, `"`, `""`)+`"`)
	}
	io.WriteString(w, "\n")
}

// dataFile is one gzipped CSV file of the report.
type dataFile struct {
	Key  string `json:"key"`
	Size int64  `json:"size"`
	MD5  string `json:"MD5checksum"`
}

// manifest is the manifest.json of the report with the files given.
func (inv Inventory) manifest(files []dataFile) []byte {
	inv.defaults()
	m := struct {
		SourceBucket      string     `json:"sourceBucket"`
		DestinationBucket string     `json:"destinationBucket"`
		Version           string     `json:"version"`
		CreationTimestamp string     `json:"creationTimestamp"`
		FileFormat        string     `json:"fileFormat"`
		FileSchema        string     `json:"fileSchema"`
		Files             []dataFile `json:"files"`
	}{inv.Source, "arn:aws:s3:::" + inv.Bucket, "2016-11-30", strconv.FormatInt(inv.Time.UnixMilli(), 10),
		inv.Format, strings.Join(inv.schema(), ", "), files}
	if inv.Format == "ORC" {
		m.FileSchema = "struct<bucket:string,key:string,size:bigint,last_modified_date:timestamp,e_tag:string,storage_class:string>"
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return b
}

// rows are the inventory's rows of the objects in the source bucket: every
// object, and with Versions a noncurrent version and a delete marker of
// the first two objects.
func (inv Inventory) rows(objects []S3Object) []InventoryRow {
	var out []InventoryRow
	for _, o := range objects {
		if o.Bucket != inv.Source {
			continue
		}
		out = append(out, InventoryRow{Key: o.Key, Size: int64(len(o.Body)), Version: "v2"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	if inv.Versions && len(out) >= 2 {
		out = append(out,
			InventoryRow{Key: out[0].Key, Size: 999, Version: "v1", Noncurrent: true},
			InventoryRow{Key: out[1].Key + ".deleted", Version: "v3", DeleteMarker: true})
	}
	return out
}

// Objects writes the report of the objects of the source bucket: its
// gzipped CSV files, the manifest and its checksum, in the destination bucket.
func (inv Inventory) Objects(objects []S3Object) []S3Object {
	inv.defaults()
	rows := inv.rows(objects)
	var out []S3Object
	var files []dataFile
	for i := 0; i < len(rows) || i == 0; i += inv.RowsPerFile {
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		for _, r := range rows[i:min(i+inv.RowsPerFile, len(rows))] {
			inv.csvRow(zw, r)
		}
		if i == 0 {
			io.WriteString(zw, inv.Raw)
		}
		_ = zw.Close()
		key := fmt.Sprintf("%sdata/%08x-0000-4000-8000-%012d.csv.gz", inv.Dir(), inv.Time.Unix(), i/inv.RowsPerFile)
		sum := md5.Sum(gz.Bytes())
		files = append(files, dataFile{key, int64(gz.Len()), hex.EncodeToString(sum[:])})
		out = append(out, S3Object{Bucket: inv.Bucket, Key: key, Body: gz.Bytes()})
	}
	m := inv.manifest(files)
	sum := md5.Sum(m)
	return append(out,
		S3Object{Bucket: inv.Bucket, Key: inv.ManifestKey(), Body: m},
		S3Object{Bucket: inv.Bucket, Key: strings.TrimSuffix(inv.ManifestKey(), ".json") + ".checksum", Body: []byte(hex.EncodeToString(sum[:]) + "\n")})
}

// ListingInventory serves the inventory report of a virtual Listing bucket
// (every one of its log files a row, in key order) from arithmetic: each
// data file is generated again, byte for byte the same, on every GET, so
// a test can read millions of rows without the fake holding them. It also
// answers the Listing's own ListObjectsV2 requests.
type ListingInventory struct {
	Listing   *Listing
	Inventory Inventory // Source is the Listing's bucket
	// Hold keeps each data file's bytes once made, so that answering
	// allocates nothing (memory tests measure the reader, not the fake).
	Hold bool
	// Break cuts the first answer for each data file off after that many
	// bytes and drops the connection: a body that breaks halfway.
	Break int64

	broken sync.Map // data files already cut off

	Requests atomic.Int64

	once    sync.Once
	files   []dataFile
	objects map[string]func(io.Writer) // key -> body
}

// Rows is how many rows the report holds.
func (li *ListingInventory) Rows() int64 { return li.Listing.Objects() }

// rowAt is the i-th row of the report, in key order.
func (li *ListingInventory) rowAt(i int64) InventoryRow {
	l := li.Listing
	perAccount := int64(len(l.Regions) * l.Days * l.Files)
	perRegion := int64(l.Days * l.Files)
	account := l.Accounts[i/perAccount]
	region := l.Regions[i%perAccount/perRegion]
	prefix := "AWSLogs/" + l.OrgID + "/" + account + "/CloudTrail/" + region + "/"
	return InventoryRow{Key: l.key(prefix, account, region, int(i%perRegion)), Size: l.Size}
}

func (li *ListingInventory) build() {
	inv := li.Inventory
	inv.defaults()
	li.Inventory = inv
	li.objects = map[string]func(io.Writer){}
	rows := li.Rows()
	per := int64(inv.RowsPerFile)
	for from := int64(0); from < rows; from += per {
		to := min(from+per, rows)
		write := func(w io.Writer) {
			zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
			bw := &bytes.Buffer{}
			for i := from; i < to; i++ {
				inv.csvRow(bw, li.rowAt(i))
				if bw.Len() > 32<<10 {
					_, _ = zw.Write(bw.Bytes())
					bw.Reset()
				}
			}
			_, _ = zw.Write(bw.Bytes())
			_ = zw.Close()
		}
		h := md5.New()
		n := &countWriter{w: h}
		if li.Hold {
			var buf bytes.Buffer
			write(&buf)
			body := buf.Bytes()
			write = func(w io.Writer) { _, _ = w.Write(body) }
		}
		write(n)
		key := fmt.Sprintf("%sdata/%08x-0000-4000-8000-%012d.csv.gz", inv.Dir(), inv.Time.Unix(), from/per)
		li.files = append(li.files, dataFile{key, n.n, hex.EncodeToString(h.Sum(nil))})
		li.objects[key] = write
	}
	m := inv.manifest(li.files)
	li.objects[inv.ManifestKey()] = func(w io.Writer) { _, _ = w.Write(m) }
}

type countWriter struct {
	w hash.Hash
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.w.Write(p)
}

// Files is how many data files the report has.
func (li *ListingInventory) Files() int {
	li.once.Do(li.build)
	return len(li.files)
}

func (li *ListingInventory) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	li.once.Do(li.build)
	li.Requests.Add(1)
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if bucket == li.Listing.Bucket {
		li.Listing.ServeHTTP(w, r)
		return
	}
	if bucket != li.Inventory.Bucket {
		writeS3Error(w, 404, "NoSuchBucket", "The specified bucket does not exist")
		return
	}
	if key == "" && r.URL.Query().Get("list-type") == "2" {
		keys := make([]string, 0, len(li.objects))
		for k := range li.objects {
			keys = append(keys, k)
		}
		serveKeyList(w, r, bucket, keys)
		return
	}
	write, ok := li.objects[key]
	if !ok || r.Method != http.MethodGet {
		writeS3Error(w, 404, "NoSuchKey", "The specified key does not exist.")
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if _, done := li.broken.LoadOrStore(key, true); li.Break > 0 && !done && key != li.Inventory.ManifestKey() {
		write(&cutWriter{w: w, left: li.Break})
		panic(http.ErrAbortHandler) // the connection drops
	}
	write(w)
}

// cutWriter passes on the first left bytes and swallows the rest.
type cutWriter struct {
	w    io.Writer
	left int64
}

func (c *cutWriter) Write(p []byte) (int, error) {
	if c.left > 0 {
		n := min(int64(len(p)), c.left)
		if _, err := c.w.Write(p[:n]); err != nil {
			return 0, err
		}
		c.left -= n
		if f, ok := c.w.(http.Flusher); ok {
			f.Flush()
		}
	}
	return len(p), nil
}

// serveKeyList answers ListObjectsV2 over a few keys: prefix and delimiter,
// one page.
func serveKeyList(w http.ResponseWriter, r *http.Request, bucket string, keys []string) {
	q := r.URL.Query()
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	out := listResult{Name: bucket, Prefix: prefix, MaxKeys: 1000}
	sort.Strings(keys)
	seen := map[string]bool{}
	for _, k := range keys {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		if delim != "" {
			if i := strings.Index(rest, delim); i >= 0 {
				p := prefix + rest[:i+len(delim)]
				if !seen[p] {
					seen[p] = true
					out.CommonPrefixes = append(out.CommonPrefixes, listPrefix{p})
				}
				continue
			}
		}
		out.Contents = append(out.Contents, listContent{Key: k})
	}
	out.write(w)
}
