package awscollect

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

// createNewDelivery writes an export set to create new files on each
// refresh: two refreshes of October in folders of their own, the first
// (older) holding the first half of the month's line items, the second
// all of them, as a later refresh does. It returns the export's root and
// the second refresh's folder.
func createNewDelivery(t *testing.T, g fakeaws.Generated, first, second string, manifests bool) (root, newest string) {
	t.Helper()
	root = filepath.Join(t.TempDir(), "exports")
	export := filepath.Join(root, "org-export")
	lines := fakeaws.ExportLines(g.World.Costs)
	half := len(lines) / 2
	old := time.Date(2026, 10, 2, 3, 0, 0, 0, time.UTC)
	for i, r := range []struct {
		folder string
		parts  [][]fakeaws.ExportLine
	}{{first, [][]fakeaws.ExportLine{lines[:half]}}, {second, [][]fakeaws.ExportLine{lines[:half], lines[half:]}}} {
		dir := filepath.Join(export, "data", "BILLING_PERIOD=2026-10", r.folder)
		names := writeParts(t, dir, "org-export", r.parts, fakeaws.CUR2, fakeaws.CSVGzip)
		at := old.Add(time.Duration(i) * 24 * time.Hour)
		for _, n := range names {
			os.Chtimes(filepath.Join(export, filepath.FromSlash(n)), at, at)
		}
		if manifests {
			writeManifest(t, export, "BILLING_PERIOD=2026-10", "org-export", r.folder, names)
		}
		newest = dir
	}
	return root, newest
}

func readExport(t *testing.T, g fakeaws.Generated, path string) (*Result, []string) {
	t.Helper()
	var notes []string
	res, err := FromBillingExport(deadline(t, time.Minute), BillingExportOptions{
		Path: path, OrgID: g.World.OrgID, ManagementAccount: g.World.ManagementAccount,
		Note: func(s string) { notes = append(notes, s) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return res, notes
}

// Two refreshes of one month, each in its own folder: the rows read from
// the whole delivery are those of the newest refresh alone, as read from
// its folder given directly; not the first refresh's, not both summed.
// With manifests, the newest manifest's list is read; without, the newest
// folder, told by its date-and-time name or, for names that carry none,
// by its files' modification time.
func TestBillingExportNewestRefresh(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 6, Start: testStart, Days: 3})
	for _, c := range []struct {
		name, first, second string
		manifests           bool
		note                string
	}{
		{"manifests", "20261002T030000Z-3f1c", "20261003T030000Z-9a2b", true, "the newest manifest of each billing period lists"},
		{"stamped folders", "20261002T030000Z", "20261003T030000Z", false, "told by its name (a date and time)"},
		// the newer refresh's name sorts first: only the time tells
		{"execution ids", "f27c0d4e", "0b9e51aa", false, "told by its files' modification time"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root, newest := createNewDelivery(t, g, c.first, c.second, c.manifests)
			got, notes := readExport(t, g, root)
			want, _ := readExport(t, g, newest)
			firstOnly, _ := readExport(t, g, filepath.Join(filepath.Dir(newest), c.first))
			if len(want.Dataset.Usage) == 0 || reflect.DeepEqual(firstOnly.Dataset.Usage, want.Dataset.Usage) {
				t.Fatal("the two refreshes must differ for the test to mean anything")
			}
			sameUsage(t, got.Dataset.Usage, want.Dataset.Usage)
			if !strings.Contains(notes[0], "read 2 export file(s)") || !strings.Contains(strings.Join(notes, "\n"), c.note) {
				t.Errorf("notes %q: want 2 files read and %q", notes, c.note)
			}
		})
	}
}

func sameUsage(t *testing.T, got, want []model.Usage) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%d rows, want the newest refresh's %d", len(got), len(want))
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
			}
		}
	}
}

