package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

// billingFolder writes a generated organization's bill as a FOCUS Parquet
// export and a CUR 2.0 CSV.gz one, in a folder with a manifest, and
// returns the folder.
func billingFolder(t *testing.T, g fakeaws.Generated) string {
	t.Helper()
	root := t.TempDir()
	lines := fakeaws.ExportLines(g.World.Costs)
	for i, c := range []struct{ format, enc string }{{fakeaws.FOCUS, fakeaws.Parquet}, {fakeaws.CUR2, fakeaws.CSVGzip}} {
		dir := filepath.Join(root, c.format, "data", "BILLING_PERIOD=2026-10")
		os.MkdirAll(dir, 0o755)
		var buf bytes.Buffer
		part := lines[i*len(lines)/2 : (i+1)*len(lines)/2]
		if err := fakeaws.WriteExport(&buf, part, c.format, c.enc, 100); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, fakeaws.ExportName(c.format, 1, c.enc)), buf.Bytes(), 0o644)
		meta := filepath.Join(root, c.format, "metadata", "BILLING_PERIOD=2026-10")
		os.MkdirAll(meta, 0o755)
		os.WriteFile(filepath.Join(meta, c.format+"-Manifest.json"), []byte("{}"), 0o644)
	}
	return root
}

// The walk from the bill to the report, with no AWS configuration at all
// (a profile that does not exist: any AWS call would fail): collect reads
// the exports in the folder, every first-copy management event the
// generator billed is in the dataset (summed here from the generator's own
// rows), estimate prices it and report writes FOCUS rows. --start/--end
// keep a window.
func TestCollectFromBillingExport(t *testing.T) {
	t.Setenv("AWS_PROFILE", "no-such-profile-anywhere")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 12, Start: "2026-10-01", Days: 3})
	dir := billingFolder(t, g)
	free := map[string]int64{} // per day
	for _, c := range g.World.Costs {
		if strings.HasSuffix(c.UsageType, "-FreeEventsRecorded") {
			free[c.Day] += int64(c.Quantity)
		}
	}
	work := t.TempDir()
	_, stderr, code := trailwise(t, work, "collect", "--from-billing-export", dir, "--org-id", g.World.OrgID,
		"--management-account", g.World.ManagementAccount, "--out", "org.json")
	if code != 0 {
		t.Fatalf("collect: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"read 2 export file(s)", "cur2, focus", "skipped 2 other file(s)", "2026-10-01 to 2026-10-03"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	d := readDatasetFile(t, filepath.Join(work, "org.json"))
	got := map[string]int64{}
	for _, u := range d.Usage {
		got[u.Day] += u.ManagementReadEvents + u.ManagementWriteEvents
		if u.Source != "billing-export:cur2+focus" {
			t.Fatalf("row source %q", u.Source)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(free) {
		t.Errorf("management events per day %v, want the bill's %v", got, free)
	}
	out, stderr, code := trailwise(t, work, "estimate", "--dataset", "org.json", "--format", "json", "--draws", "0", "--months", "1")
	if code != 0 {
		t.Fatalf("estimate: exit %d: %s", code, stderr)
	}
	os.WriteFile(filepath.Join(work, "run.json"), []byte(out), 0o644)
	focus, stderr, code := trailwise(t, work, "report", "--from", "run.json", "--format", "focus")
	if code != 0 || !strings.HasPrefix(focus, "") || !strings.Contains(focus, "ChargePeriodStart") {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}

	_, stderr, code = trailwise(t, work, "collect", "--from-billing-export", dir, "--org-id", g.World.OrgID,
		"--start", "2026-10-02", "--end", "2026-10-02", "--out", "day.json")
	if code != 0 {
		t.Fatalf("collect one day: exit %d: %s", code, stderr)
	}
	day := readDatasetFile(t, filepath.Join(work, "day.json"))
	var events int64
	for _, u := range day.Usage {
		events += u.ManagementReadEvents + u.ManagementWriteEvents
	}
	if day.Period.Start != "2026-10-02" || day.Period.End != "2026-10-02" || events != free["2026-10-02"] {
		t.Errorf("one day: period %+v, %d events; want %d", day.Period, events, free["2026-10-02"])
	}
}

func readDatasetFile(t *testing.T, path string) *model.Dataset {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d model.Dataset
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// A trial's usage read from the bill projects as the same usage given as
// Cost Explorer's CSV export does (written here from the generator's rows,
// in GB): the same projection, to the byte.
func TestTrialProjectFromBillingExport(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 12, Start: "2026-10-01", Days: 3, CloudWatchLogs: true})
	dir := billingFolder(t, g)
	work := t.TempDir()
	if _, stderr, code := trailwise(t, work, "collect", "--from-billing-export", dir, "--org-id", g.World.OrgID, "--out", "org.json"); code != 0 {
		t.Fatalf("collect: exit %d: %s", code, stderr)
	}
	var csvText strings.Builder
	csvText.WriteString("date,linked_account,usage_type,usage_quantity,unblended_cost\n")
	for _, c := range g.World.Costs {
		if c.Service == "AmazonCloudWatch" && !strings.HasSuffix(c.UsageType, "CW:Requests") {
			fmt.Fprintf(&csvText, "%s,%s,%s,%s,%s\n", c.Day, c.Account, c.UsageType,
				strconv.FormatFloat(c.Quantity, 'f', -1, 64), strconv.FormatFloat(c.Cost, 'f', -1, 64))
		}
	}
	os.WriteFile(filepath.Join(work, "ce.csv"), []byte(csvText.String()), 0o644)
	args := []string{"trial", "project", "--strategy", model.CloudWatchLogs, "--dataset", "org.json", "--format", "json"}
	want, stderr, code := trailwise(t, work, append(args, "--usage", "ce.csv")...)
	if code != 0 {
		t.Fatalf("--usage: exit %d: %s", code, stderr)
	}
	got, stderr, code := trailwise(t, work, append(args, "--from-billing-export", dir)...)
	if code != 0 {
		t.Fatalf("--from-billing-export: exit %d: %s", code, stderr)
	}
	got = strings.ReplaceAll(got, strconv.Quote(dir), strconv.Quote("ce.csv"))
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("projection from the bill differs from the CSV's at line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Errorf("projection from the bill: %d lines, the CSV's %d", len(gl), len(wl))
	}
}

// A delivery whose manifest lists a file the copy lacks stops collect with
// one line naming the manifest and the file, and a non-zero exit: reading
// the rest would undercount the month.
func TestCollectBillingManifestMissingFile(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 4, Start: "2026-10-01", Days: 2})
	dir := billingFolder(t, g)
	manifest := filepath.Join(dir, fakeaws.CUR2, "metadata", "BILLING_PERIOD=2026-10", fakeaws.CUR2+"-Manifest.json")
	os.WriteFile(manifest, []byte(`{"dataFiles":["s3://b/p/cur2/data/BILLING_PERIOD=2026-10/cur2-00002.csv.gz"]}`), 0o644)
	_, stderr, code := trailwise(t, t.TempDir(), "collect", "--from-billing-export", dir, "--org-id", g.World.OrgID, "--out", "org.json")
	want := manifest + ": expected the data file it lists, " + filepath.ToSlash(filepath.Join(dir, "cur2", "data", "BILLING_PERIOD=2026-10", "cur2-00002.csv.gz")) + ", got no such file"
	if code == 0 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want one line with %q", code, stderr, want)
	}
}
