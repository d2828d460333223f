package model

import (
	"fmt"
	"sort"

	"github.com/trailwise/trailwise/pricing"
)

// ExplainOptions choose what Explain looks at.
type ExplainOptions struct {
	Account  string // one account's volume; empty: the organization
	Strategy string // one strategy; empty: every strategy
	Sources  int    // top sources shown (0: 8)
	Names    int    // event names shown per source (0: 3)
}

// Explanation is what drives the volume, and what recording less of it
// would save under each strategy.
type Explanation struct {
	Organization string   `json:"organization"`
	Account      string   `json:"account,omitempty"`
	Period       Period   `json:"period"`
	Strategies   []string `json:"strategies"`
	// Monthly is each strategy's mean monthly cost over the horizon, as the
	// scenario's selectors have it.
	Monthly []float64 `json:"monthly_usd"`
	// Events per category and Bytes: the volume explained (the account's
	// with Account).
	Events map[string]int64 `json:"events"`
	Bytes  int64            `json:"bytes"`
	// Covered is the share of the events the breakdown covers; 0 when the
	// dataset has none (rows collected without a breakdown say so here).
	Covered float64 `json:"covered"`
	// WithoutBreakdown lists the accounts whose events the breakdown does
	// not cover (in some region or all): their rows' collector could not
	// see event sources, or did not count them.
	WithoutBreakdown []string          `json:"accounts_without_breakdown,omitempty"`
	Sources          []ExplainedSource `json:"sources"`
	Candidates       []Candidate       `json:"candidates"`
	Notes            []string          `json:"notes,omitempty"`
}

// ExplainedSource is one event source's volume, its largest event names,
// and what AWS documents of it.
type ExplainedSource struct {
	EventSource string `json:"event_source"`
	// Category is the category of most of its events; Share its share
	// of that category's events.
	Category     string          `json:"category"`
	ResourceType string          `json:"resource_type,omitempty"`
	Events       int64           `json:"events"`
	Bytes        int64           `json:"bytes"`
	Share        float64         `json:"share"`
	Names        []ExplainedName `json:"event_names,omitempty"`
	Noisy        string          `json:"noisy,omitempty"`
}

// ExplainedName is one event name of a source.
type ExplainedName struct {
	EventName string  `json:"event_name"`
	Events    int64   `json:"events"`
	Bytes     int64   `json:"bytes"`
	Share     float64 `json:"share"` // of its category's events
}

// Candidate is a selector change priced: what excluding a source (or some
// of its event names) would save under each strategy, and what the
// organization would stop seeing.
type Candidate struct {
	Exclude Exclusion `json:"exclude"`
	// Savings is, per strategy (Explanation.Strategies), the USD a month
	// saved, the mean over the horizon.
	Savings []float64 `json:"savings_usd_month"`
	Best    float64   `json:"best_usd_month"`
	// Largest is, under the strategy it saves most, the cost component that
	// falls most, and by how much a month.
	Largest       string  `json:"largest_component,omitempty"`
	LargestSaving float64 `json:"largest_component_usd_month,omitempty"`
	StopSeeing    string  `json:"stop_seeing"`
	// Trails is whether a trail's advanced event selectors can make the
	// exclusion (management events: only KMS and the RDS Data API);
	// event data stores can make every one.
	Trails bool `json:"trails_can_exclude"`
}

// Exclusion is events a selector would leave out: a source's events of a
// category, or only some of its event names.
type Exclusion struct {
	EventSource string   `json:"event_source"`
	Category    string   `json:"category"`
	EventNames  []string `json:"event_names,omitempty"`
}

func (x Exclusion) String() string {
	s := "exclude " + x.EventSource
	if len(x.EventNames) > 0 {
		s += " " + joinAnd(x.EventNames)
	}
	if x.Category == CategoryData || x.Category == CategoryNetwork {
		s += " (" + x.Category + ")"
	}
	return s
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := s[0]
	for _, v := range s[1 : len(s)-1] {
		out += ", " + v
	}
	return out + " and " + s[len(s)-1]
}

