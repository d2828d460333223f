// Package model holds trailwise's core types (the measured Dataset, the
// Scenario of assumptions) and the cost engine that prices every CloudTrail
// management strategy on them. It knows nothing of AWS clients, terminals or
// file formats: loaders and renderers live in other packages.
package model

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"sync/atomic"
	"time"

	"github.com/trailwise/trailwise/pricing"
)

// DatasetSchema is the schema id every dataset file carries.
const DatasetSchema = "trailwise.dataset/v1"

// Dataset is a measurement of an organization's CloudTrail volume: who the
// accounts are, and per account × region × day how many events of each kind
// CloudTrail recorded and how many bytes they took.
type Dataset struct {
	Schema          string           `json:"schema"`
	Organization    Organization     `json:"organization"`
	Period          Period           `json:"period"`
	Accounts        []Account        `json:"accounts"`
	Usage           []Usage          `json:"usage"`
	Trails          []Trail          `json:"trails"`
	EventDataStores []EventDataStore `json:"event_data_stores"`
	Gaps            []Gap            `json:"gaps"`
	// Breakdown is, per account and region, the event sources the volume is
	// made of (see Breakdown). Optional.
	Breakdown []Breakdown `json:"breakdown,omitempty"`
	// TelemetryRules are the CloudWatch telemetry enablement rules for
	// CloudTrail events found (see TelemetryRule). Optional: absent, none
	// were found or none could be read (the collector's notes say which).
	TelemetryRules []TelemetryRule `json:"telemetry_rules,omitempty"`

	// packed holds the rows a loader packed (see Rows).
	packed *PackedRows
}

// Organization identifies the AWS Organization measured.
type Organization struct {
	ID                string `json:"id"`
	ManagementAccount string `json:"management_account"`
}

// Period is the measured span, both days inclusive, as YYYY-MM-DD.
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Account is one member (or the management) account of the organization.
type Account struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	OU     string `json:"ou"`
	Status string `json:"status"`
}

// Usage is one account × region × day of measured (or extrapolated) volume.
type Usage struct {
	Account               string `json:"account"`
	Region                string `json:"region"`
	Day                   string `json:"day"`
	ManagementReadEvents  int64  `json:"management_read_events"`
	ManagementWriteEvents int64  `json:"management_write_events"`
	DataEvents            int64  `json:"data_events"`
	NetworkEvents         int64  `json:"network_events"`
	InsightsEvents        int64  `json:"insights_events"`
	// AggregatedEvents counts the aggregated events (eventCategory
	// Aggregated: 5-minute summaries of data events) trails delivered.
	// Optional: absent means 0. Not part of Events, and not priced (see
	// AggregatedEventsNote); their bytes are in EventBytes.
	AggregatedEvents int64 `json:"aggregated_events,omitempty"`
	// EventBytes is the uncompressed JSON size of every event in the row.
	EventBytes int64 `json:"event_bytes"`
	// StoredBytes is the gzip size of the row's log files as stored in S3.
	StoredBytes int64  `json:"stored_bytes"`
	LogFiles    int64  `json:"log_files"`
	Source      string `json:"source"`
	Measured    bool   `json:"measured"`
	// RelativeError is the relative standard error of the row's counts, 0
	// to 1 (0.1: ±10% at one standard deviation), for rows sampled or
	// extrapolated. Optional: omitted, a measured row has none and an
	// unmeasured row has DefaultRelativeError.
	RelativeError *float64 `json:"relative_error,omitempty"`
}

// The most one usage row (an account's region's day) may hold. Counts up
// to 9.2e18 fit the field, but no account comes near these: 1e12 events in
// a day is 11.6 million API calls a second for 24 hours, hundreds of times
// what AWS's request-rate quotas let one account make in one Region, and
// 1e15 bytes (a petabyte) is a thousand bytes for each of those events. A
// count beyond them is a broken file, and refusing it keeps every sum the
// engine makes, over every row a dataset can hold, far from overflowing.
const (
	MaxRowEvents int64 = 1e12
	MaxRowBytes  int64 = 1e15
)

// DefaultRelativeError is the relative standard error of a usage row with
// measured false and no relative_error.
const DefaultRelativeError = 0.1

