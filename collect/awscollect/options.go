package awscollect

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
	"github.com/trailwise/trailwise/model"
)

// Source names, as rows, trails and gaps carry them.
const (
	SourceOrganizations = "organizations"
	SourceCostExplorer  = "cost-explorer"
	SourceS3Listing     = "s3-listing"
	SourceCloudTrailAPI = "cloudtrail-api"
	SourceLookupEvents  = "lookup-events"
	// SourceTelemetryRules is CloudWatch Observability Admin's telemetry
	// rules, read with the CloudTrail source.
	SourceTelemetryRules = "telemetry-rules"
)

// Sources switches each collector on or off. Organizations always runs.
type Sources struct {
	CostExplorer bool
	S3Listing    bool
	// CloudTrail reads every account's trails and event data stores, and
	// CloudWatch's telemetry rules for CloudTrail events.
	CloudTrail   bool
	LookupEvents bool
}

// Endpoints overrides each service's endpoint (tests, or a proxy). Empty
// fields keep the SDK's resolution, which already honours AWS_ENDPOINT_URL
// and AWS_ENDPOINT_URL_<SERVICE>.
type Endpoints struct {
	Organizations, CostExplorer, CloudTrail, STS, S3 string
	// ObservabilityAdmin is CloudWatch Observability Admin's (telemetry
	// rules).
	ObservabilityAdmin string
}

// Options configure a collection. Zero values take the defaults below.
type Options struct {
	// Config is the management account's AWS configuration (profile, SSO,
	// environment: config.LoadDefaultConfig). Its region is the home of
	// STS and the default region list.
	Config    aws.Config
	Endpoints Endpoints
	Sources   Sources

	// Start and End are the days measured, both inclusive, YYYY-MM-DD.
	Start, End string
	// Regions the CloudTrail API and LookupEvents look at. Default: the
	// regions the bucket listing and Cost Explorer saw, and Config's region.
	Regions []string
	// Region for STS (default Config.Region, else us-east-1).
	Region string

	// Bucket is the organization trail's bucket; default: the bucket of
	// the organization trail the CloudTrail collector finds.
	Bucket       string
	BucketPrefix string // the trail's S3 key prefix, if any
	// BucketAccount, when set, lists the bucket through the role in that
	// account (the log archive account usually owns the bucket).
	BucketAccount string
	BucketRegion  string // the bucket's region (default: the organization trail's home region, else Region)

	// Inventory, when set, reads an existing S3 Inventory report of the
	// bucket instead of listing it: s3://BUCKET/PREFIX, the report's
	// destination (the newest report of the trail bucket below it is
	// read), or s3://BUCKET/.../manifest.json. Only CSV reports. It is read
	// with the bucket's credentials (BucketAccount), in InventoryRegion
	// (default: BucketRegion, else Region). The report holds no log file
	// of its own date or later: those days of the period are a gap.
	Inventory       string
	InventoryRegion string
	// InventoryPeriod moves the period, keeping its length, to end the day
	// before the inventory's date when it ends later (a period counted back
	// from yesterday, measured by an older report).
	InventoryPeriod bool

	RoleName   string // default OrganizationAccountAccessRole
	ExternalID string
	Partition  string // default aws

	// CEServices are the SERVICE values Cost Explorer is asked for
	// (default CEServices: "AWS CloudTrail" and "Amazon Security Lake").
	// They are the request's filter and part of the cache key. Cost Explorer
	// groups by LINKED_ACCOUNT and USAGE_TYPE, not by SERVICE, so usage types
	// are told apart by name alone: ask for "AmazonCloudWatch" without
	// services sharing its Logs usage-type names (S3's TimedStorage-ByteHrs,
	// the Classic Load Balancer's DataProcessing-Bytes).
	CEServices []string
	// ExtrasByDay keeps Result.Extras per day (Extra.Day) instead of summed
	// over the period.
	ExtrasByDay bool

	// MaxCERequests caps the paid Cost Explorer requests of one run
	// (0.01 USD each, every page and every retry a request). Default 20.
	MaxCERequests int
	// CacheDir keeps Cost Explorer answers (default: the user cache
	// directory's trailwise/ce). NoCache turns the cache off.
	CacheDir string
	NoCache  bool

	// CheckpointDir keeps the accounts an interrupted run finished, so the
	// next run with the same options resumes (default: the user cache
	// directory's trailwise/checkpoints). NoCheckpoint turns it off.
	CheckpointDir string
	NoCheckpoint  bool

	// Concurrency bounds the accounts worked on at once (default 8).
	Concurrency int
	// Rates are requests per second per account and region, keyed by IAM
	// action ("cloudtrail:LookupEvents") or service prefix ("cloudtrail").
	// Missing keys take DefaultRates; a rate of 0 or less is unlimited.
	Rates map[string]float64
	// MaxAttempts per request with the SDK's standard retryer (default 6);
	// MaxBackoff caps its jittered exponential backoff (default 20s).
	MaxAttempts int
	MaxBackoff  time.Duration
	// RequestTimeout bounds one HTTP attempt (default 30s).
	RequestTimeout time.Duration

	// SampleFiles is how many log files per account and region the
	// listing picks at random and reads with the log scanner (GetObject),
	// to measure bytes per event, events per stored byte and the mix of
	// event kinds. 0 reads none. Seed makes the choice repeatable.
	SampleFiles int
	Seed        uint64

	// LookupPages bounds LookupEvents pages per account and region (default 20).
	LookupPages int

	// ReadShare splits a management-event total into reads and writes where
	// only the total is known (Cost Explorer, LookupEvents extrapolations).
	// Default 0.804: 2,367 read against 576 write among 2,943 real records
	// that carry readOnly (shared/data/real, SOURCES.md section 3).
	ReadShare float64
	// BytesPerEvent estimates uncompressed bytes from an event count
	// (default 1,250: the real records' mean of 1,249.7 B).
	BytesPerEvent float64
	// StoredBytesPerEvent estimates events from gzip bytes where only the
	// listing is known (default 147: the real records' gzip bytes per event).
	StoredBytesPerEvent float64

	// Progress, if set, is told of every request sent.
	Progress func(action string)
	// BytesReceived, if set, is told of every chunk of response body read
	// (compressed bytes on the wire), for progress.
	BytesReceived func(n int64)
	// AccountDone, if set, is told when a stage finishes an account
	// (stage "cloudtrail" or "s3-listing"; done of total).
	AccountDone func(stage string, done, total int)

	managementAccount string
}

