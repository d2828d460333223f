package awscollect

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"golang.org/x/time/rate"
)

// Answers that never come time out attempt by attempt; the run finishes
// with gaps instead of hanging.
func TestSlowAnswersBecomeGaps(t *testing.T) {
	f, _ := startFake(t, 10)
	f.Inject("cloudtrail:DescribeTrails", fakeaws.Slow, -1, time.Minute)
	o := options(t, f)
	o.RequestTimeout, o.MaxAttempts = 100*time.Millisecond, 2
	res, err := Collect(deadline(t, 30*time.Second), o)
	if err != nil {
		t.Fatal(err)
	}
	timedOut := 0
	for _, g := range res.Dataset.Gaps {
		if strings.Contains(g.Reason, "DescribeTrails") {
			timedOut++
		}
	}
	// 10 accounts, less the suspended and the denied, in 2 regions.
	if timedOut != 16 || res.Complete || len(res.Dataset.Usage) == 0 {
		t.Errorf("%d DescribeTrails gaps, %d rows: %+v", timedOut, len(res.Dataset.Usage), res.Dataset.Gaps)
	}
	if n := f.Count("cloudtrail:DescribeTrails"); n != 32 {
		t.Errorf("%d DescribeTrails attempts, want 2 for each of 16", n)
	}
}

