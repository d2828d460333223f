package model

import (
	"math"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Fitting an account's daily events.
//
// Each account's daily events (all regions, the days without rows counted
// as zero) are fitted by ordinary least squares to
//
//	y(d) = level + slope·(d − centre) + week[weekday(d)] + residual
//
// with day-of-week effects that sum to zero over the week (effect coding:
// level is the average of the seven weekday levels at the centre of the
// period). The weekly pattern needs two of every weekday (14 days or more),
// the trend a week or more; shorter periods fit less.
//
// The trend rule. A trend fitted on about a month must not be extrapolated
// over a year: +2% over 30 days would compound into a number nobody
// measured. Two safeguards, both standard:
//
//   - The slope is kept only when it differs from zero at the 5% level
//     (two-sided t-test on the OLS slope, n − p degrees of freedom);
//     otherwise the projection is flat at the fitted level and weekly
//     pattern.
//   - A kept slope is damped after the last measured day, as in damped-trend
//     exponential smoothing (Gardner & McKenzie, "Forecasting trends in
//     time series", Management Science 31(10), 1985; Hyndman &
//     Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §8.2):
//     h days on, the level has moved slope·(φ + φ² + … + φ^h). With
//     φ = 1 − 1/n for n measured days the total further movement is
//     bounded by slope·(n − 1): a trend measured over n days is never
//     carried more than about n days past the measurement.
//
// Long-run growth is the scenario's volume_growth_per_month, an explicit
// assumption, on top.

// TrendConfidence is the two-sided confidence at which a fitted slope is kept.
const TrendConfidence = 0.95

const (
	trendMinDays  = 7  // fewer days: no trend, only the mean
	weeklyMinDays = 14 // fewer days: no weekly pattern
)

// accountFit is the fit of one account's daily events.
type accountFit struct {
	N       int       // days fitted
	Start   time.Time // first day
	Mean    float64   // mean daily events over the period
	Level   float64   // weekly-average level at the centre of the period
	Slope   float64   // events a day per day, after the trend rule
	Fitted  float64   // the slope as fitted, before the rule
	Week    [7]float64
	Damping float64 // φ, per day after the last measured day
	// LevelSE, SlopeSE and Cov are the standard errors of the level and
	// the slope and their covariance (σ²(XᵀX)⁻¹).
	LevelSE, SlopeSE, Cov float64
	Residual              float64 // residual standard deviation, events a day
	// RelError is the relative standard error of the account's measured
	// volume: its rows' relative errors weighted by their events.
	RelError float64
}

// fitDaily fits y (one value per day from start).
func fitDaily(y []float64, start time.Time) accountFit {
	n := len(y)
	f := accountFit{N: n, Start: start, Damping: 1 - 1/math.Max(float64(n), 1)}
	if n == 0 {
		return f
	}
	for _, v := range y {
		f.Mean += v
	}
	f.Mean /= float64(n)
	f.Level = f.Mean
	// the fullest model the days allow first; a simpler one if it is singular
	models := []int{1}
	if n >= trendMinDays {
		models = []int{2, 1}
	}
	if n >= weeklyMinDays {
		models = []int{8, 2, 1}
	}
	for _, cols := range models {
		if f.fitModel(y, designMatrix(n, cols, start)) {
			return f
		}
	}
	return f
}

// designMatrix is the regressors of n days from start: the level, then
// (cols > 1) the day centred on the period's middle, then (cols > 2) the
// weekday effects, Monday to Saturday, Sunday minus their sum.
func designMatrix(n, cols int, start time.Time) *mat.Dense {
	centre := float64(n-1) / 2
	x := mat.NewDense(n, cols, nil)
	for d := range n {
		x.Set(d, 0, 1)
		if cols > 1 {
			x.Set(d, 1, float64(d)-centre)
		}
		if cols > 2 {
			wd := start.AddDate(0, 0, d).Weekday()
			for k := 1; k <= 6; k++ { // Monday..Saturday; Sunday is minus their sum
				switch wd {
				case time.Weekday(k):
					x.Set(d, 1+k, 1)
				case time.Sunday:
					x.Set(d, 1+k, -1)
				}
			}
		}
	}
	return x
}

// fitModel fits y on the regressors x by least squares and keeps the
// coefficients and their standard errors in f; false, f unchanged, when
// x'x is singular.
func (f *accountFit) fitModel(y []float64, x *mat.Dense) bool {
	n, cols := x.Dims()
	var xtx mat.SymDense
	xtx.SymOuterK(1, x.T())
	var ch mat.Cholesky
	if !ch.Factorize(&xtx) {
		return false
	}
	yv := mat.NewVecDense(n, append([]float64(nil), y...))
	var xty, beta mat.VecDense
	xty.MulVec(x.T(), yv)
	if err := ch.SolveVecTo(&beta, &xty); err != nil {
		return false
	}
	var fitted mat.VecDense
	fitted.MulVec(x, &beta)
	rss := 0.0
	for d := range n {
		r := y[d] - fitted.AtVec(d)
		rss += r * r
	}
	dof := n - cols
	sigma2 := 0.0
	if dof > 0 {
		sigma2 = rss / float64(dof)
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return false
	}
	f.Residual = math.Sqrt(sigma2)
	f.Level = beta.AtVec(0)
	f.LevelSE = math.Sqrt(sigma2 * inv.At(0, 0))
	if cols > 1 {
		f.Fitted = beta.AtVec(1)
		f.SlopeSE = math.Sqrt(sigma2 * inv.At(1, 1))
		f.Cov = sigma2 * inv.At(0, 1)
		if significant(f.Fitted, f.SlopeSE, dof, f.Mean) {
			f.Slope = f.Fitted
		}
	}
	if cols > 2 {
		sum := 0.0
		for k := 1; k <= 6; k++ {
			f.Week[k] = beta.AtVec(1 + k)
			sum += f.Week[k]
		}
		f.Week[time.Sunday] = -sum
	}
	return true
}

// significant says whether a slope differs from zero at TrendConfidence.
// A slope below a billionth of the mean a day is numerical noise whatever
// its standard error (an exactly flat series has a zero standard error).
func significant(slope, se float64, dof int, mean float64) bool {
	if dof < 1 || math.Abs(slope) <= 1e-9*math.Abs(mean) {
		return false
	}
	return math.Abs(slope) >= criticalT(dof)*se
}

// criticalT is the two-sided critical value of Student's t at
// TrendConfidence with dof degrees of freedom, computed once per dof (the
// accounts of a dataset share their number of days).
func criticalT(dof int) float64 {
	if v, ok := criticalTs.Load(dof); ok {
		return v.(float64)
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(dof)}
	v := t.Quantile(0.5 + TrendConfidence/2)
	criticalTs.Store(dof, v)
	return v
}

var criticalTs sync.Map // dof → criticalT

// trendDays is how far, in days of slope, the level at day has moved from
// the centre of the period: linear within (and before) the measured days,
// damped after the last one.
func (f *accountFit) trendDays(day time.Time) float64 {
	end := float64(f.N-1) / 2 // the last day, from the centre
	h := math.Round(day.Sub(f.Start).Hours()/24) - float64(f.N-1)
	if h <= 0 || f.Damping >= 1 {
		return end + h
	}
	phi := f.Damping
	return end + phi*(1-math.Pow(phi, h))/(1-phi)
}

// at is the fitted daily events on day (never below zero).
func (f *accountFit) at(day time.Time) float64 {
	return math.Max(f.Level+f.Slope*f.trendDays(day)+f.Week[day.Weekday()], 0)
}

// monthSums returns, for the days days from first, the fitted days (the sum
// of the fitted daily events over the mean; the days themselves for an
// account without events) and the sum of trendDays over the mean, which is
// how the fitted days move with the slope.
func (f *accountFit) monthSums(first time.Time, days int) (fitted, slope float64) {
	if f.Mean <= 0 {
		return float64(days), 0
	}
	utc := first.Location() == time.UTC // no daylight saving: a day is 24 hours
	for i := range days {
		day := first.Add(time.Duration(i) * 24 * time.Hour)
		if !utc {
			day = first.AddDate(0, 0, i)
		}
		fitted += f.at(day)
		slope += f.trendDays(day)
	}
	return fitted / f.Mean, slope / f.Mean
}
