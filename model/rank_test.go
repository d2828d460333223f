package model

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func within(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// TestWeightedSumHandWorked checks simple additive weighting (the weighted
// sum of min-max normalized columns) on an example worked by hand.
//
// Three alternatives, a cost column (lower is better) and a benefit column:
//
//	     cost  quality
//	A     100     2
//	B     200     4
//	C     300     3
//
// Min-max, cost inverted: cost (300−v)/(300−100) = 1, 0.5, 0;
// quality (v−2)/(4−2) = 0, 1, 0.5. Weights 0.6, 0.4:
// A = 0.6·1 + 0.4·0 = 0.6; B = 0.6·0.5 + 0.4·1 = 0.7; C = 0 + 0.4·0.5 = 0.2.
// Order: B, A, C.
func TestWeightedSumHandWorked(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{100, 2, 200, 4, 300, 3})
	scores, n := WeightedSum(x, Weights{0.6, 0.4}, []bool{true, false})
	want := []float64{0.6, 0.7, 0.2}
	for i := range want {
		if !within(scores[i], want[i], 1e-12) {
			t.Errorf("score %d = %v, want %v", i, scores[i], want[i])
		}
	}
	wantN := []float64{1, 0, 0.5, 1, 0, 0.5}
	if !slices.EqualFunc(n.RawMatrix().Data, wantN, func(a, b float64) bool { return within(a, b, 1e-12) }) {
		t.Errorf("normalized %v, want %v", n.RawMatrix().Data, wantN)
	}
	// A column where every row is equal tells nobody apart: all 1.
	same := mat.NewDense(2, 1, []float64{7, 7})
	if s, _ := WeightedSum(same, Weights{1}, []bool{true}); s[0] != 1 || s[1] != 1 {
		t.Errorf("equal column: %v", s)
	}
}

// TestTOPSISHandWorked follows Hwang and Yoon's (1981) TOPSIS steps by hand.
//
//	     cost  benefit
//	A1     2      1
//	A2     3      4
//	A3     6      8
//
// Column norms: √(4+9+36) = 7, √(1+16+64) = 9. With weights 0.5, 0.5,
// V = (1/7, 0.5/9), (1.5/7, 2/9), (3/7, 4/9). Ideal (least cost, most
// benefit) = (1/7, 4/9); anti-ideal = (3/7, 0.5/9).
//
//	A1: D⁺ = 3.5/9, D⁻ = 2/7,  C = (2/7)/(2/7 + 3.5/9) = 36/85 = 0.4235294
//	A2: D⁺ = √(1/196 + 4/81) = √865/126 = 0.2334197,
//	    D⁻ = 1.5·√(1/49 + 1/81) = 0.2714703, C = 0.5376821
//	A3: D⁺ = 2/7, D⁻ = 3.5/9,  C = 49/85 = 0.5764706
//
// Order: A3, A2, A1.
func TestTOPSISHandWorked(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{2, 1, 3, 4, 6, 8})
	scores, v := TOPSIS(x, Weights{0.5, 0.5}, []bool{true, false})
	want := []float64{36.0 / 85, 0.5376821, 49.0 / 85}
	for i := range want {
		if !within(scores[i], want[i], 1e-7) {
			t.Errorf("closeness %d = %.7f, want %.7f", i, scores[i], want[i])
		}
	}
	if !within(v.At(1, 0), 1.5/7, 1e-12) || !within(v.At(2, 1), 4.0/9, 1e-12) {
		t.Errorf("weighted normalized matrix %v", mat.Formatted(v))
	}
	d := &decision{x: x, ids: []string{"A1", "A2", "A3"}, cost: []bool{true, false}}
	if got := d.order(scores); !slices.Equal(got, []int{2, 1, 0}) {
		t.Errorf("order %v, want A3, A2, A1", got)
	}
}

// testComparison is a comparison with a flat monthly cost per strategy;
// strategies in gone are unavailable with the given reason.
func testComparison(monthly map[string]float64, gone map[string]string) *Comparison {
	s := DefaultScenario()
	c := &Comparison{Scenario: s}
	for _, st := range Strategies(&s) {
		r := StrategyResult{Strategy: st, Available: true}
		if why, ok := gone[st.ID]; ok {
			r.Available, r.UnavailableReason = false, why
		}
		for m := 0; m < 12; m++ {
			r.Months = append(r.Months, MonthCost{Month: "2027-01", Total: monthly[st.ID]})
		}
		c.Strategies = append(c.Strategies, r)
	}
	return c
}

var testCosts = map[string]float64{
	OrgTrail: 100, OrgTrail + "/" + AccessPerAccountPolicy: 100, OrgTrail + "/" + AccessPolicyVariable: 100,
	OrgTrail + "/" + AccessLakeFormation: 100, TrailsReplication: 180, TrailsLake: 400, CloudWatchLogs: 450,
	CloudWatchLogs + "/" + RouteTelemetryIA: 330, TrailsLake + "/" + LakeExit: 420, CloudWatchLogs + "/" + RouteTrailDelivery: 280, SecurityLake: 600,
}

