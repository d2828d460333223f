package model

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/pricing"
)

// testDataset is one account (the management account) in one region over
// October 2026 (31 days), every day the same: daily counts are the monthly
// totals over 31, so a 31-day projected month reproduces them exactly.
func testDataset(monthly Usage) *Dataset {
	d := &Dataset{
		Schema:       DatasetSchema,
		Organization: Organization{ID: "o-abcdefghij", ManagementAccount: "111111111111"},
		Period:       Period{Start: "2026-10-01", End: "2026-10-31"},
		Accounts:     []Account{{ID: "111111111111", Name: "management", OU: "Root", Status: "ACTIVE"}},
	}
	for day := 1; day <= 31; day++ {
		u := monthly
		u.Account, u.Region, u.Day, u.Source, u.Measured = "111111111111", "us-east-1", fmt.Sprintf("2026-10-%02d", day), "test", true
		d.Usage = append(d.Usage, u)
	}
	// counts are per day in the file; callers give monthly totals divisible by 31
	for i := range d.Usage {
		u := &d.Usage[i]
		u.ManagementReadEvents /= 31
		u.ManagementWriteEvents /= 31
		u.DataEvents /= 31
		u.NetworkEvents /= 31
		u.InsightsEvents /= 31
		u.EventBytes /= 31
		u.StoredBytes /= 31
		u.LogFiles /= 31
	}
	return d
}

// testScenario projects one 31-day month (December 2026).
func testScenario() Scenario {
	s := DefaultScenario()
	s.StartMonth = "2026-12"
	s.HorizonMonths = 1
	return s
}