// The caller's deadline ends a run stuck on the organization, with an error.
func TestDeadlineEndsRun(t *testing.T) {
	f, _ := startFake(t, 10)
	f.Inject("organizations:DescribeOrganization", fakeaws.Slow, -1, time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := Collect(ctx, options(t, f))
	if err == nil || !strings.Contains(err.Error(), "DescribeOrganization") {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("returned before the deadline: %v", err)
	}
}

// CloudTrail denied inside a role that was assumed: one gap per account,
// and the other sources still measure it.
func TestCloudTrailDenied(t *testing.T) {
	f, g := startFake(t, 10)
	f.Inject("cloudtrail:DescribeTrails", fakeaws.Deny, -1, 0)
	res, err := Collect(deadline(t, time.Minute), options(t, f))
	if err != nil {
		t.Fatal(err)
	}
	denied := map[string]bool{}
	for _, gp := range res.Dataset.Gaps {
		if strings.Contains(gp.Reason, "access denied") {
			denied[gp.Account] = true
		}
	}
	if len(denied) != 9 { // all but the suspended account
		t.Errorf("%d accounts denied: %+v", len(denied), res.Dataset.Gaps)
	}
	// A denial stops the account: DescribeTrails is asked in its first
	// region only, and nothing else of CloudTrail.
	for _, c := range f.Calls() {
		if strings.HasPrefix(c.Action, "cloudtrail:") && c.Action != "cloudtrail:LookupEvents" && (c.Action != "cloudtrail:DescribeTrails" || c.Region != "us-east-1") {
			t.Errorf("%s in %s for %s after the denial", c.Action, c.Region, c.Account)
		}
	}
	if len(res.Dataset.Trails) != 0 || len(res.Dataset.Usage) == 0 {
		t.Errorf("%d trails, %d rows", len(res.Dataset.Trails), len(res.Dataset.Usage))
	}
	// The bill still shows the duplicate account's paid copies.
	if !strings.Contains(strings.Join(res.Notes, " "), "paid management-event copies (PaidEventsRecorded) in account "+fakeaws.AccountID(fakeaws.IdxDuplicate)) {
		t.Errorf("notes: %v", res.Notes)
	}
	// Without the organization trail, the bucket had to be given.
	if res.Listing.Bucket != "" {
		t.Errorf("listed %q without knowing the bucket", res.Listing.Bucket)
	}
	_ = g
}

func TestSelectors(t *testing.T) {
	b := aws.Bool
	s := aws.String
	for _, c := range []struct {
		name string
		out  cloudtrail.GetEventSelectorsOutput
		mgmt string
		data bool
	}{
		{"default", cloudtrail.GetEventSelectorsOutput{}, "all", false},
		{"classic read-only", cloudtrail.GetEventSelectorsOutput{EventSelectors: []types.EventSelector{{ReadWriteType: types.ReadWriteTypeReadOnly, IncludeManagementEvents: b(true)}}}, "read", false},
		{"classic data only", cloudtrail.GetEventSelectorsOutput{EventSelectors: []types.EventSelector{{ReadWriteType: types.ReadWriteTypeAll, IncludeManagementEvents: b(false),
			DataResources: []types.DataResource{{Type: s("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}}}}}, "none", true},
		{"advanced write", cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{{FieldSelectors: []types.AdvancedFieldSelector{
			{Field: s("eventCategory"), Equals: []string{"Management"}}, {Field: s("readOnly"), Equals: []string{"false"}}}}}}, "write", false},
		{"advanced both", cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{
			{FieldSelectors: []types.AdvancedFieldSelector{{Field: s("eventCategory"), Equals: []string{"Management"}}}},
			{FieldSelectors: []types.AdvancedFieldSelector{{Field: s("eventCategory"), Equals: []string{"Data"}}, {Field: s("resources.type"), Equals: []string{"AWS::Lambda::Function"}}}}}}, "all", true},
	} {
		mgmt, data := selectors(&c.out)
		if mgmt != c.mgmt || data != c.data {
			t.Errorf("%s: %s %v, want %s %v", c.name, mgmt, data, c.mgmt, c.data)
		}
	}
}

// Advanced selectors that leave event sources out of management events
// are carried into the dataset's trail; a source excluded by one selector
// but recorded by another is not left out.
func TestExcludedSources(t *testing.T) {
	s := aws.String
	mgmt := func(not ...string) types.AdvancedEventSelector {
		return types.AdvancedEventSelector{FieldSelectors: []types.AdvancedFieldSelector{
			{Field: s("eventCategory"), Equals: []string{"Management"}}, {Field: s("eventSource"), NotEquals: not}}}
	}
	one := cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{mgmt("rdsdata.amazonaws.com", "kms.amazonaws.com")}}
	if got := excludedSources(&one); strings.Join(got, ",") != "kms.amazonaws.com,rdsdata.amazonaws.com" {
		t.Errorf("one selector: %v", got)
	}
	two := cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []types.AdvancedEventSelector{mgmt("kms.amazonaws.com"), mgmt("kms.amazonaws.com", "rdsdata.amazonaws.com")}}
	if got := excludedSources(&two); strings.Join(got, ",") != "kms.amazonaws.com" {
		t.Errorf("two selectors: %v, want kms.amazonaws.com alone", got)
	}
	if got := excludedSources(&cloudtrail.GetEventSelectorsOutput{}); got != nil {
		t.Errorf("no selectors: %v", got)
	}
}

// Every action is paced per account and region: LookupEvents at its
// documented 2 requests/s, the rest at DefaultRates unless overridden.
func TestRateLimits(t *testing.T) {
	m := newMeter(map[string]float64{"cloudtrail:LookupEvents": 2, "cloudtrail": 5, "s3": 0}, nil)
	if l := m.limiter("111122223333", "us-east-1", "cloudtrail:LookupEvents"); l.Limit() != 2 {
		t.Errorf("LookupEvents at %v/s", l.Limit())
	}
	if l := m.limiter("111122223333", "us-east-1", "cloudtrail:DescribeTrails"); l.Limit() != 5 {
		t.Errorf("DescribeTrails at %v/s", l.Limit())
	}
	if m.limiter("111122223333", "us-east-1", "cloudtrail:LookupEvents") == m.limiter("111122223333", "eu-west-1", "cloudtrail:LookupEvents") {
		t.Error("one limiter shared across regions")
	}
	if l := m.limiter("", "us-east-1", "s3:ListObjectsV2"); l.Limit() != rate.Inf {
		t.Errorf("a rate of 0 is unlimited, got %v", l.Limit())
	}
	var o Options
	o.Start, o.End = "2026-10-01", "2026-10-01"
	if err := o.defaults(); err != nil || o.Rates["cloudtrail:LookupEvents"] != 2 || o.MaxCERequests != 20 || o.RoleName != "OrganizationAccountAccessRole" {
		t.Errorf("defaults: %v %+v", err, o)
	}
}

func TestBillingRegionsAreRegions(t *testing.T) {
	for code, r := range pricing.BillingCodes() {
		if !regionRE.MatchString(r) {
			t.Errorf("%s: %q", code, r)
		}
	}
}

// Without a region list, CloudTrail is asked in the configuration's region
// and in every region Cost Explorer saw usage in; the bucket is the
// organization trail's, listed in its home region.
func TestDefaultRegions(t *testing.T) {
	f, g := startFake(t, 10)
	o := options(t, f)
	o.Regions, o.Config.Region = nil, "eu-west-1"
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	asked := map[string]bool{}
	for _, c := range f.Calls() {
		if c.Action == "cloudtrail:DescribeTrails" {
			asked[c.Region] = true
		}
	}
	if len(asked) != 2 || !asked["us-east-1"] || !asked["eu-west-1"] {
		t.Errorf("DescribeTrails asked in %v", asked)
	}
	if res.Listing.Bucket != g.Bucket || res.Listing.LogFiles == 0 {
		t.Errorf("listing: %+v", res.Listing)
	}
	for _, c := range f.Calls() {
		if c.Action == "s3:ListObjectsV2" && c.Region != "us-east-1" {
			t.Errorf("listed in %s, not the trail's home region", c.Region)
			break
		}
	}
}

// LookupEvents past its page limit scales what it read to the whole day
// and says the row is extrapolated.
func TestLookupEventsExtrapolated(t *testing.T) {
	f, g := startFake(t, 12)
	o := options(t, f)
	o.LookupPages = 3 // 21 of the day's 120 events, newest first, 7 minutes apart
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	var got []model.Usage
	for _, u := range res.Dataset.Usage {
		if u.Source == SourceLookupEvents {
			got = append(got, u)
		}
	}
	// 14 reads and 7 writes over the last 147 minutes of the day.
	scale := 1440.0 / 147
	if len(got) != 1 || got[0].Account != g.LookupOnly || got[0].Measured ||
		got[0].ManagementReadEvents != int64(math.Round(14*scale)) || got[0].ManagementWriteEvents != int64(math.Round(7*scale)) {
		t.Errorf("lookup rows: %+v", got)
	}
	// 3 pages in us-east-1 and 1 empty in eu-west-1 (a retry would add one).
	if n := f.Count("cloudtrail:LookupEvents"); n < 4 || n > 5 {
		t.Errorf("%d LookupEvents requests", n)
	}
}

// AccountDone hears of every account each stage finishes.
func TestAccountDone(t *testing.T) {
	f, _ := startFake(t, 12)
	o := options(t, f)
	var mu sync.Mutex
	last := map[string][2]int{}
	o.AccountDone = func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if done != last[stage][0]+1 {
			t.Errorf("%s: %d after %d", stage, done, last[stage][0])
		}
		last[stage] = [2]int{done, total}
	}
	if _, err := Collect(deadline(t, time.Minute), o); err != nil {
		t.Fatal(err)
	}
	if last["cloudtrail"] != [2]int{12, 12} || last["s3-listing"] != [2]int{12, 12} {
		t.Errorf("progress: %v", last)
	}
}

// A role whose trust policy wants an external id is assumed with it, and
// denied without it.
func TestExternalID(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 10, Start: testStart, Days: 3})
	for i := range g.World.Accounts {
		g.World.Accounts[i].ExternalID = "trailwise-42"
	}
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o := options(t, f)
	o.Sources = Sources{CloudTrail: true}
	without, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	o.ExternalID = "trailwise-42"
	with, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	// Without it every member account is a gap (the management account
	// needs no role); with it only the denied and the suspended ones.
	if len(without.Dataset.Gaps) != 9 || len(with.Dataset.Gaps) != 2 || len(with.Dataset.Trails) != 4 {
		t.Errorf("without: %d gaps; with: %d gaps, %d trails", len(without.Dataset.Gaps), len(with.Dataset.Gaps), len(with.Dataset.Trails))
	}
}

// BytesReceived hears of every body byte: at least the log files the sample
// downloaded.
func TestBytesReceived(t *testing.T) {
	f, g := startFake(t, 10)
	o := options(t, f)
	var got atomic.Int64
	o.BytesReceived = func(n int64) { got.Add(n) }
	if _, err := Collect(deadline(t, time.Minute), o); err != nil {
		t.Fatal(err)
	}
	smallest := int64(math.MaxInt64)
	for _, obj := range g.Objects {
		smallest = min(smallest, int64(len(obj.Body)))
	}
	reads := int64(f.Count("s3:GetObject"))
	if reads == 0 || got.Load() < reads*smallest {
		t.Errorf("%d bytes received over %d GetObject of at least %d bytes", got.Load(), reads, smallest)
	}
}
