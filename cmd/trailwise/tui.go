package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
	"github.com/trailwise/trailwise/tui"
)

type tuiOptions struct {
	inputOptions
	Report   string
	Preset   string
	Method   string
	Criteria string
}

func defaultTUIOptions() *tuiOptions {
	return &tuiOptions{inputOptions: inputOptions{Sample: "small"}, Preset: model.DefaultPreset, Method: model.MethodWeightedSum}
}

func newTUICmd() *cobra.Command {
	opts := defaultTUIOptions()
	cmd := &cobra.Command{
		Use:   "tui",
		Short: "Explore the strategies interactively, in the terminal",
		Long: `Open the interactive terminal interface (also what 'trailwise' alone opens on a
terminal). Six pages, switched with tab or the number keys, help at '?':

  1 Ranking      strategies in rank order, score bars, cost a month, why
                 some are unavailable
  2 Costs        one strategy's cost lines by component and payer, month by
                 month; 'c' compares two
  3 Accounts     what each account pays under each strategy; '/' filters,
                 's' sorts
  4 Weights      change the criteria's weights or pick a preset: the ranking
                 follows at once
  5 Assumptions  change scenario values: every strategy is priced again
  6 Why          each criterion's score for the selected strategy, and its
                 reason

'e' writes the report JSON and the Markdown decision record to new files in the
current directory. --report FILE opens a saved report (trailwise rank --format
json) read-only: nothing is recomputed.`,
		Example: `  trailwise tui                              # the embedded 'small' sample
  trailwise tui --sample enterprise --preset cost-first
  trailwise tui --dataset org.json --scenario scenario.yaml
  trailwise rank --format json > run.json && trailwise tui --report run.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.MonthsSet = cmd.Flags().Changed("months")
			if opts.Report != "" {
				for _, f := range []string{"sample", "dataset", "scenario", "months", "region", "price-book", "preset", "method", "criteria"} {
					if cmd.Flags().Changed(f) {
						return usageError{fmt.Errorf("--report opens a saved report as it is: it cannot be used with --%s", f)}
					}
				}
			}
			opts.Progress = cmd.ErrOrStderr()
			return runTUI(opts, cmd.InOrStdin(), cmd.OutOrStdout())
		},
	}
	opts.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.Report, "report", "", "a saved report JSON (trailwise rank --format json) to open read-only")
	f.StringVar(&opts.Preset, "preset", opts.Preset, "weight preset to start from: "+strings.Join(model.PresetNames(), ", "))
	f.StringVar(&opts.Method, "method", opts.Method, "ranking method to start with: "+strings.Join(model.Methods, ", "))
	f.StringVar(&opts.Criteria, "criteria", "", "criteria file (YAML or JSON) whose scores replace the embedded ones it names")
	return cmd
}

// onTerminal reports whether w is a terminal: 'trailwise' alone opens the
// interface there and prints the estimate table anywhere else.
func onTerminal(w io.Writer) bool { return isTTY(w) }

// isTTY reports whether a standard stream (reader or writer) is a
// terminal; /dev/null, a character device too, is not.
func isTTY(stream any) bool {
	if s, ok := stream.(*safeWriter); ok {
		stream = s.w
	}
	f, ok := stream.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// needTerminal refuses to start the interface when its keys or its screen
// are not a terminal: it would write escape codes into a pipe or a file and
// fail to read keys from /dev/null.
func needTerminal(in io.Reader, out io.Writer) error {
	if isTTY(in) && isTTY(out) {
		return nil
	}
	return usageError{errors.New("tui needs a terminal: run it in one, or use estimate or rank")}
}

// runTUI loads the inputs (or the saved report) and runs the interface.
func runTUI(o *tuiOptions, in io.Reader, out io.Writer) error {
	out = raw(out) // the interface draws with escape codes; it escapes text from input itself
	if o.Report != "" {
		doc, err := tui.ReadReport(o.Report)
		if err != nil {
			return err
		}
		if err := needTerminal(in, out); err != nil {
			return err
		}
		return tui.Run(tui.Options{Report: report.SafeDocument(doc), ReportName: report.SafeText(o.Report)}, in, out)
	}
	if !slices.Contains(model.Methods, o.Method) {
		return usageError{fmt.Errorf("--method: expected one of %s, got %q", strings.Join(model.Methods, ", "), o.Method)}
	}
	w, err := model.PresetWeights(o.Preset)
	if err != nil {
		return usageError{fmt.Errorf("--preset: %w", err)}
	}
	crit := model.DefaultCriteria()
	if o.Criteria != "" {
		if crit, err = input.ReadCriteria(o.Criteria); err != nil {
			return err
		}
	}
	d, name, err := o.loadDataset()
	if err != nil {
		return err
	}
	if err := o.applyPriceBook(); err != nil {
		return err
	}
	s, err := o.loadScenario()
	if err != nil {
		return err
	}
	if _, err := bookFor(s.Region); err != nil {
		return err
	}
	if err := needTerminal(in, out); err != nil {
		return err
	}
	eng := tui.NewEngine(report.SafeDataset(d), report.SafeText(name), crit, model.DefaultUncertainty(), version, time.Now())
	return tui.Run(tui.Options{Engine: eng, Scenario: s, Weights: w, Preset: o.Preset, Method: o.Method}, in, out)
}
