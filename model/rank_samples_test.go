package model_test

import (
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// TestSensitivityOnTheSamples re-ranks the embedded sample organizations
// just inside and just outside every end of every sensitivity interval,
// under every preset and method, and checks who wins there.
func TestSensitivityOnTheSamples(t *testing.T) {
	book, err := pricing.ForRegion("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	crit := model.DefaultCriteria()
	const eps = 1e-5
	for _, sample := range []string{"small", "enterprise"} {
		d, err := fixtures.Load(sample)
		if err != nil {
			t.Fatal(err)
		}
		c, err := model.Estimate(d, model.DefaultScenario(), book)
		if err != nil {
			t.Fatal(err)
		}
		for _, preset := range model.PresetNames() {
			w, _ := model.PresetWeights(preset)
			for _, method := range model.Methods {
				r, err := model.Rank(c, crit, w, method)
				if err != nil {
					t.Fatal(err)
				}
				winnerAt := func(j int, at float64) string {
					rr, err := model.Rank(c, crit, model.ShiftWeight(r.Weights, j, at), method)
					if err != nil {
						t.Fatal(err)
					}
					return rr.Winner()
				}
				for j, s := range r.Sensitivity {
					where := sample + " " + preset + " " + method + " " + s.Criterion
					if s.High-s.Low > 2*eps {
						if got := winnerAt(j, s.Low+eps); got != r.Winner() {
							t.Errorf("%s: just above the low end %.6f, %s wins, not %s", where, s.Low, got, r.Winner())
						}
						if got := winnerAt(j, s.High-eps); got != r.Winner() {
							t.Errorf("%s: just below the high end %.6f, %s wins, not %s", where, s.High, got, r.Winner())
						}
					}
					if s.BelowWinner != "" {
						if got := winnerAt(j, s.Low-eps); got != s.BelowWinner {
							t.Errorf("%s: just below %.6f, %s wins, not %s", where, s.Low, got, s.BelowWinner)
						}
					}
					if s.AboveWinner != "" {
						if got := winnerAt(j, s.High+eps); got != s.AboveWinner {
							t.Errorf("%s: just above %.6f, %s wins, not %s", where, s.High, got, s.AboveWinner)
						}
					}
				}
				for _, u := range r.Unavailable {
					for _, rs := range r.Ranked {
						if rs.ID == u.ID {
							t.Errorf("%s %s %s: %s is unavailable and ranked", sample, preset, method, u.ID)
						}
					}
				}
			}
		}
	}
}
