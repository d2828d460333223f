package tui

import (
	"fmt"
	"time"

	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

// Engine recomputes what the pages show: a full estimate when an assumption
// changes, a re-rank alone when a weight changes. It is safe to call from a
// tea.Cmd: it holds no state that a recompute changes.
type Engine struct {
	data     *model.Dataset
	prep     *model.Prepared // the dataset's share of every estimate, done once
	prepErr  error           // why the dataset cannot be estimated
	name     string
	crit     *model.CriteriaSet
	mc       model.Uncertainty
	version  string
	when     time.Time
	digest   func() string  // the dataset's, computed once beside the first estimate: it never changes
	shell    *model.Dataset // the dataset without its usage rows, for report.Build
	accounts []accountInfo
}

// accountInfo is what the Accounts page knows of an account beyond what it pays.
type accountInfo struct {
	ID, Name, OU string
	EventsPerDay float64
}

// NewEngine prepares the recomputations for one dataset.
func NewEngine(d *model.Dataset, name string, crit *model.CriteriaSet, mc model.Uncertainty, version string, when time.Time) *Engine {
	if crit == nil {
		crit = model.DefaultCriteria()
	}
	e := &Engine{data: d, name: name, crit: crit, mc: mc, version: version, when: when}
	e.digest = report.DatasetDigestAside(d)
	e.prep, e.prepErr = model.Prepare(d)
	shell := *d.WithoutRows()
	shell.Breakdown = nil // it adds up to the rows the shell leaves out
	e.shell = &shell
	events := map[string]float64{}
	for u := range d.Rows() {
		events[u.Account] += float64(u.Events())
	}
	days := float64(d.Period.Days())
	if days < 1 {
		days = 1
	}
	for _, a := range d.Accounts {
		e.accounts = append(e.accounts, accountInfo{ID: a.ID, Name: a.Name, OU: a.OU, EventsPerDay: events[a.ID] / days})
	}
	return e
}

// Warm measures ahead what turning data events on or off would need, so
// that the change answers as fast as any other. The interface runs it once
// its first frame is on screen: at 10,000 accounts it is seconds of work
// that the first ranking does not need.
func (e *Engine) Warm() {
	if e.prepErr == nil {
		e.prep.Warm()
	}
}

// Estimate prices every strategy under the scenario and builds the report
// document (without its ranking section). The dataset's digest is computed
// once, beside the first estimate (NewEngine): hashing 70,000 usage rows
// again on every keypress would cost more than the estimate itself. So is the dataset's share of
// the estimate (model.Prepare: the checks, the per-account volumes and
// fits), which does not change with the scenario.
func (e *Engine) Estimate(s model.Scenario) (*model.Comparison, *report.Document, error) {
	return e.estimate(s, e.mc)
}

// Point is Estimate without the Monte Carlo band: the point estimates, which
// are all the ranking needs, in a third of the time.
func (e *Engine) Point(s model.Scenario) (*model.Comparison, *report.Document, error) {
	return e.estimate(s, model.Uncertainty{Draws: 0, Seed: e.mc.Seed})
}

func (e *Engine) estimate(s model.Scenario, mc model.Uncertainty) (*model.Comparison, *report.Document, error) {
	if err := s.Validate(); err != nil {
		return nil, nil, err
	}
	book, err := pricing.ForRegion(s.Region)
	if err != nil {
		return nil, nil, err
	}
	if e.prepErr != nil {
		return nil, nil, fmt.Errorf("%s: %w", e.name, e.prepErr)
	}
	c, err := e.prep.Estimate(s, book, mc)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", e.name, err)
	}
	// The bills per account are spread when a view or an export asks for
	// them (report.WithBills): at 10,000 accounts they are most of the
	// document's cost, and the costs and ranking pages never read them.
	meta := report.Meta{DatasetName: e.name, Version: e.version, GeneratedAt: e.when, DatasetDigest: e.digest()}
	doc, err := report.BuildDeferred(c, e.shell, meta)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", e.name, err)
	}
	doc.Inputs.Dataset.UsageRows = e.data.RowCount()
	return c, doc, nil
}

// Rank orders the comparison's strategies by the weights: the only work a
// weight change needs.
func (e *Engine) Rank(c *model.Comparison, w model.Weights, method, preset string) (*report.Ranking, error) {
	r, err := model.Rank(c, e.crit, w, method)
	if err != nil {
		return nil, err
	}
	return report.BuildRanking(r, report.RankingMeta{Preset: preset}), nil
}

// Criteria is the criteria set the engine ranks with.
func (e *Engine) Criteria() *model.CriteriaSet { return e.crit }

// Explain says what drives the volume under s, for the organization or one
// account (account ""), and prices each candidate selector, as 'trailwise
// explain' does, on the prepared dataset: a few point estimates, no draws.
func (e *Engine) Explain(s model.Scenario, account string) (*model.Explanation, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	book, err := pricing.ForRegion(s.Region)
	if err != nil {
		return nil, err
	}
	if e.prepErr != nil {
		return nil, fmt.Errorf("%s: %w", e.name, e.prepErr)
	}
	return e.prep.Explain(s, book, model.ExplainOptions{Account: account})
}

// busiest is the account with the most events a day, or "".
func (e *Engine) busiest() string {
	id, most := "", -1.0
	for _, a := range e.accounts {
		if a.EventsPerDay > most {
			id, most = a.ID, a.EventsPerDay
		}
	}
	return id
}

// hasAccount reports whether the dataset has the account.
func (e *Engine) hasAccount(id string) bool {
	for _, a := range e.accounts {
		if a.ID == id {
			return true
		}
	}
	return false
}
