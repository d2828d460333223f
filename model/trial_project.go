package model

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/trailwise/trailwise/pricing"
)

// TrialUsage is one row of a trial's measured usage as Cost Explorer
// reports it: a day, the linked account, a usage type with its region code
// (USE1-PaidCloudTrailEvents-Bytes), the usage quantity (GB for the -Bytes
// usage types) and the unblended cost.
type TrialUsage struct {
	Row       int // the row in its file (1 is the header), for messages; 0 when none
	Day       string
	Account   string
	UsageType string
	Quantity  float64
	Cost      float64
}

// TrialRowError is a trial usage row the projection cannot use.
type TrialRowError struct {
	Row    int
	Column string
	Msg    string
}

func (e *TrialRowError) Error() string {
	if e.Row > 0 {
		return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Msg)
	}
	return fmt.Sprintf("column %s: %s", e.Column, e.Msg)
}

// TrialProjection is a trial's measured usage carried to the organization,
// a full month and a full year.
type TrialProjection struct {
	Strategy   string
	Region     string
	BookID     string
	Confidence float64
	// Start and End are the trial's first and last days; Days counts them.
	Start, End string
	Days       int
	// Month is the calendar month after the trial (YYYY-MM), MonthDays its
	// length; the year is the twelve months from it, YearDays long.
	Month               string
	MonthDays, YearDays int
	Accounts            []TrialMeasured
	Components          []TrialComponent
	// Month and year totals over the components, with their bounds.
	MonthCost, MonthLow, MonthHigh float64
	YearCost, YearLow, YearHigh    float64
	ModelMonthCost, ModelYearCost  float64
	// Ignored counts rows of other usage types (another service's, or
	// the reference FreeEventsRecorded).
	Ignored int
	Notes   []string
}

// TrialMeasured is one trial account's measurement.
type TrialMeasured struct {
	ID, Name, Stratum string
	Daily             float64            // measured daily quantity in the dataset, GB
	Measured          map[string]float64 // per component: quantity over the trial
	Predicted         map[string]float64 // per component: the model's for the same days
}

// TrialComponent is one cost component projected.
type TrialComponent struct {
	Component string
	Rate      string
	Unit      string
	// TrialMeasured is what the trial accounts used over the trial;
	// TrialPredicted what the model predicted for them for those days from
	// the dataset alone. Error is measured/predicted − 1.
	TrialMeasured, TrialPredicted, Error float64
	// Daily is the organization's projected daily quantity, Low and High
	// its interval at the projection's confidence.
	Daily, DailyLow, DailyHigh float64
	// Month quantity and the month's and year's cost, with their bounds.
	Month, MonthLow, MonthHigh             float64
	MonthCost, MonthCostLow, MonthCostHigh float64
	YearCost, YearCostLow, YearCostHigh    float64
	// The model's own figures for the same month and year, before the trial.
	ModelMonth, ModelMonthCost, ModelYearCost float64
}

