package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/pricing"
)

func newPricingDiffCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "diff A [B]",
		Short: "Show what changed between two price books",
		Long: `Compare two price books rate by rate and fact by fact, from B to A: prices
(the change in percent), units, tiers, sources ("src"), confidence ("conf
S>P": S in B, P in A), and rates one book prices from its fallback book where
the other has its own ("fb"; the price is marked *). Only what differs is
listed.

A and B are each a book file, an embedded book's id, or a region (the book
that region is priced with: a refreshed one if there is one). B defaults to
the embedded book of A's region, so 'trailwise pricing diff FILE' shows what a
refresh changed.`,
		Example: `  trailwise pricing diff ~/.config/trailwise/books/eu-west-1-2026-11-25.json
  trailwise pricing diff new.json old.json
  trailwise pricing diff aws-ap-northeast-1-2026-11-01 aws-us-east-1-2026-11-01`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := bookArg(args[0])
			if err != nil {
				return err
			}
			var b *pricing.Book
			if len(args) == 2 {
				b, err = bookArg(args[1])
			} else {
				b, err = defaultDiffBase(a)
			}
			if err != nil {
				return err
			}
			return writeBookDiff(cmd.OutOrStdout(), a, b)
		},
	}
}

// defaultDiffBase is the embedded book of A's region.
func defaultDiffBase(a *pricing.Book) (*pricing.Book, error) {
	b := pricing.Embedded(a.Region)
	if b == nil {
		b = pricing.EmbeddedByID(a.Fallback)
	}
	if b == nil {
		return nil, usageError{fmt.Errorf("no embedded book for %s to compare %s with: give B", a.Region, a.ID)}
	}
	if b.ID == a.ID {
		return nil, usageError{errors.New(a.ID + " is the embedded book of its region: give B, the book to compare it with")}
	}
	return b, nil
}

// writeBookDiff lists every rate and fact that differs between a and b.
func writeBookDiff(w io.Writer, a, b *pricing.Book) error {
	fmt.Fprintf(w, "A %s (%s, effective %s)\n", a.ID, a.Region, a.EffectiveDate)
	fmt.Fprintf(w, "B %s (%s, effective %s)\n\n", b.ID, b.Region, b.EffectiveDate)
	var rows [][]string
	same := 0
	for _, id := range rateIDs(a, b) {
		ra, errA := a.Rate(id)
		rb, errB := b.Rate(id)
		change := rateChange(ra, rb, errA == nil, errB == nil)
		if change == "" {
			same++
			continue
		}
		rows = append(rows, []string{id, diffPrice(rb, errB == nil), diffPrice(ra, errA == nil), change})
	}
	if len(rows) > 0 {
		if err := fitTable(w, outputWidth, 3, []string{"RATE", "B", "A", "B TO A"}, rows); err != nil {
			return err
		}
	}
	factRows := factDiff(a, b)
	if len(factRows) > 0 {
		fmt.Fprintln(w)
		if err := fitTable(w, outputWidth, 3, []string{"FACT", "B", "A", "B TO A"}, factRows); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "\n%d rates differ, %d the same; %d facts differ.\n"+
		"Tiered prices show the first tier and the tier count (0.5 4t); * and fb:\n"+
		"priced from the book's fallback; src: the source differs.\n", len(rows), same, len(factRows))
	return err
}

// rateIDs is every rate either book prices, its fallbacks' included.
func rateIDs(books ...*pricing.Book) []string {
	seen := map[string]bool{}
	add := func(b *pricing.Book) {
		for id := range b.Rates {
			seen[id] = true
		}
	}
	for _, b := range books {
		add(b)
		for fb := pricing.EmbeddedByID(b.Fallback); fb != nil; fb = pricing.EmbeddedByID(fb.Fallback) {
			add(fb)
		}
	}
	return sortedIDs(seen)
}

// rateChange says what differs between two rates, "" for nothing.
func rateChange(a, b pricing.Priced, haveA, haveB bool) string {
	switch {
	case !haveA && !haveB:
		return ""
	case !haveA:
		return "only in B"
	case !haveB:
		return "only in A"
	}
	var out []string
	if a.Unit != b.Unit {
		out = append(out, fmt.Sprintf("unit %s>%s", b.Unit, a.Unit))
	}
	switch {
	case len(a.Tiers) != len(b.Tiers):
		out = append(out, "tiers")
	case len(a.Tiers) > 0:
		for i := range a.Tiers {
			if a.Tiers[i] != b.Tiers[i] {
				out = append(out, "tiers")
				break
			}
		}
	case a.Price != b.Price:
		out = append(out, "price "+percentChange(b.Price, a.Price))
	}
	if a.Source != b.Source {
		out = append(out, "src")
	}
	if a.Confidence != b.Confidence {
		out = append(out, "conf "+b.Confidence+">"+a.Confidence)
	}
	if a.FromFallback != b.FromFallback {
		out = append(out, "fb")
	}
	return strings.Join(out, ", ")
}

// percentChange is the change from b to a, signed.
func percentChange(from, to float64) string {
	if from == 0 {
		return fmt.Sprintf("%g>%g", from, to)
	}
	p := (to - from) / from * 100
	return fmt.Sprintf("%+.1f%%", math.Round(p*10)/10)
}

// diffPrice is a rate's price in a cell: flat, or the first tier and the
// number of tiers; "fb" when it comes from the fallback book.
func diffPrice(r pricing.Priced, ok bool) string {
	if !ok {
		return "-"
	}
	s := fmt.Sprintf("%g", r.Price)
	if len(r.Tiers) > 0 {
		s = fmt.Sprintf("%g %dt", r.Tiers[0].Price, len(r.Tiers))
	}
	if r.FromFallback {
		s += "*"
	}
	return s
}

// factDiff lists the facts whose value, unit or source differ.
func factDiff(a, b *pricing.Book) [][]string {
	seen := map[string]bool{}
	for _, bk := range []*pricing.Book{a, b} {
		for id := range bk.Facts {
			seen[id] = true
		}
	}
	ids := sortedIDs(seen)
	sort.Strings(ids)
	var rows [][]string
	for _, id := range ids {
		fa, errA := a.Fact(id)
		fb, errB := b.Fact(id)
		var change []string
		switch {
		case errA != nil:
			change = append(change, "only in B")
		case errB != nil:
			change = append(change, "only in A")
		default:
			if fa.Value != fb.Value || fa.Unit != fb.Unit {
				change = append(change, "value")
			}
			if fa.Source != fb.Source {
				change = append(change, "source")
			}
		}
		if len(change) > 0 {
			rows = append(rows, []string{id, factCell(fb, errB), factCell(fa, errA), strings.Join(change, ", ")})
		}
	}
	return rows
}

func factCell(f pricing.Fact, err error) string {
	if err != nil {
		return "-"
	}
	return fmt.Sprintf("%g", f.Value)
}
