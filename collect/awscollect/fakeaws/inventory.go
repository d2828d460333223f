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
//	<Prefix>/<Source>/<ConfigID>/data/<uuid>.parquet              or Parquet (Format "Parquet")
//	<Prefix>/<Source>/<ConfigID>/YYYY-MM-DDTHH-MMZ/manifest.json  the files, their sizes and MD5s
//	<Prefix>/<Source>/<ConfigID>/YYYY-MM-DDTHH-MMZ/manifest.checksum
//
// CSV values are quoted and keys URL-encoded, as S3 writes them; Parquet
// files are Snappy-compressed, their keys as they are.
type Inventory struct {
	Bucket   string    // the destination bucket
	Prefix   string    // the destination prefix ("" for none)
	Source   string    // the bucket inventoried
	ConfigID string    // default "trail-inventory"
	Time     time.Time // when the scan began (the report's date)
	// Format is the manifest's fileFormat: CSV (default), ORC or Parquet.
	// The data files are Parquet for Parquet, else CSV (ORC's too).
	Format      string
	RowsPerFile int // default 1000
	// RowsPerGroup is the most rows of a Parquet row group (default 5000).
	RowsPerGroup int
	// Versions adds the VersionId, IsLatest and IsDeleteMarker columns,
	// with a noncurrent version and a delete marker of the first objects.
	Versions bool
	// Raw is written as it is at the end of the first data file, before
	// its MD5 is taken (malformed rows, for tests).
	Raw string
	// Faults of Parquet reports, for tests. Drop leaves a column out of
	// the data files and the manifest's schema; StringSize writes size as
	// a string column, though the manifest says int64; Truncate cuts the
	// first data file to that many bytes before its MD5 is taken.
	Drop       string
	StringSize bool
	Truncate   int
	// ManifestSchema, when set, is the manifest's fileSchema whatever the
	// files hold.
	ManifestSchema string
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
	if inv.RowsPerGroup <= 0 {
		inv.RowsPerGroup = 5000
	}
}

func (inv Inventory) isParquet() bool { return inv.Format == "Parquet" }

// dataKey is the key of the report's i-th data file.
func (inv Inventory) dataKey(i int) string {
	ext := ".csv.gz"
	if inv.isParquet() {
		ext = ".parquet"
	}
	return fmt.Sprintf("%sdata/%08x-0000-4000-8000-%012d%s", inv.Dir(), inv.Time.Unix(), i, ext)
}

// writeData writes the rows as one data file: gzipped CSV, or Parquet.
func (inv Inventory) writeData(w io.Writer, n int, row func(i int) InventoryRow, raw string) {
	if inv.isParquet() {
		inv.writeParquet(w, n, row)
		return
	}
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	bw := &bytes.Buffer{}
	for i := 0; i < n; i++ {
		inv.csvRow(bw, row(i))
		if bw.Len() > 32<<10 {
			_, _ = zw.Write(bw.Bytes())
			bw.Reset()
		}
	}
	_, _ = zw.Write(bw.Bytes())
	_, _ = io.WriteString(zw, raw)
	_ = zw.Close()
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
	if inv.isParquet() {
		m.FileSchema = inv.parquetFileSchema()
	}
	if inv.ManifestSchema != "" {
		m.FileSchema = inv.ManifestSchema
	}
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
		var buf bytes.Buffer
		part := rows[i:min(i+inv.RowsPerFile, len(rows))]
		raw := ""
		if i == 0 {
			raw = inv.Raw
		}
		inv.writeData(&buf, len(part), func(j int) InventoryRow { return part[j] }, raw)
		body := buf.Bytes()
		if i == 0 && inv.Truncate > 0 {
			body = body[:min(len(body), inv.Truncate)]
		}
		key := inv.dataKey(i / inv.RowsPerFile)
		sum := md5.Sum(body)
		files = append(files, dataFile{key, int64(len(body)), hex.EncodeToString(sum[:])})
		out = append(out, S3Object{Bucket: inv.Bucket, Key: key, Body: body})
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
			inv.writeData(w, int(to-from), func(i int) InventoryRow { return li.rowAt(from + int64(i)) }, "")
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
		key := inv.dataKey(int(from / per))
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
