package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/input"
)

type scenarioInitOptions struct {
	Out   string
	Force bool
}

func newScenarioCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "Work with scenario files (your assumptions)",
	}
	opts := &scenarioInitOptions{Out: "scenario.yaml"}
	initCmd := &cobra.Command{
		Use:   "init",
		Short: "Write an annotated scenario file with every default",
		Long: `Write a scenario file listing every assumption with its default value and what
it means. Edit it, then pass it to estimate with --scenario. Omitted fields keep
their defaults, so the file can be cut down to what you change.`,
		Example: `  trailwise scenario init
  trailwise scenario init --out tokyo.yaml
  trailwise scenario init --out -            # to standard output`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return initScenario(opts, cmd.OutOrStdout())
		},
	}
	initCmd.Flags().StringVarP(&opts.Out, "out", "o", opts.Out, "file to write, or - for standard output")
	initCmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite the file if it exists")
	cmd.AddCommand(initCmd)
	return cmd
}

func initScenario(opts *scenarioInitOptions, stdout io.Writer) error {
	text := input.ScenarioTemplate()
	if opts.Out == "-" {
		_, err := io.WriteString(stdout, text)
		return err
	}
	if _, err := os.Lstat(opts.Out); err == nil && !opts.Force {
		return fmt.Errorf("%s already exists; use --force to overwrite it or --out to choose another file", opts.Out)
	}
	// through a temporary file and a rename, like every writer: an
	// interrupted --force never leaves the old scenario half overwritten
	if err := writeAtomic(opts.Out, writeBytes([]byte(text))); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s; edit it, then run: trailwise estimate --scenario %s\n", opts.Out, opts.Out)
	return nil
}
