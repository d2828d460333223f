package awscollect

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
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
		name, golden    string // the same collection in either order has one golden file
		athena, listing bool
		shuffled        bool
	}{
		{"athena", "athena", true, true, false},
		{"athena-shuffled", "athena", true, true, true},
		{"lake", "lake", false, false, false},
		{"lake-listing-shuffled", "lake-listing", false, true, true},
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
			// Rows in the query's order are packed as they come; out of
			// order, they are sorted at the end.
			if packed := res.Dataset.PackedRows() != nil; packed != !c.shuffled || packed == (len(res.Dataset.Usage) > 0) {
				t.Errorf("packed rows %v, %d rows in Usage", packed, len(res.Dataset.Usage))
			}
			var b bytes.Buffer
			if err := report.WriteDatasetIndented(&b, res.Dataset); err != nil {
				t.Fatal(err)
			}
			b.WriteString("\n")
			for _, n := range res.Notes {
				b.WriteString("note: " + n + "\n")
			}
			path := filepath.Join("testdata", "engine", c.golden+".json")
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

// usageRows are n usage rows of account 0 in us-east-1 from 2026-10-01, in
// the query's order, with Athena's columns.
func usageRows(n int) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format("2006-01-02")
		rows[i] = []string{"usage", fakeaws.AccountID(0), "us-east-1", day, "", "", "", "",
			strconv.Itoa(i), "1", "0", "0", "0", "0", "1000", "1"}
	}
	return rows
}

// Each result row reaches the dataset while its page is the last one
// read: no page is fetched before the rows of the one before it are in.
func TestEngineRowsArrivePerPage(t *testing.T) {
	answer := func(string) fakeaws.QueryAnswer {
		return fakeaws.QueryAnswer{Columns: streamCols, Rows: usageRows(20)}
	}
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(fakeaws.ManagementKey, "secret", "")}
	e := &EngineOptions{Database: "trailwise", PollInterval: time.Millisecond}
	ctx := deadline(t, 20*time.Second)
	check := func(t *testing.T, name string, pages []int, n int, err error, page func(i int) int) {
		t.Helper()
		if err != nil || n != 20 || len(pages) != 20 {
			t.Fatalf("%s: %d rows handed, %d seen: %v", name, n, len(pages), err)
		}
		for i, p := range pages {
			if p != page(i) {
				t.Errorf("%s: row %d reached the dataset after %d pages were served, want %d", name, i, p, page(i))
			}
		}
	}

	ath := fakeaws.NewAthena(answer)
	defer ath.Close()
	ath.PageSize = 3
	ac := athena.NewFromConfig(cfg, func(o *athena.Options) { o.BaseEndpoint = aws.String(ath.URL()) })
	id, _, err := runAthena(ctx, ac, e, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	var pages []int
	n, err := athenaRows(ctx, ac, id, func(resultRow) error {
		pages = append(pages, ath.Count("athena:GetQueryResults"))
		return nil
	})
	// The header is the first page's first row: row i is the result's i+1.
	check(t, "athena", pages, n, err, func(i int) int { return (i+1)/3 + 1 })

	lake := fakeaws.NewLake(answer)
	defer lake.Close()
	lake.PageSize = 3
	lc := cloudtrail.NewFromConfig(cfg, func(o *cloudtrail.Options) { o.BaseEndpoint = aws.String(lake.URL()) })
	id, _, err = runLake(ctx, lc, e, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	pages = nil
	n, err = lakeRows(ctx, lc, id, func(resultRow) error {
		pages = append(pages, lake.Count("cloudtrail:GetQueryResults"))
		return nil
	})
	check(t, "lake", pages, n, err, func(i int) int { return i/3 + 1 })
}

// A row that cannot be read stops the collection at its page, and the
// error names it: its number among the result's rows (breakdown ones
// too; the header is none), or among the breakdown part's.
func TestEngineRowErrorsNameTheRow(t *testing.T) {
	breakdown := func(category, events string) []string {
		return []string{"breakdown", fakeaws.AccountID(0), "us-east-1", "", category, "ec2.amazonaws.com", "", "RunInstances",
			"0", events, "0", "0", "0", "0", "500", "0"}
	}
	for _, c := range []struct {
		name      string
		athena    bool
		bad       func(rows [][]string) [][]string
		want      string
		wantPages int // of 8 rows a page: the ones before the bad row's, and its
	}{
		{"athena count", true, func(r [][]string) [][]string { r[18][10] = "x"; return r },
			`athena result row 19: column data_events: expected a count, got "x"`, 3},
		{"athena missing", true, func(r [][]string) [][]string { r[5][14] = ""; return r },
			`athena result row 6: column event_bytes: expected a count, got none`, 1},
		{"athena negative", true, func(r [][]string) [][]string { r[39][15] = "-1"; return r },
			`athena result row 40: column log_files: expected a count, got "-1"`, 6},
		{"lake count", false, func(r [][]string) [][]string { r[30][8] = "1e3"; return r },
			`lake result row 31: column management_read_events: expected a count, got "1e3"`, 4},
		// Breakdown rows come first; one that cannot be read fails at the
		// end, once the usage rows show its account-region is kept whole.
		{"athena breakdown", true, func(r [][]string) [][]string {
			return append([][]string{breakdown("management_write", "3"), breakdown("management_write", "2.5")}, r...)
		}, `athena result breakdown row 2: column management_write_events: expected a count, got "2.5"`, 6},
		{"lake breakdown", false, func(r [][]string) [][]string {
			return append([][]string{breakdown("management_write", "3"), breakdown("writes", "1")}, r...)
		}, `lake result breakdown row 2: column category: expected management_read, management_write, data, network, insight or aggregated, got "writes"`, 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _ := startFake(t, 8)
			cols := streamCols
			rows := c.bad(usageRows(45))
			if !c.athena {
				cols = cols[:14]
				for i := range rows {
					rows[i] = rows[i][:14]
				}
			}
			answer := func(string) fakeaws.QueryAnswer { return fakeaws.QueryAnswer{Columns: cols, Rows: rows} }
			o := options(t, f)
			o.Sources, o.Start, o.End = Sources{}, "2026-10-01", "2026-12-31"
			var e EngineOptions
			var served func() int
			if c.athena {
				ath := fakeaws.NewAthena(answer)
				defer ath.Close()
				ath.PageSize = 8
				e, served = athenaEngine(ath.URL()), func() int { return ath.Count("athena:GetQueryResults") }
			} else {
				lake := fakeaws.NewLake(answer)
				defer lake.Close()
				lake.PageSize = 8
				e, served = lakeEngine(lake.URL()), func() int { return lake.Count("cloudtrail:GetQueryResults") }
			}
			e.Confirmed, e.PollInterval = true, time.Millisecond
			_, _, err := CollectEngine(deadline(t, 20*time.Second), o, e, false)
			if err == nil || err.Error() != c.want {
				t.Errorf("error %v\nwant %s", err, c.want)
			}
			if n := served(); n != c.wantPages {
				t.Errorf("%d result pages read, want %d", n, c.wantPages)
			}
		})
	}
}
