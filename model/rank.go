package model

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Ranking methods.
const (
	MethodWeightedSum = "weighted-sum"
	MethodTOPSIS      = "topsis"
)

// Methods lists the ranking methods, the default first.
var Methods = []string{MethodWeightedSum, MethodTOPSIS}

// Ranking is the available strategies ordered by the weighted criteria,
// the unavailable ones after them, and how far the winner holds.
type Ranking struct {
	Method      string
	Criteria    []string // CriterionIDs
	Weights     Weights  // aligned with Criteria
	Source      string   // where the scores came from: "embedded" or a file
	Ranked      []RankedStrategy
	Unavailable []UnrankedStrategy
	Sensitivity []Sensitivity // one per criterion; empty with fewer than two ranked
}

// RankedStrategy is one available strategy's place.
type RankedStrategy struct {
	ID        string
	Rank      int     // 1 is the best
	Score     float64 // 0..1: the weighted sum, or TOPSIS closeness
	FirstYear float64 // the cost criterion's value
	Values    []float64
	// Normalized are the values as the method saw them, per criterion.
	Normalized []float64
	Reasons    []string // per criterion; cost's says what it is
	WhoPays    string
}

// UnrankedStrategy is a strategy the gate kept out of the ranking.
type UnrankedStrategy struct {
	ID        string
	Reason    string
	FirstYear float64
}

// Winner is the first-ranked strategy id, or "" when none is available.
func (r *Ranking) Winner() string {
	if len(r.Ranked) == 0 {
		return ""
	}
	return r.Ranked[0].ID
}

// Rank orders the comparison's available strategies by the weighted
// criteria. Cost is each strategy's first-year total from the engine (lower
// is better); the other criteria are the set's scores. Unavailable
// strategies are never ranked: they follow, with their reason.
func Rank(c *Comparison, crit *CriteriaSet, w Weights, method string) (*Ranking, error) {
	w, err := w.Normalized()
	if err != nil {
		return nil, fmt.Errorf("weights: %w", err)
	}
	if !contains(Methods, method) {
		return nil, fmt.Errorf("unknown method %q (expected one of: %s)", method, strings.Join(Methods, ", "))
	}
	r := &Ranking{Method: method, Criteria: CriterionIDs(), Weights: w, Source: crit.Source}
	var alts []RankedStrategy
	for i := range c.Strategies {
		s := &c.Strategies[i]
		if !s.Available {
			r.Unavailable = append(r.Unavailable, UnrankedStrategy{ID: s.ID, Reason: s.UnavailableReason, FirstYear: s.FirstYear()})
			continue
		}
		sc, ok := crit.Strategies[s.ID]
		if !ok {
			return nil, fmt.Errorf("criteria (%s) have no scores for %s", crit.Source, s.ID)
		}
		a := RankedStrategy{ID: s.ID, FirstYear: s.FirstYear(), WhoPays: sc.WhoPays}
		a.Values = append(a.Values, a.FirstYear)
		a.Reasons = append(a.Reasons, "first-year total from the cost engine")
		for _, v := range sc.Scores {
			a.Values = append(a.Values, float64(v.Score))
			a.Reasons = append(a.Reasons, v.Reason)
		}
		alts = append(alts, a)
	}
	if len(alts) > 0 {
		m := newDecision(alts)
		scores, norm := m.evaluate(method, w)
		for i := range alts {
			alts[i].Score = scores[i]
			alts[i].Normalized = mat.Row(nil, i, norm)
		}
		order := m.order(scores)
		for k, i := range order {
			alts[i].Rank = k + 1
			r.Ranked = append(r.Ranked, alts[i])
		}
		r.Sensitivity = m.sensitivity(method, w)
	}
	return r, nil
}

// decision is the decision matrix: one row per available strategy (in the
// comparison's order), one column per criterion.
type decision struct {
	x    *mat.Dense
	ids  []string
	cost []bool // lower is better
}

func newDecision(alts []RankedStrategy) *decision {
	n := len(Criteria)
	d := &decision{x: mat.NewDense(len(alts), n, nil), cost: make([]bool, n)}
	d.cost[criterionIndex(CriterionCost)] = true
	for i, a := range alts {
		d.x.SetRow(i, a.Values)
		d.ids = append(d.ids, a.ID)
	}
	return d
}

