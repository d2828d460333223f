package awscollect

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

// exportOf writes the generated organization's Cost Explorer rows as an
// export file in dir, in two parts (a delivery's chunks), and returns dir.
func exportOf(t *testing.T, g fakeaws.Generated, format, encoding string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "exports", "org-export", "data", "BILLING_PERIOD=2026-10")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	lines := fakeaws.ExportLines(g.World.Costs)
	half := len(lines) / 2
	for i, part := range [][]fakeaws.ExportLine{lines[:half], lines[half:]} {
		var buf bytes.Buffer
		if err := fakeaws.WriteExport(&buf, part, format, encoding, 97); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fakeaws.ExportName("org-export", i+1, encoding)), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	meta := filepath.Join(filepath.Dir(filepath.Dir(dir)), "metadata", "BILLING_PERIOD=2026-10")
	os.MkdirAll(meta, 0o755)
	os.WriteFile(filepath.Join(meta, "org-export-Manifest.json"), []byte(`{"files":[]}`), 0o644)
	return filepath.Dir(filepath.Dir(filepath.Dir(dir)))
}

// A billing export of the organization Cost Explorer describes gives the
// rows Cost Explorer's path gives, to the event, and the same usage kept
// aside: the export's line items are hourly, carry credits and other
// services, and are read by another reader (CSV, gzip, Parquet; CUR 2.0 or
// FOCUS), so only the shared mapping is common to both paths.
func TestBillingExportMatchesCostExplorer(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 12, Start: testStart, Days: 3, CloudWatchLogs: true})
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o := ceOnly(options(t, f))
	o.CEServices, o.ExtrasByDay = []string{"AWS CloudTrail", "Amazon Security Lake", CloudWatchService}, true
	ce, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(ce.Dataset.Usage) < 40 || len(ce.Extras) < 40 {
		t.Fatalf("Cost Explorer: %d rows, %d extras: too few to compare", len(ce.Dataset.Usage), len(ce.Extras))
	}
	for _, c := range []struct{ format, encoding string }{
		{fakeaws.CUR2, fakeaws.CSV}, {fakeaws.CUR2, fakeaws.CSVGzip}, {fakeaws.CUR2, fakeaws.Parquet},
		{fakeaws.FOCUS, fakeaws.CSV}, {fakeaws.FOCUS, fakeaws.CSVGzip}, {fakeaws.FOCUS, fakeaws.Parquet},
	} {
		t.Run(c.format+"."+c.encoding, func(t *testing.T) {
			var notes []string
			res, err := FromBillingExport(deadline(t, time.Minute), BillingExportOptions{
				Path: exportOf(t, g, c.format, c.encoding), OrgID: g.World.OrgID, ManagementAccount: g.World.ManagementAccount,
				CloudWatch: true, ExtrasByDay: true, Note: func(s string) { notes = append(notes, s) },
			})
			if err != nil {
				t.Fatal(err)
			}
			sameRows(t, ce.Dataset.Usage, res.Dataset.Usage, SourceBillingExport+":"+c.format)
			sameExtras(t, ce.Extras, res.Extras)
			if p := res.Dataset.Period; p.Start != testStart || p.End != testEnd {
				t.Errorf("period %+v, want the export's days %s to %s", p, testStart, testEnd)
			}
			if !strings.Contains(notes[0], "read 2 export file(s)") || !strings.Contains(notes[0], "skipped 1 other file(s)") {
				t.Errorf("note %q: want 2 files read, the manifest skipped", notes[0])
			}
		})
	}
}

func sameRows(t *testing.T, want, got []model.Usage, source string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want Cost Explorer's %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if g.Source != source {
			t.Errorf("row %d source %q, want %q", i, g.Source, source)
		}
		w.Source, g.Source = "", ""
		if !reflect.DeepEqual(w, g) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func sameExtras(t *testing.T, want, got []Extra) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d extras, want Cost Explorer's %d", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if math.Abs(w.Quantity-g.Quantity) > 1e-9*math.Max(1, w.Quantity) || math.Abs(w.CostUSD-g.CostUSD) > 1e-9 {
			t.Errorf("extra %d: quantity %v cost %v, want %v and %v", i, g.Quantity, g.CostUSD, w.Quantity, w.CostUSD)
		}
		w.Quantity, g.Quantity, w.CostUSD, g.CostUSD, w.Unit, g.Unit = 0, 0, 0, 0, "", ""
		if w != g {
			t.Errorf("extra %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}
