package report

import (
	"fmt"
	"math"

	"github.com/trailwise/trailwise/model"
)

// checkComparison makes sure every figure Build turns into money is finite
// and representable: each within MaxAmount, and each strategy's and each
// leftover trail's lines adding up, in absolute value, to no more than it,
// so that no sum Build makes of them (a month, a year, the horizon, a
// payer's, an account's share) can wrap. A figure that fails names the
// strategy, the month and the line it came from.
func checkComparison(c *model.Comparison) error {
	for _, r := range c.Strategies {
		if err := checkStrategy(&r); err != nil {
			return fmt.Errorf("strategy %s: %w", r.ID, err)
		}
	}
	for _, l := range c.Leftovers {
		for _, lc := range l.Costs {
			var sum float64
			for m, v := range lc.Months {
				if err := amount(fmt.Sprintf("leftover trail %s, month %d", l.Trail.Name, m+1), v); err != nil {
					return err
				}
				sum += math.Abs(v)
			}
			if err := amount("leftover trail "+l.Trail.Name+", its months together", sum); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkStrategy(r *model.StrategyResult) error {
	var sum float64
	for _, m := range r.Months {
		for _, l := range m.Lines {
			where := fmt.Sprintf("%s, %s", m.Month, l.Name)
			for _, f := range []struct {
				what string
				v    float64
			}{{"quantity", l.Quantity}, {"unit price", l.UnitPrice}, {"cost", l.Cost}} {
				if err := amount(where+": "+f.what, f.v); err != nil {
					return err
				}
			}
			sum += math.Abs(l.Cost)
		}
		for _, p := range []float64{m.P10, m.P50, m.P90} {
			if err := amount(m.Month+": percentile", p); err != nil {
				return err
			}
		}
	}
	if err := amount("its lines together", sum); err != nil {
		return err
	}
	for _, p := range []float64{r.FirstYearP10, r.FirstYearP50, r.FirstYearP90, r.ProbabilityCheapest} {
		if err := amount("first-year percentile", p); err != nil {
			return err
		}
	}
	return nil
}

// amount is nil when v is finite and within MaxAmount.
func amount(what string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is %v, not a finite number: an input drives it out of range", what, v)
	}
	if math.Abs(v) > MaxAmount {
		return fmt.Errorf("%s is %.4g, beyond the %.0e a report can hold: an input is far larger than any organization's", what, v, MaxAmount)
	}
	return nil
}
