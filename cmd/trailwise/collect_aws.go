package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/spf13/cobra"
	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/model"
)

// awsOptions are collect's flags for the AWS APIs (without --from-dir).
type awsOptions struct {
	Profile, Region      string
	Days                 int
	Start, End           string
	Regions              []string
	Sources              []string
	Bucket, BucketPrefix string
	BucketAccount        string
	BucketRegion         string
	Inventory            string
	InventoryRegion      string
	RoleName, ExternalID string
	MaxCERequests        int
	CacheDir             string
	NoCache              bool
	DryRun               bool
	Concurrency          int
	Endpoint, S3Endpoint string
	Engine               engineFlags // --engine athena|lake (collect_engine.go)
	now                  func() time.Time
	sampleFilesSet       bool // --sample-files given (its default serves --from-dir)
	daysSet              bool // --days given (its default serves the AWS APIs)
}

var awsSourceNames = []string{"cost-explorer", "s3", "cloudtrail", "lookup-events"}

func addAWSFlags(cmd *cobra.Command, o *awsOptions) {
	f := cmd.Flags()
	f.StringVar(&o.Profile, "profile", "", "AWS: shared configuration profile of the management account")
	f.StringVar(&o.Region, "region", "", "AWS: region for STS and the default region list (default: the configuration's)")
	f.IntVar(&o.Days, "days", 30, "AWS: measure the last N full days (UTC), ending yesterday")
	f.StringVar(&o.Start, "start", "", "AWS: first day measured, YYYY-MM-DD (with --end, instead of --days)")
	f.StringVar(&o.End, "end", "", "AWS: last day measured, YYYY-MM-DD")
	f.StringSliceVar(&o.Regions, "regions", nil, "AWS: regions to read CloudTrail in (default: the configuration's and every region Cost Explorer shows)")
	f.StringSliceVar(&o.Sources, "sources", awsSourceNames, "AWS: sources to use: "+strings.Join(awsSourceNames, ", ")+" (default: all; Organizations always)")
	// The default is every source, said in words: the list as a default
	// is one word wider than the flags' column leaves room for.
	f.Lookup("sources").DefValue = "[]"
	f.StringVar(&o.Bucket, "bucket", "", "AWS: the organization trail's bucket (default: the one the organization trail writes to)")
	f.StringVar(&o.BucketPrefix, "bucket-prefix", "", "AWS: the trail's S3 key prefix, if any")
	f.StringVar(&o.BucketAccount, "bucket-account", "", "AWS: list the bucket through the role in this account (the log archive account)")
	f.StringVar(&o.BucketRegion, "bucket-region", "", "AWS: the bucket's region (default: the organization trail's home region)")
	f.StringVar(&o.Inventory, "inventory", "", "AWS: read the trail bucket's S3 Inventory report (CSV or Parquet) instead of listing the bucket: s3://BUCKET/PREFIX, its destination (the newest report is read), or s3://BUCKET/.../manifest.json")
	f.StringVar(&o.InventoryRegion, "inventory-region", "", "AWS: the inventory bucket's region (default: --bucket-region)")
	f.StringVar(&o.RoleName, "role-name", "OrganizationAccountAccessRole", "AWS: role assumed in every member account")
	f.StringVar(&o.ExternalID, "external-id", "", "AWS: external id for the role, if its trust policy wants one")
	f.IntVar(&o.MaxCERequests, "max-ce-requests", 20, "AWS: at most N paid Cost Explorer requests (0.01 USD each; cached answers are free)")
	f.StringVar(&o.CacheDir, "cache-dir", "", "AWS: where Cost Explorer answers are cached (default: the user cache directory)")
	f.BoolVar(&o.NoCache, "no-ce-cache", false, "AWS: neither read nor write the Cost Explorer cache")
	f.BoolVar(&o.DryRun, "dry-run", false, "AWS: read the organization, print what collect would call and what the paid calls cost, and stop")
	f.IntVar(&o.Concurrency, "concurrency", 8, "AWS: accounts worked on at once")
	f.StringVar(&o.Endpoint, "endpoint-url", "", "AWS: one endpoint for Organizations, Cost Explorer, CloudTrail and STS (tests, proxies)")
	f.StringVar(&o.S3Endpoint, "s3-endpoint-url", "", "AWS: S3 endpoint, path-style (tests, proxies)")
	addEngineFlags(f, &o.Engine)
	_ = f.MarkHidden("endpoint-url")
	_ = f.MarkHidden("s3-endpoint-url")
	cmd.PreRun = func(c *cobra.Command, _ []string) {
		o.sampleFilesSet = c.Flags().Changed("sample-files")
		o.daysSet = c.Flags().Changed("days")
	}
}

