package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

// trialDays is the length of the synthetic trial behind the golden
// projection.
const trialDays = 14

// enterpriseTrialCSV is what Cost Explorer would report for a 14-day
// security-lake trial of the enterprise plan's accounts, starting the day
// after the sample's period: the enterprise spec generated over 44 days
// (the same accounts and sizes; other day-to-day draws), days 31 to 44.
func enterpriseTrialCSV(t *testing.T) []byte {
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
	plan, err := model.PlanTrial(d, s, book, model.TrialOptions{Strategy: model.SecurityLake, Precision: 0.1, Confidence: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range plan.Accounts {
		ids = append(ids, a.ID)
	}
	spec, _ := fixtures.SampleSpec("enterprise")
	spec.Days += trialDays
	full := fixtures.Generate(spec)
	rows, err := model.ExpectedTrialUsage(full.Usage, s, book, model.SecurityLake, ids, "2026-10-01", plan.FreeTrialDays)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := input.WriteTrialUsage(&buf, rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// golden compares out with testdata/name, rewriting it with -update.
func golden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/trailwise -update to create it)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s; if the change is intended, run go test ./cmd/trailwise -update and review the diff", path)
	}
}

func TestTrialUsageCSVIsCurrent(t *testing.T) {
	out := string(enterpriseTrialCSV(t))
	golden(t, "trial-enterprise-security-lake.csv", out)
}

func TestGoldenTrialPlanEnterprise(t *testing.T) {
	for _, format := range []string{"table", "json", "markdown"} {
		out, stderr, code := trailwise(t, ".", "trial", "plan", "--strategy", "security-lake", "--sample", "enterprise", "--format", format)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[format]
		golden(t, "trial-plan-enterprise."+ext, out)
		if format == "table" {
			for i, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
				if n := len([]rune(line)); n > 80 {
					t.Errorf("line %d is %d columns: %q", i+1, n, line)
				}
			}
		}
		if format == "json" {
			var doc report.TrialPlanDoc
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Schema != report.TrialPlanSchema || doc.Days < model.MinTrialDays || len(doc.Accounts) != len(doc.Strata) {
				t.Errorf("schema %s, %d days, %d accounts for %d strata", doc.Schema, doc.Days, len(doc.Accounts), len(doc.Strata))
			}
			if !strings.Contains(out, `"USE1-PaidCloudTrailEvents-Bytes"`) {
				t.Error("the plan lists no USE1-PaidCloudTrailEvents-Bytes usage type")
			}
		}
	}
}

func TestGoldenTrialProjectEnterprise(t *testing.T) {
	for _, format := range []string{"table", "json", "markdown"} {
		out, stderr, code := trailwise(t, ".", "trial", "project", "--strategy", "security-lake", "--sample", "enterprise",
			"--usage", filepath.Join("testdata", "trial-enterprise-security-lake.csv"), "--format", format)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[format]
		golden(t, "trial-project-enterprise."+ext, out)
		if format == "table" {
			for i, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
				if n := len([]rune(line)); n > 80 {
					t.Errorf("line %d is %d columns: %q", i+1, n, line)
				}
			}
		}
	}
}

func TestTrialPlanOtherStrategies(t *testing.T) {
	out, stderr, code := trailwise(t, ".", "trial", "plan", "--strategy", "trails-lake", "--sample", "small")
	if code != 1 || out != "" || !strings.Contains(stderr, "closed to new customers") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("trails-lake without an event data store: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if _, stderr, code := trailwise(t, ".", "trial", "plan", "--strategy", "trails-lake", "--sample", "enterprise"); code != 0 {
		t.Errorf("trails-lake with the enterprise event data store: exit %d: %s", code, stderr)
	}
	if out, stderr, code := trailwise(t, ".", "trial", "plan", "--strategy", "cloudwatch-logs", "--sample", "enterprise"); code != 0 || !strings.Contains(out, "USE1-DataProcessing-Bytes") {
		t.Errorf("cloudwatch-logs: exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{
		{"trial", "plan", "--strategy", "org-trail"},
		{"trial", "plan", "--strategy", "security-lake", "--precision", "ten"},
		{"trial", "plan", "--strategy", "security-lake", "--confidence", "100%"},
		{"trial", "plan", "--strategy", "security-lake", "--format", "csv"},
		{"trial", "plan"},
		{"trial", "project", "--strategy", "security-lake"},
	} {
		if _, stderr, code := trailwise(t, ".", args...); code != 2 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line", args, code, stderr)
		}
	}
}