func usBook(t testing.TB) *pricing.Book {
	t.Helper()
	b, err := pricing.ForRegion("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func estimate(t testing.TB, d *Dataset, s Scenario) *Comparison {
	t.Helper()
	c, err := Estimate(d, s, usBook(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// componentCost sums a strategy's lines of one component in month m.
func componentCost(t testing.TB, c *Comparison, id, component string, m int) float64 {
	t.Helper()
	r, ok := c.Strategy(id)
	if !ok {
		t.Fatalf("no strategy %s", id)
	}
	sum := 0.0
	for _, l := range r.Months[m].Lines {
		if l.Component == component {
			sum += l.Cost
		}
	}
	return sum
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// Every line is quantity × unit price, and every total the sum of its lines.
func TestLinesAddUp(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31e5, ManagementWriteEvents: 31e4, DataEvents: 31e5, EventBytes: 31e9, StoredBytes: 31e8, LogFiles: 31 * 300})
	s := testScenario()
	s.HorizonMonths = 14
	s.SSEKMS, s.Replication, s.ReplicationTimeControl = true, "cross-region", true
	s.Lifecycle = Lifecycle{StandardIADays: 30, GlacierFlexibleDays: 90, DeepArchiveDays: 180}
	s.LakeRetentionDays = 730
	s.Insights = InsightsBoth
	s.OpsHours, s.OpsHourlyRate = map[string]float64{OrgTrail: 2}, 100
	c := estimate(t, d, s)
	for _, r := range c.Strategies {
		for _, m := range r.Months {
			sum := 0.0
			for _, l := range m.Lines {
				if !near(l.Cost, l.Quantity*l.UnitPrice) {
					t.Errorf("%s %s %s: cost %v ≠ %v × %v", r.ID, m.Month, l.Name, l.Cost, l.Quantity, l.UnitPrice)
				}
				if l.Quantity < 0 || l.Cost < 0 {
					t.Errorf("%s %s %s: negative line", r.ID, m.Month, l.Name)
				}
				sum += l.Cost
			}
			if !near(sum, m.Total) {
				t.Errorf("%s %s: total %v, lines sum to %v", r.ID, m.Month, m.Total, sum)
			}
		}
		payers := 0.0
		for _, p := range r.Payers() {
			payers += p.Total
		}
		if !near(payers, r.Total()) {
			t.Errorf("%s: payers sum to %v, total %v", r.ID, payers, r.Total())
		}
	}
}

// scaleUsage multiplies every count of every row.
func scaleUsage(d *Dataset, f int64) {
	for i := range d.Usage {
		u := &d.Usage[i]
		u.ManagementReadEvents *= f
		u.ManagementWriteEvents *= f
		u.DataEvents *= f
		u.NetworkEvents *= f
		u.InsightsEvents *= f
		u.EventBytes *= f
		u.StoredBytes *= f
		u.LogFiles *= f
	}
}

// linearScenario has no fixed or scenario-driven lines (queries, keys,
// digests, labour, tiered rates), so every line is driven by volume.
func linearScenario() Scenario {
	s := testScenario()
	s.HorizonMonths = 13
	zero := 0.0
	s.QueryGBPerMonth = QueryVolume{Athena: &zero, Lake: &zero, CloudWatch: &zero, SecurityLake: &zero}
	s.LogFileValidation = false
	s.Lifecycle = Lifecycle{StandardIADays: 30, GlacierIRDays: 90, DeepArchiveDays: 200}
	s.Replication, s.ReplicationTimeControl, s.Insights = "cross-region", true, InsightsBoth
	s.LakeRetentionDays = 1000
	s.LeftoverTrails = LeftoverKeep
	return s
}

func TestDoublingVolumeDoublesEveryLine(t *testing.T) {
	base := testDataset(Usage{ManagementReadEvents: 31e5, ManagementWriteEvents: 31e4, DataEvents: 62e4, NetworkEvents: 31e3, EventBytes: 31e9, StoredBytes: 31e8, LogFiles: 31 * 300})
	base.Usage[3].ManagementReadEvents += 7 // not perfectly flat
	double := testDataset(Usage{})
	double.Usage = append([]Usage(nil), base.Usage...)
	scaleUsage(double, 2)
	s := linearScenario()
	one, two := estimate(t, base, s), estimate(t, double, s)
	for i, r := range one.Strategies {
		r2 := two.Strategies[i]
		for m := range r.Months {
			a, b := r.Months[m].Lines, r2.Months[m].Lines
			if len(a) != len(b) || len(a) == 0 {
				t.Fatalf("%s %s: %d lines, then %d", r.ID, r.Months[m].Month, len(a), len(b))
			}
			for k := range a {
				if a[k].Name != b[k].Name || !near(b[k].Cost, 2*a[k].Cost) {
					t.Errorf("%s %s %s: %v doubled to %v", r.ID, r.Months[m].Month, a[k].Name, a[k].Cost, b[k].Cost)
				}
			}
		}
	}
}

func TestZeroVolumeCostsNothing(t *testing.T) {
	c := estimate(t, testDataset(Usage{}), linearScenario())
	for _, r := range c.Strategies {
		if tot := r.Total(); tot != 0 {
			t.Errorf("%s costs %v on zero volume", r.ID, tot)
		}
	}
}

func TestLakeAvailableOnlyWithEventDataStore(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31e3, EventBytes: 31e6})
	c := estimate(t, d, testScenario())
	r, _ := c.Strategy(TrailsLake)
	if r.Available || r.UnavailableReason != LakeClosedReason {
		t.Fatalf("without an event data store: available %v, reason %q", r.Available, r.UnavailableReason)
	}
	if r.Total() <= 0 {
		t.Error("an unavailable strategy is still priced")
	}
	d.EventDataStores = []EventDataStore{{Account: "111111111111", Name: "org", Organization: true, BillingMode: LakeExtendable, RetentionDays: 366}}
	r, _ = estimate(t, d, testScenario()).Strategy(TrailsLake)
	if !r.Available {
		t.Fatalf("with an event data store: unavailable: %s", r.UnavailableReason)
	}
	gb := 31e6 / GiB
	if got := componentCost(t, estimate(t, d, testScenario()), TrailsLake, "lake.ingestion", 0); !near(got, gb*0.75) {
		t.Errorf("lake ingestion %v, want %v", got, gb*0.75)
	}
}

func TestPerAccountPolicyGate(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31})
	for i := 0; i < 120; i++ {
		d.Accounts = append(d.Accounts, Account{ID: fmt.Sprintf("2000000%05d", i), Name: "w", OU: "Root", Status: "ACTIVE"})
	}
	r, _ := estimate(t, d, testScenario()).Strategy(OrgTrail + "/" + AccessPerAccountPolicy)
	if r.Available || !strings.Contains(r.UnavailableReason, "bucket-policy limit") {
		t.Fatalf("121 accounts: available %v, %q", r.Available, r.UnavailableReason)
	}
	v, _ := estimate(t, d, testScenario()).Strategy(OrgTrail + "/" + AccessPolicyVariable)
	if !v.Available {
		t.Errorf("policy-variable does not grow with accounts, yet: %s", v.UnavailableReason)
	}
	d.Accounts = d.Accounts[:11]
	r, _ = estimate(t, d, testScenario()).Strategy(OrgTrail + "/" + AccessPerAccountPolicy)
	if !r.Available {
		t.Errorf("11 accounts fit one bucket policy: %s", r.UnavailableReason)
	}
	if n := len(CentralBucketPolicy(AccessPerAccountPolicy, "b", "o-abcdefghij", "111111111111", []string{"222222222222"})); n >= BucketPolicyLimit {
		t.Errorf("one account's policy is %d bytes", n)
	}
}