// defaultAWSSampleFiles is how many log files per account and region the
// AWS collection reads unless --sample-files says otherwise.
const defaultAWSSampleFiles = 5

// libraryOptions checks the flags and turns them into the collector's options.
func (o *awsOptions) libraryOptions() (awscollect.Options, error) {
	var lo awscollect.Options
	now := time.Now
	if o.now != nil {
		now = o.now
	}
	switch {
	case o.Start != "" || o.End != "":
		start, ok1 := model.ParseDay(o.Start)
		end, ok2 := model.ParseDay(o.End)
		if !ok1 || !ok2 || end.Before(start) {
			return lo, usageError{fmt.Errorf("--start and --end: expected two days as YYYY-MM-DD, the end on or after the start, got %q and %q", o.Start, o.End)}
		}
		lo.Start, lo.End = o.Start, o.End
	case o.Days < 1 || o.Days > 366:
		return lo, usageError{fmt.Errorf("--days: expected 1 to 366, got %d", o.Days)}
	default:
		yesterday := now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
		lo.Start = yesterday.AddDate(0, 0, 1-o.Days).Format(model.DayLayout)
		lo.End = yesterday.Format(model.DayLayout)
	}
	for _, s := range o.Sources {
		switch strings.TrimSpace(s) {
		case "cost-explorer":
			lo.Sources.CostExplorer = true
		case "s3":
			lo.Sources.S3Listing = true
		case "cloudtrail":
			lo.Sources.CloudTrail = true
		case "lookup-events":
			lo.Sources.LookupEvents = true
		case "organizations":
		default:
			return lo, usageError{fmt.Errorf("--sources: expected some of %s, got %q", strings.Join(awsSourceNames, ", "), s)}
		}
	}
	switch {
	case o.MaxCERequests < 0:
		return lo, usageError{fmt.Errorf("--max-ce-requests: expected 0 or more, got %d", o.MaxCERequests)}
	case o.BucketAccount != "" && !flagAccount.MatchString(o.BucketAccount):
		return lo, usageError{fmt.Errorf("--bucket-account: expected a 12-digit account id, got %q", o.BucketAccount)}
	case o.Concurrency < 1:
		return lo, usageError{fmt.Errorf("--concurrency: expected 1 or more, got %d", o.Concurrency)}
	}
	if o.Inventory != "" {
		if _, _, err := awscollect.ParseInventoryURL(o.Inventory); err != nil {
			return lo, usageError{fmt.Errorf("--inventory: %w", err)}
		}
		if !lo.Sources.S3Listing {
			return lo, usageError{errors.New("--inventory replaces the bucket listing: it needs s3 in --sources")}
		}
		// --days counts back from the newest day the report holds whole.
		lo.Inventory, lo.InventoryRegion = o.Inventory, o.InventoryRegion
		lo.InventoryPeriod = o.Start == "" && o.End == ""
	}
	if o.MaxCERequests == 0 { // the library reads 0 as its default
		lo.Sources.CostExplorer = false
	}
	lo.Regions, lo.Region = o.Regions, o.Region
	lo.Bucket, lo.BucketPrefix, lo.BucketAccount, lo.BucketRegion = o.Bucket, o.BucketPrefix, o.BucketAccount, o.BucketRegion
	lo.RoleName, lo.ExternalID = o.RoleName, o.ExternalID
	lo.MaxCERequests, lo.CacheDir, lo.NoCache = o.MaxCERequests, o.CacheDir, o.NoCache
	lo.Concurrency = o.Concurrency
	lo.Rates = requestRates()
	lo.Endpoints = awscollect.Endpoints{Organizations: o.Endpoint, CostExplorer: o.Endpoint, CloudTrail: o.Endpoint, STS: o.Endpoint, S3: o.S3Endpoint, ObservabilityAdmin: o.Endpoint}
	return lo, nil
}

