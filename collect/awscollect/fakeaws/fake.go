// Package fakeaws is a small, local stand-in for the AWS APIs trailwise's
// collectors call, for tests: one httptest server speaking the JSON 1.1
// protocol of Organizations, Cost Explorer and CloudTrail, the REST-JSON
// protocol of CloudWatch Observability Admin and the Query protocol of
// STS, and an in-process S3 (gofakes3, path-style). The real AWS SDK for
// Go v2 talks to it over HTTP on the loopback address.
//
// The organization it serves is plain data (World); faults (throttling,
// access denied, server errors, slow answers) are injected per action; every
// request is recorded with the action, the calling account and region.
package fakeaws

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"
)

// World is everything the fake organization holds.
type World struct {
	OrgID             string
	ManagementAccount string
	RootID            string
	OUs               []OU
	Accounts          []Account
	// Costs are Cost Explorer's daily rows, one per account, usage type and day.
	Costs []CostRow
	// CostPageSize is how many groups one GetCostAndUsage page holds.
	CostPageSize int
	// EstimatedFrom marks Cost Explorer's days from this one on as
	// estimated (the bill not final yet).
	EstimatedFrom string
	// PageSize bounds every other list API's page (accounts, OUs, stores, lookups).
	PageSize int
	// OrgTelemetryRules are the organization's CloudWatch telemetry rules,
	// held by the management account.
	OrgTelemetryRules []TelemetryRule
}

// OU is an organizational unit; Parent is the root id or another OU's id.
type OU struct {
	ID, Name, Parent string
}

// Account is one account of the organization and what lives in it.
type Account struct {
	ID, Name, Email string
	Status          string // ACTIVE, SUSPENDED or PENDING_CLOSURE
	Parent          string // root or OU id
	// DenyAssumeRole makes AssumeRole into this account fail with AccessDenied.
	DenyAssumeRole bool
	// ExternalID, when set, is the external id the role's trust policy
	// requires: AssumeRole without it is denied.
	ExternalID      string
	Trails          []Trail
	EventDataStores []EventDataStore
	// Lookup holds the management events LookupEvents returns, per region.
	Lookup map[string][]LookupEvent
	// TelemetryRules are the account's own CloudWatch telemetry rules.
	TelemetryRules []TelemetryRule
}

// Trail is a CloudTrail trail owned by its account.
type Trail struct {
	Name, HomeRegion, Bucket  string
	MultiRegion, Organization bool
	Logging                   bool
	CloudWatchLogsLogGroupArn string
	EventSelectors            []EventSelector
	AdvancedEventSelectors    []AdvancedEventSelector
}

// EventSelector is a classic event selector, as the API spells it.
type EventSelector struct {
	ReadWriteType           string         `json:"ReadWriteType"`
	IncludeManagementEvents bool           `json:"IncludeManagementEvents"`
	DataResources           []DataResource `json:"DataResources,omitempty"`
}

// DataResource names data-event resources in a classic selector.
type DataResource struct {
	Type   string   `json:"Type"`
	Values []string `json:"Values"`
}

// AdvancedEventSelector is an advanced event selector, as the API spells it.
type AdvancedEventSelector struct {
	Name           string          `json:"Name,omitempty"`
	FieldSelectors []FieldSelector `json:"FieldSelectors"`
}

// FieldSelector is one statement of an advanced event selector.
type FieldSelector struct {
	Field     string   `json:"Field"`
	Equals    []string `json:"Equals,omitempty"`
	NotEquals []string `json:"NotEquals,omitempty"`
}

// EventDataStore is a CloudTrail Lake event data store.
type EventDataStore struct {
	Name          string
	Region        string
	Organization  bool
	BillingMode   string
	RetentionDays int
}

// LookupEvent is one management event LookupEvents returns.
type LookupEvent struct {
	Time     time.Time
	Name     string
	Source   string
	ReadOnly bool
}

// CostRow is one Cost Explorer group on one day.
type CostRow struct {
	Day       string // YYYY-MM-DD
	Account   string
	Service   string // "AWS CloudTrail", "Amazon Security Lake", "AmazonCloudWatch", ...
	UsageType string
	Quantity  float64
	Cost      float64
}

// FaultKind is what an injected fault does to one request.
type FaultKind int

const (
	// Throttle answers HTTP 400 ThrottlingException.
	Throttle FaultKind = iota + 1
	// Deny answers AccessDeniedException (AccessDenied for STS and S3).
	Deny
	// ServerError answers HTTP 500.
	ServerError
	// Slow holds the answer for the fault's delay (or until the client gives up).
	Slow
	// Reset drops the connection without an answer (a TCP reset).
	Reset
	// Expired answers ExpiredTokenException (ExpiredToken for STS and S3):
	// the credentials ran out mid-run.
	Expired
	// RepeatToken answers a list API's first page with a NextToken that
	// leads back to the same page, forever.
	RepeatToken
)

func (k FaultKind) String() string {
	return [...]string{"", "throttle", "deny", "5xx", "slow", "reset", "expired", "repeat-token"}[k]
}

// RepeatedToken is the NextToken a RepeatToken fault answers with.
const RepeatedToken = "fake-token-that-repeats"

// InjectAfter makes every request for action after the first n fail with
// kind: credentials that expire mid-run, a service that goes down.
func (f *Fake) InjectAfter(action string, kind FaultKind, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[action] = append(f.faults[action], &fault{kind: kind, left: -1, after: n})
}

