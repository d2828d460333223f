package model

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/trailwise/trailwise/pricing"
)

// GiB is a billing GB: AWS bills storage and transfer in units of 2^30 bytes.
const GiB = 1 << 30

// Estimate prices every strategy on the dataset under the scenario, month by
// month over the scenario's horizon, with the uncertainty band of
// DefaultUncertainty.
func Estimate(d *Dataset, s Scenario, book *pricing.Book) (*Comparison, error) {
	return EstimateWith(d, s, book, DefaultUncertainty())
}

// EstimateWith is Estimate with the Monte Carlo settings u; u.Draws 0
// skips the simulation (the bands collapse onto the point estimate). To
// estimate the same dataset under many scenarios, Prepare it once.
func EstimateWith(d *Dataset, s Scenario, book *pricing.Book, u Uncertainty) (*Comparison, error) {
	p, err := Prepare(d)
	if err != nil {
		return nil, err
	}
	return p.Estimate(s, book, u)
}

// priceAll prices every strategy into c, and the leftover trails beside them.
func (e *engine) priceAll(c *Comparison) error {
	strategies := Strategies(e.s)
	for _, st := range strategies {
		r, err := e.price(st)
		if err != nil {
			return err
		}
		c.Strategies = append(c.Strategies, r)
	}
	c.Leftovers = e.leftoverFindings(strategies)
	return nil
}

// engine holds what every strategy is priced from: the projected volumes,
// per-account shares and the simulated stores, each computed once.
type engine struct {
	d    *Dataset
	s    *Scenario
	book *pricing.Book
	p    *projection

	in *inputs // the organization's monthly quantities
	// copies holds, per kind of first copy, each leftover trail's paid
	// copies; dup the ones the scenario keeps in the price.
	copies  [nFirstCopies][]trailCopies
	dup     [nFirstCopies]duplicateCopies
	shares  []map[string][]float64 // per month: driver → account shares
	recipes []recipe               // per strategy priced: how its costs follow the inputs
	buckets map[int]*bucketStorage // per retention: a trail bucket's storage, built once
	err     error                  // the first missing fact

	prep         *Prepared      // the prepared dataset, if any: what is kept across estimates
	accountIndex map[string]int // account id → index in d.Accounts
	positions    map[string]int // account id → index in p.Accounts, built on first use
	lazy         sync.Mutex     // held by what runs after the estimate (StrategyResult.Payers)
}

// position is the index of the account in the projection's accounts (those
// with usage).
func (e *engine) position(id string) (int, bool) {
	if e.positions == nil {
		e.positions = make(map[string]int, len(e.p.Accounts))
		for i, a := range e.p.Accounts {
			e.positions[a] = i
		}
	}
	i, ok := e.positions[id]
	return i, ok
}

// inputs are the organization-wide monthly quantities every cost line is
// computed from. Each cost line is a function of them, so the same lines can
// be re-evaluated on other volumes (the Monte Carlo draws) without the rest of
// the engine.
type inputs struct {
	vol      []Volume                // per month, every region
	away     []Volume                // per month, the regions other than Security Lake's roll-up region
	dup      [nFirstCopies][]float64 // paid duplicate management events per month (see engine.dup)
	accounts []float64               // accounts holding a bucket and key per month (growth included)
	days     []int                   // days per month
	stores   map[string][]storageMonth
	// selections holds these inputs as each strategy's event selectors
	// record them (see inputs.selected)
	selections map[selectionKey]*inputs
}

