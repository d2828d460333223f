package model_test

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
)

func trialOptions(strategy string) model.TrialOptions {
	return model.TrialOptions{Strategy: strategy, Precision: 0.1, Confidence: 0.9}
}

func TestTrialPlanCoversEveryStratum(t *testing.T) {
	var cases []*model.Dataset
	for _, name := range []string{"small", "enterprise"} {
		d, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, d)
	}
	for seed := uint64(1); seed <= 5; seed++ {
		cases = append(cases, fixtures.Generate(fixtures.Spec{Seed: seed, Accounts: 40 * int(seed), SuspendedAccounts: 1, UnreadAccounts: 2}))
	}
	for k, d := range cases {
		for _, strategy := range []string{model.SecurityLake, model.CloudWatchLogs} {
			p, err := model.PlanTrial(d, model.DefaultScenario(), book(t), trialOptions(strategy))
			if err != nil {
				t.Fatalf("case %d %s: %v", k, strategy, err)
			}
			if len(p.Accounts) != len(p.Strata) {
				t.Errorf("case %d: %d accounts for %d strata: want one each", k, len(p.Accounts), len(p.Strata))
			}
			seen := map[string]string{}
			withUsage := map[string]bool{}
			for _, u := range d.Usage {
				withUsage[u.Account] = true
			}
			share := 0.0
			for _, st := range p.Strata {
				share += st.Share
				if len(st.Picked) != 1 || !contains(st.Accounts, st.Picked[0]) {
					t.Errorf("case %d: stratum %s picked %v, not one of its own", k, st.ID, st.Picked)
				}
				for _, id := range st.Accounts {
					if prev, dup := seen[id]; dup {
						t.Errorf("case %d: account %s in %s and %s", k, id, prev, st.ID)
					}
					seen[id] = st.ID
					if a, _ := d.Account(id); st.OU != a.OU {
						t.Errorf("case %d: account %s of OU %s in stratum %s", k, id, a.OU, st.ID)
					}
				}
			}
			if len(seen) != len(withUsage) {
				t.Errorf("case %d: strata hold %d accounts, %d have usage", k, len(seen), len(withUsage))
			}
			if math.Abs(share-1) > 1e-9 {
				t.Errorf("case %d: shares sum to %v", k, share)
			}
			for _, a := range p.Accounts {
				if seen[a.ID] != a.Stratum || a.Reason == "" {
					t.Errorf("case %d: trial account %s in %s (strata say %s), reason %q", k, a.ID, a.Stratum, seen[a.ID], a.Reason)
				}
			}
			if p.Days < model.MinTrialDays || p.Days%7 != 0 || p.Days < p.DaysNeeded {
				t.Errorf("case %d: %d days for %d needed", k, p.Days, p.DaysNeeded)
			}
			if bt := p.Backtest; bt == nil || bt.End != d.Period.End || !(bt.HalfWidth > 0) || !(bt.Measured > 0) ||
				bt.Inside != (math.Abs(bt.Projected-bt.Measured) <= bt.HalfWidth*bt.Projected*(1+1e-9)) {
				t.Errorf("case %d: backtest %+v", k, bt)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestTrialPlanEnterprise(t *testing.T) {
	d, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	p, err := model.PlanTrial(d, model.DefaultScenario(), book(t), trialOptions(model.SecurityLake))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := model.PlanTrial(d, model.DefaultScenario(), book(t), trialOptions(model.SecurityLake))
	if !reflect.DeepEqual(p, again) {
		t.Error("the same inputs gave two plans")
	}
	gaps := map[string]bool{}
	for _, g := range d.Gaps {
		gaps[g.Account] = true
	}
	for _, a := range p.Accounts {
		if gaps[a.ID] {
			t.Errorf("picked %s, which has a collection gap", a.ID)
		}
		// within the 15-day free trial, Security Lake's own lines cost nothing
		if a.Cost != 0 || a.CentralCost <= 0 || a.ListCost <= a.CentralCost {
			t.Errorf("%s: cost %v, list cost %v", a.ID, a.Cost, a.ListCost)
		}
	}
	if p.FreeTrialDays != 15 {
		t.Errorf("free trial %d days, want 15 from the price book", p.FreeTrialDays)
	}
	want := map[string]bool{"USE1-FreeCloudTrailEvents-Bytes": true, "USE1-PaidCloudTrailEvents-Bytes": true,
		"USE1-FreeNormalization-Bytes": true, "USE1-PaidNormalization-Bytes": true, "USE1-FreeEventsRecorded": true}
	for _, u := range p.UsageTypes {
		delete(want, u.UsageType)
	}
	if len(want) > 0 {
		t.Errorf("usage types missing: %v", want)
	}
	// Tokyo prices: the codes follow the pricing region
	s := model.DefaultScenario()
	s.Region = "ap-northeast-1"
	for _, u := range model.TrialUsageTypes(model.SecurityLake, s) {
		if !strings.HasPrefix(u.UsageType, "APN1-") {
			t.Errorf("Tokyo usage type %s", u.UsageType)
		}
	}
	cw, err := model.PlanTrial(d, model.DefaultScenario(), book(t), trialOptions(model.CloudWatchLogs))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range cw.Accounts {
		if a.Cost <= 0 || math.Abs(a.Cost+a.CentralCost-a.ListCost) > 1e-9 {
			t.Errorf("cloudwatch-logs %s: cost %v, list %v (no free trial)", a.ID, a.Cost, a.ListCost)
		}
	}
}

func TestTrialPlanRefusals(t *testing.T) {
	small, err := fixtures.Load("small")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		o    model.TrialOptions
		want string
	}{
		{trialOptions(model.TrailsLake), "closed to new customers"},
		{trialOptions(model.OrgTrail), "cannot be trialled"},
		{model.TrialOptions{Strategy: model.SecurityLake, Precision: 0, Confidence: 0.9}, "precision"},
		{model.TrialOptions{Strategy: model.SecurityLake, Precision: 0.1, Confidence: 1}, "confidence"},
	} {
		if _, err := model.PlanTrial(small, model.DefaultScenario(), book(t), c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.o, err, c.want)
		}
	}
}

// seededTrial generates an organization over 30 + days days, plans a
// security-lake trial on the first 30, simulates what Cost Explorer reports
// for the trial accounts over the last days, projects it, and returns the
// projection's first component and the truth: every account's mean daily
// ingestion over the trial days.
func seededTrial(t *testing.T, seed uint64, days int) (model.TrialComponent, float64) {
	t.Helper()
	full := fixtures.Generate(fixtures.Spec{Seed: seed, Accounts: 120, Days: 30 + days, SuspendedAccounts: 1, UnreadAccounts: 1})
	d := *full
	d.Period.End = "2026-09-30"
	d.Usage = nil
	d.Breakdown = nil // it adds up to every row
	for _, u := range full.Usage {
		if u.Day <= d.Period.End {
			d.Usage = append(d.Usage, u)
		}
	}
	s := model.DefaultScenario()
	plan, err := model.PlanTrial(&d, s, book(t), trialOptions(model.SecurityLake))
	if err != nil {
		t.Fatal(err)
	}
	var trial, all []string
	for _, a := range plan.Accounts {
		trial = append(trial, a.ID)
	}
	for _, a := range full.Accounts {
		all = append(all, a.ID)
	}
	usage, err := model.ExpectedTrialUsage(full.Usage, s, book(t), model.SecurityLake, trial, "2026-10-01", plan.FreeTrialDays)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := model.ProjectTrial(&d, s, book(t), trialOptions(model.SecurityLake), usage)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Days != days || len(pr.Accounts) != len(trial) {
		t.Fatalf("seed %d: projected %d days of %d accounts, want %d of %d", seed, pr.Days, len(pr.Accounts), days, len(trial))
	}
	everyone, err := model.ExpectedTrialUsage(full.Usage, s, book(t), model.SecurityLake, all, "2026-10-01", 0)
	if err != nil {
		t.Fatal(err)
	}
	truth := 0.0
	for _, u := range everyone {
		if strings.HasSuffix(u.UsageType, "-PaidCloudTrailEvents-Bytes") {
			truth += u.Quantity
		}
	}
	return pr.Components[0], truth / float64(days)
}

// TestTrialProjectionCoverage checks, over many seeded organizations whose
// truth is known, that the projection's 90% interval holds the
// organization's real daily ingestion in at least 90% of the trials, and
// that a longer trial gives a narrower interval.
func TestTrialProjectionCoverage(t *testing.T) {
	// Most of the package's test time: CI runs it (TRAILWISE_LONG_TESTS=1).
	if testing.Short() || os.Getenv("TRAILWISE_LONG_TESTS") != "1" {
		t.Skip("generates 120 organizations: set TRAILWISE_LONG_TESTS=1 to run it")
	}
	const seeds = 60
	width := map[int]float64{}
	for _, days := range []int{7, 28} {
		inside := 0
		for seed := uint64(1); seed <= seeds; seed++ {
			c, truth := seededTrial(t, seed, days)
			if c.Component != "securitylake.ingestion" {
				t.Fatalf("first component %s", c.Component)
			}
			if truth >= c.DailyLow && truth <= c.DailyHigh {
				inside++
			}
			width[days] += (c.DailyHigh - c.DailyLow) / 2 / c.Daily / seeds
		}
		share := float64(inside) / seeds
		t.Logf("%d-day trials: the truth inside the 90%% interval in %d of %d (%.0f%%), mean half-width ±%.1f%%", days, inside, seeds, share*100, width[days]*100)
		if share < 0.9 {
			t.Errorf("%d-day trials: the truth inside the 90%% interval in %d of %d seeds only", days, inside, seeds)
		}
	}
	if width[28] >= width[7] {
		t.Errorf("a 28-day trial's interval (±%.1f%%) is not narrower than a 7-day one's (±%.1f%%)", width[28]*100, width[7]*100)
	}
}

func TestTrialProjectionComparesWithTheModel(t *testing.T) {
	c, truth := seededTrial(t, 3, 14)
	if c.TrialPredicted <= 0 || c.TrialMeasured <= 0 || math.Abs(c.Error) > 0.3 {
		t.Errorf("trial accounts measured %v, predicted %v, error %v", c.TrialMeasured, c.TrialPredicted, c.Error)
	}
	if c.ModelMonthCost <= 0 || c.MonthCost <= 0 || c.YearCost < 11*c.MonthCost {
		t.Errorf("month %v, year %v, model month %v", c.MonthCost, c.YearCost, c.ModelMonthCost)
	}
	if math.Abs(c.Daily/truth-1) > 0.25 {
		t.Errorf("projected %v a day, truth %v", c.Daily, truth)
	}
}

func TestTrialProjectionRowErrors(t *testing.T) {
	d, err := fixtures.Load("small")
	if err != nil {
		t.Fatal(err)
	}
	id := d.Usage[0].Account
	for _, c := range []struct {
		rows []model.TrialUsage
		want string
	}{
		{[]model.TrialUsage{{Row: 2, Day: "2026-10-01", Account: "999999999999", UsageType: "USE1-PaidCloudTrailEvents-Bytes", Quantity: 1}}, "row 2, column linked_account: account 999999999999 is not in the dataset"},
		{[]model.TrialUsage{{Row: 2, Day: "2026-10-01", Account: id, UsageType: "USE1-Other", Quantity: 1}}, "column usage_type: no row of a security-lake usage type"},
		{[]model.TrialUsage{{Row: 2, Day: "2026-10-01", Account: id, UsageType: "PaidCloudTrailEvents-Bytes", Quantity: 1}}, "the trial covers one day"},
		// a file of another year: no overlap with the dataset's period
		{[]model.TrialUsage{{Row: 2, Day: "2019-10-01", Account: id, UsageType: "PaidCloudTrailEvents-Bytes", Quantity: 1},
			{Row: 3, Day: "2019-10-02", Account: id, UsageType: "PaidCloudTrailEvents-Bytes", Quantity: 1}},
			"column date: usage from 2019-10-01 to 2019-10-02 does not overlap " + d.Period.Start + " to "},
		// quantities so large the interval is not finite
		{[]model.TrialUsage{{Row: 2, Day: "2026-10-01", Account: id, UsageType: "PaidCloudTrailEvents-Bytes", Quantity: 1e300},
			{Row: 3, Day: "2026-10-02", Account: d.Usage[len(d.Usage)-1].Account, UsageType: "PaidCloudTrailEvents-Bytes", Quantity: 1e-300}},
			"not a finite number"},
	} {
		_, err := model.ProjectTrial(d, model.DefaultScenario(), book(t), trialOptions(model.SecurityLake), c.rows)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v, want %q", err, c.want)
		}
	}
}

