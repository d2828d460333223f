package model_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// variedScenarios changes, one or a few at a time, every scenario field an
// estimate depends on: the ones that change the usage rows' volumes
// (record_data_events), the months (start_month, horizon_months), the
// projection (growth), the stores (retentions, lifecycle) and the prices.
func variedScenarios(d *model.Dataset) []model.Scenario {
	yes, no := true, false
	edit := func(f func(s *model.Scenario)) model.Scenario {
		s := model.DefaultScenario()
		f(&s)
		return s
	}
	out := []model.Scenario{
		model.DefaultScenario(),
		edit(func(s *model.Scenario) { s.RecordDataEvents = &no }),
		edit(func(s *model.Scenario) { s.RecordDataEvents = &yes }),
		edit(func(s *model.Scenario) { s.StartMonth = "2027-02" }),
		edit(func(s *model.Scenario) { s.StartMonth = "2026-09"; s.HorizonMonths = 3 }),
		edit(func(s *model.Scenario) { s.HorizonMonths = 36 }),
		edit(func(s *model.Scenario) { s.HorizonMonths = 1 }),
		edit(func(s *model.Scenario) { s.VolumeGrowthPerMonth = 0.03 }),
		edit(func(s *model.Scenario) { s.AccountGrowthPerMonth = 0.05; s.VolumeGrowthPerMonth = -0.02 }),
		edit(func(s *model.Scenario) { s.Replication = "cross-region"; s.ReplicationTimeControl = true }),
		edit(func(s *model.Scenario) { s.CentralRetentionDays = 2555; s.AccountBucketRetentionDays = 7 }),
		edit(func(s *model.Scenario) {
			s.Lifecycle = model.Lifecycle{StandardIADays: 30, GlacierIRDays: 90, GlacierFlexibleDays: 180, DeepArchiveDays: 365}
			s.CentralRetentionDays = 3653
		}),
		edit(func(s *model.Scenario) { s.SSEKMS = true; s.LogFileValidation = false }),
		edit(func(s *model.Scenario) { s.LakeBillingMode = model.LakeFixed; s.LakeRetentionDays = 2557 }),
		edit(func(s *model.Scenario) { s.LakeRetentionDays = 1000; s.CloudWatchRetentionDays = 30 }),
		edit(func(s *model.Scenario) { s.KeepOrgTrailArchive = false; s.LeftoverTrails = model.LeftoverKeep }),
		edit(func(s *model.Scenario) { s.Insights = model.InsightsBoth }),
		edit(func(s *model.Scenario) {
			s.QueryGBPerMonth = model.QueryVolume{Athena: ptr(5000.0), Lake: ptr(0.0), CloudWatch: ptr(1.0), SecurityLake: ptr(20000.0)}
		}),
		edit(func(s *model.Scenario) {
			s.SecurityLake.Sources = []string{"cloudtrail-management", "cloudtrail-data"}
			s.SecurityLake.RollupRegion = "eu-west-1"
			s.SecurityLake.OtherSourcesGBPerMonth = 300
			s.SecurityLake.RetentionDays = 90
		}),
		edit(func(s *model.Scenario) { s.LogArchiveAccount = d.Accounts[len(d.Accounts)-1].ID }),
		edit(func(s *model.Scenario) { s.OrgTrailMemberAccess = []string{model.AccessNone} }),
		edit(func(s *model.Scenario) {
			s.OpsHours = map[string]float64{"org-trail": 4, "cloudwatch-logs": 10}
			s.OpsHourlyRate = 90
		}),
		edit(func(s *model.Scenario) { s.Region = "ap-northeast-1" }),
		edit(func(s *model.Scenario) {
			s.Region = "ap-northeast-1"
			s.RecordDataEvents = &no
			s.StartMonth = "2028-12"
			s.HorizonMonths = 14
			s.VolumeGrowthPerMonth = 0.1
			s.AccountGrowthPerMonth = 0.2
		}),
	}
	return out
}

// sameComparison fails unless a and b are the same to the last bit: every
// field (the unexported per-line shares included) and the JSON.
func sameComparison(t *testing.T, what string, a, b *model.Comparison) {
	t.Helper()
	// the payer totals, computed when first asked: asked here of both, so
	// that they are compared too
	for i := range a.Strategies {
		pa, pb := a.Strategies[i].Payers(), b.Strategies[i].Payers()
		if len(pa) == 0 || !reflect.DeepEqual(pa, pb) {
			t.Fatalf("%s: %s: the payers differ (%d and %d)", what, a.Strategies[i].ID, len(pa), len(pb))
		}
	}
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ja, jb) || !reflect.DeepEqual(a, b) {
		t.Fatalf("%s: the prepared dataset's estimate differs from a fresh one", what)
	}
}

