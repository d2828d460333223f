package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/input"
)

// ceWorld is the enterprise organization as the Cost Explorer fake serves
// it: the management account and the trial accounts (the others have no
// trial usage), with the trial's usage of testdata's CSV as daily Cost
// Explorer rows.
func ceWorld(t *testing.T, costPageSize int) fakeaws.World {
	t.Helper()
	d, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := input.ReadTrialUsage(filepath.Join("testdata", "trial-enterprise-security-lake.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := fakeaws.World{OrgID: d.Organization.ID, ManagementAccount: d.Organization.ManagementAccount, RootID: "r-ent1",
		CostPageSize: costPageSize, PageSize: 1000}
	trial := map[string]bool{d.Organization.ManagementAccount: true}
	for _, r := range rows {
		trial[r.Account] = true
		w.Costs = append(w.Costs, fakeaws.CostRow{Day: r.Day, Account: r.Account, Service: "Amazon Security Lake", UsageType: r.UsageType, Quantity: r.Quantity, Cost: r.Cost})
	}
	for _, a := range d.Accounts {
		if trial[a.ID] {
			w.Accounts = append(w.Accounts, fakeaws.Account{ID: a.ID, Name: a.Name, Email: a.ID + "@example.com", Status: a.Status, Parent: w.RootID})
		}
	}
	return w
}

// ceEnv gives the AWS SDK of the child process the management account's
// static keys, no shared files and a fresh cache.
func ceEnv(t *testing.T, f *fakeaws.Fake) {
	dir := t.TempDir()
	t.Setenv("AWS_ACCESS_KEY_ID", fakeaws.ManagementKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	t.Setenv("HOME", dir)
}

func TestTrialProjectFromCostExplorer(t *testing.T) {
	f, err := fakeaws.New(ceWorld(t, 1000), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ceEnv(t, f)
	args := []string{"trial", "project", "--strategy", "security-lake", "--sample", "enterprise", "--start", "2026-10-01", "--end", "2026-10-14", "--endpoint-url", f.URL()}

	_, stderr, code := trailwise(t, ".", append(args, "--from-cost-explorer", "--dry-run")...)
	if code != 0 || !strings.Contains(stderr, "paid request") {
		t.Fatalf("dry run: exit %d: %s", code, stderr)
	}
	if n := f.Count("ce:GetCostAndUsage"); n != 0 {
		t.Errorf("the dry run sent %d Cost Explorer requests", n)
	}

	fromCE, stderr, code := trailwise(t, ".", append(args, "--from-cost-explorer")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := fmt.Sprintf("Cost Explorer: %d paid request(s), %.2f USD", f.Count("ce:GetCostAndUsage"), 0.01*float64(f.Count("ce:GetCostAndUsage"))); !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not say %q", stderr, want)
	}
	fromCSV, stderr, code := trailwise(t, ".", append(args, "--usage", filepath.Join("testdata", "trial-enterprise-security-lake.csv"))...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fromCE != fromCSV {
		t.Errorf("Cost Explorer and the CSV export of the same usage project differently:\n%s\n---\n%s", fromCE, fromCSV)
	}
	// a second run reads the cache: no new paid request
	before := f.Count("ce:GetCostAndUsage")
	if _, stderr, code := trailwise(t, ".", append(args, "--from-cost-explorer")...); code != 0 || f.Count("ce:GetCostAndUsage") != before {
		t.Errorf("second run: exit %d, %d new requests: %s", code, f.Count("ce:GetCostAndUsage")-before, stderr)
	}
}

func TestTrialProjectFromCostExplorerCap(t *testing.T) {
	f, err := fakeaws.New(ceWorld(t, 100), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ceEnv(t, f)
	out, stderr, code := trailwise(t, ".", "trial", "project", "--strategy", "security-lake", "--sample", "enterprise",
		"--from-cost-explorer", "--start", "2026-10-01", "--end", "2026-10-14", "--max-ce-requests", "3", "--endpoint-url", f.URL())
	if code != 1 || out != "" || !strings.Contains(stderr, "--max-ce-requests 3") {
		t.Errorf("capped: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if n := f.Count("ce:GetCostAndUsage"); n > 3 {
		t.Errorf("%d paid requests past a cap of 3", n)
	}
	for _, args := range [][]string{
		{"--from-cost-explorer"}, // no days
		{"--from-cost-explorer", "--start", "2026-10-01", "--end", "2026-10-14", "--usage", "x.csv"},
		{"--dry-run", "--usage", "x.csv"},
	} {
		full := append([]string{"trial", "project", "--strategy", "security-lake", "--sample", "enterprise"}, args...)
		if _, stderr, code := trailwise(t, ".", full...); code != 2 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
