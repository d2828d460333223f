package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing/pricelist"
)

// inventoryWorld serves a generated organization whose trail bucket has a
// CSV inventory report of 2026-10-04 in s3://inventory-reports/daily/, the
// same report in Parquet in s3://inventory-reports/parquet/, and an ORC
// report in s3://inventory-reports/orc/.
func inventoryWorld(t *testing.T) *fakeaws.Fake {
	t.Helper()
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 12, Start: "2026-10-01", Days: 3})
	g.World.PageSize = 50
	at := time.Date(2026, 10, 4, 0, 17, 0, 0, time.UTC)
	csv := fakeaws.Inventory{Bucket: "inventory-reports", Prefix: "daily", Source: g.Bucket, Time: at, RowsPerFile: 40}
	orc := fakeaws.Inventory{Bucket: "inventory-reports", Prefix: "orc", Source: g.Bucket, Time: at, Format: "ORC"}
	pq := fakeaws.Inventory{Bucket: "inventory-reports", Prefix: "parquet", Source: g.Bucket, Time: at, RowsPerFile: 40, RowsPerGroup: 15, Format: "Parquet"}
	objects := append(append(append([]fakeaws.S3Object{}, g.Objects...), csv.Objects(g.Objects)...), orc.Objects(g.Objects)...)
	objects = append(objects, pq.Objects(g.Objects)...)
	f, err := fakeaws.New(g.World, objects)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

// cells reads a dataset's stored bytes and log files per account, region
// and day, and the sources of its rows.
func cells(t *testing.T, path string) (map[string][2]int64, map[string]bool, *model.Dataset) {
	t.Helper()
	d, err := readPlainDataset(path)
	if err != nil {
		t.Fatal(err)
	}
	out, sources := map[string][2]int64{}, map[string]bool{}
	for _, u := range d.Usage {
		sources[u.Source] = true
		if u.LogFiles > 0 {
			out[u.Account+" "+u.Region+" "+u.Day] = [2]int64{u.StoredBytes, u.LogFiles}
		}
	}
	return out, sources, d
}

// collect --inventory writes the cells a listing writes, from fewer
// requests, and says where they came from; --days counts back from the
// report's date; --dry-run says it would read the report.
func TestCollectAWSInventory(t *testing.T) {
	f := inventoryWorld(t)
	awsEnv(t)
	dir := t.TempDir()
	common := []string{"collect", "--endpoint-url", f.URL(), "--s3-endpoint-url", f.S3URL(), "--regions", "us-east-1,eu-west-1",
		"--sources", "cost-explorer,s3,cloudtrail", "--cache-dir", filepath.Join(dir, "cache"),
		"--bucket-account", fakeaws.AccountID(fakeaws.IdxLogArchive)}
	period := []string{"--start", "2026-10-01", "--end", "2026-10-03"}

	_, stderr, code := trailwise(t, dir, append(append(common, period...), "--out", "listed.json")...)
	if code != exitPartial {
		t.Fatalf("listing: exit %d: %s", code, stderr)
	}
	listed := f.Count("s3:ListObjectsV2")
	f.ResetCalls()
	_, stderr, code = trailwise(t, dir, append(append(common, period...), "--inventory", "s3://inventory-reports/daily", "--out", "inv.json")...)
	if code != exitPartial { // the denied and the suspended account
		t.Fatalf("inventory: exit %d: %s", code, stderr)
	}
	lines := stderrLines(t, stderr)
	if !strings.Contains(stderr, "S3 Inventory report of 2026-10-04") || !strings.Contains(lines[len(lines)-1], "wrote inv.json") {
		t.Errorf("stderr %q", stderr)
	}
	want, _, _ := cells(t, filepath.Join(dir, "listed.json"))
	got, sources, d := cells(t, filepath.Join(dir, "inv.json"))
	if len(want) == 0 || len(got) != len(want) {
		t.Fatalf("%d cells through the inventory, %d listed", len(got), len(want))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %v through the inventory, %v listed", k, got[k], w)
		}
	}
	if !sources["cost-explorer+s3-inventory@2026-10-04"] || sources["cost-explorer+s3-listing"] || len(d.Gaps) != 2 {
		t.Errorf("sources %v, gaps %+v", sources, d.Gaps)
	}
	if n := f.Count("s3:ListObjectsV2"); n != 3 || listed <= n {
		t.Errorf("%d ListObjectsV2 through the inventory, %d listing", n, listed)
	}

	// The same report in Parquet: the same cells.
	_, stderr, code = trailwise(t, dir, append(append(common, period...), "--inventory", "s3://inventory-reports/parquet", "--out", "parquet.json.gz")...)
	if code != exitPartial || !strings.Contains(stderr, "S3 Inventory report of 2026-10-04") {
		t.Fatalf("parquet inventory: exit %d: %s", code, stderr)
	}
	pqCells, pqSources, _ := cells(t, filepath.Join(dir, "parquet.json.gz"))
	if len(pqCells) != len(want) || !pqSources["cost-explorer+s3-inventory@2026-10-04"] {
		t.Fatalf("%d cells through the Parquet inventory, %d listed; sources %v", len(pqCells), len(want), pqSources)
	}
	for k, w := range want {
		if pqCells[k] != w {
			t.Errorf("%s: %v through the Parquet inventory, %v listed", k, pqCells[k], w)
		}
	}

	// --days N: the N days before the report's date, whatever today is.
	_, stderr, code = trailwise(t, dir, append(common, "--days", "2", "--inventory", "s3://inventory-reports/daily", "--out", "days.json")...)
	if code != exitPartial || !strings.Contains(stderr, "the 2 days before the inventory's date 2026-10-04") {
		t.Fatalf("--days: exit %d: %s", code, stderr)
	}
	if _, _, d := cells(t, filepath.Join(dir, "days.json")); d.Period != (model.Period{Start: "2026-10-02", End: "2026-10-03"}) {
		t.Errorf("period %+v", d.Period)
	}

	// --dry-run reads the manifest, nothing else of the report.
	f.ResetCalls()
	out, stderr, code := trailwise(t, dir, append(common, "--days", "3", "--inventory", "s3://inventory-reports/daily", "--dry-run")...)
	if code != 0 || !strings.Contains(out, "S3 Inventory instead of listing the bucket: the report of 2026-10-04") ||
		!strings.Contains(out, "2026-10-01..2026-10-03") || strings.Contains(out, "ListObjectsV2 per account") {
		t.Errorf("dry run: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if n := f.Count("s3:GetObject"); n != 1 || f.Count("ce:GetCostAndUsage") != 0 {
		t.Errorf("the dry run read %d objects and made %d Cost Explorer requests", n, f.Count("ce:GetCostAndUsage"))
	}
	checkActionsInPolicy(t, f)
}

