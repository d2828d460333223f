package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"github.com/klauspost/compress/gzip"
	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/collect"
	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

// exitPartial is the exit code of a collect run that wrote a dataset with
// gaps.
const exitPartial = 3

type collectOptions struct {
	FromDir           string
	FromBillingExport string // an export file, folder or s3:// prefix (collect_billing.go)
	SampleFiles       int
	Seed              uint64
	OrgID             string
	ManagementAccount string
	Out               string
	AWS               awsOptions // without --from-dir: the AWS APIs (collect_aws.go)
}

var (
	flagOrgID   = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	flagAccount = regexp.MustCompile(`^[0-9]{12}$`)
)

// collectLong is 'collect --help': the AWS collection, then --from-dir.
const collectLong = `Measure an organization's CloudTrail volume and write it as a dataset
(trailwise.dataset/v1 JSON) that 'trailwise estimate --dataset FILE' prices.

Without --from-dir, collect reads the organization through the AWS APIs from
the management account (standard AWS configuration: --profile, SSO,
environment), read-only: Organizations; Cost Explorer (paid: 0.01 USD a
request, capped by --max-ce-requests, answers cached; --dry-run says what a
run would cost); a listing of the organization trail's bucket, and
--sample-files log files (default 5) per account and region read to measure
bytes per event and the event mix; CloudTrail in every account through
--role-name. The flags marked AWS apply; the rest of this text is --from-dir.

--inventory s3://BUCKET/PREFIX reads an existing S3 Inventory report of the
trail bucket (CSV or Parquet; the newest under PREFIX, or a given
manifest.json) instead
of listing the bucket: far fewer requests for very large buckets. The report
holds no log file of its own date or later: --days then counts back from the
day before the report's date, and with --start/--end the days from it on are
a gap.

With --from-dir, collect reads a local copy of a trail's S3 bucket, as 'aws s3
sync' leaves it; it calls no AWS API. DIR is the folder above AWSLogs/, any
folder above it, or any folder at or below AWSLogs/. It looks for log files
under

  AWSLogs/<org-id>/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz
  AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz  (account trail)

(plain .json files too, and CloudTrail-Insight in place of CloudTrail), and
for files anywhere else named as CloudTrail names them,

  <account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<id>.json[.gz]

takes the account, region and day from the name (a flat folder of logs). It
skips digest files and anything else, and reads every log file with a
streaming scanner: no record is decoded, memory stays small however large
the files.

It writes one usage row per account x region x day (the day of the folders):
  management_read_events,   eventCategory Management (or managementEvent
  management_write_events   true), split by readOnly
  data_events               eventCategory Data; for old records without it,
                            S3 object-level calls and Lambda Invoke
  network_events,           eventCategory NetworkActivity, Insight
  insights_events
  aggregated_events         eventCategory Aggregated (summaries of data events)
  event_bytes               each record's length as it stands in the file
  stored_bytes, log_files   the files' sizes on disk (gzip size for .json.gz)
and lists the accounts found (status ACTIVE, name = id, OU "unknown").

The organization id comes from the folders; the account-trail layout and
flat folders carry none, so give --org-id. The management account is
--management-account, or else the lowest account id found (a note says so).

--sample-files N reads at most N files per account and region, picked at
random (--seed): every file is still counted and sized, and the events of the
rest are estimated from the sample's events per stored byte. Those rows say
so in their source and have measured=false.

A file that cannot be read or is not a CloudTrail log becomes a gap in the
dataset, naming the file and the reason; the run goes on. Notes and a summary
line (files, events, bytes, gaps) go to standard error. The output file is
written whole or not at all; a name ending .gz (org.json.gz) is written
gzip-compressed, and every command that takes --dataset reads it as it is.

Exit codes: 0 the dataset is complete; 3 it was written but has gaps (see its
"gaps"); 1 nothing was written (no log files, unreadable folder, no AWS
credentials, ...); 2 a wrong command line.`

const collectExample = `  trailwise collect --profile mgmt --days 30 --dry-run
  trailwise collect --profile mgmt --days 30 --bucket-account 222233334444 \
    --out org.json
  trailwise collect --profile mgmt --days 30 --bucket-account 222233334444 \
    --inventory s3://inventory-bucket/reports --out org.json

  aws s3 sync s3://my-org-trail-bucket/AWSLogs/o-a1b2c3d4e5/ \
    ./trail/AWSLogs/o-a1b2c3d4e5/ --exclude '*' --include '*/2026/11/*'
  trailwise collect --from-dir ./trail --management-account 111122223333 \
    --out org.json
  trailwise estimate --dataset org.json

  # the bill instead of Cost Explorer: free, no AWS call for a local copy
  trailwise collect --from-billing-export ./cur2-export/ \
    --org-id o-a1b2c3d4e5 --management-account 111122223333 --out org.json

  # large archives: read 20 files per account and region
  trailwise collect --from-dir ./trail --sample-files 20 --out org.json
  # an account trail's folder, or a flat folder of logs, to standard output
  trailwise collect --from-dir ./flaws2/AWSLogs --org-id o-a1b2c3d4e5 --out -`

