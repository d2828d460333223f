package model

import (
	"fmt"
	"math"
	"testing"
)

// AWS's published cost examples, each run through the whole engine from a
// dataset and a scenario. docs/pricing-examples.md lists them with their
// sources.
//
// exampleDataset measures one account in us-east-1 over three days
// (2027-05-29..31), too short for a trend or a weekly pattern, so the
// projection is the daily mean: June 2027 (30 days) is ten times the three
// days. monthly holds June's totals (multiples of 10); the three days get a
// tenth of them, as evenly as whole numbers allow.
func exampleDataset(monthly Usage, trails ...Trail) *Dataset {
	d := &Dataset{
		Schema:       DatasetSchema,
		Organization: Organization{ID: "o-abcdefghij", ManagementAccount: "111111111111"},
		Period:       Period{Start: "2027-05-29", End: "2027-05-31"},
		Accounts:     []Account{{ID: "111111111111", Name: "management", OU: "Root", Status: "ACTIVE"}},
		Trails:       trails,
	}
	split := func(total int64, day int) int64 {
		share := total / 10
		return share/3 + map[bool]int64{true: 1}[int64(day) < share%3]
	}
	for day := range 3 {
		d.Usage = append(d.Usage, Usage{
			Account: "111111111111", Region: "us-east-1", Day: fmt.Sprintf("2027-05-%02d", 29+day), Source: "example", Measured: true,
			ManagementReadEvents:  split(monthly.ManagementReadEvents, day),
			ManagementWriteEvents: split(monthly.ManagementWriteEvents, day),
			DataEvents:            split(monthly.DataEvents, day),
			EventBytes:            split(monthly.EventBytes, day),
			StoredBytes:           split(monthly.StoredBytes, day),
			LogFiles:              split(monthly.LogFiles, day),
		})
	}
	return d
}

// exampleScenario prices June 2027 alone, without queries.
func exampleScenario() Scenario {
	s := DefaultScenario()
	s.StartMonth, s.HorizonMonths = "2027-06", 1
	s.QueriesPerMonth = 0
	return s
}

// cents rounds to the cent, as AWS prints its examples.
func cents(v float64) float64 { return math.Round(v*100) / 100 }

// CloudTrail pricing page: "Your AWS account is configured to deliver
// management events to two trails and data events to one trail. In a month,
// you had 150,000 management events and 2M data events": the second copy
// of management events costs 3 USD, the data events 2 USD.
func TestExampleCloudTrailPricingPage(t *testing.T) {
	second := Trail{Account: "111111111111", Name: "second", HomeRegion: "us-east-1", ManagementEvents: "all"}
	d := exampleDataset(Usage{ManagementReadEvents: 100_000, ManagementWriteEvents: 50_000, DataEvents: 2_000_000}, orgTrail, second)
	s := exampleScenario()
	s.LeftoverTrails = LeftoverKeep
	c := estimate(t, d, s)
	if got := componentCost(t, c, OrgTrail, "cloudtrail.management_events_paid", 0); cents(got) != 3.00 {
		t.Errorf("second copy of 150,000 management events: %.4f, AWS: 3.00", got)
	}
	if got := componentCost(t, c, OrgTrail, "cloudtrail.data_events", 0); cents(got) != 2.00 {
		t.Errorf("2M data events: %.4f, AWS: 2.00", got)
	}
}

