package awscollect

import (
	"bytes"
	"context"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/trailwise/trailwise/collect"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

const (
	testStart = "2026-10-01"
	testEnd   = "2026-10-03"
)

// startFake serves a generated organization of n accounts.
func startFake(t *testing.T, n int) (*fakeaws.Fake, fakeaws.Generated) {
	t.Helper()
	g := fakeaws.Generate(fakeaws.Spec{Accounts: n, Start: testStart, Days: 3})
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f, g
}

// options points every client at the fakes, with the management account's
// static credentials, fast retries and no pacing except LookupEvents'.
func options(t *testing.T, f *fakeaws.Fake) Options {
	return Options{
		Config: aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(fakeaws.ManagementKey, "secret", "")},
		Endpoints: Endpoints{
			Organizations: f.URL(), CostExplorer: f.URL(), CloudTrail: f.URL(), STS: f.URL(), S3: f.S3URL(), ObservabilityAdmin: f.URL(),
		},
		Sources:        AllSources(),
		Start:          testStart,
		End:            testEnd,
		Regions:        []string{"us-east-1", "eu-west-1"},
		BucketAccount:  fakeaws.AccountID(fakeaws.IdxLogArchive),
		CacheDir:       t.TempDir(),
		CheckpointDir:  t.TempDir(),
		MaxCERequests:  100,
		SampleFiles:    2,
		Rates:          map[string]float64{"cloudtrail": 0, "organizations": 0, "ce": 0, "sts": 0, "s3": 0, "observabilityadmin": 0, "cloudtrail:LookupEvents": 200},
		MaxBackoff:     5 * time.Millisecond,
		RequestTimeout: 2 * time.Second,
	}
}

