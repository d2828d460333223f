package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// version is the tool's version, written into every report.
var version = "0.1.0"

// usageError marks a command line that is wrong, as opposed to input that is.
type usageError struct{ error }

// exitCode ends a command that did its work with a non-zero exit code and
// nothing more to say on stderr (collect's 3: the dataset is partial).
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit %d", int(c)) }

// isUsageError tells a wrong command line, ours or one cobra caught (its
// errors carry no type, so they are known by their words).
func isUsageError(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument",
		"required flag", "if any flags in the group", "at least one of the flags in the group", "accepts ", "unknown help topic"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return strings.Contains(msg, "flag needs an argument")
}

// oneLine keeps an error to one line for the terminal.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func newRootCmd() *cobra.Command {
	opts := defaultEstimateOptions()
	root := &cobra.Command{
		Use:   "trailwise",
		Short: "Compare the ways of managing CloudTrail across an AWS Organization, priced on measured volume",
		Long: `trailwise measures an AWS Organization's CloudTrail volume, prices every way of
managing CloudTrail on those measurements, and compares them month by month.

Strategies compared (stable ids):
  org-trail            one organization trail to a central bucket (plus member-access
                       variants org-trail/per-account-policy, /policy-variable, /lake-formation)
  trails-replication   a trail and bucket per account, S3 replication to a central bucket
  trails-lake          a trail per account + an organization CloudTrail Lake event data store
  cloudwatch-logs      CloudTrail events delivered to CloudWatch Logs, Logs Insights queries
  security-lake        Amazon Security Lake (OCSF Parquet) fed by an organization trail

With no command on a terminal, trailwise opens the interactive interface on the
embedded sample organization (as 'trailwise tui'); elsewhere (a pipe, a file) it
prints the estimate table.`,
		Example: `  trailwise                                   # the interface on a terminal, the estimate table in a pipe
  trailwise estimate --sample enterprise --format markdown
  trailwise estimate --dataset org.json --scenario scenario.yaml --format json > run.json
  trailwise scenario init                     # write an annotated scenario.yaml`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if onTerminal(cmd.OutOrStdout()) {
				return runTUI(defaultTUIOptions(), cmd.InOrStdin(), cmd.OutOrStdout())
			}
			return runEstimate(opts, cmd.OutOrStdout())
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{errors.New(err.Error() + " (see '" + c.CommandPath() + " --help')")}
	})
	root.AddCommand(newEstimateCmd(), newSamplesCmd(), newPricingCmd(), newScenarioCmd(), newRankCmd(), newCollectCmd(), newTUICmd(), newReportCmd(), newVersionCmd())
	root.AddCommand(newTrialCmd())
	root.AddCommand(newPolicyCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			cmd.Println("trailwise " + version)
		},
	}
}
