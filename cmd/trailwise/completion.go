package main

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/plan"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

// formatValues are the --format values of each command that has the flag.
// A command missing here offers no completion for --format, which the
// completion test catches.
var formatValues = map[string][]string{
	"trailwise estimate":      report.Formats,
	"trailwise report":        report.Formats,
	"trailwise rank":          report.RankingFormats,
	"trailwise explain":       report.ExplainFormats,
	"trailwise pricing show":  pricingFormats,
	"trailwise trial plan":    report.TrialFormats,
	"trailwise trial project": report.TrialFormats,
	"trailwise plan":          {plan.FormatJSON, plan.FormatTerraform},
}

// flagValues lists, for a flag of a command, the values the shell offers;
// nil when the flag takes free text.
func flagValues(cmd *cobra.Command, flag string) []string {
	switch flag {
	case "sample":
		return fixtures.Names()
	case "preset":
		return model.PresetNames()
	case "method":
		return model.Methods
	case "strategy":
		if strings.HasPrefix(cmd.CommandPath(), "trailwise trial") {
			return append(slices.Clone(model.TrialStrategies), model.TrialVariants()...)
		}
		return model.StrategyIDs()
	case "format":
		return formatValues[cmd.CommandPath()]
	case "region", "regions":
		if cmd.Name() == "collect" { // an AWS region to read, not a price book
			return pricing.BillingRegions()
		}
		return pricing.Regions()
	case "for":
		return []string{"management", "member", "bucket"}
	case "member-access":
		return model.MemberAccessVariants
	}
	return nil
}

// registerFlagCompletions gives the shell the values of every flag that
// takes one of a known list, on every command that has it.
func registerFlagCompletions(root *cobra.Command) {
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		seen := map[*pflag.Flag]bool{}
		for _, fs := range []*pflag.FlagSet{cmd.Flags(), cmd.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				values := flagValues(cmd, f.Name)
				if seen[f] || values == nil {
					return
				}
				seen[f] = true
				_ = cmd.RegisterFlagCompletionFunc(f.Name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
			})
		}
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}

// helpWidth is the width help text is wrapped to.
const helpWidth = 80

// wrapHelp makes every command's flag list fit helpWidth columns: cobra
// writes each flag's description on one line however long it is.
func wrapHelp(root *cobra.Command) {
	cobra.AddTemplateFunc("wrapFlags", func(fs *pflag.FlagSet) string {
		return strings.TrimRight(fs.FlagUsagesWrapped(helpWidth), " \n")
	})
	t := root.UsageTemplate()
	for _, set := range []string{"LocalFlags", "InheritedFlags"} {
		t = strings.ReplaceAll(t, "{{."+set+".FlagUsages | trimTrailingWhitespaces}}", "{{wrapFlags ."+set+"}}")
	}
	t = strings.Replace(t, "for more information about a command.", "for more about a command.", 1)
	root.SetUsageTemplate(t)
	// cobra adds its completion command when the tree runs; added now, its
	// help can be made to fit too.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			for _, shell := range c.Commands() {
				shell.Long = fitText(shell.Long, helpWidth)
			}
		}
	}
}

// fitText fits cobra's completion help to width: prose is wrapped, a tab
// indent becomes two spaces, and a shell command too long is broken before
// its redirection with a backslash.
func fitText(text string, width int) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, "\t"); ok {
			line = "  " + rest
		}
		switch {
		case ansi.StringWidth(line) <= width:
			out = append(out, line)
		case strings.HasPrefix(line, "  ") && strings.Contains(line, " > "):
			i := strings.LastIndex(line, " > ")
			out = append(out, line[:i]+" \\", "    "+line[i+1:])
		default:
			out = append(out, wrapText(line, width)...)
		}
	}
	return strings.Join(out, "\n")
}