// reset drops the request's connection with a TCP reset, no answer sent.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("fakeaws: the connection cannot be taken over to reset it")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // close with RST, not FIN
	}
	conn.Close()
}

// Call is one request a fake received.
type Call struct {
	Action  string // IAM-style: "cloudtrail:DescribeTrails", "s3:ListObjectsV2"
	Account string // the calling account, from the request's credentials
	Region  string
	Fault   string // the injected fault it got, if any
}

type fault struct {
	kind  FaultKind
	delay time.Duration
	left  int // requests still to hit; -1 for every request
	every int // hit every n-th request instead, when > 0
	after int // spare the first n requests, when > 0
	seen  int
}

// Fake serves a World. Create it with New; Close it when done.
type Fake struct {
	mu     sync.Mutex
	world  World
	calls  []Call
	faults map[string][]*fault
	keys   map[string]string // access key id -> account

	costCache   map[string][]CostRow // sorted Cost Explorer rows per query
	costFilters [][]string           // each GetCostAndUsage request's SERVICE values

	api *httptest.Server
	s3  *httptest.Server
}

// ManagementKey is the access key id of the management account's static
// credentials the tests use (any secret will do: the fake does not verify
// signatures, it only reads who signed).
const ManagementKey = "AKIAFAKEMANAGEMENT01"

// New starts the fakes for the world. objects fill the S3 fake (see S3Object).
func New(w World, objects []S3Object) (*Fake, error) {
	if w.PageSize <= 0 {
		w.PageSize = 20
	}
	if w.CostPageSize <= 0 {
		w.CostPageSize = 100
	}
	f := &Fake{world: w, faults: map[string][]*fault{}, keys: map[string]string{ManagementKey: w.ManagementAccount}}
	f.api = httptest.NewServer(http.HandlerFunc(f.serveAPI))
	s3, err := f.newS3(objects)
	if err != nil {
		f.api.Close()
		return nil, err
	}
	f.s3 = s3
	return f, nil
}

// URL is the endpoint of Organizations, Cost Explorer, CloudTrail and STS.
func (f *Fake) URL() string { return f.api.URL }

// S3URL is the endpoint of the S3 fake (path-style).
func (f *Fake) S3URL() string { return f.s3.URL }

// Close stops the servers.
func (f *Fake) Close() {
	f.api.Close()
	f.s3.Close()
}

// World returns the world served.
func (f *Fake) World() World {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.world
}

// Inject makes the next n requests for action fail with kind (n < 0: all of
// them). For Slow, delay is how long each is held.
func (f *Fake) Inject(action string, kind FaultKind, n int, delay time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[action] = append(f.faults[action], &fault{kind: kind, left: n, delay: delay})
}

// InjectEvery makes every n-th request for action fail with kind.
func (f *Fake) InjectEvery(action string, kind FaultKind, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[action] = append(f.faults[action], &fault{kind: kind, every: n, left: -1})
}

// Calls returns every request received so far, in order.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// Count is how many requests for action were received (faulted ones too).
func (f *Fake) Count(action string) int {
	n := 0
	for _, c := range f.Calls() {
		if c.Action == action {
			n++
		}
	}
	return n
}

// Actions is the sorted set of actions received.
func (f *Fake) Actions() []string {
	seen := map[string]bool{}
	for _, c := range f.Calls() {
		seen[c.Action] = true
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// ResetCalls forgets the recorded calls.
func (f *Fake) ResetCalls() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}

// record notes the call and returns the fault it must suffer, if any.
func (f *Fake) record(action string, r *http.Request) (Call, *fault) {
	key, region := signer(r)
	f.mu.Lock()
	defer f.mu.Unlock()
	c := Call{Action: action, Account: f.keys[key], Region: region}
	var hit *fault
	for _, ft := range f.faults[action] {
		if ft.left == 0 {
			continue
		}
		ft.seen++
		if ft.every > 0 && ft.seen%ft.every != 0 || ft.seen <= ft.after {
			continue
		}
		if ft.left > 0 {
			ft.left--
		}
		hit = ft
		c.Fault = ft.kind.String()
		break
	}
	f.calls = append(f.calls, c)
	return c, hit
}

// signer reads the access key id and region from a SigV4 Authorization header.
func signer(r *http.Request) (key, region string) {
	auth := r.Header.Get("Authorization")
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return "", ""
	}
	scope := auth[i+len("Credential="):]
	if j := strings.IndexAny(scope, ", "); j >= 0 {
		scope = scope[:j]
	}
	parts := strings.Split(scope, "/")
	if len(parts) < 3 {
		return parts[0], ""
	}
	return parts[0], parts[2]
}

// hold waits for the fault's delay or until the client goes away.
func hold(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// serveAPI dispatches on the protocol: JSON 1.1 carries X-Amz-Target,
// CloudWatch Observability Admin (REST-JSON) POSTs to /<Operation>, STS
// (Query) is a form POST with Action.
func (f *Fake) serveAPI(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		f.serveJSON(w, r, target, body)
		return
	}
	if op := strings.TrimPrefix(r.URL.Path, "/"); observabilityAdminOps[op] {
		f.serveObservabilityAdmin(w, r, op, body)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	f.serveSTS(w, r)
}

func accountOf(c Call) string {
	if c.Account == "" {
		return "unknown"
	}
	return c.Account
}

func errf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
