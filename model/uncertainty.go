package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Uncertainty: a Monte Carlo simulation over what the projection does not
// know, giving each strategy's P10, P50 and P90 monthly cost and the
// probability that it is the cheapest. Each draw perturbs:
//
//   - each account's measured volume by its relative error (the rows'
//     relative_error, weighted by events; measured rows have none), as a
//     mean-one lognormal factor shared by all the account's days and
//     regions: an extrapolation's error does not average out over days;
//   - each account's fitted level and slope, drawn from their joint normal
//     distribution (the OLS estimates and covariance σ²(XᵀX)⁻¹, from the
//     fit's residuals); the slope is drawn even when the trend rule dropped
//     it, and is damped like a kept one;
//   - the organization's monthly volume and account growth rates, uniform
//     within the scenario's rate ± volume_growth_spread and
//     account_growth_spread.
//
// Draws do not re-run the engine. Every cost line is a function of a few
// organization-wide monthly inputs (engine.inputs), and those inputs are
// linear in the accounts' volumes: a draw sums the accounts' daily
// quantities weighted by their drawn fitted days (one matrix product), and
// re-evaluates each line's quantity function and rate on the result, tiers
// and storage accumulation included. TestMonteCarloMatchesEngine checks
// this against full engine runs on the same drawn volumes.

// Default Monte Carlo settings. MaxDraws bounds the worst case: the cost
// is linear in draws × months, and 100,000 draws on the 400-account
// enterprise sample over 12 months take under a minute (BENCHMARKS.md); the P10 and P90 of 100,000 draws are within a
// fraction of a percent of their limit, so more buy nothing.
const (
	DefaultDraws = 1000
	DefaultSeed  = 1
	MaxDraws     = 100_000
)

// Uncertainty is how the Monte Carlo simulation runs.
type Uncertainty struct {
	Draws int    `json:"draws"` // 0: no simulation; the bands equal the point estimate
	Seed  uint64 `json:"seed"`  // the same seed gives the same draws
}

// DefaultUncertainty is 1,000 draws with seed 1.
func DefaultUncertainty() Uncertainty { return Uncertainty{Draws: DefaultDraws, Seed: DefaultSeed} }

func (u Uncertainty) validate() error {
	if u.Draws < 0 || u.Draws > MaxDraws {
		return fmt.Errorf("draws: expected 0 to %d, got %d", MaxDraws, u.Draws)
	}
	return nil
}

// Columns of the per-account quantities a draw sums.
const (
	colVol  = 0  // 8 volume fields, every region
	colAway = 8  // the same, regions other than the roll-up region
	colDup  = 16 // nFirstCopies paid-copy event counts
	nCols   = colDup + int(nFirstCopies)
)

func volumeRow(v Volume, row []float64) {
	row[0], row[1], row[2], row[3] = v.ManagementRead, v.ManagementWrite, v.Data, v.Network
	row[4], row[5], row[6], row[7] = v.Insights, v.EventBytes, v.StoredBytes, v.LogFiles
}

func rowVolumeOf(row []float64, regions float64) Volume {
	return Volume{
		ManagementRead: row[0], ManagementWrite: row[1], Data: row[2], Network: row[3],
		Insights: row[4], EventBytes: row[5], StoredBytes: row[6], LogFiles: row[7], Regions: regions,
	}
}

// monteCarlo holds what every draw is computed from.
type monteCarlo struct {
	e       *engine
	base    *mat.Dense // accounts × nCols: daily quantities of each account
	newBase []float64  // nCols: daily quantities of one new account
	// region pairs with activity: measured accounts, one new account; all
	// regions and away from the roll-up region
	regions, awayRegions, newRegions, newAway float64
	active                                    float64
	sigma                                     []float64    // per account: lognormal spread of its measurement error
	chol                                      [][3]float64 // per account: Cholesky factor of the (level, slope) covariance
	levelDays, slopeDays                      [][]float64  // per account, month: d fitted days / d level, / d slope
}

