package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/pricing/pricelist"
)

type pricingRefreshOptions struct {
	Region       string
	Out          string
	AllowMissing bool
	Profile      string
}

func newPricingRefreshCmd() *cobra.Command {
	o := &pricingRefreshOptions{}
	cmd := &cobra.Command{
		Use:   "refresh --region REGION [--out FILE]",
		Short: "Build a region's price book from the AWS Price List API",
		Long: `Read today's on-demand prices for a region from the AWS Price List Query API
(GetProducts, IAM action pricing:GetProducts; 'trailwise policy iam' includes
it) and write them as a price book. Every rate's source is the SKU, offer term
and effective date it was read from. Rates with no usage type of their own
in the Price List (they are named in the book's notes) are priced from the
region's embedded book, or us-east-1's, and marked as such.

A rate the Price List does not have for the region is an error naming it;
--allow-missing leaves it to the fallback book instead.

The book is written to FILE, or by default to the user's configuration
directory (trailwise/books/REGION-DATE.json there). Every command then
prices the region with the newest refreshed book ahead of the embedded one,
and says which book it used; --price-book FILE picks a book explicitly.
'trailwise pricing diff FILE' shows what changed from the embedded book.`,
		Example: `  trailwise pricing refresh --region eu-north-1
  trailwise pricing refresh --region eu-west-1 --out eu-west-1.json \
    --profile billing
  trailwise pricing diff eu-west-1.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPricingRefresh(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Region, "region", "", "the AWS region to price (required)")
	f.StringVar(&o.Out, "out", "", "file to write the book to (default: the user's trailwise/books directory)")
	f.BoolVar(&o.AllowMissing, "allow-missing", false, "leave rates the Price List lacks to the fallback book instead of failing")
	f.StringVar(&o.Profile, "profile", "", "AWS shared configuration profile to call the Price List API with")
	return cmd
}

func runPricingRefresh(ctx context.Context, o *pricingRefreshOptions, w io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	switch {
	case o.Region == "":
		return usageError{errors.New("--region: expected an AWS commercial region like eu-west-1, got none")}
	case !pricing.IsCommercialRegion(o.Region):
		return usageError{fmt.Errorf("--region: expected an AWS commercial region like eu-west-1, got %q", o.Region)}
	}
	cfg, err := loadAWSConfig(ctx, o.Profile, pricelist.APIRegion)
	if err != nil {
		return err
	}
	date := time.Now().UTC().Format("2006-01-02")
	book, err := pricelist.Build(ctx, pricelist.NewClient(cfg), pricelist.Options{Region: o.Region, Date: date, AllowMissing: o.AllowMissing})
	if err != nil {
		return err
	}
	path := o.Out
	if path == "" {
		dir, err := userBooksDir()
		if err != nil {
			return err
		}
		path = filepath.Join(dir, o.Region+"-"+date+".json")
	}
	if err := writeBook(book, path); err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote %s: %d rates from the Price List, the others from %s\n", book.ID, len(book.Rates), book.Fallback)
	fmt.Fprintf(w, "to %s\n", path)
	fmt.Fprintf(w, "compare: trailwise pricing diff %s\n", path)
	return nil
}

// writeBook writes the book as indented JSON, through a temporary file so
// that a failure leaves no half-written book to be read later.
func writeBook(b *pricing.Book, path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("file: %s: %w", path, err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("file: %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("file: %s: %w", path, err)
	}
	return nil
}