// RelErr is the row's relative standard error: relative_error, or 0 for a
// measured row and DefaultRelativeError for one that is not.
func (u Usage) RelErr() float64 {
	switch {
	case u.RelativeError != nil:
		return *u.RelativeError
	case u.Measured:
		return 0
	}
	return DefaultRelativeError
}

// Events is the number of events of every kind in the row.
func (u Usage) Events() int64 {
	return u.ManagementReadEvents + u.ManagementWriteEvents + u.DataEvents + u.NetworkEvents + u.InsightsEvents
}

// Trail is a CloudTrail trail found in the organization.
type Trail struct {
	Account          string `json:"account"`
	Name             string `json:"name"`
	HomeRegion       string `json:"home_region"`
	Organization     bool   `json:"organization"`
	MultiRegion      bool   `json:"multi_region"`
	ManagementEvents string `json:"management_events"` // all, read, write or none
	DataEvents       bool   `json:"data_events"`
	Bucket           string `json:"bucket"`
	CloudWatchLogs   bool   `json:"cloudwatch_logs"`
	// ExcludedEventSources are the management event sources the trail's
	// advanced event selectors leave out (eventSource NotEquals, e.g.
	// kms.amazonaws.com). Optional: absent, the trail records every source.
	ExcludedEventSources []string `json:"excluded_event_sources,omitempty"`
}

// EventDataStore is a CloudTrail Lake event data store found in the organization.
type EventDataStore struct {
	Account       string `json:"account"`
	Name          string `json:"name"`
	Organization  bool   `json:"organization"`
	BillingMode   string `json:"billing_mode"`
	RetentionDays int    `json:"retention_days"`
}

// TelemetryRule is a CloudWatch telemetry enablement rule for CloudTrail
// events (resource type AWS::CloudTrail, CloudWatch Observability Admin):
// CloudWatch already ingests the events it selects with no trail, into log
// groups in the accounts it covers, so delivery and ingestion are already
// being paid. The rule does not say which log class its log groups have.
type TelemetryRule struct {
	// Account holds the rule: for an organization rule, the management (or
	// delegated administrator) account it was read from.
	Account string `json:"account"`
	Region  string `json:"region"`
	Name    string `json:"name"`
	// Organization is true for an organization rule, which applies to
	// member accounts; false for an account's own rule.
	Organization bool `json:"organization"`
	// ManagementEvents (all, read, write or none) and DataEvents say what
	// the rule's advanced event selectors take. Optional: absent, the
	// rule's detail could not be read.
	ManagementEvents string `json:"management_events,omitempty"`
	DataEvents       bool   `json:"data_events,omitempty"`
	// OrganizationScope is the accounts or OUs an organization rule is
	// scoped to, as the API states it. Optional.
	OrganizationScope string `json:"organization_scope,omitempty"`
	// AllRegions is true when the rule is replicated to every Region.
	// Optional.
	AllRegions bool `json:"all_regions,omitempty"`
	// RetentionDays is the destination's retention. Optional.
	RetentionDays int `json:"retention_days,omitempty"`
}

// Gap is something the collector could not measure, and why.
type Gap struct {
	Account string `json:"account"`
	Region  string `json:"region"`
	Source  string `json:"source"`
	Reason  string `json:"reason"`
}

// FieldError is a validation failure at one JSON path of an input document.
// Loaders prefix it with the file name to make the one-line error users see.
type FieldError struct {
	Path     string // JSON path, e.g. usage[3].day
	Expected string // what a valid value looks like
	Got      string // what was found, if worth showing
}

func (e *FieldError) Error() string {
	if e.Got == "" {
		return fmt.Sprintf("%s: expected %s", e.Path, e.Expected)
	}
	return fmt.Sprintf("%s: expected %s, got %s", e.Path, e.Expected, e.Got)
}

func fieldErr(path, expected, got string) *FieldError {
	return &FieldError{Path: path, Expected: expected, Got: got}
}

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	orgIDPattern     = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	regionPattern    = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)
)

// DayLayout is the layout of every day in trailwise files.
const DayLayout = "2006-01-02"

// ParseDay parses a YYYY-MM-DD day in UTC.
func ParseDay(s string) (time.Time, bool) {
	t, err := time.Parse(DayLayout, s)
	return t, err == nil
}

