package model

import (
	"sync"

	"github.com/trailwise/trailwise/pricing"
)

// Payers: who AWS bills for a line. Central roles are single accounts; the
// members role is spread over member accounts by each line's driver.
const (
	PayerManagement = "management"    // the organization's management account
	PayerLogArchive = "log-archive"   // the account owning the central bucket
	PayerMembers    = "members"       // each member account, for its own share
	PayerPlatform   = "platform-team" // staff time, not an AWS bill
)

// NewAccountsID names the accounts that account growth adds, in payer lists.
const NewAccountsID = "new-accounts"

// Comparison is every strategy priced on one dataset and scenario.
type Comparison struct {
	Scenario   Scenario         // resolved: every default filled
	Book       *pricing.Book    // the price book used
	Strategies []StrategyResult // in display order
	// Uncertainty is the Monte Carlo run behind the bands (Draws 0: none).
	Uncertainty Uncertainty
	// Allocation is how a line is spread over the accounts: per month,
	// each driver's account shares.
	Allocation Allocation
	// Leftovers are the trails the organization has that the strategies
	// do not need, with what keeping each costs under every strategy.
	Leftovers []LeftoverTrail
}

// Allocation spreads a cost line over accounts by its driver: the member
// accounts' part of a members line, and the accounts' share of volume behind
// a central line (chargeback).
type Allocation struct {
	// Accounts are the accounts with projected usage, sorted, then
	// NewAccountsID for the accounts growth adds.
	Accounts []string
	// Months holds, per month, each driver's shares of Accounts: they sum
	// to 1, or are all 0 when nothing drives them that month.
	Months []map[string][]float64
}

// Drivers lists the drivers a line can be spread by, in a fixed order:
// events (management, data, network), uncompressed event bytes, stored
// bytes, delivered files, accounts, and the paid management copies of
// leftover trails kept beside an organization trail, beside the accounts'
// own trails, or where the strategy has no trail.
var Drivers = []string{"management", "data", "network", "bytes", "stored", "files", "accounts", "duplicates-org", "duplicates-account", "duplicates-none"}

// DefaultDriver is the driver of a line that names none (queries, CloudTrail
// Lake, Security Lake storage, staff time): the accounts' share of event
// bytes.
const DefaultDriver = "bytes"

// StrategyResult is one strategy's monthly cost over the horizon.
type StrategyResult struct {
	Strategy
	Available         bool
	UnavailableReason string
	Notes             []string
	Months            []MonthCost
	// payers totals what each account pays, when first asked (Payers):
	// at thousands of accounts it is a large share of an estimate.
	payers *lazyPayers
	// ProbabilityCheapest is the share of the Monte Carlo draws in which
	// the strategy has the lowest cost over the horizon among the available
	// strategies (0 for an unavailable one; the available ones sum to 1).
	ProbabilityCheapest float64
	// FirstYearP10, FirstYearP50 and FirstYearP90 are the percentiles of
	// the first-year cost (FirstYear) over the Monte Carlo draws.
	FirstYearP10, FirstYearP50, FirstYearP90 float64
}

// MonthCost is one calendar month of a strategy.
type MonthCost struct {
	Month string // YYYY-MM
	Total float64
	// P10, P50 and P90 are the month's cost percentiles over the Monte
	// Carlo draws; Total is the point estimate.
	P10, P50, P90 float64
	Lines         []CostLine
}

// CostLine is one priced quantity, like an Infracost cost component:
// Cost = Quantity × UnitPrice, Quantity in Unit.
type CostLine struct {
	Component string // e.g. s3.storage
	Name      string // what it is, e.g. "S3 Standard storage (central bucket)"
	Payer     string // a payer role
	Unit      string
	Quantity  float64
	UnitPrice float64
	Cost      float64
	Rate      string // the price book rate id
	Fallback  bool   // priced from the fallback book: the region's rate is unknown
	Note      string
	// Driver names the Allocation shares that spread the line over
	// accounts; empty for lines driven by none (DefaultDriver applies).
	Driver string

	shares []float64 // for PayerMembers: each account's share (last: new accounts)
}

// PayerTotal is what one account pays under a strategy.
type PayerTotal struct {
	Account    string
	Name       string
	Role       string
	FirstMonth float64
	Total      float64 // over the horizon
}

// Total is the cost over the whole horizon.
func (r *StrategyResult) Total() float64 {
	sum := 0.0
	for _, m := range r.Months {
		sum += m.Total
	}
	return sum
}

// FirstYear is the cost of the first twelve months (or the horizon, if shorter).
func (r *StrategyResult) FirstYear() float64 {
	sum := 0.0
	for i, m := range r.Months {
		if i == 12 {
			break
		}
		sum += m.Total
	}
	return sum
}

// Strategy returns the result with the id.
func (c *Comparison) Strategy(id string) (*StrategyResult, bool) {
	for i := range c.Strategies {
		if c.Strategies[i].ID == id {
			return &c.Strategies[i], true
		}
	}
	return nil, false
}

// lazyPayers computes a strategy's payer totals once, when first asked.
type lazyPayers struct {
	once  sync.Once
	total func() []PayerTotal
	out   []PayerTotal
}

// Payers is what each paying account pays under the strategy over the
// horizon, largest first: central roles as one account each, the members'
// lines spread by their shares. It is computed on first call.
func (r *StrategyResult) Payers() []PayerTotal {
	if r.payers == nil {
		return nil
	}
	r.payers.once.Do(func() { r.payers.out, r.payers.total = r.payers.total(), nil })
	return r.payers.out
}
