package awscollect

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
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
	names := writeParts(t, dir, "org-export", [][]fakeaws.ExportLine{lines[:half], lines[half:]}, format, encoding)
	writeManifest(t, filepath.Dir(filepath.Dir(dir)), "BILLING_PERIOD=2026-10", "org-export", "", names)
	return filepath.Dir(filepath.Dir(filepath.Dir(dir)))
}

// writeParts writes each part as an export file in dir and returns their
// names, as a manifest gives them: data/BILLING_PERIOD=…/[refresh/]name.
func writeParts(t *testing.T, dir, export string, parts [][]fakeaws.ExportLine, format, encoding string) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rel := filepath.ToSlash(dir[strings.LastIndex(dir, string(filepath.Separator)+"data"+string(filepath.Separator))+1:])
	var names []string
	for i, part := range parts {
		var buf bytes.Buffer
		if err := fakeaws.WriteExport(&buf, part, format, encoding, 97); err != nil {
			t.Fatal(err)
		}
		name := fakeaws.ExportName(export, i+1, encoding)
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, rel+"/"+name)
	}
	return names
}

// writeManifest writes a Data Exports manifest under exportDir's metadata
// folder (in the refresh's folder when refresh is set), listing the files
// as AWS does, s3:// URLs of the bucket the export was delivered to (not
// the copy read here).
func writeManifest(t *testing.T, exportDir, period, export, refresh string, files []string) {
	t.Helper()
	meta := filepath.Join(exportDir, "metadata", period, refresh)
	if err := os.MkdirAll(meta, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(meta, export+"-Manifest.json"), manifestJSON(export, files), 0o644); err != nil {
		t.Fatal(err)
	}
}

func manifestJSON(export string, files []string) []byte {
	urls := make([]string, len(files))
	for i, f := range files {
		urls[i] = "s3://delivery-bucket/exports/" + export + "/" + f
	}
	b, _ := json.Marshal(map[string]any{"exportName": export, "dataFiles": urls,
		"columns": []map[string]string{{"name": "line_item_usage_amount", "type": "double"}}})
	return b
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

// An export delivered to S3 is read through the AWS SDK (a listing, CSV
// objects streamed, Parquet ones by ranged reads) into the same rows, and
// the manifest beside it is skipped.
func TestBillingExportFromS3(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 10, Start: testStart, Days: 3})
	lines := fakeaws.ExportLines(g.World.Costs)
	objects := append([]fakeaws.S3Object{}, g.Objects...)
	for i, enc := range []string{fakeaws.CSVGzip, fakeaws.Parquet} {
		var buf bytes.Buffer
		part := lines[i*len(lines)/2 : (i+1)*len(lines)/2]
		if err := fakeaws.WriteExport(&buf, part, fakeaws.CUR2, enc, 50); err != nil {
			t.Fatal(err)
		}
		objects = append(objects, fakeaws.S3Object{Bucket: "billing-exports", Key: "cur/org/data/BILLING_PERIOD=2026-10/" + fakeaws.ExportName("org", i+1, enc), Body: buf.Bytes()})
	}
	objects = append(objects, fakeaws.S3Object{Bucket: "billing-exports", Key: "cur/org/metadata/BILLING_PERIOD=2026-10/org-Manifest.json", Body: []byte("{}")})
	f, err := fakeaws.New(g.World, objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ce, err := Collect(deadline(t, time.Minute), ceOnly(options(t, f)))
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	res, err := FromBillingExport(deadline(t, time.Minute), BillingExportOptions{
		Path: "s3://billing-exports/cur/", OrgID: g.World.OrgID, ManagementAccount: g.World.ManagementAccount,
		Config: options(t, f).Config, S3Endpoint: f.S3URL(), Note: func(s string) { notes = append(notes, s) },
	})
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, ce.Dataset.Usage, res.Dataset.Usage, SourceBillingExport+":"+fakeaws.CUR2)
	sameExtras(t, ce.Extras, res.Extras)
	if !strings.Contains(notes[0], "read 2 export file(s)") || !strings.Contains(notes[0], "Manifest.json") {
		t.Errorf("note %q", notes[0])
	}
}

// focusSample is the FinOps Foundation's FOCUS 1.0 sample, when it is on
// this machine.
func focusSample(t *testing.T) string {
	path := os.Getenv("TRAILWISE_FOCUS_SAMPLE")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "data", "real", "focus-sample-data", "focus_sample.csv")
	}
	if _, err := os.Stat(path); err != nil {
		t.Skip("the FOCUS sample is not on this machine (set TRAILWISE_FOCUS_SAMPLE)")
	}
	return path
}

// The real FOCUS sample's CloudTrail rows become the dataset's rows: the
// events per account, region and day are the sample's ConsumedQuantity
// summed here with encoding/csv, 2,775 in all (summed by hand from the
// file), with the 11-digit account ids padded to 12.
func TestBillingExportRealFOCUSSample(t *testing.T) {
	path := focusSample(t)
	want := map[cellKey]int64{}
	var total int64
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, rec := range recs[1:] {
		if rec[col["ServiceName"]] != "AWS CloudTrail" {
			continue
		}
		q, err := strconv.ParseFloat(rec[col["ConsumedQuantity"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		acct := fmt.Sprintf("%012s", rec[col["SubAccountId"]])
		want[cellKey{acct, rec[col["RegionId"]], rec[col["ChargePeriodStart"]][:10]}] += int64(q)
		total += int64(q)
	}
	if total != 2775 {
		t.Fatalf("the sample's CloudTrail events, summed here: %d, want 2775", total)
	}
	res, err := FromBillingExport(deadline(t, time.Minute), BillingExportOptions{Path: path, OrgID: "o-a1b2c3d4e5"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[cellKey]int64{}
	for _, u := range res.Dataset.Usage {
		got[cellKey{u.Account, u.Region, u.Day}] += u.ManagementReadEvents + u.ManagementWriteEvents
		if u.Source != "billing-export:focus" || u.DataEvents != 0 {
			t.Errorf("row %+v", u)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events per account, region and day:\n got %v\nwant %v", got, want)
	}
}