func TestRankGatesUnavailableAndTakesCostFromTheEngine(t *testing.T) {
	c := testComparison(testCosts, map[string]string{TrailsLake: LakeClosedReason})
	for _, method := range Methods {
		w, _ := PresetWeights("balanced")
		r, err := Rank(c, DefaultCriteria(), w, method)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Ranked) != len(testCosts)-1 || len(r.Unavailable) != 1 {
			t.Fatalf("%s: %d ranked, %d unavailable", method, len(r.Ranked), len(r.Unavailable))
		}
		u := r.Unavailable[0]
		if u.ID != TrailsLake || u.Reason != LakeClosedReason || u.FirstYear != 4800 {
			t.Errorf("%s: unavailable %+v", method, u)
		}
		for k, s := range r.Ranked {
			if s.ID == TrailsLake {
				t.Errorf("%s: the unavailable strategy was ranked", method)
			}
			if s.Rank != k+1 || s.Values[0] != 12*testCosts[s.ID] || s.FirstYear != s.Values[0] {
				t.Errorf("%s: %s rank %d, cost %v", method, s.ID, s.Rank, s.Values[0])
			}
			if k > 0 && s.Score > r.Ranked[k-1].Score+scoreTolerance {
				t.Errorf("%s: %s scores above the one before it", method, s.ID)
			}
			if len(s.Reasons) != len(Criteria) || s.Reasons[1] == "" {
				t.Errorf("%s: %s reasons %q", method, s.ID, s.Reasons)
			}
		}
		if len(r.Sensitivity) != len(Criteria) {
			t.Errorf("%s: %d sensitivity rows", method, len(r.Sensitivity))
		}
	}
}

func TestCostIsLowerIsBetter(t *testing.T) {
	// All weight on cost: the cheapest wins; among equal costs the
	// comparison's order decides.
	c := testComparison(testCosts, nil)
	w, err := ParseWeights("cost=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, method := range Methods {
		r, _ := Rank(c, DefaultCriteria(), w, method)
		if r.Winner() != OrgTrail || r.Ranked[len(r.Ranked)-1].ID != SecurityLake {
			t.Errorf("%s: winner %s, last %s", method, r.Winner(), r.Ranked[len(r.Ranked)-1].ID)
		}
	}
	// Make security-lake the cheapest: it must win.
	costs := map[string]float64{}
	for k, v := range testCosts {
		costs[k] = v
	}
	costs[SecurityLake] = 1
	r, _ := Rank(testComparison(costs, nil), DefaultCriteria(), w, MethodWeightedSum)
	if r.Winner() != SecurityLake {
		t.Errorf("winner %s, want the cheapest", r.Winner())
	}
}

func TestOneCriterionDecides(t *testing.T) {
	c := testComparison(testCosts, nil)
	cases := map[string][]string{ // criterion → strategies scored 5 on it by default
		CriterionOneSchema:    {SecurityLake},
		CriterionMemberAccess: {TrailsReplication, TrailsLake},
		CriterionQuery:        {TrailsLake},
	}
	for crit, best := range cases {
		w, _ := ParseWeights(crit+"=1", nil)
		for _, method := range Methods {
			r, _ := Rank(c, DefaultCriteria(), w, method)
			if !slices.Contains(best, r.Winner()) {
				t.Errorf("%s=1 (%s): winner %s, want one of %v", crit, method, r.Winner(), best)
			}
		}
	}
}

func TestRankRejects(t *testing.T) {
	c := testComparison(testCosts, nil)
	w, _ := PresetWeights("balanced")
	if _, err := Rank(c, DefaultCriteria(), w, "electre"); err == nil || !strings.Contains(err.Error(), "weighted-sum, topsis") {
		t.Errorf("unknown method: %v", err)
	}
	if _, err := Rank(c, DefaultCriteria(), Weights{1, 2}, MethodTOPSIS); err == nil {
		t.Error("two weights for eight criteria were accepted")
	}
	partial := &CriteriaSet{Source: "x.json", Strategies: map[string]StrategyScores{}}
	if _, err := Rank(c, partial, w, MethodTOPSIS); err == nil || !strings.Contains(err.Error(), "x.json") {
		t.Errorf("criteria without scores: %v", err)
	}
}

func TestNothingAvailable(t *testing.T) {
	gone := map[string]string{}
	for _, id := range StrategyIDs() {
		gone[id] = "test"
	}
	w, _ := PresetWeights("balanced")
	r, err := Rank(testComparison(testCosts, gone), DefaultCriteria(), w, MethodWeightedSum)
	if err != nil || r.Winner() != "" || len(r.Unavailable) != len(gone) || r.Sensitivity != nil {
		t.Errorf("%v %+v", err, r)
	}
}

// BenchmarkRank measures one ranking with its sensitivity intervals, what a
// change of weight in an interactive view recomputes.
func BenchmarkRank(b *testing.B) {
	c := testComparison(testCosts, map[string]string{TrailsLake: LakeClosedReason})
	crit := DefaultCriteria()
	w, _ := PresetWeights("balanced")
	for _, method := range Methods {
		b.Run(method, func(b *testing.B) {
			for b.Loop() {
				if _, err := Rank(c, crit, w, method); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
