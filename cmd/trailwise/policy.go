package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/pricing/pricelist"
)

type policyOptions struct {
	For       string
	RoleName  string
	Bucket    string
	Inventory string
	// collect --engine (policy_engine.go)
	Engine, Workgroup, Database, Table, Output, LakeStore string
}

func newPolicyCmd() *cobra.Command {
	policy := &cobra.Command{
		Use:   "policy",
		Short: "Print the IAM policies 'trailwise collect' needs",
		Args:  cobra.NoArgs,
	}
	o := &policyOptions{}
	iam := &cobra.Command{
		Use:   "iam [--for management|member|bucket] [--bucket NAME]",
		Short: "Print the read-only IAM policy of one principal 'collect' works as",
		Long: `Print, as an IAM policy document (JSON), exactly the actions 'trailwise
collect' can call, for one of the principals it works as:

  management  the management account's principal that runs collect:
              Organizations, Cost Explorer, sts:AssumeRole into the member
              role, CloudTrail reads (for the management account itself),
              the trail bucket's listing and sampled log files, and
              pricing:GetProducts for 'trailwise pricing refresh'
  member      the role in every member account (--role-name): CloudTrail reads
  bucket      the role in the bucket's account, when collect lists the bucket
              through it (--bucket-account): the listing and sampled log files

With --inventory (as given to collect), the management and bucket policies
also allow listing the inventory bucket and reading the report's files under
it.

With --engine athena (and collect's --athena-workgroup, --athena-database,
--athena-output, --athena-table), the management and bucket policies also
allow Athena's query calls, the Glue catalog's database and table
(CreateTable unless --athena-table names your own table) and, through
Athena, reading the trail bucket and writing query results under
--athena-output: that is the only place a run writes. With --engine lake
(--lake-store ARN): CloudTrail Lake's query calls.

Every action is a read. The list is the collector's own (awscollect.Actions),
checked by a test against every action the collector calls over a full run.`,
		Example: `  trailwise policy iam --bucket my-org-trail-bucket > collect-policy.json
  trailwise policy iam --for member
  trailwise policy iam --for bucket --bucket my-org-trail-bucket \
    --inventory s3://my-inventory-bucket/reports`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPolicyIAM(o, cmd.OutOrStdout())
		},
	}
	f := iam.Flags()
	f.StringVar(&o.For, "for", "management", "the principal: management, member or bucket")
	f.StringVar(&o.RoleName, "role-name", "OrganizationAccountAccessRole", "the role collect assumes in member accounts")
	f.StringVar(&o.Bucket, "bucket", "", "the organization trail's bucket (default: any bucket)")
	f.StringVar(&o.Inventory, "inventory", "", "the S3 Inventory report collect reads instead of listing (collect's --inventory)")
	f.StringVar(&o.Engine, "engine", "", "add what collect --engine athena or lake needs")
	f.StringVar(&o.Workgroup, "athena-workgroup", "primary", "athena: the workgroup (collect's --athena-workgroup)")
	f.StringVar(&o.Database, "athena-database", "default", "athena: the Glue database (collect's --athena-database)")
	f.StringVar(&o.Table, "athena-table", "", "athena: your own table (no CreateTable then)")
	f.StringVar(&o.Output, "athena-output", "", "athena: the query results location, s3://BUCKET/PREFIX/")
	f.StringVar(&o.LakeStore, "lake-store", "", "lake: the event data store's ARN (default: any)")
	policy.AddCommand(iam)
	return policy
}

type iamStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

type iamPolicy struct {
	Version   string         `json:"Version"`
	Statement []iamStatement `json:"Statement"`
}

// policyFor builds the policy document of one principal from the
// collector's action list.
func policyFor(who, roleName, bucket, inventory string) (*iamPolicy, error) {
	if bucket == "" {
		bucket = "*"
	}
	var invBucket, invPrefix string
	if inventory != "" {
		var err error
		if invBucket, invPrefix, err = awscollect.ParseInventoryURL(inventory); err != nil {
			return nil, usageError{fmt.Errorf("--inventory: %w", err)}
		}
		// A manifest's report folder: its data files are in the
		// configuration's folder above it.
		if strings.HasSuffix(invPrefix, "manifest.json") {
			parts := strings.Split(invPrefix, "/")
			invPrefix = strings.Join(parts[:max(0, len(parts)-2)], "/")
		}
		if invPrefix != "" && !strings.HasSuffix(invPrefix, "/") {
			invPrefix += "/"
		}
	}
	var orgCE, assume, trail, list, get []string
	for _, a := range awscollect.Actions {
		switch {
		case a.IAM == "sts:AssumeRole":
			assume = append(assume, a.IAM)
		case a.IAM == "s3:ListBucket":
			list = append(list, a.IAM)
		case a.IAM == "s3:GetObject":
			get = append(get, a.IAM)
		case a.Where == "every account":
			trail = append(trail, a.IAM)
		default:
			orgCE = append(orgCE, a.IAM)
		}
	}
	for _, s := range [][]string{orgCE, trail} {
		sort.Strings(s)
	}
	bucketStatements := []iamStatement{
		{"ListTrailBucket", "Allow", list, []string{"arn:aws:s3:::" + bucket}},
		{"ReadSampledTrailLogs", "Allow", get, []string{"arn:aws:s3:::" + bucket + "/*"}},
	}
	if invBucket != "" {
		bucketStatements = append(bucketStatements,
			iamStatement{"ListInventoryReports", "Allow", list, []string{"arn:aws:s3:::" + invBucket}},
			iamStatement{"ReadInventoryReports", "Allow", get, []string{"arn:aws:s3:::" + invBucket + "/" + invPrefix + "*"}})
	}
	p := &iamPolicy{Version: "2012-10-17"}
	switch who {
	case "management":
		p.Statement = append([]iamStatement{
			{"ReadOrganizationAndCosts", "Allow", orgCE, []string{"*"}},
			{"AssumeCollectorRole", "Allow", assume, []string{"arn:aws:iam::*:role/" + roleName}},
			{"ReadCloudTrailConfiguration", "Allow", trail, []string{"*"}},
			// 'trailwise pricing refresh' reads the Price List with the
			// same principal; the API takes no resource.
			{"ReadPriceList", "Allow", pricelist.IAMActions, []string{"*"}},
		}, bucketStatements...)
	case "member":
		p.Statement = []iamStatement{{"ReadCloudTrailConfiguration", "Allow", trail, []string{"*"}}}
	case "bucket":
		p.Statement = bucketStatements
	default:
		return nil, usageError{fmt.Errorf("--for: expected management, member or bucket, got %q", who)}
	}
	return p, nil
}

func runPolicyIAM(o *policyOptions, w io.Writer) error {
	p, err := policyFor(o.For, o.RoleName, o.Bucket, o.Inventory)
	if err != nil {
		return err
	}
	if o.Engine != "" && o.For != "member" {
		more, err := engineStatements(o)
		if err != nil {
			return err
		}
		p.Statement = append(p.Statement, more...)
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
