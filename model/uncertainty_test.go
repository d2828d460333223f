package model_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

func book(t testing.TB) *pricing.Book {
	t.Helper()
	b, err := pricing.ForRegion("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sample(t testing.TB, name string) *model.Dataset {
	t.Helper()
	d, err := fixtures.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// unmeasured marks every other account's rows as extrapolated with the
// relative error (nil: the default for unmeasured rows).
func unmeasured(d *model.Dataset, relErr *float64) *model.Dataset {
	odd := map[string]bool{}
	for i, a := range d.Accounts {
		odd[a.ID] = i%2 == 1
	}
	for i := range d.Usage {
		if odd[d.Usage[i].Account] {
			d.Usage[i].Measured = false
			d.Usage[i].RelativeError = relErr
		}
	}
	return d
}

func run(t testing.TB, d *model.Dataset, s model.Scenario, u model.Uncertainty) *model.Comparison {
	t.Helper()
	c, err := model.EstimateWith(d, s, book(t), u)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// busyScenario turns on everything that makes a cost non-linear or
// path-dependent: tiers (Lake 7-year ingestion crosses 5 TB a month as the
// volume grows), lifecycle floors and transitions, KMS, cross-region
// replication, Insights, Security Lake roll-up, growth of both kinds.
func busyScenario() model.Scenario {
	s := model.DefaultScenario()
	s.HorizonMonths = 18
	s.LakeBillingMode = model.LakeFixed
	s.LakeRetentionDays = 2557
	s.VolumeGrowthPerMonth, s.VolumeGrowthSpread = 0.08, 0.05
	s.AccountGrowthPerMonth, s.AccountGrowthSpread = 0.03, 0.02
	s.Lifecycle = model.Lifecycle{StandardIADays: 30, GlacierIRDays: 90, DeepArchiveDays: 180}
	s.SSEKMS = true
	s.Replication, s.ReplicationTimeControl = "cross-region", true
	s.Insights = model.InsightsBoth
	s.SecurityLake.Sources = []string{"cloudtrail-management", "cloudtrail-data"}
	s.SecurityLake.OtherSourcesGBPerMonth = 9000
	s.SecurityLake.RollupRegion = "eu-west-1"
	s.OpsHours = map[string]float64{"org-trail": 2, "trails-replication": 8}
	s.OpsHourlyRate = 100
	return s
}

func TestMonteCarloMatchesEngine(t *testing.T) {
	big := 0.2
	for _, tc := range []struct {
		name string
		d    *model.Dataset
		s    model.Scenario
	}{
		{"small, defaults", sample(t, "small"), model.DefaultScenario()},
		{"small, busy", unmeasured(sample(t, "small"), nil), busyScenario()},
		{"enterprise, busy", unmeasured(sample(t, "enterprise"), &big), busyScenario()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			worst, n, err := model.ShortcutVsEngine(tc.d, tc.s, book(t), 7, 3)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 || worst > 1e-9 {
				t.Errorf("over %d strategy-months the shortcut differs from full engine runs by up to %.3g (relative)", n, worst)
			}
		})
	}
}

func TestBandsAreOrdered(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    *model.Dataset
		s    model.Scenario
	}{
		{"small", sample(t, "small"), model.DefaultScenario()},
		{"small, busy", unmeasured(sample(t, "small"), nil), busyScenario()},
		{"enterprise", sample(t, "enterprise"), model.DefaultScenario()},
	} {
		c := run(t, tc.d, tc.s, model.Uncertainty{Draws: 300, Seed: 3})
		for _, r := range c.Strategies {
			for _, m := range r.Months {
				if !(m.P10 <= m.P50 && m.P50 <= m.P90) || m.P10 < 0 {
					t.Errorf("%s %s %s: P10 %.4f, P50 %.4f, P90 %.4f", tc.name, r.ID, m.Month, m.P10, m.P50, m.P90)
				}
				if m.P90 == m.P10 && m.Total > 0 {
					t.Errorf("%s %s %s: no spread at all", tc.name, r.ID, m.Month)
				}
			}
		}
	}
}

func TestProbabilityCheapestSumsToOne(t *testing.T) {
	close := model.DefaultScenario() // org-trail and trails-replication close
	close.LeftoverTrails = model.LeftoverRemove
	close.VolumeGrowthSpread = 0.05
	for _, tc := range []struct {
		name string
		d    *model.Dataset
		s    model.Scenario
	}{
		{"small", sample(t, "small"), model.DefaultScenario()},
		{"small, no duplicates", unmeasured(sample(t, "small"), nil), close},
		{"enterprise", sample(t, "enterprise"), model.DefaultScenario()},
	} {
		for _, draws := range []int{0, 1, 333} {
			c := run(t, tc.d, tc.s, model.Uncertainty{Draws: draws, Seed: 1})
			sum := 0.0
			for _, r := range c.Strategies {
				if !r.Available && r.ProbabilityCheapest != 0 {
					t.Errorf("%s: unavailable %s has probability %g", tc.name, r.ID, r.ProbabilityCheapest)
				}
				if r.ProbabilityCheapest < 0 || r.ProbabilityCheapest > 1 {
					t.Errorf("%s: %s has probability %g", tc.name, r.ID, r.ProbabilityCheapest)
				}
				sum += r.ProbabilityCheapest
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Errorf("%s, %d draws: probabilities sum to %.15f", tc.name, draws, sum)
			}
		}
	}
}

func bands(c *model.Comparison) [][]float64 {
	var out [][]float64
	for _, r := range c.Strategies {
		row := []float64{r.ProbabilityCheapest}
		for _, m := range r.Months {
			row = append(row, m.P10, m.P50, m.P90)
		}
		out = append(out, row)
	}
	return out
}

func TestSeedReproducible(t *testing.T) {
	d := unmeasured(sample(t, "small"), nil)
	a := run(t, d, model.DefaultScenario(), model.Uncertainty{Draws: 200, Seed: 42})
	b := run(t, d, model.DefaultScenario(), model.Uncertainty{Draws: 200, Seed: 42})
	if !reflect.DeepEqual(bands(a), bands(b)) {
		t.Error("the same seed gave different bands")
	}
	c := run(t, d, model.DefaultScenario(), model.Uncertainty{Draws: 200, Seed: 43})
	if reflect.DeepEqual(bands(a), bands(c)) {
		t.Error("seeds 42 and 43 gave the same bands")
	}
}

// width is the P90 − P10 spread of a strategy's first month, relative to its P50.
func width(t *testing.T, c *model.Comparison, id string) float64 {
	t.Helper()
	r, ok := c.Strategy(id)
	if !ok {
		t.Fatalf("no %s", id)
	}
	m := r.Months[0]
	return (m.P90 - m.P10) / m.P50
}

func TestBandWidensWithRelativeError(t *testing.T) {
	small, large := 0.05, 0.4
	u := model.Uncertainty{Draws: 1000, Seed: 1}
	s := model.DefaultScenario()
	measured := run(t, sample(t, "small"), s, u)
	low := run(t, unmeasured(sample(t, "small"), &small), s, u)
	high := run(t, unmeasured(sample(t, "small"), &large), s, u)
	for _, id := range []string{"org-trail", "trails-replication", "cloudwatch-logs", "security-lake"} {
		w0, w1, w2 := width(t, measured, id), width(t, low, id), width(t, high, id)
		if !(w0 <= w1 && w1 < w2) || w2 < 1.5*w0 {
			t.Errorf("%s: first-month P10..P90 width / P50 is %.4f measured, %.4f at 5%% error, %.4f at 40%%; want it to widen", id, w0, w1, w2)
		}
	}
}

// BenchmarkEstimateEnterprise is the baseline: one full engine estimate of
// the enterprise sample (every strategy, every line, payers), no draws.
func BenchmarkEstimateEnterprise(b *testing.B) {
	d, bk := sample(b, "enterprise"), book(b)
	for b.Loop() {
		if _, err := model.EstimateWith(d, model.DefaultScenario(), bk, model.Uncertainty{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMonteCarloEnterprise is the simulation alone: 1,000 draws on the
// enterprise sample, every strategy and month, bands and probabilities.
func BenchmarkMonteCarloEnterprise(b *testing.B) {
	d, bk := sample(b, "enterprise"), book(b)
	simulate, err := model.PreparedEstimate(d, model.DefaultScenario(), bk)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		simulate(model.Uncertainty{Draws: 1000, Seed: 1})
	}
}
