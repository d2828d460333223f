package model

import (
	"math"
	"strings"
	"testing"
)

// breakdownDataset is testDataset's month (3,100,000 reads, 310,000
// writes, 620,000 data events, 31 GB) with a breakdown: kms.amazonaws.com
// makes 1,240,000 of the reads and 12.4 GB of the bytes.
func breakdownDataset() *Dataset {
	d := testDataset(Usage{ManagementReadEvents: 31e5, ManagementWriteEvents: 31e4, DataEvents: 62e4,
		EventBytes: 31e9, StoredBytes: 31e8, LogFiles: 31 * 300})
	d.Breakdown = []Breakdown{{Account: "111111111111", Region: "us-east-1", Sources: []SourceVolume{
		{EventSource: "kms.amazonaws.com", Category: CategoryManagementRead, Events: 124e4, Bytes: 124e8,
			EventNames: []NameVolume{{EventName: "Decrypt", Events: 1e6, Bytes: 10e9}, {EventName: "GenerateDataKey", Events: 24e4, Bytes: 24e8}}},
		{EventSource: "ec2.amazonaws.com", Category: CategoryManagementRead, Events: 186e4, Bytes: 124e8},
		{EventSource: "iam.amazonaws.com", Category: CategoryManagementWrite, Events: 31e4, Bytes: 31e8},
		{EventSource: "s3.amazonaws.com", Category: CategoryData, ResourceType: "AWS::S3::Object", Events: 62e4, Bytes: 31e8},
	}}}
	return d
}

// quantity sums a strategy's line quantities of one component in month 0.
func quantity(t *testing.T, c *Comparison, id, component string) float64 {
	t.Helper()
	r, _ := c.Strategy(id)
	q := 0.0
	for _, l := range r.Months[0].Lines {
		if l.Component == component {
			q += l.Quantity
		}
	}
	return q
}

var withoutKMS = []EventSelector{
	{Name: "management without KMS", FieldSelectors: []FieldSelector{
		{Field: "eventCategory", Equals: []string{"Management"}},
		{Field: "eventSource", NotEquals: []string{"kms.amazonaws.com"}}}},
	{Name: "S3 objects", FieldSelectors: []FieldSelector{
		{Field: "eventCategory", Equals: []string{"Data"}},
		{Field: "resources.type", Equals: []string{"AWS::S3::Object"}}}},
}

// Excluding KMS lowers Lake and CloudWatch ingestion by exactly its 12.4 GB,
// the management events Insights analyzes by its 1,240,000 reads, and
// leaves data events and keys as they were. The 31-day December repeats
// October's 31 days.
func TestExcludingASourceLowersItsLines(t *testing.T) {
	d := breakdownDataset()
	s := testScenario()
	s.Insights = InsightsErrorRate
	s.SSEKMS = true
	base := estimate(t, d, s)
	s.EventSelectors = map[string][]EventSelector{}
	for _, st := range Strategies(&s) {
		s.EventSelectors[st.ID] = withoutKMS
	}
	cut := estimate(t, d, s)
	book := usBook(t)
	lakeGB, err := book.Fact("billing_gb_bytes_cloudtrail_lake")
	if err != nil {
		t.Fatal(err)
	}
	cwGB, err := book.Fact("billing_gb_bytes_cloudwatch_logs")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		strategy, component string
		less                float64
	}{
		{TrailsLake, "lake.ingestion", 124e8 / lakeGB.Value},
		{OrgTrail, "cloudtrail.insights", 124e4 / 1e5},
		{OrgTrail, "cloudtrail.data_events", 0},
		{OrgTrail, "kms.keys", 0},
		{"cloudwatch-logs", "cloudwatch.ingestion", 124e8 / cwGB.Value},
	}
	for _, ck := range checks {
		b, a := quantity(t, base, ck.strategy, ck.component), quantity(t, cut, ck.strategy, ck.component)
		if b == 0 && ck.component != "kms.keys" && ck.less > 0 {
			t.Errorf("%s %s: no base quantity", ck.strategy, ck.component)
		}
		if math.Abs((b-a)-ck.less) > 1e-9*math.Max(1, b) {
			t.Errorf("%s %s: %v → %v, lowered by %v, want %v", ck.strategy, ck.component, b, a, b-a, ck.less)
		}
	}
}

