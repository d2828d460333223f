package collect

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// realDir holds real CloudTrail logs written by others (see its SOURCES.md);
// tests that read it skip when it is absent.
const realDir = "../../shared/data/real"

// reference counts a log the plain way: encoding/json decodes the document
// into raw records, and each record's fields into a map. ok is false when
// the document is not of the form {"Records":[{...},...]}.
func reference(t testing.TB, data []byte) (st FileStats, compactBytes int64, ok bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return st, 0, false
	}
	raw, found := top["Records"]
	if !found || len(bytes.TrimLeft(raw, " \t\r\n")) == 0 || bytes.TrimLeft(raw, " \t\r\n")[0] != '[' {
		return st, 0, false
	}
	var recs []json.RawMessage
	if json.Unmarshal(raw, &recs) != nil {
		return st, 0, false
	}
	for _, r := range recs {
		if r[0] != '{' {
			return st, 0, false
		}
		var c bytes.Buffer
		if err := json.Compact(&c, r); err != nil {
			t.Fatal(err)
		}
		compactBytes += int64(c.Len())
		var m map[string]any
		if err := json.Unmarshal(r, &m); err != nil {
			t.Fatal(err)
		}
		str := func(k string) (string, bool) { s, ok := m[k].(string); return s, ok }
		boolean := func(k string) (bool, bool) {
			switch v := m[k].(type) {
			case bool:
				return v, true
			case string:
				if v == "true" || v == "false" {
					return v == "true", true
				}
			}
			return false, false
		}
		category, _ := str("eventCategory")
		eventType, _ := str("eventType")
		source, sourceOK := str("eventSource")
		name, _ := str("eventName")
		mgmt, mgmtOK := boolean("managementEvent")
		ro, roOK := boolean("readOnly")
		st.Events++
		st.EventBytes += int64(len(r))
		switch Classify(category, mgmt, mgmtOK, eventType, source, name, ro, roOK) {
		case KindManagementRead:
			st.ManagementRead++
		case KindManagementWrite:
			st.ManagementWrite++
		case KindData:
			st.Data++
		case KindNetwork:
			st.Network++
		case KindInsight:
			st.Insights++
		case KindAggregated:
			st.Aggregated++
		}
		key := func(s string, ok bool) string {
			if !ok {
				return ""
			}
			if len(s) > maxValue {
				return "(too long)"
			}
			return s
		}
		_ = sourceOK
		countValue(&st.Sources, key(str("eventSource")))
		countValue(&st.Accounts, key(str("recipientAccountId")))
		countValue(&st.Regions, key(str("awsRegion")))
		if tm, ok := str("eventTime"); ok && tm != "" {
			if st.FirstEventTime == "" || tm < st.FirstEventTime {
				st.FirstEventTime = tm
			}
			if tm > st.LastEventTime {
				st.LastEventTime = tm
			}
		}
	}
	return st, compactBytes, true
}