// ProjectTrial carries a trial's measured usage to the organization.
//
// Estimator. For each stratum h (the plan's strata), the trial accounts'
// mean daily billed quantity ȳᵢ over the trial's n days, divided by their
// measured daily volume xᵢ in the dataset, gives the stratum's ratio
// r̂ₕ = Σȳᵢ/Σxᵢ; the stratum's daily quantity is r̂ₕ·Xₕ, Xₕ its measured
// volume (the separate ratio estimator, Cochran 1977 §6.10). A stratum with
// no trial account takes the ratio over all of them.
//
// Interval. The accounts' own ratios qᵢ = ȳᵢ/xᵢ carry both the day-to-day
// variation of n days and how far accounts differ; their sample variance s²
// over the m trial accounts (pooled across strata, as with one account a
// stratum no stratum has its own: the collapsed-strata idea, Cochran
// §5A.12) gives the variance of the error on the accounts not in the trial:
// Σₕ s²·[(Xₕ−xₕ)²·Σᵢ∈ₕ xᵢ²/xₕ² + Σⱼ∈ₕ,ⱼ∉trial xⱼ²], the first term the
// stratum ratio's own error spread over the stratum's other accounts, the
// second their own departures. The half-width is Student's t with m − 1
// degrees of freedom times its root. The trial accounts count as measured.
func ProjectTrial(d *Dataset, s Scenario, book *pricing.Book, o TrialOptions, usage []TrialUsage) (*TrialProjection, error) {
	b, err := newTrialBase(d, s, book, o)
	if err != nil {
		return nil, err
	}
	pr := &TrialProjection{Strategy: o.Strategy, Region: b.s.Region, BookID: book.ID, Confidence: o.Confidence}
	tu, err := b.readTrialUsage(usage, o)
	if err != nil {
		return nil, err
	}
	pr.Ignored = tu.ignored
	pr.Start, pr.End, pr.Days = tu.first.Format(DayLayout), tu.last.Format(DayLayout), tu.days()
	pr.Accounts = b.measured(tu)
	// The model's month and year for the same months, and the rate of each
	// component, from an engine run starting at the month after the trial.
	month := time.Date(tu.last.Year(), tu.last.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	pr.Month, pr.MonthDays = month.Format("2006-01"), daysIn(month)
	ms := b.s
	ms.StartMonth, ms.HorizonMonths = pr.Month, 12
	me := newEngine(d, &ms, book, project(d, &ms))
	res, err := me.price(b.strategy(o.Strategy))
	if err != nil {
		return nil, err
	}
	monthDays := make([]float64, len(me.p.Months))
	for m, mi := range me.p.Months {
		monthDays[m] = float64(mi.Days)
		pr.YearDays += mi.Days
	}
	for mi, m := range b.metrics {
		daily, variance, dof := b.ratioEstimate(tu.ids, func(id string) float64 { return tu.sums[trialCell{id, mi}] / float64(pr.Days) })
		half := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: dof}.Quantile(0.5+o.Confidence/2) * math.Sqrt(variance)
		for _, comp := range append([]string{m.Component}, m.Also...) {
			tc := TrialComponent{Component: comp, Unit: m.Unit, Daily: daily, DailyLow: math.Max(daily-half, 0), DailyHigh: daily + half}
			for _, tm := range pr.Accounts {
				tc.TrialMeasured += tm.Measured[m.Component]
				tc.TrialPredicted += tm.Predicted[m.Component]
			}
			if tc.TrialPredicted > 0 {
				tc.Error = tc.TrialMeasured/tc.TrialPredicted - 1
			}
			if err := b.priceComponent(&tc, res, monthDays); err != nil {
				return nil, err
			}
			pr.add(tc)
		}
	}
	pr.Notes = b.projectionNotes(pr, tu.ids)
	if err := pr.finite(); err != nil {
		return nil, err
	}
	return pr, nil
}

// trialCell is one account's quantity of one metric.
type trialCell struct {
	account string
	metric  int // index in trialBase.metrics
}

// trialUsage is what a trial's usage rows measured: per account and
// metric, the quantity over the trial's days, first to last.
type trialUsage struct {
	sums        map[trialCell]float64
	first, last time.Time
	ids         []string // the trial accounts, sorted
	ignored     int      // rows of other usage types
}

// days counts the trial's days, first and last included.
func (tu *trialUsage) days() int {
	return int(tu.last.Sub(tu.first).Hours()/24) + 1
}

