package fakeaws

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Listing is a virtual trail bucket for listing at scale: Accounts ×
// Regions × Days × Files log files in the organization layout, every one
// Size bytes, answered to ListObjectsV2 page by page from arithmetic and
// never stored, so a test can list millions of keys without the fake
// holding them.
type Listing struct {
	Bucket, OrgID string
	Accounts      []string
	Regions       []string
	Start         time.Time
	Days, Files   int
	Size          int64
	PageSize      int // default 1000, as S3

	Requests atomic.Int64
}

// Objects is how many log files the bucket holds.
func (l *Listing) Objects() int64 {
	return int64(len(l.Accounts) * len(l.Regions) * l.Days * l.Files)
}

func (l *Listing) key(prefix, account, region string, i int) string {
	day := l.Start.AddDate(0, 0, i/l.Files)
	return fmt.Sprintf("%s%s/%s_CloudTrail_%s_%sT0000Z_%08d.json.gz", prefix, day.Format("2006/01/02"), account, region, day.Format("20060102"), i%l.Files)
}

func (l *Listing) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.Requests.Add(1)
	q := r.URL.Query()
	if q.Get("list-type") != "2" || strings.Trim(r.URL.Path, "/") != l.Bucket {
		writeS3Error(w, 400, "NotImplemented", "the virtual bucket answers ListObjectsV2 only")
		return
	}
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	size := l.PageSize
	if size <= 0 {
		size = 1000
	}
	out := listResult{Name: l.Bucket, Prefix: prefix, MaxKeys: size}
	base := "AWSLogs/" + l.OrgID + "/"
	rest, _ := strings.CutPrefix(prefix, base)
	parts := strings.Split(rest, "/")
	switch {
	case prefix == "AWSLogs/" && delim == "/":
		out.CommonPrefixes = []listPrefix{{base}}
	case strings.HasPrefix(prefix, base) && len(parts) == 3 && parts[1] == "CloudTrail" && parts[2] == "" && delim == "/":
		for _, reg := range l.Regions {
			out.CommonPrefixes = append(out.CommonPrefixes, listPrefix{prefix + reg + "/"})
		}
	case strings.HasPrefix(prefix, base) && len(parts) == 4 && parts[1] == "CloudTrail" && parts[3] == "" && delim == "":
		account, region := parts[0], parts[2]
		total := l.Days * l.Files
		from := 0
		if tok := q.Get("continuation-token"); tok != "" {
			from, _ = strconv.Atoi(tok)
		} else if sa := q.Get("start-after"); strings.HasPrefix(sa, prefix) {
			if d, err := time.Parse("2006/01/02", strings.TrimPrefix(sa, prefix)); err == nil {
				from = max(0, int(d.Sub(l.Start).Hours()/24)*l.Files)
			}
		}
		to := min(from+size, total)
		for i := from; i < to; i++ {
			out.Contents = append(out.Contents, listContent{Key: l.key(prefix, account, region, i), LastModified: "2026-10-01T00:05:00.000Z", ETag: `"fake"`, Size: l.Size, StorageClass: "STANDARD"})
		}
		if to < total {
			out.IsTruncated, out.NextContinuationToken = true, strconv.Itoa(to)
		}
	}
	out.write(w)
}

// listResult is a ListObjectsV2 answer, shaped as the S3 API reference
// shows it.
type listResult struct {
	XMLName               xml.Name      `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
	Name                  string        `xml:"Name"`
	Prefix                string        `xml:"Prefix"`
	KeyCount              int           `xml:"KeyCount"`
	MaxKeys               int           `xml:"MaxKeys"`
	IsTruncated           bool          `xml:"IsTruncated"`
	Contents              []listContent `xml:"Contents"`
	CommonPrefixes        []listPrefix  `xml:"CommonPrefixes"`
	NextContinuationToken string        `xml:"NextContinuationToken,omitempty"`
}

type listContent struct {
	Key          string `xml:"Key"`
	LastModified string `xml:"LastModified,omitempty"`
	ETag         string `xml:"ETag,omitempty"`
	Size         int64  `xml:"Size"`
	StorageClass string `xml:"StorageClass,omitempty"`
}

type listPrefix struct {
	Prefix string `xml:"Prefix"`
}

// write counts the keys and prefixes and sends the answer.
func (out listResult) write(w http.ResponseWriter) {
	out.KeyCount = len(out.Contents) + len(out.CommonPrefixes)
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write([]byte(xml.Header))
	_ = xml.NewEncoder(w).Encode(out)
}