func readMaybeGzip(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// countValue counts one event of value v in ts, a new value last, as the
// scanner orders them.
func countValue(ts *[]Tally, v string) {
	for i := range *ts {
		if (*ts)[i].Value == v {
			(*ts)[i].Events++
			return
		}
	}
	*ts = append(*ts, Tally{v, 1})
}

// tallyMap and eventMap are a file's tallies as maps, for the tests that
// look values up.
func tallyMap(ts []Tally) map[string]int64 {
	m := map[string]int64{}
	for _, t := range ts {
		m[t.Value] += t.Events
	}
	return m
}

func eventMap(ts []EventTally) map[EventKey]EventCount {
	m := map[EventKey]EventCount{}
	for _, t := range ts {
		m[t.EventKey] = t.EventCount
	}
	return m
}

func sameCounts(a, b *FileStats) string {
	if a.Counts != b.Counts {
		return fmt.Sprintf("counts %+v, want %+v", a.Counts, b.Counts)
	}
	for _, m := range []struct {
		name string
		x, y []Tally
	}{{"sources", a.Sources, b.Sources}, {"accounts", a.Accounts, b.Accounts}, {"regions", a.Regions, b.Regions}} {
		if len(m.x) == 0 && len(m.y) == 0 {
			continue
		}
		if !reflect.DeepEqual(m.x, m.y) {
			return fmt.Sprintf("%s %v, want %v", m.name, m.x, m.y)
		}
	}
	if a.FirstEventTime != b.FirstEventTime || a.LastEventTime != b.LastEventTime {
		return fmt.Sprintf("event times %s..%s, want %s..%s", a.FirstEventTime, a.LastEventTime, b.FirstEventTime, b.LastEventTime)
	}
	return ""
}

// TestRealLogsAgreeWithEncodingJSON scans every real Records-form log file
// and compares, event for event and byte for byte, with encoding/json.
func TestRealLogsAgreeWithEncodingJSON(t *testing.T) {
	if _, err := os.Stat(realDir); err != nil {
		t.Skip("real data folder absent:", realDir)
	}
	var logs, others int
	var total Counts
	err := filepath.WalkDir(realDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".json.gz")) {
			return err
		}
		data := readMaybeGzip(t, path)
		want, compact, ok := reference(t, data)
		got, serr := ScanFile(path)
		if !ok {
			others++
			if serr == nil {
				t.Errorf("%s: encoding/json finds no Records array, the scanner counted %+v", path, got.Counts)
			}
			return nil
		}
		logs++
		if serr != nil {
			t.Errorf("%s: %v", path, serr)
			return nil
		}
		if d := sameCounts(got, &want); d != "" {
			t.Errorf("%s: %s", path, d)
		}
		// Chunk ends anywhere: inside strings, escapes and nested values,
		// each chunk read through its structural index.
		for _, size := range []int{97, 1000} {
			s := NewScanner()
			s.alwaysIndex = true
			for i := 0; i < len(data) && serr == nil; i += size {
				_, serr = s.Write(data[i:min(i+size, len(data))])
			}
			var chunked *FileStats
			if serr == nil {
				chunked, serr = s.Close()
			}
			if serr != nil {
				t.Errorf("%s in chunks of %d: %v", path, size, serr)
			} else if d := sameCounts(chunked, got); d != "" {
				t.Errorf("%s in chunks of %d: %s", path, size, d)
			}
		}
		// CloudTrail delivers compact JSON: each record as it stands in
		// the file is its compact encoding.
		if compact != want.EventBytes {
			t.Errorf("%s: records hold %d bytes as they stand, %d compacted: not a delivered (compact) file", path, want.EventBytes, compact)
		}
		if got.UncompressedBytes != int64(len(data)) {
			t.Errorf("%s: uncompressed %d, want %d", path, got.UncompressedBytes, len(data))
		}
		if got.Gzip != strings.HasSuffix(path, ".gz") {
			t.Errorf("%s: gzip %v", path, got.Gzip)
		}
		total.Add(got.Counts)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// SOURCES.md: invictus 55 files, 2,900 events, flaws2 8 files, 37 events.
	if logs != 63 || total.Events != 2937 {
		t.Errorf("%d log files with %d events, want 63 and 2937", logs, total.Events)
	}
	t.Logf("%d log files, %d other JSON files; %+v", logs, others, total)
}

// TestFlaws2Kinds checks the rules for records without eventCategory against
// SOURCES.md: flaws2 holds 25 data-plane calls (S3 object-level and Lambda
// Invoke) and 12 management calls.
func TestFlaws2Kinds(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(realDir, "flaws2-logs/AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz"))
	if len(files) == 0 {
		t.Skip("flaws2 logs absent")
	}
	var c Counts
	for _, f := range files {
		st, err := ScanFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c.Add(st.Counts)
	}
	if c.Events != 37 || c.Data != 25 || c.ManagementRead+c.ManagementWrite != 12 {
		t.Errorf("%+v, want 37 events: 25 data, 12 management", c)
	}
	// ListBuckets, ListImages, BatchGetImage, GetDownloadUrlForLayer are
	// reads; AssumeRole x3 and CreateLogStream x5 are writes.
	if c.ManagementRead != 4 || c.ManagementWrite != 8 {
		t.Errorf("management read %d write %d, want 4 and 8", c.ManagementRead, c.ManagementWrite)
	}
}

