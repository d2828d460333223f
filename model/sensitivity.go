package model

import (
	"fmt"
	"math"
)

// Sensitivity is how far one criterion's weight can move, the others
// rescaled proportionally so the weights still sum to 1, before the winner
// changes.
type Sensitivity struct {
	Criterion string
	Weight    float64 // the current weight
	Winner    string
	// Low and High bound the weights at which Winner stays first.
	Low, High float64
	// BelowWinner wins below Low ("" when Low is 0); AboveWinner wins above
	// High ("" when High is 1).
	BelowWinner, AboveWinner string
}

// Sentence says the interval in plain words, e.g. "org-trail stays first
// while the weight of cost is above 0.22; below it trails-lake wins".
func (s Sensitivity) Sentence() string {
	lowBound, highBound := s.BelowWinner != "", s.AboveWinner != ""
	lo, hi := weightText(s.Low), weightText(s.High)
	switch {
	case lowBound && highBound && lo == hi:
		return fmt.Sprintf("%s is first only at a weight of %s of about %s; below it %s wins, above it %s wins",
			s.Winner, s.Criterion, lo, s.BelowWinner, s.AboveWinner)
	case lowBound && highBound:
		return fmt.Sprintf("%s stays first while the weight of %s is between %s and %s; below %s %s wins, above %s %s wins",
			s.Winner, s.Criterion, lo, hi, lo, s.BelowWinner, hi, s.AboveWinner)
	case lowBound:
		return fmt.Sprintf("%s stays first while the weight of %s is above %s; below it %s wins",
			s.Winner, s.Criterion, lo, s.BelowWinner)
	case highBound:
		return fmt.Sprintf("%s stays first while the weight of %s is below %s; above it %s wins",
			s.Winner, s.Criterion, hi, s.AboveWinner)
	}
	return fmt.Sprintf("%s stays first whatever the weight of %s", s.Winner, s.Criterion)
}

// weightText writes a weight with two places, or three when two would
// round it to 0 or 1.
func weightText(v float64) string {
	t := fmt.Sprintf("%.2f", v)
	if (t == "0.00" && v > 0) || (t == "1.00" && v < 1) {
		t = fmt.Sprintf("%.3f", v)
	}
	return t
}

// ShiftWeight sets criterion j's weight to t and rescales the others
// proportionally so the weights still sum to 1. When j held all the weight,
// the rest is shared equally.
func ShiftWeight(w Weights, j int, t float64) Weights {
	out := make(Weights, len(w))
	rest := 1 - w[j]
	for k := range w {
		switch {
		case k == j:
			out[k] = t
		case rest > 1e-12:
			out[k] = w[k] / rest * (1 - t)
		default:
			out[k] = (1 - t) / float64(len(w)-1)
		}
	}
	return out
}

// sensitivity finds, for every criterion, the weight interval in which the
// current winner stays first.
func (d *decision) sensitivity(method string, w Weights) []Sensitivity {
	rows, _ := d.x.Dims()
	if rows < 2 {
		return nil
	}
	win := d.winner(method, w)
	var out []Sensitivity
	for j := range w {
		var s Sensitivity
		if method == MethodWeightedSum {
			s = d.sensitivityLinear(w, j, win)
		} else {
			s = d.sensitivityScan(method, w, j, win)
		}
		s.Criterion, s.Weight, s.Winner = Criteria[j].ID, w[j], d.ids[win]
		out = append(out, s)
	}
	return out
}

// sensitivityLinear solves the weighted sum exactly: with the others
// rescaled, row i's score is linear in criterion j's weight t,
// S_i(t) = t·a_i + (1−t)·b_i, where a_i is its normalized value on j and b_i
// its weighted sum over the other criteria at t = 0. The winner W loses to i
// where S_W(t) − S_i(t) = c + s·t crosses zero, c = b_W − b_i,
// s = (a_W − a_i) − c.
func (d *decision) sensitivityLinear(w Weights, j, win int) Sensitivity {
	n := MinMax(d.x, d.cost)
	rows, cols := n.Dims()
	base := ShiftWeight(w, j, 0)
	a := make([]float64, rows)
	b := make([]float64, rows)
	for i := 0; i < rows; i++ {
		a[i] = n.At(i, j)
		for k := 0; k < cols; k++ {
			if k != j {
				b[i] += base[k] * n.At(i, k)
			}
		}
	}
	s := Sensitivity{Low: 0, High: 1}
	lowBy, highBy := -1, -1
	for i := 0; i < rows; i++ {
		if i == win {
			continue
		}
		c := b[win] - b[i]
		slope := (a[win] - a[i]) - c
		if math.Abs(slope) < 1e-15 {
			continue
		}
		// The winner may lead i by a tie-break only, so a crossing a
		// rounding error beyond the current weight is at it.
		at := -c / slope
		switch {
		case slope > 0 && at > s.Low && at <= w[j]+1e-12:
			s.Low, lowBy = math.Min(at, w[j]), i
		case slope < 0 && at < s.High && at >= w[j]-1e-12:
			s.High, highBy = math.Max(at, w[j]), i
		}
	}
	scoresAt := func(t float64) []float64 {
		out := make([]float64, rows)
		for i := range out {
			out[i] = t*a[i] + (1-t)*b[i]
		}
		return out
	}
	past := func(t float64, by int) string {
		if o := d.order(scoresAt(t))[0]; o != win {
			return d.ids[o]
		}
		return d.ids[by]
	}
	if lowBy >= 0 {
		s.BelowWinner = past(math.Max(s.Low-1e-6, 0), lowBy)
	}
	if highBy >= 0 {
		s.AboveWinner = past(math.Min(s.High+1e-6, 1), highBy)
	}
	return s
}

// sensitivityScan finds the interval numerically, for methods whose scores
// are not linear in the weights (TOPSIS): it steps outward from the current
// weight by 0.01 until the winner changes, then bisects to 1e-9.
func (d *decision) sensitivityScan(method string, w Weights, j, win int) Sensitivity {
	winnerAt := func(t float64) int { return d.winner(method, ShiftWeight(w, j, t)) }
	const step = 0.01
	// edge walks towards end. It stops 1e-6 short of it: at exactly 0 or 1
	// some criteria weigh nothing, and ties there say nothing about the
	// weights people would choose.
	edge := func(dir, end float64) (bound float64, past int) {
		limit := end - dir*1e-6
		in := w[j]
		if dir*(in-limit) >= 0 {
			return end, -1
		}
		for {
			t := in + dir*step
			if dir*(t-limit) > 0 {
				t = limit
			}
			if o := winnerAt(t); o != win {
				out := t
				for k := 0; k < 60 && math.Abs(out-in) > 1e-9; k++ {
					mid := (in + out) / 2
					if winnerAt(mid) == win {
						in = mid
					} else {
						out = mid
					}
				}
				return (in + out) / 2, winnerAt(out)
			}
			if t == limit {
				return end, -1
			}
			in = t
		}
	}
	s := Sensitivity{}
	var below, above int
	s.Low, below = edge(-1, 0)
	s.High, above = edge(1, 1)
	if below >= 0 {
		s.BelowWinner = d.ids[below]
	}
	if above >= 0 {
		s.AboveWinner = d.ids[above]
	}
	return s
}
