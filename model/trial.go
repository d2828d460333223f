package model

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/trailwise/trailwise/pricing"
)

// Trial sizing: before adopting a managed strategy (the source's advice:
// try it first, check the cost is acceptable, then adopt), run it on a few
// accounts, then scale what they were billed to the organization.
//
// Design. The accounts with usage are stratified by OU and, within an OU,
// by measured volume (bands of equal total volume, so the busiest accounts
// sit in small strata of their own). One account per stratum, the one
// nearest the stratum's median volume, is the trial: the fewest accounts
// that represent every stratum. The projection is the separate ratio
// estimator of stratified sampling (Cochran, Sampling Techniques, 3rd ed.,
// 1977, §6.10): within each stratum, what the trial accounts were billed
// per unit of their measured volume in the dataset, times the stratum's
// measured volume.

// MinTrialDays is the shortest trial planned: one whole week, so that every
// weekday counts once whatever the variance says.
const MinTrialDays = 7

// TrialOptions are what a trial is sized for.
type TrialOptions struct {
	Strategy string
	// Precision is the relative half-width the org-wide monthly estimate
	// should have (0.10: ±10%) at Confidence (0.90: in 90% of trials).
	Precision, Confidence float64
	// Start and End, when set, are the trial's first and last days
	// (YYYY-MM-DD) for a projection; otherwise the usage rows' span.
	Start, End string
}

// Validate checks the options' ranges.
func (o TrialOptions) Validate() error {
	if trialOf(o.Strategy) == nil {
		return fmt.Errorf("strategy %q cannot be trialled: a trial sizes new managed ingestion (%s); %s cost what the dataset already measures",
			o.Strategy, strings.Join(append(slices.Clone(TrialStrategies), TrialVariants()...), ", "), untrialled())
	}
	if !(o.Precision > 0 && o.Precision < 1) {
		return fmt.Errorf("precision: expected more than 0%% and less than 100%%, got %g%%", o.Precision*100)
	}
	if !(o.Confidence >= 0.5 && o.Confidence < 1) {
		return fmt.Errorf("confidence: expected 50%% to less than 100%%, got %g%%", o.Confidence*100)
	}
	return nil
}

// TrialMetric is one billed quantity a trial measures: a usage type (or
// its Free and Paid pair, or the usage types it may bill under) and the
// cost component the engine prices from it.
type TrialMetric struct {
	Component string   // the engine's component, e.g. securitylake.ingestion
	Also      []string // further components priced from the same quantity
	Service   string   // Cost Explorer SERVICE
	// Names are the usage types without their region code; each one's
	// quantity counts (Free during a free trial, Paid after; CloudWatch's
	// custom or vended ingestion, whichever AWS bills).
	Names []string
	Unit  string // the quantity's unit as Cost Explorer reports it
	What  string
	// Confirmed is false where AWS's usage-type name was not read on an
	// AWS page.
	Confirmed bool
}

// TrialUsageType is one usage type to watch in Cost Explorer.
type TrialUsageType struct {
	Service   string
	UsageType string // with the pricing region's code, e.g. USE1-PaidCloudTrailEvents-Bytes
	Component string // what it measures; "reference" for a volume check
	What      string
	Confirmed bool
}

// trialSpec is how a strategy family's trial is sized and projected.
type trialSpec struct {
	rank int // place in TrialStrategies: the likeliest trial first
	// metrics lists the billed quantities the trial of a variant ("" for
	// the family's own id) measures; the first is the one the accounts are
	// stratified on.
	metrics func(s *Scenario, variant string) []TrialMetric
	// variants are the family's variants that can be trialled on their
	// own, as <family>/<variant> (CloudWatch's routes bill under usage
	// types of their own).
	variants []string
	// component says which of the strategy's cost components a trial
	// adds: its own service's lines, queries aside (their volume is a
	// choice, not a measurement).
	component func(component string) bool
	// freeTrialFact is the price-book fact holding AWS's free-trial length
	// in days ("": none); freeComponents the components it waives.
	freeTrialFact  string
	freeComponents []string
	// daily is an account's daily quantity of the metrics, in GB, from one
	// day's (or a mean day's) volume; nil: the events' bytes.
	daily func(s *Scenario, v Volume) float64
	// watch lists further usage types to watch in Cost Explorer, without
	// their region code.
	watch []TrialUsageType
	// rate is the price-book rate a metric's component is priced at when
	// the engine has no line for it; nil: the component's own id.
	rate func(s *Scenario, component string) string
	// refuse says why the organization cannot run the trial, or "".
	refuse func(d *Dataset) string
	notes  []string // for the plan
}