func scanBytes(data []byte) (*FileStats, error) { return Scan(bytes.NewReader(data), "test.json") }

func gz(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestScannerCases(t *testing.T) {
	rec := `{"eventVersion":"1.08","eventTime":"2026-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","readOnly":true,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"}`
	cases := []struct {
		name, doc string
		want      Counts
	}{
		{"empty list", `{"Records":[]}`, Counts{}},
		{"empty list, white space", " \n{ \"Records\" :\t[ \r\n ] }\n\n", Counts{}},
		{"one data event", `{"Records":[` + rec + `]}`, Counts{Events: 1, Data: 1, EventBytes: int64(len(rec))}},
		{"other top-level keys", `{"a":{"Records":[1,2]},"b":"}{","c":[{}],"d":-1.5e3,"Records":[` + rec + `],"e":null}`,
			Counts{Events: 1, Data: 1, EventBytes: int64(len(rec))}},
		{"braces, quotes and escapes in strings",
			`{"Records":[{"eventName":"Put\"Thing{","requestParameters":{"x":"}]\\","y":"\\\"}"},"readOnly":false},{"eventName":"Get\u0041","z":["[{\"",{}]}]}`,
			Counts{Events: 2, ManagementRead: 1, ManagementWrite: 1, EventBytes: 130}},
		{"escaped key", `{"Rec\u006frds":[{"event\u0043ategory":"Insight"}]}`, Counts{Events: 1, Insights: 1, EventBytes: 32}},
		{"network and insight", `{"Records":[{"eventCategory":"NetworkActivity"},{"eventCategory":"Insight","eventType":"AwsCloudTrailInsight"}]}`,
			Counts{Events: 2, Network: 1, Insights: 1, EventBytes: 97}},
		{"pretty-printed record counts its white space", "{\"Records\":[\n  {\n    \"eventName\": \"ListBuckets\"\n  }\n]}",
			Counts{Events: 1, ManagementRead: 1, EventBytes: int64(len("{\n    \"eventName\": \"ListBuckets\"\n  }"))}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, data := range [][]byte{[]byte(tc.doc), gz(t, []byte(tc.doc))} {
				st, err := scanBytes(data)
				if err != nil {
					t.Fatal(err)
				}
				if st.Counts != tc.want {
					t.Errorf("%+v, want %+v", st.Counts, tc.want)
				}
				if ref, _, ok := reference(t, []byte(tc.doc)); !ok || ref.Counts != tc.want {
					t.Errorf("encoding/json reference: %v %+v", ok, ref.Counts)
				}
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte{}, b...)
	c[i] ^= 0xff
	return c
}

func TestScannerRejects(t *testing.T) {
	good := gz(t, []byte(`{"Records":[{"eventName":"GetObject","eventSource":"s3.amazonaws.com"}]}`))
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty file", nil, "empty file"},
		{"white space", []byte("  \n"), "only white space"},
		{"not JSON", []byte("hello"), `not a CloudTrail log file`},
		{"no Records", []byte(`{"Events":[{"a":1}],"NextToken":"x"}`), `no "Records" array`},
		{"NDJSON", []byte("{\"eventName\":\"x\"}\n{\"eventName\":\"y\"}\n"), "after the end of the log"},
		{"Records not an array", []byte(`{"Records":{"a":1}}`), `"Records" is not an array`},
		{"Records of strings", []byte(`{"Records":["a"]}`), "Records[0] is not an object"},
		{"two Records", []byte(`{"Records":[],"Records":[]}`), `"Records" appears twice`},
		{"truncated JSON", []byte(`{"Records":[{"eventName":"GetObj`), "unexpected end of file in Records[0]"},
		{"truncated gzip", good[:len(good)-12], "truncated gzip stream"},
		{"corrupt gzip", flip(good, len(good)-8), "corrupt gzip stream: gzip: invalid checksum"},
		{"gzip of nothing", gz(t, nil), "empty file"},
		{"mismatched brackets", []byte(`{"Records":[{"a":[}]}`), "mismatched"},
		{"missing comma", []byte(`{"Records":[{"a":1 "b":2}]}`), "expected ',' or '}'"},
		{"trailing garbage", []byte(`{"Records":[]} x`), "unexpected \"x\" after the end"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Scan(bytes.NewReader(tc.data), "bad.json.gz")
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "bad.json.gz: ") || !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line starting with the file and containing %q", msg, tc.want)
			}
			var se *ScanError
			if !errors.As(err, &se) {
				t.Errorf("%T is not a *ScanError", err)
			}
		})
	}
}

