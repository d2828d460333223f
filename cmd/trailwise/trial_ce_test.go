package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
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
	t.Setenv(unthrottledEnv, "1") // the fake answers at once
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
	for _, flt := range f.CostFilters() {
		if len(flt) != 1 || flt[0] != "Amazon Security Lake" {
			t.Errorf("the request filtered on %q", flt)
		}
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

// cloudWatchTrial is a 14-day trial of a CloudWatch route (strategy) of the
// enterprise plan's accounts as a CSV export holds it (written to a
// temporary file and read back, so both sides carry the same digits) and as
// Cost Explorer's fake serves it: Logs ingestion per account, region and
// day under the route's usage type, Logs storage and Logs Insights' data
// scanned, one free-tier row under the Global code per account, and, in the
// fake only, rows an export of the trial's usage types would not hold:
// another CloudWatch usage type, and a Classic Load Balancer row whose usage
// type has Logs ingestion's very name (only the SERVICE filter tells them
// apart).
func cloudWatchTrial(t *testing.T, strategy string, costPageSize int) (fakeaws.World, string, []model.TrialUsage, []string) {
	t.Helper()
	d, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	book, err := pricing.ForRegion("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	s := model.DefaultScenario()
	plan, err := model.PlanTrial(d, s, book, model.TrialOptions{Strategy: strategy, Precision: 0.1, Confidence: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range plan.Accounts {
		ids = append(ids, a.ID)
	}
	spec, _ := fixtures.SampleSpec("enterprise")
	spec.Days += trialDays
	rows, err := model.ExpectedTrialUsage(fixtures.Generate(spec).Usage, s, book, strategy, ids, "2026-10-01", 0)
	if err != nil {
		t.Fatal(err)
	}
	var extra []model.TrialUsage
	for _, r := range rows {
		if strings.HasPrefix(r.UsageType, "USE1-") {
			gbMo := r.Quantity * 3 / 30
			extra = append(extra, model.TrialUsage{Day: r.Day, Account: r.Account, UsageType: "USE1-TimedStorage-ByteHrs", Quantity: gbMo, Cost: gbMo * 0.03},
				model.TrialUsage{Day: r.Day, Account: r.Account, UsageType: "USE1-DataScanned-Bytes", Quantity: r.Quantity / 2, Cost: r.Quantity / 2 * 0.005})
		}
	}
	for _, id := range ids {
		extra = append(extra, model.TrialUsage{Day: "2026-10-01", Account: id, UsageType: "Global-DataProcessing-Bytes", Quantity: 0.004})
	}
	rows = append(rows, extra...)
	var buf bytes.Buffer
	if err := input.WriteTrialUsage(&buf, rows); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "trial-cloudwatch-logs.csv")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if rows, err = input.ReadTrialUsage(path); err != nil {
		t.Fatal(err)
	}
	w := fakeaws.World{OrgID: d.Organization.ID, ManagementAccount: d.Organization.ManagementAccount, RootID: "r-ent1",
		CostPageSize: costPageSize, PageSize: 1000}
	trial := map[string]bool{d.Organization.ManagementAccount: true}
	for _, r := range rows {
		trial[r.Account] = true
		w.Costs = append(w.Costs, fakeaws.CostRow{Day: r.Day, Account: r.Account, Service: "AmazonCloudWatch", UsageType: r.UsageType, Quantity: r.Quantity, Cost: r.Cost})
		if strings.HasPrefix(r.UsageType, "USE1-DataProcessing") {
			w.Costs = append(w.Costs,
				fakeaws.CostRow{Day: r.Day, Account: r.Account, Service: "AmazonCloudWatch", UsageType: "USE1-CW:Requests", Quantity: 1000},
				fakeaws.CostRow{Day: r.Day, Account: r.Account, Service: "Amazon Elastic Load Balancing", UsageType: "USE1-DataProcessing-Bytes", Quantity: 50, Cost: 0.4})
		}
	}
	for _, a := range d.Accounts {
		if trial[a.ID] {
			w.Accounts = append(w.Accounts, fakeaws.Account{ID: a.ID, Name: a.Name, Email: a.ID + "@example.com", Status: a.Status, Parent: w.RootID})
		}
	}
	return w, path, rows, ids
}

// A cloudwatch-logs trial projects from Cost Explorer as from the CSV
// export of the same usage; the request asks for CloudWatch alone, and the
// dry run counts the pages before and after.
func TestTrialProjectCloudWatchFromCostExplorer(t *testing.T) {
	w, csvPath, _, ids := cloudWatchTrial(t, model.CloudWatchLogs, 200)
	f, err := fakeaws.New(w, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ceEnv(t, f)
	args := []string{"trial", "project", "--strategy", "cloudwatch-logs", "--sample", "enterprise", "--start", "2026-10-01", "--end", "2026-10-14", "--endpoint-url", f.URL()}

	_, stderr, code := trailwise(t, ".", append(args, "--from-cost-explorer", "--dry-run")...)
	if code != 0 || !strings.Contains(stderr, "page(s), 0 cached;") || f.Count("ce:GetCostAndUsage") != 0 {
		t.Fatalf("dry run: exit %d, %d requests: %s", code, f.Count("ce:GetCostAndUsage"), stderr)
	}
	fromCE, stderr, code := trailwise(t, ".", append(args, "--from-cost-explorer")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pages := f.Count("ce:GetCostAndUsage")
	if pages < 2 || !strings.Contains(stderr, fmt.Sprintf("%d account(s) have some", len(ids))) {
		t.Errorf("%d pages; stderr %q", pages, stderr)
	}
	for _, flt := range f.CostFilters() {
		if len(flt) != 1 || flt[0] != awscollect.CloudWatchService {
			t.Errorf("the request filtered on %q", flt)
		}
	}
	fromCSV, stderr, code := trailwise(t, ".", append(args, "--usage", csvPath)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fromCE != fromCSV {
		t.Errorf("Cost Explorer and the CSV export of the same usage project differently:\n%s\n---\n%s", fromCE, fromCSV)
	}
	if !strings.Contains(fromCE, "cloudwatch.ingestion") {
		t.Errorf("no ingestion projected:\n%s", fromCE)
	}
	// Every page is cached now. A retried request (a slow answer on a loaded
	// machine) reaches the fake twice but is one page, so the pages are at
	// most the requests.
	_, stderr, code = trailwise(t, ".", append(args, "--from-cost-explorer", "--dry-run")...)
	m := regexp.MustCompile(`about (\d+) page\(s\), (\d+) cached; 0 paid request\(s\), 0\.00 USD`).FindStringSubmatch(stderr)
	if code != 0 || m == nil || m[1] != m[2] {
		t.Errorf("dry run after: exit %d, stderr %q", code, stderr)
	} else if cached, _ := strconv.Atoi(m[2]); cached < 2 || cached > pages {
		t.Errorf("dry run after: %d pages cached, %d requests sent", cached, pages)
	}
	if f.Count("ce:GetCostAndUsage") != pages {
		t.Errorf("%d requests after the dry run, %d before", f.Count("ce:GetCostAndUsage"), pages)
	}
}

// The rows read from Cost Explorer keep their days: the same rows, day by
// day, as the export, of every CloudWatch Logs usage type a route bills
// under (Standard and Infrequent Access ingestion, vended logs into either
// class, storage, Logs Insights), from requests that ask for CloudWatch
// alone.
func TestTrialUsageFromCEKeepsDays(t *testing.T) {
	w, _, want, _ := cloudWatchTrial(t, model.CloudWatchLogs, 150)
	// the same accounts' other routes, as an account trying each would
	// show them
	for _, r := range want {
		if name, ok := strings.CutPrefix(r.UsageType, "USE1-DataProcessing-Bytes"); ok && name == "" {
			for _, other := range []string{"USE1-DataProcessingIA-Bytes", "USE1-VendedLog-Bytes", "USE1-VendedLogIA-Bytes"} {
				o := model.TrialUsage{Day: r.Day, Account: r.Account, UsageType: other, Quantity: r.Quantity / 4, Cost: r.Quantity / 4 * 0.25}
				want = append(want, o)
				w.Costs = append(w.Costs, fakeaws.CostRow{Day: o.Day, Account: o.Account, Service: awscollect.CloudWatchService, UsageType: o.UsageType, Quantity: o.Quantity, Cost: o.Cost})
			}
		}
	}
	f, err := fakeaws.New(w, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ceEnv(t, f)
	var errw bytes.Buffer
	got, err := trialUsageFromCE(&ceTrialOptions{FromCostExplorer: true, Start: "2026-10-01", End: "2026-10-14", MaxCERequests: 20, EndpointURL: f.URL()},
		model.CloudWatchLogs, &errw)
	if err != nil {
		t.Fatalf("%v: %s", err, errw.String())
	}
	key := func(rows []model.TrialUsage) []string {
		var out []string
		for _, r := range rows {
			out = append(out, fmt.Sprintf("%s %s %s %g %g", r.Day, r.Account, r.UsageType, r.Quantity, r.Cost))
		}
		sort.Strings(out)
		return out
	}
	if g, w := key(got), key(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%d rows from Cost Explorer, %d in the export; first %q / %q", len(g), len(w), g[:min(3, len(g))], w[:min(3, len(w))])
	}
	days, kinds := map[string]bool{}, map[string]bool{}
	for _, r := range got {
		days[r.Day] = true
		kinds[r.UsageType[strings.Index(r.UsageType, "-")+1:]] = true
	}
	if len(days) != trialDays {
		t.Errorf("rows on %d days, want %d", len(days), trialDays)
	}
	for _, k := range []string{"DataProcessing-Bytes", "DataProcessingIA-Bytes", "VendedLog-Bytes", "VendedLogIA-Bytes", "TimedStorage-ByteHrs", "DataScanned-Bytes"} {
		if !kinds[k] {
			t.Errorf("no %s row read; read %v", k, kinds)
		}
	}
	for _, flt := range f.CostFilters() {
		if len(flt) != 1 || flt[0] != awscollect.CloudWatchService {
			t.Errorf("the request filtered on %q", flt)
		}
	}
	if s := trialServices(model.SecurityLake); len(s) != 1 || s[0] != "Amazon Security Lake" {
		t.Errorf("security-lake asks for %q", s)
	}
	for _, st := range append([]string{model.CloudWatchLogs}, model.TrialVariants()...) {
		if s := trialServices(st); len(s) != 1 || s[0] != awscollect.CloudWatchService {
			t.Errorf("%s asks for %q", st, s)
		}
	}
}

// A trial of the Infrequent Access route projects from Cost Explorer as
// from the export: its DataProcessingIA-Bytes at the IA ingestion rate
// (the figure itself is worked by hand in the model's tests).
func TestTrialProjectInfrequentAccessFromCostExplorer(t *testing.T) {
	ia := model.CloudWatchLogs + "/" + model.RouteTelemetryIA
	w, csvPath, rows, _ := cloudWatchTrial(t, ia, 1000)
	n := 0
	for _, r := range rows {
		if strings.HasSuffix(r.UsageType, "-DataProcessingIA-Bytes") {
			n++
		}
	}
	if n == 0 {
		t.Fatal("no IA ingestion in the trial's usage")
	}
	f, err := fakeaws.New(w, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ceEnv(t, f)
	args := []string{"trial", "project", "--strategy", ia, "--sample", "enterprise", "--start", "2026-10-01", "--end", "2026-10-14", "--format", "json"}
	fromCE, stderr, code := trailwise(t, ".", append(args, "--from-cost-explorer", "--endpoint-url", f.URL())...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fromCSV, stderr, code := trailwise(t, ".", append(args, "--usage", csvPath)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	source := regexp.MustCompile(`"usage": "[^"]*"`) // where the usage came from
	if source.ReplaceAllString(fromCE, "") != source.ReplaceAllString(fromCSV, "") {
		t.Errorf("Cost Explorer and the CSV export of the same usage project differently:\n%s\n---\n%s", fromCE, fromCSV)
	}
	if !regexp.MustCompile(`"component":\s*"cloudwatch.ingestion",\s*"rate":\s*"cloudwatch.ingestion_ia"`).MatchString(fromCE) {
		t.Errorf("IA ingestion not projected at cloudwatch.ingestion_ia:\n%s", fromCE)
	}
}
