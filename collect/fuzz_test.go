package collect

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Run with:
//
//	go test ./collect -run '^$' -fuzz FuzzScanner -fuzztime 20s
//	go test ./collect -run '^$' -fuzz FuzzParseKey -fuzztime 20s

var scannerSeeds = []string{
	`{"Records":[]}`,
	" {\n\"Records\" : [ ] }\n",
	`{"Records":[{"eventCategory":"Management","readOnly":true,"eventName":"GetObject","eventSource":"s3.amazonaws.com","eventTime":"2026-01-01T00:00:00Z","recipientAccountId":"111122223333","awsRegion":"us-east-1"}]}`,
	`{"Records":[{"eventName":"Invoke","eventSource":"lambda.amazonaws.com","managementEvent":false},{"eventCategory":"NetworkActivity"},{"eventCategory":"Insight"}]}`,
	`{"x":{"Records":[1]},"Records":[{"a":"}{\"][","b":[{"c":{}}],"eventName":"Get\u0041"}],"y":null}`,
	`{"Records":[{"eventVersion":"1.0","accountId":"111122223333","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-west-2","eventSource":"s3.amazonaws.com","timeWindow":{"windowStart":"2025-11-17T19:20:00Z","windowEnd":"2025-11-17T19:25:00Z","windowSize":"PT5M"},"summary":{"primaryDimension":{"dimension":"eventName","statistics":[{"name":"PutObject","value":1000}],"aggregationType":"Count"}}},{"eventType":"AwsAggregatedEvent"}]}`,
	`{"Records":[{"eventName":"Describe\\","k":"\\\"","readOnly":"false","eventType":"AwsCloudTrailInsight"}]}`,
	`{"Records":[{"a":1 "b":2}]}`,
	`{"Records":[],"Records":[]}`,
	`{"Records":{"a":[]}}`,
	`{"Records":["x"]}`,
	`{"Records":[{"a":[}]}`,
	`{"Events":[],"NextToken":"t"}`,
	"{\"eventName\":\"x\"}\n{\"eventName\":\"y\"}\n",
	`{"Records":[{"eventName":"Get`,
	"\xef\xbb\xbf{\"Records\":[]}",
	"",
}

// FuzzScanner checks the scanner never panics, gives the same answer
// however the input is chunked, and, on every document encoding/json reads
// as {"Records":[{...}]}, agrees with it event for event and byte for byte.
func FuzzScanner(f *testing.F) {
	for _, s := range scannerSeeds {
		f.Add([]byte(s))
	}
	// Real delivered logs, when present, seed the corpus (never stored).
	files, _ := filepath.Glob(filepath.Join(realDir, "flaws2-logs/AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz"))
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		whole, err := Scan(bytes.NewReader(data), "f")
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("error of more than one line: %q", err)
		}
		// Any chunking gives the same result, read byte by byte or through
		// the structural index (which short chunks do not get otherwise).
		size := 1 + len(data)%13
		s := NewScanner()
		s.alwaysIndex = len(data)%2 == 0
		var cerr error
		for i := 0; i < len(data) && cerr == nil; i += size {
			_, cerr = s.Write(data[i:min(i+size, len(data))])
		}
		var chunked *FileStats
		if cerr == nil {
			chunked, cerr = s.Close()
		}
		is := NewScanner()
		is.alwaysIndex = true
		_, ierr := is.Write(data)
		var indexed *FileStats
		if ierr == nil {
			indexed, ierr = is.Close()
		}
		// The same through the Go walk alone, without the assembly.
		gs := NewScanner()
		gs.alwaysIndex, gs.goWalk = true, true
		_, gerr := gs.Write(data)
		var goWalked *FileStats
		if gerr == nil {
			goWalked, gerr = gs.Close()
		}
		if (ierr == nil) != (gerr == nil) || ierr != nil && ierr.Error() != gerr.Error() {
			t.Fatalf("indexed whole: %v, through the Go walk: %v", ierr, gerr)
		}
		if ierr == nil && !reflect.DeepEqual(indexed, goWalked) {
			t.Fatalf("indexed whole: %+v, through the Go walk: %+v", indexed, goWalked)
		}
		gzipped := len(data) > 1 && data[0] == 0x1f && data[1] == 0x8b
		if !gzipped {
			if (err == nil) != (cerr == nil) || (err == nil) != (ierr == nil) {
				t.Fatalf("whole: %v, chunks of %d (indexed %v): %v, indexed whole: %v", err, size, s.alwaysIndex, cerr, ierr)
			}
			if err == nil {
				if d := sameCounts(chunked, whole); d != "" {
					t.Fatalf("chunks of %d: %s", size, d)
				}
				if d := sameCounts(indexed, whole); d != "" {
					t.Fatalf("indexed whole: %s", d)
				}
			}
		}
		if gzipped {
			return
		}
		want, _, ok := referenceQuiet(data)
		if !ok {
			return
		}
		if errors.Is(err, ErrDuplicateRecords) || topRecordsKeys(data) > 1 {
			return // encoding/json takes the last, the scanner refuses
		}
		if err != nil {
			t.Fatalf("encoding/json reads %d records, the scanner fails: %v", want.Events, err)
		}
		if whole.Counts != want.Counts {
			t.Fatalf("counts %+v, encoding/json %+v", whole.Counts, want.Counts)
		}
		// Field values: compared when they are valid UTF-8 (encoding/json
		// replaces invalid bytes) and short (the scanner keeps 128 bytes).
		if utf8.Valid(data) && !longString.Match(data) {
			if d := sameCounts(whole, &want); d != "" {
				t.Fatal(d)
			}
		}
	})
}