// A delivery in S3 with two refreshes and the one manifest AWS updates on
// each refresh is read from the files that manifest lists, and those alone:
// the rows of the second refresh's file, read here by its own key.
func TestBillingExportNewestRefreshFromS3(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 6, Start: testStart, Days: 3})
	lines := fakeaws.ExportLines(g.World.Costs)
	objects := append([]fakeaws.S3Object{}, g.Objects...)
	var listed []string
	for i, r := range []struct {
		folder string
		lines  []fakeaws.ExportLine
	}{{"exec-1", lines[:len(lines)/2]}, {"exec-2", lines}} {
		var buf bytes.Buffer
		if err := fakeaws.WriteExport(&buf, r.lines, fakeaws.CUR2, fakeaws.Parquet, 50); err != nil {
			t.Fatal(err)
		}
		rel := "data/BILLING_PERIOD=2026-10/" + r.folder + "/" + fakeaws.ExportName("org", 1, fakeaws.Parquet)
		objects = append(objects, fakeaws.S3Object{Bucket: "billing-exports", Key: "cur/org/" + rel, Body: buf.Bytes()})
		if i == 1 {
			listed = append(listed, rel)
		}
	}
	// a file beside the listed one that the manifest does not list (left
	// by an earlier delivery): not read
	var stray bytes.Buffer
	fakeaws.WriteExport(&stray, lines[:10], fakeaws.CUR2, fakeaws.Parquet, 50)
	objects = append(objects, fakeaws.S3Object{Bucket: "billing-exports", Key: "cur/org/data/BILLING_PERIOD=2026-10/exec-2/" + fakeaws.ExportName("org", 2, fakeaws.Parquet), Body: stray.Bytes()},
		fakeaws.S3Object{Bucket: "billing-exports", Key: "cur/org/metadata/BILLING_PERIOD=2026-10/org-Manifest.json", Body: manifestJSON("org", listed)})
	f, err := fakeaws.New(g.World, objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	read := func(path string) (*Result, []string) {
		var notes []string
		res, err := FromBillingExport(deadline(t, time.Minute), BillingExportOptions{
			Path: path, OrgID: g.World.OrgID, ManagementAccount: g.World.ManagementAccount,
			Config: options(t, f).Config, S3Endpoint: f.S3URL(), Note: func(s string) { notes = append(notes, s) },
		})
		if err != nil {
			t.Fatal(err)
		}
		return res, notes
	}
	got, notes := read("s3://billing-exports/cur/")
	want, _ := read("s3://billing-exports/cur/org/" + listed[0])
	first, _ := read("s3://billing-exports/cur/org/data/BILLING_PERIOD=2026-10/exec-1/")
	if reflect.DeepEqual(first.Dataset.Usage, want.Dataset.Usage) {
		t.Fatal("the two refreshes must differ for the test to mean anything")
	}
	sameUsage(t, got.Dataset.Usage, want.Dataset.Usage)
	if !strings.Contains(notes[0], "read 1 export file(s)") || !strings.Contains(notes[1], "2 other data file(s) left unread") {
		t.Errorf("notes %q", notes)
	}
}

// A manifest listing a file the copy lacks stops the read with one line:
// the delivery is incomplete, and reading the rest would undercount.
func TestBillingExportManifestMissingFile(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 4, Start: testStart, Days: 2})
	root, newest := createNewDelivery(t, g, "20261002T030000Z", "20261003T030000Z", true)
	missing := filepath.Join(newest, fakeaws.ExportName("org-export", 2, fakeaws.CSVGzip))
	os.Remove(missing)
	_, err := FromBillingExport(deadline(t, time.Minute), BillingExportOptions{Path: root, OrgID: g.World.OrgID})
	manifest := filepath.Join(root, "org-export", "metadata", "BILLING_PERIOD=2026-10", "20261003T030000Z", "org-export-Manifest.json")
	want := manifest + ": expected the data file it lists, " + filepath.ToSlash(missing) + ", got no such file"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
