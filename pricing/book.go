// Package pricing holds dated price books: every rate trailwise prices with,
// each with its unit, source and confidence. Rates are data, never code: the
// books are JSON files embedded from books/.
package pricing

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// BookSchema is the schema id every price book carries.
const BookSchema = "trailwise.pricebook/v1"

// Confidence tags, as the design defines them.
const (
	ConfidencePage      = "P" // an AWS pricing page or the Price List API
	ConfidenceSecondary = "S" // secondary sources that agree
	ConfidenceDerived   = "D" // derived from other facts
	ConfidenceUnknown   = "U" // unconfirmed
)

// Book is one dated price book for one region.
type Book struct {
	Schema        string `json:"schema"`
	ID            string `json:"id"`
	Region        string `json:"region"`
	Currency      string `json:"currency"`
	EffectiveDate string `json:"effective_date"`
	// Fallback is the id of the book whose rate is used where this book has
	// none; lines priced that way are marked.
	Fallback string          `json:"fallback,omitempty"`
	Notes    string          `json:"notes,omitempty"`
	Rates    map[string]Rate `json:"rates"`
	Facts    map[string]Fact `json:"facts"`
}

// Rate is a price per unit: flat (Price) or tiered by monthly quantity.
type Rate struct {
	Name       string  `json:"name"`
	Unit       string  `json:"unit"`
	Price      float64 `json:"price,omitempty"`
	Tiers      []Tier  `json:"tiers,omitempty"`
	Source     string  `json:"source"`
	Confidence string  `json:"confidence"`
	Note       string  `json:"note,omitempty"`
}

// Tier is one step of a tiered rate: Price applies to the monthly quantity
// up to UpTo (cumulative); the last tier has UpTo 0, meaning no limit.
type Tier struct {
	UpTo  float64 `json:"up_to,omitempty"`
	Price float64 `json:"price"`
}

// Fact is a non-price figure the engine needs (a size ratio, a minimum
// billable size), sourced like a rate.
type Fact struct {
	Value      float64 `json:"value"`
	Unit       string  `json:"unit"`
	Source     string  `json:"source"`
	Confidence string  `json:"confidence"`
	Note       string  `json:"note,omitempty"`
}

// Priced is a rate together with where it came from.
type Priced struct {
	Rate
	ID string
	// FromFallback is set when the rate came from the fallback book, or,
	// for a rate id@region of a region without a book, from this book.
	FromFallback bool
	// Book is the id of the book whose rate it is.
	Book string
	// NoBook names the region of a rate id@region priced without a book of
	// its own ("" otherwise).
	NoBook string
}

//go:embed books/*.json
var booksFS embed.FS

var books = mustLoadBooks()

func mustLoadBooks() map[string]*Book {
	entries, err := booksFS.ReadDir("books")
	if err != nil {
		panic(err)
	}
	out := map[string]*Book{}
	for _, e := range entries {
		data, err := booksFS.ReadFile(path.Join("books", e.Name()))
		if err != nil {
			panic(err)
		}
		b, err := Parse(data)
		if err != nil {
			// The books ship inside the binary: a bad one is a build defect, caught by tests.
			panic(fmt.Sprintf("embedded price book %s: %v", e.Name(), err))
		}
		if prev := out[b.ID]; prev != nil {
			panic(fmt.Sprintf("embedded price book %s: id %s is already used", e.Name(), b.ID))
		}
		out[b.ID] = b
	}
	if err := checkFallbacks(out); err != nil {
		panic(err.Error())
	}
	return out
}

// checkFallbacks makes sure every fallback names an embedded book and that
// no chain of fallbacks comes back to a book already on it.
func checkFallbacks(all map[string]*Book) error {
	for _, b := range all {
		seen := map[string]bool{b.ID: true}
		for cur := b; cur.Fallback != ""; {
			next := all[cur.Fallback]
			if next == nil {
				return fmt.Errorf("price book %s: fallback %s is not embedded", cur.ID, cur.Fallback)
			}
			if seen[next.ID] {
				return fmt.Errorf("price book %s: fallback chain loops back to %s", b.ID, next.ID)
			}
			seen[next.ID] = true
			cur = next
		}
	}
	return nil
}

var dayPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Parse decodes and checks a price book.
func Parse(data []byte) (*Book, error) {
	var b Book
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return &b, nil
}