// readTrialUsage sums the usage rows by account and metric, and checks
// that they make a trial: days within the options' trial days when given,
// two days or more, two accounts or more, every account in a stratum.
func (b *trialBase) readTrialUsage(usage []TrialUsage, o TrialOptions) (*trialUsage, error) {
	tu := &trialUsage{sums: map[trialCell]float64{}}
	accounts := map[string]bool{}
	for _, u := range usage {
		mi := b.metricOf(u.UsageType)
		if mi < 0 {
			tu.ignored++
			continue
		}
		day, ok := ParseDay(u.Day)
		if !ok {
			return nil, &TrialRowError{u.Row, "date", fmt.Sprintf("expected a day as YYYY-MM-DD, got %q", u.Day)}
		}
		if _, ok := b.index[u.Account]; !ok {
			why := "is not in the dataset"
			if _, listed := b.d.Account(u.Account); listed {
				why = "has no usage in the dataset, so it has no stratum"
			}
			return nil, &TrialRowError{u.Row, "linked_account", fmt.Sprintf("account %s %s", u.Account, why)}
		}
		if tu.first.IsZero() || day.Before(tu.first) {
			tu.first = day
		}
		if tu.last.IsZero() || day.After(tu.last) {
			tu.last = day
		}
		tu.sums[trialCell{u.Account, mi}] += u.Quantity
		accounts[u.Account] = true
	}
	if err := tu.withinTrialDays(o, len(accounts) > 0); err != nil {
		return nil, err
	}
	if len(accounts) == 0 {
		names := []string{}
		for _, ut := range TrialUsageTypes(o.Strategy, b.s) {
			if ut.Component != "reference" {
				names = append(names, ut.UsageType)
			}
		}
		return nil, &TrialRowError{0, "usage_type", fmt.Sprintf("no row of a %s usage type (%s, any region code)", o.Strategy, strings.Join(names, ", "))}
	}
	if err := trialOverlapsDataset(b.d.Period, tu.first, tu.last); err != nil {
		return nil, err
	}
	if tu.days() < 2 {
		return nil, &TrialRowError{0, "date", fmt.Sprintf("the trial covers one day (%s): the day-to-day variation needs two or more", tu.first.Format(DayLayout))}
	}
	if len(accounts) < 2 {
		return nil, &TrialRowError{0, "linked_account", "the trial covers one account: the spread between accounts needs two or more"}
	}
	for id := range accounts {
		tu.ids = append(tu.ids, id)
	}
	sort.Strings(tu.ids)
	return tu, nil
}

// withinTrialDays makes the options' trial days, when given, the trial's,
// once the rows (any) are checked to fall within them.
func (tu *trialUsage) withinTrialDays(o TrialOptions, rows bool) error {
	if o.Start == "" && o.End == "" {
		return nil
	}
	s0, ok0 := ParseDay(o.Start)
	s1, ok1 := ParseDay(o.End)
	if !ok0 || !ok1 || s1.Before(s0) {
		return fmt.Errorf("trial days: expected a first and a last day as YYYY-MM-DD, in order, got %q and %q", o.Start, o.End)
	}
	if rows && (tu.first.Before(s0) || tu.last.After(s1)) {
		return &TrialRowError{0, "date", fmt.Sprintf("usage from %s to %s falls outside the trial's days %s to %s", tu.first.Format(DayLayout), tu.last.Format(DayLayout), o.Start, o.End)}
	}
	tu.first, tu.last = s0, s1
	return nil
}

// measured is each trial account's measurement beside the model's
// prediction for the trial days: the account's measured volume times its
// fitted days over them (trend and weekly pattern).
func (b *trialBase) measured(tu *trialUsage) []TrialMeasured {
	var out []TrialMeasured
	p := b.e.p
	for _, id := range tu.ids {
		i := b.index[id]
		a, _ := b.d.Account(id)
		fitted, _ := p.Fits[i].monthSums(tu.first, tu.days())
		tm := TrialMeasured{ID: id, Name: a.Name, Stratum: b.strata[b.stratum[id]].ID, Daily: b.daily[i],
			Measured: map[string]float64{}, Predicted: map[string]float64{}}
		for mi, m := range b.metrics {
			tm.Measured[m.Component] = tu.sums[trialCell{id, mi}]
			tm.Predicted[m.Component] = b.daily[i] * fitted
		}
		out = append(out, tm)
	}
	return out
}

