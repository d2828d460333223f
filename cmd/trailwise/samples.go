package main

import (
	"io"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/fixtures"
)

func newSamplesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "samples",
		Short: "List the embedded sample organizations",
		Long: `List the sample organizations built into trailwise. Each is generated
deterministically from documented distributions drawn from real CloudTrail logs;
use one with --sample NAME when you have no dataset of your own.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return listSamples(cmd.OutOrStdout())
		},
	}
}

func listSamples(w io.Writer) error {
	var rows [][]string
	for _, n := range fixtures.Names() {
		rows = append(rows, []string{n, fixtures.Describe(n)})
	}
	return fitTable(w, outputWidth, 1, []string{"NAME", "DESCRIPTION"}, rows)
}