// noisySources are the event sources AWS itself documents as high volume,
// and what the organization would stop seeing without them.
var noisySources = map[string][2]string{
	"kms.amazonaws.com": {"AWS documents KMS calls (Encrypt, Decrypt, GenerateDataKey) as most of the management events of many accounts; trails may exclude them (eventSource NotEquals kms.amazonaws.com)",
		"every use of a KMS key: who decrypted what, and key policy denials"},
	"rdsdata.amazonaws.com": {"AWS documents the RDS Data API as high volume; trails may exclude it (eventSource NotEquals rdsdata.amazonaws.com)",
		"every SQL statement sent through the RDS Data API"},
	"s3.amazonaws.com": {"S3 data events on the log bucket itself record CloudTrail's own deliveries and every read of the logs: exclude the log bucket by resources.ARN",
		"object-level reads and writes in S3 (GetObject, PutObject): data access and exfiltration"},
}

// Explain explains the dataset's volume and prices a candidate exclusion
// for each of its top sources (and the top names of the largest) under the
// scenario: each candidate is the scenario's selectors (or every event)
// less the excluded events, estimated without the uncertainty draws.
func Explain(d *Dataset, s Scenario, book *pricing.Book, o ExplainOptions) (*Explanation, error) {
	p, err := Prepare(d)
	if err != nil {
		return nil, err
	}
	return p.Explain(s, book, o)
}

// Explain is Explain on the prepared dataset: an interface that explains
// again after every change keeps the dataset's share of each estimate.
func (p *Prepared) Explain(s Scenario, book *pricing.Book, o ExplainOptions) (*Explanation, error) {
	d := p.d
	if o.Sources <= 0 {
		o.Sources = 8
	}
	if o.Names <= 0 {
		o.Names = 3
	}
	if o.Account != "" {
		if _, ok := d.Account(o.Account); !ok {
			return nil, fmt.Errorf("account: expected an account of the dataset, got %q", o.Account)
		}
	}
	if o.Strategy != "" && !IsStrategyID(o.Strategy) {
		return nil, fmt.Errorf("strategy: expected a strategy id, got %q", o.Strategy)
	}
	none := Uncertainty{}
	base, err := p.Estimate(s, book, none)
	if err != nil {
		return nil, err
	}
	x := &Explanation{Organization: d.Organization.ID, Account: o.Account, Period: d.Period}
	for _, r := range base.Strategies {
		if o.Strategy == "" || r.ID == o.Strategy {
			x.Strategies = append(x.Strategies, r.ID)
			x.Monthly = append(x.Monthly, monthlyMean(&r))
		}
	}
	x.volume(d, o)
	orgSources := sourcesOf(d, "", o)
	for _, ex := range x.exclusions(d, o) {
		c, err := x.candidate(p, s, book, base, ex)
		if err != nil {
			return nil, err
		}
		if o.Account != "" {
			c.scaleTo(x.share(orgSources, ex))
		}
		x.Candidates = append(x.Candidates, c)
	}
	sort.SliceStable(x.Candidates, func(i, j int) bool { return x.Candidates[i].Best > x.Candidates[j].Best })
	x.notes(d)
	return x, nil
}

func monthlyMean(r *StrategyResult) float64 {
	if len(r.Months) == 0 {
		return 0
	}
	return r.Total() / float64(len(r.Months))
}

// The classes of events explain groups sources by; a selector excludes a
// source from one class.
const (
	ClassManagement = "management"
	ClassData       = CategoryData
	ClassNetwork    = CategoryNetwork
)

func classOf(category string) string {
	if category == CategoryManagementRead || category == CategoryManagementWrite {
		return ClassManagement
	}
	return category
}

type sourceKey struct{ source, class string }

type sourceAgg struct {
	events, bytes int64
	resourceType  string
	names         map[string]*NameVolume
}

// sourcesOf sums the breakdown (of one account, or all) by source and class.
func sourcesOf(d *Dataset, account string, _ ExplainOptions) map[sourceKey]*sourceAgg {
	out := map[sourceKey]*sourceAgg{}
	for _, b := range d.Breakdown {
		if account != "" && b.Account != account {
			continue
		}
		for _, s := range b.Sources {
			k := sourceKey{s.EventSource, classOf(s.Category)}
			a := out[k]
			if a == nil {
				a = &sourceAgg{names: map[string]*NameVolume{}, resourceType: s.ResourceType}
				out[k] = a
			}
			a.events += s.Events
			a.bytes += s.Bytes
			for _, n := range s.EventNames {
				nv := a.names[n.EventName]
				if nv == nil {
					nv = &NameVolume{EventName: n.EventName}
					a.names[n.EventName] = nv
				}
				nv.Events += n.Events
				nv.Bytes += n.Bytes
			}
		}
	}
	return out
}

