package model

import (
	"fmt"
	"sync"

	"github.com/trailwise/trailwise/pricing"
)

// Prepared is a dataset made ready for many estimates under different
// scenarios, as the interactive interface runs one on every change of an
// assumption. Most of an estimate's work depends on the dataset alone:
// checking it, grouping its usage rows per account and region, fitting each
// account's daily events (least squares and the trend's t-test), and each
// calendar month's fitted days and measured volume. Prepared does that once
// and keeps it; what depends on the scenario is computed on every estimate.
//
// What the scenario changes is keyed on exactly what it depends on: the
// grouped volumes and the fits on record_data_events (which changes every
// row's volume), the fitted days and volumes on the calendar month
// (start_month and horizon_months pick the months; the accounts added by
// growth and growth itself apply on top, on every estimate). An estimate from
// a Prepared dataset is the same, to the last bit, as Estimate on it.
//
// The dataset must not change once prepared. A Prepared is safe for
// concurrent use.
type Prepared struct {
	d       *Dataset
	hasData bool // a usage row has data events: Resolve's record_data_events
	// aggregatedNote says the dataset's aggregated events are not priced
	aggregatedNote string

	measured [2]struct { // without [0] and with [1] data events, when first needed
		once sync.Once
		m    *measurement
	}
	mu    sync.Mutex
	gates map[[2]string]string // policyGate by variant and bucket: the rest is the dataset's
	table struct {             // what event selectors apply to, when first needed
		once sync.Once
		t    *volumeTable
	}
}

// volumeTable is the dataset's volume table, made once.
func (p *Prepared) volumeTable() *volumeTable {
	p.table.once.Do(func() { p.table.t = volumeEntries(p.d) })
	return p.table.t
}

// Prepare checks the dataset and makes it ready for estimates. The work
// that depends on the scenario's record_data_events waits for the first
// estimate that needs it.
func Prepare(d *Dataset) (*Prepared, error) {
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	p := &Prepared{d: d, aggregatedNote: AggregatedEventsNote(d)}
	for u := range d.Rows() {
		if u.DataEvents > 0 {
			p.hasData = true
			break
		}
	}
	return p, nil
}

// Dataset is the dataset prepared.
func (p *Prepared) Dataset() *Dataset { return p.d }

// Estimate prices every strategy on the prepared dataset under the scenario,
// as EstimateWith does.
func (p *Prepared) Estimate(s Scenario, book *pricing.Book, u Uncertainty) (*Comparison, error) {
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if err := u.validate(); err != nil {
		return nil, err
	}
	if s.RecordDataEvents == nil { // what Resolve would find, without scanning the rows again
		has := p.hasData
		s.RecordDataEvents = &has
	}
	s = s.Resolve(p.d)
	if book.Region != s.Region {
		return nil, fmt.Errorf("price book %s is for %s, but the scenario prices in %s", book.ID, book.Region, s.Region)
	}
	e := newEngine(p.d, &s, book, p.measurement(recordsData(&s)).project(p.d, &s))
	e.prep = p
	c := &Comparison{Scenario: s, Book: book, Allocation: e.allocation()}
	if err := e.priceAll(c); err != nil {
		return nil, err
	}
	e.uncertainty(c, u)
	return c, nil
}

// measurement is the dataset measured with or without data events,
// computed on first use.
func (p *Prepared) measurement(recordData bool) *measurement {
	k := 0
	if recordData {
		k = 1
	}
	m := &p.measured[k]
	m.once.Do(func() { m.m = measure(p.d, recordData) })
	return m.m
}

// Warm does ahead of time the work the first estimate with and the first
// without data events would do, the setting the dataset does not default
// to first: an interface calls it in the background, so that turning data
// events on or off answers as fast as any other change.
func (p *Prepared) Warm() {
	p.measurement(!p.hasData)
	p.measurement(p.hasData)
}

// policyGate is policyGate on the dataset's organization and member
// accounts, computed once per variant and bucket (writing out a policy of
// two statements per account takes longer than the rest of an estimate).
func (p *Prepared) policyGate(variant, bucket string) string {
	k := [2]string{variant, bucket}
	p.mu.Lock()
	defer p.mu.Unlock()
	if g, ok := p.gates[k]; ok {
		return g
	}
	e := engine{d: p.d}
	g := policyGate(variant, bucket, p.d.Organization.ID, p.d.Organization.ManagementAccount, e.memberAccounts())
	if p.gates == nil {
		p.gates = map[[2]string]string{}
	}
	p.gates[k] = g
	return g
}