func newMonteCarlo(e *engine) *monteCarlo {
	p := e.p
	mc := &monteCarlo{e: e, base: mat.NewDense(max(len(p.Accounts), 1), nCols, nil), newBase: make([]float64, nCols)}
	rollup := e.s.SecurityLake.RollupRegion
	row := make([]float64, nCols)
	for i := range p.Accounts {
		var away Volume
		for _, r := range p.Regions[i] {
			v := p.PerRegion[i][r]
			mc.regions += v.Regions
			if r != rollup {
				away = away.plus(v, 1)
				mc.awayRegions += v.Regions
			}
		}
		volumeRow(p.Totals[i], row[colVol:])
		volumeRow(away, row[colAway:])
		for fc := range nFirstCopies {
			row[colDup+int(fc)] = e.dup[fc].perAccount[i]
		}
		mc.base.SetRow(i, row)

		f := p.Fits[i]
		s := 0.0
		if f.RelError > 0 {
			s = math.Sqrt(math.Log1p(f.RelError * f.RelError))
		}
		mc.sigma = append(mc.sigma, s)
		var c [3]float64
		c[0] = f.LevelSE
		if f.LevelSE > 0 {
			c[1] = f.Cov / f.LevelSE
		}
		c[2] = math.Sqrt(math.Max(f.SlopeSE*f.SlopeSE-c[1]*c[1], 0))
		mc.chol = append(mc.chol, c)
		lv, sl := make([]float64, len(p.Months)), make([]float64, len(p.Months))
		if f.Mean > 0 {
			for m, mi := range p.Months {
				lv[m] = float64(mi.Days) / f.Mean
				sl[m] = p.fitted[m].slope[i] // f.monthSums, computed once per month
			}
		}
		mc.levelDays, mc.slopeDays = append(mc.levelDays, lv), append(mc.slopeDays, sl)
	}
	var away Volume
	for _, r := range p.NewRegions {
		v := p.NewProfile[r]
		mc.newRegions += v.Regions
		if r != rollup {
			away = away.plus(v, 1)
			mc.newAway += v.Regions
		}
	}
	volumeRow(p.NewTotal, mc.newBase[colVol:])
	volumeRow(away, mc.newBase[colAway:])
	for fc := range nFirstCopies {
		mc.newBase[colDup+int(fc)] = e.dup[fc].newAccount
	}
	for _, a := range e.d.Accounts {
		if a.Status == "ACTIVE" {
			mc.active++
		}
	}
	return mc
}

// draw is one Monte Carlo draw: the projection's factors, growth and new
// accounts as this draw has them.
type draw struct {
	factor      [][]float64 // per account, per month: fitted days (measurement error included)
	growth      []float64   // per month: volume growth factor
	newAccounts []float64   // per month
}

func (mc *monteCarlo) newDraw() *draw {
	p := mc.e.p
	d := &draw{factor: make([][]float64, len(p.Accounts)), growth: make([]float64, len(p.Months)), newAccounts: make([]float64, len(p.Months))}
	for i := range d.factor {
		d.factor[i] = make([]float64, len(p.Months))
	}
	return d
}

// next fills d with the next draw from rng.
func (mc *monteCarlo) next(rng *rand.Rand, d *draw) {
	p, s := mc.e.p, mc.e.s
	for i := range p.Accounts {
		z1, z2, z3 := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		meas := 1.0
		if sg := mc.sigma[i]; sg > 0 {
			meas = math.Exp(sg*z1 - sg*sg/2)
		}
		c := mc.chol[i]
		dl, db := c[0]*z2, c[1]*z2+c[2]*z3
		for m := range p.Months {
			f := p.Factor[i][m] + dl*mc.levelDays[i][m] + db*mc.slopeDays[i][m]
			d.factor[i][m] = meas * math.Max(f, 0)
		}
	}
	rv := math.Max(s.VolumeGrowthPerMonth+s.VolumeGrowthSpread*(2*rng.Float64()-1), -0.99)
	ra := math.Max(s.AccountGrowthPerMonth+s.AccountGrowthSpread*(2*rng.Float64()-1), -0.99)
	for m := range p.Months {
		d.growth[m] = math.Pow(1+rv, float64(m))
		d.newAccounts[m] = mc.active * (math.Pow(1+ra, float64(m)) - 1)
	}
}

// workspace is the buffers one sequence of draws reuses.
type workspace struct {
	w, a *mat.Dense
	in   *inputs
}

func (mc *monteCarlo) workspace() *workspace {
	n, k := len(mc.e.p.Months), max(len(mc.e.p.Accounts), 1)
	in := &inputs{
		vol: make([]Volume, n), away: make([]Volume, n), accounts: make([]float64, n),
		days: mc.e.in.days, stores: map[string][]storageMonth{},
	}
	for fc := range nFirstCopies {
		in.dup[fc] = make([]float64, n)
	}
	return &workspace{w: mat.NewDense(n, k, nil), a: mat.NewDense(n, nCols, nil), in: in}
}