func TestTrialProjectCSVErrors(t *testing.T) {
	good := "date,linked_account,usage_type,usage_quantity,unblended_cost\n"
	for _, c := range []struct{ name, text, want string }{
		{"header", "day,account,usage_type,usage_quantity,unblended_cost\n", "usage.csv: row 1, column 1: expected the header"},
		{"extra column", strings.TrimSuffix(good, "\n") + ",note\n2026-10-01,111111111111,USE1-PaidCloudTrailEvents-Bytes,1,0,x\n", "usage.csv: row 1, column 6: unexpected column"},
		{"date", good + "2026-10-01,111111111111,USE1-PaidCloudTrailEvents-Bytes,1,0\n10/02/2026,111111111111,USE1-PaidCloudTrailEvents-Bytes,1,0\n", "usage.csv: row 3, column date: expected a day as YYYY-MM-DD"},
		{"account", good + "2026-10-01,1111,USE1-PaidCloudTrailEvents-Bytes,1,0\n", "usage.csv: row 2, column linked_account: expected a 12-digit account id"},
		{"quantity", good + "2026-10-01,111111111111,USE1-PaidCloudTrailEvents-Bytes,-1,0\n", "usage.csv: row 2, column usage_quantity: expected a number of zero or more"},
		{"cost", good + "2026-10-01,111111111111,USE1-PaidCloudTrailEvents-Bytes,1,abc\n", "usage.csv: row 2, column unblended_cost: expected a number of USD"},
		{"columns", good + "2026-10-01,111111111111,USE1-PaidCloudTrailEvents-Bytes,1\n", "usage.csv: row 2: expected 5 columns, got 4"},
		{"repeat", good + "2026-10-01,111111111111,USE1-PaidCloudTrailEvents-Bytes,1,0\n2026-10-01,111111111111,USE1-PaidCloudTrailEvents-Bytes,2,0\n", "usage.csv: row 3, column usage_type: USE1-PaidCloudTrailEvents-Bytes for 111111111111 on 2026-10-01 repeats row 2"},
		{"unknown account", good + "2026-10-01,111111111111,USE1-PaidCloudTrailEvents-Bytes,1,0\n", "usage.csv: row 2, column linked_account: account 111111111111 is not in the dataset"},
		{"empty", "", "usage.csv: empty file"},
	} {
		dir := writeFile(t, "usage.csv", c.text)
		out, stderr, code := trailwise(t, dir, "trial", "project", "--strategy", "security-lake", "--sample", "enterprise", "--usage", "usage.csv")
		if code != 1 || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and one line with %q", c.name, code, stderr, c.want)
		}
	}
}

// --precision takes 10% and 0.1 alike, and refuses a bare 1 or 10 (percent
// or fraction?) and values outside 1% to 50%, in one line.
func TestPrecisionFlag(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
	}{{"10%", 0.1}, {"0.1", 0.1}, {" 5% ", 0.05}, {"0.05", 0.05}, {"1%", 0.01}, {"50%", 0.5}, {"0.5", 0.5}} {
		if got, err := readPrecision(c.in); err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("--precision %q: %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"1", "ambiguous: write 1% for a percentage, or a fraction like 0.1"},
		{"10", "ambiguous: write 10%"},
		{"0.9", "expected 1% to 50% (0.01 to 0.5), got 0.9"},
		{"90%", "expected 1% to 50%"},
		{"0.5%", "expected 1% to 50%"},
		{"0", "expected 1% to 50%"},
		{"-5%", "expected 1% to 50%"},
		{"ten", "expected a percentage like 10% (or 0.1)"},
		// absurd, not ambiguous: the sane range, not "write 1e9%"
		{"1e9", "expected 1% to 50% (0.01 to 0.5), got 1e9"},
		{"1000000000", "expected 1% to 50% (0.01 to 0.5), got 1000000000"},
	} {
		_, stderr, code := trailwise(t, ".", "trial", "plan", "--strategy", "security-lake", "--precision", c.in)
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--precision: ") || !strings.Contains(stderr, c.want) {
			t.Errorf("--precision %q: exit %d, %q; want exit 2 and one line with %q", c.in, code, stderr, c.want)
		}
	}
}

// Each usage type of a Free/Paid pair says when it counts.
func TestTrialUsageTypesSayFreeOrPaid(t *testing.T) {
	out, stderr, code := trailwise(t, ".", "trial", "plan", "--strategy", "security-lake", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var plan struct {
		UsageTypes []struct{ UsageType, What string } `json:"usage_types"`
	}
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, u := range plan.UsageTypes {
		free, paid := strings.Contains(u.UsageType, "-Free"), strings.Contains(u.UsageType, "-Paid")
		if strings.Contains(u.What, "Free…") ||
			free && u.UsageType != "USE1-FreeEventsRecorded" && !strings.HasSuffix(u.What, "within the free trial (not billed)") ||
			paid && !strings.HasSuffix(u.What, "after the free trial (billed)") {
			t.Errorf("%s: %q", u.UsageType, u.What)
		}
		if paid {
			seen++
		}
	}
	if seen != 2 {
		t.Errorf("%d Paid usage types, want 2: %+v", seen, plan.UsageTypes)
	}
}
