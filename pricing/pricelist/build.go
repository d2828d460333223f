package pricelist

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/pricing"
)

// Options choose the book refresh builds.
type Options struct {
	Region string
	// Date is the book's effective date, the day the prices were read
	// (YYYY-MM-DD).
	Date string
	// AllowMissing leaves a rate the Price List does not have to the
	// fallback book, named in the book's notes, instead of failing.
	AllowMissing bool
}

// MissingError names every mapped rate the Price List did not price.
type MissingError struct {
	Region string
	Rates  []string // "rate (service usage type)"
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("price list: no product for %s in %s (use --allow-missing to leave them to the fallback book)",
		strings.Join(e.Rates, ", "), e.Region)
}

// Build reads the region's products and maps them onto the book's rates.
// The book falls back to the region's embedded book, or to us-east-1's
// when the region has none: rates left out are priced from it, marked.
func Build(ctx context.Context, api API, o Options) (*pricing.Book, error) {
	fallback := pricing.Embedded(o.Region)
	if fallback == nil {
		fallback = pricing.Embedded("us-east-1")
	}
	products := map[string][]product{}
	for _, service := range Services() {
		filters := map[string]string{"regionCode": o.Region}
		if service == "AWSDataTransfer" {
			filters = map[string]string{"fromRegionCode": o.Region, "transferType": "InterRegion Outbound"}
		}
		ps, err := fetch(ctx, api, service, filters)
		if err != nil {
			return nil, err
		}
		products[service] = ps
	}
	b := &pricing.Book{
		Schema: pricing.BookSchema, ID: "pricelist-" + o.Region + "-" + o.Date, Region: o.Region,
		Currency: "USD", EffectiveDate: o.Date, Fallback: fallback.ID, Rates: map[string]pricing.Rate{},
	}
	var missing, left []string
	for _, m := range Mappings {
		base, err := fallback.Rate(m.Rate)
		if err != nil {
			return nil, err
		}
		if base.Unit != m.Unit {
			return nil, fmt.Errorf("price list mapping: %s is in %s in %s, the table says %s", m.Rate, base.Unit, fallback.ID, m.Unit)
		}
		r, ok, err := rateFor(m, products[m.Service], o.Region)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Rate, err)
		}
		if !ok {
			missing = append(missing, fmt.Sprintf("%s (%s %s)", m.Rate, m.Service, expected(m, o.Region)))
			left = append(left, m.Rate)
			continue
		}
		r.Name = base.Name
		b.Rates[m.Rate] = r
	}
	if len(missing) > 0 && !o.AllowMissing {
		return nil, &MissingError{Region: o.Region, Rates: missing}
	}
	b.Notes = notes(o, fallback.ID, left)
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return b, nil
}

// expected is the usage type a mapping looks for, for messages.
func expected(m Mapping, region string) string {
	switch {
	case m.Transfer:
		return "InterRegion Outbound from " + region
	case m.Service == "awskms":
		return region + "-" + m.UsageType
	}
	code := pricing.BillingRegionCode(region)
	if m.Operation != "" {
		return code + "-" + m.UsageType + " operation " + m.Operation
	}
	return code + "-" + m.UsageType
}

func notes(o Options, fallback string, left []string) string {
	var unmapped []string
	for id := range Unmapped {
		unmapped = append(unmapped, id)
	}
	sort.Strings(unmapped)
	s := fmt.Sprintf("Built by 'trailwise pricing refresh' from the AWS Price List Query API (GetProducts) on %s: on-demand list prices for %s. "+
		"Each rate's source is its SKU, offer term and effective date. Rates with no usage type of their own in the Price List are priced from %s, marked as a fallback: %s.",
		o.Date, o.Region, fallback, strings.Join(unmapped, ", "))
	if len(left) > 0 {
		s += " Rates the Price List did not have for this region, also priced from the fallback: " + strings.Join(left, ", ") + "."
	}
	return s
}

// rateFor finds the mapping's products and turns their price into a rate.
func rateFor(m Mapping, ps []product, region string) (pricing.Rate, bool, error) {
	if m.Transfer {
		return transferRate(m, ps, region)
	}
	var found []product
	for _, p := range ps {
		a := p.Product.Attributes
		if usageName(a["usagetype"], region) == m.UsageType && (m.Operation == "" || a["operation"] == m.Operation) {
			found = append(found, p)
		}
	}
	if len(found) == 0 {
		return pricing.Rate{}, false, nil
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Product.SKU < found[j].Product.SKU })
	r, err := toRate(m, found[0])
	if err != nil {
		return r, false, err
	}
	for _, p := range found[1:] {
		other, err := toRate(m, p)
		if err != nil {
			return r, false, err
		}
		if !samePrices(r, other) {
			return r, false, fmt.Errorf("SKUs %s and %s both have usage type %s at different prices",
				found[0].Product.SKU, p.Product.SKU, p.Product.Attributes["usagetype"])
		}
	}
	return r, true, nil
}