func newEngine(d *Dataset, s *Scenario, book *pricing.Book, p *projection) *engine {
	e := &engine{d: d, s: s, book: book, p: p}
	for fc := range nFirstCopies {
		e.copies[fc] = p.paidCopies(d, fc)
		e.dup[fc] = e.duplicates(fc)
	}
	e.in = e.inputsOf(p)
	for m := range e.p.Months {
		e.shares = append(e.shares, map[string][]float64{
			"management":         e.p.accountWeights(m, Volume.Management),
			"data":               e.p.accountWeights(m, func(v Volume) float64 { return v.Data }),
			"network":            e.p.accountWeights(m, func(v Volume) float64 { return v.Network }),
			"bytes":              e.p.accountWeights(m, func(v Volume) float64 { return v.EventBytes }),
			"stored":             e.p.accountWeights(m, func(v Volume) float64 { return v.StoredBytes }),
			"files":              e.p.accountWeights(m, func(v Volume) float64 { return v.LogFiles + 24*v.Regions }),
			"accounts":           e.p.accountWeights(m, func(Volume) float64 { return 1 }),
			"duplicates-org":     e.dup[firstCopyOrgTrail].shares(e, m),
			"duplicates-account": e.dup[firstCopyAccountTrails].shares(e, m),
			"duplicates-none":    e.dup[firstCopyNone].shares(e, m),
		})
	}
	return e
}

// allocation is the engine's shares, for the report.
func (e *engine) allocation() Allocation {
	a := Allocation{Accounts: append(append([]string(nil), e.p.Accounts...), NewAccountsID)}
	for _, sh := range e.shares {
		m := make(map[string][]float64, len(sh))
		for k, v := range sh {
			m[k] = append([]float64(nil), v...)
		}
		a.Months = append(a.Months, m)
	}
	return a
}

// inputsOf computes the monthly inputs from a projection.
func (e *engine) inputsOf(p *projection) *inputs {
	in := &inputs{stores: map[string][]storageMonth{}}
	rollup := e.s.SecurityLake.RollupRegion
	for m, mi := range p.Months {
		in.vol = append(in.vol, p.monthExcept(m, ""))
		in.away = append(in.away, p.monthExcept(m, rollup))
		for fc := range nFirstCopies {
			in.dup[fc] = append(in.dup[fc], e.dup[fc].events(p, m))
		}
		in.accounts = append(in.accounts, float64(len(p.Accounts))+mi.NewAccounts)
		in.days = append(in.days, mi.Days)
	}
	return in
}

// bill collects one strategy's lines, month by month, and the recipe that
// recomputes their cost from other inputs.
type bill struct {
	e      *engine
	st     Strategy // the strategy priced: a variant's recipe reads it
	months [][]CostLine
	recipe recipe
	err    error
	// sel is what the strategy's event selectors record; nil: everything
	sel *Selection
	// kmsRequests holds, per month, the KMS request quantities already
	// billed: the monthly free tier goes to the first of them.
	kmsRequests map[int][]quantityFn
}

// quantityFn computes a line's quantity, in base units, from the inputs.
type quantityFn func(in *inputs) float64

// recipe is how a strategy's monthly costs follow the inputs: every priced
// quantity with its rate (tiered rates are re-applied to the new quantity),
// plus the costs that do not depend on volume.
type recipe struct {
	terms []term
	fixed []float64 // per month
}

// term is one priced quantity of one month.
type term struct {
	m    int
	rate pricing.Rate
	per  float64 // base units per rate unit
	q    quantityFn
}

// cost evaluates the recipe's monthly costs on in (out has one entry per month).
func (r *recipe) cost(in *inputs, out []float64) {
	copy(out, r.fixed)
	for _, t := range r.terms {
		out[t.m] += rateCost(&t.rate, t.q(in)/t.per)
	}
}

// rateCost is the price of a monthly quantity under a flat or tiered rate,
// as the sum of Rate.Split's steps, without allocating.
func rateCost(r *pricing.Rate, quantity float64) float64 {
	if quantity == 0 {
		return 0
	}
	if len(r.Tiers) == 0 {
		return quantity * r.Price
	}
	cost, from := 0.0, 0.0
	for _, t := range r.Tiers {
		q := quantity - from
		if t.UpTo > 0 && quantity > t.UpTo {
			q = t.UpTo - from
		}
		cost += q * t.Price
		if t.UpTo == 0 || quantity <= t.UpTo {
			break
		}
		from = t.UpTo
	}
	return cost
}