// Days is the number of days in the period, both ends included.
func (p Period) Days() int {
	start, _ := ParseDay(p.Start)
	end, _ := ParseDay(p.End)
	return int(end.Sub(start).Hours()/24) + 1
}

// Validate checks the dataset's meaning (the loader has checked its shape):
// ids well formed, counts non-negative, days inside the period, every row's
// account listed.
func (d *Dataset) Validate() error {
	if d.Schema != DatasetSchema {
		return fieldErr("schema", fmt.Sprintf("%q", DatasetSchema), fmt.Sprintf("%q", d.Schema))
	}
	if !orgIDPattern.MatchString(d.Organization.ID) {
		return fieldErr("organization.id", "an organization id like o-a1b2c3d4e5", fmt.Sprintf("%q", d.Organization.ID))
	}
	if !accountIDPattern.MatchString(d.Organization.ManagementAccount) {
		return fieldErr("organization.management_account", "a 12-digit account id", fmt.Sprintf("%q", d.Organization.ManagementAccount))
	}
	start, ok := ParseDay(d.Period.Start)
	if !ok {
		return fieldErr("period.start", "a day as YYYY-MM-DD", fmt.Sprintf("%q", d.Period.Start))
	}
	end, ok := ParseDay(d.Period.End)
	if !ok {
		return fieldErr("period.end", "a day as YYYY-MM-DD", fmt.Sprintf("%q", d.Period.End))
	}
	if end.Before(start) {
		return fieldErr("period.end", "a day on or after period.start "+d.Period.Start, fmt.Sprintf("%q", d.Period.End))
	}
	if len(d.Accounts) == 0 {
		return fieldErr("accounts", "at least one account", "none")
	}
	listed := make(map[string]bool, len(d.Accounts))
	for i, a := range d.Accounts {
		p := fmt.Sprintf("accounts[%d]", i)
		if !accountIDPattern.MatchString(a.ID) {
			return fieldErr(p+".id", "a 12-digit account id", fmt.Sprintf("%q", a.ID))
		}
		if listed[a.ID] {
			return fieldErr(p+".id", "each account listed once", fmt.Sprintf("%q again", a.ID))
		}
		listed[a.ID] = true
		switch a.Status {
		case "ACTIVE", "SUSPENDED", "PENDING_CLOSURE", "CLOSED":
		default:
			return fieldErr(p+".status", "ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED", fmt.Sprintf("%q", a.Status))
		}
	}
	if !listed[d.Organization.ManagementAccount] {
		return fieldErr("organization.management_account", "an account listed in accounts", fmt.Sprintf("%q", d.Organization.ManagementAccount))
	}
	totals, err := d.validateUsage(listed, start, end)
	if err != nil {
		return err
	}
	if err := d.validateTrailsAndStores(listed); err != nil {
		return err
	}
	if err := d.validateTelemetryRules(listed); err != nil {
		return err
	}
	for i, g := range d.Gaps {
		if g.Reason == "" {
			return fieldErr(fmt.Sprintf("gaps[%d].reason", i), "a reason", `""`)
		}
	}
	return d.validateBreakdown(listed, totals)
}

// validateUsage checks every usage row, and that no account, region and
// day has two; with a breakdown to check, it returns the rows' totals.
// Rows a loader packed are checked one by one only the first time (see
// rowsProof): a file is validated by its loader, then again by whatever
// prices it, and at 15 million rows each pass takes seconds.
func (d *Dataset) validateUsage(listed map[string]bool, start, end time.Time) (rowTotals, error) {
	wantTotals := len(d.Breakdown) > 0
	p := d.packed
	if p == nil || len(d.Usage) > 0 { // the proof covers packed rows alone
		return d.checkEveryRow(listed, start, end, wantTotals)
	}
	if proof := p.loadProof(); proof != nil && (proof.totals != nil || !wantTotals) && p.namesValid(listed, start, end) {
		return proof.totals, nil
	}
	totals, ok := d.checkPacked(listed, start, end, wantTotals)
	var err error
	if !ok { // a row is wrong: checkEveryRow says which
		totals, err = d.checkEveryRow(listed, start, end, wantTotals)
	}
	if err == nil {
		p.storeProof(&rowsProof{totals: totals})
	}
	return totals, err
}