// CloudTrail user guide, "Costs for Insights events": examples 1, 3 and 4
// state the events analyzed; at 0.35 USD per 100,000 management events and
// 0.03 per 100,000 data events analyzed.
func TestExampleInsights(t *testing.T) {
	eds := EventDataStore{Account: "111111111111", Name: "org", Organization: true, BillingMode: LakeExtendable, RetentionDays: 366}
	for _, tc := range []struct {
		name           string
		read, write    int64
		data           int64
		dataInsights   string
		eventDataStore bool
		mgmtAnalyzed   float64 // AWS's count, per trail (and per event data store)
		dataAnalyzed   float64
	}{
		{"example 1: both types, 270,000 reads, 30,000 writes", 270_000, 30_000, 0, InsightsNone, false, 330_000, 0},
		{"example 3: trail and event data store", 380_000, 120_000, 0, InsightsNone, true, 620_000, 0},
		{"example 4: management and data events", 270_000, 30_000, 400_000, InsightsBoth, false, 330_000, 800_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := exampleDataset(Usage{ManagementReadEvents: tc.read, ManagementWriteEvents: tc.write, DataEvents: tc.data}, orgTrail)
			d.EventDataStores = []EventDataStore{eds}
			s := exampleScenario()
			s.Insights, s.InsightsDataEvents, s.InsightsEventDataStore = InsightsBoth, tc.dataInsights, tc.eventDataStore
			c := estimate(t, d, s)
			if got, want := componentCost(t, c, OrgTrail, "cloudtrail.insights", 0), tc.mgmtAnalyzed/1e5*0.35; !near(got, want) {
				t.Errorf("org-trail Insights %.6f, want %.6f", got, want)
			}
			lake := 1.0
			if tc.eventDataStore {
				lake = 2 // the trails' and the event data store's, billed apart
			}
			if got, want := componentCost(t, c, TrailsLake, "cloudtrail.insights", 0), lake*tc.mgmtAnalyzed/1e5*0.35; !near(got, want) {
				t.Errorf("trails-lake Insights %.6f, want %.6f", got, want)
			}
			if got, want := componentCost(t, c, OrgTrail, "cloudtrail.insights_data_events", 0), tc.dataAnalyzed/1e5*0.03; !near(got, want) {
				t.Errorf("data-event Insights %.6f, want %.6f", got, want)
			}
		})
	}
}

// AWS's Security Lake bill-estimate sample checks that 75,000 GB of other
// logs in a month cost 8,358 USD (tiers of 10,240, 20,480 and 20,480 GB at
// 0.25, 0.15 and 0.075, the rest at 0.05; us-west-2 there, the same tiers
// in this book).
func TestExampleSecurityLakeOtherLogs(t *testing.T) {
	s := exampleScenario()
	s.SecurityLake.OtherSourcesGBPerMonth = 75_000
	c := estimate(t, exampleDataset(Usage{ManagementReadEvents: 30}, orgTrail), s)
	r, _ := c.Strategy(SecurityLake)
	got := 0.0
	for _, l := range r.Months[0].Lines {
		if l.Rate == "securitylake.other_logs_ingestion" {
			got += l.Cost
		}
	}
	if got != 8358 {
		t.Errorf("75,000 GB of other logs: %.4f, AWS: 8,358", got)
	}
}

// AWS's observability recipe "Estimating Cost: Moving from CloudTrail Trails
// to CloudWatch Logs Ingestion" converts events × 1,500 bytes / 10^9 to GB,
// then 0.25 per GB for delivery and 0.50 for ingestion; its published
// sample output, row by row (each column rounded to the cent on its own).
func TestExampleCloudWatchRecipe(t *testing.T) {
	for _, row := range []struct {
		events                     int64
		delivery, ingestion, total float64
	}{
		{314_172, 0.12, 0.24, 0.35},
		{335_045, 0.13, 0.25, 0.38},
		{3_961_630, 1.49, 2.97, 4.46},
		{1_368, 0.00, 0.00, 0.00},
		{2_103_558, 0.79, 1.58, 2.37},
		{21_997_697, 8.25, 16.50, 24.75},
		{314_298, 0.12, 0.24, 0.35},
		{8_283_491, 3.11, 6.21, 9.32},
	} {
		// the bytes are a multiple of 10 for any count: 1,500 bytes an event
		d := exampleDataset(Usage{ManagementReadEvents: row.events - row.events%10, EventBytes: row.events * 1500})
		c := estimate(t, d, exampleScenario())
		delivery := componentCost(t, c, CloudWatchLogs, "cloudwatch.delivery", 0)
		ingestion := componentCost(t, c, CloudWatchLogs, "cloudwatch.ingestion", 0)
		if cents(delivery) != row.delivery || cents(ingestion) != row.ingestion || cents(delivery+ingestion) != row.total {
			t.Errorf("%d events: delivery %.4f, ingestion %.4f; AWS: %.2f, %.2f, total %.2f", row.events, delivery, ingestion, row.delivery, row.ingestion, row.total)
		}
	}
}