// trialOf is the trial sizing of a strategy family, or of one of its
// variants that can be trialled (<family>/<variant>), or nil.
func trialOf(strategy string) *trialSpec {
	family, variant, _ := strings.Cut(strategy, "/")
	if f := familyOf(family); f != nil && f.trial != nil && (variant == "" || slices.Contains(f.trial.variants, variant)) {
		return f.trial
	}
	return nil
}

// TrialVariants lists the variants that can be trialled on their own, as
// <family>/<variant>.
func TrialVariants() []string {
	var out []string
	for _, id := range TrialStrategies {
		for _, v := range familyOf(id).trial.variants {
			out = append(out, id+"/"+v)
		}
	}
	return out
}

// trialMetrics lists what a strategy's trial measures.
func trialMetrics(strategy string, s *Scenario) []TrialMetric {
	if t := trialOf(strategy); t != nil {
		_, variant, _ := strings.Cut(strategy, "/")
		return t.metrics(s, variant)
	}
	return nil
}

// trialComponent says whether a cost component is one a trial of the
// strategy adds.
func trialComponent(strategy, component string) bool {
	t := trialOf(strategy)
	return t != nil && t.component(component)
}

// metricDaily is an account's daily quantity of a metric, in GB, from one
// day's (or a mean day's) volume: the bytes the strategy ingests.
func metricDaily(strategy string, s *Scenario, v Volume) float64 {
	if t := trialOf(strategy); t != nil && t.daily != nil {
		return t.daily(s, v)
	}
	return v.EventBytes / GiB
}

// trialRate is the rate a trial metric's component is priced at.
func trialRate(strategy, component string, s *Scenario) string {
	if t := trialOf(strategy); t != nil && t.rate != nil {
		return t.rate(s, component)
	}
	return component
}

// TrialStratum is one stratum of the organization's accounts.
type TrialStratum struct {
	ID   string // OU and band, e.g. "Root/Prod large"
	OU   string
	Band string // small, medium, large; "all" for an OU in one stratum
	// Accounts in the stratum, by id.
	Accounts []string
	// Low and High bound the accounts' measured daily quantity (GB a day).
	Low, High float64
	Daily     float64 // the stratum's measured daily quantity, GB
	Share     float64 // of the organization's
	Picked    []string
}

// TrialAccount is one account chosen for the trial.
type TrialAccount struct {
	ID, Name, OU string
	Stratum      string
	Reason       string
	Daily        float64 // measured daily quantity, GB
	DayCV        float64 // day-to-day coefficient of variation in the dataset
	// DailyCost is what the trial adds a day for this account at list
	// price, per component (the engine's lines for the account's share).
	DailyCost map[string]float64
	// Cost is the whole trial's cost on the account's own bill, free days
	// waived; CentralCost its share of the lines billed to a central
	// account (by its share of the bytes); ListCost both over the same days
	// at list price, without the free trial.
	Cost, CentralCost, ListCost float64
}

// TrialPlan is a sized trial.
type TrialPlan struct {
	Strategy              string
	Region                string
	BookID                string
	Precision, Confidence float64
	Period                Period // the dataset's measured period
	Metric                string // the component stratified on
	Strata                []TrialStratum
	Accounts              []TrialAccount
	// DaysNeeded is what the day-to-day variance asks for; Days is the
	// plan: at least MinTrialDays, in whole weeks.
	DaysNeeded, Days int
	// HalfWidth is the relative half-width expected after Days from the
	// day-to-day variation alone.
	HalfWidth float64
	// FreeTrialDays is AWS's free trial (0: none), FreeTrialSource its source.
	FreeTrialDays   int
	FreeTrialSource string
	// Cost is the whole trial's cost: the trial accounts' plus Central.
	Cost float64
	// Central is the trial's share of lines billed to a central account
	// (the roll-up region's storage, the event data store's owner).
	Central          float64
	CentralComponent []string
	UsageTypes       []TrialUsageType
	// Backtest is the projection run on the dataset itself, nil when the
	// period is too short for it.
	Backtest *TrialBacktest
	Notes    []string
}