// volume fills the totals, the coverage and the top sources.
func (x *Explanation) volume(d *Dataset, o ExplainOptions) {
	x.Events = map[string]int64{}
	var all int64
	for u := range d.Rows() {
		if o.Account != "" && u.Account != o.Account {
			continue
		}
		for i, n := range u.categoryEvents() {
			x.Events[Categories[i]] += n
			all += n
		}
		x.Bytes += u.EventBytes
	}
	classTotal := map[string]int64{}
	for c, n := range x.Events {
		classTotal[classOf(c)] += n
	}
	aggs := sourcesOf(d, o.Account, o)
	var covered int64
	keys := make([]sourceKey, 0, len(aggs))
	for k, a := range aggs {
		covered += a.events
		if k.source != OtherSource {
			keys = append(keys, k)
		}
	}
	if all > 0 {
		x.Covered = float64(covered) / float64(all)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := aggs[keys[i]], aggs[keys[j]]
		if a.events != b.events {
			return a.events > b.events
		}
		if keys[i].source != keys[j].source {
			return keys[i].source < keys[j].source
		}
		return keys[i].class < keys[j].class
	})
	if len(keys) > o.Sources {
		keys = keys[:o.Sources]
	}
	share := func(n int64, class string) float64 {
		if classTotal[class] == 0 {
			return 0
		}
		return float64(n) / float64(classTotal[class])
	}
	x.Sources = []ExplainedSource{}
	for _, k := range keys {
		a := aggs[k]
		es := ExplainedSource{EventSource: k.source, Category: k.class, ResourceType: a.resourceType,
			Events: a.events, Bytes: a.bytes, Share: share(a.events, k.class)}
		if n, ok := noisySources[k.source]; ok && (k.source != "s3.amazonaws.com" || k.class == ClassData) {
			es.Noisy = n[0]
		}
		for _, nv := range topNamesOf(a.names, o.Names) {
			if nv.EventName == OtherSource {
				continue
			}
			es.Names = append(es.Names, ExplainedName{EventName: nv.EventName, Events: nv.Events, Bytes: nv.Bytes, Share: share(nv.Events, k.class)})
		}
		x.Sources = append(x.Sources, es)
	}
}

// exclusions are the candidates: each top source of a class a selector
// can filter, and the two largest names of the largest source and of the
// noisy ones.
func (x *Explanation) exclusions(d *Dataset, o ExplainOptions) []Exclusion {
	var out []Exclusion
	for i, s := range x.Sources {
		if s.Category != ClassManagement && s.Category != ClassData && s.Category != ClassNetwork {
			continue
		}
		out = append(out, Exclusion{EventSource: s.EventSource, Category: s.Category})
		if (i == 0 || s.Noisy != "") && len(s.Names) >= 2 {
			out = append(out, Exclusion{EventSource: s.EventSource, Category: s.Category,
				EventNames: []string{s.Names[0].EventName, s.Names[1].EventName}})
		}
	}
	return out
}

// apiCategories is the eventCategory values of a class.
var apiCategories = map[string]string{ClassManagement: "Management", ClassData: "Data", ClassNetwork: "NetworkActivity"}

// Without returns sels (nil: every event) less the excluded events: each
// selector is split in the selectors that let through what it did, except
// the exclusion.
func (x Exclusion) Without(sels []EventSelector) []EventSelector {
	if sels == nil {
		sels = []EventSelector{{}}
	}
	var out []EventSelector
	with := func(s EventSelector, fs ...FieldSelector) EventSelector {
		return EventSelector{Name: s.Name, FieldSelectors: append(append([]FieldSelector(nil), s.FieldSelectors...), fs...)}
	}
	for _, s := range sels {
		out = append(out,
			with(s, FieldSelector{Field: "eventSource", NotEquals: []string{x.EventSource}}),
			with(s, FieldSelector{Field: "eventCategory", NotEquals: []string{apiCategories[x.Category]}}))
		if len(x.EventNames) > 0 {
			out = append(out, with(s, FieldSelector{Field: "eventSource", Equals: []string{x.EventSource}},
				FieldSelector{Field: "eventName", NotEquals: x.EventNames}))
		}
	}
	return out
}

