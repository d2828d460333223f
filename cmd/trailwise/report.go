package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/report"
)

type reportOptions struct {
	From      string
	Format    string
	ByAccount bool
}

func newReportCmd() *cobra.Command {
	opts := &reportOptions{Format: "table"}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Render a saved report again, in any format, without recomputing",
		Long: `Render a report saved by 'trailwise estimate --format json' or 'trailwise rank
--format json' (trailwise.report/v1) again, in any format, without recomputing:
compute once, render many. The file is read strictly: a wrong schema id, an
unknown field or an amount that is not a decimal string with its fixed places
is an error naming the file and the JSON path. --format json writes the file
back byte for byte.

--format csv writes one row per month, strategy and cost line; with
--by-account, one row per month, strategy, cost line and account: each line
spread over the accounts by their share of its driver (events, bytes, stored
bytes, files), members' lines as billed to each account, central lines as
charged back to the accounts they serve. --format focus writes the same
spread as FOCUS rows (FinOps Open Cost and Usage Specification column names,
the chargeback as allocated charges) for FinOps tools; --format html writes one
self-contained page to open, mail or print, with charts. 'trailwise report
schema' prints the JSON Schema of the report.`,
		Example: `  trailwise estimate --format json > run.json
  trailwise report --from run.json --format markdown > decision.md
  trailwise report --from run.json --format csv --by-account > chargeback.csv
  trailwise report --from run.json --format focus > trailwise-focus.csv
  trailwise report --from run.json --format html > decision.html
  trailwise rank --format json | trailwise report --from - --format markdown
  trailwise report schema > report.v1.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(opts, cmd.InOrStdin(), cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.From, "from", "", "saved report to render (JSON; - for stdin)")
	f.StringVarP(&opts.Format, "format", "f", opts.Format, "format: "+strings.Join(report.Formats, ", "))
	f.BoolVar(&opts.ByAccount, "by-account", false, "with --format csv: a row per account (chargeback)")
	cmd.AddCommand(&cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema (draft 2020-12) of trailwise.report/v1",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(report.SchemaJSON)
			return err
		},
	})
	return cmd
}

// runReport reads the saved report and renders it; nothing is written
// unless all of it rendered.
func runReport(o *reportOptions, r io.Reader, w io.Writer) error {
	if o.From == "" {
		return usageError{errorf("--from: give the saved report to render, e.g. --from run.json")}
	}
	if err := checkFormat(o.Format, o.ByAccount); err != nil {
		return err
	}
	var doc *report.Document
	var err error
	if o.From == "-" {
		data, rerr := input.ReadAll("<stdin>", r)
		if rerr != nil {
			return rerr
		}
		doc, err = report.Parse("<stdin>", data)
	} else {
		doc, err = report.Read(o.From)
	}
	if err != nil {
		return err
	}
	return renderWhole(w, func(out io.Writer) error {
		return report.RenderWith(out, doc, o.Format, report.Options{ByAccount: o.ByAccount})
	})
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// checkFormat checks --format and --by-account before any work is done.
func checkFormat(format string, byAccount bool) error {
	if !slices.Contains(report.Formats, format) {
		return usageError{errorf("--format: expected one of %s, got %q", strings.Join(report.Formats, ", "), format)}
	}
	if byAccount && format != "csv" {
		return usageError{errorf("--by-account: only with --format csv, got --format %s", format)}
	}
	return nil
}
