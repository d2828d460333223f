package model

// Storage accumulation: data written every day is kept until it reaches the
// retention age, moving through storage tiers as it ages (S3 lifecycle
// transitions, or a free-then-paid retention window). Averages are taken per
// calendar month, as AWS bills GB-months: the GB-days stored in a month
// divided by the days in that month.

// tierSpan is one storage tier and the age in days at which data enters it.
// Data that leaves it (to the next tier, or deleted at retention) before
// MinDays in it is billed the rest of MinDays (S3's minimum storage
// duration).
type tierSpan struct {
	Name    string
	FromAge int
	MinDays int
}

// storageMonth is one month of a simulated store.
type storageMonth struct {
	GBMonth      []float64 // average GB stored in each tier
	ObjectMonths []float64 // average objects stored in each tier
	Transitions  []float64 // objects entering each tier this month (none for the first)
	// EarlyGBMonth and EarlyObjectMonths are what leaves each tier this
	// month before its MinDays, times the days short of it, over the days in
	// the month: the GB-months (and object-months) of the early-deletion charge.
	EarlyGBMonth      []float64
	EarlyObjectMonths []float64
}

// simulateStorage runs a store forward day by day. gbPerDay and objPerDay
// hold what is written on each day of the horizon; monthDays the length of
// each month. Data of age a (days) is in the last tier whose FromAge ≤ a,
// and is deleted at retention days. Sums over written days use prefix sums,
// so the cost is O(days × tiers).
func simulateStorage(gbPerDay, objPerDay []float64, monthDays []int, tiers []tierSpan, retention int) []storageMonth {
	n := len(gbPerDay)
	gbSum := prefixSums(gbPerDay)
	objSum := prefixSums(objPerDay)
	// written in days (lo, hi], clipped to the horizon
	between := func(ps []float64, lo, hi int) float64 {
		lo, hi = clamp(lo, -1, n-1), clamp(hi, -1, n-1)
		if hi <= lo {
			return 0
		}
		return ps[hi+1] - ps[lo+1]
	}
	out := make([]storageMonth, len(monthDays))
	day := 0
	for m, days := range monthDays {
		sm := storageMonth{
			GBMonth:           make([]float64, len(tiers)),
			ObjectMonths:      make([]float64, len(tiers)),
			Transitions:       make([]float64, len(tiers)),
			EarlyGBMonth:      make([]float64, len(tiers)),
			EarlyObjectMonths: make([]float64, len(tiers)),
		}
		for j := day; j < day+days && j < n; j++ {
			for t, tier := range tiers {
				end := retention
				if t+1 < len(tiers) && tiers[t+1].FromAge < end {
					end = tiers[t+1].FromAge
				}
				if tier.FromAge >= end {
					continue
				}
				// written on day w with FromAge ≤ j−w < end: w in (j−end, j−FromAge]
				sm.GBMonth[t] += between(gbSum, j-end, j-tier.FromAge)
				sm.ObjectMonths[t] += between(objSum, j-end, j-tier.FromAge)
				if t > 0 && tier.FromAge < retention {
					if w := j - tier.FromAge; w >= 0 {
						sm.Transitions[t] += objPerDay[w]
					}
				}
				// written on day j−end, leaving the tier today after end−FromAge days in it
				if short := tier.MinDays - (end - tier.FromAge); short > 0 {
					if w := j - end; w >= 0 {
						sm.EarlyGBMonth[t] += gbPerDay[w] * float64(short)
						sm.EarlyObjectMonths[t] += objPerDay[w] * float64(short)
					}
				}
			}
		}
		for t := range tiers {
			sm.GBMonth[t] /= float64(days)
			sm.ObjectMonths[t] /= float64(days)
			sm.EarlyGBMonth[t] /= float64(days)
			sm.EarlyObjectMonths[t] /= float64(days)
		}
		out[m] = sm
		day += days
	}
	return out
}

func prefixSums(xs []float64) []float64 {
	ps := make([]float64, len(xs)+1)
	for i, x := range xs {
		ps[i+1] = ps[i] + x
	}
	return ps
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
