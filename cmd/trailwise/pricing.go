package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/pricing"
)

type pricingShowOptions struct {
	Region    string
	PriceBook string // a book file to show instead of the region's
	Format    string
	Wide      bool // each rate's source on its line, however wide
}

// pricingFormats are pricing show's --format values.
var pricingFormats = []string{"table", "json"}

func newPricingCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pricing",
		Short: "Show, refresh and compare the price books trailwise prices with",
	}
	opts := &pricingShowOptions{Region: "us-east-1", Format: "table"}
	show := &cobra.Command{
		Use:   "show",
		Short: "Print a region's price book: rates, units, sources, confidence",
		Long: `Print the dated price book for a region. Every rate carries its source and
a confidence tag: P = AWS pricing page or Price List API, S = secondary
sources that agree, D = derived from other facts, U = unconfirmed. Rates a
region's book lacks are taken from its fallback book, and estimate marks the
lines priced that way. A book 'trailwise pricing refresh' wrote for the region
is shown (and priced with) ahead of the embedded one.

A tiered price is listed a tier a line: "2.5 to 5120" is 2.5 USD a unit for the
month's first 5,120 units. The SRC column numbers the sources listed below the
tables; --wide puts each source on its rate's line instead.`,
		Example: `  trailwise pricing show
  trailwise pricing show --region ap-northeast-1 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return showPricing(opts, cmd.OutOrStdout())
		},
	}
	show.Flags().StringVar(&opts.Region, "region", opts.Region, "region of the book ("+strings.Join(pricing.Regions(), ", ")+", or one refreshed)")
	show.Flags().StringVar(&opts.PriceBook, "price-book", "", "show this book file instead of the region's")
	show.Flags().StringVarP(&opts.Format, "format", "f", opts.Format, "output format: table or json")
	show.Flags().BoolVar(&opts.Wide, "wide", false, "table: each rate's source on its line instead of numbered below (wider than 80 columns)")
	cmd.AddCommand(show, newPricingRefreshCmd(), newPricingDiffCmd())
	return cmd
}

func showPricing(opts *pricingShowOptions, w io.Writer) error {
	book, err := bookFor(opts.Region)
	if opts.PriceBook != "" {
		book, err = readBookFile(opts.PriceBook)
	}
	if err != nil {
		return err
	}
	switch opts.Format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(book)
	case "table":
	default:
		return usageError{fmt.Errorf("--format: expected table or json, got %q", opts.Format)}
	}
	fmt.Fprintf(w, "%s: %s, %s, effective %s\n", book.ID, book.Region, book.Currency, book.EffectiveDate)
	if book.Fallback != "" {
		fmt.Fprintf(w, "rates not listed here come from %s\n", book.Fallback)
	}
	fmt.Fprintln(w)
	if opts.Wide {
		return showPricingWide(book, w)
	}
	var sources []string
	ref := func(source string) string {
		for i, s := range sources {
			if s == source {
				return fmt.Sprint(i + 1)
			}
		}
		sources = append(sources, source)
		return fmt.Sprint(len(sources))
	}
	var rows [][]string
	for _, id := range sortedIDs(book.Rates) {
		r := book.Rates[id]
		rows = append(rows, []string{id, priceLines(r), r.Unit, r.Confidence, ref(r.Source)})
	}
	if err := fitTable(w, outputWidth, 1, []string{"RATE", "PRICE", "UNIT", "CONF", "SRC"}, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, id := range sortedIDs(book.Facts) {
		f := book.Facts[id]
		rows = append(rows, []string{id, fmt.Sprintf("%g %s", f.Value, f.Unit), f.Confidence, ref(f.Source)})
	}
	if len(rows) > 0 {
		fmt.Fprintln(w)
		if err := fitTable(w, outputWidth, 1, []string{"FACT", "VALUE", "CONF", "SRC"}, rows); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nSources (SRC):")
	for i, s := range sources {
		for n, line := range wrapText(s, outputWidth-6) {
			if n == 0 {
				fmt.Fprintf(w, "%4s  %s\n", fmt.Sprintf("%d", i+1), line)
			} else {
				fmt.Fprintf(w, "      %s\n", line)
			}
		}
	}
	return nil
}

// showPricingWide is the table with each rate's source on its line: as
// wide as the longest source.
func showPricingWide(book *pricing.Book, w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RATE\tPRICE\tUNIT\tCONF\tSOURCE")
	for _, id := range sortedIDs(book.Rates) {
		r := book.Rates[id]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", id, priceText(r), r.Unit, r.Confidence, r.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FACT\tVALUE\tUNIT\tCONF\tSOURCE")
	for _, id := range sortedIDs(book.Facts) {
		f := book.Facts[id]
		fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\n", id, f.Value, f.Unit, f.Confidence, f.Source)
	}
	return tw.Flush()
}

func sortedIDs[V any](m map[string]V) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// priceLines writes a flat price, or a tiered one a tier a line.
func priceLines(r pricing.Rate) string {
	if len(r.Tiers) == 0 {
		return fmt.Sprintf("%g", r.Price)
	}
	return strings.ReplaceAll(priceText(r), ", ", "\n")
}

// priceText writes a flat price, or a tiered one as price/limit steps.
func priceText(r pricing.Rate) string {
	if len(r.Tiers) == 0 {
		return fmt.Sprintf("%g", r.Price)
	}
	var parts []string
	for _, t := range r.Tiers {
		if t.UpTo == 0 {
			parts = append(parts, fmt.Sprintf("%g beyond", t.Price))
		} else {
			parts = append(parts, fmt.Sprintf("%g to %g", t.Price, t.UpTo))
		}
	}
	return strings.Join(parts, ", ")
}