// rowPasses counts the passes over every row (checkPacked's, checkEveryRow's),
// for tests.
var rowPasses atomic.Int64

// checkEveryRow is validateUsage row by row.
func (d *Dataset) checkEveryRow(listed map[string]bool, start, end time.Time, wantTotals bool) (rowTotals, error) {
	rowPasses.Add(1)
	// A row is the whole of an account's region's day: a second one would
	// be added to it and the volume counted twice. Each region's day has a
	// bit per account, so 15 million rows are checked in a few MB.
	seen := usageSeen{regions: map[string]bool{}, days: map[string]bool{}}
	accountNo := make(map[string]int, len(d.Accounts))
	for i, a := range d.Accounts {
		accountNo[a.ID] = i
	}
	var totals *totaller
	if wantTotals {
		totals = &totaller{t: rowTotals{}}
	}
	cells := map[[2]string][]uint64{}
	i, a, lastAccount := 0, 0, ""
	for u := range d.Rows() {
		if err := u.validate(i, listed, &seen, start, end, d.Period); err != nil {
			return nil, err
		}
		bits := cells[[2]string{u.Region, u.Day}]
		if bits == nil {
			bits = make([]uint64, (len(d.Accounts)+63)/64)
			cells[[2]string{u.Region, u.Day}] = bits
		}
		if i == 0 || u.Account != lastAccount { // rows come sorted by account
			a, lastAccount = accountNo[u.Account], u.Account
		}
		if bits[a/64]&(1<<(a%64)) != 0 {
			return nil, fieldErr(fmt.Sprintf("usage[%d]", i), fmt.Sprintf("one row per account, region and day; usage[%d] is already %s %s %s", d.firstRow(u), u.Account, u.Region, u.Day), "it again")
		}
		bits[a/64] |= 1 << (a % 64)
		if totals != nil {
			totals.add(&u)
		}
		i++
	}
	if totals == nil {
		return nil, nil
	}
	return totals.t, nil
}

// firstRow is the index of the first row of u's account, region and day.
func (d *Dataset) firstRow(u Usage) int {
	i := 0
	for r := range d.Rows() {
		if r.Account == u.Account && r.Region == u.Region && r.Day == u.Day {
			return i
		}
		i++
	}
	return -1
}

// validateTrailsAndStores checks the trails and event data stores found.
func (d *Dataset) validateTrailsAndStores(listed map[string]bool) error {
	for i, t := range d.Trails {
		p := fmt.Sprintf("trails[%d]", i)
		if !listed[t.Account] {
			return fieldErr(p+".account", "an account listed in accounts", fmt.Sprintf("%q", t.Account))
		}
		if !pricing.KnownRegion(t.HomeRegion) {
			return fieldErr(p+".home_region", "an AWS Region ("+pricing.KnownRegionsText()+")", fmt.Sprintf("%q", t.HomeRegion))
		}
		switch t.ManagementEvents {
		case "all", "read", "write", "none":
		default:
			return fieldErr(p+".management_events", "all, read, write or none", fmt.Sprintf("%q", t.ManagementEvents))
		}
	}
	for i, e := range d.EventDataStores {
		p := fmt.Sprintf("event_data_stores[%d]", i)
		if !listed[e.Account] {
			return fieldErr(p+".account", "an account listed in accounts", fmt.Sprintf("%q", e.Account))
		}
		switch e.BillingMode {
		case LakeExtendable, LakeFixed:
		default:
			return fieldErr(p+".billing_mode", LakeExtendable+" or "+LakeFixed, fmt.Sprintf("%q", e.BillingMode))
		}
		if e.RetentionDays < 7 || e.RetentionDays > 3653 {
			return fieldErr(p+".retention_days", "a number of days from 7 to 3653", fmt.Sprint(e.RetentionDays))
		}
	}
	return nil
}