// TrialBacktest runs the plan's trial on the dataset itself: its last Days
// days stand for the trial, the days before for the measurement, and the
// projection of the trial accounts is compared with what every account
// measured over those days. It shows the interval a real trial is likely to
// get (with the spread between accounts, which the day-to-day variation
// alone leaves out) and whether it held.
type TrialBacktest struct {
	Start, End string // the days standing for the trial
	// Projected and Measured are the organization's daily quantity (GB).
	Projected, Measured float64
	HalfWidth           float64 // relative, at the plan's confidence
	Error               float64 // Projected/Measured − 1
	Inside              bool
}

// trialBase is what planning and projecting share: the resolved scenario,
// the engine's projection, every account's measured daily metric and its
// day-to-day variance, and the strata.
type trialBase struct {
	strategyID string
	d          *Dataset
	s          Scenario
	book       *pricing.Book
	e          *engine
	metrics    []TrialMetric
	index      map[string]int // account id → index in e.p.Accounts
	daily      []float64      // per account (e.p.Accounts order): mean GB a day
	varDay     []float64      // per account: variance of the daily GB
	strata     []TrialStratum
	stratum    map[string]int // account id → stratum
	gaps       map[string]bool
	notes      []string
}

// newTrialBase prices the strategy and stratifies the accounts.
func newTrialBase(d *Dataset, s Scenario, book *pricing.Book, o TrialOptions) (*trialBase, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	s = s.Resolve(d)
	if strings.Contains(o.Strategy, "/") && !slices.ContainsFunc(Strategies(&s), func(st Strategy) bool { return st.ID == o.Strategy }) {
		return nil, fmt.Errorf("strategy %s is not among the scenario's strategies: its variant is left out (cloudwatch_routes)", o.Strategy)
	}
	if book.Region != s.Region {
		return nil, fmt.Errorf("price book %s is for %s, but the scenario prices in %s", book.ID, book.Region, s.Region)
	}
	if reason := trialOf(o.Strategy).refuse; reason != nil {
		if why := reason(d); why != "" {
			return nil, fmt.Errorf("%s cannot be trialled: %s", o.Strategy, why)
		}
	}
	b := &trialBase{strategyID: o.Strategy, d: d, s: s, book: book, metrics: trialMetrics(o.Strategy, &s), index: map[string]int{}, stratum: map[string]int{}, gaps: map[string]bool{}}
	b.e = newEngine(d, &b.s, book, project(d, &b.s))
	p := b.e.p
	if len(p.Accounts) == 0 {
		return nil, fmt.Errorf("the dataset has no usage rows: nothing to stratify")
	}
	for i, id := range p.Accounts {
		b.index[id] = i
		b.daily = append(b.daily, metricDaily(o.Strategy, &b.s, p.Totals[i]))
	}
	b.dayVariance(o.Strategy)
	for _, g := range d.Gaps {
		b.gaps[g.Account] = true
	}
	b.stratify()
	return b, nil
}

// dayVariance measures each account's day-to-day variance of its daily
// metric (all regions; a day without rows counts as zero).
func (b *trialBase) dayVariance(strategy string) {
	days := b.d.Period.Days()
	start, _ := ParseDay(b.d.Period.Start)
	recordData := b.s.RecordDataEvents == nil || *b.s.RecordDataEvents
	series := make([][]float64, len(b.daily))
	for i := range series {
		series[i] = make([]float64, days)
	}
	for u := range b.d.Rows() {
		i, ok := b.index[u.Account]
		day, okDay := ParseDay(u.Day)
		if !ok || !okDay {
			continue
		}
		if k := int(day.Sub(start).Hours() / 24); k >= 0 && k < days {
			series[i][k] += metricDaily(strategy, &b.s, rowVolume(u, recordData))
		}
	}
	b.varDay = make([]float64, len(series))
	for i, y := range series {
		if len(y) > 1 { // one day has no variance
			b.varDay[i] = stat.Variance(y, nil)
		}
	}
}