// TestScannerChunking feeds the same document in chunks of every small size:
// the counts must not depend on where the chunks end.
func TestScannerChunking(t *testing.T) {
	doc := []byte(`{"x":"\\\"{","Records":[{"eventName":"Get\\\\","k":"a\\\\\"b{","readOnly":false,"n":[1,{"e":"]"}]},` +
		` {"eventCategory":"Management","readOnly":true,"eventSource":"kms.amazonaws.com","eventName":"Decrypt","awsRegion":"eu-west-1"}],"y":[[]]}`)
	whole, err := scanBytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	for size := 1; size <= 17; size++ {
		s := NewScanner()
		for i := 0; i < len(doc); i += size {
			if _, err := s.Write(doc[i:min(i+size, len(doc))]); err != nil {
				t.Fatalf("chunk %d: %v", size, err)
			}
		}
		st, err := s.Close()
		if err != nil {
			t.Fatalf("chunk %d: %v", size, err)
		}
		if d := sameCounts(st, whole); d != "" {
			t.Errorf("chunk %d: %s", size, d)
		}
	}
	// A generated log in chunks of odd sizes: boundaries fall everywhere
	// in the fast path too.
	var big bytes.Buffer
	bigLog(&big, 300<<10)
	bigWhole, err := scanBytes(big.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{7, 61, 509, 4093, 65521} {
		s := NewScanner()
		b := big.Bytes()
		for i := 0; i < len(b); i += size {
			if _, err := s.Write(b[i:min(i+size, len(b))]); err != nil {
				t.Fatalf("chunk %d: %v", size, err)
			}
		}
		st, err := s.Close()
		if err != nil {
			t.Fatal(err)
		}
		if d := sameCounts(st, bigWhole); d != "" {
			t.Errorf("chunk %d: %s", size, d)
		}
	}
	if whole.Events != 2 || whole.ManagementWrite != 1 || whole.ManagementRead != 1 || tallyMap(whole.Sources)["kms.amazonaws.com"] != 1 {
		t.Errorf("%+v %v", whole.Counts, whole.Sources)
	}
}

// bigLog streams a generated log of about size bytes to w.
func bigLog(w io.Writer, size int) (Counts, error) {
	recs := []string{
		`{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/r/s"},"eventTime":"2026-01-02T03:04:05Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1","requestParameters":{"filterSet":{"items":[{"name":"tag:x","valueSet":{"items":[{"value":"a\"}b"}]}}]}},"responseElements":null,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`,
		`{"eventVersion":"1.09","eventTime":"2026-01-02T03:04:06Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","awsRegion":"us-east-1","requestParameters":{"bucketName":"b","key":"k{[\\"},"readOnly":false,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::b/k"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"}`,
	}
	var c Counts
	bw := &countingWriter{w: w}
	io.WriteString(bw, `{"Records":[`)
	for i := 0; bw.n < int64(size); i++ {
		if i > 0 {
			io.WriteString(bw, ",")
		}
		r := recs[i%2]
		io.WriteString(bw, r)
		c.Events++
		c.EventBytes += int64(len(r))
		if i%2 == 0 {
			c.ManagementRead++
		} else {
			c.Data++
		}
	}
	_, err := io.WriteString(bw, "]}")
	return c, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// TestVeryLargeFile scans a generated 64 MB log (about 6 MB gzipped, written
// at test time) and checks that the scanner's memory does not grow with it.
func TestVeryLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("large file")
	}
	path := filepath.Join(t.TempDir(), "big.json.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	want, err := bigLog(zw, 64<<20)
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	st, err := ScanFile(path)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if st.Counts != want {
		t.Errorf("%+v, want %+v", st.Counts, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("scanning 64 MB allocated %d bytes; the scanner must not grow with the file", alloc)
	}
}

// TestHugeRecordAndDeepNesting: a single record of 8 MB and nesting far past
// a chunk are read in bounded memory; nesting past the limit fails cleanly.
func TestHugeRecordAndDeepNesting(t *testing.T) {
	huge := `{"Records":[{"eventName":"PutObject","eventSource":"s3.amazonaws.com","x":"` + strings.Repeat("ab\\\"{", 8<<20/5) + `"}]}`
	st, err := scanBytes([]byte(huge))
	if err != nil || st.Data != 1 || st.EventBytes != int64(len(huge)-len(`{"Records":[]}`)) {
		t.Fatalf("%v %+v", err, st)
	}
	deep := `{"Records":[{"a":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}]}`
	if st, err := scanBytes([]byte(deep)); err != nil || st.Events != 1 {
		t.Fatalf("%v", err)
	}
	tooDeep := `{"Records":[{"a":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}]}`
	if _, err := scanBytes([]byte(tooDeep)); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("%v", err)
	}
}

func TestClassifyRules(t *testing.T) {
	cases := []struct {
		category       string
		mgmt, mgmtOK   bool
		eventType      string
		source, name   string
		readOnly, roOK bool
		want           Kind
	}{
		{"Management", false, false, "", "", "DeleteBucket", false, true, KindManagementWrite},
		{"Management", false, false, "", "", "DeleteBucket", true, true, KindManagementRead},
		{"Data", false, false, "", "", "", false, false, KindData},
		{"NetworkActivity", false, false, "", "", "", false, false, KindNetwork},
		{"Insight", false, false, "", "", "", false, false, KindInsight},
		{"", true, true, "", "s3.amazonaws.com", "GetObject", false, false, KindManagementRead},
		{"", false, true, "", "ec2.amazonaws.com", "RunInstances", false, false, KindData},
		{"", false, false, "", "s3.amazonaws.com", "GetObject", false, false, KindData},
		{"", false, false, "", "s3.amazonaws.com", "ListBuckets", false, false, KindManagementRead},
		{"", false, false, "", "lambda.amazonaws.com", "Invoke", false, false, KindData},
		{"", false, false, "", "sts.amazonaws.com", "AssumeRole", false, false, KindManagementWrite},
		{"", false, false, "AwsConsoleSignIn", "signin.amazonaws.com", "ConsoleLogin", false, false, KindManagementWrite},
		{"", false, false, "AwsCloudTrailInsight", "", "", false, false, KindInsight},
		{"", false, false, "", "ecr.amazonaws.com", "GetDownloadUrlForLayer", false, false, KindManagementRead},
		{"", false, false, "", "x.amazonaws.com", "Getaway", false, false, KindManagementWrite},
		{"Aggregated", false, false, "AwsAggregatedEvent", "s3.amazonaws.com", "", false, false, KindAggregated},
		{"Aggregated", false, false, "", "", "", false, false, KindAggregated},
		{"", false, false, "AwsAggregatedEvent", "s3.amazonaws.com", "", false, false, KindAggregated},
		{"", false, true, "AwsAggregatedEvent", "", "", false, false, KindAggregated},
		{"Data", false, false, "AwsAggregatedEvent", "", "", false, false, KindData},
	}
	for _, c := range cases {
		if got := Classify(c.category, c.mgmt, c.mgmtOK, c.eventType, c.source, c.name, c.readOnly, c.roOK); got != c.want {
			t.Errorf("%+v: %v", c, got)
		}
	}
}

// TestShortComparisons checks the word-at-a-time comparisons against the
// library's on every pair of lengths around their limits.
func TestShortComparisons(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		n := r.IntN(40)
		a := make([]byte, n)
		for i := range a {
			a[i] = "ab"[r.IntN(2)]
		}
		b := append([]byte(nil), a...)
		switch r.IntN(3) {
		case 0:
			if n > 0 {
				b[r.IntN(n)] ^= 3
			}
		case 1:
			b = b[:r.IntN(n+1)]
		}
		if got, want := sameBytes(a, b), string(a) == string(b); got != want {
			t.Fatalf("sameBytes(%q, %q) = %v", a, b, got)
		}
		if got, want := compareBytes(a, b), bytes.Compare(a, b); got != want {
			t.Fatalf("compareBytes(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}

// TestKeptKeyLengths checks that the fast path's length filter lets every
// kept field's name through, and that fieldOfKey knows each of them.
func TestKeptKeyLengths(t *testing.T) {
	names := []string{"eventCategory", "managementEvent", "readOnly", "eventType", "eventSource", "eventName", "recipientAccountId", "awsRegion", "eventTime"}
	if len(names) != nFields {
		t.Fatalf("%d names for %d fields", len(names), nFields)
	}
	for f, name := range names {
		if keptKeyLengths>>len(name)&1 == 0 {
			t.Errorf("%s: length %d not in keptKeyLengths", name, len(name))
		}
		if got := fieldOfKey([]byte(name)); got != f {
			t.Errorf("fieldOfKey(%s) = %d, want %d", name, got, f)
		}
	}
}

// TestTallyAgainstMap counts event sources drawn from a few hundred values
// (so that values push each other out of the tally's cache) and compares
// with a plain map; past MaxDistinct values, the rest go to OtherKey.
func TestTallyAgainstMap(t *testing.T) {
	for _, distinct := range []int{3, 40, 700, MaxDistinct + 300} {
		r := rand.New(rand.NewPCG(uint64(distinct), 7))
		var doc bytes.Buffer
		doc.WriteString(`{"Records":[`)
		want := map[string]int64{}
		var order []string
		for i := range 5000 {
			if i > 0 {
				doc.WriteByte(',')
			}
			src := fmt.Sprintf("svc%d.amazonaws.com", r.IntN(distinct))
			if i < distinct {
				src = fmt.Sprintf("svc%d.amazonaws.com", i) // every value at least once, in order
			}
			fmt.Fprintf(&doc, `{"eventSource":%q,"eventName":"Get"}`, src)
			if _, ok := want[src]; !ok {
				order = append(order, src)
			}
			want[src]++
		}
		doc.WriteString("]}")
		st, err := scanBytes(doc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		// The tally lists values in the order the file first has them.
		for i := range min(len(order), MaxDistinct, len(st.Sources)) {
			if st.Sources[i].Value != order[i] {
				t.Fatalf("%d distinct: value %d is %s, want %s", distinct, i, st.Sources[i].Value, order[i])
			}
		}
		sources := tallyMap(st.Sources)
		var other int64
		for i, src := range order {
			if i < MaxDistinct {
				if sources[src] != want[src] {
					t.Fatalf("%d distinct: %s counted %d, want %d", distinct, src, sources[src], want[src])
				}
			} else {
				if _, ok := sources[src]; ok {
					t.Fatalf("%d distinct: %s kept past MaxDistinct", distinct, src)
				}
				other += want[src]
			}
		}
		if sources[OtherKey] != other {
			t.Fatalf("%d distinct: %s = %d, want %d", distinct, OtherKey, sources[OtherKey], other)
		}
		if n := min(len(order), MaxDistinct) + min(1, int(other)); len(sources) != n {
			t.Fatalf("%d distinct: %d sources, want %d", distinct, len(sources), n)
		}
	}
}

// TestEventTallyAgainstMap counts events and bytes by kind, source and name
// over several files read by one scanner (its slots and cache carry over
// from file to file) and compares each file's ByEvent with a plain map of
// the records the test wrote; in the file of more than MaxDistinct keys,
// the keys first seen after MaxDistinct others count under OtherKey.
func TestEventTallyAgainstMap(t *testing.T) {
	s := NewScanner()
	for f, distinct := range []int{5, 60, 700, 60, MaxDistinct + 200, 5} {
		r := rand.New(rand.NewPCG(uint64(f), 11))
		var doc bytes.Buffer
		doc.WriteString(`{"Records":[`)
		want := map[EventKey]EventCount{}
		seen := map[EventKey]bool{}
		for i := range 4000 {
			if i > 0 {
				doc.WriteByte(',')
			}
			j := r.IntN(distinct)
			if i < distinct {
				j = i // every key at least once, in order
			}
			// Get names are management reads, Put names writes (package
			// doc, rule 4, without readOnly).
			key := EventKey{Kind: KindManagementRead, Source: fmt.Sprintf("svc%d.amazonaws.com", j%37), Name: fmt.Sprintf("GetThing%d", j/37)}
			if j%3 == 0 {
				key.Kind, key.Name = KindManagementWrite, fmt.Sprintf("PutThing%d", j/37)
			}
			rec := fmt.Sprintf(`{"eventSource":%q,"eventName":%q,"eventID":"%d"}`, key.Source, key.Name, i)
			doc.WriteString(rec)
			if !seen[key] {
				seen[key] = true
				if len(seen) > MaxDistinct {
					seen[key] = false // pushed to OtherKey
				}
			}
			if !seen[key] {
				key.Source, key.Name = OtherKey, OtherKey
			}
			c := want[key]
			c.Events++
			c.Bytes += int64(len(rec))
			want[key] = c
		}
		doc.WriteString("]}")
		st := scanChunks(t, s, doc.Bytes())
		got := eventMap(st.ByEvent)
		if len(st.ByEvent) != len(want) {
			t.Errorf("file %d (%d keys): %d keys counted, want %d", f, distinct, len(got), len(want))
		}
		for k, w := range want {
			if got := got[k]; got != w {
				t.Errorf("file %d (%d keys): %+v counted %+v, want %+v", f, distinct, k, got, w)
			}
		}
	}
}

// TestEventKeysApart: a source and a name that run together the same way
// ("a" then "b\x00c", "a\x00b" then "c") are two keys, not one.
func TestEventKeysApart(t *testing.T) {
	r1 := `{"eventSource":"a","eventName":"b\u0000c"}`
	r2 := `{"eventSource":"a\u0000b","eventName":"c"}`
	st, err := scanBytes([]byte(`{"Records":[` + r1 + "," + r2 + "," + r1 + "]}"))
	if err != nil {
		t.Fatal(err)
	}
	// Neither name starts with a read prefix: writes (package doc, rule 4).
	want := map[EventKey]EventCount{
		{KindManagementWrite, "a", "b\x00c"}: {2, 2 * int64(len(r1))},
		{KindManagementWrite, "a\x00b", "c"}: {1, int64(len(r2))},
	}
	if !reflect.DeepEqual(eventMap(st.ByEvent), want) || len(st.ByEvent) != len(want) {
		t.Errorf("ByEvent = %+v, want %+v", st.ByEvent, want)
	}
}

// TestEventTimeRange: the earliest and latest eventTime of records out of
// order, all of CloudTrail's 20 bytes and then with a longer one among
// them, against a sort of the same times.
func TestEventTimeRange(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, longAt := range []int{-1, 0, 37, 199} {
		var times []string
		var doc bytes.Buffer
		doc.WriteString(`{"Records":[`)
		for i := range 200 {
			tm := fmt.Sprintf("2026-%02d-%02dT%02d:%02d:%02dZ", 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60))
			if i == longAt {
				tm = tm[:19] + ".123Z"
			}
			if i > 0 {
				doc.WriteByte(',')
			}
			fmt.Fprintf(&doc, `{"eventSource":"s3.amazonaws.com","eventTime":%q}`, tm)
			times = append(times, tm)
		}
		doc.WriteString("]}")
		st, err := scanBytes(doc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(times)
		if st.FirstEventTime != times[0] || st.LastEventTime != times[len(times)-1] {
			t.Errorf("long time at %d: %s to %s, want %s to %s", longAt, st.FirstEventTime, st.LastEventTime, times[0], times[len(times)-1])
		}
	}
}

// TestTimeRangeAgainstCompare: the earliest and latest of 20-byte times
// that tie in their first 8 or 16 bytes, or in all 20, against
// bytes.Compare.
func TestTimeRangeAgainstCompare(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 2000 {
		var tr timeRange
		var first, last []byte
		for range 1 + trial%40 {
			tm := []byte("2026-01-02T03:04:05Z")
			for _, k := range []int{r.IntN(20), r.IntN(20), 7, 15, 19} {
				tm[k] = "09Z"[r.IntN(3)] // few values: many ties at every word
			}
			tr.add(tm)
			if first == nil || bytes.Compare(tm, first) < 0 {
				first = tm
			}
			if last == nil || bytes.Compare(tm, last) > 0 {
				last = tm
			}
		}
		s := Scanner{times: tr}
		s.timeBytes()
		if !bytes.Equal(s.first[:timeLen], first) || !bytes.Equal(s.last[:timeLen], last) {
			t.Fatalf("trial %d: %s to %s, want %s to %s", trial, s.first[:timeLen], s.last[:timeLen], first, last)
		}
	}
}

// TestFileStatsTalliesApart: a file's three tallies share one allocation,
// each capped at its length, so that appending to one leaves the next as
// it was.
func TestFileStatsTalliesApart(t *testing.T) {
	st, err := scanBytes([]byte(`{"Records":[{"eventSource":"s3.amazonaws.com","recipientAccountId":"111122223333","awsRegion":"us-east-1"},` +
		`{"eventSource":"ec2.amazonaws.com","recipientAccountId":"111122223333","awsRegion":"eu-west-1"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	accounts, regions := fmt.Sprint(st.Accounts), fmt.Sprint(st.Regions)
	_ = append(st.Sources, Tally{"x", 1})
	_ = append(st.Accounts, Tally{"y", 1})
	if fmt.Sprint(st.Accounts) != accounts || fmt.Sprint(st.Regions) != regions || len(st.Sources) != 2 {
		t.Errorf("after appends: sources %v, accounts %v (was %s), regions %v (was %s)", st.Sources, st.Accounts, accounts, st.Regions, regions)
	}
}

// TestFileStatsOfFilesApart: the FileStats of files one scanner reads in
// turn are cut from shared blocks (results); appending to one file's
// slices, or writing its struct, leaves the next file's as they were.
func TestFileStatsOfFilesApart(t *testing.T) {
	docs := []string{
		`{"Records":[{"eventSource":"s3.amazonaws.com","eventName":"GetObject","recipientAccountId":"111122223333","awsRegion":"us-east-1"}]}`,
		`{"Records":[{"eventSource":"ec2.amazonaws.com","eventName":"RunInstances","recipientAccountId":"444455556666","awsRegion":"eu-west-1"}]}`,
		`{"Records":[]}`,
	}
	s := NewScanner()
	var all []*FileStats
	var was []string
	for _, doc := range docs {
		st := scanChunks(t, s, []byte(doc))
		all = append(all, st)
		was = append(was, fmt.Sprintf("%+v", *st))
	}
	for i, st := range all[:len(all)-1] {
		_ = append(st.ByEvent, EventTally{})
		_ = append(st.Regions, Tally{"x", 1})
		st.Events = 99
		if got := fmt.Sprintf("%+v", *all[i+1]); got != was[i+1] {
			t.Errorf("file %d after writes to the one before: %s, was %s", i+1, got, was[i+1])
		}
	}
	// A file without records, first or after others: empty, not nil.
	for _, st := range []*FileStats{all[len(all)-1], scanChunks(t, NewScanner(), []byte(docs[2]))} {
		if st.ByEvent == nil || st.Sources == nil {
			t.Errorf("a file without records: ByEvent %#v, Sources %#v; want empty, not nil", st.ByEvent, st.Sources)
		}
	}
}

// scanChunks resets s and scans data through it in chunks of chunkSize, as
// Scan reads a file.
func scanChunks(t *testing.T, s *Scanner, data []byte) *FileStats {
	t.Helper()
	s.reset()
	for k := 0; k < len(data); k += chunkSize {
		if _, err := s.Write(data[k:min(k+chunkSize, len(data))]); err != nil {
			t.Fatal(err)
		}
	}
	st, err := s.Close()
	if err != nil {
		t.Fatal(err)
	}
	return st
}
