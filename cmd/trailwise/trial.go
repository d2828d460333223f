package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

type trialOptions struct {
	Sample, Dataset, Scenario, Region string
	PriceBook                         string
	Strategy                          string
	Precision, Confidence             string
	Usage                             string
	Format                            string
	CE                                ceTrialOptions
}

func (o *trialOptions) addFlags(cmd *cobra.Command, plan bool) {
	f := cmd.Flags()
	f.StringVar(&o.Strategy, "strategy", "", "the strategy to trial (required): "+strings.Join(model.TrialStrategies, ", ")+
		"; a CloudWatch route bills under usage types of its own: "+strings.Join(model.TrialVariants(), ", "))
	f.StringVar(&o.Sample, "sample", "small", "embedded sample organization to use when no --dataset is given (see 'trailwise samples')")
	f.StringVar(&o.Dataset, "dataset", "", "dataset file (trailwise.dataset/v1 JSON, or .json.gz), as 'trailwise collect' writes it")
	f.StringVar(&o.Scenario, "scenario", "", "scenario file (YAML or JSON) with your assumptions")
	f.StringVar(&o.Region, "region", "", "pricing region (overrides the scenario's region)")
	f.StringVar(&o.PriceBook, "price-book", "", priceBookFlagHelp)
	if plan {
		f.StringVar(&o.Precision, "precision", "10%", "relative half-width wanted on the org-wide monthly estimate: 1% to 50%, as 10% or 0.1")
	}
	f.StringVar(&o.Confidence, "confidence", "90%", "confidence of the interval")
	f.StringVarP(&o.Format, "format", "f", "table", "output format: "+strings.Join(report.TrialFormats, ", "))
	cmd.MarkFlagsMutuallyExclusive("sample", "dataset")
}

func newTrialCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trial",
		Short: "Size a trial of a managed strategy, then project its usage",
		Long: `Before adopting a managed strategy, try it on a few accounts, check the cost is
acceptable, then adopt. 'trial plan' picks the accounts, says how many days to
run and what the trial costs; 'trial project' turns what the trial was billed
into an org-wide month and year with an interval.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newTrialPlanCmd(), newTrialProjectCmd())
	return cmd
}

func newTrialPlanCmd() *cobra.Command {
	o := &trialOptions{}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Choose the trial accounts, the days to run and the trial's cost",
		Long: `Stratify the accounts with usage by OU and measured volume (bands of equal total
volume within each OU), pick the account nearest each stratum's median (the
fewest accounts that represent every stratum), and say why each was picked.

Days: the stratified ratio estimate's variance from the day-to-day variation
each trial account shows in the dataset gives the days after which the
org-wide monthly estimate is within --precision at --confidence; the plan runs
at least one week, in whole weeks. Free-trial windows come from the price book.

The cost is the engine's first-month lines of the strategy's own service
(queries aside) for each trial account's share, per day, times the days,
less the free-trial days; lines billed to a central account are counted at
the trial accounts' share of the bytes. The Cost Explorer usage types to watch
carry the pricing region's code.`,
		Example: `  trailwise trial plan --strategy security-lake --sample enterprise
  trailwise trial plan --strategy cloudwatch-logs --dataset org.json \
    --precision 5% --confidence 95%
  trailwise trial plan --strategy trails-lake --sample enterprise --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTrialPlan(o, cmd.OutOrStdout())
		},
	}
	o.addFlags(cmd, true)
	return cmd
}

func newTrialProjectCmd() *cobra.Command {
	o := &trialOptions{}
	cmd := &cobra.Command{
		Use:   "project",
		Short: "Project a trial's measured usage to the organization",
		Long: `Read the trial's usage as Cost Explorer reports it, one row per day, linked
account and usage type, in a CSV file with exactly this header:

  date,linked_account,usage_type,usage_quantity,unblended_cost

(date YYYY-MM-DD; linked_account 12 digits; usage_type with its region code,
e.g. USE1-PaidCloudTrailEvents-Bytes; usage_quantity in Cost Explorer's unit,
GB for the -Bytes usage types; unblended_cost in USD). Rows of other usage
types are counted and left out. Every account in the file is a trial account;
its stratum is the one 'trial plan' gives it.