// inputs computes the engine's monthly inputs for draw d: the accounts'
// daily quantities weighted by their drawn fitted days and growth.
func (mc *monteCarlo) inputs(d *draw, ws *workspace) *inputs {
	p := mc.e.p
	for m := range p.Months {
		for i := range p.Accounts {
			ws.w.Set(m, i, d.factor[i][m]*d.growth[m])
		}
	}
	ws.a.Mul(ws.w, mc.base)
	in := ws.in
	row := make([]float64, nCols)
	for m, mi := range p.Months {
		mat.Row(row, m, ws.a)
		days := float64(mi.Days)
		nw := d.newAccounts[m] * days * d.growth[m]
		for c := range row {
			row[c] += nw * mc.newBase[c]
		}
		in.vol[m] = rowVolumeOf(row[colVol:], (mc.regions+mc.newRegions*d.newAccounts[m])*days)
		in.away[m] = rowVolumeOf(row[colAway:], (mc.awayRegions+mc.newAway*d.newAccounts[m])*days)
		for fc := range nFirstCopies {
			in.dup[fc][m] = row[colDup+int(fc)]
		}
		in.accounts[m] = float64(len(p.Accounts)) + d.newAccounts[m]
	}
	clear(in.stores)
	clear(in.selections)
	return in
}

// perturbed is the projection as draw d has it, for a full engine run.
func (mc *monteCarlo) perturbed(d *draw) *projection {
	q := *mc.e.p
	q.Factor, q.ms = d.factor, nil
	q.Months = slices.Clone(q.Months)
	for m := range q.Months {
		q.Months[m].Growth, q.Months[m].NewAccounts = d.growth[m], d.newAccounts[m]
	}
	return &q
}

// uncertainty runs the simulation and fills the bands and probabilities.
func (e *engine) uncertainty(c *Comparison, u Uncertainty) {
	c.Uncertainty = u
	n := len(e.p.Months)
	if u.Draws == 0 || len(c.Strategies) == 0 {
		for j := range c.Strategies {
			for m := range c.Strategies[j].Months {
				mc := &c.Strategies[j].Months[m]
				mc.P10, mc.P50, mc.P90 = mc.Total, mc.Total, mc.Total
			}
			r := &c.Strategies[j]
			r.FirstYearP10, r.FirstYearP50, r.FirstYearP90 = r.FirstYear(), r.FirstYear(), r.FirstYear()
		}
		if best := cheapest(c, func(j int) float64 { return c.Strategies[j].Total() }); best >= 0 {
			c.Strategies[best].ProbabilityCheapest = 1
		}
		return
	}
	mc := newMonteCarlo(e)
	rng := rand.New(rand.NewPCG(u.Seed, 0x7472_6169_6c77_6973))
	d, ws := mc.newDraw(), mc.workspace()
	samples := make([][][]float64, len(c.Strategies)) // strategy, month, draw
	for j := range samples {
		samples[j] = make([][]float64, n)
		for m := range samples[j] {
			samples[j][m] = make([]float64, u.Draws)
		}
	}
	wins := make([]int, len(c.Strategies))
	firstYear := make([][]float64, len(c.Strategies)) // strategy, draw
	for j := range firstYear {
		firstYear[j] = make([]float64, u.Draws)
	}
	costs := make([][]float64, len(c.Strategies))
	for j := range costs {
		costs[j] = make([]float64, n)
	}
	for k := range u.Draws {
		mc.next(rng, d)
		in := mc.inputs(d, ws)
		for j := range c.Strategies {
			e.recipes[j].cost(in, costs[j])
			for m, v := range costs[j] {
				samples[j][m][k] = v
			}
			firstYear[j][k] = floats.Sum(costs[j][:min(12, n)])
		}
		if best := cheapest(c, func(j int) float64 { return floats.Sum(costs[j]) }); best >= 0 {
			wins[best]++
		}
	}
	for j := range c.Strategies {
		r := &c.Strategies[j]
		r.ProbabilityCheapest = float64(wins[j]) / float64(u.Draws)
		for m := range r.Months {
			x := samples[j][m]
			slices.Sort(x)
			r.Months[m].P10 = stat.Quantile(0.10, stat.LinInterp, x, nil)
			r.Months[m].P50 = stat.Quantile(0.50, stat.LinInterp, x, nil)
			r.Months[m].P90 = stat.Quantile(0.90, stat.LinInterp, x, nil)
		}
		x := firstYear[j]
		slices.Sort(x)
		r.FirstYearP10 = stat.Quantile(0.10, stat.LinInterp, x, nil)
		r.FirstYearP50 = stat.Quantile(0.50, stat.LinInterp, x, nil)
		r.FirstYearP90 = stat.Quantile(0.90, stat.LinInterp, x, nil)
	}
}

// cheapest is the available strategy with the lowest cost (the first in
// display order on a tie), or -1.
func cheapest(c *Comparison, cost func(j int) float64) int {
	best, bestCost := -1, 0.0
	for j := range c.Strategies {
		if !c.Strategies[j].Available {
			continue
		}
		if v := cost(j); best < 0 || v < bestCost {
			best, bestCost = j, v
		}
	}
	return best
}