// Storage reaches a steady state of daily writes × retention, and lifecycle
// tiers split it by age.
func TestStorageSteadyState(t *testing.T) {
	days := []int{31, 30, 31, 31, 30}
	var gb, obj []float64
	for _, n := range days {
		for i := 0; i < n; i++ {
			gb, obj = append(gb, 1), append(obj, 10)
		}
	}
	tiers := []tierSpan{{Name: "standard"}, {Name: "ia", FromAge: 30}, {Name: "archive", FromAge: 60}}
	months := simulateStorage(gb, obj, days, tiers, 90)
	last := months[len(months)-1]
	if !near(last.GBMonth[0], 30) || !near(last.GBMonth[1], 30) || !near(last.GBMonth[2], 30) {
		t.Fatalf("steady state by tier: %v", last.GBMonth)
	}
	if !near(last.Transitions[1], 300) || !near(last.Transitions[2], 300) {
		t.Errorf("transitions in a 30-day month: %v", last.Transitions)
	}
	first := months[0]
	// day j holds j+1 days of writes; the first day's reach IA on day 30
	if !near(first.GBMonth[0]+first.GBMonth[1], 16) || !near(first.GBMonth[1], 1.0/31) {
		t.Errorf("first month accumulates: %v", first.GBMonth)
	}
}

func TestGrowthCompounds(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31e5, DataEvents: 31e5})
	s := testScenario()
	s.HorizonMonths = 3
	s.VolumeGrowthPerMonth = 0.10
	c := estimate(t, d, s)
	m0, m2 := componentCost(t, c, OrgTrail, "cloudtrail.data_events", 0), componentCost(t, c, OrgTrail, "cloudtrail.data_events", 2)
	// December has 31 days, February 28.
	if want := m0 / 31 * 28 * 1.21; !near(m2, want) {
		t.Errorf("month 3 data events %v, want %v", m2, want)
	}
}

func TestScenarioValidation(t *testing.T) {
	cases := map[string]func(*Scenario){
		"horizon_months":                func(s *Scenario) { s.HorizonMonths = 0 },
		"replication":                   func(s *Scenario) { s.Replication = "sideways" },
		"lifecycle.standard_ia_days":    func(s *Scenario) { s.Lifecycle.StandardIADays = 10 },
		"lifecycle.glacier_ir_days":     func(s *Scenario) { s.Lifecycle = Lifecycle{StandardIADays: 60, GlacierIRDays: 40} },
		"org_trail_member_access[0]":    func(s *Scenario) { s.OrgTrailMemberAccess = []string{"open"} },
		"ops_hours.nope":                func(s *Scenario) { s.OpsHours = map[string]float64{"nope": 1} },
		"lake_retention_days":           func(s *Scenario) { s.LakeBillingMode, s.LakeRetentionDays = LakeFixed, 3000 },
		"volume_growth_per_month":       func(s *Scenario) { s.VolumeGrowthPerMonth = -1 },
		"security_lake.sources[0]":      func(s *Scenario) { s.SecurityLake.Sources = []string{"vpc"} },
		"start_month":                   func(s *Scenario) { s.StartMonth = "2026-13" },
		"account_bucket_retention_days": func(s *Scenario) { s.AccountBucketRetentionDays = 0 },
	}
	for path, mutate := range cases {
		s := DefaultScenario()
		mutate(&s)
		err := s.Validate()
		fe, ok := err.(*FieldError)
		if !ok || fe.Path != path {
			t.Errorf("%s: got %v", path, err)
		}
	}
	s := DefaultScenario()
	if err := s.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
}

// Every rate in every embedded book is quoted in a unit the engine converts.
func TestEveryBookUnitIsKnown(t *testing.T) {
	for _, b := range pricing.Books() {
		for id, r := range b.Rates {
			if _, ok := unitScale[r.Unit]; !ok {
				t.Errorf("%s: %s is priced per %q", b.ID, id, r.Unit)
			}
		}
	}
}
