package main

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

type rankOptions struct {
	inputOptions
	Format        string
	Preset        string
	PresetSet     bool
	WeightSet     bool // --weight given, even as ''
	Weight        string
	Method        string
	Criteria      string
	AHP           string
	PrintCriteria bool
	GeneratedAt   string
}

func newRankCmd() *cobra.Command {
	mc := model.DefaultUncertainty()
	opts := &rankOptions{inputOptions: inputOptions{Sample: "small", Uncertainty: &mc}, Format: "table", Preset: model.DefaultPreset, Method: model.MethodWeightedSum}
	var presets []string
	for _, p := range model.Presets {
		presets = append(presets, fmt.Sprintf("  %-20s %s", p.Name, p.Summary))
	}
	cmd := &cobra.Command{
		Use:   "rank",
		Short: "Rank the strategies on cost and operations, and test the winner",
		Long: `Rank the available strategies on weighted criteria: cost (each strategy's
first-year total, from the same computation as 'trailwise estimate'), member
access to their own raw logs, central governance, operational burden, leak
risk, query and dashboards, other security sources in one schema, and
retention flexibility. Every score has a one-line reason from the source
material; --print-criteria shows them all, and --criteria FILE overrides the
ones the file names. Unavailable strategies are listed last with the reason,
never ranked.

For each criterion the ranking says in which interval its weight can move
(the others rescaled proportionally) before the winner changes, and who wins
past each end.

Weight presets:
` + strings.Join(presets, "\n") + `
--weight gives weights directly (normalized to sum 1); with --preset too,
the named weights replace the preset's. --ahp FILE derives the weights from
pairwise judgments instead (Saaty's scale, 1/9 to 9):

  judgments:
    cost: {member_access: 3, governance: 5}   # cost matters 3x member access
    member_access: {governance: 2}

and reports the consistency ratio, with a warning above 0.1.`,
		Example: `  trailwise rank                          # balanced weights, the 'small' sample
  trailwise rank --sample enterprise --preset cost-first
  trailwise rank --weight cost=0.4,member_access=0.3,query=0.3 --method topsis
  trailwise rank --ahp judgments.yaml
  trailwise rank --criteria ours.yaml --format markdown > decision.md
  trailwise rank --print-criteria > ours.json   # every score, to edit`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.MonthsSet = cmd.Flags().Changed("months")
			opts.PresetSet = cmd.Flags().Changed("preset")
			opts.WeightSet = cmd.Flags().Changed("weight")
			opts.Notes = cmd.ErrOrStderr()
			opts.Progress = cmd.ErrOrStderr()
			return runRank(opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	opts.addFlags(cmd)
	f := cmd.Flags()
	f.StringVarP(&opts.Format, "format", "f", opts.Format, "output format: "+strings.Join(report.RankingFormats, ", ")+" (json is the whole report with a ranking section)")
	f.StringVar(&opts.Preset, "preset", opts.Preset, "weight preset: "+strings.Join(model.PresetNames(), ", "))
	f.StringVar(&opts.Weight, "weight", "", "weights as criterion=value,… e.g. cost=0.4,member_access=0.2 (criteria: "+strings.Join(model.CriterionIDs(), ", ")+")")
	f.StringVar(&opts.Method, "method", opts.Method, "ranking method: "+strings.Join(model.Methods, ", "))
	f.StringVar(&opts.AHP, "ahp", "", "pairwise judgments file (YAML or JSON): weights by the analytic hierarchy process, with the consistency ratio")
	f.StringVar(&opts.Criteria, "criteria", "", "criteria file (YAML or JSON) whose scores replace the embedded ones it names")
	f.BoolVar(&opts.PrintCriteria, "print-criteria", false, "print the embedded criteria file (every score and its reason) and exit")
	f.StringVar(&opts.GeneratedAt, "generated-at", "", "time written into the report (RFC 3339), for reproducible output; default now")
	f.IntVar(&opts.Uncertainty.Draws, "draws", opts.Uncertainty.Draws, fmt.Sprintf("Monte Carlo draws for the P10/P50/P90 band, 0 to %d (0: none)", model.MaxDraws))
	f.Uint64Var(&opts.Uncertainty.Seed, "seed", opts.Uncertainty.Seed, "seed of the Monte Carlo draws (same seed, same output)")
	return cmd
}

// rankWeights resolves --preset and --weight into weights.
func (o *rankOptions) rankWeights() (model.Weights, string, error) {
	if o.WeightSet && strings.TrimSpace(o.Weight) == "" {
		// an empty --weight (a shell variable that was not set) must not
		// quietly rank by the default preset
		return nil, "", usageError{fmt.Errorf("--weight: expected name=value pairs such as cost=0.4,member_access=0.2, got %q", o.Weight)}
	}
	var base model.Weights
	preset := ""
	if o.Weight == "" || o.PresetSet {
		w, err := model.PresetWeights(o.Preset)
		if err != nil {
			return nil, "", usageError{fmt.Errorf("--preset: %w", err)}
		}
		base, preset = w, o.Preset
	}
	if o.Weight == "" {
		return base, preset, nil
	}
	w, err := model.ParseWeights(o.Weight, base)
	if err != nil {
		return nil, "", usageError{fmt.Errorf("--weight: %w", err)}
	}
	if preset != "" {
		preset += " (changed by --weight)"
	}
	return w, preset, nil
}

// runRank checks the command line, computes the comparison and its ranking,
// and writes the report. Nothing is written unless all of it succeeded.
func runRank(o *rankOptions, w, errw io.Writer) error {
	if o.PrintCriteria {
		_, err := w.Write(model.DefaultCriteriaJSON())
		return err
	}
	if !slices.Contains(report.RankingFormats, o.Format) {
		return usageError{fmt.Errorf("--format: expected one of %s, got %q", strings.Join(report.RankingFormats, ", "), o.Format)}
	}
	if !slices.Contains(model.Methods, o.Method) {
		return usageError{fmt.Errorf("--method: expected one of %s, got %q", strings.Join(model.Methods, ", "), o.Method)}
	}
	if o.AHP != "" && (o.Weight != "" || o.PresetSet) {
		return usageError{fmt.Errorf("--ahp gives the weights: it cannot be used with --preset or --weight")}
	}
	var (
		weights model.Weights
		preset  string
		ahp     *model.AHPResult
		err     error
	)
	if o.AHP != "" {
		if ahp, err = input.ReadJudgments(o.AHP); err != nil {
			return err
		}
		weights = ahp.Weights
	} else if weights, preset, err = o.rankWeights(); err != nil {
		return err
	}
	when, err := parseGeneratedAt(o.GeneratedAt)
	if err != nil {
		return err
	}
	crit := model.DefaultCriteria()
	if o.Criteria != "" {
		if crit, err = input.ReadCriteria(o.Criteria); err != nil {
			return err
		}
	}
	e, err := o.estimate()
	if err != nil {
		return err
	}
	r, err := model.Rank(e.c, crit, weights, o.Method)
	if err != nil {
		return err
	}
	doc, err := report.Build(e.c, e.d, e.meta(when))
	if err != nil {
		return err
	}
	meta := report.RankingMeta{Preset: preset}
	if ahp != nil {
		meta.AHP = &report.AHP{
			File: o.AHP, Criteria: len(ahp.Criteria), LambdaMax: report.Ratio(ahp.LambdaMax),
			ConsistencyIndex: report.Ratio(ahp.ConsistencyIndex), RandomIndex: report.Ratio(ahp.RandomIndex),
			ConsistencyRatio: report.Ratio(ahp.ConsistencyRatio), Consistent: ahp.Consistent(),
		}
		if warn := ahp.Warning(); warn != "" {
			meta.Warnings = append(meta.Warnings, warn)
		}
	}
	report.AttachRanking(doc, report.BuildRanking(r, meta))
	var buf bytes.Buffer
	if err := report.RenderRanking(&buf, doc, o.Format); err != nil {
		return err
	}
	if _, err = w.Write(buf.Bytes()); err != nil {
		return err
	}
	for _, warn := range meta.Warnings {
		fmt.Fprintln(errw, "trailwise: warning: "+warn)
	}
	return nil
}