// line is one cost line to price: a quantity of base units (events,
// requests, GB, GB-months, keys) at a price-book rate.
type line struct {
	component string // the cost component, e.g. s3.storage
	rate      string // the price-book rate's id (add)
	payer     string // PayerManagement, PayerLogArchive, PayerMembers...
	qualifier string // added to the rate's name, in parentheses
	// quantity computes the quantity from the inputs; the line shows it
	// on the engine's own.
	quantity quantityFn
	// driver names the shares that spread a PayerMembers line over the
	// member accounts; other payers ignore it.
	driver string
	note   string
}

// add prices l, converted to its rate's unit, and appends it, one line
// per tier for a tiered rate.
func (b *bill) add(m int, l line) {
	if b.err != nil {
		return
	}
	r, err := b.e.book.Rate(l.rate)
	if err != nil {
		if l.quantity(b.e.in) != 0 {
			b.err = err
		}
		return
	}
	b.addPriced(m, l, r)
}

// addPriced is add with the rate given: a rate of another region's book
// (l.rate is not read).
func (b *bill) addPriced(m int, l line, r pricing.Priced) {
	if b.err != nil {
		return
	}
	if sel := b.sel; sel != nil {
		q := l.quantity
		l.quantity = func(in *inputs) float64 { return q(in.selected(sel)) }
	}
	quantity := l.quantity(b.e.in)
	per, ok := unitScale[r.Unit]
	if !ok {
		if quantity != 0 {
			b.err = fmt.Errorf("price book %s: rate %s has unit %q; the engine knows %s", b.e.book.ID, r.ID, r.Unit, knownUnits())
		}
		return
	}
	// kept even when zero here: another draw's volumes may make it count
	b.recipe.terms = append(b.recipe.terms, term{m: m, rate: r.Rate, per: per, q: l.quantity})
	if quantity == 0 {
		return
	}
	quantity /= per
	name := r.Name
	if l.qualifier != "" {
		name += " (" + l.qualifier + ")"
	}
	var shares []float64
	if l.payer == PayerMembers {
		shares = b.e.shares[m][l.driver]
	}
	steps := r.Split(quantity)
	for _, st := range steps {
		cl := CostLine{
			Component: l.component, Name: name, Payer: l.payer, Unit: r.Unit,
			Quantity: st.Quantity, UnitPrice: st.Price, Cost: st.Quantity * st.Price,
			Rate: r.ID, Fallback: r.FromFallback, Note: l.note, Driver: l.driver, shares: shares,
		}
		if len(steps) > 1 {
			cl.Name += " " + tierLabel(st, r.Unit)
		}
		b.months[m] = append(b.months[m], cl)
	}
}

// unitScale is how many base units make one of each price-book unit: rates
// are quoted per 100K events or per 1K requests, quantities are counted one by
// one. A TB is 1,024 billing GB.
var unitScale = map[string]float64{
	"100K events":  1e5,
	"1K requests":  1e3,
	"10K requests": 1e4,
	"GB":           1,
	"GB-month":     1,
	"TB":           1024,
	"key-month":    1,
}

func knownUnits() string {
	units := make([]string, 0, len(unitScale))
	for u := range unitScale {
		units = append(units, fmt.Sprintf("%q", u))
	}
	sort.Strings(units)
	return strings.Join(units, ", ")
}

func tierLabel(st pricing.Step, unit string) string {
	switch {
	case st.From == 0:
		return fmt.Sprintf("[first %s %s]", groupDigits(st.UpTo), unit)
	case st.UpTo == 0:
		return fmt.Sprintf("[over %s %s]", groupDigits(st.From), unit)
	default:
		return fmt.Sprintf("[next %s %s]", groupDigits(st.UpTo-st.From), unit)
	}
}

