package model

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// ScenarioSchema is the schema id a scenario file may carry.
const ScenarioSchema = "trailwise.scenario/v1"

// Lake billing modes, as the CloudTrail API names them.
const (
	LakeExtendable = "EXTENDABLE_RETENTION_PRICING" // 1-year extendable retention
	LakeFixed      = "FIXED_RETENTION_PRICING"      // 7-year retention
)

// Org-trail member-access variants: how member accounts read their own logs
// in the central bucket.
const (
	AccessNone             = "none"
	AccessPerAccountPolicy = "per-account-policy"
	AccessPolicyVariable   = "policy-variable"
	AccessLakeFormation    = "lake-formation"
)

// MemberAccessVariants lists the org-trail variants in display order.
var MemberAccessVariants = []string{AccessNone, AccessPerAccountPolicy, AccessPolicyVariable, AccessLakeFormation}

// Insights settings: which CloudTrail Insights types analyze management events.
const (
	InsightsNone        = "none"
	InsightsAPICallRate = "api-call-rate"
	InsightsErrorRate   = "api-error-rate"
	InsightsBoth        = "both"
)

// Scenario is the set of assumptions a person chooses. Every field has a
// default (DefaultScenario); a few defaults depend on the dataset and are
// filled by Resolve.
type Scenario struct {
	Schema string `json:"schema,omitempty"`
	// Region is the pricing region: the price book used for every line.
	Region string `json:"region"`
	// StartMonth (YYYY-MM) is the first projected month; empty means the
	// month after the dataset's period.
	StartMonth    string `json:"start_month"`
	HorizonMonths int    `json:"horizon_months"`
	// LogArchiveAccount owns the central bucket; empty means the account
	// named like "Log Archive", else the management account.
	LogArchiveAccount          string    `json:"log_archive_account"`
	CentralRetentionDays       int       `json:"central_retention_days"`
	AccountBucketRetentionDays int       `json:"account_bucket_retention_days"`
	Lifecycle                  Lifecycle `json:"lifecycle"`
	SSEKMS                     bool      `json:"sse_kms"`
	// LogFileValidation adds CloudTrail's hourly digest files to every trail bucket.
	LogFileValidation       bool   `json:"log_file_validation"`
	Replication             string `json:"replication"`
	ReplicationTimeControl  bool   `json:"replication_time_control"`
	LakeBillingMode         string `json:"lake_billing_mode"`
	LakeRetentionDays       int    `json:"lake_retention_days"`
	CloudWatchRetentionDays int    `json:"cloudwatch_retention_days"`
	// LakeExit compares the way out of CloudTrail Lake to CloudWatch;
	// LakeExitParallelDays is how long both run side by side.
	LakeExit             bool `json:"lake_exit"`
	LakeExitParallelDays int  `json:"lake_exit_parallel_days"`
	// CloudWatchRoutes are the CloudWatch routes compared (CloudWatchRoutes).
	CloudWatchRoutes []string `json:"cloudwatch_routes"`
	// CloudWatchCentralCopies is how many central copies CloudWatch
	// cross-account centralization keeps (0: none).
	CloudWatchCentralCopies int `json:"cloudwatch_central_copies"`
	// KeepOrgTrailArchive keeps the organization trail (the free first copy,
	// to S3) beside the CloudWatch Logs path.
	KeepOrgTrailArchive bool `json:"keep_org_trail_archive"`
	// QueryGBPerMonth fixes what each engine's queries scan a month; an
	// engine left unset (null) scales with the organization's volume:
	// QueriesPerMonth queries, each over QueryDaysScanned days of events.
	QueryGBPerMonth  QueryVolume `json:"query_gb_per_month"`
	QueriesPerMonth  int         `json:"queries_per_month"`
	QueryDaysScanned int         `json:"query_days_scanned"`
	// RecordDataEvents records the data events the dataset measured; nil
	// means yes when the dataset has any.
	RecordDataEvents *bool  `json:"record_data_events"`
	Insights         string `json:"insights"`
	// InsightsDataEvents is which Insights types analyze data events (on
	// trails); InsightsEventDataStore turns the Insights setting on for the
	// organization event data store too (trails-lake), billed apart.
	InsightsDataEvents     string              `json:"insights_data_events"`
	InsightsEventDataStore bool                `json:"insights_event_data_store"`
	SecurityLake           SecurityLakeOptions `json:"security_lake"`
	AccountGrowthPerMonth  float64             `json:"account_growth_per_month"`
	VolumeGrowthPerMonth   float64             `json:"volume_growth_per_month"`
	// AccountGrowthSpread and VolumeGrowthSpread are how uncertain the two
	// growth rates are: each Monte Carlo draw takes a rate uniformly within
	// the rate ± the spread (0.01: ±1 point a month).
	AccountGrowthSpread float64 `json:"account_growth_spread"`
	VolumeGrowthSpread  float64 `json:"volume_growth_spread"`
	// LeftoverTrails is what happens to the trails the organization has
	// that a strategy does not need (LeftoverRemove: each strategy is priced
	// as adopted, and what keeping them would cost is reported beside it;
	// LeftoverKeep: they stay, and their paid copies are in the price).
	LeftoverTrails string `json:"leftover_trails"`
	// EventSelectors are, per strategy id, the advanced event selectors its
	// trails, event data stores, ingestion rules or sources record with: the
	// strategy is priced on what they let through (see EventSelector).
	// Optional: a strategy without them records every event measured.
	EventSelectors map[string][]EventSelector `json:"event_selectors,omitempty"`
	// OrgTrailEventsPayer is who pays an organization trail's data,
	// network and Insights events (AWS does not document it): management
	// (the trail's owner) or members (each account its own events).
	OrgTrailEventsPayer  string   `json:"org_trail_events_payer"`
	OrgTrailMemberAccess []string `json:"org_trail_member_access"`
	// OpsHours is staff hours a month per strategy id; priced at OpsHourlyRate.
	OpsHours      map[string]float64 `json:"ops_hours"`
	OpsHourlyRate float64            `json:"ops_hourly_rate"`
}