// priceComponent fills a projected component's model figures from the
// engine's lines (res, the months after the trial), and prices its daily
// quantity and bounds over those months (monthDays long each).
func (b *trialBase) priceComponent(tc *TrialComponent, res StrategyResult, monthDays []float64) error {
	for mo, mc := range res.Months {
		for _, l := range mc.Lines {
			if l.Component != tc.Component {
				continue
			}
			tc.Rate = l.Rate
			if mo == 0 {
				tc.ModelMonth += l.Quantity
				tc.ModelMonthCost += l.Cost
			}
			tc.ModelYearCost += l.Cost
		}
	}
	if tc.Rate == "" {
		tc.Rate = trialRate(b.strategyID, tc.Component, &b.s)
	}
	r, err := b.book.Rate(tc.Rate)
	if err != nil {
		return err
	}
	cost := func(perDay float64) (monthCost, yearCost float64) {
		for k, days := range monthDays {
			c := rateCost(&r.Rate, perDay*days)
			if k == 0 {
				monthCost = c
			}
			yearCost += c
		}
		return monthCost, yearCost
	}
	tc.Month, tc.MonthLow, tc.MonthHigh = tc.Daily*monthDays[0], tc.DailyLow*monthDays[0], tc.DailyHigh*monthDays[0]
	tc.MonthCost, tc.YearCost = cost(tc.Daily)
	tc.MonthCostLow, tc.YearCostLow = cost(tc.DailyLow)
	tc.MonthCostHigh, tc.YearCostHigh = cost(tc.DailyHigh)
	return nil
}

// add appends a projected component and adds it to the totals.
func (pr *TrialProjection) add(tc TrialComponent) {
	pr.Components = append(pr.Components, tc)
	pr.MonthCost += tc.MonthCost
	pr.MonthLow += tc.MonthCostLow
	pr.MonthHigh += tc.MonthCostHigh
	pr.YearCost += tc.YearCost
	pr.YearLow += tc.YearCostLow
	pr.YearHigh += tc.YearCostHigh
	pr.ModelMonthCost += tc.ModelMonthCost
	pr.ModelYearCost += tc.ModelYearCost
}

// projectionNotes says what the projection leaves out: strata without a
// trial account, growth, free-trial days, rows not used.
func (b *trialBase) projectionNotes(pr *TrialProjection, ids []string) []string {
	var notes []string
	covered := map[int]bool{}
	for _, id := range ids {
		covered[b.stratum[id]] = true
	}
	var missing []string
	for h, st := range b.strata {
		if !covered[h] {
			missing = append(missing, st.ID)
		}
	}
	if len(missing) > 0 {
		notes = append(notes, fmt.Sprintf("%d stratum(s) had no trial account and take the ratio over all trial accounts: %s.", len(missing), strings.Join(missing, ", ")))
	}
	notes = append(notes,
		fmt.Sprintf("The interval is the organization's level during the trial (%s to %s) at %.0f%% confidence; volume and account growth after it are not in it (the model's figures include the scenario's).", pr.Start, pr.End, pr.Confidence*100),
		"Quantities are GB as Cost Explorer reports the -Bytes usage types; costs are list prices from the price book, free-trial days not deducted.")
	if pr.Ignored > 0 {
		notes = append(notes, fmt.Sprintf("%d row(s) of other usage types were not used.", pr.Ignored))
	}
	return notes
}

// TrialWindowDays is how long after the dataset's period a trial may run
// and still be compared with it: a year. A trial that ends before the
// period starts, or starts more than this after it ends, measures another
// organization than the dataset's (a file of the wrong year, most often).
const TrialWindowDays = 366