// A prepared dataset gives, scenario after scenario and in any order,
// exactly what a fresh estimate gives.
func TestPreparedMatchesFreshEstimates(t *testing.T) {
	spec, _ := fixtures.SampleSpec("small")
	spec.DataEventAccounts, spec.Days, spec.Start = 3, 45, "2026-08-17"
	longer := fixtures.Generate(spec)
	spec.Days = 10 // no weekly pattern
	short := fixtures.Generate(spec)
	for _, dc := range []struct {
		name string
		d    *model.Dataset
	}{{"small", sample(t, "small")}, {"small-45-days", longer}, {"small-10-days", short}} {
		p, err := model.Prepare(dc.d)
		if err != nil {
			t.Fatal(err)
		}
		scenarios := variedScenarios(dc.d)
		fresh := make([]*model.Comparison, len(scenarios))
		u := func(i int) model.Uncertainty { return model.Uncertainty{Draws: 40 * (i % 2), Seed: uint64(i)} }
		for i, s := range scenarios {
			bk, err := pricing.ForRegion(s.Region)
			if err != nil {
				t.Fatal(err)
			}
			if fresh[i], err = model.EstimateWith(dc.d, s, bk, u(i)); err != nil {
				t.Fatalf("%s scenario %d: %v", dc.name, i, err)
			}
		}
		// every scenario twice, in a shuffled order, so each runs on what
		// the others left in the prepared dataset
		order := append(rand.New(rand.NewPCG(1, 2)).Perm(len(scenarios)), rand.New(rand.NewPCG(3, 4)).Perm(len(scenarios))...)
		for _, i := range order {
			bk, _ := pricing.ForRegion(scenarios[i].Region)
			c, err := p.Estimate(scenarios[i], bk, u(i))
			if err != nil {
				t.Fatalf("%s scenario %d: %v", dc.name, i, err)
			}
			sameComparison(t, fmt.Sprintf("%s scenario %d", dc.name, i), fresh[i], c)
		}
	}
}

// The scenario fields the prepared work is keyed on still change the
// figures: a cache keyed on too little would return the first scenario's.
func TestPreparedFollowsTheScenario(t *testing.T) {
	spec, _ := fixtures.SampleSpec("small")
	spec.DataEventAccounts = 3
	d := fixtures.Generate(spec)
	p, err := model.Prepare(d)
	if err != nil {
		t.Fatal(err)
	}
	base := model.DefaultScenario()
	first, err := p.Estimate(base, book(t), model.Uncertainty{})
	if err != nil {
		t.Fatal(err)
	}
	no := false
	for name, edit := range map[string]func(s *model.Scenario){
		"record_data_events": func(s *model.Scenario) { s.RecordDataEvents = &no },
		"start_month":        func(s *model.Scenario) { s.StartMonth = "2027-03" },
		"horizon_months":     func(s *model.Scenario) { s.HorizonMonths = 24 },
		"volume_growth":      func(s *model.Scenario) { s.VolumeGrowthPerMonth = 0.04 },
		"account_growth":     func(s *model.Scenario) { s.AccountGrowthPerMonth = 0.04 },
	} {
		s := base
		edit(&s)
		c, err := p.Estimate(s, book(t), model.Uncertainty{})
		if err != nil {
			t.Fatal(err)
		}
		a, b := first.Strategies[0], c.Strategies[0]
		if len(a.Months) == len(b.Months) && a.Total() == b.Total() {
			t.Errorf("%s: the figures did not change", name)
		}
	}
}

// One prepared dataset answers estimates from several goroutines at once
// (the interface runs each in its own command, and warms the dataset in
// another), each as a fresh one would.
func TestPreparedConcurrentEstimates(t *testing.T) {
	d := sample(t, "small")
	p, err := model.Prepare(d)
	if err != nil {
		t.Fatal(err)
	}
	scenarios := variedScenarios(d)
	var wg sync.WaitGroup
	wg.Go(p.Warm) // as the interface does, at once with the estimates
	got := make([]*model.Comparison, len(scenarios))
	errs := make([]error, len(scenarios))
	for i, s := range scenarios {
		wg.Go(func() {
			bk, err := pricing.ForRegion(s.Region)
			if err == nil {
				got[i], err = p.Estimate(s, bk, model.Uncertainty{Draws: 20, Seed: 5})
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, s := range scenarios {
		if errs[i] != nil {
			t.Fatalf("scenario %d: %v", i, errs[i])
		}
		bk, err := pricing.ForRegion(s.Region)
		if err != nil {
			t.Fatal(err)
		}
		want, err := model.EstimateWith(d, s, bk, model.Uncertainty{Draws: 20, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		sameComparison(t, fmt.Sprintf("scenario %d", i), want, got[i])
	}
}

// A prepared dataset refuses what EstimateWith refuses, with the same
// errors.
func TestPreparedErrors(t *testing.T) {
	bad := sample(t, "small")
	bad.Usage[3].Region = "nowhere"
	_, want := model.EstimateWith(bad, model.DefaultScenario(), book(t), model.Uncertainty{})
	if _, err := model.Prepare(bad); err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("invalid dataset: Prepare says %v, EstimateWith %v", err, want)
	}
	d := sample(t, "small")
	p, err := model.Prepare(d)
	if err != nil {
		t.Fatal(err)
	}
	s := model.DefaultScenario()
	s.HorizonMonths = 0
	tokyo, err := pricing.ForRegion("ap-northeast-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s    model.Scenario
		book *pricing.Book
		u    model.Uncertainty
	}{
		{s, book(t), model.Uncertainty{}},
		{model.DefaultScenario(), tokyo, model.Uncertainty{}},
		{model.DefaultScenario(), book(t), model.Uncertainty{Draws: -1}},
	} {
		_, want := model.EstimateWith(d, c.s, c.book, c.u)
		_, got := p.Estimate(c.s, c.book, c.u)
		if got == nil || want == nil || got.Error() != want.Error() {
			t.Errorf("prepared %v, fresh %v", got, want)
		}
	}
}
func ptr[T any](v T) *T { return &v }
