package main

import (
	"fmt"
	"github.com/trailwise/trailwise/internal/textfmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

// inputOptions choose the dataset and scenario; several commands share them.
type inputOptions struct {
	Sample    string // embedded sample name; used when Dataset is empty
	Dataset   string // dataset file
	Scenario  string // scenario file (YAML or JSON)
	Months    int    // overrides horizon_months when MonthsSet
	MonthsSet bool
	Region    string // overrides region when set
	PriceBook string // --price-book: a book file, whose region is the pricing region
	// Uncertainty is the Monte Carlo run (--draws, --seed); nil means
	// model.DefaultUncertainty.
	Uncertainty *model.Uncertainty
	// Warnings receives the scenario's warnings; nil means standard error.
	Warnings io.Writer
	// Notes, when set, receives one-line notes on the inputs (standard
	// error), such as a dataset measured long before its prices.
	Notes io.Writer
	// Progress, when set and a terminal, shows the reading of a large
	// dataset (standard error).
	Progress io.Writer
}

type estimateOptions struct {
	inputOptions
	Format      string
	ByAccount   bool   // with csv: one row per account (chargeback)
	GeneratedAt string // RFC 3339; empty means now
}

func defaultEstimateOptions() *estimateOptions {
	mc := model.DefaultUncertainty()
	return &estimateOptions{inputOptions: inputOptions{Sample: "small", Uncertainty: &mc}, Format: "table"}
}

func (o *inputOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.Sample, "sample", o.Sample, "embedded sample organization to use when no --dataset is given (see 'trailwise samples')")
	f.StringVar(&o.Dataset, "dataset", "", "dataset file (trailwise.dataset/v1 JSON, or .json.gz), as 'trailwise collect' writes it")
	f.StringVar(&o.Scenario, "scenario", "", "scenario file (YAML or JSON) with your assumptions; 'trailwise scenario init' writes one")
	f.IntVar(&o.Months, "months", 0, "months to project, 1 to 120 (overrides the scenario's horizon_months; default 12)")
	f.StringVar(&o.Region, "region", "", "pricing region, e.g. us-east-1 or eu-west-1 (overrides the scenario's region); 'trailwise pricing show --help' lists the regions with a book")
	f.StringVar(&o.PriceBook, "price-book", "", priceBookFlagHelp)
	cmd.MarkFlagsMutuallyExclusive("sample", "dataset")
}

func newEstimateCmd() *cobra.Command {
	opts := defaultEstimateOptions()
	cmd := &cobra.Command{
		Use:   "estimate",
		Short: "Price every strategy, month by month, on a dataset",
		Long: `Price every CloudTrail management strategy on a dataset's measured volume
and print the comparison: for each strategy its cost in the first and last
month of the horizon, its first-year total, and its three largest cost lines.
Strategies that the organization cannot adopt are priced too, and say why
they are unavailable.

Every figure is a sum of cost lines (component, payer, unit, quantity, unit
price, cost); --format json writes all of them, with the inputs and price
sources, and every month's P10, P50 and P90 from a seeded Monte Carlo
simulation (--draws, --seed) with each strategy's probability of being the
cheapest. --format csv --by-account spreads every line over the accounts
(chargeback); --format focus writes FOCUS-shaped rows for FinOps tools and
--format html a self-contained page; 'trailwise report --from' renders a saved
JSON again in any format.`,
		Example: `  trailwise estimate                         # the embedded 'small' sample
  trailwise estimate --sample enterprise --months 24
  trailwise estimate --dataset org.json --scenario scenario.yaml \
    --region ap-northeast-1
  trailwise estimate --format csv > costs.csv
  trailwise estimate --format csv --by-account > chargeback.csv
  trailwise estimate --format json --draws 5000 --seed 7`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.MonthsSet = cmd.Flags().Changed("months")
			opts.Warnings = cmd.ErrOrStderr()
			opts.Notes = cmd.ErrOrStderr()
			opts.Progress = cmd.ErrOrStderr()
			return runEstimate(opts, cmd.OutOrStdout())
		},
	}
	opts.addFlags(cmd)
	cmd.Flags().StringVarP(&opts.Format, "format", "f", opts.Format, "output format: "+strings.Join(report.Formats, ", "))
	cmd.Flags().BoolVar(&opts.ByAccount, "by-account", false, "with --format csv: a row per account (chargeback)")
	cmd.Flags().StringVar(&opts.GeneratedAt, "generated-at", "", "time written into the report (RFC 3339), for reproducible output; default now")
	cmd.Flags().IntVar(&opts.Uncertainty.Draws, "draws", opts.Uncertainty.Draws, fmt.Sprintf("Monte Carlo draws for the P10/P50/P90 band, 0 to %d (0: none)", model.MaxDraws))
	cmd.Flags().Uint64Var(&opts.Uncertainty.Seed, "seed", opts.Uncertainty.Seed, "seed of the Monte Carlo draws (same seed, same output)")
	return cmd
}

// runEstimate loads the inputs, prices every strategy and writes the report.
// The output is rendered in full before anything is written, so a failure
// never leaves half a report.
func runEstimate(opts *estimateOptions, w io.Writer) error {
	if err := checkFormat(opts.Format, opts.ByAccount); err != nil {
		return err
	}
	doc, err := computeReport(&opts.inputOptions, opts.GeneratedAt)
	if err != nil {
		return err
	}
	return renderWhole(w, func(out io.Writer) error {
		return report.RenderWith(out, doc, opts.Format, report.Options{ByAccount: opts.ByAccount})
	})
}