// Lifecycle is the S3 lifecycle applied to trail buckets: the age in days at
// which objects move to each tier (0 leaves a tier out), and which objects
// move, by size, as S3 decides it.
type Lifecycle struct {
	StandardIADays      int `json:"standard_ia_days"`
	GlacierIRDays       int `json:"glacier_ir_days"`
	GlacierFlexibleDays int `json:"glacier_flexible_days"`
	DeepArchiveDays     int `json:"deep_archive_days"`
	// TransitionDefaultMinimumObjectSize is the lifecycle configuration's
	// setting of that name: MinSizeAllClasses128K (S3's default; "" means
	// it too) or MinSizeVariesByClass.
	TransitionDefaultMinimumObjectSize string `json:"transition_default_minimum_object_size"`
	// ObjectSizeGreaterThan and ObjectSizeLessThan (bytes; 0: none) are the
	// rule's size filter: only objects in the range move, and a size filter
	// takes precedence over the default minimum.
	ObjectSizeGreaterThan int64 `json:"object_size_greater_than"`
	ObjectSizeLessThan    int64 `json:"object_size_less_than"`
}

// QueryVolume is the data scanned by queries a month, in GB, per query
// engine; nil scales with volume (see queries.go).
type QueryVolume struct {
	Athena       *float64 `json:"athena"`
	Lake         *float64 `json:"lake"`
	CloudWatch   *float64 `json:"cloudwatch"`
	SecurityLake *float64 `json:"security_lake"`
}

// SecurityLakeOptions are the Amazon Security Lake assumptions.
type SecurityLakeOptions struct {
	// Sources are the CloudTrail sources collected: cloudtrail-management, cloudtrail-data.
	Sources []string `json:"sources"`
	// OtherSourcesGBPerMonth is raw GB a month from non-CloudTrail sources
	// (VPC Flow Logs, Route 53, Security Hub…), priced at the "other logs" tiers.
	OtherSourcesGBPerMonth float64 `json:"other_sources_gb_per_month"`
	// RollupRegion receives every region's data; empty means Region.
	RollupRegion  string `json:"rollup_region"`
	RetentionDays int    `json:"retention_days"`
}

