package collect

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// gzipMembers concatenates gzip members: a reader inflates them as one
// stream, so n copies of one compressed MiB are n MiB inflated.
func gzipMembers(t testing.TB, parts ...[]byte) []byte {
	var out bytes.Buffer
	for _, p := range parts {
		out.Write(gz(t, p))
	}
	return out.Bytes()
}

// bomb is a log file whose one record holds a string of mib MiB of 'a',
// as concatenated gzip members: a small file inflating to a huge record.
func bomb(t testing.TB, mib int) []byte {
	head := gz(t, []byte(`{"Records":[{"eventVersion":"1.08","requestParameters":{"x":"`))
	chunk := gz(t, bytes.Repeat([]byte("a"), 1<<20))
	tail := gz(t, []byte(`"}}]}`))
	var out bytes.Buffer
	out.Write(head)
	for range mib {
		out.Write(chunk)
	}
	out.Write(tail)
	return out.Bytes()
}

func withCaps(t *testing.T, file, record int64) {
	f, r := MaxFileBytes, MaxRecordBytes
	MaxFileBytes, MaxRecordBytes = file, record
	t.Cleanup(func() { MaxFileBytes, MaxRecordBytes = f, r })
}

// The case: a 4 MB gzip inflating to one 4 GiB event is refused
// at the record cap (64 MiB), long before 4 GiB are read.
func TestScanRefusesAGzipBomb(t *testing.T) {
	z := bomb(t, 4096)
	if len(z) > 8<<20 {
		t.Fatalf("the bomb is %d bytes compressed", len(z))
	}
	_, err := Scan(bytes.NewReader(z), "bomb.json.gz")
	var se *ScanError
	if !errors.As(err, &se) || !errors.Is(err, ErrInflationCap) || se.Offset != int64(len(`{"Records":[`)) {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "longer than 64 MiB uncompressed") {
		t.Errorf("message %q", err)
	}
}

// One record just under the cap passes; one byte over is refused.
func TestScanRecordCapIsExact(t *testing.T) {
	rec := `{"eventVersion":"1.08","eventCategory":"Management","readOnly":true}`
	file := []byte(`{"Records":[` + rec + `]}`)
	withCaps(t, 1<<30, int64(len(rec)))
	if st, err := Scan(bytes.NewReader(gz(t, file)), "ok.json.gz"); err != nil || st.Events != 1 {
		t.Fatalf("at the cap: %v", err)
	}
	// The check runs per chunk written: a record that is still open after
	// a chunk and longer than the cap is refused.
	withCaps(t, 1<<30, 1000)
	big := []byte(`{"Records":[{"eventVersion":"1.08","x":"` + strings.Repeat("b", 200<<10) + `"}]}`)
	if _, err := Scan(bytes.NewReader(gz(t, big)), "big.json.gz"); !errors.Is(err, ErrInflationCap) {
		t.Fatalf("over the cap: %v", err)
	}
}

// A file of many small records over the file cap is refused too.
func TestScanFileCap(t *testing.T) {
	withCaps(t, 1<<20, 64<<20)
	rec := `{"eventVersion":"1.08","eventCategory":"Management","readOnly":true}`
	var b strings.Builder
	b.WriteString(`{"Records":[`)
	for i := 0; b.Len() < 2<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(rec)
	}
	b.WriteString("]}")
	_, err := Scan(bytes.NewReader(gzipMembers(t, []byte(b.String()))), "many.json.gz")
	if !errors.Is(err, ErrInflationCap) || !strings.Contains(err.Error(), "inflates past 1 MiB") {
		t.Fatalf("got %v", err)
	}
}

// In a local copy of a bucket, a file over the cap is a gap that says so,
// and the other files are counted.
func TestFromDirGapsAFileOverTheCap(t *testing.T) {
	withCaps(t, 1<<30, 4<<20)
	dir := t.TempDir()
	org := "o-a1b2c3d4e5"
	want := writeLog(t, logPath(dir, org, "111111111111", "us-east-1", "2026-03-01", "good.json.gz"), "111111111111", "us-east-1", "2026-03-01", 5, KindManagementRead)
	if err := os.WriteFile(logPath(dir, org, "111111111111", "us-east-1", "2026-03-01", "bomb.json.gz"), bomb(t, 8), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := FromDir(dir, FromDirOptions{ManagementAccount: "111111111111"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Gaps) != 1 || !strings.Contains(d.Gaps[0].Reason, "bomb.json.gz") || !strings.Contains(d.Gaps[0].Reason, "longer than 4 MiB uncompressed") {
		t.Fatalf("gaps %+v", d.Gaps)
	}
	if len(d.Usage) != 1 || d.Usage[0].Events() != want.Events {
		t.Errorf("rows %+v", d.Usage)
	}
}
