package awscollect

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/pricing"
)

// regionRE is the region pattern model.Dataset validates with.
var regionRE = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)

// cacheFiles counts the Cost Explorer pages cached.
func cacheFiles(t *testing.T, dir string) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "ce-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	// the cache holds the organization's accounts and usage: 0600 each
	for _, p := range m {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", p, st.Mode().Perm())
		}
	}
	return len(m)
}

// ceOnly collects Cost Explorer alone.
func ceOnly(o Options) Options {
	o.Sources = Sources{CostExplorer: true}
	return o
}

// Paging stops at the cap and says which days are missing; a re-run is
// served from the cache; a run that has every page cached sends nothing.
func TestCostExplorerCapAndCache(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 30, Start: testStart, Days: 3})
	g.World.EstimatedFrom = testEnd
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o := ceOnly(options(t, f))
	o.MaxCERequests = 2

	capped, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	ce := capped.CostExplorer
	if !ce.Capped || ce.Requests != 2 || f.Count("ce:GetCostAndUsage") != 2 || ce.CostUSD != 0.02 {
		t.Fatalf("capped run: %+v, fake saw %d", ce, f.Count("ce:GetCostAndUsage"))
	}
	if capped.Complete || len(capped.Dataset.Gaps) != 1 || !strings.Contains(capped.Dataset.Gaps[0].Reason, "request cap of 2") {
		t.Errorf("capped gaps: %+v", capped.Dataset.Gaps)
	}
	for _, u := range capped.Dataset.Usage {
		if u.Day >= ce.CompleteBefore {
			t.Errorf("row %s %s %s from a day that may be incomplete (%s)", u.Account, u.Region, u.Day, ce.CompleteBefore)
		}
	}

	// A larger cap: the pages paid for come from the cache. (A retry is a
	// request too, so count pages by the cache's files, not requests.)
	cachedBefore := cacheFiles(t, o.CacheDir)
	if cachedBefore < 1 || cachedBefore > 2 {
		t.Fatalf("%d pages cached by two requests", cachedBefore)
	}
	o.MaxCERequests = 20
	full, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	pages := cacheFiles(t, o.CacheDir)
	if full.CostExplorer.Capped || full.CostExplorer.CachedPages != cachedBefore || pages < 3 || !full.Complete {
		t.Fatalf("full run: %+v, %d pages", full.CostExplorer, pages)
	}
	if f.Count("ce:GetCostAndUsage") != 2+full.CostExplorer.Requests {
		t.Errorf("the fake saw %d requests, the runs counted 2 and %d", f.Count("ce:GetCostAndUsage"), full.CostExplorer.Requests)
	}

	// Everything cached: zero requests, the same dataset.
	before := f.Count("ce:GetCostAndUsage")
	again, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if f.Count("ce:GetCostAndUsage") != before || again.CostExplorer.Requests != 0 || again.CostExplorer.CostUSD != 0 || again.CostExplorer.CachedPages != pages {
		t.Errorf("cached run sent %d requests: %+v", f.Count("ce:GetCostAndUsage")-before, again.CostExplorer)
	}
	if !reflect.DeepEqual(again.Dataset, full.Dataset) {
		t.Error("the cached run's dataset differs")
	}
	if full.CostExplorer.StaleEstimates || !again.CostExplorer.StaleEstimates || !strings.Contains(strings.Join(again.Notes, " "), "estimated") {
		t.Errorf("the last day is estimated: first %v, cached %v, notes %v", full.CostExplorer.StaleEstimates, again.CostExplorer.StaleEstimates, again.Notes)
	}

	// The dry run knows the cache is complete: nothing to pay.
	plan, err := DryRun(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if plan.CostExplorer.Requests != 0 || plan.CostExplorer.CachedPages != pages || plan.CostExplorer.CostUSD != 0 || plan.Accounts != 30 {
		t.Errorf("dry run over a full cache: %+v", plan)
	}
	if f.Count("ce:GetCostAndUsage") != before {
		t.Error("the dry run called Cost Explorer")
	}
}