// WithoutAll returns sels (nil: every event) less the events of every
// exclusion: what Without does for one, without multiplying the selectors
// (Without applied k times makes 2^k of them). Each selector is split per
// class excluded from: that class less its excluded sources, the
// excluded names of a source less those names, and the other classes
// untouched. With no exclusion, sels is returned as it is.
func WithoutAll(sels []EventSelector, excl []Exclusion) []EventSelector {
	if len(excl) == 0 {
		return sels
	}
	if sels == nil {
		sels = []EventSelector{{}}
	}
	var classes []string
	whole := map[string][]string{}            // class → sources left out whole
	names := map[string]map[string][]string{} // class → source → names left out
	for _, ex := range excl {
		if !contains(classes, ex.Category) {
			classes = append(classes, ex.Category)
			names[ex.Category] = map[string][]string{}
		}
		if len(ex.EventNames) == 0 {
			if !contains(whole[ex.Category], ex.EventSource) {
				whole[ex.Category] = append(whole[ex.Category], ex.EventSource)
			}
			continue
		}
		names[ex.Category][ex.EventSource] = append(names[ex.Category][ex.EventSource], ex.EventNames...)
	}
	sort.Strings(classes)
	var out []EventSelector
	with := func(s EventSelector, fs ...FieldSelector) EventSelector {
		return EventSelector{Name: s.Name, FieldSelectors: append(append([]FieldSelector(nil), s.FieldSelectors...), fs...)}
	}
	var api []string
	for _, c := range classes {
		api = append(api, apiCategories[c])
	}
	for _, s := range sels {
		for _, c := range classes {
			cat := FieldSelector{Field: "eventCategory", Equals: []string{apiCategories[c]}}
			var partly []string // sources of which only names are left out
			for src := range names[c] {
				if !contains(whole[c], src) {
					partly = append(partly, src)
				}
			}
			sort.Strings(partly)
			out = append(out, with(s, cat, FieldSelector{Field: "eventSource", NotEquals: append(append([]string(nil), whole[c]...), partly...)}))
			for _, src := range partly {
				out = append(out, with(s, cat, FieldSelector{Field: "eventSource", Equals: []string{src}},
					FieldSelector{Field: "eventName", NotEquals: names[c][src]}))
			}
		}
		out = append(out, with(s, FieldSelector{Field: "eventCategory", NotEquals: api}))
	}
	return out
}

// candidate prices one exclusion under every strategy.
func (x *Explanation) candidate(p *Prepared, s Scenario, book *pricing.Book, base *Comparison, ex Exclusion) (Candidate, error) {
	c := Candidate{Exclude: ex, StopSeeing: stopSeeing(ex)}
	c.Trails = ex.Category != ClassManagement || len(ex.EventNames) == 0 &&
		(ex.EventSource == "kms.amazonaws.com" || ex.EventSource == "rdsdata.amazonaws.com")
	cs := s
	cs.EventSelectors = map[string][]EventSelector{}
	for _, st := range Strategies(&s) {
		cs.EventSelectors[st.ID] = ex.Without(s.EventSelectors[st.ID])
	}
	cut, err := p.Estimate(cs, book, Uncertainty{})
	if err != nil {
		return c, err
	}
	best := ""
	for _, id := range x.Strategies {
		b, _ := base.Strategy(id)
		a, _ := cut.Strategy(id)
		saving := monthlyMean(b) - monthlyMean(a)
		c.Savings = append(c.Savings, saving)
		if saving > c.Best || best == "" {
			c.Best, best = saving, id
		}
	}
	if best != "" {
		b, _ := base.Strategy(best)
		a, _ := cut.Strategy(best)
		c.Largest, c.LargestSaving = largestFall(b, a)
	}
	return c, nil
}

// largestFall is the component whose monthly mean falls most from b to a.
func largestFall(b, a *StrategyResult) (string, float64) {
	sum := func(r *StrategyResult) map[string]float64 {
		m := map[string]float64{}
		for _, mc := range r.Months {
			for _, l := range mc.Lines {
				m[l.Component] += l.Cost / float64(len(r.Months))
			}
		}
		return m
	}
	before, after := sum(b), sum(a)
	comps := make([]string, 0, len(before))
	for k := range before {
		comps = append(comps, k)
	}
	sort.Strings(comps)
	name, fall := "", 0.0
	for _, k := range comps {
		if f := before[k] - after[k]; f > fall+1e-9 {
			name, fall = k, f
		}
	}
	return name, fall
}

func stopSeeing(ex Exclusion) string {
	if n, ok := noisySources[ex.EventSource]; ok && len(ex.EventNames) == 0 &&
		(ex.EventSource != "s3.amazonaws.com" || ex.Category == ClassData) {
		return n[1]
	}
	what := "the " + ex.Category + " events"
	if len(ex.EventNames) > 0 {
		what = joinAnd(ex.EventNames) + " calls"
	}
	return fmt.Sprintf("%s of %s: who made them, from where, and which failed", what, ex.EventSource)
}

