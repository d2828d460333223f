package model

// Storage accumulation: data written every day is kept until it reaches the
// retention age, moving through storage tiers as it ages (S3 lifecycle
// transitions, or a free-then-paid retention window). Averages are taken per
// calendar month, as AWS bills GB-months: the GB-days stored in a month
// divided by the days in that month.

// tierSpan is one storage tier and the age in days at which data enters it.
type tierSpan struct {
	Name    string
	FromAge int
}

// storageMonth is one month of a simulated store.
type storageMonth struct {
	GBMonth      []float64 // average GB stored in each tier
	ObjectMonths []float64 // average objects stored in each tier
	Transitions  []float64 // objects entering each tier this month (none for the first)
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
			GBMonth:      make([]float64, len(tiers)),
			ObjectMonths: make([]float64, len(tiers)),
			Transitions:  make([]float64, len(tiers)),
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
			}
		}
		for t := range tiers {
			sm.GBMonth[t] /= float64(days)
			sm.ObjectMonths[t] /= float64(days)
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
