package model

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/trailwise/trailwise/pricing"
)

// GiB is a billing GB: AWS bills storage and transfer in units of 2^30 bytes.
const GiB = 1 << 30

// LakeClosedReason is why trails-lake is unavailable to an organization that
// has no event data store yet.
const LakeClosedReason = "CloudTrail Lake has been closed to new customers since 2026-05-31, and this organization has no event data store"

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
}

func newEngine(d *Dataset, s *Scenario, book *pricing.Book, p *projection) *engine {
	e := &engine{d: d, s: s, book: book, p: p}
	for fc := range nFirstCopies {
		e.copies[fc] = p.paidCopies(d.Trails, fc)
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

// duplicateCopies is the paid management-event copies that leftover trails
// add beside one kind of first copy, when the scenario keeps them.
type duplicateCopies struct {
	trails     []trailCopies
	perAccount []float64 // daily paid events per account, summed over the trails
	newAccount float64   // daily paid events in one account added by growth
}

// duplicates sums the leftover trails' paid copies beside first copy fc:
// none when the scenario removes leftover trails.
func (e *engine) duplicates(fc firstCopy) duplicateCopies {
	dc := duplicateCopies{perAccount: make([]float64, len(e.p.Accounts))}
	if e.s.LeftoverTrails != LeftoverKeep {
		return dc
	}
	dc.trails = e.copies[fc]
	for _, tc := range dc.trails {
		for i, v := range tc.perAccount {
			dc.perAccount[i] += v
		}
		dc.newAccount += tc.newAccount
	}
	return dc
}

// events is the paid duplicate management events over month m.
func (dc duplicateCopies) events(p *projection, m int) float64 {
	return p.copyEvents(dc.perAccount, dc.newAccount, m)
}

// shares spreads month m's paid copies over the accounts that pay them:
// an account trail's copies to its own account, an organization trail's to
// the management account that owns it.
func (dc duplicateCopies) shares(e *engine, m int) []float64 {
	p := e.p
	w := make([]float64, len(p.Accounts)+1)
	owner := map[string]int{}
	for i, id := range p.Accounts {
		owner[id] = i
	}
	sum := 0.0
	for _, tc := range dc.trails {
		t := e.d.Trails[tc.trail]
		payer := t.Account
		if t.Organization {
			payer = e.d.Organization.ManagementAccount
		}
		j, ok := owner[payer]
		for i, v := range tc.perAccount {
			ev := v * p.Factor[i][m]
			if !ok { // the paying account has no usage of its own
				j = i
			}
			w[j] += ev
			sum += ev
		}
		ev := tc.newAccount * p.Months[m].NewAccounts * float64(p.Months[m].Days)
		if ok {
			w[j] += ev
		} else {
			w[len(p.Accounts)] += ev
		}
		sum += ev
	}
	for i := range w {
		if sum > 0 {
			w[i] /= sum
		}
	}
	return w
}

// bill collects one strategy's lines, month by month, and the recipe that
// recomputes their cost from other inputs.
type bill struct {
	e      *engine
	months [][]CostLine
	recipe recipe
	err    error
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

// add prices a quantity of base units (events, requests, GB, GB-months,
// keys), converted to the rate's unit, and appends the line, one line per
// tier for a tiered rate. q computes the quantity from the inputs; the line
// shows it on the engine's own. driver names the shares that spread a
// PayerMembers line over the member accounts; other payers ignore it.
func (b *bill) add(m int, component, rateID, payer, qualifier string, q quantityFn, driver, note string) {
	if b.err != nil {
		return
	}
	r, err := b.e.book.Rate(rateID)
	if err != nil {
		if q(b.e.in) != 0 {
			b.err = err
		}
		return
	}
	b.addPriced(m, component, r, payer, qualifier, q, driver, note)
}

// addPriced is add with the rate given: a rate of another region's book.
func (b *bill) addPriced(m int, component string, r pricing.Priced, payer, qualifier string, q quantityFn, driver, note string) {
	if b.err != nil {
		return
	}
	quantity := q(b.e.in)
	per, ok := unitScale[r.Unit]
	if !ok {
		if quantity != 0 {
			b.err = fmt.Errorf("price book %s: rate %s has unit %q; the engine knows %s", b.e.book.ID, r.ID, r.Unit, knownUnits())
		}
		return
	}
	// kept even when zero here: another draw's volumes may make it count
	b.recipe.terms = append(b.recipe.terms, term{m: m, rate: r.Rate, per: per, q: q})
	if quantity == 0 {
		return
	}
	quantity /= per
	name := r.Name
	if qualifier != "" {
		name += " (" + qualifier + ")"
	}
	var shares []float64
	if payer == PayerMembers {
		shares = b.e.shares[m][driver]
	}
	steps := r.Split(quantity)
	for _, st := range steps {
		line := CostLine{
			Component: component, Name: name, Payer: payer, Unit: r.Unit,
			Quantity: st.Quantity, UnitPrice: st.Price, Cost: st.Quantity * st.Price,
			Rate: r.ID, Fallback: r.FromFallback, Note: note, Driver: driver, shares: shares,
		}
		if len(steps) > 1 {
			line.Name += " " + tierLabel(st, r.Unit)
		}
		b.months[m] = append(b.months[m], line)
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

// price computes one strategy over the horizon.
func (e *engine) price(st Strategy) (StrategyResult, error) {
	r := StrategyResult{Strategy: st, Available: true}
	n := len(e.p.Months)
	b := &bill{e: e, months: make([][]CostLine, n), recipe: recipe{fixed: make([]float64, n)}}
	for m := range n {
		switch st.Family {
		case OrgTrail:
			e.orgTrail(b, m, true)
			e.athena(b, m)
		case TrailsReplication:
			e.accountTrails(b, m)
			e.replication(b, m)
			e.athena(b, m)
		case TrailsLake:
			e.accountTrails(b, m)
			e.lake(b, m)
		case CloudWatchLogs:
			e.archive(b, m)
			e.cloudWatch(b, m)
		case SecurityLake:
			e.archive(b, m)
			e.securityLake(b, m)
		}
		e.labour(b, m, st.ID)
	}
	if b.err != nil {
		return r, b.err
	}
	if e.err != nil {
		return r, e.err
	}
	e.recipes = append(e.recipes, b.recipe)
	r.Notes = append(e.notes(st), e.queryNotes(st)...)
	if e.prep != nil && e.prep.aggregatedNote != "" {
		r.Notes = append(r.Notes, e.prep.aggregatedNote)
	}
	if e.s.firstCopyOf(st) == firstCopyOrgTrail && (st.Family == OrgTrail || e.s.KeepOrgTrailArchive) {
		r.Notes = append(r.Notes, "Who pays an organization trail's data, network and Insights events is not documented by AWS: billed here to the "+
			map[string]string{PayerManagement: "management account", PayerMembers: "member accounts whose events they are"}[e.orgTrailEventsPayer()]+" (org_trail_events_payer).")
	}
	if n := len(e.dup[e.s.firstCopyOf(st)].trails); n > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%d leftover trail(s) kept beside this strategy's own (leftover_trails: keep): their copies of management events are paid.", n))
	}
	if reason := e.gate(st); reason != "" {
		r.Available, r.UnavailableReason = false, reason
	}
	for m, lines := range b.months {
		mc := MonthCost{Month: e.p.Months[m].Start.Format("2006-01"), Lines: lines}
		for _, l := range lines {
			mc.Total += l.Cost
		}
		r.Months = append(r.Months, mc)
	}
	r.Payers = e.payers(r.Months)
	return r, nil
}

// gate says why a strategy cannot be adopted by this organization, or "".
func (e *engine) gate(st Strategy) string {
	switch {
	case st.Family == TrailsLake && len(e.d.EventDataStores) == 0:
		return LakeClosedReason
	case st.Variant == AccessPerAccountPolicy:
		if e.prep != nil {
			return e.prep.policyGate(st.Variant, e.centralBucket())
		}
		return policyGate(st.Variant, e.centralBucket(), e.d.Organization.ID, e.d.Organization.ManagementAccount, e.memberAccounts())
	}
	return ""
}

// memberAccounts lists the active accounts whose logs land in the bucket.
func (e *engine) memberAccounts() []string {
	var out []string
	for _, a := range e.d.Accounts {
		if a.Status == "ACTIVE" {
			out = append(out, a.ID)
		}
	}
	return out
}

// centralBucket is the organization trail's bucket, or a placeholder name.
func (e *engine) centralBucket() string {
	for _, t := range e.d.Trails {
		if t.Organization && t.Bucket != "" {
			return t.Bucket
		}
	}
	return "org-cloudtrail-" + e.s.LogArchiveAccount
}

// trailEvents prices the CloudTrail events themselves: the paid copies of
// the leftover trails kept beside first copy fc, and data,
// network and Insights events recorded by the trail that payer owns. The
// strategy's own trail is the free first copy of management events.
func (e *engine) trailEvents(b *bill, m int, payer string, insights bool, fc firstCopy) {
	b.add(m, "cloudtrail.management_events_paid", "cloudtrail.management_events_paid", PayerMembers, "leftover trails kept",
		func(in *inputs) float64 { return in.dup[fc][m] }, copyDrivers[fc], "")
	b.add(m, "cloudtrail.data_events", "cloudtrail.data_events", payer, "", func(in *inputs) float64 { return in.vol[m].Data }, "data", "")
	b.add(m, "cloudtrail.network_events", "cloudtrail.network_events", payer, "", func(in *inputs) float64 { return in.vol[m].Network }, "network", "")
	if !insights {
		return
	}
	if analyzed := e.insightsAnalyzed(m); analyzed != nil {
		b.add(m, "cloudtrail.insights", "cloudtrail.insights", payer, "events analyzed", analyzed, "management", "")
	}
	// Insights on data events (trails only): each type analyzes every data
	// event once, so with both types every data event twice (AWS's Insights
	// cost example 4: 400,000 data events, 800,000 analyzed).
	times := map[string]float64{InsightsAPICallRate: 1, InsightsErrorRate: 1, InsightsBoth: 2}[e.s.InsightsDataEvents]
	if times > 0 {
		b.add(m, "cloudtrail.insights_data_events", "cloudtrail.insights_data_events", payer, "data events analyzed",
			func(in *inputs) float64 { return times * in.vol[m].Data }, "data", "")
	}
}

// insightsAnalyzed is the management events Insights analyzes in month m
// (nil: Insights is off). The API call rate type analyzes write events, the
// error rate type reads and writes: with both, writes are analyzed twice
// (AWS's Insights cost example 1: 270,000 reads and 30,000 writes, 330,000
// analyzed).
func (e *engine) insightsAnalyzed(m int) quantityFn {
	switch e.s.Insights {
	case InsightsAPICallRate:
		return func(in *inputs) float64 { return in.vol[m].ManagementWrite }
	case InsightsErrorRate:
		return func(in *inputs) float64 { return in.vol[m].Management() }
	case InsightsBoth:
		return func(in *inputs) float64 { return in.vol[m].ManagementRead + 2*in.vol[m].ManagementWrite }
	}
	return nil
}

// orgTrail prices an organization trail to the central bucket.
func (e *engine) orgTrail(b *bill, m int, insights bool) {
	e.trailEvents(b, m, e.orgTrailEventsPayer(), insights, firstCopyOrgTrail)
	e.bucket(b, m, PayerLogArchive, "central bucket", e.s.CentralRetentionDays, true)
	e.kms(b, m, PayerLogArchive, func(*inputs) float64 { return 1 })
}

// orgTrailEventsPayer is who pays an organization trail's data, network and
// Insights events. AWS's documentation does not say (it bills the
// management account for the organization's invoice): the scenario's
// org_trail_events_payer chooses, and a note says it is a choice.
func (e *engine) orgTrailEventsPayer() string {
	if e.s.OrgTrailEventsPayer == PayerMembers {
		return PayerMembers
	}
	return PayerManagement
}

// archive prices what records the events beside CloudWatch Logs or
// Security Lake: the organization trail kept as the S3 archive, or, without
// it, only the CloudTrail event charges.
func (e *engine) archive(b *bill, m int) {
	if e.s.KeepOrgTrailArchive {
		e.orgTrail(b, m, true)
		return
	}
	e.trailEvents(b, m, e.orgTrailEventsPayer(), false, firstCopyNone)
}

// accountTrails prices a trail and bucket in every account.
func (e *engine) accountTrails(b *bill, m int) {
	e.trailEvents(b, m, PayerMembers, true, firstCopyAccountTrails)
	e.bucket(b, m, PayerMembers, "account buckets", e.s.AccountBucketRetentionDays, true)
	e.kms(b, m, PayerMembers, func(in *inputs) float64 { return in.accounts[m] })
}

// objects returns the log and digest files delivered in a month.
func (e *engine) objects() func(in *inputs, m int) float64 {
	digest := 0.0
	if e.s.LogFileValidation {
		digest = e.fact("digest_files_per_day")
	}
	return func(in *inputs, m int) float64 {
		v := in.vol[m]
		return v.LogFiles + digest*v.Regions
	}
}

// bucket prices a trail bucket: PUTs of every delivered file (unless the
// files arrive by replication, whose PUTs the source pays), storage by
// lifecycle tier as it accumulates up to retention, the transitions of the
// objects the lifecycle moves, and the early-deletion charges of the objects
// that leave a class before its minimum storage duration.
func (e *engine) bucket(b *bill, m int, payer, label string, retention int, delivered bool) {
	objects := e.objects()
	if delivered {
		b.add(m, "s3.requests", "s3.put_requests", payer, "delivery, "+label, func(in *inputs) float64 { return objects(in, m) }, "files", "")
	}
	bs := e.bucketStorage(retention)
	for t, tier := range bs.tiers {
		b.add(m, "s3.storage", tier.Name+"_storage", payer, label, func(in *inputs) float64 {
			return bs.quantity(in, m, t, billedGBMonths)
		}, "stored", bs.note(e.in, m, t))
		if t == 0 {
			continue
		}
		b.add(m, "s3.lifecycle_transitions", strings.Replace(tier.Name, "s3.", "s3.transition_", 1), payer, label,
			func(in *inputs) float64 { return bs.quantity(in, m, t, transitions) }, "files", "")
		b.add(m, "s3.early_deletion", tier.Name+"_storage", payer, "early deletion, "+label,
			func(in *inputs) float64 { return bs.quantity(in, m, t, earlyGBMonths) }, "stored",
			fmt.Sprintf("the rest of the %d-day minimum storage duration", tier.MinDays))
	}
}

// fact is a figure from the price book; a missing one fails the estimate.
func (e *engine) fact(id string) float64 {
	f, err := e.book.Fact(id)
	if err != nil && e.err == nil {
		e.err = err
	}
	return f.Value
}

// lifecycleTiers lists the S3 tiers the scenario's lifecycle uses, each
// with its minimum storage duration.
func (e *engine) lifecycleTiers() []tierSpan {
	l := e.s.Lifecycle
	tiers := []tierSpan{{Name: "s3.standard"}}
	for _, t := range []tierSpan{
		{Name: "s3.standard_ia", FromAge: l.StandardIADays},
		{Name: "s3.glacier_ir", FromAge: l.GlacierIRDays},
		{Name: "s3.glacier_flexible", FromAge: l.GlacierFlexibleDays},
		{Name: "s3.deep_archive", FromAge: l.DeepArchiveDays},
	} {
		if t.FromAge > 0 {
			t.MinDays = int(e.fact(minStorageFacts[t.Name]))
			tiers = append(tiers, t)
		}
	}
	return tiers
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

// kms prices SSE-KMS: the keys, and one GenerateDataKey per delivered file.
func (e *engine) kms(b *bill, m int, payer string, keys quantityFn) {
	if !e.s.SSEKMS {
		return
	}
	objects := e.objects()
	b.add(m, "kms.keys", "kms.key", payer, "", keys, "accounts", "")
	e.kmsRequests(b, m, payer, "GenerateDataKey per file", func(in *inputs) float64 { return objects(in, m) })
}

// kmsRequests prices KMS requests after the free tier (20,000 requests a
// month), taken once for the organization: AWS Free Tier usage is counted
// across the accounts of an organization under consolidated billing, so
// the month's first request lines use it up.
func (e *engine) kmsRequests(b *bill, m int, payer, qualifier string, q quantityFn) {
	free := e.fact("kms_free_requests_per_month")
	if b.kmsRequests == nil {
		b.kmsRequests = map[int][]quantityFn{}
	}
	before := slices.Clone(b.kmsRequests[m])
	b.kmsRequests[m] = append(b.kmsRequests[m], q)
	billed := func(in *inputs) float64 {
		used := 0.0
		for _, p := range before {
			used += p(in)
		}
		return max(q(in)-max(free-used, 0), 0)
	}
	b.add(m, "kms.requests", "kms.requests", payer, qualifier, billed, "files",
		fmt.Sprintf("after the free tier of %s requests a month, taken once for the organization", groupDigits(free)))
}

// replication prices S3 replication from every account bucket to the
// central bucket: the replication PUTs and transfer (billed to the source
// accounts), and the central copy (billed to the log-archive account).
func (e *engine) replication(b *bill, m int) {
	objects := e.objects()
	b.add(m, "s3.requests", "s3.put_requests", PayerMembers, "replication", func(in *inputs) float64 { return objects(in, m) }, "files", "")
	storedGB := func(in *inputs) float64 { return in.vol[m].StoredBytes / GiB }
	if e.s.Replication == "cross-region" {
		b.add(m, "s3.replication_transfer", "s3.inter_region_transfer", PayerMembers, "", storedGB, "stored", "")
	}
	if e.s.ReplicationTimeControl {
		b.add(m, "s3.replication_time_control", "s3.replication_time_control", PayerMembers, "", storedGB, "stored", "")
	}
	if e.s.SSEKMS {
		e.kmsRequests(b, m, PayerMembers, "replication", func(in *inputs) float64 { return 2 * objects(in, m) })
	}
	e.bucket(b, m, PayerLogArchive, "central copy", e.s.CentralRetentionDays, false)
	e.kms(b, m, PayerLogArchive, func(*inputs) float64 { return 1 })
}

// constant is a quantity that does not depend on the inputs.
func constant(v float64) quantityFn { return func(*inputs) float64 { return v } }

// athena prices queries over the central bucket.
func (e *engine) athena(b *bill, m int) {
	e.athenaOverTrailBucket(b, m, "central bucket")
}

// lakePayer is the role of the account that owns the event data store.
func (e *engine) lakePayer() string {
	for _, eds := range e.d.EventDataStores {
		if eds.Account == e.s.LogArchiveAccount && eds.Account != e.d.Organization.ManagementAccount {
			return PayerLogArchive
		}
	}
	return PayerManagement
}

// lake prices an organization event data store: ingestion of the recorded
// events' uncompressed bytes, paid retention past the included 366 days
// (extendable mode), and queries.
func (e *engine) lake(b *bill, m int) {
	payer := e.lakePayer()
	lakeGB := e.fact("billing_gb_bytes_cloudtrail_lake")
	gb := func(in *inputs) float64 { return in.vol[m].EventBytes / lakeGB }
	if e.s.LakeBillingMode == LakeFixed {
		b.add(m, "lake.ingestion", "lake.ingestion_fixed", payer, "", gb, "", "")
	} else {
		b.add(m, "lake.ingestion", "lake.ingestion_extendable", payer, "", gb, "", "")
		if e.s.LakeRetentionDays > 366 {
			ratio := e.fact("lake_compression_ratio")
			retention := e.s.LakeRetentionDays
			b.add(m, "lake.retention", "lake.retention_extendable", payer, "", func(in *inputs) float64 {
				return in.store("lake", func() []storageMonth {
					return in.simulate(func(m int) (float64, float64) { return in.vol[m].EventBytes / lakeGB / ratio, 0 },
						[]tierSpan{{Name: "included"}, {Name: "paid", FromAge: 366}}, retention)
				})[m].GBMonth[1]
			}, "", "compressed size")
		}
	}
	// Insights on the event data store is billed apart from the trails'
	// (AWS's Insights cost example 3: the same 620,000 events analyzed for
	// the trail and for the event data store).
	if analyzed := e.insightsAnalyzed(m); analyzed != nil && e.s.InsightsEventDataStore {
		b.add(m, "cloudtrail.insights", "cloudtrail.insights", payer, "event data store", analyzed, "", "")
	}
	q := e.lakeQuery()
	ratio := e.fact("lake_compression_ratio")
	scanned := e.scanned(q, func(in *inputs) float64 { return in.vol[m].EventBytes / ratio }, m)
	b.add(m, "lake.query", "lake.query", payer, "", func(in *inputs) float64 { return scanned(in) / q.gbBytes }, "", "compressed data scanned")
}

// cloudWatch prices CloudTrail events delivered to CloudWatch Logs in every
// account: delivery, ingestion, storage up to retention, Logs Insights.
func (e *engine) cloudWatch(b *bill, m int) {
	cwGB := e.fact("billing_gb_bytes_cloudwatch_logs") // the recipe AWS publishes divides by 10^9
	gb := func(in *inputs) float64 { return in.vol[m].EventBytes / cwGB }
	b.add(m, "cloudwatch.delivery", "cloudwatch.delivery", PayerMembers, "", gb, "bytes", "")
	b.add(m, "cloudwatch.ingestion", "cloudwatch.ingestion", PayerMembers, "", gb, "bytes", "")
	ratio := e.fact("cloudwatch_storage_ratio")
	retention := e.s.CloudWatchRetentionDays
	b.add(m, "cloudwatch.storage", "cloudwatch.storage", PayerMembers, "", func(in *inputs) float64 {
		return in.store("cloudwatch", func() []storageMonth {
			return in.simulate(func(m int) (float64, float64) { return in.vol[m].EventBytes / cwGB * ratio, 0 },
				[]tierSpan{{Name: "stored"}}, retention)
		})[m].GBMonth[0]
	}, "bytes", "")
	q := e.cloudWatchQuery()
	scanned := e.scanned(q, func(in *inputs) float64 { return in.vol[m].EventBytes }, m)
	b.add(m, "cloudwatch.query", "cloudwatch.query", PayerLogArchive, "", func(in *inputs) float64 { return scanned(in) / q.gbBytes }, "", "")
}

// securityLakeRaw is the raw CloudTrail GB Security Lake ingests in month
// m: from every region, or (away) from the regions other than the roll-up.
func (e *engine) securityLakeRaw(in *inputs, m int, away bool) (mgmt, data float64) {
	v := in.vol[m]
	if away {
		v = in.away[m]
	}
	perEvent := 0.0
	if ev := v.Events(); ev > 0 {
		perEvent = v.EventBytes / ev
	}
	if contains(e.s.SecurityLake.Sources, "cloudtrail-management") {
		mgmt = v.Management() * perEvent / GiB
	}
	if contains(e.s.SecurityLake.Sources, "cloudtrail-data") {
		data = v.Data * perEvent / GiB
	}
	return mgmt, data
}

// securityLake prices Amazon Security Lake: ingestion and normalization
// (billed to the accounts the logs came from), OCSF Parquet storage in the
// roll-up region, roll-up transfer, the services behind it, and Athena.
func (e *engine) securityLake(b *bill, m int) {
	other := e.s.SecurityLake.OtherSourcesGBPerMonth
	mgmt := func(in *inputs) float64 { g, _ := e.securityLakeRaw(in, m, false); return g }
	data := func(in *inputs) float64 { _, g := e.securityLakeRaw(in, m, false); return g }
	all := func(in *inputs) float64 { g, d := e.securityLakeRaw(in, m, false); return g + d + other }
	// CloudTrail management events have their own rate; S3 and Lambda data
	// events are billed with the other AWS logs, on the same monthly tiers
	// (the pricing page lists them among the other logs; secondary sources
	// agree).
	b.add(m, "securitylake.ingestion", "securitylake.cloudtrail_ingestion", PayerMembers, "CloudTrail management events", mgmt, "bytes", "")
	b.add(m, "securitylake.ingestion", "securitylake.other_logs_ingestion", PayerMembers, "CloudTrail data events and other sources",
		func(in *inputs) float64 { return data(in) + other }, "bytes", "")
	b.add(m, "securitylake.normalization", "securitylake.normalization", PayerMembers, "", all, "bytes", "")
	parquet := e.fact("parquet_size_ratio")
	retention := e.s.SecurityLake.RetentionDays
	b.add(m, "securitylake.storage", "s3.standard_storage", PayerLogArchive, "OCSF Parquet in the roll-up region", func(in *inputs) float64 {
		return in.store("securitylake", func() []storageMonth {
			return in.simulate(func(m int) (float64, float64) {
				mg, da := e.securityLakeRaw(in, m, false)
				return (mg + da + other) * parquet, 0
			}, []tierSpan{{Name: "stored"}}, retention)
		})[m].GBMonth[0]
	}, "", "")
	e.rollupTransfer(b, m, func(in *inputs) float64 {
		om, od := e.securityLakeRaw(in, m, true)
		return (om + od) * parquet
	})
	b.add(m, "securitylake.other_services", "securitylake.other_services", PayerLogArchive, "", all, "", "")
	q := e.securityLakeQuery()
	scannedSL := e.scanned(q, func(in *inputs) float64 {
		g, d := e.securityLakeRaw(in, m, false)
		return (g + d + other) * parquet * GiB
	}, m)
	minBytes := e.fact("athena_min_query_bytes")
	queries := e.s.QueriesPerMonth
	b.add(m, "athena.query", "athena.query", PayerLogArchive, "Security Lake tables", func(in *inputs) float64 {
		return athenaBilled(scannedSL(in), queries, minBytes) / GiB
	}, "", "")
}

// labour prices the staff hours the scenario gives the strategy.
func (e *engine) labour(b *bill, m int, id string) {
	hours := e.s.OpsHours[id]
	if hours == 0 || e.s.OpsHourlyRate == 0 || b.err != nil {
		return
	}
	b.recipe.fixed[m] += hours * e.s.OpsHourlyRate
	b.months[m] = append(b.months[m], CostLine{
		Component: "ops.labour", Name: "Operational work", Payer: PayerPlatform, Unit: "hour",
		Quantity: hours, UnitPrice: e.s.OpsHourlyRate, Cost: hours * e.s.OpsHourlyRate,
		Rate: "scenario.ops_hourly_rate",
	})
}

// notes explain, per strategy, what the figures rest on.
func (e *engine) notes(st Strategy) []string {
	var n []string
	switch st.Family {
	case OrgTrail:
		n = append(n, "Management events: the organization trail is the free first copy in every account.")
		switch st.Variant {
		case AccessPerAccountPolicy:
			n = append(n, "Every new account needs another bucket-policy statement.")
		case AccessPolicyVariable:
			n = append(n, "One policy statement covers every account through ${aws:PrincipalAccount} and aws:PrincipalOrgID.")
		case AccessLakeFormation:
			n = append(n, "Lake Formation itself has no charge; Glue Data Catalog use is within its free tier at this size.")
		}
	case TrailsReplication, TrailsLake:
		n = append(n, "Management events: each account's own trail is its free first copy; the logs are stored in every account's bucket.")
	case CloudWatchLogs, SecurityLake:
		if e.s.KeepOrgTrailArchive {
			n = append(n, "The organization trail stays as the free S3 archive (keep_org_trail_archive).")
		}
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
	members := make([]*PayerTotal, len(e.p.Accounts)+1)
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
					if i >= len(members) || members[i] == nil {
						account := NewAccountsID
						if i < len(e.p.Accounts) {
							account = e.p.Accounts[i]
						}
						pt := get(account, "member")
						if i >= len(members) {
							add(pt, l.Cost*share)
							continue
						}
						members[i] = pt
					}
					add(members[i], l.Cost*share)
				}
			}
		}
	}
	// the largest total first, then by account and role: a total order,
	// as an account has one total per role
	order := make([]*PayerTotal, 0, len(totals))
	for _, pt := range totals {
		order = append(order, pt)
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