// share is the account's part of the organization's excluded events.
func (x *Explanation) share(org map[sourceKey]*sourceAgg, ex Exclusion) float64 {
	a := org[sourceKey{ex.EventSource, ex.Category}]
	if a == nil || a.events == 0 {
		return 0
	}
	var mine int64
	for _, s := range x.Sources {
		if s.EventSource == ex.EventSource && s.Category == ex.Category {
			mine = s.Events
			if len(ex.EventNames) > 0 {
				mine = 0
				var orgNames int64
				for _, n := range s.Names {
					if contains(ex.EventNames, n.EventName) {
						mine += n.Events
					}
				}
				for _, n := range ex.EventNames {
					if nv := a.names[n]; nv != nil {
						orgNames += nv.Events
					}
				}
				if orgNames == 0 {
					return 0
				}
				return float64(mine) / float64(orgNames)
			}
		}
	}
	return float64(mine) / float64(a.events)
}

// scaleTo keeps f of the savings: one account's part.
func (c *Candidate) scaleTo(f float64) {
	for i := range c.Savings {
		c.Savings[i] *= f
	}
	c.Best *= f
	c.LargestSaving *= f
}

func (x *Explanation) notes(d *Dataset) {
	missing := withoutBreakdown(d, x.Account)
	x.WithoutBreakdown = missing.accounts
	switch {
	case len(d.Breakdown) == 0:
		x.Notes = append(x.Notes, fmt.Sprintf("The dataset has no breakdown by event source (its rows come from %s). 'trailwise collect --from-dir' over the logs, or 'collect --engine athena' or 'lake', fills it; Cost Explorer and the S3 listing cannot.", joinAnd(missing.sources)))
	case x.Account != "" && len(missing.regions) > 0 && x.Covered == 0:
		x.Notes = append(x.Notes, fmt.Sprintf("Account %s has no breakdown by event source (its rows come from %s): its sources, names and selector savings cannot be shown; the organization's explanation prices its events as having the others' mix.", x.Account, joinAnd(missing.sources)))
	case len(missing.regions) > 0:
		x.Notes = append(x.Notes, fmt.Sprintf("No breakdown by event source for %d account-region(s) of %s (rows from %s): the breakdown covers %.1f%% of the events, and selectors price the rest as having the same mix.",
			len(missing.regions), missing.accountList(3), joinAnd(missing.sources), 100*x.Covered))
	}
	if n := sampledBreakdowns(d, x.Account); n > 0 {
		x.Notes = append(x.Notes, fmt.Sprintf("The breakdown of %d account-region(s) is scaled from a sample of their events (LookupEvents): a mix, not a count.", n))
	}
	if x.Account != "" {
		x.Notes = append(x.Notes, "Savings for one account are the organization's, in proportion to the account's part of the excluded events.")
	}
	x.Notes = append(x.Notes, "Savings are USD a month, the mean over the horizon, with the scenario's other assumptions; the figures of each strategy follow the volume its selectors record.")
}

// missingBreakdown is the account-regions with events but no breakdown,
// their accounts and the sources their rows name.
type missingBreakdown struct {
	regions, accounts, sources []string
}

// withoutBreakdown finds the account-regions (of one account, or all) whose
// rows have events but which the breakdown does not cover.
func withoutBreakdown(d *Dataset, account string) missingBreakdown {
	type key struct{ account, region string }
	covered := map[key]bool{}
	for _, b := range d.Breakdown {
		covered[key{b.Account, b.Region}] = true
	}
	var m missingBreakdown
	seen := map[string]bool{}
	for u := range d.Rows() {
		k := key{u.Account, u.Region}
		if account != "" && u.Account != account || covered[k] || u.Events()+u.AggregatedEvents == 0 {
			continue
		}
		if r := "r:" + u.Account + " " + u.Region; !seen[r] {
			seen[r] = true
			m.regions = append(m.regions, u.Account+" "+u.Region)
		}
		if a := "a:" + u.Account; !seen[a] {
			seen[a] = true
			m.accounts = append(m.accounts, u.Account)
		}
		if src := "s:" + u.Source; !seen[src] && u.Source != "" {
			seen[src] = true
			m.sources = append(m.sources, u.Source)
		}
	}
	sort.Strings(m.accounts)
	sort.Strings(m.sources)
	if len(m.sources) == 0 {
		m.sources = []string{"a collector"}
	}
	return m
}

