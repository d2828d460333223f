package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

type explainOptions struct {
	inputOptions
	Format    string
	Account   string
	Strategy  string
	Selectors bool
	Exclude   []string
}

func newExplainCmd() *cobra.Command {
	opts := &explainOptions{inputOptions: inputOptions{Sample: "small"}, Format: "table"}
	cmd := &cobra.Command{
		Use:   "explain",
		Short: "Say what drives the volume, and what recording less would save",
		Long: `Explain what the volume is made of and what it costs: the top event sources
and event names by events and bytes (from the dataset's breakdown, which
'collect --from-dir', '--engine athena' or 'lake' and LookupEvents samples
fill; Cost Explorer and the S3 listing cannot, and explain names the
accounts left without one), the sources AWS itself documents as
noisy (KMS, the RDS Data API, S3 data events on the log bucket), and for
each top source the saving of a selector that leaves it out, under every
strategy, ranked by saving, with what the organization would stop seeing.

Each strategy is priced on what its event selectors record: the scenario's
event_selectors (CloudTrail's advanced event selectors, per strategy id), or
every event measured. A candidate is those selectors less the source's
events, priced with the scenario's other assumptions.

--selectors writes instead the advanced event selectors, in the shape
PutEventSelectors takes (aws cloudtrail put-event-selectors --trail-name T
--cli-input-json file://selectors.json) and an event data store takes, that
record what the dataset measured less the --exclude sources a trail can
leave out (default: the noisy ones it can, kms.amazonaws.com and
rdsdata.amazonaws.com, where measured).`,
		Example: `  trailwise explain                        # the embedded 'small' sample
  trailwise explain --dataset org.json --account 111111111111
  trailwise explain --strategy trails-lake --format markdown > why.md
  trailwise explain --dataset org.json --selectors > selectors.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.MonthsSet = cmd.Flags().Changed("months")
			opts.Warnings = cmd.ErrOrStderr()
			opts.Notes = cmd.ErrOrStderr()
			opts.Progress = cmd.ErrOrStderr()
			return runExplain(opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.addFlags(cmd)
	f := cmd.Flags()
	f.StringVarP(&opts.Format, "format", "f", opts.Format, "output format: "+strings.Join(report.ExplainFormats, ", "))
	f.StringVar(&opts.Account, "account", "", "explain one account's volume (12-digit id); default the organization")
	f.StringVar(&opts.Strategy, "strategy", "", "price under one strategy (see 'trailwise estimate'); default every strategy")
	f.BoolVar(&opts.Selectors, "selectors", false, "write advanced event selector JSON for PutEventSelectors instead")
	f.StringSliceVar(&opts.Exclude, "exclude", nil, "with --selectors: event sources to leave out of management events (kms.amazonaws.com, rdsdata.amazonaws.com)")
	return cmd
}

// runExplain checks the command line, explains, and writes the result whole.
func runExplain(o *explainOptions, w, errw io.Writer) error {
	if !slices.Contains(report.ExplainFormats, o.Format) {
		return usageError{fmt.Errorf("--format: expected one of %s, got %q", strings.Join(report.ExplainFormats, ", "), o.Format)}
	}
	if o.Strategy != "" && !model.IsStrategyID(o.Strategy) {
		return usageError{fmt.Errorf("--strategy: expected one of %s, got %q", strings.Join(model.StrategyIDs(), ", "), o.Strategy)}
	}
	if len(o.Exclude) > 0 && !o.Selectors {
		return usageError{fmt.Errorf("--exclude: expected with --selectors")}
	}
	d, _, s, book, err := o.load()
	if err != nil {
		return err
	}
	if o.Account != "" {
		if _, ok := d.Account(o.Account); !ok {
			return usageError{fmt.Errorf("--account: expected an account of the dataset, got %q", o.Account)}
		}
	}
	var buf bytes.Buffer
	if o.Selectors {
		if err := writeSelectors(&buf, errw, d, o.Exclude); err != nil {
			return err
		}
	} else {
		x, err := model.Explain(d, s, book, model.ExplainOptions{Account: o.Account, Strategy: o.Strategy})
		if err != nil {
			return err
		}
		if err := report.RenderExplain(&buf, x, o.Format); err != nil {
			return err
		}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// writeSelectors writes the trail selectors that leave out the sources
// excluded (default: KMS and the RDS Data API where measured).
func writeSelectors(w, errw io.Writer, d *model.Dataset, exclude []string) error {
	if exclude == nil {
		for _, src := range []string{"kms.amazonaws.com", "rdsdata.amazonaws.com"} {
			if measuredManagement(d, src) {
				exclude = append(exclude, src)
			}
		}
	}
	var excl []model.Exclusion
	for _, src := range exclude {
		if src != "kms.amazonaws.com" && src != "rdsdata.amazonaws.com" {
			return usageError{fmt.Errorf("--exclude: expected kms.amazonaws.com or rdsdata.amazonaws.com (the management event sources a trail can leave out), got %q", src)}
		}
		excl = append(excl, model.Exclusion{EventSource: src, Category: model.ClassManagement})
	}
	sels, notes := model.TrailSelectors(d, excl)
	out, err := json.MarshalIndent(struct {
		AdvancedEventSelectors []model.EventSelector
	}{sels}, "", "  ")
	if err != nil {
		return err
	}
	if _, err := w.Write(append(out, '\n')); err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(errw, "trailwise: note: "+n)
	}
	return nil
}

// measuredManagement reports whether the breakdown has management events
// of the source.
func measuredManagement(d *model.Dataset, source string) bool {
	for _, b := range d.Breakdown {
		for _, s := range b.Sources {
			if s.EventSource == source && (s.Category == model.CategoryManagementRead || s.Category == model.CategoryManagementWrite) {
				return true
			}
		}
	}
	return false
}