// A dry run with an empty cache expects requests, never more than the cap,
// and prices them.
func TestDryRunPlansCostExplorer(t *testing.T) {
	f, _ := startFake(t, 30)
	o := options(t, f)
	o.MaxCERequests = 3
	plan, err := DryRun(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	p := plan.CostExplorer
	if p.ExpectedPages < 1 || p.Requests != min(p.ExpectedPages, 3) || p.CostUSD != float64(p.Requests)*CERequestUSD || p.Assumption == "" {
		t.Errorf("plan: %+v", p)
	}
	if f.Count("ce:GetCostAndUsage") != 0 || len(plan.Calls) == 0 {
		t.Errorf("dry run: %d Cost Explorer calls, %v", f.Count("ce:GetCostAndUsage"), plan.Calls)
	}
	o.MaxCERequests = 1000
	o.Start, o.End = "2026-01-01", "2026-12-31" // 365 days × 30 accounts × 2 regions × 2 types
	big, err := DryRun(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if big.CostExplorer.ExpectedPages != 44 {
		t.Errorf("a year of 30 accounts in 2 regions: %d pages expected", big.CostExplorer.ExpectedPages)
	}
}

// Without a cache directory the cache is off and every run pays.
func TestCostExplorerNoCache(t *testing.T) {
	f, _ := startFake(t, 12)
	o := ceOnly(options(t, f))
	o.NoCache, o.CacheDir = true, ""
	for i := 0; i < 2; i++ {
		if _, err := Collect(deadline(t, time.Minute), o); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.Count("ce:GetCostAndUsage"); n < 2 || n%2 != 0 {
		t.Errorf("two uncached runs sent %d requests", n)
	}
}

func TestParseUsageType(t *testing.T) {
	for _, c := range []struct {
		in     string
		region string
		kind   Kind
	}{
		{"USE1-FreeEventsRecorded", "us-east-1", KindFreeEvents},
		{"FreeEventsRecorded", "us-east-1", KindFreeEvents},
		{"APN1-PaidEventsRecorded", "ap-northeast-1", KindPaidEvents},
		{"EU-DataEventsRecorded", "eu-west-1", KindDataEvents},
		{"EUW2-NetworkEventsRecorded", "eu-west-2", KindNetworkEvents},
		{"APS3-InsightsEvents", "ap-south-1", KindInsightsEvents},
		{"CPT1-FreeEventsRecorded", "af-south-1", KindFreeEvents},
		{"AFS1-FreeEventsRecorded", "af-south-1", KindFreeEvents},
		{"APS9-PaidEventsRecorded", "ap-southeast-7", KindPaidEvents},
		{"CAN2-DataEventsRecorded", "ca-west-1", KindDataEvents},
		{"USW2-Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs", "us-west-2", KindLakeIngestion1y},
		{"USE2-Ingestion-Bytes", "us-east-2", KindLakeIngestion},
		{"USE1-QueryScanned-Bytes", "us-east-1", KindLakeQueryScanned},
		{"USE1-PaidStorage-ByteHrs", "us-east-1", KindLakeStorage},
		{"APS2-PaidCloudTrailEvents-Bytes", "ap-southeast-2", KindSecurityLakeBytes},
		{"USE1-FreeNormalization-Bytes", "us-east-1", KindSecurityLakeBytes},
		{"XYZ9-FreeEventsRecorded", "", KindFreeEvents},
		{"USE1-Requests-Tier1", "us-east-1", ""},
		{"USE1-DataProcessing-Bytes", "us-east-1", KindLogsIngestion},
		{"EU-TimedStorage-ByteHrs", "eu-west-1", KindLogsStorage},
		{"APN1-CW:Requests", "ap-northeast-1", ""},
		{"Global-DataProcessing-Bytes", "", KindLogsIngestion},
		{"USE1-DataProcessingIA-Bytes", "us-east-1", KindLogsIngestionIA},
		{"APN1-VendedLog-Bytes", "ap-northeast-1", KindVendedLogs},
		{"USE1-VendedLogIA-Bytes", "us-east-1", KindVendedLogsIA},
		{"USE1-DataScanned-Bytes", "us-east-1", KindLogsScanned},
		{"USE1-VendedLog-Bytes-WAFLogs", "us-east-1", ""}, // another service's vended logs
	} {
		u := ParseUsageType(c.in)
		if u.Region != c.region || u.Kind != c.kind {
			t.Errorf("%s: region %q kind %q, want %q %q", c.in, u.Region, u.Kind, c.region, c.kind)
		}
		if u.Region != "" && !regionRE.MatchString(u.Region) {
			t.Errorf("%s: %q is not a region the dataset accepts", c.in, u.Region)
		}
	}
	if g := ParseUsageType("Global-DataProcessing-Bytes"); !g.Global || g.Code != GlobalCode || g.Name != "DataProcessing-Bytes" || ParseUsageType("USE1-DataProcessing-Bytes").Global {
		t.Errorf("Global code: %+v", g)
	}
	if !ParseUsageType("USE1-FreeNormalization-Bytes").Free || ParseUsageType("USE1-PaidOtherLogs-Bytes").Free {
		t.Error("Security Lake free trial usage")
	}
}

// The services asked for are the request's filter and part of the cache
// key; CloudWatch's Logs usage types come back as extras, day by day with
// ExtrasByDay, and the dry run counts the pages a set of services has
// cached.
func TestCostExplorerServices(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 12, Start: testStart, Days: 3, CloudWatchLogs: true})
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o := ceOnly(options(t, f))

	// The default: CloudTrail and Security Lake, CloudWatch's rows unseen.
	def, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	for _, flt := range f.CostFilters() {
		if !reflect.DeepEqual(flt, CEServices) {
			t.Errorf("default filter %q, want %q", flt, CEServices)
		}
	}
	for _, e := range def.Extras {
		if cloudWatchKind(e.Kind) || e.Day != "" {
			t.Errorf("default run: extra %+v", e)
		}
	}
	defaultPages := cacheFiles(t, o.CacheDir)

	// CloudWatch alone: nothing cached for it yet, whatever the other set has.
	cw := o
	cw.CEServices, cw.ExtrasByDay = []string{CloudWatchService}, true
	before, err := DryRun(deadline(t, time.Minute), cw)
	if err != nil {
		t.Fatal(err)
	}
	if p := before.CostExplorer; p.CachedPages != 0 || p.Requests < 1 || !strings.Contains(p.Assumption, "× 6 usage types") {
		t.Errorf("dry run before: %+v", p)
	}
	sent := f.Count("ce:GetCostAndUsage")
	res, err := Collect(deadline(t, time.Minute), cw)
	if err != nil {
		t.Fatal(err)
	}
	requests := f.Count("ce:GetCostAndUsage") - sent
	if requests < 2 || res.CostExplorer.Requests != requests || res.CostExplorer.CachedPages != 0 {
		t.Fatalf("CloudWatch run: %d requests, %+v", requests, res.CostExplorer)
	}
	for _, flt := range f.CostFilters()[sent:] {
		if !reflect.DeepEqual(flt, []string{CloudWatchService}) {
			t.Errorf("CloudWatch filter %q", flt)
		}
	}
	pages := cacheFiles(t, o.CacheDir) - defaultPages
	if pages != requests {
		t.Errorf("%d pages cached by %d requests", pages, requests)
	}
	// Every Logs row of the world, day by day; nothing else.
	want := map[[3]string]float64{}
	for _, c := range g.World.Costs {
		if c.Service == CloudWatchService && !strings.Contains(c.UsageType, "CW:") {
			want[[3]string{c.Account, c.UsageType, c.Day}] += c.Quantity
		}
	}
	got := map[[3]string]float64{}
	for _, e := range res.Extras {
		if !cloudWatchKind(e.Kind) || e.Day == "" || e.Region == "" {
			t.Errorf("extra %+v", e)
		}
		got[[3]string{e.Account, e.UsageType, e.Day}] += e.Quantity
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("CloudWatch extras: %d cells, want %d", len(got), len(want))
	}
	if len(res.Dataset.Usage) != 0 {
		t.Errorf("%d usage rows from CloudWatch alone", len(res.Dataset.Usage))
	}

	// The dry run counts exactly the pages cached for this set.
	after, err := DryRun(deadline(t, time.Minute), cw)
	if err != nil {
		t.Fatal(err)
	}
	if p := after.CostExplorer; p.CachedPages != pages || p.ExpectedPages != pages || p.Requests != 0 || p.CostUSD != 0 {
		t.Errorf("dry run after: %+v, %d pages cached", p, pages)
	}

	// One set, one key, in any order: the default set reordered and
	// repeated is served from the default run's cache.
	same := o
	same.CEServices = []string{"Amazon Security Lake", "AWS CloudTrail", "AWS CloudTrail"}
	sent = f.Count("ce:GetCostAndUsage")
	again, err := Collect(deadline(t, time.Minute), same)
	if err != nil {
		t.Fatal(err)
	}
	if f.Count("ce:GetCostAndUsage") != sent || again.CostExplorer.CachedPages != defaultPages {
		t.Errorf("the default set reordered sent %d requests: %+v", f.Count("ce:GetCostAndUsage")-sent, again.CostExplorer)
	}
	keys := map[string]bool{}
	for _, s := range [][]string{nil, {CloudWatchService}, {"AWS CloudTrail"}, {"AWS CloudTrail", CloudWatchService}} {
		oo := Options{CEServices: s, Start: testStart, End: testEnd}
		if err := oo.defaults(); err != nil {
			t.Fatal(err)
		}
		keys[(&run{o: &oo}).ceKey("").hash()] = true
	}
	if len(keys) != 4 {
		t.Errorf("%d cache keys for 4 sets of services", len(keys))
	}
	bad := o
	bad.CEServices = []string{" "}
	if _, err := Collect(deadline(t, time.Minute), bad); err == nil {
		t.Error("an empty SERVICE value accepted")
	}
}

// TestBillingCodesAgree checks that the region codes the trial plan writes
// (pricing.BillingRegionCode) are the ones the collector reads back.
func TestBillingCodesAgree(t *testing.T) {
	for code, region := range pricing.BillingCodes() {
		back := pricing.BillingRegionCode(region)
		if r := ParseUsageType(back + "-FreeEventsRecorded").Region; r != region {
			t.Errorf("%s reads as %s, whose code %s reads as %q", code, region, back, r)
		}
	}
}