// bands is how many volume bands an OU of n accounts is cut into: one for
// up to 3 accounts, two up to 12, three beyond.
func bands(n int) int {
	switch {
	case n <= 3:
		return 1
	case n <= 12:
		return 2
	}
	return 3
}

var bandNames = map[int][]string{1: {"all"}, 2: {"small", "large"}, 3: {"small", "medium", "large"}}

// stratify cuts every OU's accounts (those with usage) into volume bands of
// equal total volume: an account goes to the band its cumulative volume
// (counted to its middle, accounts in ascending order) falls in. Empty
// bands are dropped.
func (b *trialBase) stratify() {
	p := b.e.p
	byOU := map[string][]int{}
	for i, id := range p.Accounts {
		ou := "unknown"
		if a, ok := b.d.Account(id); ok && a.OU != "" {
			ou = a.OU
		}
		byOU[ou] = append(byOU[ou], i)
	}
	ous := make([]string, 0, len(byOU))
	for ou := range byOU {
		ous = append(ous, ou)
	}
	sort.Strings(ous)
	total := 0.0
	for _, x := range b.daily {
		total += x
	}
	for _, ou := range ous {
		members := byOU[ou]
		sort.SliceStable(members, func(a, c int) bool {
			if b.daily[members[a]] != b.daily[members[c]] {
				return b.daily[members[a]] < b.daily[members[c]]
			}
			return p.Accounts[members[a]] < p.Accounts[members[c]]
		})
		sum := 0.0
		for _, i := range members {
			sum += b.daily[i]
		}
		l := bands(len(members))
		groups := make([][]int, l)
		cum := 0.0
		for _, i := range members {
			k := l - 1
			if sum > 0 {
				k = min(int(math.Floor((cum+b.daily[i]/2)/sum*float64(l))), l-1)
			}
			cum += b.daily[i]
			groups[k] = append(groups[k], i)
		}
		for k, g := range groups {
			if len(g) == 0 {
				continue
			}
			st := TrialStratum{OU: ou, Band: bandNames[l][k], Low: b.daily[g[0]], High: b.daily[g[len(g)-1]]}
			st.ID = ou
			if l > 1 {
				st.ID += " " + st.Band
			}
			for _, i := range g {
				st.Accounts = append(st.Accounts, p.Accounts[i])
				st.Daily += b.daily[i]
				b.stratum[p.Accounts[i]] = len(b.strata)
			}
			if total > 0 {
				st.Share = st.Daily / total
			}
			b.strata = append(b.strata, st)
		}
	}
}

// pick chooses each stratum's trial account: the one nearest the median
// volume (on a log scale), passing over accounts with a collection gap
// while the stratum has others.
func (b *trialBase) pick() []TrialAccount {
	var out []TrialAccount
	for h := range b.strata {
		st := &b.strata[h]
		ids := st.Accounts // ascending volume
		median := b.daily[b.index[ids[len(ids)/2]]]
		if len(ids)%2 == 0 {
			median = math.Sqrt(median * b.daily[b.index[ids[len(ids)/2-1]]])
		}
		best, skipped := -1, 0
		for pass := 0; pass < 2 && best < 0; pass++ {
			for k, id := range ids {
				if pass == 0 && b.gaps[id] {
					skipped++
					continue
				}
				if best < 0 || logDistance(b.daily[b.index[id]], median) < logDistance(b.daily[b.index[ids[best]]], median) {
					best = k
				}
			}
		}
		id := ids[best]
		st.Picked = []string{id}
		i := b.index[id]
		a, _ := b.d.Account(id)
		ta := TrialAccount{ID: id, Name: a.Name, OU: st.OU, Stratum: st.ID, Daily: b.daily[i]}
		if b.daily[i] > 0 {
			ta.DayCV = math.Sqrt(b.varDay[i]) / b.daily[i]
		}
		switch {
		case len(ids) == 1:
			ta.Reason = fmt.Sprintf("the only account of %s", st.ID)
		default:
			ta.Reason = fmt.Sprintf("nearest the median of %s (%d accounts, %s to %s GB a day)",
				st.ID, len(ids), gb(st.Low), gb(st.High))
		}
		if skipped > 0 {
			ta.Reason += fmt.Sprintf("; %d with a collection gap passed over", skipped)
		}
		out = append(out, ta)
	}
	return out
}