func trialOverlapsDataset(p Period, first, last time.Time) error {
	start, _ := ParseDay(p.Start)
	end, _ := ParseDay(p.End)
	latest := end.AddDate(0, 0, TrialWindowDays)
	if last.Before(start) || first.After(latest) {
		return &TrialRowError{0, "date", fmt.Sprintf("usage from %s to %s does not overlap %s to %s, the dataset's period and the %d days after it",
			first.Format(DayLayout), last.Format(DayLayout), p.Start, latest.Format(DayLayout), TrialWindowDays)}
	}
	return nil
}

// finite makes sure no figure of the projection is NaN or infinite: a
// usage quantity far beyond any account's drives the variance to infinity
// and the interval to NaN, which must be an error, never printed.
func (pr *TrialProjection) finite() error {
	check := func(what string, vs ...float64) error {
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &TrialRowError{0, "usage_quantity", fmt.Sprintf("the quantities make %s %v, not a finite number: they are far beyond what any organization uses", what, v)}
			}
		}
		return nil
	}
	for _, c := range pr.Components {
		if err := check(c.Component, c.Daily, c.DailyLow, c.DailyHigh, c.Month, c.MonthLow, c.MonthHigh, c.MonthCost, c.MonthCostLow,
			c.MonthCostHigh, c.YearCost, c.YearCostLow, c.YearCostHigh, c.TrialMeasured, c.TrialPredicted, c.Error); err != nil {
			return err
		}
	}
	return check("the total", pr.MonthCost, pr.MonthLow, pr.MonthHigh, pr.YearCost, pr.YearLow, pr.YearHigh)
}

// metricOf is the index of the metric a usage type measures, or -1: the
// name after any region code ("USE1-"), or the whole name (us-east-1 usage
// may carry no code).
func (b *trialBase) metricOf(usageType string) int {
	for mi, m := range b.metrics {
		for _, name := range m.Names {
			if usageType == name || strings.HasSuffix(usageType, "-"+name) && !strings.Contains(strings.TrimSuffix(usageType, "-"+name), "-") {
				return mi
			}
		}
	}
	return -1
}

// ratioEstimate is the stratified ratio estimate of the organization's
// daily quantity from the trial accounts' mean daily quantities y, the
// variance of its error and that variance's effective degrees of freedom
// (see ProjectTrial).
func (b *trialBase) ratioEstimate(trial []string, y func(id string) float64) (estimate, variance, dof float64) {
	inTrial := map[string]bool{}
	sy, sx, sx2 := map[int]float64{}, map[int]float64{}, map[int]float64{}
	allY, allX, allX2 := 0.0, 0.0, 0.0
	for _, id := range trial {
		inTrial[id] = true
		h, x := b.stratum[id], b.daily[b.index[id]]
		sy[h] += y(id)
		sx[h] += x
		sx2[h] += x * x
		allY, allX, allX2 = allY+y(id), allX+x, allX2+x*x
	}
	pooled := 0.0
	if allX > 0 {
		pooled = allY / allX
	}
	// weight[id] is how much of the error variance rides on account id's
	// departure from the trial accounts' common ratio.
	weight := map[string]float64{}
	for h, st := range b.strata {
		rest, restX2 := 0.0, 0.0
		for _, id := range st.Accounts {
			if !inTrial[id] {
				x := b.daily[b.index[id]]
				rest += x
				restX2 += x * x
			}
		}
		ratio, ratioVar, over, overX2 := pooled, 0.0, trial, allX2
		if allX > 0 {
			ratioVar = allX2 / (allX * allX)
		}
		if sx[h] > 0 {
			ratio, ratioVar, overX2 = sy[h]/sx[h], sx2[h]/(sx[h]*sx[h]), sx2[h]
			over = st.Picked[:0:0]
			for _, id := range trial {
				if b.stratum[id] == h {
					over = append(over, id)
				}
			}
		}
		estimate += sy[h] + ratio*rest
		w := rest*rest*ratioVar + restX2
		for _, id := range over {
			x := b.daily[b.index[id]]
			if overX2 > 0 {
				weight[id] += w * x * x / overX2
			}
		}
	}
	variance, dof = b.ratioVariance(trial, y, weight)
	return estimate, variance, dof
}