// runCollectAWS collects through the AWS APIs; partial is true when the
// dataset has gaps.
func runCollectAWS(o *collectOptions, stdout, stderr io.Writer) (partial bool, err error) {
	lo, err := o.AWS.libraryOptions()
	if err != nil {
		return false, err
	}
	if o.AWS.Engine.Engine != "" && o.Out == "" && !o.AWS.DryRun {
		return false, usageError{errors.New("--out FILE is required (- writes to standard output)")}
	}
	if o.Out == "" && !o.AWS.DryRun {
		return false, usageError{errors.New("--out FILE is required (- writes to standard output); --from-dir DIR reads a local copy of a trail bucket instead of the AWS APIs")}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := loadAWSConfig(ctx, o.AWS.Profile, o.AWS.Region)
	if err != nil {
		return false, err
	}
	lo.Config = cfg
	lo.SampleFiles, lo.Seed = defaultAWSSampleFiles, o.Seed
	if o.AWS.sampleFilesSet {
		lo.SampleFiles = o.SampleFiles
	}
	if o.AWS.Engine.Engine != "" {
		stop()
		return runCollectEngine(o, lo, stdout, stderr)
	}
	if o.AWS.DryRun {
		p, err := awscollect.DryRun(ctx, lo)
		if err != nil {
			return false, err
		}
		writePlan(stdout, p, lo)
		return false, nil
	}
	finish := showProgress(&lo, stderr)
	res, err := awscollect.Collect(ctx, lo)
	finish()
	if err != nil {
		return false, err
	}
	if err := writeDataset(o.Out, stdout, res.Dataset); err != nil {
		return false, err
	}
	notes := append([]string{}, res.Notes...)
	notes = append(notes, res.Duplicates...)
	notes = append(notes, res.CloudWatchLogs...)
	for _, n := range notes {
		fmt.Fprintln(stderr, "trailwise: note: "+oneLine(n))
	}
	total := 0
	for _, n := range res.Requests {
		total += n
	}
	ce := res.CostExplorer
	fmt.Fprintf(stderr, "trailwise: %d AWS requests; Cost Explorer: %d paid requests, %.2f USD, %d pages from the cache\n", total, ce.Requests, ce.CostUSD, ce.CachedPages)
	fmt.Fprintln(stderr, "trailwise: "+collectSummary(res.Dataset, o.Out))
	return !res.Complete, nil
}

// showProgress keeps one line on a terminal's stderr, rewritten as the
// collection goes: the stage, its accounts done, the requests and the bytes
// received. finish ends the line; off a terminal nothing is shown.
func showProgress(lo *awscollect.Options, stderr io.Writer) (finish func()) {
	if !isTerminal(stderr) {
		return func() {}
	}
	stderr = raw(stderr) // the progress line is rewritten with CR; it holds no text from input
	var mu sync.Mutex
	var sent, received atomic.Int64
	stage, done, total, shown := "organization and Cost Explorer", 0, 0, false
	lo.BytesReceived = func(n int64) { received.Add(n) }
	show := func() {
		mb := float64(received.Load()) / (1 << 20)
		if total > 0 {
			fmt.Fprintf(stderr, "\rtrailwise: %s %d/%d accounts, %d requests, %.1f MiB   ", stage, done, total, sent.Load(), mb)
		} else {
			fmt.Fprintf(stderr, "\rtrailwise: %s, %d requests, %.1f MiB   ", stage, sent.Load(), mb)
		}
		shown = true
	}
	lo.Progress = func(string) {
		if sent.Add(1)%25 == 0 {
			mu.Lock()
			show()
			mu.Unlock()
		}
	}
	lo.AccountDone = func(s string, d, t int) {
		mu.Lock()
		stage, done, total = s, d, t
		show()
		mu.Unlock()
	}
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if shown {
			fmt.Fprintln(stderr)
		}
	}
}

