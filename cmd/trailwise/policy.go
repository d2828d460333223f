package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/pricing/pricelist"
)

type policyOptions struct {
	For               string
	RoleName          string
	Bucket            string
	Inventory         string
	KMSKey            string
	OrgID             string
	ManagementAccount string
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
		Use:   "iam [--for PRINCIPAL] [--bucket NAME]",
		Short: "Print the read-only IAM policy of one principal 'collect' works as",
		Long: `Print, as an IAM policy document (JSON), exactly the actions 'trailwise
collect' can call, for one of the principals it works as:

  management  the management account's principal that runs collect:
              Organizations, Cost Explorer, sts:AssumeRole into the member
              role, CloudTrail reads (for the management account itself),
              CloudWatch's telemetry rules (the organization's and its own),
              the trail bucket's listing and sampled log files, and
              pricing:GetProducts for 'trailwise pricing refresh'
  member      the role in every member account (--role-name): CloudTrail
              reads and the account's CloudWatch telemetry rules
  trust       that role's trust policy: only the management account's
              principals (--management-account) may assume it, and only from
              within the organization (--org-id)
  bucket      the role in the bucket's account, when collect lists the bucket
              through it (--bucket-account): the listing and sampled log files

Use a dedicated read-only role in the member accounts (a StackSet can create
it from --for member and --for trust), not OrganizationAccountAccessRole:
that role is an administrator of every account, far more than collect needs.

sts:AssumeRole is limited to roles in the organization (aws:ResourceOrgID
equal to the caller's own organization, or --org-id). The S3 statements name
the trail bucket (--bucket): without it the policy has none, and says so on
standard error. With --kms-key (the key of a trail bucket encrypted with
SSE-KMS) the log files' reads are allowed kms:Decrypt on that key alone. With
--inventory (as given to collect), the management and bucket policies also
allow listing the inventory bucket and reading the report's files under it.

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
  trailwise policy iam --for trust --management-account 111122223333 \
    --org-id o-a1b2c3d4e5
  trailwise policy iam --for bucket --bucket my-org-trail-bucket \
    --inventory s3://my-inventory-bucket/reports`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPolicyIAM(o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := iam.Flags()
	f.StringVar(&o.For, "for", "management", "the principal: management, member, trust or bucket")
	f.StringVar(&o.RoleName, "role-name", "OrganizationAccountAccessRole", "the role collect assumes in members: better, a read-only one")
	f.StringVar(&o.Bucket, "bucket", "", "the organization trail's bucket (without it, no S3 statement)")
	f.StringVar(&o.KMSKey, "kms-key", "", "the KMS key ARN the trail bucket's logs are encrypted with (SSE-KMS)")
	f.StringVar(&o.OrgID, "org-id", "", "the organization id, for the conditions (default: the caller's own)")
	f.StringVar(&o.ManagementAccount, "management-account", "", "the management account id (--for trust)")
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
	Sid       string                       `json:"Sid"`
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal,omitempty"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource,omitempty"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

type iamPolicy struct {
	Version   string         `json:"Version"`
	Statement []iamStatement `json:"Statement"`
}

var (
	// IAM role names: 1 to 64 of letters, digits and +=,.@_- (IAM User
	// Guide, "IAM object quotas and requirements").
	roleNamePattern = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,64}$`)
	// S3 general purpose bucket names: 3 to 63 of lower-case letters,
	// digits, dots and hyphens, starting and ending with a letter or digit
	// (S3 User Guide, "Bucket naming rules"); the rest is in bucketNameError.
	bucketPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	ipPattern     = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$`)
	kmsKeyPattern = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$`)
	orgIDPattern  = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	accountIDPat  = regexp.MustCompile(`^[0-9]{12}$`)
)

// bucketNameError says why name is not an S3 bucket name, "" when it is.
func bucketNameError(name string) string {
	switch {
	case !bucketPattern.MatchString(name):
		return "3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit"
	case strings.Contains(name, ".."):
		return "no two dots in a row"
	case ipPattern.MatchString(name):
		return "a name, not an IP address"
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return "a name that does not start with " + p
		}
	}
	for _, sfx := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, sfx) {
			return "a name that does not end with " + sfx
		}
	}
	return ""
}

// checkPolicyFlags checks the names that go into the policy against AWS's
// naming rules: a policy naming a role or bucket that cannot exist allows
// nothing, and a wildcard in one allows too much.
func checkPolicyFlags(o *policyOptions) error {
	if !roleNamePattern.MatchString(o.RoleName) {
		return usageError{fmt.Errorf("--role-name: expected an IAM role name (1 to 64 letters, digits and +=,.@_-), got %q", o.RoleName)}
	}
	if o.Bucket != "" {
		if why := bucketNameError(o.Bucket); why != "" {
			return usageError{fmt.Errorf("--bucket: expected an S3 bucket name (%s), got %q", why, o.Bucket)}
		}
	}
	if o.KMSKey != "" && !kmsKeyPattern.MatchString(o.KMSKey) {
		return usageError{fmt.Errorf("--kms-key: expected a KMS key ARN like arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab, got %q", o.KMSKey)}
	}
	if o.OrgID != "" && !orgIDPattern.MatchString(o.OrgID) {
		return usageError{fmt.Errorf("--org-id: expected an organization id like o-a1b2c3d4e5, got %q", o.OrgID)}
	}
	if o.ManagementAccount != "" && !accountIDPat.MatchString(o.ManagementAccount) {
		return usageError{fmt.Errorf("--management-account: expected a 12-digit account id, got %q", o.ManagementAccount)}
	}
	return nil
}

// orgCondition limits a statement to the organization: the resource's (or
// the caller's) organization id must be --org-id, or else the caller's own.
func orgCondition(key, orgID string) map[string]map[string]string {
	if orgID == "" {
		orgID = "${aws:PrincipalOrgID}"
	}
	return map[string]map[string]string{"StringEquals": {key: orgID}}
}

// policyFor builds the policy document of one principal from the
// collector's action list; incomplete says what it leaves out.
func policyFor(o *policyOptions) (p *iamPolicy, incomplete string, err error) {
	if err := checkPolicyFlags(o); err != nil {
		return nil, "", err
	}
	var invBucket, invPrefix string
	if o.Inventory != "" {
		if invBucket, invPrefix, err = awscollect.ParseInventoryURL(o.Inventory); err != nil {
			return nil, "", usageError{fmt.Errorf("--inventory: %w", err)}
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
	var bucketStatements []iamStatement
	if o.Bucket != "" {
		bucketStatements = []iamStatement{
			{Sid: "ListTrailBucket", Effect: "Allow", Action: list, Resource: []string{"arn:aws:s3:::" + o.Bucket}},
			{Sid: "ReadSampledTrailLogs", Effect: "Allow", Action: get, Resource: []string{"arn:aws:s3:::" + o.Bucket + "/*"}},
		}
		if o.KMSKey != "" {
			bucketStatements = append(bucketStatements, iamStatement{Sid: "DecryptTrailLogs", Effect: "Allow",
				Action: []string{"kms:Decrypt"}, Resource: []string{o.KMSKey}})
		}
	} else if o.For == "management" || o.For == "bucket" {
		incomplete = "no S3 statement: give the trail bucket with --bucket"
	}
	if invBucket != "" {
		bucketStatements = append(bucketStatements,
			iamStatement{Sid: "ListInventoryReports", Effect: "Allow", Action: list, Resource: []string{"arn:aws:s3:::" + invBucket}},
			iamStatement{Sid: "ReadInventoryReports", Effect: "Allow", Action: get, Resource: []string{"arn:aws:s3:::" + invBucket + "/" + invPrefix + "*"}})
	}
	p = &iamPolicy{Version: "2012-10-17"}
	switch o.For {
	case "management":
		p.Statement = append([]iamStatement{
			{Sid: "ReadOrganizationAndCosts", Effect: "Allow", Action: orgCE, Resource: []string{"*"}},
			{Sid: "AssumeCollectorRole", Effect: "Allow", Action: assume, Resource: []string{"arn:aws:iam::*:role/" + o.RoleName},
				Condition: orgCondition("aws:ResourceOrgID", o.OrgID)},
			{Sid: "ReadCloudTrailConfiguration", Effect: "Allow", Action: trail, Resource: []string{"*"}},
			// 'trailwise pricing refresh' reads the Price List with the
			// same principal; the API takes no resource.
			{Sid: "ReadPriceList", Effect: "Allow", Action: pricelist.IAMActions, Resource: []string{"*"}},
		}, bucketStatements...)
	case "member":
		p.Statement = []iamStatement{{Sid: "ReadCloudTrailConfiguration", Effect: "Allow", Action: trail, Resource: []string{"*"}}}
	case "trust":
		if o.ManagementAccount == "" {
			return nil, "", usageError{errors.New("--management-account: give the management account id: only its principals may assume the role")}
		}
		trust := iamStatement{Sid: "TrailwiseCollectorFromManagement", Effect: "Allow",
			Principal: map[string]string{"AWS": "arn:aws:iam::" + o.ManagementAccount + ":root"}, Action: assume}
		if o.OrgID != "" { // the caller's own organization would be no condition at all
			trust.Condition = orgCondition("aws:PrincipalOrgID", o.OrgID)
		}
		p.Statement = []iamStatement{trust}
	case "bucket":
		p.Statement = bucketStatements
	default:
		return nil, "", usageError{fmt.Errorf("--for: expected management, member, trust or bucket, got %q", o.For)}
	}
	return p, incomplete, nil
}

func runPolicyIAM(o *policyOptions, w, errw io.Writer) error {
	p, incomplete, err := policyFor(o)
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
	if _, err = fmt.Fprintf(w, "%s\n", b); err != nil {
		return err
	}
	if incomplete != "" {
		fmt.Fprintln(errw, "trailwise: note: "+incomplete)
	}
	if o.RoleName == "OrganizationAccountAccessRole" && (o.For == "management" || o.For == "member" || o.For == "trust") {
		fmt.Fprintln(errw, "trailwise: note: OrganizationAccountAccessRole is an administrator role;\n"+
			"  a dedicated read-only role is safer (--for member, --for trust, --role-name)")
	}
	return nil
}