func deadline(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// want is the dataset the fakes hold, computed from the world directly.
type wantCell struct {
	mgmt, data, stored, files int64
	scanned                   collect.Counts // every log file, scanned
}

func truth(g fakeaws.Generated) map[cellKey]*wantCell {
	out := map[cellKey]*wantCell{}
	get := func(k cellKey) *wantCell {
		if out[k] == nil {
			out[k] = &wantCell{}
		}
		return out[k]
	}
	for _, c := range g.World.Costs {
		u := ParseUsageType(c.UsageType)
		switch u.Kind {
		case KindFreeEvents:
			get(cellKey{c.Account, u.Region, c.Day}).mgmt += int64(c.Quantity)
		case KindDataEvents:
			get(cellKey{c.Account, u.Region, c.Day}).data += int64(c.Quantity)
		}
	}
	for _, o := range g.Objects {
		k, err := collect.ParseKey(o.Key)
		if err != nil || k.Day < testStart || k.Day > testEnd {
			continue
		}
		w := get(cellKey{k.Account, k.Region, k.Day})
		w.stored += int64(len(o.Body))
		w.files++
		st, err := collect.Scan(bytes.NewReader(o.Body), o.Key)
		if err != nil {
			panic(err)
		}
		w.scanned.Add(st.Counts)
	}
	return out
}

// A fake organization of 30 accounts, one denied, one suspended, throttling
// and a server error injected, collects to the exact counts the fakes hold.
func TestCollectFakeOrganization(t *testing.T) {
	f, g := startFake(t, 30)
	f.Inject("organizations:ListAccounts", fakeaws.Throttle, 2, 0)
	f.InjectEvery("cloudtrail:DescribeTrails", fakeaws.Throttle, 5)
	f.Inject("ce:GetCostAndUsage", fakeaws.ServerError, 1, 0)
	f.Inject("s3:ListObjectsV2", fakeaws.Throttle, 1, 0)
	f.Inject("cloudtrail:GetTrailStatus", fakeaws.Slow, 1, time.Minute)
	o := options(t, f)
	o.RequestTimeout = 300 * time.Millisecond // the slow answer times out and is retried

	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	ds := res.Dataset
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
	if ds.Organization.ID != g.World.OrgID || ds.Organization.ManagementAccount != fakeaws.AccountID(0) || len(ds.Accounts) != 30 {
		t.Fatalf("organization %+v with %d accounts", ds.Organization, len(ds.Accounts))
	}
	ous := map[string]string{}
	for _, a := range ds.Accounts {
		ous[a.ID] = a.OU
	}
	if ous[fakeaws.AccountID(fakeaws.IdxDuplicate)] != "Root/Prod/Web" || ous[fakeaws.AccountID(0)] != "Root" || ous[fakeaws.AccountID(1)] != "Root/Security" {
		t.Errorf("OU paths: %v", ous)
	}
	if a, _ := ds.Account(g.Suspended); a.Status != "SUSPENDED" {
		t.Errorf("suspended account status %q", a.Status)
	}

	// Every cell, exactly.
	want := truth(g)
	got := map[cellKey]model.Usage{}
	for _, u := range ds.Usage {
		if u.Source == SourceLookupEvents {
			continue
		}
		got[cellKey{u.Account, u.Region, u.Day}] = u
	}
	if len(got) != len(want) {
		t.Errorf("%d rows, want %d", len(got), len(want))
	}
	var totalMgmt, wantMgmt int64
	for k, w := range want {
		u, ok := got[k]
		if !ok {
			t.Errorf("no row for %v", k)
			continue
		}
		wantMgmt += w.mgmt
		totalMgmt += u.ManagementReadEvents + u.ManagementWriteEvents
		if u.ManagementReadEvents+u.ManagementWriteEvents != w.mgmt || u.DataEvents != w.data || u.StoredBytes != w.stored || u.LogFiles != w.files {
			t.Errorf("%v: got mgmt %d data %d stored %d files %d, want %+v", k,
				u.ManagementReadEvents+u.ManagementWriteEvents, u.DataEvents, u.StoredBytes, u.LogFiles, *w)
		}
		if u.Source != SourceCostExplorer+"+"+SourceS3Listing || !u.Measured {
			t.Errorf("%v: source %q measured %v", k, u.Source, u.Measured)
		}
		// The generated records are all reads of one length per account
		// and region: the sample says so exactly.
		perEvent := w.scanned.EventBytes / w.scanned.Events
		if u.ManagementWriteEvents != 0 || u.EventBytes != w.mgmt*perEvent+u.DataEvents*perEvent {
			t.Errorf("%v: %d writes, %d event bytes, want 0 and %d", k, u.ManagementWriteEvents, u.EventBytes, (w.mgmt+u.DataEvents)*perEvent)
		}
	}
	t.Logf("%d usage rows, %d management events", len(ds.Usage), totalMgmt)

	// The account nothing else saw: LookupEvents, one day, every event.
	var lookup []model.Usage
	for _, u := range ds.Usage {
		if u.Source == SourceLookupEvents {
			lookup = append(lookup, u)
		}
	}
	if len(lookup) != 1 || lookup[0].Account != g.LookupOnly || lookup[0].Day != testEnd ||
		lookup[0].ManagementReadEvents != 80 || lookup[0].ManagementWriteEvents != 40 || !lookup[0].Measured {
		t.Errorf("lookup rows: %+v", lookup)
	}

	// Trails, duplicates, CloudWatch Logs, event data stores.
	trails := map[string]model.Trail{}
	for _, tr := range ds.Trails {
		trails[tr.Name] = tr
	}
	if tr := trails["org-trail"]; !tr.Organization || !tr.MultiRegion || tr.ManagementEvents != "all" || tr.Bucket != g.Bucket || tr.Account != fakeaws.AccountID(0) {
		t.Errorf("org trail: %+v", tr)
	}
	if tr := trails["legacy"]; tr.Organization || tr.ManagementEvents != "all" || !tr.CloudWatchLogs {
		t.Errorf("legacy trail: %+v", tr)
	}
	if tr := trails["s3-data"]; tr.ManagementEvents != "none" || !tr.DataEvents {
		t.Errorf("data trail: %+v", tr)
	}
	if tr := trails["old"]; tr.ManagementEvents != "none" {
		t.Errorf("stopped trail: %+v", tr)
	}
	if len(ds.Trails) != 4 {
		t.Errorf("%d trails: %+v", len(ds.Trails), ds.Trails)
	}
	if len(res.Duplicates) != 1 || !strings.Contains(res.Duplicates[0], "legacy") {
		t.Errorf("duplicates: %v", res.Duplicates)
	}
	if len(res.CloudWatchLogs) != 1 {
		t.Errorf("CloudWatch Logs trails: %v", res.CloudWatchLogs)
	}
	if len(ds.EventDataStores) != 1 || ds.EventDataStores[0].BillingMode != model.LakeExtendable || !ds.EventDataStores[0].Organization {
		t.Errorf("event data stores: %+v", ds.EventDataStores)
	}

	// The denied and the suspended account are gaps; the run is partial.
	if res.Complete {
		t.Error("complete with a denied account")
	}
	gaps := map[string]model.Gap{}
	for _, gp := range ds.Gaps {
		gaps[gp.Account] = gp
	}
	if gp := gaps[g.Denied]; gp.Source != SourceCloudTrailAPI || !strings.Contains(gp.Reason, "access denied") {
		t.Errorf("denied account gap: %+v", gp)
	}
	if gp := gaps[g.Suspended]; !strings.Contains(gp.Reason, "SUSPENDED") {
		t.Errorf("suspended account gap: %+v", gp)
	}
	if len(ds.Gaps) != 2 {
		t.Errorf("gaps: %+v", ds.Gaps)
	}
	// Paid copies and the Lake ingestion bytes are kept beside the dataset.
	kinds := map[Kind]float64{}
	for _, e := range res.Extras {
		kinds[e.Kind] += e.Quantity
	}
	var paid float64
	for _, c := range g.World.Costs {
		if strings.HasSuffix(c.UsageType, "-PaidEventsRecorded") {
			paid += c.Quantity
		}
	}
	if len(kinds) != 2 || math.Abs(kinds[KindLakeIngestion1y]-1.5) > 1e-9 || kinds[KindPaidEvents] != paid {
		t.Errorf("extras: %+v", res.Extras)
	}

	// What the code counted is what the fakes received.
	for action, n := range res.Requests {
		if got := f.Count(action); got != n {
			t.Errorf("%s: counted %d, the fakes received %d", action, n, got)
		}
	}
	if res.CostExplorer.Requests != f.Count("ce:GetCostAndUsage") {
		t.Errorf("Cost Explorer requests %d, fake saw %d", res.CostExplorer.Requests, f.Count("ce:GetCostAndUsage"))
	}
	faults := map[string]int{}
	for _, c := range f.Calls() {
		if c.Fault != "" {
			faults[c.Action+" "+c.Fault]++
		}
	}
	for _, want := range []string{"organizations:ListAccounts throttle", "cloudtrail:DescribeTrails throttle", "ce:GetCostAndUsage 5xx", "s3:ListObjectsV2 throttle", "cloudtrail:GetTrailStatus slow"} {
		if faults[want] == 0 {
			t.Errorf("no %s was injected: %v", want, faults)
		}
	}
	total := 0
	for _, n := range res.Requests {
		total += n
	}
	t.Logf("requests: %d in all; %s", total, strings.Join(sortedCounts(res.Requests), ", "))
	t.Logf("notes: %s", strings.Join(res.Notes, " | "))
}

// The IAM action list is exactly what a full collection calls.
func TestActionsMatchFakes(t *testing.T) {
	f, _ := startFake(t, 12)
	if _, err := Collect(deadline(t, time.Minute), options(t, f)); err != nil {
		t.Fatal(err)
	}
	apis := map[string]bool{}
	for _, a := range Actions {
		apis[a.API] = true
		if !strings.Contains(a.IAM, ":") || a.Where == "" {
			t.Errorf("malformed %+v", a)
		}
	}
	received := f.Actions()
	for _, a := range received {
		if !apis[a] {
			t.Errorf("the fakes received %s, which Actions does not list", a)
		}
	}
	var listed []string
	for a := range apis {
		listed = append(listed, a)
	}
	sort.Strings(listed)
	if strings.Join(listed, " ") != strings.Join(received, " ") {
		t.Errorf("Actions lists %v\nthe fakes received %v", listed, received)
	}
	for _, a := range IAMActions() {
		verb := a[strings.Index(a, ":")+1:]
		for _, w := range []string{"Create", "Put", "Delete", "Update", "Start", "Stop", "Tag"} {
			if strings.HasPrefix(verb, w) {
				t.Errorf("%s writes", a)
			}
		}
	}
	if got := IAMActions(); !sort.StringsAreSorted(got) || len(got) != len(Actions) {
		t.Errorf("IAMActions: %v", got)
	}
}

// Rows only the listing saw take their events from the files read: with
// every file of an account and region read, exactly the files' events.
func TestListingWithSample(t *testing.T) {
	f, g := startFake(t, 12)
	o := options(t, f)
	o.Sources = Sources{S3Listing: true}
	o.Bucket, o.SampleFiles = g.Bucket, 6 // 2 files a day × 3 days: all of them
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	want := truth(g)
	if len(res.Dataset.Usage) == 0 || res.Listing.SampledFiles != int(res.Listing.LogFiles) {
		t.Fatalf("%d rows, %+v", len(res.Dataset.Usage), res.Listing)
	}
	for _, u := range res.Dataset.Usage {
		if u.Source != SourceS3Listing+"+sample" || u.Measured {
			t.Errorf("source %q measured %v", u.Source, u.Measured)
		}
		// Every file read: no sampling error.
		if u.RelativeError == nil || *u.RelativeError != 0 {
			t.Errorf("%s %s %s: relative error %v with every file read", u.Account, u.Region, u.Day, u.RelativeError)
		}
	}
	// A day's files hold events in proportion to their size only roughly:
	// compare the account × region totals.
	type ar struct{ account, region string }
	got, exact := map[ar]int64{}, map[ar]int64{}
	for _, u := range res.Dataset.Usage {
		got[ar{u.Account, u.Region}] += u.Events()
	}
	for k, w := range want {
		exact[ar{k.account, k.region}] += w.scanned.Events
	}
	for k, n := range exact {
		if d := got[k] - n; d < -3 || d > 3 { // one rounding a day
			t.Errorf("%v: %d events, the files hold %d", k, got[k], n)
		}
	}
	if f.Count("s3:GetObject") != int(res.Listing.LogFiles) {
		t.Errorf("%d files read, %d listed", f.Count("s3:GetObject"), res.Listing.LogFiles)
	}
}

// A sample of some of the files carries its sampling error into the rows.
func TestListingSampleError(t *testing.T) {
	f, g := startFake(t, 12)
	o := options(t, f)
	o.Sources = Sources{S3Listing: true}
	o.Bucket, o.SampleFiles = g.Bucket, 3 // of 6 files per account and region
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	positive := 0
	for _, u := range res.Dataset.Usage {
		if u.RelativeError == nil || *u.RelativeError < 0 || *u.RelativeError > 1 {
			t.Fatalf("%s %s %s: relative error %v", u.Account, u.Region, u.Day, u.RelativeError)
		}
		if *u.RelativeError > 0 {
			positive++
		}
	}
	if positive == 0 {
		t.Error("no row carries a sampling error")
	}
	if err := res.Dataset.Validate(); err != nil {
		t.Error(err)
	}
}