// usageName is the usage type after the region's prefix ("USE1-", "EU-",
// "ap-southeast-2-" for KMS), or "" when it is another region's.
func usageName(usageType, region string) string {
	if rest, ok := strings.CutPrefix(usageType, region+"-"); ok {
		return rest
	}
	u := awscollect.ParseUsageType(usageType)
	if u.Region != region {
		return ""
	}
	return u.Name
}

// toRate reads a product's on-demand term: its price dimensions, sorted by
// beginRange, become a flat price or tiers.
func toRate(m Mapping, p product) (pricing.Rate, error) {
	t, err := currentTerm(p)
	if err != nil {
		return pricing.Rate{}, err
	}
	dims := make([]dimension, 0, len(t.PriceDimensions))
	for _, d := range t.PriceDimensions {
		dims = append(dims, d)
	}
	sort.Slice(dims, func(i, j int) bool { return rangeValue(dims[i].BeginRange) < rangeValue(dims[j].BeginRange) })
	r := pricing.Rate{Unit: m.Unit, Confidence: pricing.ConfidencePage,
		Source: fmt.Sprintf("AWS Price List API, %s SKU %s, offer term %s, effective %s", m.Service, p.Product.SKU, t.OfferTermCode, day(t.EffectiveDate))}
	for i, d := range dims {
		price, err := strconv.ParseFloat(d.PricePerUnit["USD"], 64)
		if err != nil {
			return r, fmt.Errorf("SKU %s: pricePerUnit USD: expected a number, got %q", p.Product.SKU, d.PricePerUnit["USD"])
		}
		price = round(price * m.Scale)
		end := rangeValue(d.EndRange)
		if len(dims) == 1 {
			r.Price = price
			break
		}
		tier := pricing.Tier{Price: price}
		if i < len(dims)-1 && !math.IsInf(end, 1) {
			tier.UpTo = round(end / m.Scale)
		}
		r.Tiers = append(r.Tiers, tier)
	}
	r.Note = fmt.Sprintf("Usage type %s: %s.", p.Product.Attributes["usagetype"], strings.TrimSuffix(dims[0].Description, "."))
	return r, nil
}

// currentTerm is the product's on-demand term with the latest effective
// date: a product can carry several.
func currentTerm(p product) (term, error) {
	var best term
	for _, code := range sortedKeys(p.Terms.OnDemand) {
		t := p.Terms.OnDemand[code]
		if best.SKU == "" || t.EffectiveDate > best.EffectiveDate {
			best = t
		}
	}
	if best.SKU == "" || len(best.PriceDimensions) == 0 {
		return best, fmt.Errorf("SKU %s has no on-demand price", p.Product.SKU)
	}
	return best, nil
}

// transferRate is the rate bytes leave the region at: the price most
// destinations share (the note names the others).
func transferRate(m Mapping, ps []product, region string) (pricing.Rate, bool, error) {
	type dest struct {
		to   string
		rate pricing.Rate
	}
	var dests []dest
	for _, p := range ps {
		a := p.Product.Attributes
		if a["fromRegionCode"] != region || a["toRegionCode"] == region {
			continue
		}
		r, err := toRate(m, p)
		if err != nil {
			return r, false, err
		}
		dests = append(dests, dest{a["toRegionCode"], r})
	}
	if len(dests) == 0 {
		return pricing.Rate{}, false, nil
	}
	sort.Slice(dests, func(i, j int) bool { return dests[i].to < dests[j].to })
	count := map[float64]int{}
	for _, d := range dests {
		count[d.rate.Price]++
	}
	common := dests[0]
	for _, d := range dests {
		if n, c := count[d.rate.Price], count[common.rate.Price]; n > c || (n == c && d.rate.Price > common.rate.Price) {
			common = d
		}
	}
	var others []string
	for _, d := range dests {
		if d.rate.Price != common.rate.Price {
			others = append(others, fmt.Sprintf("%s %g", d.to, d.rate.Price))
		}
	}
	r := common.rate
	r.Note = fmt.Sprintf("Out of %s to another region, billed by the region the bytes leave: %g per GB to %d of %d destinations (as to %s).",
		region, r.Price, count[r.Price], len(dests), common.to)
	if len(others) > 0 {
		r.Note += " Other destinations: " + strings.Join(others, ", ") + "."
	}
	return r, true, nil
}

func samePrices(a, b pricing.Rate) bool {
	if a.Price != b.Price || len(a.Tiers) != len(b.Tiers) {
		return false
	}
	for i := range a.Tiers {
		if a.Tiers[i] != b.Tiers[i] {
			return false
		}
	}
	return true
}

// rangeValue reads a beginRange or endRange; "Inf" is +Inf.
func rangeValue(s string) float64 {
	if s == "Inf" || s == "" {
		return math.Inf(1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.Inf(1)
	}
	return v
}

// round drops the float noise of scaling (0.00002 × 100000).
func round(v float64) float64 { return math.Round(v*1e10) / 1e10 }

// day is the date part of an effective date.
func day(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
