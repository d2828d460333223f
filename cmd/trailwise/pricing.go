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
	Region string
	Format string
}

func newPricingCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pricing",
		Short: "Show the price books trailwise prices with",
	}
	opts := &pricingShowOptions{Region: "us-east-1", Format: "table"}
	show := &cobra.Command{
		Use:   "show",
		Short: "Print a region's price book: every rate, its unit, source and confidence",
		Long: `Print the dated price book for a region. Every rate carries its source and a
confidence tag: P = AWS pricing page or Price List API, S = secondary sources that
agree, D = derived from other facts, U = unconfirmed. Rates a region's book lacks
are taken from its fallback book, and estimate marks the lines priced that way.`,
		Example: `  trailwise pricing show
  trailwise pricing show --region ap-northeast-1 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return showPricing(opts, cmd.OutOrStdout())
		},
	}
	show.Flags().StringVar(&opts.Region, "region", opts.Region, "region of the book ("+strings.Join(pricing.Regions(), ", ")+")")
	show.Flags().StringVarP(&opts.Format, "format", "f", opts.Format, "output format: table or json")
	cmd.AddCommand(show)
	return cmd
}

func showPricing(opts *pricingShowOptions, w io.Writer) error {
	book, err := pricing.ForRegion(opts.Region)
	if err != nil {
		return usageError{fmt.Errorf("--region: %w", err)}
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
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RATE\tPRICE\tUNIT\tCONF\tSOURCE")
	ids := make([]string, 0, len(book.Rates))
	for id := range book.Rates {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := book.Rates[id]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", id, priceText(r), r.Unit, r.Confidence, r.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FACT\tVALUE\tUNIT\tCONF\tSOURCE")
	ids = ids[:0]
	for id := range book.Facts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := book.Facts[id]
		fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\n", id, f.Value, f.Unit, f.Confidence, f.Source)
	}
	return tw.Flush()
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