func newCollectCmd() *cobra.Command {
	o := &collectOptions{}
	cmd := &cobra.Command{
		Use:     "collect [--from-dir DIR | --from-billing-export PATH]",
		Short:   "Measure CloudTrail volume into a dataset: AWS APIs or a local copy",
		Long:    collectLong + "\n\n" + collectBillingHelp,
		Example: collectExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			partial, err := runCollect(o, cmd.OutOrStdout(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if partial {
				return exitCode(exitPartial)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.FromDir, "from-dir", "", "folder holding a copy of a trail bucket (above, at or below AWSLogs/), or a folder of log files")
	f.StringVar(&o.FromBillingExport, "from-billing-export", "", "read usage from an AWS Data Exports delivery (CUR 2.0 or FOCUS; CSV, CSV.gz, Parquet): a file, a folder, or s3://BUCKET/PREFIX")
	f.StringVar(&o.Out, "out", "", "dataset file to write (ending .gz: gzip-compressed; - for standard output)")
	f.IntVar(&o.SampleFiles, "sample-files", 0, "read at most N files per account and region and estimate the rest (0: read every file)")
	f.Uint64Var(&o.Seed, "seed", 1, "seed of the --sample-files choice: the same seed picks the same files")
	f.StringVar(&o.OrgID, "org-id", "", "organization id (o-...), needed when the folders carry none (AWSLogs/<account>/..., a flat folder)")
	f.StringVar(&o.ManagementAccount, "management-account", "", "the organization's management account id (default: the lowest account id found)")
	addAWSFlags(cmd, &o.AWS)
	return cmd
}

// runCollect writes the dataset and the summary; partial is true when the
// dataset has gaps.
func runCollect(o *collectOptions, stdout, stderr io.Writer) (partial bool, err error) {
	if o.FromBillingExport != "" {
		if o.FromDir != "" {
			return false, usageError{errors.New("--from-dir and --from-billing-export: give one")}
		}
		return runCollectBilling(o, stdout, stderr)
	}
	if o.FromDir == "" {
		return runCollectAWS(o, stdout, stderr)
	}
	switch {
	case o.Out == "":
		return false, usageError{errors.New("--out FILE is required (- writes to standard output)")}
	case o.SampleFiles < 0:
		return false, usageError{fmt.Errorf("--sample-files: expected 0 (every file) or more, got %d", o.SampleFiles)}
	case o.OrgID != "" && !flagOrgID.MatchString(o.OrgID):
		return false, usageError{fmt.Errorf("--org-id: expected an organization id like o-a1b2c3d4e5, got %q", o.OrgID)}
	case o.ManagementAccount != "" && !flagAccount.MatchString(o.ManagementAccount):
		return false, usageError{fmt.Errorf("--management-account: expected a 12-digit account id, got %q", o.ManagementAccount)}
	}
	var notes []string
	d, err := collect.FromDir(o.FromDir, collect.FromDirOptions{
		SampleFiles:       o.SampleFiles,
		Seed:              o.Seed,
		OrgID:             o.OrgID,
		ManagementAccount: o.ManagementAccount,
		Note:              func(s string) { notes = append(notes, s) },
	})
	if err != nil {
		return false, err
	}
	if err := writeDataset(o.Out, stdout, d); err != nil {
		return false, err
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, "trailwise: note: "+oneLine(n))
	}
	fmt.Fprintln(stderr, "trailwise: "+collectSummary(d, o.Out))
	return len(d.Gaps) > 0, nil
}

// writeDataset writes the dataset as indented JSON to the file out, whole
// or not at all, gzip-compressed when its name ends .gz, or to stdout for
// "-".
// The text is written as it is made, never held whole (a dataset of 15
// million rows is gigabytes of it).
func writeDataset(out string, stdout io.Writer, d *model.Dataset) error {
	text := func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<20)
		if err := report.WriteDatasetIndented(bw, d); err != nil {
			return err
		}
		bw.WriteString("\n")
		return bw.Flush()
	}
	switch {
	case out == "-":
		return text(stdout)
	case strings.HasSuffix(out, ".gz"):
		// A dataset is indented JSON of repeated keys: it shrinks about tenfold.
		return writeAtomic(out, func(w io.Writer) error {
			zw := gzip.NewWriter(w)
			if err := text(zw); err != nil {
				return err
			}
			return zw.Close()
		})
	}
	return writeAtomic(out, text)
}

// writeAtomic writes with write to a temporary file beside path and renames it
// into place, so that path is never left half-written. The file is 0600
// (CreateTemp's mode): a dataset holds the organization's accounts and
// usage. An interrupt or a termination signal while it writes removes the
// temporary file before the process ends.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot write: %w", path, unwrapPath(err))
	}
	name := tmp.Name()
	defer removeOnSignal(name)()
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, 0o600)
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("%s: cannot write: %w", path, unwrapPath(err))
	}
	return nil
}

// writeBytes is a writeAtomic writer of data.
func writeBytes(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// removeOnSignal removes the file at name and ends the process if SIGINT
// or SIGTERM arrives before the returned function is called.
func removeOnSignal(name string) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			os.Remove(name)
			code := 130
			if s == syscall.SIGTERM {
				code = 143
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// collectSummary is the one-line summary: files, events, bytes, gaps.
func collectSummary(d *model.Dataset, out string) string {
	var files, events, eventBytes, stored int64
	measured := true
	regions := map[string]bool{}
	for u := range d.Rows() {
		files += u.LogFiles
		events += u.Events()
		eventBytes += u.EventBytes
		stored += u.StoredBytes
		measured = measured && u.Measured
		regions[u.Region] = true
	}
	s := fmt.Sprintf("collected %s log files, %s events, %s event bytes, %s stored bytes; %d accounts, %d regions, %d days; %d gaps",
		thousands(files), thousands(events), thousands(eventBytes), thousands(stored), len(d.Accounts), len(regions), d.Period.Days(), len(d.Gaps))
	if !measured {
		s += "; partly estimated from a sample"
	}
	if out == "-" {
		return s + "; written to standard output"
	}
	return s + "; wrote " + out
}

// thousands writes n with comma separators.
func thousands(n int64) string { return textfmt.Thousands(strconv.FormatInt(n, 10)) }
