package model

import (
	"math"
	"math/rand/v2"
	"reflect"

	"github.com/trailwise/trailwise/pricing"
)

// Hooks for the external tests and benchmarks (package model_test), which
// use the fixtures package: it imports model, so they cannot live in it.

// ShortcutVsEngine draws n Monte Carlo draws and prices each twice: by the
// shortcut (the recipes on the drawn inputs) and by a full engine run on the
// drawn projection. It returns the largest difference between the two
// monthly totals, relative to the larger of the two, and the number of
// strategy-months compared.
func ShortcutVsEngine(d *Dataset, s Scenario, book *pricing.Book, seed uint64, n int) (float64, int, error) {
	s = s.Resolve(d)
	e := newEngine(d, &s, book, project(d, &s))
	c := &Comparison{Scenario: s, Book: book}
	if err := e.priceAll(c); err != nil {
		return 0, 0, err
	}
	mc := newMonteCarlo(e)
	rng := rand.New(rand.NewPCG(seed, 0))
	dr, ws := mc.newDraw(), mc.workspace()
	worst, compared := 0.0, 0
	fast := make([]float64, len(e.p.Months))
	for range n {
		mc.next(rng, dr)
		in := mc.inputs(dr, ws)
		full := newEngine(d, &s, book, mc.perturbed(dr))
		fc := &Comparison{Scenario: s, Book: book}
		if err := full.priceAll(fc); err != nil {
			return 0, 0, err
		}
		for j := range c.Strategies {
			e.recipes[j].cost(in, fast)
			for m, mcost := range fc.Strategies[j].Months {
				diff := math.Abs(fast[m] - mcost.Total)
				if scale := math.Max(math.Abs(fast[m]), math.Abs(mcost.Total)); scale > 0 {
					worst = math.Max(worst, diff/scale)
				}
				compared++
			}
		}
	}
	return worst, compared, nil
}

// PreparedEstimate prices the strategies once and returns a function that
// runs only the Monte Carlo simulation on them, for the benchmark.
func PreparedEstimate(d *Dataset, s Scenario, book *pricing.Book) (func(u Uncertainty) *Comparison, error) {
	s = s.Resolve(d)
	e := newEngine(d, &s, book, project(d, &s))
	c := &Comparison{Scenario: s, Book: book}
	if err := e.priceAll(c); err != nil {
		return nil, err
	}
	return func(u Uncertainty) *Comparison {
		e.uncertainty(c, u)
		return c
	}, nil
}

// RowPasses is how many times Validate has checked a dataset's usage rows
// one by one.
func RowPasses() int64 { return rowPasses.Load() }

// CheckBothWays checks d's usage rows, all packed, the quick way
// (checkPacked) and row by row (checkEveryRow), with a breakdown's totals
// or without: whether each found them valid, and whether the totals agree.
func CheckBothWays(d *Dataset, wantTotals bool) (quick bool, careful error, sameTotals bool) {
	listed := map[string]bool{}
	for _, a := range d.Accounts {
		listed[a.ID] = true
	}
	start, _ := ParseDay(d.Period.Start)
	end, _ := ParseDay(d.Period.End)
	qt, quick := d.checkPacked(listed, start, end, wantTotals)
	ct, careful := d.checkEveryRow(listed, start, end, wantTotals)
	return quick, careful, careful != nil || !quick || reflect.DeepEqual(qt, ct)
}
