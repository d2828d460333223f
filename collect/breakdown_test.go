package collect

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/model"
)

// countBySourceAndName counts the records of every log file under dir with
// encoding/json: events and bytes (each record as it stands in the file)
// per eventSource and eventName.
func countBySourceAndName(t *testing.T, dir string) map[[2]string][2]int64 {
	t.Helper()
	out := map[[2]string][2]int64{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".json.gz")) ||
			strings.Contains(path, "Digest") {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				return err
			}
			if raw, err = io.ReadAll(zr); err != nil {
				return err
			}
		}
		var doc struct{ Records []json.RawMessage }
		if err := json.Unmarshal(raw, &doc); err != nil {
			return err
		}
		for _, r := range doc.Records {
			var ev struct{ EventSource, EventName string }
			if err := json.Unmarshal(r, &ev); err != nil {
				return err
			}
			k := [2]string{ev.EventSource, ev.EventName}
			c := out[k]
			out[k] = [2]int64{c[0] + 1, c[1] + int64(len(r))}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// breakdownBySourceAndName sums a dataset's breakdown per source and name.
func breakdownBySourceAndName(d *model.Dataset) map[[2]string][2]int64 {
	out := map[[2]string][2]int64{}
	for _, b := range d.Breakdown {
		for _, s := range b.Sources {
			for _, n := range s.EventNames {
				k := [2]string{s.EventSource, n.EventName}
				c := out[k]
				out[k] = [2]int64{c[0] + n.Events, c[1] + n.Bytes}
			}
		}
	}
	return out
}

// On the real logs, the breakdown (unbounded) equals a count with
// encoding/json, event for event and byte for byte; bounded, it still adds
// up to the usage rows (the dataset validates).
func TestBreakdownRealLogs(t *testing.T) {
	for _, set := range []string{"invictus-aws_dataset", "flaws2-logs"} {
		dir := filepath.Join(realDir, set)
		if _, err := os.Stat(dir); err != nil {
			t.Skip("real logs absent")
		}
		want := countBySourceAndName(t, dir)
		top, named, names := BreakdownTopSources, BreakdownNamedSources, BreakdownTopNames
		BreakdownTopSources, BreakdownNamedSources, BreakdownTopNames = 1<<20, 1<<20, 1<<20
		d, err := FromDir(dir, FromDirOptions{OrgID: "o-realset1234"})
		BreakdownTopSources, BreakdownNamedSources, BreakdownTopNames = top, named, names
		if err != nil {
			t.Fatal(err)
		}
		got := breakdownBySourceAndName(d)
		if len(got) != len(want) {
			t.Errorf("%s: %d sources and names, encoding/json counts %d", set, len(got), len(want))
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %s %s: %v events and bytes, encoding/json counts %v", set, k[0], k[1], got[k], w)
			}
		}
		bounded, err := FromDir(dir, FromDirOptions{OrgID: "o-realset1234"})
		if err != nil {
			t.Fatal(err)
		}
		if len(bounded.Breakdown) == 0 {
			t.Fatalf("%s: no breakdown", set)
		}
		for _, b := range bounded.Breakdown {
			perCategory := map[string]int{}
			for _, s := range b.Sources {
				if s.EventSource != model.OtherSource {
					perCategory[s.Category]++
				}
				if len(s.EventNames) > BreakdownTopNames+1 {
					t.Errorf("%s: %s has %d names", set, s.EventSource, len(s.EventNames))
				}
			}
			for c, n := range perCategory {
				if n > BreakdownTopSources {
					t.Errorf("%s: %d sources of %s", set, n, c)
				}
			}
		}
	}
}
