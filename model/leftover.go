package model

import (
	"fmt"
	"slices"
	"strings"
)

// Leftover trails are the trails an organization already has that a
// strategy does not need: account trails beside an organization trail, an
// organization trail beside per-account trails, second trails in an
// account. CloudTrail bills every copy of a management event after the
// first in each account and region (AWS CloudTrail pricing: "additional
// copies of management events"), so a leftover trail costs what it records
// where another trail already records it.

// Settings of leftover_trails.
const (
	LeftoverRemove = "remove" // each strategy priced as adopted, leftovers removed
	LeftoverKeep   = "keep"   // leftover trails stay, and their paid copies are in the price
)

// firstCopy is which trail gives a strategy its free first copy of
// management events.
type firstCopy int

const (
	firstCopyOrgTrail      firstCopy = iota // an organization trail: every account and region
	firstCopyAccountTrails                  // each account's own trail: every region
	firstCopyNone                           // no trail records management events
	nFirstCopies
)

// copyDrivers names the shares that spread each kind's paid copies.
var copyDrivers = [nFirstCopies]string{"duplicates-org", "duplicates-account", "duplicates-none"}

// firstCopyOf is the trail that records a strategy's management events.
func (s *Scenario) firstCopyOf(st Strategy) firstCopy {
	return familyOf(st.Family).firstCopy(s, st)
}

// recordsManagement says whether a trail records management events of the
// kind (read true: read-only events).
func (t Trail) recordsManagement(read bool) bool {
	switch t.ManagementEvents {
	case "all":
		return true
	case "read":
		return read
	case "write":
		return !read
	}
	return false
}

// covers says whether the trail records events of account in region.
func (t Trail) covers(account, region string) bool {
	return (t.Organization || t.Account == account) && (t.MultiRegion || t.HomeRegion == region)
}

// Scope is what the trail records, in words: "write management events in
// us-east-1".
func (t Trail) Scope() string {
	kind := "all management events"
	switch t.ManagementEvents {
	case "read":
		kind = "read-only management events"
	case "write":
		kind = "write management events"
	case "none":
		kind = "no management events"
	}
	where := "in every region"
	if !t.MultiRegion {
		where = "in " + t.HomeRegion
	}
	if t.Organization {
		where += " of every account"
	}
	if len(t.ExcludedEventSources) > 0 {
		kind += " except " + strings.Join(t.ExcludedEventSources, ", ")
	}
	return kind + " " + where
}

// leftovers lists, by index in trails, the trails recording management
// events that stay beside a strategy's own first copy. The strategy takes
// over one existing trail where it can (it is reconfigured to be the
// strategy's own): the first organization trail, or each account's first
// trail, a multi-region trail recording all management events preferred.
func leftovers(trails []Trail, fc firstCopy) []int {
	takenOver := map[int]bool{}
	switch fc {
	case firstCopyOrgTrail:
		if i := widest(trails, func(t Trail) bool { return t.Organization }); i >= 0 {
			takenOver[i] = true
		}
	case firstCopyAccountTrails:
		seen := map[string]bool{}
		for _, t := range trails {
			if t.Organization || seen[t.Account] {
				continue
			}
			seen[t.Account] = true
			account := t.Account
			takenOver[widest(trails, func(t Trail) bool { return !t.Organization && t.Account == account })] = true
		}
	}
	var out []int
	for i, t := range trails {
		if !takenOver[i] && t.ManagementEvents != "none" {
			out = append(out, i)
		}
	}
	return out
}