// unthrottledEnv, set to 1, lifts the collectors' request rates: for the
// tests' local fakes, which answer at once and bill nothing. Never for AWS.
const unthrottledEnv = "TRAILWISE_AWS_UNTHROTTLED"

// requestRates are the collectors' rates: their defaults, or none at all
// under unthrottledEnv.
func requestRates() map[string]float64 {
	if os.Getenv(unthrottledEnv) != "1" {
		return nil
	}
	rates := map[string]float64{}
	for k := range awscollect.DefaultRates {
		rates[k] = 0 // 0: unlimited
	}
	return rates
}

// errNoCredentials is what every way of finding AWS credentials failing
// comes to: the SDK's own error is a chain naming each provider it tried.
var errNoCredentials = errors.New("no AWS credentials found: give --profile, set AWS_PROFILE, or run aws sso login")

// credentialsTimeout bounds the search for credentials (the instance
// metadata service, where there is none, answers only with a timeout).
const credentialsTimeout = 20 * time.Second

// loadAWSConfig loads the AWS configuration and finds its credentials
// before any request, so that their absence is one line.
func loadAWSConfig(ctx context.Context, profile, region string) (aws.Config, error) {
	cfg, err := awscollect.LoadConfig(ctx, profile, region)
	var missing config.SharedConfigProfileNotExistError
	switch {
	case errors.As(err, &missing):
		return cfg, fmt.Errorf("AWS profile %q not found in the AWS config or credentials file: give --profile with a profile 'aws configure list-profiles' shows", missing.Profile)
	case err != nil:
		return cfg, fmt.Errorf("AWS configuration: %w", err)
	case cfg.Credentials == nil:
		return cfg, errNoCredentials
	}
	cctx, cancel := context.WithTimeout(ctx, credentialsTimeout)
	defer cancel()
	if _, err := cfg.Credentials.Retrieve(cctx); err != nil {
		return cfg, credentialsError(err, profile)
	}
	return cfg, nil
}

// credentialsError says in one line why no credentials came.
func credentialsError(err error, profile string) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "no EC2 IMDS role found"): // the last provider tried: none before it had any
		return errNoCredentials
	case strings.Contains(msg, "SSO") || strings.Contains(msg, "sso"):
		login := "aws sso login"
		if profile != "" {
			login += " --profile " + profile
		}
		return fmt.Errorf("AWS credentials: the SSO session is missing or expired: run %s", login)
	}
	return fmt.Errorf("AWS credentials: %w", err)
}

func writePlan(w io.Writer, p *awscollect.Plan, lo awscollect.Options) {
	regions := strings.Join(p.Regions, ", ")
	if len(lo.Regions) == 0 {
		regions += " and every region Cost Explorer shows usage in"
	}
	fmt.Fprintf(w, "organization %s: %d accounts (%d active), %s..%s, regions %s\n", p.Organization, p.Accounts, p.Active, p.Start, p.End, regions)
	for _, n := range p.Notes {
		fmt.Fprintln(w, "  note: "+oneLine(n))
	}
	if lo.Sources.CostExplorer {
		c := p.CostExplorer
		fmt.Fprintf(w, "Cost Explorer (paid, 0.01 USD a request): about %d page(s), %d of them cached; %d request(s) (cap %d), %.2f USD\n", c.ExpectedPages, c.CachedPages, c.Requests, c.Cap, c.CostUSD)
		fmt.Fprintf(w, "  estimate: %s\n", c.Assumption)
	}
	for _, c := range p.Calls {
		fmt.Fprintln(w, c)
	}
}

// isTerminal is true when w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := raw(w).(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