Each stratum is scaled by its measured volume in the dataset (the trial
accounts' billed quantity per unit of their measured volume, times the
stratum's), with an interval from how far the trial accounts' ratios spread
and the stratum sizes. Each component is compared with what the model
predicted for the trial accounts over the same days before the trial.

--from-cost-explorer reads the same usage from Cost Explorer instead, for the
trial's days (--start, --end), from the management account (--profile): the
usage types of the strategy's service alone ("Amazon Security Lake"; "AWS
CloudTrail" for CloudTrail Lake; "AmazonCloudWatch" for CloudWatch Logs), day
by day per account. CloudWatch's DataProcessing-Bytes is all of an account's
CloudWatch Logs ingestion, not only the trail's, and every account that has
some counts as a trial account: where other logs are ingested, export the
trial accounts' rows and give --usage. Every page is a paid request (0.01
USD): requests are counted and capped (--max-ce-requests, default 20), answers
are cached, and --dry-run says what a run would spend without spending it.

--from-billing-export PATH reads the same usage from the organization's bill
instead, for free: an AWS Data Exports delivery (CUR 2.0 or FOCUS 1.x; CSV,
CSV.gz or Parquet), one file, a folder of them or s3://BUCKET/PREFIX, as
'trailwise collect --help' describes. Every day the export holds is read, or
--start to --end.`,
		Example: `  trailwise trial project --strategy security-lake --sample enterprise \
    --usage trial.csv
  trailwise trial project --strategy cloudwatch-logs --dataset org.json \
    --usage ce.csv --format json
  trailwise trial project --strategy security-lake --dataset org.json \
    --from-cost-explorer --start 2026-10-01 --end 2026-10-14 --dry-run
  trailwise trial project --strategy cloudwatch-logs --dataset org.json \
    --from-cost-explorer --start 2026-10-01 --end 2026-10-14
  trailwise trial project --strategy security-lake --dataset org.json \
    --from-billing-export ./cur2-export/ --start 2026-10-01 --end 2026-10-14`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTrialProject(o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	o.addFlags(cmd, false)
	f := cmd.Flags()
	f.StringVar(&o.Usage, "usage", "", "the trial's measured usage, a CSV file (see above)")
	f.StringVar(&o.CE.FromBillingExport, "from-billing-export", "", "read the trial's usage from a billing export (CUR 2.0 or FOCUS; a file, a folder or s3://BUCKET/PREFIX), free")
	f.BoolVar(&o.CE.FromCostExplorer, "from-cost-explorer", false, "read the trial's usage from Cost Explorer (paid: 0.01 USD a page) instead of --usage")
	f.StringVar(&o.CE.Start, "start", "", "the trial's first day, YYYY-MM-DD (with --from-cost-explorer; optional with --usage)")
	f.StringVar(&o.CE.End, "end", "", "the trial's last day, YYYY-MM-DD (with --from-cost-explorer; optional with --usage)")
	f.StringVar(&o.CE.Profile, "profile", "", "AWS profile of the management account (with --from-cost-explorer)")
	f.IntVar(&o.CE.MaxCERequests, "max-ce-requests", 20, "most paid Cost Explorer requests to send (with --from-cost-explorer)")
	f.BoolVar(&o.CE.DryRun, "dry-run", false, "say what --from-cost-explorer would spend, and stop")
	f.StringVar(&o.CE.EndpointURL, "endpoint-url", "", "Organizations and Cost Explorer endpoint to call instead of AWS's (with --from-cost-explorer)")
	return cmd
}

// The sane range of --precision: tighter than 1% asks months of trial for
// nothing the prices can tell apart; looser than 50% is no measurement.
const minPrecision, maxPrecision = 0.01, 0.5

// readPrecision reads --precision as "10%" or its fraction "0.1". A bare
// number of 1 or more ("1", "10") could mean either a percent or a
// fraction, so it is refused, as is a value outside 1% to 50%.
func readPrecision(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	switch {
	case err != nil:
		return 0, usageError{fmt.Errorf("--precision: expected a percentage like 10%% (or 0.1), got %q", s)}
	case !pct && v >= 1 && v <= maxPrecision*100:
		return 0, usageError{fmt.Errorf("--precision: %q is ambiguous: write %s%% for a percentage, or a fraction like 0.1 for 10%%", s, t)}
	case pct:
		v /= 100
	}
	if !(v >= minPrecision && v <= maxPrecision) {
		return 0, usageError{fmt.Errorf("--precision: expected 1%% to 50%% (0.01 to 0.5), got %s", s)}
	}
	return v, nil
}

// percent reads "95%", "0.95" or "95" (a bare number above 1 is percent).
func percent(flag, s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	if err != nil {
		return 0, usageError{fmt.Errorf("--%s: expected a percentage like 10%%, got %q", flag, s)}
	}
	if pct || v >= 1 {
		v /= 100
	}
	return v, nil
}

// load reads the dataset, scenario and price book, and the options.
func (o *trialOptions) load(plan bool) (*model.Dataset, string, model.Scenario, *pricing.Book, model.TrialOptions, error) {
	var to model.TrialOptions
	fail := func(err error) (*model.Dataset, string, model.Scenario, *pricing.Book, model.TrialOptions, error) {
		return nil, "", model.Scenario{}, nil, to, err
	}
	if o.Strategy == "" {
		return fail(usageError{fmt.Errorf("--strategy is required: one of %s", strings.Join(model.TrialStrategies, ", "))})
	}
	given := 0
	for _, g := range []bool{o.Usage != "", o.CE.FromCostExplorer, o.CE.FromBillingExport != ""} {
		if g {
			given++
		}
	}
	if !plan && given == 0 {
		return fail(usageError{fmt.Errorf("--usage FILE, --from-cost-explorer or --from-billing-export PATH is required: the trial's usage (see 'trailwise trial project --help')")})
	}
	if !plan && given > 1 {
		return fail(usageError{fmt.Errorf("--usage, --from-cost-explorer and --from-billing-export: give one")})
	}
	if !plan && o.CE.DryRun && !o.CE.FromCostExplorer {
		return fail(usageError{fmt.Errorf("--dry-run goes with --from-cost-explorer")})
	}
	if !plan && o.CE.MaxCERequests < 1 {
		return fail(usageError{fmt.Errorf("--max-ce-requests: expected 1 or more, got %d", o.CE.MaxCERequests)})
	}
	if !slices.Contains(report.TrialFormats, o.Format) {
		return fail(usageError{fmt.Errorf("--format: expected one of %s, got %q", strings.Join(report.TrialFormats, ", "), o.Format)})
	}
	to.Strategy = o.Strategy
	if !plan {
		to.Start, to.End = o.CE.Start, o.CE.End
		for _, day := range []struct{ flag, v string }{{"start", o.CE.Start}, {"end", o.CE.End}} {
			if _, ok := model.ParseDay(day.v); day.v != "" && !ok {
				return fail(usageError{fmt.Errorf("--%s: expected a day as YYYY-MM-DD, got %q", day.flag, day.v)})
			}
		}
		if (to.Start == "") != (to.End == "") || to.Start > to.End {
			return fail(usageError{fmt.Errorf("--start and --end: give both, the start on or before the end")})
		}
	}
	var err error
	to.Precision = 0.1
	if plan {
		if to.Precision, err = readPrecision(o.Precision); err != nil {
			return fail(err)
		}
	}
	if to.Confidence, err = percent("confidence", o.Confidence); err != nil {
		return fail(err)
	}
	if err := to.Validate(); err != nil {
		return fail(usageError{fmt.Errorf("--%s", err)})
	}
	in := inputOptions{Sample: o.Sample, Dataset: o.Dataset, Scenario: o.Scenario, Region: o.Region, PriceBook: o.PriceBook}
	d, name, s, book, err := in.load()
	if err != nil {
		return fail(err)
	}
	return d, name, s, book, to, nil
}

func runTrialPlan(o *trialOptions, w io.Writer) error {
	d, name, s, book, to, err := o.load(true)
	if err != nil {
		return err
	}
	plan, err := model.PlanTrial(d, s, book, to)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return report.RenderTrialPlan(w, plan, name, o.Format)
}

func runTrialProject(o *trialOptions, w, errw io.Writer) error {
	d, name, s, book, to, err := o.load(false)
	if err != nil {
		return err
	}
	var rows []model.TrialUsage
	source := o.Usage
	if o.CE.FromBillingExport != "" {
		source = o.CE.FromBillingExport
		if rows, err = trialUsageFromExport(&o.CE, o.Strategy, errw); err != nil {
			return err
		}
	} else if o.CE.FromCostExplorer {
		source = "cost-explorer:" + o.CE.Start + ".." + o.CE.End
		if rows, err = trialUsageFromCE(&o.CE, o.Strategy, errw); err != nil || o.CE.DryRun {
			return err
		}
	} else if rows, err = input.ReadTrialUsage(o.Usage); err != nil {
		return err
	}
	pr, err := model.ProjectTrial(d, s, book, to, rows)
	if err != nil {
		if _, ok := err.(*model.TrialRowError); ok {
			return fmt.Errorf("%s: %w", source, err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return report.RenderTrialProjection(w, pr, name, source, o.Format)
}