func logDistance(x, median float64) float64 {
	if x <= 0 || median <= 0 {
		return math.Abs(x - median)
	}
	return math.Abs(math.Log(x / median))
}

// gb writes a GB figure with three significant digits.
func gb(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

// quantile is the two-sided normal quantile for a confidence.
func normalQuantile(confidence float64) float64 {
	return distuv.UnitNormal.Quantile(0.5 + confidence/2)
}

// PlanTrial sizes a trial of the strategy on the dataset.
//
// Days. Each trial account i's daily quantity over the trial varies day to
// day with the variance σ²ᵢ measured over the dataset's days. The
// stratified ratio estimate of the organization's daily quantity,
// Σₕ (Xₕ/xₕ)·ȳₕ, with Xₕ the stratum's measured volume, xₕ the trial
// accounts' and ȳₕ their mean daily billed quantity over n days, has the
// variance V/n with V = Σₕ (Xₕ/xₕ)² Σᵢ∈ₕ σ²ᵢ (Cochran 1977, §5.3 and §6.10,
// the days of the trial as the sample). The estimate is within ±p of the
// total X at confidence c when z·√(V/n) ≤ p·X, z the normal quantile of
// (1+c)/2: n = ⌈z²·V/(p·X)²⌉ (Cochran §5.5). The plan runs at least
// MinTrialDays and in whole weeks, so every weekday weighs the same.
func PlanTrial(d *Dataset, s Scenario, book *pricing.Book, o TrialOptions) (*TrialPlan, error) {
	b, err := newTrialBase(d, s, book, o)
	if err != nil {
		return nil, err
	}
	plan := &TrialPlan{
		Strategy: o.Strategy, Region: b.s.Region, BookID: book.ID, Precision: o.Precision, Confidence: o.Confidence,
		Period: d.Period, Metric: b.metrics[0].Component, Accounts: b.pick(), Strata: b.strata,
	}
	total, v := 0.0, 0.0
	for _, st := range plan.Strata {
		total += st.Daily
		x, sv := 0.0, 0.0
		for _, id := range st.Picked {
			x += b.daily[b.index[id]]
			sv += b.varDay[b.index[id]]
		}
		if x > 0 {
			v += (st.Daily / x) * (st.Daily / x) * sv
		}
	}
	z := normalQuantile(o.Confidence)
	plan.DaysNeeded = 1
	if total > 0 {
		plan.DaysNeeded = max(1, int(math.Ceil(z*z*v/(o.Precision*total*o.Precision*total))))
	}
	plan.Days = int(math.Ceil(float64(max(plan.DaysNeeded, MinTrialDays))/7)) * 7
	if total > 0 {
		plan.HalfWidth = z * math.Sqrt(v/float64(plan.Days)) / total
	}
	if id := trialOf(o.Strategy).freeTrialFact; id != "" {
		f, err := book.Fact(id)
		if err != nil {
			return nil, err
		}
		plan.FreeTrialDays, plan.FreeTrialSource = int(f.Value), f.Source
	}
	if err := b.trialCosts(plan); err != nil {
		return nil, err
	}
	var ids []string
	for _, a := range plan.Accounts {
		ids = append(ids, a.ID)
	}
	plan.Backtest = backtest(d, s, book, o, plan.Days, ids)
	plan.UsageTypes = TrialUsageTypes(o.Strategy, b.s)
	plan.Notes = append(plan.Notes, b.notes...)
	if n := len(b.d.Accounts) - len(b.e.p.Accounts); n > 0 {
		plan.Notes = append(plan.Notes, fmt.Sprintf("%d account(s) have no usage in the dataset (suspended or not measured): outside the strata and the projection.", n))
	}
	plan.Notes = append(plan.Notes,
		fmt.Sprintf("Days come from the day-to-day variation of the trial accounts alone (±%.1f%% expected after %d days); the projection's interval also carries how far accounts of one stratum differ, which the trial measures and more days do not shrink.", plan.HalfWidth*100, plan.Days))
	if bt := plan.Backtest; bt != nil {
		held := "inside it"
		if !bt.Inside {
			held = "outside it"
		}
		plan.Notes = append(plan.Notes, fmt.Sprintf("Backtest: the dataset's %s..%s as a trial of these accounts, the days before as the measurement, projects %s GB a day ±%.1f%% against %s measured (%+.1f%%, %s).",
			bt.Start, bt.End, gb(bt.Projected), bt.HalfWidth*100, gb(bt.Measured), bt.Error*100, held))
	} else {
		plan.Notes = append(plan.Notes, fmt.Sprintf("No backtest: the dataset's %d days leave fewer than %d before a %d-day trial.", d.Period.Days(), backtestMinDays, plan.Days))
	}
	if plan.FreeTrialDays > 0 {
		if plan.Days <= plan.FreeTrialDays {
			plan.Notes = append(plan.Notes, fmt.Sprintf("The %d-day trial fits in AWS's %d-day free trial: ingestion and normalization are waived (usage shows as Free… usage types); the central lines are not.", plan.Days, plan.FreeTrialDays))
		} else {
			plan.Notes = append(plan.Notes, fmt.Sprintf("AWS's %d-day free trial waives ingestion and normalization for the first %d of the %d days; the cost counts the rest.", plan.FreeTrialDays, plan.FreeTrialDays, plan.Days))
		}
	}
	plan.Notes = append(plan.Notes, fmt.Sprintf("Usage types carry the code of the region the usage happens in: %s is the pricing region's; the trial accounts' usage elsewhere shows as %s and the like (the projection reads any code).", pricing.BillingRegionCode(b.s.Region), b.otherCodes()))
	plan.Notes = append(plan.Notes, trialOf(o.Strategy).notes...)
	return plan, nil
}

// otherCodes lists the billing codes of the dataset's other regions.
func (b *trialBase) otherCodes() string {
	var codes []string
	for _, r := range b.d.Regions() {
		if r != b.s.Region {
			codes = append(codes, pricing.BillingRegionCode(r)+"-")
		}
	}
	if len(codes) == 0 {
		return "another code"
	}
	return strings.Join(codes, ", ")
}

// backtestMinDays is the fewest measured days a backtest keeps before the
// days standing for the trial.
const backtestMinDays = 14

// backtest projects the trial accounts' last days of the dataset from the
// days before them (see TrialBacktest); nil when the period is too short
// or the projection fails.
func backtest(d *Dataset, s Scenario, book *pricing.Book, o TrialOptions, days int, ids []string) *TrialBacktest {
	n := d.Period.Days()
	if n-days < backtestMinDays {
		return nil
	}
	start, _ := ParseDay(d.Period.Start)
	end := start.AddDate(0, 0, n-days-1).Format(DayLayout)
	early := d.WithoutRows()
	early.Period.End = end
	early.Breakdown = nil // it adds up to every row, not to the early ones
	recordData := s.RecordDataEvents == nil || *s.RecordDataEvents
	trial := map[string]float64{}
	measured := 0.0
	for u := range d.Rows() {
		if u.Day <= end {
			early.Usage = append(early.Usage, u)
			continue
		}
		q := metricDaily(o.Strategy, &s, rowVolume(u, recordData))
		trial[u.Account] += q / float64(days)
		measured += q / float64(days)
	}
	b, err := newTrialBase(early, s, book, o)
	if err != nil {
		return nil
	}
	var kept []string
	for _, id := range ids {
		if _, ok := b.index[id]; ok {
			kept = append(kept, id)
		}
	}
	if len(kept) < 2 || measured == 0 {
		return nil
	}
	est, variance, dof := b.ratioEstimate(kept, func(id string) float64 { return trial[id] })
	half := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: dof}.Quantile(0.5+o.Confidence/2) * math.Sqrt(variance)
	return &TrialBacktest{
		Start: start.AddDate(0, 0, n-days).Format(DayLayout), End: d.Period.End,
		Projected: est, Measured: measured, HalfWidth: half / est, Error: est/measured - 1,
		Inside: math.Abs(est-measured) <= half,
	}
}