// ratioVariance is the variance of the ratio estimate's error, each trial
// account's departure from the trial accounts' mean ratio weighted by how
// much of the error rides on it, and its degrees of freedom. Each
// account's squared departure estimates its own variance (a
// heteroscedasticity-consistent estimate: big accounts and quiet ones need
// not vary alike); Satterthwaite's approximation gives the degrees of
// freedom of the weighted sum.
func (b *trialBase) ratioVariance(trial []string, y func(id string) float64, weight map[string]float64) (variance, dof float64) {
	var q []float64
	var ids []string
	for _, id := range trial {
		if x := b.daily[b.index[id]]; x > 0 {
			q = append(q, y(id)/x)
			ids = append(ids, id)
		}
	}
	m := float64(len(q))
	if m < 2 {
		return 0, 1
	}
	mean := 0.0
	for _, v := range q {
		mean += v
	}
	mean /= m
	sumA, sumA2 := 0.0, 0.0
	for k, id := range ids {
		a := weight[id] * (q[k] - mean) * (q[k] - mean) * m / (m - 1)
		sumA += a
		sumA2 += a * a
	}
	dof = m - 1
	if sumA2 > 0 {
		dof = math.Min(math.Max(sumA*sumA/sumA2, 1), m-1)
	}
	return sumA, dof
}

// billedName is the usage type a metric's quantity bills under as the
// model sees it: the Free… name within a free trial, where the metric has
// one, else its first other name (the rest are where it may bill instead,
// e.g. CloudWatch's vended-log usage types).
func billedName(names []string, free bool) string {
	first := ""
	for _, n := range names {
		isFree := strings.HasPrefix(n, "Free")
		if free && isFree {
			return n
		}
		if !isFree && first == "" {
			first = n
		}
	}
	if first == "" {
		return names[0]
	}
	return first
}

// ExpectedTrialUsage is what Cost Explorer would report, as the model
// bills it, for the usage rows of the given accounts under the strategy:
// one row per account, region and day for each usage type the trial
// measures (its Free… name within the first freeDays days from start, its
// Paid… name after, where the strategy has both), sorted. Tests and
// demonstrations use it to stand for a trial's export.
func ExpectedTrialUsage(rows []Usage, s Scenario, book *pricing.Book, strategy string, accounts []string, start string, freeDays int) ([]TrialUsage, error) {

	metrics := trialMetrics(strategy, &s)
	if metrics == nil {
		return nil, fmt.Errorf("strategy %q has no trial usage types", strategy)
	}
	first, ok := ParseDay(start)
	if !ok {
		return nil, fmt.Errorf("start: expected a day as YYYY-MM-DD, got %q", start)
	}
	keep := map[string]bool{}
	for _, a := range accounts {
		keep[a] = true
	}
	recordData := s.RecordDataEvents == nil || *s.RecordDataEvents
	var out []TrialUsage
	for _, u := range rows {
		day, ok := ParseDay(u.Day)
		if !keep[u.Account] || !ok || day.Before(first) {
			continue
		}
		q := metricDaily(strategy, &s, rowVolume(u, recordData))
		if q == 0 {
			continue
		}
		free := int(day.Sub(first).Hours()/24) < freeDays
		for _, m := range metrics {
			name := billedName(m.Names, free)
			tu := TrialUsage{Day: u.Day, Account: u.Account, UsageType: pricing.BillingRegionCode(u.Region) + "-" + name, Quantity: q}
			if !strings.HasPrefix(name, "Free") {
				if r, err := book.Rate(trialRate(strategy, m.Component, &s)); err == nil {
					tu.Cost = q * r.Rate.Price
				}
			}
			out = append(out, tu)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if a.Day != c.Day {
			return a.Day < c.Day
		}
		if a.Account != c.Account {
			return a.Account < c.Account
		}
		return a.UsageType < c.UsageType
	})
	return out, nil
}