// evaluate scores every row under the weights; norm is the normalized matrix
// the method worked on.
func (d *decision) evaluate(method string, w Weights) (scores []float64, norm *mat.Dense) {
	if method == MethodTOPSIS {
		return TOPSIS(d.x, w, d.cost)
	}
	return WeightedSum(d.x, w, d.cost)
}

// scoreTolerance is how close two scores must be to count as a tie.
const scoreTolerance = 1e-9

// order returns the row indexes best first: by score, then (ties) by lower
// first-year cost, then by the comparison's order.
func (d *decision) order(scores []float64) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	ci := criterionIndex(CriterionCost)
	sort.SliceStable(idx, func(a, b int) bool {
		i, j := idx[a], idx[b]
		if math.Abs(scores[i]-scores[j]) > scoreTolerance {
			return scores[i] > scores[j]
		}
		return d.x.At(i, ci) < d.x.At(j, ci)
	})
	return idx
}

// winner is the best row under the weights.
func (d *decision) winner(method string, w Weights) int {
	scores, _ := d.evaluate(method, w)
	return d.order(scores)[0]
}

// MinMax normalizes each column of x to 0..1 across the rows: (v-min)/(max-min),
// inverted for cost columns so that 1 is always the best. A column whose
// rows are all equal does not tell them apart: every row gets 1.
func MinMax(x *mat.Dense, cost []bool) *mat.Dense {
	rows, cols := x.Dims()
	out := mat.NewDense(rows, cols, nil)
	for j := 0; j < cols; j++ {
		col := mat.Col(nil, j, x)
		lo, hi := col[0], col[0]
		for _, v := range col {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		for i, v := range col {
			n := 1.0
			if hi > lo {
				n = (v - lo) / (hi - lo)
				if cost[j] {
					n = 1 - n
				}
			}
			out.Set(i, j, n)
		}
	}
	return out
}

// WeightedSum is the simple additive weighting method: each column min-max
// normalized (cost inverted), then each row's weighted sum, N·w. Scores are
// 0..1.
func WeightedSum(x *mat.Dense, w Weights, cost []bool) ([]float64, *mat.Dense) {
	n := MinMax(x, cost)
	rows, _ := x.Dims()
	s := mat.NewVecDense(rows, nil)
	s.MulVec(n, mat.NewVecDense(len(w), append([]float64(nil), w...)))
	return s.RawVector().Data, n
}

// TOPSIS ranks by closeness to the ideal (Hwang and Yoon, 1981): each column
// vector-normalized (divided by its Euclidean norm) and weighted; the ideal
// takes each column's best value (the least for cost columns) and the
// anti-ideal its worst; a row's closeness is D⁻/(D⁺+D⁻) from its Euclidean
// distances to them, 0..1, higher is better. The normalized matrix returned
// is the weighted one, V.
func TOPSIS(x *mat.Dense, w Weights, cost []bool) ([]float64, *mat.Dense) {
	rows, cols := x.Dims()
	v := mat.NewDense(rows, cols, nil)
	for j := 0; j < cols; j++ {
		norm := mat.Norm(x.ColView(j), 2)
		for i := 0; i < rows; i++ {
			r := 0.0
			if norm > 0 {
				r = x.At(i, j) / norm
			}
			v.Set(i, j, r*w[j])
		}
	}
	ideal := mat.NewVecDense(cols, nil)
	anti := mat.NewVecDense(cols, nil)
	for j := 0; j < cols; j++ {
		col := v.ColView(j)
		lo, hi := mat.Min(col), mat.Max(col)
		if cost[j] {
			lo, hi = hi, lo
		}
		ideal.SetVec(j, hi)
		anti.SetVec(j, lo)
	}
	scores := make([]float64, rows)
	diff := mat.NewVecDense(cols, nil)
	for i := 0; i < rows; i++ {
		row := v.RowView(i)
		diff.SubVec(row, ideal)
		dPlus := mat.Norm(diff, 2)
		diff.SubVec(row, anti)
		dMinus := mat.Norm(diff, 2)
		if dPlus+dMinus > 0 {
			scores[i] = dMinus / (dPlus + dMinus)
		} else {
			scores[i] = 1 // every row is the ideal
		}
	}
	return scores, v
}