// DefaultScenario is the scenario every omitted field falls back to.
func DefaultScenario() Scenario {
	return Scenario{
		Region:                     "us-east-1",
		HorizonMonths:              12,
		CentralRetentionDays:       365,
		AccountBucketRetentionDays: 90,
		Lifecycle:                  Lifecycle{TransitionDefaultMinimumObjectSize: MinSizeAllClasses128K},
		LogFileValidation:          true,
		Replication:                "same-region",
		LakeBillingMode:            LakeExtendable,
		LakeRetentionDays:          366,
		CloudWatchRetentionDays:    365,
		CloudWatchRoutes:           append([]string(nil), CloudWatchRoutes...),
		LakeExit:                   true,
		LakeExitParallelDays:       7,
		KeepOrgTrailArchive:        true,
		QueriesPerMonth:            DefaultQueriesPerMonth,
		QueryDaysScanned:           DefaultQueryDaysScanned,
		Insights:                   InsightsNone,
		InsightsDataEvents:         InsightsNone,
		SecurityLake: SecurityLakeOptions{
			Sources:       []string{"cloudtrail-management"},
			RetentionDays: 365,
		},
		LeftoverTrails:       LeftoverRemove,
		OrgTrailEventsPayer:  PayerManagement,
		OrgTrailMemberAccess: append([]string(nil), MemberAccessVariants...),
		AccountGrowthSpread:  0.01,
		VolumeGrowthSpread:   0.01,
	}
}

