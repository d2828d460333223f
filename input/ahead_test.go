package input

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// rowsWithEdits is a valid dataset of n usage rows, one a line, with row i
// replaced by edit(row i) for each i in edits.
func rowsWithEdits(t *testing.T, n int, edits map[int]func(string) string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	writeDatasetRows(w, n)
	w.Flush()
	lines := strings.Split(buf.String(), "\n")
	first := -1
	for k, l := range lines {
		if strings.HasPrefix(l, `{"account": `) {
			first = k
			break
		}
	}
	for i, f := range edits {
		l := lines[first+i]
		if lines[first+i] = f(l); lines[first+i] == l {
			t.Fatalf("the edit of row %d did not apply", i)
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

// readBoth reads doc from a file with every processor and with one (no
// pipeline), and fails unless both say the same; that error.
func readBoth(t *testing.T, doc []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "org.json")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	var got [2]string
	for k, procs := range []int{max(2, runtime.GOMAXPROCS(0)), 1} {
		was := runtime.GOMAXPROCS(procs)
		_, err := ReadDataset(path)
		runtime.GOMAXPROCS(was)
		if err == nil {
			t.Fatalf("GOMAXPROCS=%d: read without an error", procs)
		}
		got[k] = err.Error()
	}
	if got[0] != got[1] {
		t.Fatalf("the pipeline and one goroutine disagree:\n%s\n%s", got[0], got[1])
	}
	return got[0]
}

// The first wrong row in the file is the one told, though rows are read in
// batches ahead: a row read the careful way (an escape) in the first
// batch, then in later batches a row of the wrong type and a syntax error,
// in either order.
func TestFirstErrorInFileOrderWins(t *testing.T) {
	careful := replace(`"source": "s3-listing"`, `"source": "s3-list\u0069ng"`)
	wrongType := replace(`"measured": true`, `"measured": "yes"`)
	syntax := replace(`"measured": true`, `"measured": nope`)
	n := 3*batchElements + 10
	a, b := batchElements+7, 2*batchElements+3

	doc := rowsWithEdits(t, n, map[int]func(string) string{5: careful, a: wrongType, b: syntax})
	want := fmt.Sprintf(`org.json: usage[%d].measured: expected true or false, got "yes"`, a)
	if got := readBoth(t, doc); !strings.HasSuffix(got, want) {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	doc = rowsWithEdits(t, n, map[int]func(string) string{5: careful, a: syntax, b: wrongType})
	at := bytes.Index(doc, []byte("nope")) + 1 // the 'o': "no" could begin a literal, "nop" cannot
	line := bytes.Count(doc[:at], []byte("\n")) + 1
	col := at - bytes.LastIndexByte(doc[:at], '\n')
	want = fmt.Sprintf("line %d, column %d: invalid JSON", line, col)
	if got := readBoth(t, doc); !strings.Contains(got, want) {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	// Without the wrong rows, the careful one is read as the fast ones are.
	doc = rowsWithEdits(t, n, map[int]func(string) string{5: careful})
	d, err := ParseDataset("org.json", doc)
	if err != nil || d.RowCount() != n {
		t.Fatalf("read %v rows, %v", d, err)
	}
}

// No goroutine reading ahead is left once ReadDataset has returned, after
// an error in a row, in the text, or none.
func TestNoGoroutineLeftAfterReading(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one processor: nothing is read ahead")
	}
	n := 12 * batchElements // more batches than are ever in flight
	docs := map[string][]byte{
		"wrong row": rowsWithEdits(t, n, map[int]func(string) string{batchElements + 1: replace(`"measured": true`, `"measured": 1`)}),
		"bad text":  rowsWithEdits(t, n, map[int]func(string) string{batchElements + 1: replace(`"measured": true`, `"measured": nope`)}),
		"good":      rowsWithEdits(t, n, nil),
		"breakdown": breakdownWithWrongEntry(t, n, batchElements+1),
	}
	for name, doc := range docs {
		path := filepath.Join(t.TempDir(), "org.json")
		if err := os.WriteFile(path, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		before := runtime.NumGoroutine()
		for range 5 {
			_, err := ReadDataset(path)
			if (err == nil) != (name == "good") || name == "breakdown" && !strings.Contains(err.Error(), fmt.Sprintf("breakdown[%d]", batchElements+1)) {
				t.Fatalf("%s: %v", name, err)
			}
		}
		// A goroutine that has closed its done channel may not have quite
		// returned yet: give it a moment, not more.
		after := runtime.NumGoroutine()
		for deadline := time.Now().Add(2 * time.Second); after > before && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
			after = runtime.NumGoroutine()
		}
		if after > before {
			t.Errorf("%s: %d goroutines before reading, %d after", name, before, after)
		}
	}
}

// breakdownWithWrongEntry is a dataset of a few usage rows and a breakdown
// of n entries, of which entry bad has a count that is not a number. The
// entries are read the careful way (an escape), slower than they are cut:
// the cutting is as far ahead as it can be when the wrong one is met.
func breakdownWithWrongEntry(t *testing.T, n, bad int) []byte {
	const entry = `{"account":"100000000000","region":"us-east-\u0031","sources":[` +
		`{"event_source":"kms.amazonaws.com","category":"management-read","events":10,"bytes":9000}]}`
	entries := make([]string, n)
	for i := range entries {
		entries[i] = entry
	}
	entries[bad] = strings.Replace(entry, `"events":10`, `"events":"ten"`, 1)
	doc := string(rowsWithEdits(t, 3, nil))
	list := `"gaps": [], "breakdown": [` + strings.Join(entries, ",\n") + "]}"
	if !strings.Contains(doc, `"gaps": []}`) {
		t.Fatal("the dataset does not end as expected")
	}
	return []byte(strings.Replace(doc, `"gaps": []}`, list, 1))
}
