package awscollect

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/report"
)

var updateEngine = flag.Bool("update-engine", false, "rewrite the engine dataset golden files in testdata/engine")

// engineAnswerWith is the fake's answer over events plus extra rows (after
// the key columns, the counts), the result then ordered as the query's
// ORDER BY orders it or, with shuffled, in a fixed scrambled order (an
// engine that ignored the ORDER BY).
func engineAnswerWith(events []fakeaws.EngineEvent, athena bool, extra [][]string, shuffled bool) func(string) fakeaws.QueryAnswer {
	base := fakeaws.EngineAnswer(events, athena, 1)
	return func(q string) fakeaws.QueryAnswer {
		a := base(q)
		if a.Columns == nil {
			return a
		}
		// Account 3's eu-west-1 uncounted: the listing's files there are a gap.
		a.Rows = slices.DeleteFunc(append(a.Rows, extra...), func(r []string) bool {
			return r[1] == fakeaws.AccountID(3) && r[2] == "eu-west-1"
		})
		slices.SortStableFunc(a.Rows, func(x, y []string) int {
			return strings.Compare(strings.Join(x[:8], "\x00"), strings.Join(y[:8], "\x00"))
		})
		if shuffled {
			out := make([][]string, 0, len(a.Rows))
			for i := range 7 { // every 7th row from i: a stride through the result
				for j := i; j < len(a.Rows); j += 7 {
					out = append(out, a.Rows[j])
				}
			}
			a.Rows = out
		}
		return a
	}
}

// engineExtraRows are a row of an account outside the organization and one
// of a day outside the period (its account-region then has no breakdown).
func engineExtraRows(athena bool) [][]string {
	rows := [][]string{
		{"usage", "999999999999", "us-east-1", "2026-10-01", "", "", "", "", "5", "5", "0", "0", "0", "0"},
		{"usage", fakeaws.AccountID(2), "eu-west-1", "2026-09-30", "", "", "", "", "3", "1", "0", "0", "0", "0"},
	}
	if athena {
		for i := range rows {
			rows[i] = append(rows[i], "9000", "1")
		}
	}
	return rows
}

// The dataset an engine collects, written as the CLI writes it, is byte
// for byte the golden file the collector wrote before its results were
// streamed: Athena over the listing (stored bytes, gaps), Lake without it,
// each in the query's order and scrambled.
func TestEngineDatasetBytes(t *testing.T) {
	for _, c := range []struct {
		name            string
		athena, listing bool
		shuffled        bool
	}{
		{"athena", true, true, false},
		{"athena-shuffled", true, true, true},
		{"lake", false, false, false},
		{"lake-shuffled", false, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, g := startFake(t, 8)
			events := fakeaws.EngineEvents(g, []string{"us-east-1", "eu-west-1"}, testStart, 3)
			answer := engineAnswerWith(events, c.athena, engineExtraRows(c.athena), c.shuffled)
			var e EngineOptions
			if c.athena {
				ath := fakeaws.NewAthena(answer)
				defer ath.Close()
				ath.PageSize = 7
				e = athenaEngine(ath.URL())
			} else {
				lake := fakeaws.NewLake(answer)
				defer lake.Close()
				lake.PageSize = 7
				e = lakeEngine(lake.URL())
			}
			o := options(t, f)
			o.Sources = Sources{}
			if c.listing {
				o.Sources, o.Bucket = Sources{S3Listing: true}, g.Bucket
			}
			e.Confirmed, e.PollInterval = true, time.Millisecond
			res, _, err := CollectEngine(deadline(t, 30*time.Second), o, e, false)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := report.WriteDatasetIndented(&b, res.Dataset); err != nil {
				t.Fatal(err)
			}
			b.WriteString("\n")
			for _, n := range res.Notes {
				b.WriteString("note: " + n + "\n")
			}
			path := filepath.Join("testdata", "engine", c.name+".json")
			if *updateEngine {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./collect/awscollect -run EngineDatasetBytes -update-engine)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("the dataset written differs from %s (%d bytes, want %d)", path, b.Len(), len(want))
			}
		})
	}
}