// DefaultRates are the per account and region request rates the collectors
// keep to: CloudTrail's documented 2 requests/s for LookupEvents, and
// conservative rates well below the other APIs' quotas (S3 serves thousands
// of requests a second per prefix). A 1,000-account organization is bound by
// them: see BENCHMARKS.md.
var DefaultRates = map[string]float64{
	"cloudtrail:LookupEvents": 2,
	"cloudtrail":              5,
	"organizations":           2,
	"ce":                      1,
	"sts":                     10,
	"s3":                      100,
	// CloudWatch Observability Admin's quotas are not documented where
	// read: a few requests a second, one list per account and region.
	"observabilityadmin": 2,
}

func (o *Options) defaults() error {
	if o.Start == "" || o.End == "" {
		return errors.New("the period's start and end days are required")
	}
	start, ok1 := model.ParseDay(o.Start)
	end, ok2 := model.ParseDay(o.End)
	if !ok1 || !ok2 || end.Before(start) {
		return fmt.Errorf("period %s..%s: expected two YYYY-MM-DD days, the end on or after the start", o.Start, o.End)
	}
	if o.Inventory != "" {
		if _, _, err := ParseInventoryURL(o.Inventory); err != nil {
			return err
		}
	}
	if o.Region == "" {
		o.Region = o.Config.Region
	}
	if o.Region == "" {
		o.Region = globalRegion
	}
	if o.RoleName == "" {
		o.RoleName = "OrganizationAccountAccessRole"
	}
	if o.Partition == "" {
		o.Partition = "aws"
	}
	if o.MaxCERequests == 0 {
		o.MaxCERequests = 20
	}
	services, err := normalizeServices(o.CEServices)
	if err != nil {
		return err
	}
	o.CEServices = services
	if o.CacheDir == "" && !o.NoCache {
		o.CacheDir, o.NoCache = userCacheDir("ce")
	}
	if o.CheckpointDir == "" && !o.NoCheckpoint {
		o.CheckpointDir, o.NoCheckpoint = userCacheDir("checkpoints")
	}
	o.tuningDefaults()
	return nil
}

// userCacheDir is the folder sub of trailwise's in the user's cache; none
// is true when the system has no cache folder.
func userCacheDir(sub string) (dir string, none bool) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", true
	}
	return filepath.Join(base, "trailwise", sub), false
}

// tuningDefaults fills the run's limits, rates and estimating constants
// left unset.
func (o *Options) tuningDefaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	rates := map[string]float64{}
	for k, v := range DefaultRates {
		rates[k] = v
	}
	for k, v := range o.Rates {
		rates[k] = v
	}
	o.Rates = rates
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 6
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 20 * time.Second
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 30 * time.Second
	}
	if o.LookupPages <= 0 {
		o.LookupPages = 20
	}
	if o.ReadShare <= 0 || o.ReadShare > 1 {
		o.ReadShare = 2367.0 / (2367 + 576)
	}
	if o.BytesPerEvent <= 0 {
		o.BytesPerEvent = 1250
	}
	if o.StoredBytesPerEvent <= 0 {
		o.StoredBytesPerEvent = 147
	}
}

// normalizeServices sorts and deduplicates the Cost Explorer services, so
// that one set makes one cache key whatever its order; none is CEServices.
func normalizeServices(in []string) ([]string, error) {
	if len(in) == 0 {
		in = CEServices
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if strings.TrimSpace(s) == "" {
			return nil, errors.New("Cost Explorer services: an empty SERVICE value")
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out, nil
}

// LoadConfig is the standard AWS configuration (environment, shared files,
// SSO, AWS_ENDPOINT_URL) with an optional profile and region. The SDK's own
// log (its instance-metadata warnings when no credentials are found) is
// silenced: the errors returned say what went wrong.
func LoadConfig(ctx context.Context, profile, region string) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	if profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(profile))
	}
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	return config.LoadDefaultConfig(ctx, opts...)
}