// Validate checks that every rate is usable and sourced.
func (b *Book) Validate() error {
	switch {
	case b.Schema != BookSchema:
		return fmt.Errorf("schema: expected %q, got %q", BookSchema, b.Schema)
	case b.ID == "" || b.Region == "" || b.Currency == "":
		return fmt.Errorf("id, region and currency are required")
	case !dayPattern.MatchString(b.EffectiveDate):
		return fmt.Errorf("effective_date: expected YYYY-MM-DD, got %q", b.EffectiveDate)
	case b.Fallback == b.ID:
		return fmt.Errorf("fallback: a book cannot fall back to itself (%s)", b.ID)
	case len(b.Rates) == 0:
		return fmt.Errorf("rates: a book needs at least one rate")
	}
	for id, r := range b.Rates {
		if r.Unit == "" || r.Source == "" || r.Name == "" {
			return fmt.Errorf("rates.%s: name, unit and source are required", id)
		}
		if !validConfidence(r.Confidence) {
			return fmt.Errorf("rates.%s.confidence: expected P, S, D or U, got %q", id, r.Confidence)
		}
		if r.Price < 0 {
			return fmt.Errorf("rates.%s.price: expected zero or more, got %v", id, r.Price)
		}
		if len(r.Tiers) > 0 {
			if r.Price != 0 {
				return fmt.Errorf("rates.%s: a rate has either price or tiers, not both", id)
			}
			last := 0.0
			for i, t := range r.Tiers {
				final := i == len(r.Tiers)-1
				if (t.UpTo == 0) != final || (!final && t.UpTo <= last) || t.Price < 0 {
					return fmt.Errorf("rates.%s.tiers[%d]: expected increasing up_to, and none on the last tier only", id, i)
				}
				last = t.UpTo
			}
		}
	}
	for id, f := range b.Facts {
		if f.Unit == "" || f.Source == "" || !validConfidence(f.Confidence) {
			return fmt.Errorf("facts.%s: unit, source and a confidence of P, S, D or U are required", id)
		}
		if f.Value < 0 {
			return fmt.Errorf("facts.%s.value: expected zero or more, got %v", id, f.Value)
		}
	}
	return nil
}

func validConfidence(c string) bool {
	switch c {
	case ConfidencePage, ConfidenceSecondary, ConfidenceDerived, ConfidenceUnknown:
		return true
	}
	return false
}

// ForRegion returns the book for the region: one loaded with Use (a
// refreshed book) when there is one, else the newest embedded book. A
// region without a book is a one-line error naming the nearest regions
// that have one and 'trailwise pricing refresh'.
func ForRegion(region string) (*Book, error) {
	userMu.RLock()
	b := userBooks[region]
	userMu.RUnlock()
	if b != nil {
		return b, nil
	}
	if b := Embedded(region); b != nil {
		return b, nil
	}
	return nil, noBookError(region)
}

// Embedded returns the newest embedded book for the region, or nil.
func Embedded(region string) *Book {
	var best *Book
	for _, b := range books {
		if b.Region == region && (best == nil || b.EffectiveDate > best.EffectiveDate) {
			best = b
		}
	}
	return best
}

// EmbeddedByID returns the embedded book with the id, or nil.
func EmbeddedByID(id string) *Book { return books[id] }

var (
	userMu    sync.RWMutex
	userBooks = map[string]*Book{} // by region
)

// Use makes a book read at run time (a refreshed book, or --price-book)
// the book of its region, ahead of the embedded one. Its fallback must be
// an embedded book, and its id must not be an embedded book's.
func Use(b *Book) error {
	if err := b.Validate(); err != nil {
		return err
	}
	if books[b.ID] != nil {
		return fmt.Errorf("id: %s is an embedded book's id; a refreshed book needs its own", b.ID)
	}
	if b.Fallback != "" && books[b.Fallback] == nil {
		return fmt.Errorf("fallback: expected an embedded book (%s), got %q", strings.Join(embeddedIDs(), ", "), b.Fallback)
	}
	userMu.Lock()
	defer userMu.Unlock()
	userBooks[b.Region] = b
	return nil
}