func TestTrialProjectionEveryStrategy(t *testing.T) {
	full := fixtures.Generate(fixtures.Spec{Seed: 11, Accounts: 60, Days: 44, EventDataStore: true, DataEventAccounts: 2})
	d := *full
	d.Period.End = "2026-09-30"
	d.Usage = nil
	d.Breakdown = nil // it adds up to every row
	for _, u := range full.Usage {
		if u.Day <= d.Period.End {
			d.Usage = append(d.Usage, u)
		}
	}
	want := map[string][]string{
		model.SecurityLake:   {"securitylake.ingestion", "securitylake.normalization"},
		model.CloudWatchLogs: {"cloudwatch.ingestion", "cloudwatch.delivery"},
		model.TrailsLake:     {"lake.ingestion"},
		model.CloudWatchLogs + "/" + model.RouteTelemetryIA:   {"cloudwatch.ingestion", "cloudwatch.delivery"},
		model.CloudWatchLogs + "/" + model.RouteTrailDelivery: {"cloudwatch.ingestion"},
	}
	rates := map[string]string{ // the ingestion rate each route is projected at
		model.CloudWatchLogs: "cloudwatch.ingestion",
		model.CloudWatchLogs + "/" + model.RouteTelemetryIA:   "cloudwatch.ingestion_ia",
		model.CloudWatchLogs + "/" + model.RouteTrailDelivery: "cloudwatch.ingestion",
	}
	for _, strategy := range append(model.TrialStrategies, model.TrialVariants()...) {
		s := model.DefaultScenario()
		plan, err := model.PlanTrial(&d, s, book(t), trialOptions(strategy))
		if err != nil {
			t.Fatalf("%s: %v", strategy, err)
		}
		var ids []string
		for _, a := range plan.Accounts {
			ids = append(ids, a.ID)
		}
		usage, err := model.ExpectedTrialUsage(full.Usage, s, book(t), strategy, ids, "2026-10-01", plan.FreeTrialDays)
		if err != nil {
			t.Fatal(err)
		}
		pr, err := model.ProjectTrial(&d, s, book(t), trialOptions(strategy), usage)
		if err != nil {
			t.Fatalf("%s: %v", strategy, err)
		}
		var got []string
		for _, c := range pr.Components {
			got = append(got, c.Component)
			if c.Rate == "" || !(c.MonthCost > 0) || !(c.ModelMonthCost > 0) || !(c.MonthCostLow <= c.MonthCost && c.MonthCost <= c.MonthCostHigh) {
				t.Errorf("%s %s: rate %q, month %v (%v to %v), model %v", strategy, c.Component, c.Rate, c.MonthCost, c.MonthCostLow, c.MonthCostHigh, c.ModelMonthCost)
			}
			if math.Abs(c.Error) > 0.3 {
				t.Errorf("%s %s: the model missed the trial accounts by %.0f%%", strategy, c.Component, c.Error*100)
			}
			if want := rates[strategy]; c.Component == "cloudwatch.ingestion" && c.Rate != want {
				t.Errorf("%s: ingestion projected at %s, want %s", strategy, c.Rate, want)
			}
		}
		if !reflect.DeepEqual(got, want[strategy]) {
			t.Errorf("%s: components %v, want %v", strategy, got, want[strategy])
		}
		// every component the plan watches (storage aside) shows in the usage
		for _, ut := range plan.UsageTypes {
			if ut.Component == "reference" || strings.Contains(ut.UsageType, "TimedStorage") || ut.Component == "cloudwatch.query" {
				continue
			}
			found := false
			for _, u := range usage {
				name := u.UsageType[strings.Index(u.UsageType, "-")+1:]
				for _, other := range plan.UsageTypes {
					if other.Component == ut.Component && strings.HasSuffix(other.UsageType, "-"+name) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("%s: the plan watches %s, and the trial's usage never shows %s", strategy, ut.UsageType, ut.Component)
			}
		}
	}
}

// twoAccounts is an organization of two accounts in one OU with 30 measured
// days of steady volume: a trial of both is the whole organization, so the
// projection is the sum of what they were billed, with nothing to scale.
func twoAccounts() *model.Dataset {
	d := &model.Dataset{Schema: model.DatasetSchema,
		Organization: model.Organization{ID: "o-abcdefghij", ManagementAccount: "111111111111"},
		Period:       model.Period{Start: "2026-09-01", End: "2026-09-30"},
		Accounts: []model.Account{{ID: "111111111111", Name: "a", OU: "Root", Status: "ACTIVE"},
			{ID: "222222222222", Name: "b", OU: "Root", Status: "ACTIVE"}},
	}
	for day := 1; day <= 30; day++ {
		for k, a := range d.Accounts {
			ev := int64(1_000_000 * (k + 1))
			d.Usage = append(d.Usage, model.Usage{Account: a.ID, Region: "us-east-1", Day: fmt.Sprintf("2026-09-%02d", day),
				ManagementReadEvents: ev, EventBytes: ev * 1000, StoredBytes: ev * 100, LogFiles: 100, Source: "test", Measured: true})
		}
	}
	return d
}

// A trial of the Infrequent Access route reads DataProcessingIA-Bytes and
// projects it at the IA ingestion rate. Worked by hand: the two accounts
// ingested 4 and 6 GB a day over 2026-10-01..02, 10 GB a day for the whole
// organization; November 2026 has 30 days, so 300 GB, at 0.25 USD a GB
// (cloudwatch.ingestion_ia) 75.00 USD, and CloudTrail's delivery on the
// same bytes at 0.25, 75.00 USD; the year from November is 365 days, 3,650
// GB, 912.50 USD each. The Standard route's trial finds no usage type of
// its own in the same rows.
func TestTrialProjectionInfrequentAccess(t *testing.T) {
	d := twoAccounts()
	var rows []model.TrialUsage
	for _, day := range []string{"2026-10-01", "2026-10-02"} {
		rows = append(rows,
			model.TrialUsage{Day: day, Account: "111111111111", UsageType: "USE1-DataProcessingIA-Bytes", Quantity: 4, Cost: 1},
			model.TrialUsage{Day: day, Account: "222222222222", UsageType: "USE1-DataProcessingIA-Bytes", Quantity: 6, Cost: 1.5},
			model.TrialUsage{Day: day, Account: "222222222222", UsageType: "USE1-TimedStorage-ByteHrs", Quantity: 0.2, Cost: 0.006})
	}
	ia := model.CloudWatchLogs + "/" + model.RouteTelemetryIA
	pr, err := model.ProjectTrial(d, model.DefaultScenario(), book(t), trialOptions(ia), rows)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"cloudwatch.ingestion": "cloudwatch.ingestion_ia", "cloudwatch.delivery": "cloudwatch.delivery"}
	if len(pr.Components) != 2 || pr.Ignored != 2 {
		t.Fatalf("components %+v, %d rows ignored", pr.Components, pr.Ignored)
	}
	for _, c := range pr.Components {
		if c.Rate != want[c.Component] || math.Abs(c.Daily-10) > 1e-9 || math.Abs(c.Month-300) > 1e-9 ||
			math.Abs(c.MonthCost-75) > 1e-9 || math.Abs(c.YearCost-912.5) > 1e-9 || c.TrialMeasured != 20 {
			t.Errorf("%s at %s: %v GB a day, month %v GB %v USD, year %v USD, measured %v", c.Component, c.Rate, c.Daily, c.Month, c.MonthCost, c.YearCost, c.TrialMeasured)
		}
	}
	if math.Abs(pr.MonthCost-150) > 1e-9 {
		t.Errorf("month %v USD, want 150", pr.MonthCost)
	}
	_, err = model.ProjectTrial(d, model.DefaultScenario(), book(t), trialOptions(model.CloudWatchLogs), rows)
	if err == nil || !strings.Contains(err.Error(), "USE1-DataProcessing-Bytes, USE1-VendedLog-Bytes") {
		t.Errorf("the Standard route's trial of IA rows: %v", err)
	}
	// a scenario that leaves the route out cannot trial it
	s := model.DefaultScenario()
	s.CloudWatchRoutes = []string{model.RouteTelemetry}
	if _, err := model.ProjectTrial(d, s, book(t), trialOptions(ia), rows); err == nil || !strings.Contains(err.Error(), "cloudwatch_routes") {
		t.Errorf("a route the scenario leaves out: %v", err)
	}
	if err := trialOptions(model.CloudWatchLogs + "/no-such-route").Validate(); err == nil || !strings.Contains(err.Error(), ia) {
		t.Errorf("an unknown route: %v", err)
	}
}