// topRecordsKeys counts the top-level keys that decode to "Records".
func topRecordsKeys(data []byte) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth, n, expectKey := 0, 0, false
	for {
		tok, err := dec.Token()
		if err != nil {
			return n
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if depth == 0 {
					expectKey = true
				}
				depth++
			default:
				depth--
				if depth == 1 {
					expectKey = true
				}
			}
			continue
		}
		if depth == 1 {
			if s, _ := tok.(string); expectKey && s == "Records" {
				n++
			}
			expectKey = !expectKey
		}
	}
}

var longString = regexp.MustCompile(`[^"]{100}`)

// referenceQuiet is reference without a testing.TB: a document
// encoding/json cannot fully read is simply not ok.
func referenceQuiet(data []byte) (st FileStats, compact int64, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return reference(panicTB{}, data)
}

// panicTB turns reference's t.Fatal into a panic referenceQuiet recovers.
type panicTB struct{ testing.TB }

func (panicTB) Fatal(args ...any) { panic("reference") }

// FuzzParseKey checks that a key ParseKey accepts is well formed and is
// exactly the key its fields rebuild.
func FuzzParseKey(f *testing.F) {
	for _, k := range []string{
		"AWSLogs/o-aa11bb22cc/111122223333/CloudTrail/us-east-1/2026/03/07/111122223333_CloudTrail_us-east-1_20260307T1350Z_R.json.gz",
		"p/q/AWSLogs/111122223333/CloudTrail-Insight/eu-west-1/2024/02/29/a.json",
		"AWSLogs/420228061920/CloudTrail-Digest/us-east-1/2026/03/07/d.json.gz",
		"AWSLogs/420228061920/CloudTrail/",
		"AWSLogs/AWSLogs/111122223333/CloudTrail/us-gov-west-1/2026/12/31/x.json.gz",
		"AWSLogs/o-x/111122223333/CloudTrail/us-east-1/2026/13/01/x.json.gz",
		"",
	} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		k, err := ParseKey(key)
		if err != nil {
			if !strings.Contains(err.Error(), key) {
				t.Fatalf("error %q does not name the key", err)
			}
			return
		}
		if !keyAccount.MatchString(k.Account) || !keyRegion.MatchString(k.Region) || (k.OrgID != "" && !keyOrg.MatchString(k.OrgID)) {
			t.Fatalf("%q: %+v", key, k)
		}
		if _, err := time.Parse("2006-01-02", k.Day); err != nil {
			t.Fatalf("%q: day %q", key, k.Day)
		}
		kind := "CloudTrail"
		if k.Insight {
			kind = "CloudTrail-Insight"
		}
		parts := []string{}
		if k.Prefix != "" || strings.HasPrefix(key, "/") {
			parts = append(parts, k.Prefix)
		}
		parts = append(parts, "AWSLogs")
		if k.OrgID != "" {
			parts = append(parts, k.OrgID)
		}
		parts = append(parts, k.Account, kind, k.Region, strings.ReplaceAll(k.Day, "-", "/"), k.File)
		if back := strings.Join(parts, "/"); back != key {
			t.Fatalf("%q rebuilds as %q", key, back)
		}
	})
}