// trialCosts prices the trial per account from the engine's first month:
// each trial component's lines, per day, at the account's share of the
// line (member lines), or at its share of the bytes (central lines).
func (b *trialBase) trialCosts(plan *TrialPlan) error {
	st := b.strategy(plan.Strategy)
	r, err := b.e.price(st)
	if err != nil {
		return err
	}
	if len(r.Months) == 0 {
		return fmt.Errorf("the scenario projects no month")
	}
	days := float64(b.e.p.Months[0].Days)
	bytesShare := b.e.shares[0]["bytes"]
	paidDays := func(component string) float64 {
		if slices.Contains(trialOf(plan.Strategy).freeComponents, component) {
			return float64(max(plan.Days-plan.FreeTrialDays, 0))
		}
		return float64(plan.Days)
	}
	central := map[string]bool{}
	for k := range plan.Accounts {
		ta := &plan.Accounts[k]
		ta.DailyCost = map[string]float64{}
		i := b.index[ta.ID]
		for _, l := range r.Months[0].Lines {
			if !trialComponent(plan.Strategy, l.Component) {
				continue
			}
			perDay := l.Cost / days
			if l.Payer == PayerMembers {
				ta.DailyCost[l.Component] += perDay * l.shares[i]
				ta.Cost += perDay * l.shares[i] * paidDays(l.Component)
				ta.ListCost += perDay * l.shares[i] * float64(plan.Days)
				continue
			}
			central[l.Component] = true
			ta.CentralCost += perDay * bytesShare[i] * paidDays(l.Component)
			ta.ListCost += perDay * bytesShare[i] * float64(plan.Days)
		}
		plan.Cost += ta.Cost + ta.CentralCost
		plan.Central += ta.CentralCost
	}
	for c := range central {
		plan.CentralComponent = append(plan.CentralComponent, c)
	}
	sort.Strings(plan.CentralComponent)
	return nil
}