// Validate checks every field's range; paths are the scenario file's keys.
func (s *Scenario) Validate() error {
	for _, check := range []func() error{s.validateTime, s.validateStorage, s.validateQueries, s.validateEvents, s.validateGrowth, s.validateStrategies} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// validateTime checks the schema, the pricing region, the months and the log-archive account.
func (s *Scenario) validateTime() error {
	if s.Schema != "" && s.Schema != ScenarioSchema {
		return fieldErr("schema", fmt.Sprintf("%q or nothing", ScenarioSchema), fmt.Sprintf("%q", s.Schema))
	}
	if !regionPattern.MatchString(s.Region) {
		return fieldErr("region", "an AWS region like us-east-1", fmt.Sprintf("%q", s.Region))
	}
	if s.StartMonth != "" {
		if _, err := time.Parse("2006-01", s.StartMonth); err != nil {
			return fieldErr("start_month", "a month as YYYY-MM", fmt.Sprintf("%q", s.StartMonth))
		}
	}
	if s.HorizonMonths < 1 || s.HorizonMonths > 120 {
		return fieldErr("horizon_months", "a number of months from 1 to 120", fmt.Sprint(s.HorizonMonths))
	}
	if s.LogArchiveAccount != "" && !accountIDPattern.MatchString(s.LogArchiveAccount) {
		return fieldErr("log_archive_account", "a 12-digit account id", fmt.Sprintf("%q", s.LogArchiveAccount))
	}
	return nil
}

// validateStorage checks retentions, the lifecycle, replication and Lake.
func (s *Scenario) validateStorage() error {
	for _, r := range []struct {
		path string
		v    int
	}{
		{"central_retention_days", s.CentralRetentionDays},
		{"account_bucket_retention_days", s.AccountBucketRetentionDays},
		{"cloudwatch_retention_days", s.CloudWatchRetentionDays},
		{"security_lake.retention_days", s.SecurityLake.RetentionDays},
	} {
		if r.v < 1 || r.v > 3653 {
			return fieldErr(r.path, "a number of days from 1 to 3653", fmt.Sprint(r.v))
		}
	}
	if err := s.Lifecycle.validate(); err != nil {
		return err
	}
	switch s.Replication {
	case "same-region", "cross-region":
	default:
		return fieldErr("replication", "same-region or cross-region", fmt.Sprintf("%q", s.Replication))
	}
	switch s.LakeBillingMode {
	case LakeExtendable:
		if s.LakeRetentionDays < 7 || s.LakeRetentionDays > 3653 {
			return fieldErr("lake_retention_days", "7 to 3653 days with "+LakeExtendable, fmt.Sprint(s.LakeRetentionDays))
		}
	case LakeFixed:
		if s.LakeRetentionDays < 7 || s.LakeRetentionDays > 2557 {
			return fieldErr("lake_retention_days", "7 to 2557 days with "+LakeFixed, fmt.Sprint(s.LakeRetentionDays))
		}
	default:
		return fieldErr("lake_billing_mode", LakeExtendable+" or "+LakeFixed, fmt.Sprintf("%q", s.LakeBillingMode))
	}
	return nil
}

// validateQueries checks what the queries scan.
func (s *Scenario) validateQueries() error {
	for _, q := range []struct {
		path string
		v    float64
	}{
		{"query_gb_per_month.athena", orZero(s.QueryGBPerMonth.Athena)},
		{"query_gb_per_month.lake", orZero(s.QueryGBPerMonth.Lake)},
		{"query_gb_per_month.cloudwatch", orZero(s.QueryGBPerMonth.CloudWatch)},
		{"query_gb_per_month.security_lake", orZero(s.QueryGBPerMonth.SecurityLake)},
		{"security_lake.other_sources_gb_per_month", s.SecurityLake.OtherSourcesGBPerMonth},
		{"ops_hourly_rate", s.OpsHourlyRate},
	} {
		if q.v < 0 {
			return fieldErr(q.path, "zero or more", fmt.Sprint(q.v))
		}
	}
	if s.QueriesPerMonth < 0 || s.QueriesPerMonth > 1_000_000 {
		return fieldErr("queries_per_month", "a number of queries a month from 0 to 1,000,000", fmt.Sprint(s.QueriesPerMonth))
	}
	if s.QueryDaysScanned < 1 || s.QueryDaysScanned > 3653 {
		return fieldErr("query_days_scanned", "the days of events each query scans, from 1 to 3653", fmt.Sprint(s.QueryDaysScanned))
	}
	return nil
}

// validateEvents checks which events are analyzed and collected.
func (s *Scenario) validateEvents() error {
	switch s.Insights {
	case InsightsNone, InsightsAPICallRate, InsightsErrorRate, InsightsBoth:
	default:
		return fieldErr("insights", "none, api-call-rate, api-error-rate or both", fmt.Sprintf("%q", s.Insights))
	}
	switch s.InsightsDataEvents {
	case InsightsNone, InsightsAPICallRate, InsightsErrorRate, InsightsBoth:
	default:
		return fieldErr("insights_data_events", "none, api-call-rate, api-error-rate or both", fmt.Sprintf("%q", s.InsightsDataEvents))
	}
	if len(s.SecurityLake.Sources) == 0 {
		return fieldErr("security_lake.sources", "at least one of cloudtrail-management, cloudtrail-data", "an empty list")
	}
	for i, src := range s.SecurityLake.Sources {
		if src != "cloudtrail-management" && src != "cloudtrail-data" {
			return fieldErr(fmt.Sprintf("security_lake.sources[%d]", i), "cloudtrail-management or cloudtrail-data", fmt.Sprintf("%q", src))
		}
	}
	if s.SecurityLake.RollupRegion != "" && !regionPattern.MatchString(s.SecurityLake.RollupRegion) {
		return fieldErr("security_lake.rollup_region", "an AWS region like us-east-1", fmt.Sprintf("%q", s.SecurityLake.RollupRegion))
	}
	return nil
}

// validateGrowth checks the growth rates and how uncertain they are.
func (s *Scenario) validateGrowth() error {
	for _, g := range []struct {
		path string
		v    float64
	}{
		{"account_growth_per_month", s.AccountGrowthPerMonth},
		{"volume_growth_per_month", s.VolumeGrowthPerMonth},
	} {
		if g.v <= -1 || g.v > 10 {
			return fieldErr(g.path, "a monthly rate as a fraction above -1 (0.02 is 2% a month)", fmt.Sprint(g.v))
		}
	}
	for _, g := range []struct {
		path string
		v    float64
	}{
		{"account_growth_spread", s.AccountGrowthSpread},
		{"volume_growth_spread", s.VolumeGrowthSpread},
	} {
		if math.IsNaN(g.v) || g.v < 0 || g.v > 1 {
			return fieldErr(g.path, "a spread of the monthly rate from 0 to 1 (0.01 is ±1 point a month)", fmt.Sprint(g.v))
		}
	}
	return nil
}

// validateStrategies checks the settings that shape the strategies: who
// pays, leftover trails, member-access variants, staff hours.
func (s *Scenario) validateStrategies() error {
	if len(s.CloudWatchRoutes) == 0 {
		return fieldErr("cloudwatch_routes", "at least one of "+strings.Join(CloudWatchRoutes, ", "), "an empty list")
	}
	for i, r := range s.CloudWatchRoutes {
		if !contains(CloudWatchRoutes, r) {
			return fieldErr(fmt.Sprintf("cloudwatch_routes[%d]", i), strings.Join(CloudWatchRoutes, ", "), fmt.Sprintf("%q", r))
		}
	}
	if s.LakeExitParallelDays < 1 || s.LakeExitParallelDays > 366 {
		return fieldErr("lake_exit_parallel_days", "days from 1 to 366", fmt.Sprint(s.LakeExitParallelDays))
	}
	if s.CloudWatchCentralCopies < 0 || s.CloudWatchCentralCopies > 5 {
		return fieldErr("cloudwatch_central_copies", "a number of central copies from 0 to 5", fmt.Sprint(s.CloudWatchCentralCopies))
	}
	if s.OrgTrailEventsPayer != PayerManagement && s.OrgTrailEventsPayer != PayerMembers {
		return fieldErr("org_trail_events_payer", PayerManagement+" or "+PayerMembers, fmt.Sprintf("%q", s.OrgTrailEventsPayer))
	}
	for id, sels := range s.EventSelectors {
		if !IsStrategyID(id) {
			return fieldErr("event_selectors."+id, "a strategy id ("+strings.Join(StrategyIDs(), ", ")+")", fmt.Sprintf("%q", id))
		}
		if err := validateSelectors("event_selectors."+id, sels); err != nil {
			return err
		}
	}
	if s.LeftoverTrails != LeftoverRemove && s.LeftoverTrails != LeftoverKeep {
		return fieldErr("leftover_trails", LeftoverRemove+" or "+LeftoverKeep, fmt.Sprintf("%q", s.LeftoverTrails))
	}
	if len(s.OrgTrailMemberAccess) == 0 {
		return fieldErr("org_trail_member_access", "at least one of "+strings.Join(MemberAccessVariants, ", "), "an empty list")
	}
	for i, v := range s.OrgTrailMemberAccess {
		if !contains(MemberAccessVariants, v) {
			return fieldErr(fmt.Sprintf("org_trail_member_access[%d]", i), strings.Join(MemberAccessVariants, ", "), fmt.Sprintf("%q", v))
		}
	}
	ids := make([]string, 0, len(s.OpsHours))
	for id := range s.OpsHours {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !IsStrategyID(id) {
			return fieldErr("ops_hours."+id, "a strategy id ("+strings.Join(StrategyIDs(), ", ")+")", fmt.Sprintf("%q", id))
		}
		if s.OpsHours[id] < 0 {
			return fieldErr("ops_hours."+id, "hours a month, zero or more", fmt.Sprint(s.OpsHours[id]))
		}
	}
	return nil
}

func (l Lifecycle) validate() error {
	steps := []struct {
		path string
		days int
		min  int
	}{
		{"lifecycle.standard_ia_days", l.StandardIADays, 30},
		{"lifecycle.glacier_ir_days", l.GlacierIRDays, 30},
		{"lifecycle.glacier_flexible_days", l.GlacierFlexibleDays, 1},
		{"lifecycle.deep_archive_days", l.DeepArchiveDays, 1},
	}
	last, lastPath := 0, ""
	for _, st := range steps {
		if st.days == 0 {
			continue
		}
		if st.days < st.min || st.days > 3653 {
			return fieldErr(st.path, fmt.Sprintf("0 (off) or a number of days from %d to 3653", st.min), fmt.Sprint(st.days))
		}
		if st.days <= last {
			return fieldErr(st.path, "more days than "+lastPath+fmt.Sprintf(" (%d)", last), fmt.Sprint(st.days))
		}
		last, lastPath = st.days, st.path
	}
	return l.validateSize()
}

// maxObjectBytes is S3's largest object, 50 TB: the size filter's range.
const maxObjectBytes = 50 << 40

func (l Lifecycle) validateSize() error {
	switch l.TransitionDefaultMinimumObjectSize {
	case "", MinSizeAllClasses128K, MinSizeVariesByClass:
	default:
		return fieldErr("lifecycle.transition_default_minimum_object_size", MinSizeAllClasses128K+" or "+MinSizeVariesByClass, fmt.Sprintf("%q", l.TransitionDefaultMinimumObjectSize))
	}
	for _, f := range []struct {
		path string
		v    int64
	}{
		{"lifecycle.object_size_greater_than", l.ObjectSizeGreaterThan},
		{"lifecycle.object_size_less_than", l.ObjectSizeLessThan},
	} {
		if f.v < 0 || f.v > maxObjectBytes {
			return fieldErr(f.path, "0 (no filter) or a size in bytes up to 50 TB", fmt.Sprint(f.v))
		}
	}
	if l.ObjectSizeLessThan > 0 && l.ObjectSizeLessThan <= l.ObjectSizeGreaterThan {
		return fieldErr("lifecycle.object_size_less_than", fmt.Sprintf("more bytes than lifecycle.object_size_greater_than (%d)", l.ObjectSizeGreaterThan), fmt.Sprint(l.ObjectSizeLessThan))
	}
	return nil
}

// Resolve fills the defaults that depend on the dataset and returns the
// scenario every figure is computed from.
func (s Scenario) Resolve(d *Dataset) Scenario {
	if s.StartMonth == "" {
		end, _ := ParseDay(d.Period.End)
		s.StartMonth = time.Date(end.Year(), end.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	}
	if s.LogArchiveAccount == "" {
		s.LogArchiveAccount = d.Organization.ManagementAccount
		for _, a := range d.Accounts {
			if n := strings.ToLower(strings.ReplaceAll(a.Name, "-", " ")); strings.Contains(n, "log archive") {
				s.LogArchiveAccount = a.ID
				break
			}
		}
	}
	if s.RecordDataEvents == nil {
		has := false
		for u := range d.Rows() {
			if u.DataEvents > 0 {
				has = true
				break
			}
		}
		s.RecordDataEvents = &has
	}
	if s.SecurityLake.RollupRegion == "" {
		s.SecurityLake.RollupRegion = s.Region
	}
	if s.Lifecycle.TransitionDefaultMinimumObjectSize == "" {
		s.Lifecycle.TransitionDefaultMinimumObjectSize = MinSizeAllClasses128K
	}
	s.Schema = ScenarioSchema
	return s
}

// Months lists the projected months as first days, StartMonth onwards.
func (s *Scenario) Months() []time.Time {
	first, _ := time.Parse("2006-01", s.StartMonth)
	out := make([]time.Time, s.HorizonMonths)
	for i := range out {
		out[i] = first.AddDate(0, i, 0)
	}
	return out
}

// orZero is *p, or 0 for nil.
func orZero(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