func embeddedIDs() []string {
	out := make([]string, 0, len(books))
	for id := range books {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Regions lists the regions that have a book, sorted.
func Regions() []string {
	seen := map[string]bool{}
	for _, b := range books {
		seen[b.Region] = true
	}
	userMu.RLock()
	for r := range userBooks {
		seen[r] = true
	}
	userMu.RUnlock()
	out := make([]string, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Books lists every embedded book, by region then date.
func Books() []*Book {
	out := make([]*Book, 0, len(books))
	for _, b := range books {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Region != out[j].Region {
			return out[i].Region < out[j].Region
		}
		return out[i].EffectiveDate < out[j].EffectiveDate
	})
	return out
}

// Rate looks a rate up in the book, then along its chain of fallbacks;
// a rate found in a fallback comes back with FromFallback set.
func (b *Book) Rate(id string) (Priced, error) {
	if base, region, ok := strings.Cut(id, "@"); ok {
		return b.rateOf(base, region)
	}
	if r, ok := b.Rates[id]; ok {
		return Priced{Rate: r, ID: id, Book: b.ID}, nil
	}
	for _, fb := range b.fallbacks() {
		if r, ok := fb.Rates[id]; ok {
			return Priced{Rate: r, ID: id, FromFallback: true, Book: fb.ID}, nil
		}
	}
	return Priced{}, fmt.Errorf("price book %s has no rate %q", b.ID, id)
}

// RegionRateID names a rate of another region's book: "id@region". A
// line priced at it (transfer out of the region the bytes leave) keeps that
// id, so its source and confidence are that book's wherever it is shown.
func RegionRateID(id, region string) string { return id + "@" + region }

// rateOf is the rate id of the book that prices region. A known region
// with no book at all is priced at this book's rate, marked as a fallback
// (FromFallback, NoBook) under the id id@region: every output that shows
// the rate, the lines and the price sources alike, then labels it so.
func (b *Book) rateOf(id, region string) (Priced, error) {
	other, err := ForRegion(region)
	if err != nil && KnownRegion(region) {
		r, err := b.Rate(id)
		if err != nil {
			return Priced{}, err
		}
		r.ID, r.FromFallback, r.NoBook = RegionRateID(id, region), true, region
		return r, nil
	}
	if err != nil {
		return Priced{}, fmt.Errorf("price book %s: rate %s@%s: %w", b.ID, id, region, err)
	}
	r, err := other.Rate(id)
	if err != nil {
		return Priced{}, err
	}
	r.ID = RegionRateID(id, region)
	return r, nil
}

// Fact looks a fact up in the book, then along its chain of fallbacks.
func (b *Book) Fact(id string) (Fact, error) {
	if f, ok := b.Facts[id]; ok {
		return f, nil
	}
	for _, fb := range b.fallbacks() {
		if f, ok := fb.Facts[id]; ok {
			return f, nil
		}
	}
	return Fact{}, fmt.Errorf("price book %s has no fact %q", b.ID, id)
}

// fallbacks lists the embedded books this book falls back to, nearest
// first. It stops at a missing book or at a book already listed, so a book
// parsed at run time with a bad fallback cannot loop.
func (b *Book) fallbacks() []*Book {
	var out []*Book
	seen := map[string]bool{b.ID: true}
	for id := b.Fallback; id != "" && !seen[id]; {
		fb := books[id]
		if fb == nil {
			break
		}
		seen[id] = true
		out = append(out, fb)
		id = fb.Fallback
	}
	return out
}

// Split divides a monthly quantity across the rate's tiers: one (quantity,
// price) step per tier touched; a flat rate gives a single step.
func (r Rate) Split(quantity float64) []Step {
	if len(r.Tiers) == 0 {
		return []Step{{Quantity: quantity, Price: r.Price}}
	}
	var out []Step
	from := 0.0
	for _, t := range r.Tiers {
		if quantity <= from && len(out) > 0 {
			break
		}
		q := quantity - from
		if t.UpTo > 0 && quantity > t.UpTo {
			q = t.UpTo - from
		}
		out = append(out, Step{Quantity: q, Price: t.Price, From: from, UpTo: t.UpTo})
		if t.UpTo == 0 || quantity <= t.UpTo {
			break
		}
		from = t.UpTo
	}
	return out
}

// Cost is the price of a monthly quantity: the sum of quantity × price over
// the steps of Split.
func (r Rate) Cost(quantity float64) float64 {
	total := 0.0
	for _, st := range r.Split(quantity) {
		total += st.Quantity * st.Price
	}
	return total
}

// Step is the part of a quantity priced at one tier.
type Step struct {
	Quantity, Price float64
	From, UpTo      float64 // the tier's bounds (UpTo 0: no limit)
}
