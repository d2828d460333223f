package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/plan"
)

type planOptions struct {
	inputOptions
	Out          string
	MemberAccess string
	Format       string
	Bucket       string
	Force        bool
}

func newPlanCmd() *cobra.Command {
	o := &planOptions{inputOptions: inputOptions{Sample: "small"}}
	cmd := &cobra.Command{
		Use:   "plan STRATEGY --out DIR",
		Short: "Write the policies and settings that put a strategy in place",
		Long: `Write, into DIR, the artefacts a platform team applies to adopt one strategy
as the scenario priced it, with a README.md saying what each file is and the
AWS CLI command that applies it:

  org-trail           the central bucket's policy (CloudTrail's statements,
                      and with --member-access policy-variable one statement
                      that lets every member read only its own prefix, or
                      per-account-policy: two statements per account), its
                      lifecycle, the trail, the KMS key policy (sse_kms)
  trails-replication  the central bucket's policy and lifecycle; per account
                      the replication configuration, role policy and trust
  trails-lake         the organization event data store (CloudFormation and
                      CLI input), the account buckets' lifecycle
  cloudwatch-logs     log group, delivery role and trail (CloudFormation and
                      CLI input), the central bucket's policy and lifecycle
  security-lake       the data lake, roll-up and CloudTrail sources
                      (CloudFormation and CLI input)

--format terraform adds the bucket policy and lifecycle as Terraform. Nothing
is written over an existing file unless --force; files are written to a
temporary directory first and moved into place. trailwise calls no AWS API.`,
		Example: `  trailwise plan org-trail --member-access policy-variable --out plan/
  trailwise plan org-trail/per-account-policy --dataset org.json --out pa/
  trailwise plan trails-replication --scenario scenario.yaml --out repl/
  trailwise plan org-trail --format terraform --out tf/ --force`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: model.StrategyIDs(),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.MonthsSet = cmd.Flags().Changed("months")
			o.Warnings = cmd.ErrOrStderr()
			return runPlan(o, args[0], cmd.OutOrStdout())
		},
	}
	o.addFlags(cmd)
	f := cmd.Flags()
	f.StringVarP(&o.Out, "out", "o", "", "directory to write the artefacts into (created if missing)")
	f.StringVar(&o.MemberAccess, "member-access", "", "org-trail: how members read their logs: "+strings.Join(model.MemberAccessVariants, ", "))
	f.StringVarP(&o.Format, "format", "f", plan.FormatJSON, "json, or terraform to add the bucket policy and lifecycle as Terraform")
	f.StringVar(&o.Bucket, "bucket", "", "the central bucket's name (default: the organization trail's, else org-cloudtrail-<log archive account>)")
	f.BoolVar(&o.Force, "force", false, "overwrite files that already exist in --out")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}

// runPlan builds the strategy's artefacts and writes them under --out,
// then lists them with the plan's notes.
func runPlan(o *planOptions, strategy string, w io.Writer) error {
	d, _, err := o.loadDataset()
	if err != nil {
		return err
	}
	s, err := o.loadScenario()
	if err != nil {
		return err
	}
	p, err := plan.Build(plan.Request{Strategy: strategy, MemberAccess: o.MemberAccess, Format: o.Format,
		Bucket: o.Bucket, Dataset: d, Scenario: s.Resolve(d)})
	if err != nil {
		return usageError{err}
	}
	if err := plan.Write(o.Out, p.Artefacts, o.Force); err != nil {
		return err
	}
	fmt.Fprintf(w, "trailwise plan %s: %d files\nin %s:\n", p.Strategy, len(p.Artefacts), o.Out)
	perAccount := 0
	for _, a := range p.Artefacts {
		if strings.HasPrefix(a.Path, "accounts/") {
			perAccount++
			continue
		}
		fmt.Fprintln(w, "  "+a.Path)
	}
	if perAccount > 0 {
		fmt.Fprintf(w, "  accounts/<id>/ (%d files, one folder per account)\n", perAccount)
	}
	for _, n := range p.Notes {
		fmt.Fprint(w, wrapNote(n))
	}
	return nil
}

// wrapNote is a note as 80-column lines under "note: ".
func wrapNote(n string) string {
	var b strings.Builder
	line := "note:"
	for _, word := range strings.Fields(n) {
		if len(line)+1+len(word) > 80 {
			b.WriteString(line + "\n")
			line = "     "
		}
		line += " " + word
	}
	return b.String() + line + "\n"
}