// A selector that records nothing (data events of a type there are none
// of) leaves no event-, byte- or file-driven line.
func TestSelectorRecordingNothing(t *testing.T) {
	d := breakdownDataset()
	s := linearScenario()
	s.LeftoverTrails = LeftoverRemove
	nothing := []EventSelector{{FieldSelectors: []FieldSelector{
		{Field: "eventCategory", Equals: []string{"Data"}},
		{Field: "resources.type", Equals: []string{"AWS::DynamoDB::Table"}}}}}
	s.EventSelectors = map[string][]EventSelector{}
	for _, st := range Strategies(&s) {
		s.EventSelectors[st.ID] = nothing
	}
	c := estimate(t, d, s)
	for _, r := range c.Strategies {
		if tot := r.Total(); tot != 0 {
			for _, l := range r.Months[0].Lines {
				t.Logf("%s: %s %v", r.ID, l.Name, l.Cost)
			}
			t.Errorf("%s costs %v recording nothing", r.ID, tot)
		}
	}
}

// Advanced event selector semantics: any selector, all field selectors,
// one of the included values and none of the excluded.
func TestSelectorMatching(t *testing.T) {
	kmsDecrypt := eventOf(CategoryManagementRead, "kms.amazonaws.com", "Decrypt", "")
	s3Get := eventOf(CategoryData, "s3.amazonaws.com", "GetObject", "AWS::S3::Object")
	cases := []struct {
		sels []EventSelector
		ev   event
		want bool
	}{
		{nil, kmsDecrypt, true},
		{withoutKMS, kmsDecrypt, false},
		{withoutKMS, s3Get, true},
		{[]EventSelector{{FieldSelectors: []FieldSelector{{Field: "readOnly", Equals: []string{"false"}}}}}, kmsDecrypt, false},
		{[]EventSelector{{FieldSelectors: []FieldSelector{{Field: "eventName", StartsWith: []string{"Get"}}}}}, s3Get, true},
		{[]EventSelector{{FieldSelectors: []FieldSelector{{Field: "eventName", NotEndsWith: []string{"Object"}}}}}, s3Get, false},
		// an unknown name: an inclusion does not match it, an exclusion does
		{[]EventSelector{{FieldSelectors: []FieldSelector{{Field: "eventName", Equals: []string{"Decrypt"}}}}}, eventOf(CategoryManagementRead, "kms.amazonaws.com", OtherSource, ""), false},
		{[]EventSelector{{FieldSelectors: []FieldSelector{{Field: "eventName", NotEquals: []string{"Decrypt"}}}}}, eventOf(CategoryManagementRead, "kms.amazonaws.com", OtherSource, ""), true},
	}
	for i, c := range cases {
		if got := recordsEvent(c.sels, c.ev); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

// A breakdown that does not add up to its usage rows is refused.
func TestBreakdownMustAddUp(t *testing.T) {
	d := breakdownDataset()
	d.Breakdown[0].Sources[1].Events--
	err := d.Validate()
	if err == nil || err.Error() != "breakdown[0].sources: expected management-read events adding up to the usage rows' 3100000, got 3099999" {
		t.Errorf("%v", err)
	}
	d = breakdownDataset()
	d.Breakdown[0].Sources[0].EventNames[0].Bytes++
	if err := d.Validate(); err == nil {
		t.Error("names not adding up to their source were taken")
	}
}

// Explain on the breakdown dataset: EC2 first, then KMS, 1,240,000 of
// 3,410,000 management events; excluding it saves under Lake exactly what
// TestExcludingASourceLowersItsLines lowers, and a trail can make that
// exclusion while it cannot leave out EC2.
func TestExplainBreakdownDataset(t *testing.T) {
	d := breakdownDataset()
	s := testScenario()
	x, err := Explain(d, s, usBook(t), ExplainOptions{Strategy: TrailsLake})
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Sources) != 4 || x.Sources[1].EventSource != "kms.amazonaws.com" || !near(x.Sources[1].Share, 124e4/341e4) ||
		x.Sources[1].Noisy == "" || x.Sources[0].Noisy != "" || x.Covered != 1 {
		t.Fatalf("sources %+v, covered %v", x.Sources, x.Covered)
	}
	byLabel := map[string]Candidate{}
	for _, c := range x.Candidates {
		byLabel[c.Exclude.String()] = c
	}
	kms, ec2 := byLabel["exclude kms.amazonaws.com"], byLabel["exclude ec2.amazonaws.com"]
	if !kms.Trails || ec2.Trails || kms.Best <= 0 {
		t.Errorf("kms %+v, ec2 %+v", kms, ec2)
	}
	if _, ok := byLabel["exclude kms.amazonaws.com Decrypt and GenerateDataKey"]; !ok {
		t.Errorf("no name candidate for KMS: %v", byLabel)
	}
	for i := 1; i < len(x.Candidates); i++ {
		if x.Candidates[i].Best > x.Candidates[i-1].Best {
			t.Errorf("candidates not ranked by saving: %v after %v", x.Candidates[i].Best, x.Candidates[i-1].Best)
		}
	}
	// the extendable Lake ingestion rate on 12.4 GB less, the month the
	// horizon holds
	rate, err := usBook(t).Rate("lake.ingestion_extendable")
	if err != nil {
		t.Fatal(err)
	}
	gbFact, _ := usBook(t).Fact("billing_gb_bytes_cloudtrail_lake")
	lake := rateCost(&rate.Rate, 31e9/gbFact.Value) - rateCost(&rate.Rate, (31e9-124e8)/gbFact.Value)
	if kms.Largest != "lake.ingestion" || !near(kms.LargestSaving, lake) {
		t.Errorf("largest fall %s %v, want lake.ingestion %v", kms.Largest, kms.LargestSaving, lake)
	}
}

// A leftover account trail whose selectors exclude KMS pays, beside the
// organization trail, for its copies of every management event but KMS's:
// 3,100,000 − 1,240,000 reads and 310,000 writes, 2,170,000 events at
// 2.00 USD per 100,000: 43.40 USD in the 31-day month.
func TestLeftoverExclusionFollowsTheBreakdown(t *testing.T) {
	d := breakdownDataset()
	d.Trails = []Trail{orgTrail, {Account: "111111111111", Name: "old", HomeRegion: "us-east-1", MultiRegion: true,
		ManagementEvents: "all", ExcludedEventSources: []string{"kms.amazonaws.com"}}}
	s := testScenario()
	s.LeftoverTrails = LeftoverKeep
	c := estimate(t, d, s)
	if got := componentCost(t, c, OrgTrail, "cloudtrail.management_events_paid", 0); !near(got, 43.40) {
		t.Errorf("paid copies cost %v, want 43.40", got)
	}
	found := false
	for _, lt := range c.Leftovers {
		if lt.Trail.Name == "old" {
			found = strings.Contains(strings.Join(lt.Notes, " "), "as the breakdown measures it")
		}
	}
	if !found {
		t.Errorf("the leftover trail's notes do not say the breakdown prices its exclusion: %+v", c.Leftovers)
	}
}

// A misspelt category or readOnly value would match nothing: refused.
func TestSelectorValuesChecked(t *testing.T) {
	s := testScenario()
	s.EventSelectors = map[string][]EventSelector{OrgTrail: {{FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Managment"}}}}}}
	err := s.Validate()
	if err == nil || err.Error() != `event_selectors.org-trail[0].FieldSelectors[0].Field eventCategory: expected one of Management, Data, NetworkActivity, Insight, Aggregated, got "Managment"` {
		t.Errorf("%v", err)
	}
	s.EventSelectors = map[string][]EventSelector{OrgTrail: {{FieldSelectors: []FieldSelector{{Field: "readOnly", Equals: []string{"yes"}}}}}}
	if err := s.Validate(); err == nil {
		t.Error("readOnly yes taken")
	}
}
