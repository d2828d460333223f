package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/trailwise/trailwise/collect/awscollect"
)

// collectBillingHelp is the part of 'collect --help' on the billing export.
const collectBillingHelp = `With --from-billing-export PATH, collect reads the organization's bill
instead of Cost Explorer, for free: an AWS Data Exports delivery, CUR 2.0 or
FOCUS 1.x, as CSV, CSV.gz or Parquet. PATH is one export file, a folder
(its .csv, .csv.gz and .parquet files; a note says what was read), or
s3://BUCKET/PREFIX of the delivery. Each billing period is read once: an
export set to create new files keeps every refresh, and only the newest is
read, the files its newest Manifest.json lists (without one, the newest
refresh folder). s3:// is read with the standard AWS configuration,
--profile, and --bucket-region for a bucket outside --region; a local PATH
needs no AWS credentials. It writes the rows Cost Explorer gives, from the
same usage types (first-copy management events, data, network and Insights
events per account, region and day; source billing-export:cur2 or
billing-export:focus), over every day the export holds, or --start/--end, or
--days when given. An export names no organization: give --org-id, and
--management-account (default: the lowest account id found). Files are
streamed: memory stays small however large the export.`

// runCollectBilling writes the dataset read from a billing export.
func runCollectBilling(o *collectOptions, stdout, stderr io.Writer) (bool, error) {
	a := &o.AWS
	bo := awscollect.BillingExportOptions{Path: o.FromBillingExport, OrgID: o.OrgID, ManagementAccount: o.ManagementAccount, S3Endpoint: a.S3Endpoint}
	switch {
	case o.Out == "":
		return false, usageError{errors.New("--out FILE is required (- writes to standard output)")}
	case o.OrgID == "":
		return false, usageError{errors.New("--from-billing-export needs --org-id: an export names no organization")}
	case !flagOrgID.MatchString(o.OrgID):
		return false, usageError{fmt.Errorf("--org-id: expected an organization id like o-a1b2c3d4e5, got %q", o.OrgID)}
	case o.ManagementAccount != "" && !flagAccount.MatchString(o.ManagementAccount):
		return false, usageError{fmt.Errorf("--management-account: expected a 12-digit account id, got %q", o.ManagementAccount)}
	case a.DryRun:
		return false, usageError{errors.New("--dry-run goes with the AWS APIs: reading a billing export costs nothing")}
	}
	if a.Start != "" || a.End != "" || a.daysSet {
		lo, err := a.libraryOptions()
		if err != nil {
			return false, err
		}
		bo.Start, bo.End = lo.Start, lo.End
	}
	ctx := context.Background()
	if strings.HasPrefix(bo.Path, "s3://") {
		cfg, err := loadAWSConfig(ctx, a.Profile, a.Region)
		if err != nil {
			return false, err
		}
		if a.BucketRegion != "" {
			cfg.Region = a.BucketRegion
		}
		bo.Config = cfg
	}
	var notes []string
	bo.Note = func(s string) { notes = append(notes, s) }
	res, err := awscollect.FromBillingExport(ctx, bo)
	if err != nil {
		return false, err
	}
	if err := writeDataset(o.Out, stdout, res.Dataset); err != nil {
		return false, err
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, "trailwise: note: "+oneLine(n))
	}
	fmt.Fprintln(stderr, "trailwise: "+billingSummary(res, o.Out))
	return false, nil
}

// billingSummary is the one-line summary of a dataset read from a bill.
func billingSummary(res *awscollect.Result, out string) string {
	d := res.Dataset
	var events int64
	regions := map[string]bool{}
	for u := range d.Rows() {
		events += u.Events()
		regions[u.Region] = true
	}
	s := fmt.Sprintf("collected %s events from the billing export, %s to %s; %d accounts, %d regions, %d days; %d other usage lines kept aside",
		thousands(events), d.Period.Start, d.Period.End, len(d.Accounts), len(regions), d.Period.Days(), len(res.Extras))
	if out == "-" {
		return s + "; written to standard output"
	}
	return s + "; wrote " + out
}