// A report collect cannot use stops it with one line and no file; a bad
// URL is a wrong command line.
func TestCollectAWSInventoryErrors(t *testing.T) {
	f := inventoryWorld(t)
	awsEnv(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--inventory", "s3://inventory-reports/orc"}, 1, `fileFormat "ORC": only CSV and Parquet reports are read`},
		{[]string{"--inventory", "s3://inventory-reports/weekly"}, 1, "no manifest.json found"},
		{[]string{"--inventory", "inventory-reports/daily"}, 2, "--inventory: inventory \"inventory-reports/daily\": expected s3://BUCKET/PREFIX"},
		{[]string{"--inventory", "s3://inventory-reports/daily", "--sources", "cloudtrail"}, 2, "needs s3 in --sources"},
	} {
		dir := t.TempDir()
		args := append([]string{"collect", "--endpoint-url", f.URL(), "--s3-endpoint-url", f.S3URL(), "--start", "2026-10-01", "--end", "2026-10-03",
			"--regions", "us-east-1", "--cache-dir", filepath.Join(dir, "cache"), "--out", "org.json"}, tc.args...)
		out, stderr, code := trailwise(t, dir, args...)
		if code != tc.code || out != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, stderr)
		}
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		sort.Strings(names)
		if len(names) > 1 || len(names) == 1 && names[0] != "cache" {
			t.Errorf("%v: left %v", tc.args, names)
		}
	}
}

// With --inventory, the bucket's and the management account's policies
// allow listing the inventory bucket and reading the report's files, and
// still no action the collector does not call.
func TestPolicyIAMInventory(t *testing.T) {
	for _, tc := range []struct{ url, read string }{
		{"s3://inventory-reports/daily", "arn:aws:s3:::inventory-reports/daily/*"},
		{"s3://inventory-reports/daily/trail/cfg/2026-10-04T00-17Z/manifest.json", "arn:aws:s3:::inventory-reports/daily/trail/cfg/*"},
		{"s3://inventory-reports", "arn:aws:s3:::inventory-reports/*"},
	} {
		for _, who := range []string{"management", "bucket"} {
			out, stderr, code := trailwise(t, ".", "policy", "iam", "--for", who, "--bucket", "org-trail-logs", "--inventory", tc.url)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var p iamPolicy
			if err := json.Unmarshal([]byte(out), &p); err != nil {
				t.Fatal(err)
			}
			res := map[string][]string{}
			actions := map[string]bool{}
			for _, s := range p.Statement {
				res[s.Sid] = s.Resource
				for _, a := range s.Action {
					actions[a] = true
				}
			}
			if strings.Join(res["ListInventoryReports"], " ") != "arn:aws:s3:::inventory-reports" || strings.Join(res["ReadInventoryReports"], " ") != tc.read ||
				strings.Join(res["ReadSampledTrailLogs"], " ") != "arn:aws:s3:::org-trail-logs/*" {
				t.Errorf("%s %s: %v", who, tc.url, res)
			}
			for a := range actions {
				if !strings.HasPrefix(a, "s3:") && who == "bucket" || !slices.Contains(awscollect.IAMActions(), a) && !slices.Contains(pricelist.IAMActions, a) {
					t.Errorf("%s allows %s", who, a)
				}
			}
		}
	}
	out, stderr, code := trailwise(t, ".", "policy", "iam", "--for", "member", "--inventory", "s3://inventory-reports/daily")
	if code != 0 || strings.Contains(out, "inventory-reports") {
		t.Errorf("member: exit %d, %s %s", code, out, stderr)
	}
	_, stderr, code = trailwise(t, ".", "policy", "iam", "--inventory", "http://x")
	if code != 2 || !strings.Contains(stderr, "--inventory") {
		t.Errorf("bad URL: exit %d, %q", code, stderr)
	}
}
