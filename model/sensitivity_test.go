package model

import (
	"fmt"
	"strings"
	"testing"
)

// checkSensitivity re-ranks just inside and just outside each end of every
// interval and checks who wins there.
func checkSensitivity(t *testing.T, label string, c *Comparison, w Weights, method string) {
	t.Helper()
	r, err := Rank(c, DefaultCriteria(), w, method)
	if err != nil {
		t.Fatal(err)
	}
	winnerAt := func(j int, at float64) string {
		rr, err := Rank(c, DefaultCriteria(), ShiftWeight(r.Weights, j, at), method)
		if err != nil {
			t.Fatal(err)
		}
		return rr.Winner()
	}
	const eps = 1e-5
	for j, s := range r.Sensitivity {
		where := fmt.Sprintf("%s %s %s", label, method, s.Criterion)
		if s.Winner != r.Winner() || s.Criterion != Criteria[j].ID || s.Weight != r.Weights[j] {
			t.Fatalf("%s: %+v", where, s)
		}
		if s.Low > s.Weight+1e-9 || s.High < s.Weight-1e-9 {
			t.Errorf("%s: interval [%v, %v] leaves out the current weight %v", where, s.Low, s.High, s.Weight)
		}
		if (s.BelowWinner == "") != (s.Low == 0) || (s.AboveWinner == "") != (s.High == 1) {
			t.Errorf("%s: ends [%v, %v] and winners past them %q, %q disagree", where, s.Low, s.High, s.BelowWinner, s.AboveWinner)
		}
		if s.High-s.Low > 2*eps {
			if got := winnerAt(j, s.Low+eps); got != s.Winner {
				t.Errorf("%s: just inside the low end %v, %s wins, not %s", where, s.Low, got, s.Winner)
			}
			if got := winnerAt(j, s.High-eps); got != s.Winner {
				t.Errorf("%s: just inside the high end %v, %s wins, not %s", where, s.High, got, s.Winner)
			}
		}
		if s.BelowWinner != "" {
			if got := winnerAt(j, s.Low-eps); got != s.BelowWinner {
				t.Errorf("%s: just below %v, %s wins, not %s", where, s.Low, got, s.BelowWinner)
			}
		} else if s.High > 2e-6 {
			if got := winnerAt(j, 1e-6); got != s.Winner {
				t.Errorf("%s: said to hold down to 0, but at 0 %s wins", where, got)
			}
		}
		if s.AboveWinner != "" {
			if got := winnerAt(j, s.High+eps); got != s.AboveWinner {
				t.Errorf("%s: just above %v, %s wins, not %s", where, s.High, got, s.AboveWinner)
			}
		} else if s.Low < 1-2e-6 {
			if got := winnerAt(j, 1-1e-6); got != s.Winner {
				t.Errorf("%s: said to hold up to 1, but at 1 %s wins", where, got)
			}
		}
		if !strings.HasPrefix(s.Sentence(), s.Winner+" ") {
			t.Errorf("%s: sentence %q", where, s.Sentence())
		}
	}
}

func TestSensitivityIntervalsHoldWhenReRanked(t *testing.T) {
	costSets := map[string]map[string]float64{"test costs": testCosts}
	flat := map[string]float64{}
	steep := map[string]float64{}
	for id, v := range testCosts {
		flat[id] = 100 + v/100 // costs nearly equal
		steep[id] = v * v      // costs far apart
	}
	costSets["flat costs"], costSets["steep costs"] = flat, steep
	// All the weight on one criterion makes ties decide between strategies
	// equal on it; distinct costs keep the winner unique.
	distinct := map[string]float64{}
	for i, id := range StrategyIDs() {
		distinct[id] = testCosts[id] + float64(i)
	}
	for label, costs := range costSets {
		c := testComparison(costs, map[string]string{TrailsLake: LakeClosedReason})
		for _, p := range PresetNames() {
			w, _ := PresetWeights(p)
			for _, method := range Methods {
				checkSensitivity(t, label+" "+p, c, w, method)
			}
		}
	}
	c := testComparison(distinct, map[string]string{TrailsLake: LakeClosedReason})
	for _, spec := range []string{"cost=1", "query=1,cost=0.001", "member_access=1,cost=0.01"} {
		w, err := ParseWeights(spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkSensitivity(t, spec, c, w, MethodWeightedSum)
		checkSensitivity(t, spec, c, w, MethodTOPSIS)
	}
}

// TestSensitivityLinearAgreesWithScan: for the weighted sum the intervals
// are solved exactly; the numeric scan used for TOPSIS must find the same.
func TestSensitivityLinearAgreesWithScan(t *testing.T) {
	c := testComparison(testCosts, map[string]string{TrailsLake: LakeClosedReason})
	for _, p := range PresetNames() {
		w, _ := PresetWeights(p)
		r, _ := Rank(c, DefaultCriteria(), w, MethodWeightedSum)
		var alts []RankedStrategy
		for _, s := range c.Strategies {
			for _, rs := range r.Ranked {
				if rs.ID == s.ID {
					alts = append(alts, rs)
				}
			}
		}
		d := newDecision(alts)
		win := d.winner(MethodWeightedSum, r.Weights)
		for j := range r.Weights {
			exact := d.sensitivityLinear(r.Weights, j, win)
			scan := d.sensitivityScan(MethodWeightedSum, r.Weights, j, win)
			if !within(exact.Low, scan.Low, 1e-6) || !within(exact.High, scan.High, 1e-6) ||
				exact.BelowWinner != scan.BelowWinner || exact.AboveWinner != scan.AboveWinner {
				t.Errorf("%s %s: exact %+v, scan %+v", p, Criteria[j].ID, exact, scan)
			}
		}
	}
}

func TestShiftWeight(t *testing.T) {
	w := Weights{0.5, 0.3, 0.2}
	got := ShiftWeight(w, 0, 0.8)
	if !within(got[0], 0.8, 1e-15) || !within(got[1], 0.12, 1e-15) || !within(got[2], 0.08, 1e-15) {
		t.Errorf("%v", got)
	}
	got = ShiftWeight(Weights{1, 0, 0}, 0, 0.5) // nothing to rescale: share equally
	if !within(got[1], 0.25, 1e-15) || !within(got[2], 0.25, 1e-15) {
		t.Errorf("%v", got)
	}
}

func TestSentences(t *testing.T) {
	cases := []struct {
		s    Sensitivity
		want string
	}{
		{Sensitivity{Winner: "org-trail", Criterion: "cost", Low: 0.2234, High: 1, BelowWinner: "trails-lake"},
			"org-trail stays first while the weight of cost is above 0.22; below it trails-lake wins"},
		{Sensitivity{Winner: "org-trail", Criterion: "query", Low: 0, High: 0.35, AboveWinner: "security-lake"},
			"org-trail stays first while the weight of query is below 0.35; above it security-lake wins"},
		{Sensitivity{Winner: "a", Criterion: "cost", Low: 0.1, High: 0.6, BelowWinner: "b", AboveWinner: "c"},
			"a stays first while the weight of cost is between 0.10 and 0.60; below 0.10 b wins, above 0.60 c wins"},
		{Sensitivity{Winner: "a", Criterion: "governance", Low: 0, High: 1},
			"a stays first whatever the weight of governance"},
		{Sensitivity{Winner: "a", Criterion: "cost", Low: 0.001, High: 1, BelowWinner: "b"},
			"a stays first while the weight of cost is above 0.001; below it b wins"},
	}
	for _, c := range cases {
		if got := c.s.Sentence(); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}