// groupDigits writes a whole number with thousands separators, for names.
func groupDigits(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// price computes one strategy over the horizon: its family's recipe and
// the labour month by month, then its notes, gate and payers.
func (e *engine) price(st Strategy) (StrategyResult, error) {
	r := StrategyResult{Strategy: st, Available: true}
	f := familyOf(st.Family)
	n := len(e.p.Months)
	b := &bill{e: e, st: st, months: make([][]CostLine, n), recipe: recipe{fixed: make([]float64, n)}}
	if sels, ok := e.s.EventSelectors[st.ID]; ok {
		sel := e.volumeTable().selection(st.ID, sels)
		b.sel = &sel
	}
	for m := range n {
		f.recipe(e, b, m)
		e.labour(b, m, st.ID)
	}
	if b.err != nil {
		return r, b.err
	}
	if e.err != nil {
		return r, e.err
	}
	e.recipes = append(e.recipes, b.recipe)
	r.Notes = e.notes(f, st)
	if b.sel != nil {
		r.Notes = append(r.Notes, b.sel.note())
	}
	if f.gate != nil {
		if reason := f.gate(e, st); reason != "" {
			r.Available, r.UnavailableReason = false, reason
		}
	}
	for m, lines := range b.months {
		mc := MonthCost{Month: e.p.Months[m].Start.Format("2006-01"), Lines: lines}
		for _, l := range lines {
			mc.Total += l.Cost
		}
		r.Months = append(r.Months, mc)
	}
	months := r.Months
	r.payers = &lazyPayers{total: func() []PayerTotal {
		e.lazy.Lock() // the strategies' payers may be asked for from several goroutines
		defer e.lazy.Unlock()
		return e.payers(months)
	}}
	return r, nil
}

// notes explain what a strategy's figures rest on: its family's notes,
// its queries, then what every strategy may share.
func (e *engine) notes(f *family, st Strategy) []string {
	var n []string
	if f.notes != nil {
		n = f.notes(e, st)
	}
	n = append(n, e.queryNotes(f, st)...)
	if e.prep != nil && e.prep.aggregatedNote != "" {
		n = append(n, e.prep.aggregatedNote)
	}
	fc := e.s.firstCopyOf(st)
	if fc == firstCopyOrgTrail {
		n = append(n, "Who pays an organization trail's data, network and Insights events is not documented by AWS: billed here to the "+
			map[string]string{PayerManagement: "management account", PayerMembers: "member accounts whose events they are"}[e.orgTrailEventsPayer()]+" (org_trail_events_payer).")
	}
	if k := len(e.dup[fc].trails); k > 0 {
		n = append(n, fmt.Sprintf("%d leftover trail(s) kept beside this strategy's own (leftover_trails: keep): their copies of management events are paid.", k))
	}
	return n
}

// payers totals what each account pays: central roles as one account each,
// member lines spread by their shares.
func (e *engine) payers(months []MonthCost) []PayerTotal {
	type key struct{ account, role string }
	totals := map[key]*PayerTotal{}
	get := func(account, role string) *PayerTotal {
		k := key{account, role}
		if totals[k] == nil {
			name := "accounts added by growth"
			if a, ok := e.account(account); ok {
				name = a.Name
			} else if role == PayerPlatform {
				name = "staff time"
			}
			totals[k] = &PayerTotal{Account: account, Name: name, Role: role}
		}
		return totals[k]
	}
	// the member accounts' totals by their index in the shares, each found
	// in totals once
	// (not in totals: at thousands of accounts, a map of them is most of
	// the work)
	members := make([]*PayerTotal, len(e.p.Accounts)+1)
	memberRows := make([]PayerTotal, len(members))
	for m, mc := range months {
		for _, l := range mc.Lines {
			add := func(pt *PayerTotal, cost float64) {
				pt.Total += cost
				if m == 0 {
					pt.FirstMonth += cost
				}
			}
			switch l.Payer {
			case PayerManagement:
				add(get(e.d.Organization.ManagementAccount, l.Payer), l.Cost)
			case PayerLogArchive:
				add(get(e.s.LogArchiveAccount, l.Payer), l.Cost)
			case PayerPlatform:
				add(get(PayerPlatform, l.Payer), l.Cost)
			case PayerMembers:
				for i, share := range l.shares {
					if share == 0 {
						continue
					}
					if i >= len(members) {
						add(get(NewAccountsID, "member"), l.Cost*share)
						continue
					}
					if members[i] == nil {
						members[i] = e.member(i, memberRows)
					}
					add(members[i], l.Cost*share)
				}
			}
		}
	}
	// the largest total first, then by account and role: a total order,
	// as an account has one total per role
	order := make([]*PayerTotal, 0, len(totals)+len(members))
	for _, pt := range totals {
		order = append(order, pt)
	}
	for _, pt := range members {
		if pt != nil {
			order = append(order, pt)
		}
	}
	slices.SortFunc(order, func(a, b *PayerTotal) int {
		if a.Total != b.Total {
			return cmp.Compare(b.Total, a.Total)
		}
		if c := strings.Compare(a.Account, b.Account); c != 0 {
			return c
		}
		return strings.Compare(a.Role, b.Role)
	})
	out := make([]PayerTotal, len(order))
	for i, pt := range order {
		out[i] = *pt
	}
	return out
}

// member is the payer total of the member account at index i of the
// shares (the last: the accounts added by growth), in rows[i].
func (e *engine) member(i int, rows []PayerTotal) *PayerTotal {
	account, name := NewAccountsID, "accounts added by growth"
	if i < len(e.p.Accounts) {
		account = e.p.Accounts[i]
	}
	if a, ok := e.account(account); ok {
		name = a.Name
	}
	rows[i] = PayerTotal{Account: account, Name: name, Role: "member"}
	return &rows[i]
}

// account is the dataset's account with the id, as Dataset.Account finds
// it, through an index built on first use.
func (e *engine) account(id string) (Account, bool) {
	if e.accountIndex == nil {
		e.accountIndex = make(map[string]int, len(e.d.Accounts))
		for i, a := range e.d.Accounts {
			if _, ok := e.accountIndex[a.ID]; !ok {
				e.accountIndex[a.ID] = i
			}
		}
	}
	if i, ok := e.accountIndex[id]; ok {
		return e.d.Accounts[i], true
	}
	return Account{}, false
}

// fact is a figure from the price book; a missing one fails the estimate.
func (e *engine) fact(id string) float64 {
	f, err := e.book.Fact(id)
	if err != nil && e.err == nil {
		e.err = err
	}
	return f.Value
}

// store memoizes a simulated store by key.
func (in *inputs) store(key string, sim func() []storageMonth) []storageMonth {
	if s, ok := in.stores[key]; ok {
		return s
	}
	s := sim()
	in.stores[key] = s
	return s
}

// simulate spreads each month's writes (GB, objects) evenly over its days.
func (in *inputs) simulate(written func(m int) (gb, objects float64), tiers []tierSpan, retention int) []storageMonth {
	total := 0
	for _, days := range in.days {
		total += days
	}
	gbDay, objDay := make([]float64, 0, total), make([]float64, 0, total)
	for m, days := range in.days {
		gb, objs := written(m)
		for i := 0; i < days; i++ {
			gbDay = append(gbDay, gb/float64(days))
			objDay = append(objDay, objs/float64(days))
		}
	}
	return simulateStorage(gbDay, objDay, in.days, tiers, retention)
}

// volumeTable is what event selectors apply to: the prepared dataset's,
// made once across estimates, or the dataset's.
func (e *engine) volumeTable() *volumeTable {
	if e.prep != nil {
		return e.prep.volumeTable()
	}
	return volumeEntries(e.d)
}