// widest is the index of the trail among those keep accepts that records
// the most (multi-region before single-region, all management events before
// read or write), the first of equals; −1 when none records management
// events.
func widest(trails []Trail, keep func(Trail) bool) int {
	best, bestScore := -1, 0
	for i, t := range trails {
		if !keep(t) || t.ManagementEvents == "none" {
			continue
		}
		score := 1
		if t.ManagementEvents == "all" {
			score++
		}
		if t.MultiRegion {
			score += 2
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// trailCopies is, per leftover trail, the paid management-event copies it
// adds per day, per measured account and for one account added by growth.
type trailCopies struct {
	trail      int       // index in Dataset.Trails
	perAccount []float64 // daily paid events per account (projection order)
	newAccount float64   // daily paid events in one account added by growth
}

// paidCopies works out which of the leftover trails' events are paid
// copies. A copy is paid when another trail already records the same event
// in that account and region: the strategy's own trail, or a leftover
// earlier in the dataset's order (where the strategy has no trail, the
// first leftover's copy is the free one).
//
// A trail whose selectors exclude event sources records, in each account
// and region, its events less those sources' share of them as the
// dataset's breakdown measures it (without a breakdown, every event).
func (p *projection) paidCopies(d *Dataset, fc firstCopy) []trailCopies {
	trails := d.Trails
	kept := keptShares(d)
	own := copiesBefore(fc)
	var measured []trailCopies
	if p.ms != nil { // the measured accounts' part depends on the measurement alone: counted once
		c := &p.ms.copies[fc]
		c.once.Do(func() { c.per = p.measuredCopies(trails, fc, kept) })
		measured = c.per
	} else {
		measured = p.measuredCopies(trails, fc, kept)
	}
	out := slices.Clone(measured) // perAccount is shared, read only
	// an account added by growth has only what an organization trail records
	for _, r := range p.NewRegions {
		p.countCopies(trails, out, own, "", r, p.NewProfile[r], kept, func(tc *trailCopies, v float64) { tc.newAccount += v })
	}
	return out
}

// copiesBefore is how many copies of an event are recorded before the
// leftover trails': the strategy's own, if it has one.
func copiesBefore(fc firstCopy) int {
	if fc != firstCopyNone {
		return 1
	}
	return 0
}

// measuredCopies is paidCopies for the measured accounts alone (newAccount
// zero).
func (p *projection) measuredCopies(trails []Trail, fc firstCopy, kept keptFn) []trailCopies {
	left := leftovers(trails, fc)
	own := copiesBefore(fc)
	out := make([]trailCopies, len(left))
	for k, ti := range left {
		out[k] = trailCopies{trail: ti, perAccount: make([]float64, len(p.Accounts))}
	}
	for i, id := range p.Accounts {
		for _, r := range p.Regions[i] {
			p.countCopies(trails, out, own, id, r, p.PerRegion[i][r], kept, func(tc *trailCopies, v float64) { tc.perAccount[i] += v })
		}
	}
	return out
}

// countCopies adds, for one account and region, each leftover's paid
// read and write events; own is the copies recorded before the leftovers.
func (p *projection) countCopies(trails []Trail, out []trailCopies, own int, account, region string, v Volume, kept keptFn, add func(*trailCopies, float64)) {
	for _, read := range []bool{true, false} {
		events := v.ManagementWrite
		if read {
			events = v.ManagementRead
		}
		copies := own
		for k := range out {
			t := trails[out[k].trail]
			if !t.recordsManagement(read) || !t.covers(account, region) || (account == "" && !t.Organization) {
				continue
			}
			if copies > 0 {
				add(&out[k], events*kept(account, region, read, t.ExcludedEventSources))
			}
			copies++
		}
	}
}

// LeftoverTrail is one trail an organization has that a strategy does not
// need, and what keeping it costs under each strategy.
type LeftoverTrail struct {
	Trail Trail
	// Costs is what the trail's paid management-event copies cost under
	// each strategy, in the order of Comparison.Strategies.
	Costs []LeftoverCost
	Notes []string // what the figures cannot see
}

// LeftoverCost is what keeping a leftover trail costs under one strategy.
type LeftoverCost struct {
	Strategy string
	// Leftover says whether the trail is a leftover under the strategy;
	// a strategy that takes it over as its own first copy has no cost.
	Leftover bool
	Months   []float64 // per projected month
}

// FirstYear is the cost over the first twelve months (or the horizon).
func (c LeftoverCost) FirstYear() float64 {
	sum := 0.0
	for _, v := range c.Months[:min(12, len(c.Months))] {
		sum += v
	}
	return sum
}

// leftoverFindings prices every leftover trail under every strategy, from
// the point estimate's paid copies.
func (e *engine) leftoverFindings(strategies []Strategy) []LeftoverTrail {
	rate, err := e.book.Rate("cloudtrail.management_events_paid")
	if err != nil {
		return nil
	}
	n := len(e.p.Months)
	// each leftover trail's monthly cost, per first-copy kind used
	var monthly [nFirstCopies]map[int][]float64
	var order []int
	for _, st := range strategies {
		fc := e.s.firstCopyOf(st)
		if monthly[fc] != nil {
			continue
		}
		monthly[fc] = map[int][]float64{}
		for _, tc := range e.copies[fc] {
			if !slices.Contains(order, tc.trail) {
				order = append(order, tc.trail)
			}
			costs := make([]float64, n)
			for m := range n {
				costs[m] = rateCost(&rate.Rate, e.p.copyEvents(tc.perAccount, tc.newAccount, m)/1e5)
			}
			monthly[fc][tc.trail] = costs
		}
	}
	slices.Sort(order)
	out := make([]LeftoverTrail, 0, len(order))
	for _, ti := range order {
		lt := LeftoverTrail{Trail: e.d.Trails[ti], Notes: leftoverNotes(e.d.Trails[ti], len(e.d.Breakdown) > 0)}
		for _, st := range strategies {
			costs, leftover := monthly[e.s.firstCopyOf(st)][ti]
			if !leftover {
				costs = make([]float64, n)
			}
			lt.Costs = append(lt.Costs, LeftoverCost{Strategy: st.ID, Leftover: leftover, Months: costs})
		}
		out = append(out, lt)
	}
	return out
}

// leftoverNotes says what the estimate of a leftover trail cannot see.
func leftoverNotes(t Trail, breakdown bool) []string {
	var n []string
	if len(t.ExcludedEventSources) > 0 && breakdown {
		n = append(n, fmt.Sprintf("its selectors exclude %s: its copies leave out those sources' share of each account and region's management events, as the breakdown measures it (the share of all its regions where the breakdown lacks one)",
			strings.Join(t.ExcludedEventSources, ", ")))
	} else if len(t.ExcludedEventSources) > 0 {
		n = append(n, fmt.Sprintf("its selectors exclude %s, but the dataset has no per-source breakdown: priced as recording every management event (an upper bound)",
			strings.Join(t.ExcludedEventSources, ", ")))
	}
	if t.DataEvents {
		n = append(n, "it also records data events, which are not measured per trail and not priced here (each copy of a data event is billed)")
	}
	n = append(n, "its own bucket's storage and requests are not priced")
	return n
}

// copyEvents is the events over month m of daily copies per account and
// per account added by growth.
func (p *projection) copyEvents(perAccount []float64, newAccount float64, m int) float64 {
	mi := p.Months[m]
	sum := 0.0
	for i, v := range perAccount {
		sum += v * p.Factor[i][m]
	}
	sum += newAccount * mi.NewAccounts * float64(mi.Days)
	return sum * mi.Growth
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
	sum := 0.0
	for _, tc := range dc.trails {
		t := e.d.Trails[tc.trail]
		payer := t.Account
		if t.Organization {
			payer = e.d.Organization.ManagementAccount
		}
		j, ok := e.position(payer)
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

// keptFn is the share of an account and region's read (or write)
// management events a trail records when it excludes the sources.
type keptFn func(account, region string, read bool, excluded []string) float64

// keptShares reads the shares from the dataset's breakdown: per account
// and region where it has one, else over the whole breakdown; 1 without a
// breakdown or exclusions.
func keptShares(d *Dataset) keptFn {
	if len(d.Breakdown) == 0 || !slices.ContainsFunc(d.Trails, func(t Trail) bool { return len(t.ExcludedEventSources) > 0 }) {
		return func(string, string, bool, []string) float64 { return 1 }
	}
	type key struct{ account, region string }
	index := map[key]*Breakdown{}
	for i := range d.Breakdown {
		b := &d.Breakdown[i]
		index[key{b.Account, b.Region}] = b
	}
	share := func(bs []*Breakdown, read bool, excluded []string) float64 {
		cat := CategoryManagementWrite
		if read {
			cat = CategoryManagementRead
		}
		var all, out int64
		for _, b := range bs {
			for _, s := range b.Sources {
				if s.Category != cat {
					continue
				}
				all += s.Events
				if contains(excluded, s.EventSource) {
					out += s.Events
				}
			}
		}
		if all == 0 {
			return 1
		}
		return 1 - float64(out)/float64(all)
	}
	every := make([]*Breakdown, len(d.Breakdown))
	for i := range d.Breakdown {
		every[i] = &d.Breakdown[i]
	}
	return func(account, region string, read bool, excluded []string) float64 {
		if len(excluded) == 0 {
			return 1
		}
		if b, ok := index[key{account, region}]; ok {
			return share([]*Breakdown{b}, read, excluded)
		}
		return share(every, read, excluded)
	}
}