// computeReport loads the inputs and builds the report document.
func computeReport(o *inputOptions, generatedAt string) (*report.Document, error) {
	when, err := parseGeneratedAt(generatedAt)
	if err != nil {
		return nil, err
	}
	e, err := o.estimate()
	if err != nil {
		return nil, err
	}
	return report.Build(e.c, e.d, e.meta(when))
}

// parseGeneratedAt reads --generated-at; empty means now.
func parseGeneratedAt(text string) (time.Time, error) {
	if text == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, text)
	if err != nil {
		return t, usageError{fmt.Errorf("--generated-at: expected a time like 2026-11-25T00:00:00Z, got %q", text)}
	}
	return t, nil
}

// load reads the dataset and the scenario, and finds the scenario's price book.
func (o *inputOptions) load() (*model.Dataset, string, model.Scenario, *pricing.Book, error) {
	d, name, err := o.loadDataset()
	if err != nil {
		return nil, "", model.Scenario{}, nil, err
	}
	if err := o.applyPriceBook(); err != nil {
		return nil, "", model.Scenario{}, nil, err
	}
	s, err := o.loadScenario()
	if err != nil {
		return nil, "", s, nil, err
	}
	book, err := bookFor(s.Region)
	if err != nil {
		// name where the region came from: the flag, or the scenario's field
		switch {
		case o.Region != "":
			err = fmt.Errorf("--region: %w", err)
		case o.Scenario != "":
			err = fmt.Errorf("%s: region: %w", o.Scenario, err)
		}
	}
	return d, name, s, book, err
}

// applyPriceBook reads the refreshed books of the user's books directory,
// then --price-book, whose region becomes the pricing region.
func (o *inputOptions) applyPriceBook() error {
	if err := loadUserBooks(); err != nil {
		return err
	}
	if o.PriceBook == "" {
		return nil
	}
	region, err := usePriceBook(o.PriceBook, o.Region)
	o.Region = region
	return err
}

// estimate loads the inputs and prices every strategy, with the Monte Carlo
// band the flags ask for.
func (o *inputOptions) estimate() (*estimated, error) {
	d, name, s, book, err := o.load()
	if err != nil {
		return nil, err
	}
	u := model.DefaultUncertainty()
	if o.Uncertainty != nil {
		u = *o.Uncertainty
	}
	if u.Draws < 0 || u.Draws > model.MaxDraws {
		return nil, usageError{fmt.Errorf("--draws: expected 0 to %d, got %d", model.MaxDraws, u.Draws)}
	}
	digest := report.DatasetDigestAside(d)
	c, err := model.EstimateWith(d, s, book, u)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if note := staleNote(d.Period, book); note != "" && o.Notes != nil {
		fmt.Fprintln(o.Notes, "trailwise: note: "+note)
	}
	return &estimated{c: c, d: d, name: name, digest: digest}, nil
}

// estimated is what estimate gives: the comparison, the dataset it priced
// and its name, and the dataset's digest, computed beside the pricing.
type estimated struct {
	c      *model.Comparison
	d      *model.Dataset
	name   string
	digest func() string
}

// meta is what the report says of its making, the digest waited for.
func (e *estimated) meta(when time.Time) report.Meta {
	return report.Meta{DatasetName: e.name, Version: version, GeneratedAt: when, DatasetDigest: e.digest()}
}

// staleAfterMonths is how long before its price book a dataset's period may
// end before a note says the volumes are old.
const staleAfterMonths = 12

// staleNote says when the dataset was measured more than a year before the
// price book's date: today's prices on volumes that may have changed.
func staleNote(p model.Period, book *pricing.Book) string {
	end, ok1 := model.ParseDay(p.End)
	priced, ok2 := model.ParseDay(book.EffectiveDate)
	if !ok1 || !ok2 || !end.AddDate(0, staleAfterMonths, 0).Before(priced) {
		return ""
	}
	months := (priced.Year()-end.Year())*12 + int(priced.Month()-end.Month())
	if priced.Day() < end.Day() {
		months--
	}
	return fmt.Sprintf("measured %s, priced at %s rates (%s later)", end.Format("2006-01"), book.EffectiveDate, plural(months/12, "year"))
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// loadDataset reads --dataset, or generates the --sample.
func (o *inputOptions) loadDataset() (*model.Dataset, string, error) {
	if o.Dataset != "" {
		progress, done := datasetProgress(o.Progress, o.Dataset)
		d, err := input.ReadDatasetProgress(o.Dataset, progress)
		done(d)
		return d, o.Dataset, err
	}
	d, err := fixtures.Load(o.Sample)
	if err != nil {
		return nil, "", usageError{fmt.Errorf("--sample: %w", err)}
	}
	return d, "sample:" + o.Sample, nil
}

// loadScenario reads --scenario (or takes the defaults) and applies the
// flags that override it.
func (o *inputOptions) loadScenario() (model.Scenario, error) {
	s := model.DefaultScenario()
	if o.Scenario != "" {
		var err error
		if s, err = input.ReadScenario(o.Scenario); err != nil {
			return s, err
		}
	}
	if o.MonthsSet {
		s.HorizonMonths = o.Months
	}
	if o.Region != "" {
		s.Region = o.Region
	}
	if err := s.Validate(); err != nil {
		return s, usageError{fmt.Errorf("%s", flagName(err.Error()))}
	}
	w := o.Warnings
	if w == nil {
		w = os.Stderr
	}
	for _, warning := range s.Warnings() {
		io.WriteString(w, textfmt.Indent(warning, "trailwise: warning: ", "  ", 80))
	}
	return s, nil
}

// flagName turns a scenario field error caused by a flag into the flag's name.
func flagName(msg string) string {
	msg = strings.Replace(msg, "horizon_months:", "--months:", 1)
	return strings.Replace(msg, "region:", "--region:", 1)
}