// validateTelemetryRules checks the CloudWatch telemetry rules found.
func (d *Dataset) validateTelemetryRules(listed map[string]bool) error {
	for i, r := range d.TelemetryRules {
		p := fmt.Sprintf("telemetry_rules[%d]", i)
		if !listed[r.Account] {
			return fieldErr(p+".account", "an account listed in accounts", fmt.Sprintf("%q", r.Account))
		}
		if !pricing.KnownRegion(r.Region) {
			return fieldErr(p+".region", "an AWS Region ("+pricing.KnownRegionsText()+")", fmt.Sprintf("%q", r.Region))
		}
		switch r.ManagementEvents {
		case "", "all", "read", "write", "none":
		default:
			return fieldErr(p+".management_events", "all, read, write or none", fmt.Sprintf("%q", r.ManagementEvents))
		}
		if r.RetentionDays < 0 || r.RetentionDays > 3653 {
			return fieldErr(p+".retention_days", "a number of days from 1 to 3653", fmt.Sprint(r.RetentionDays))
		}
	}
	return nil
}

// usageSeen holds the regions and days of usage rows already found valid:
// millions of rows share a few dozen regions and a few hundred days, so
// each is matched and parsed once.
type usageSeen struct {
	regions, days map[string]bool
	lastAccount   string // the account of the last row found valid
}

// validate checks row i; its path in an error is usage[i].
func (u *Usage) validate(i int, listed map[string]bool, seen *usageSeen, start, end time.Time, period Period) error {
	p := func() string { return fmt.Sprintf("usage[%d]", i) } // only for an error
	// rows come sorted by account: an account is looked up when it changes
	if (seen.lastAccount == "" || u.Account != seen.lastAccount) && !listed[u.Account] {
		return fieldErr(p()+".account", "an account listed in accounts", fmt.Sprintf("%q", u.Account))
	}
	if !seen.regions[u.Region] {
		if !regionPattern.MatchString(u.Region) {
			return fieldErr(p()+".region", "an AWS region like us-east-1", fmt.Sprintf("%q", u.Region))
		}
		if !pricing.KnownRegion(u.Region) {
			return fieldErr(p()+".region", "an AWS Region ("+pricing.KnownRegionsText()+")", fmt.Sprintf("%q", u.Region))
		}
		seen.regions[u.Region] = true
	}
	if !seen.days[u.Day] {
		day, ok := ParseDay(u.Day)
		if !ok {
			return fieldErr(p()+".day", "a day as YYYY-MM-DD", fmt.Sprintf("%q", u.Day))
		}
		if day.Before(start) || day.After(end) {
			return fieldErr(p()+".day", fmt.Sprintf("a day within the period %s..%s", period.Start, period.End), fmt.Sprintf("%q", u.Day))
		}
		seen.days[u.Day] = true
	}
	counts := [...]struct {
		name string
		v    int64
		most int64
	}{
		{"management_read_events", u.ManagementReadEvents, MaxRowEvents},
		{"management_write_events", u.ManagementWriteEvents, MaxRowEvents},
		{"data_events", u.DataEvents, MaxRowEvents},
		{"network_events", u.NetworkEvents, MaxRowEvents},
		{"insights_events", u.InsightsEvents, MaxRowEvents},
		{"aggregated_events", u.AggregatedEvents, MaxRowEvents},
		{"event_bytes", u.EventBytes, MaxRowBytes},
		{"stored_bytes", u.StoredBytes, MaxRowBytes},
		{"log_files", u.LogFiles, MaxRowEvents},
	}
	for _, c := range counts {
		if c.v < 0 {
			return fieldErr(p()+"."+c.name, "a count of zero or more", fmt.Sprint(c.v))
		}
		if c.v > c.most {
			return fieldErr(p()+"."+c.name, fmt.Sprintf("at most %.0e in one account, region and day", float64(c.most)), fmt.Sprint(c.v))
		}
	}
	if e := u.RelativeError; e != nil && (math.IsNaN(*e) || *e < 0 || *e > 1) {
		return fieldErr(p()+".relative_error", "a relative standard error from 0 to 1", fmt.Sprint(*e))
	}
	if u.Source == "" {
		return fieldErr(p()+".source", "the collector that produced the row (e.g. s3-listing)", `""`)
	}
	seen.lastAccount = u.Account
	return nil
}

// Account returns the account with the id, if listed.
func (d *Dataset) Account(id string) (Account, bool) {
	for _, a := range d.Accounts {
		if a.ID == id {
			return a, true
		}
	}
	return Account{}, false
}

// Regions lists the regions that have usage rows, sorted.
func (d *Dataset) Regions() []string {
	seen := map[string]bool{}
	for u := range d.Rows() {
		seen[u.Region] = true
	}
	out := make([]string, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}
