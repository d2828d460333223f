// Package report turns a computed model.Comparison into the versioned report
// document (trailwise.report/v1) and renders that document as JSON, CSV,
// Markdown or a terminal table. Every view is rendered from the document, so
// a saved JSON report can be re-rendered without recomputing.
package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/model"
)

// Schema is the report document's schema id.
const Schema = "trailwise.report/v1"

// Document is the whole computed result, as written to JSON. Every figure in
// it is held at the precision it is written with, and the figures add up
// exactly as written: a month's total is the sum of its lines' costs, the
// totals are sums of months, and the accounts' and chargeback amounts are
// the lines spread over the accounts with no cent lost. So every view
// rendered from a saved report is the view rendered from the fresh one.
type Document struct {
	Schema      string     `json:"schema"`
	Tool        Tool       `json:"tool"`
	GeneratedAt string     `json:"generated_at"`
	Currency    string     `json:"currency"`
	Inputs      Inputs     `json:"inputs"`
	Strategies  []Strategy `json:"strategies"`
	// Allocation holds the shares that spread each line over the accounts.
	Allocation Allocation `json:"allocation"`
	// Ranking is present when the strategies were ranked (trailwise rank).
	Ranking *Ranking `json:"ranking,omitempty"`
	// Leftovers are the trails the strategies do not need, with what
	// keeping each costs under every strategy.
	Leftovers []LeftoverTrail `json:"leftover_trails"`

	// billsDeferred marks a document from BuildDeferred whose strategies'
	// Accounts and Chargeback are not filled in yet (see WithBills).
	billsDeferred bool
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Inputs are what the figures were computed from.
type Inputs struct {
	Dataset   DatasetInfo    `json:"dataset"`
	Scenario  model.Scenario `json:"scenario"`
	PriceBook PriceBookInfo  `json:"price_book"`
	// MonteCarlo is the simulation behind p10, p50, p90 and
	// probability_cheapest: its draws and seed.
	MonteCarlo model.Uncertainty `json:"monte_carlo"`
}

// DatasetInfo identifies the dataset: its digest is the SHA-256 of its
// canonical JSON, so the same measurements give the same digest whatever the
// file's layout.
type DatasetInfo struct {
	Name              string       `json:"name"`
	Digest            string       `json:"digest"`
	Organization      string       `json:"organization"`
	ManagementAccount string       `json:"management_account"`
	Period            model.Period `json:"period"`
	Accounts          int          `json:"accounts"`
	UsageRows         int          `json:"usage_rows"`
	Gaps              int          `json:"gaps"`
}

// PriceBookInfo identifies the price book and lists the source of every rate used.
type PriceBookInfo struct {
	ID            string       `json:"id"`
	Region        string       `json:"region"`
	EffectiveDate string       `json:"effective_date"`
	Fallback      string       `json:"fallback,omitempty"`
	Sources       []RateSource `json:"sources"`
}

// RateSource is one rate used in the report and where it comes from.
type RateSource struct {
	Rate       string `json:"rate"`
	Name       string `json:"name"`
	Unit       string `json:"unit"`
	Source     string `json:"source"`
	Confidence string `json:"confidence"`
	Fallback   bool   `json:"fallback,omitempty"`
	// FallbackFrom is the book a fallback rate's price comes from, and
	// NoBook the region priced at it for want of a book of its own.
	FallbackFrom string `json:"fallback_from,omitempty"`
	NoBook       string `json:"no_book,omitempty"`
}

// Strategy is one strategy's computed cost.
type Strategy struct {
	ID                string   `json:"id"`
	Family            string   `json:"family"`
	Variant           string   `json:"variant,omitempty"`
	Name              string   `json:"name"`
	Summary           string   `json:"summary"`
	Available         bool     `json:"available"`
	UnavailableReason string   `json:"unavailable_reason,omitempty"`
	Notes             []string `json:"notes,omitempty"`
	Totals            Totals   `json:"totals"`
	// ProbabilityCheapest is the share of the Monte Carlo draws in which
	// the strategy costs the least over the horizon among the available
	// strategies, with four places; the available strategies' values sum to
	// exactly 1, unavailable ones are 0.
	ProbabilityCheapest Probability  `json:"probability_cheapest"`
	PayerTotals         []PayerTotal `json:"payer_totals"`
	// Accounts is what each account is billed: the central roles' lines,
	// and each member account's part of the members' lines.
	Accounts []Account `json:"accounts"`
	// Chargeback is what each account costs: its own part of the members'
	// lines and its share of what the central accounts pay.
	Chargeback []Chargeback `json:"chargeback"`
	Months     []Month      `json:"months"`
}

// Totals are a strategy's headline figures.
type Totals struct {
	FirstMonth Money `json:"first_month"`
	LastMonth  Money `json:"last_month"`
	FirstYear  Money `json:"first_year"`
	// FirstYearP10, FirstYearP50 and FirstYearP90 are the percentiles of
	// the first-year cost over the Monte Carlo draws.
	FirstYearP10 Money `json:"first_year_p10"`
	FirstYearP50 Money `json:"first_year_p50"`
	FirstYearP90 Money `json:"first_year_p90"`
	Horizon      Money `json:"horizon"`
}

// PayerTotal is what one payer role pays over the horizon.
type PayerTotal struct {
	Payer      string `json:"payer"`
	FirstMonth Money  `json:"first_month"`
	Total      Money  `json:"total"`
}

// Account is what one paying account pays under the strategy.
type Account struct {
	Account    string `json:"account"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	FirstMonth Money  `json:"first_month"`
	Total      Money  `json:"total"`
}

// Chargeback is what one account costs under a strategy over the horizon:
// Own, its part of the lines members pay; Management, LogArchive and
// Platform, its share of what the management account, the log-archive
// account and staff time cost on its behalf, each line spread by the
// account's share of the line's driver. Total is their sum.
type Chargeback struct {
	Account    string `json:"account"`
	Name       string `json:"name"`
	Own        Money  `json:"own"`
	Management Money  `json:"management"`
	LogArchive Money  `json:"log_archive"`
	Platform   Money  `json:"platform"`
	Total      Money  `json:"total"`
}

// Month is one calendar month of cost.
type Month struct {
	Month string `json:"month"`
	Total Money  `json:"total"` // the point estimate: the sum of the lines
	// P10, P50 and P90 are the month's cost percentiles over the Monte
	// Carlo draws: one draw in ten costs less than p10, one in ten more
	// than p90.
	P10   Money  `json:"p10"`
	P50   Money  `json:"p50"`
	P90   Money  `json:"p90"`
	Lines []Line `json:"lines"`
}

// Line is one cost line: cost = quantity × unit_price.
type Line struct {
	Component string   `json:"component"`
	Name      string   `json:"name"`
	Payer     string   `json:"payer"`
	Unit      string   `json:"unit"`
	Quantity  Quantity `json:"quantity"`
	UnitPrice Price    `json:"unit_price"`
	Cost      Money    `json:"cost"`
	Rate      string   `json:"rate"`
	// Driver names the allocation shares that spread the line over the
	// accounts (see Allocation).
	Driver   string `json:"driver"`
	Fallback bool   `json:"fallback,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Allocation is how lines are spread over accounts: for each month, each
// driver's share per account, in the order of Accounts. A members line is
// billed to the accounts by these shares; a central line is charged back
// by them.
type Allocation struct {
	Accounts []AllocationAccount `json:"accounts"`
	Months   []AllocationMonth   `json:"months"`
}

// AllocationAccount is an account lines are spread over; "new-accounts"
// stands for the accounts growth adds.
type AllocationAccount struct {
	Account string `json:"account"`
	Name    string `json:"name"`
}

// AllocationMonth holds one month's shares per driver, each a list in the
// order of the allocation's accounts, summing to 1 (or all 0).
type AllocationMonth struct {
	Month  string             `json:"month"`
	Shares map[string][]Share `json:"shares"`
}

// Meta is what the report says about its own making.
type Meta struct {
	DatasetName string
	Version     string
	GeneratedAt time.Time
	// DatasetDigest, when set, is the dataset's digest (DatasetDigest),
	// computed beforehand: Build does not compute it again.
	DatasetDigest string
}

// Build makes the report document from a comparison. It fails, naming the
// figure, when one is not finite or too large to be written exactly (see
// MaxAmount): never a report with a wrapped or NaN amount.
func Build(c *model.Comparison, d *model.Dataset, meta Meta) (*Document, error) {
	doc, err := BuildDeferred(c, d, meta)
	if err != nil {
		return nil, err
	}
	doc.fillBills()
	return doc, nil
}

// BuildDeferred is Build without the strategies' Accounts and Chargeback:
// spreading every line over every account is most of the work of a
// document at thousands of accounts, and a view that shows the totals and
// the ranking never reads them. WithBills fills them in when needed; the
// writers (JSON, Markdown, CSV, Table, RenderWith) do so themselves.
func BuildDeferred(c *model.Comparison, d *model.Dataset, meta Meta) (*Document, error) {
	if err := checkComparison(c); err != nil {
		return nil, err
	}
	if meta.DatasetDigest == "" {
		meta.DatasetDigest = DatasetDigest(d)
	}
	doc := &Document{
		Schema:      Schema,
		Tool:        Tool{Name: "trailwise", Version: meta.Version},
		GeneratedAt: meta.GeneratedAt.UTC().Format(time.RFC3339),
		Currency:    c.Book.Currency,
		Inputs: Inputs{
			Dataset: DatasetInfo{
				Name: meta.DatasetName, Digest: meta.DatasetDigest, Organization: d.Organization.ID,
				ManagementAccount: d.Organization.ManagementAccount,
				Period:            d.Period, Accounts: len(d.Accounts), UsageRows: d.RowCount(), Gaps: len(d.Gaps),
			},
			Scenario:   c.Scenario,
			MonteCarlo: c.Uncertainty,
			PriceBook: PriceBookInfo{
				ID: c.Book.ID, Region: c.Book.Region, EffectiveDate: c.Book.EffectiveDate, Fallback: c.Book.Fallback,
			},
		},
	}
	used := map[string]bool{}
	drivers := map[string]bool{model.DefaultDriver: true}
	for _, r := range c.Strategies {
		doc.Strategies = append(doc.Strategies, strategyDoc(&r, used, drivers, c.Uncertainty.Draws == 0))
	}
	if len(c.Leftovers) > 0 { // the leftover trails are priced at it, in or beside the totals
		used["cloudtrail.management_events_paid"] = true
	}
	doc.Inputs.PriceBook.Sources = rateSources(c, used)
	probs := make([]float64, len(c.Strategies))
	for i, r := range c.Strategies {
		probs[i] = r.ProbabilityCheapest
	}
	for i, p := range roundShares(probs, 4) {
		doc.Strategies[i].ProbabilityCheapest = Probability(p)
	}
	var labels []string
	if len(doc.Strategies) > 0 {
		for _, m := range doc.Strategies[0].Months {
			labels = append(labels, m.Month)
		}
	}
	doc.Allocation = allocationDoc(c.Allocation, d, drivers, labels)
	doc.Leftovers = leftoverDocs(c.Leftovers)
	doc.billsDeferred = true
	return doc, nil
}

// BillsDeferred reports whether the strategies' Accounts and Chargeback
// are still to be filled in (a document from BuildDeferred).
func (doc *Document) BillsDeferred() bool { return doc.billsDeferred }

// WithBills returns doc if its strategies' Accounts and Chargeback are
// filled in, else a copy of it with them filled in: doc itself is not
// changed, so it may be read meanwhile from other goroutines.
func WithBills(doc *Document) *Document {
	if doc == nil || !doc.billsDeferred {
		return doc
	}
	d := *doc
	d.Strategies = slices.Clone(doc.Strategies)
	d.fillBills()
	return &d
}

// fillBills spreads every strategy's lines over the accounts into its
// Accounts and Chargeback.
func (doc *Document) fillBills() {
	sp := newSpreader(doc) // shared: the strategies have many lines in common
	for i := range doc.Strategies {
		s := &doc.Strategies[i]
		s.Accounts, s.Chargeback = sp.bills(s)
	}
	doc.billsDeferred = false
}

func strategyDoc(r *model.StrategyResult, used, drivers map[string]bool, noDraws bool) Strategy {
	s := Strategy{
		ID: r.ID, Family: r.Family, Variant: r.Variant, Name: r.Name, Summary: r.Strategy.Summary,
		Available: r.Available, UnavailableReason: r.UnavailableReason, Notes: r.Notes,
	}
	byPayer := map[string]*[2]int64{} // first month, total
	var payers []string
	var firstYear, horizon int64
	for i, m := range r.Months {
		// Each line's cost is rounded on its own, and the month's total is
		// the sum of the lines as written.
		units := make([]int64, len(m.Lines))
		var total int64
		for k, l := range m.Lines {
			units[k] = toUnits(l.Cost)
			total += units[k]
		}
		md := Month{Month: m.Month, Total: fromUnits(total), P10: money(m.P10), P50: money(m.P50), P90: money(m.P90), Lines: []Line{}}
		if noDraws { // the band is the point, to the last place
			md.P10, md.P50, md.P90 = md.Total, md.Total, md.Total
		}
		for k, l := range m.Lines {
			used[l.Rate] = true
			driver := l.Driver
			if driver == "" {
				driver = model.DefaultDriver
			}
			drivers[driver] = true
			md.Lines = append(md.Lines, Line{
				Component: l.Component, Name: l.Name, Payer: l.Payer, Unit: l.Unit,
				Quantity: Quantity(round(l.Quantity, 6)), UnitPrice: Price(round(l.UnitPrice, 6)), Cost: fromUnits(units[k]),
				Rate: l.Rate, Driver: driver, Fallback: l.Fallback, Note: l.Note,
			})
			pt := byPayer[l.Payer]
			if pt == nil {
				pt = new([2]int64)
				byPayer[l.Payer] = pt
				payers = append(payers, l.Payer)
			}
			pt[1] += units[k]
			if i == 0 {
				pt[0] += units[k]
			}
		}
		if i < 12 {
			firstYear += total
		}
		horizon += total
		s.Months = append(s.Months, md)
	}
	s.Totals = Totals{
		FirstYear: fromUnits(firstYear), Horizon: fromUnits(horizon),
		FirstYearP10: money(r.FirstYearP10), FirstYearP50: money(r.FirstYearP50), FirstYearP90: money(r.FirstYearP90),
	}
	if noDraws { // the band is the point, to the last place
		s.Totals.FirstYearP10, s.Totals.FirstYearP50, s.Totals.FirstYearP90 = s.Totals.FirstYear, s.Totals.FirstYear, s.Totals.FirstYear
	}
	if n := len(s.Months); n > 0 {
		s.Totals.FirstMonth, s.Totals.LastMonth = s.Months[0].Total, s.Months[n-1].Total
	}
	sort.Strings(payers)
	s.PayerTotals = []PayerTotal{}
	for _, p := range payers {
		s.PayerTotals = append(s.PayerTotals, PayerTotal{Payer: p, FirstMonth: fromUnits(byPayer[p][0]), Total: fromUnits(byPayer[p][1])})
	}
	return s
}

// allocationDoc writes the model's shares of the drivers the lines use.
func allocationDoc(a model.Allocation, d *model.Dataset, drivers map[string]bool, labels []string) Allocation {
	out := Allocation{Accounts: []AllocationAccount{}, Months: []AllocationMonth{}}
	names := make(map[string]string, len(d.Accounts)) // as d.Account finds them: the first listed
	for _, acc := range d.Accounts {
		if _, ok := names[acc.ID]; !ok {
			names[acc.ID] = acc.Name
		}
	}
	for _, id := range a.Accounts {
		name := id
		if n, ok := names[id]; ok {
			name = n
		} else if id == model.NewAccountsID {
			name = "accounts added by growth"
		}
		out.Accounts = append(out.Accounts, AllocationAccount{Account: id, Name: name})
	}
	for i, shares := range a.Months {
		if i >= len(labels) {
			break
		}
		am := AllocationMonth{Month: labels[i], Shares: map[string][]Share{}}
		for drv := range drivers {
			list := make([]Share, len(a.Accounts))
			for k, v := range shares[drv] {
				if k < len(list) {
					list[k] = Share(round(v, 8))
				}
			}
			am.Shares[drv] = list
		}
		out.Months = append(out.Months, am)
	}
	return out
}

func rateSources(c *model.Comparison, used map[string]bool) []RateSource {
	ids := make([]string, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := []RateSource{}
	for _, id := range ids {
		r, err := c.Book.Rate(id)
		if err != nil {
			continue // not a book rate (the scenario's hourly rate)
		}
		s := RateSource{Rate: id, Name: r.Name, Unit: r.Unit, Source: r.Source, Confidence: r.Confidence, Fallback: r.FromFallback}
		if r.FromFallback {
			s.FallbackFrom, s.NoBook = r.Book, r.NoBook
		}
		out = append(out, s)
	}
	return out
}

// DatasetDigest is "sha256:" and the hex SHA-256 of the dataset's canonical
// JSON (json.Marshal's bytes). The JSON is hashed as it is written, a usage
// row at a time, never held whole: for a dataset of millions of rows it
// would be as large again as the file.
func DatasetDigest(d *model.Dataset) string {
	h := sha256.New()
	writeCanonical(h, d)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// DatasetDigestAside starts computing the dataset's digest on another
// goroutine and returns what waits for it. At 10,000 accounts the digest
// hashes 5 GB of JSON, about 10 s of CPU that pricing, which does not need
// it, can run beside on a second core. The dataset must not change until
// the digest is taken.
func DatasetDigestAside(d *model.Dataset) func() string {
	ch := make(chan string, 1)
	go func() { ch <- DatasetDigest(d) }()
	return sync.OnceValue(func() string { return <-ch })
}

// WriteDataset writes d as the JSON json.Marshal(d) returns, a usage row at
// a time (a dataset of 15 million rows is 6 GB of text, never held whole).
func WriteDataset(w io.Writer, d *model.Dataset) error {
	bw := &errWriter{w: w}
	writeCanonical(bw, d)
	return bw.err
}

// errWriter keeps the first error of a run of writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	var n int
	n, e.err = e.w.Write(p)
	return n, e.err
}

// writeCanonical writes what json.Marshal(d) returns, piece by piece: the
// fields in order, each marshalled alone (which gives the same bytes as
// inside the whole), the usage rows one by one.
func writeCanonical(w io.Writer, d *model.Dataset) {
	v := reflect.ValueOf(d).Elem()
	t := v.Type()
	io.WriteString(w, "{")
	written := 0
	for i := range t.NumField() {
		if !t.Field(i).IsExported() {
			continue // the packed rows: written with the others as usage
		}
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if f := v.Field(i); opts == "omitempty" && f.Kind() == reflect.Slice && f.Len() == 0 {
			continue // as json.Marshal leaves out the optional breakdown
		}
		if written > 0 {
			io.WriteString(w, ",")
		}
		written++
		io.WriteString(w, strconv.Quote(name)+":")
		switch f := v.Field(i); {
		case t.Field(i).Name == "Usage" && d.RowCount() > 0:
			writeRows(w, d)
		case t.Field(i).Name == "Breakdown":
			writeBreakdown(w, d.Breakdown) // never nil here: omitempty left an empty one out
		case f.Kind() == reflect.Slice && !f.IsNil():
			writeList(w, f) // the breakdown is hundreds of MB of JSON at 10,000 accounts
		default:
			b, _ := json.Marshal(f.Interface()) // plain data: cannot fail
			w.Write(b)
		}
	}
	io.WriteString(w, "}")
}

// writeList writes a list as json.Marshal does, an element at a time.
func writeList(w io.Writer, l reflect.Value) {
	io.WriteString(w, "[")
	for k := range l.Len() {
		if k > 0 {
			io.WriteString(w, ",")
		}
		b, _ := json.Marshal(l.Index(k).Interface()) // plain data: cannot fail
		w.Write(b)
	}
	io.WriteString(w, "]")
}

// Money is an amount of the report's currency, written as a decimal string
// with four places, so a spreadsheet never sees binary-float noise.
type Money float64

// Probability is a probability, written as a decimal string with four places.
type Probability float64

func (p Probability) MarshalJSON() ([]byte, error)  { return quote(float64(p), 4), nil }
func (p *Probability) UnmarshalJSON(b []byte) error { return unquote(b, (*float64)(p)) }

// roundShares rounds shares that sum to 1 to the given decimal places so
// that the rounded values still sum to exactly 1 (largest remainder; ties
// to the earlier share). Shares that do not sum to about 1 are only rounded.
func roundShares(shares []float64, places int) []float64 {
	scale := math.Pow(10, float64(places))
	out := make([]float64, len(shares))
	units := make([]int64, len(shares))
	total, whole := 0.0, int64(0)
	for i, s := range shares {
		total += s
		units[i] = int64(math.Floor(s * scale))
		whole += units[i]
	}
	if math.Abs(total-1) < 1e-9 {
		order := make([]int, len(shares))
		for i := range order {
			order[i] = i
		}
		rem := func(i int) float64 { return shares[i]*scale - float64(units[i]) }
		sort.SliceStable(order, func(a, b int) bool { return rem(order[a]) > rem(order[b]) })
		for k := 0; whole < int64(scale) && k < len(order); k++ {
			if shares[order[k]] > 0 {
				units[order[k]]++
				whole++
			}
		}
	} else {
		for i, s := range shares {
			units[i] = int64(math.Round(s * scale))
		}
	}
	for i := range out {
		out[i] = float64(units[i]) / scale
	}
	return out
}

// Quantity is a line's quantity in its unit, written with six places.
type Quantity float64

// Price is a unit price, written with six places.
type Price float64

func (m Money) MarshalJSON() ([]byte, error)    { return quote(float64(m), 4), nil }
func (q Quantity) MarshalJSON() ([]byte, error) { return quote(float64(q), 6), nil }
func (p Price) MarshalJSON() ([]byte, error)    { return quote(float64(p), 6), nil }

func (m *Money) UnmarshalJSON(b []byte) error    { return unquote(b, (*float64)(m)) }
func (q *Quantity) UnmarshalJSON(b []byte) error { return unquote(b, (*float64)(q)) }
func (p *Price) UnmarshalJSON(b []byte) error    { return unquote(b, (*float64)(p)) }

// String writes the money with four places.
func (m Money) String() string { return fixed(float64(m), 4) }

func quote(v float64, places int) []byte {
	return []byte(`"` + fixed(v, places) + `"`)
}

// fixed formats v with the given places; negative zero prints as zero.
func fixed(v float64, places int) string { return textfmt.Fixed(v, places) }

func unquote(b []byte, v *float64) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("expected a decimal string, got %s", b)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("expected a decimal string, got %s", b)
	}
	*v = f
	return nil
}
