package report

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/trailwise/trailwise/input"
)

// Read reads a saved report (trailwise.report/v1 JSON, as estimate and rank
// write it) strictly, so that it can be rendered again without recomputing.
// Every problem is one line naming the file and the JSON path: a wrong or
// missing schema id, an unknown field, a value of the wrong type, an amount
// that is not a decimal string with its fixed places, or a document whose
// parts do not fit together (months, allocation shares, drivers).
func Read(path string) (*Document, error) {
	var doc Document
	if err := input.ReadDocument(path, Schema, &doc); err != nil {
		return nil, err
	}
	if err := doc.check(path); err != nil {
		return nil, err
	}
	return &doc, nil
}

// Parse is Read for a document in memory; name is the file name errors
// start with.
func Parse(name string, data []byte) (*Document, error) {
	var doc Document
	if err := input.ParseDocument(name, data, Schema, &doc); err != nil {
		return nil, err
	}
	if err := doc.check(name); err != nil {
		return nil, err
	}
	return &doc, nil
}

// check makes sure the renderers can rely on the document's cross
// references: every strategy has the allocation's months, every share list
// has one share per allocation account, every line's driver has shares.
func (doc *Document) check(name string) error {
	fail := func(path, format string, args ...any) error {
		return &input.Error{File: name, Path: path, Msg: fmt.Sprintf(format, args...)}
	}
	al := doc.Allocation
	for i, m := range al.Months {
		for _, drv := range sortedKeys(m.Shares) {
			if n := len(m.Shares[drv]); n != len(al.Accounts) {
				return fail(fmt.Sprintf("allocation.months[%d].shares.%s", i, drv), "expected %d shares, one per allocation account, got %d", len(al.Accounts), n)
			}
		}
	}
	for si, s := range doc.Strategies {
		if len(s.Months) != len(al.Months) {
			return fail(fmt.Sprintf("strategies[%d].months", si), "expected %d months, as in allocation.months, got %d", len(al.Months), len(s.Months))
		}
		for mi, m := range s.Months {
			if m.Month != al.Months[mi].Month {
				return fail(fmt.Sprintf("strategies[%d].months[%d].month", si, mi), "expected %q, as allocation.months[%d], got %q", al.Months[mi].Month, mi, m.Month)
			}
			for li, l := range m.Lines {
				if _, ok := al.Months[mi].Shares[l.Driver]; !ok {
					return fail(fmt.Sprintf("strategies[%d].months[%d].lines[%d].driver", si, mi, li), "expected one of the drivers in allocation.months[%d].shares, got %q", mi, l.Driver)
				}
			}
		}
	}
	if err := doc.checkLeftovers(fail); err != nil {
		return err
	}
	return doc.checkSums(fail)
}

// checkLeftovers makes sure every leftover trail has a cost per strategy,
// a month per allocation month, and a first year that is its months' sum.
func (doc *Document) checkLeftovers(fail func(path, format string, args ...any) error) error {
	for ti, lt := range doc.Leftovers {
		if len(lt.Costs) != len(doc.Strategies) {
			return fail(fmt.Sprintf("leftover_trails[%d].costs", ti), "expected %d costs, one per strategy, got %d", len(doc.Strategies), len(lt.Costs))
		}
		for ci, c := range lt.Costs {
			p := fmt.Sprintf("leftover_trails[%d].costs[%d]", ti, ci)
			if c.Strategy != doc.Strategies[ci].ID {
				return fail(p+".strategy", "expected %q, as strategies[%d], got %q", doc.Strategies[ci].ID, ci, c.Strategy)
			}
			if len(c.Months) != len(doc.Allocation.Months) {
				return fail(p+".months", "expected %d months, as in allocation.months, got %d", len(doc.Allocation.Months), len(c.Months))
			}
			var year int64
			for m, v := range c.Months[:min(12, len(c.Months))] {
				if v < 0 {
					return fail(fmt.Sprintf("%s.months[%d]", p, m), "expected an amount of zero or more, got %s", v)
				}
				year += toUnits(float64(v))
			}
			if year != toUnits(float64(c.FirstYear)) {
				return fail(p+".first_year", "expected %s, the sum of its first twelve months, got %s", fromUnits(year), c.FirstYear)
			}
		}
	}
	return nil
}

var (
	moneyPattern       = regexp.MustCompile(`^-?[0-9]+\.[0-9]{4}$`)
	sixPlacesPattern   = regexp.MustCompile(`^-?[0-9]+\.[0-9]{6}$`)
	probabilityPattern = regexp.MustCompile(`^(0\.[0-9]{4}|1\.0000)$`)
	sharePattern       = regexp.MustCompile(`^(0\.[0-9]{8}|1\.00000000)$`)
)

// matches is "" when v is a string the pattern matches, with at most 14
// digits before the point (below MaxAmount), else what was expected.
func matches(v any, re *regexp.Regexp, expected string) string {
	s, ok := v.(string)
	if !ok || !re.MatchString(s) {
		return expected
	}
	if whole, _, _ := strings.Cut(strings.TrimPrefix(s, "-"), "."); len(whole) > 14 {
		return strings.Replace(expected, "a decimal string", "a decimal string below 1e14", 1)
	}
	return ""
}

// CheckJSON accepts a decimal string with four places.
func (Money) CheckJSON(v any) string {
	return matches(v, moneyPattern, `a decimal string with four places, like "12.3400"`)
}

// CheckJSON accepts a decimal string with six places.
func (Quantity) CheckJSON(v any) string {
	return matches(v, sixPlacesPattern, `a decimal string with six places, like "1.500000"`)
}

// CheckJSON accepts a decimal string with six places.
func (Price) CheckJSON(v any) string {
	return matches(v, sixPlacesPattern, `a decimal string with six places, like "0.023000"`)
}

// CheckJSON accepts a decimal string from 0 to 1 with four places.
func (Probability) CheckJSON(v any) string {
	return matches(v, probabilityPattern, `a decimal string from "0.0000" to "1.0000"`)
}

// CheckJSON accepts a decimal string from 0 to 1 with eight places.
func (Share) CheckJSON(v any) string {
	return matches(v, sharePattern, `a decimal string from "0.00000000" to "1.00000000"`)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