// strategy returns the strategy description with the id.
func (b *trialBase) strategy(id string) Strategy {
	for _, st := range Strategies(&b.s) {
		if st.ID == id {
			return st
		}
	}
	return Strategy{ID: id, Family: id}
}

// TrialUsageTypes lists the Cost Explorer usage types to watch for a
// strategy's trial, with the pricing region's code, plus the CloudTrail
// events the organization trail records for the same accounts (a volume
// check, free).
func TrialUsageTypes(strategy string, s Scenario) []TrialUsageType {
	code := pricing.BillingRegionCode(s.Region)
	var out []TrialUsageType
	for _, m := range trialMetrics(strategy, &s) {
		for _, n := range m.Names {
			out = append(out, TrialUsageType{Service: m.Service, UsageType: code + "-" + n, Component: m.Component, What: m.What + freeOrPaid(n) + vended(n), Confirmed: m.Confirmed})
		}
	}
	if t := trialOf(strategy); t != nil {
		for _, w := range t.watch {
			w.UsageType = code + "-" + w.UsageType
			out = append(out, w)
		}
	}
	out = append(out, TrialUsageType{Service: "AWS CloudTrail", UsageType: code + "-FreeEventsRecorded", Component: "reference",
		What: "first-copy management events of the same accounts: the volume the estimate scales", Confirmed: true})
	return out
}

// freeOrPaid says when a usage type of a Free/Paid pair counts: Security
// Lake bills the same quantity under Free… during its free trial and
// under Paid… after it.
func freeOrPaid(name string) string {
	switch {
	case strings.HasPrefix(name, "Free"):
		return ", within the free trial (not billed)"
	case strings.HasPrefix(name, "Paid"):
		return ", after the free trial (billed)"
	}
	return ""
}

// vended says when a CloudWatch vended-log usage type counts: the names
// are AWS's, but no AWS page read says CloudTrail's events bill as vended
// logs.
func vended(name string) string {
	if strings.HasPrefix(name, "VendedLog") {
		return ", if CloudTrail's events bill as vended logs (unconfirmed)"
	}
	return ""
}