// accountList names the first n accounts, and how many more.
func (m missingBreakdown) accountList(n int) string {
	word := "account "
	if len(m.accounts) > 1 {
		word = "accounts "
	}
	if len(m.accounts) <= n {
		return word + joinAnd(m.accounts)
	}
	return fmt.Sprintf("%s%s and %d more", word, joinComma(m.accounts[:n]), len(m.accounts)-n)
}

func joinComma(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ", "
		}
		out += v
	}
	return out
}

// sampledBreakdowns counts the breakdowns (of one account, or all) scaled
// from a sample.
func sampledBreakdowns(d *Dataset, account string) int {
	n := 0
	for _, b := range d.Breakdown {
		if b.Sampled && (account == "" || b.Account == account) {
			n++
		}
	}
	return n
}

// TrailSelectors writes advanced event selectors, valid for
// PutEventSelectors on a trail and for an event data store, that record
// what the dataset measured less the exclusions a trail can make: the
// management events (less KMS or the RDS Data API), the data events of
// each resource type measured (less the excluded sources or names), and the
// network activity events of each source measured. Notes say what could
// not be written.
func TrailSelectors(d *Dataset, excl []Exclusion) ([]EventSelector, []string) {
	var notes []string
	mgmt := EventSelector{Name: "Management events", FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}}
	var notMgmt []string
	for _, ex := range excl {
		if ex.Category != ClassManagement {
			continue
		}
		if len(ex.EventNames) > 0 || (ex.EventSource != "kms.amazonaws.com" && ex.EventSource != "rdsdata.amazonaws.com") {
			notes = append(notes, ex.String()+": a trail cannot exclude it (management events: only kms.amazonaws.com and rdsdata.amazonaws.com); an event data store's eventName and eventSource selectors can")
			continue
		}
		notMgmt = append(notMgmt, ex.EventSource)
	}
	if len(notMgmt) > 0 {
		mgmt.Name += " without " + joinAnd(notMgmt)
		mgmt.FieldSelectors = append(mgmt.FieldSelectors, FieldSelector{Field: "eventSource", NotEquals: notMgmt})
	}
	out := []EventSelector{mgmt}
	types, network, unknown := measuredKinds(d)
	for _, t := range types {
		sel := EventSelector{Name: "Data events: " + t, FieldSelectors: []FieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{t}}}}
		dropped := false
		for _, ex := range excl {
			if ex.Category != ClassData || DataResourceType(ex.EventSource) != t {
				continue
			}
			if len(ex.EventNames) == 0 {
				dropped = true
				break
			}
			sel.FieldSelectors = append(sel.FieldSelectors, FieldSelector{Field: "eventName", NotEquals: ex.EventNames})
			sel.Name += " without " + joinAnd(ex.EventNames)
		}
		if !dropped {
			out = append(out, sel)
		}
	}
	for _, src := range network {
		excluded := false
		for _, ex := range excl {
			excluded = excluded || ex.Category == ClassNetwork && ex.EventSource == src && len(ex.EventNames) == 0
		}
		if !excluded {
			out = append(out, EventSelector{Name: "Network activity: " + src, FieldSelectors: []FieldSelector{
				{Field: "eventCategory", Equals: []string{"NetworkActivity"}}, {Field: "eventSource", Equals: []string{src}}}})
		}
	}
	if unknown > 0 {
		notes = append(notes, fmt.Sprintf("%d data events of sources whose resources.type is not known are not selected: add their selectors by hand", unknown))
	}
	return out, notes
}

// measuredKinds lists the data resource types and network sources the
// breakdown measured, and the data events of no known type.
func measuredKinds(d *Dataset) (types, network []string, unknown int64) {
	seenT, seenN := map[string]bool{}, map[string]bool{}
	for _, b := range d.Breakdown {
		for _, s := range b.Sources {
			switch {
			case s.Category == CategoryData && s.ResourceType != "":
				seenT[s.ResourceType] = true
			case s.Category == CategoryData:
				unknown += s.Events
			case s.Category == CategoryNetwork && s.EventSource != OtherSource:
				seenN[s.EventSource] = true
			}
		}
	}
	for t := range seenT {
		types = append(types, t)
	}
	for n := range seenN {
		network = append(network, n)
	}
	sort.Strings(types)
	sort.Strings(network)
	return types, network, unknown
}
