package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/model"

	"github.com/trailwise/trailwise/input"
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
` + strategyList(helpWidth) + `

With no command on a terminal, trailwise opens the interactive interface on the
embedded sample organization (as 'trailwise tui'); elsewhere (a pipe, a file) it
prints the estimate table.`,
		Example: `  trailwise              # the interface on a terminal, the estimate in a pipe
  trailwise samples      # the embedded sample organizations
  trailwise estimate --sample enterprise --format markdown
  trailwise estimate --dataset org.json --scenario scenario.yaml \
    --format json > run.json
  trailwise scenario init  # write an annotated scenario.yaml`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		// 'trailwise' alone runs, so cobra would not suggest a command for
		// a mistyped one: rootArgs does.
		Args:                       rootArgs,
		SuggestionsMinimumDistance: 2,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if onTerminal(cmd.OutOrStdout()) {
				return runTUI(defaultTUIOptions(), cmd.InOrStdin(), cmd.OutOrStdout())
			}
			opts.Notes = cmd.ErrOrStderr()
			opts.Progress = cmd.ErrOrStderr()
			return runEstimate(opts, cmd.OutOrStdout())
		},
	}
	addInputLimitFlag(root)
	root.SetVersionTemplate("trailwise {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{errors.New(err.Error() + " (see '" + c.CommandPath() + " --help')")}
	})
	root.AddCommand(newEstimateCmd(), newSamplesCmd(), newPricingCmd(), newScenarioCmd(), newRankCmd(), newExplainCmd(), newCollectCmd(), newTUICmd(), newReportCmd(), newVersionCmd())
	root.AddCommand(newTrialCmd())
	root.AddCommand(newPolicyCmd())
	root.AddCommand(newPlanCmd())
	registerFlagCompletions(root)
	wrapHelp(root)
	refuseUnknownSubcommands(root)
	return root
}

// strategyList lists the strategy families for the help: each id, and
// beside it the family's help sentence wrapped to width.
func strategyList(width int) string {
	const idWidth = 18
	var lines []string
	for _, f := range model.Families() {
		for i, l := range wrapText(f.Help, width-idWidth-4) {
			id := ""
			if i == 0 {
				id = f.ID
			}
			lines = append(lines, fmt.Sprintf("  %-*s  %s", idWidth, id, l))
		}
	}
	return strings.Join(lines, "\n")
}

// addInputLimitFlag adds --max-input-size to every command: the most
// trailwise reads of one input file, so that a wrong path (/dev/zero, a
// disk image) is a one-line refusal instead of a process that eats memory.
func addInputLimitFlag(root *cobra.Command) {
	defaultDoc, defaultDataset := input.MaxDocumentBytes, input.MaxDatasetBytes
	var size string
	root.PersistentFlags().StringVar(&size, "max-input-size", "",
		"the most trailwise reads of one input file, e.g. 16GiB (default "+input.FormatSize(defaultDataset)+
			" for a dataset, which is streamed, "+input.FormatSize(defaultDoc)+" for other files)")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		input.MaxDocumentBytes, input.MaxDatasetBytes = defaultDoc, defaultDataset
		if !cmd.Flags().Changed("max-input-size") {
			return nil
		}
		n, err := input.ParseSize(size)
		if err != nil {
			return usageError{fmt.Errorf("--max-input-size: %w", err)}
		}
		input.SetLimit(n)
		return nil
	}
}

// refuseUnknownSubcommands makes a group of commands ('pricing', 'trial')
// refuse a word that is none of its commands, suggesting the likely one:
// cobra would print the group's help and exit 0.
func refuseUnknownSubcommands(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		refuseUnknownSubcommands(c)
	}
	if cmd.HasParent() && cmd.HasSubCommands() && !cmd.Runnable() {
		cmd.Args = rootArgs
		cmd.SuggestionsMinimumDistance = 2
		cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
	}
}

// rootArgs refuses arguments to 'trailwise' alone (or a group of
// commands), suggesting the command a mistyped word was probably meant to be.
func rootArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageError{errors.New(msg + " (see '" + cmd.CommandPath() + " --help')")}
}

// flagGroupError says cobra's refusal of two exclusive flags in the tool's
// words: "give either --sample or --dataset, not both".
var flagGroupError = regexp.MustCompile(`^if any flags in the group \[([^\]]*)\] are set none of the others can be`)

func plainFlagError(err error) error {
	m := flagGroupError.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	names := strings.Fields(m[1])
	for i, n := range names {
		names[i] = "--" + n
	}
	if len(names) == 2 {
		return usageError{fmt.Errorf("give either %s or %s, not both", names[0], names[1])}
	}
	return usageError{fmt.Errorf("give only one of %s", strings.Join(names, ", "))}
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
