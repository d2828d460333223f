package fakeaws

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// S3Object is one object the S3 fake holds.
type S3Object struct {
	Bucket, Key string
	Body        []byte
}

// newS3 starts gofakes3 in memory (path-style), filled with objects, behind
// a recorder and the same fault injection as the other fakes.
func (f *Fake) newS3(objects []S3Object) (*httptest.Server, error) {
	backend := s3mem.New()
	made := map[string]bool{}
	for _, o := range objects {
		if !made[o.Bucket] {
			if err := backend.CreateBucket(o.Bucket); err != nil {
				return nil, fmt.Errorf("fake s3: bucket %s: %w", o.Bucket, err)
			}
			made[o.Bucket] = true
		}
		if _, err := backend.PutObject(o.Bucket, o.Key, map[string]string{}, bytes.NewReader(o.Body), int64(len(o.Body)), nil); err != nil {
			return nil, fmt.Errorf("fake s3: %s/%s: %w", o.Bucket, o.Key, err)
		}
	}
	inner := gofakes3.New(backend, gofakes3.WithHostBucket(false)).Server()
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, ft := f.record("s3:"+s3Action(r), r)
		if ft != nil && answerFault(w, r, ft, faultAnswers{
			throttle: newErr(503, "SlowDown", "Please reduce your request rate."),
			deny:     newErr(403, "AccessDenied", "Access Denied"),
			server:   newErr(500, "InternalError", "We encountered an internal error. Please try again."),
			expired:  newErr(400, "ExpiredToken", "The provided token has expired."),
		}, func(w http.ResponseWriter, e *apiError) { writeS3Error(w, e.status, e.code, e.msg) }) {
			return
		}
		if ft != nil && ft.kind == RepeatToken && s3Action(r) == "ListObjectsV2" {
			// an empty page that is not the last, its token always the same
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>%s</Name><Prefix>%s</Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>%s</NextContinuationToken></ListBucketResult>`,
				strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")[0], r.URL.Query().Get("prefix"), RepeatedToken)
			return
		}
		inner.ServeHTTP(w, r)
	})), nil
}

// s3Action names the S3 API a path-style request calls.
func s3Action(r *http.Request) string {
	path := strings.TrimPrefix(r.URL.Path, "/")
	bucket, key, _ := strings.Cut(path, "/")
	q := r.URL.Query()
	switch {
	case bucket == "":
		return "ListBuckets"
	case key == "" && r.Method == http.MethodGet && q.Get("list-type") == "2":
		return "ListObjectsV2"
	case key == "" && r.Method == http.MethodGet && q.Has("location"):
		return "GetBucketLocation"
	case key == "" && r.Method == http.MethodGet:
		return "ListObjects"
	case r.Method == http.MethodGet:
		return "GetObject"
	case r.Method == http.MethodHead:
		return "HeadObject"
	default:
		return r.Method + "Object"
	}
}

func writeS3Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>fake-request</RequestId></Error>`, code, msg)
}
