package model

import (
	"strings"
	"testing"
)

// Security Lake's roll-up pays each contributing region's transfer rate:
// 31 GiB of events a month in each of
// us-east-1 (the roll-up region, nothing moves), ap-northeast-1 (0.09 per
// GB out of Tokyo) and eu-north-1 (no book here: us-east-1's 0.02, marked
// as a fallback). Parquet is a tenth of the raw size: 3.1 GiB leave each.
func TestRollupTransferAtTheRateOfTheRegionLeft(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31 << 20, EventBytes: 31 << 30})
	rows := len(d.Usage)
	for _, region := range []string{"ap-northeast-1", "eu-north-1"} {
		for _, u := range d.Usage[:rows] {
			u.Region = region
			d.Usage = append(d.Usage, u)
		}
	}
	c := estimate(t, d, testScenario())
	r, _ := c.Strategy(SecurityLake)
	got := map[string]CostLine{}
	for _, l := range r.Months[0].Lines {
		if l.Component == "s3.replication_transfer" {
			got[l.Name] = l
		}
	}
	tokyo, stockholm := got["S3 inter-region transfer (roll-up from ap-northeast-1 to us-east-1)"], got["S3 inter-region transfer (roll-up from eu-north-1 to us-east-1)"]
	if len(got) != 2 || !near(tokyo.Cost, 3.1*0.09) || !near(stockholm.Cost, 3.1*0.02) {
		t.Fatalf("roll-up lines %+v; want 3.1 GB at 0.09 from Tokyo and 3.1 GB at 0.02 from Stockholm", got)
	}
	if tokyo.Rate != "s3.inter_region_transfer@ap-northeast-1" {
		t.Errorf("the Tokyo line names rate %q, not Tokyo's", tokyo.Rate)
	}
	// Stockholm's line names its own rate id, not us-east-1's unmarked one:
	// the price sources list it apart, marked fallback
	if stockholm.Rate != "s3.inter_region_transfer@eu-north-1" {
		t.Errorf("the Stockholm line names rate %q, want s3.inter_region_transfer@eu-north-1", stockholm.Rate)
	}
	if tokyo.Fallback || !stockholm.Fallback || !strings.Contains(stockholm.Note, "no price book for eu-north-1") {
		t.Errorf("fallback marks: Tokyo %v, Stockholm %v %q", tokyo.Fallback, stockholm.Fallback, stockholm.Note)
	}
}

// AWS does not document who pays an organization trail's data events: the
// scenario chooses, and the notes say it is a choice.
func TestOrgTrailEventsPayerIsASetting(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31e5, DataEvents: 31e5})
	payerOf := func(s Scenario) (string, []string) {
		c := estimate(t, d, s)
		r, _ := c.Strategy(OrgTrail)
		for _, l := range r.Months[0].Lines {
			if l.Component == "cloudtrail.data_events" {
				return l.Payer, r.Notes
			}
		}
		t.Fatal("no data events line")
		return "", nil
	}
	if p, notes := payerOf(testScenario()); p != PayerManagement || !strings.Contains(strings.Join(notes, " "), "not documented by AWS") {
		t.Errorf("default payer %s, notes %v", p, notes)
	}
	s := testScenario()
	s.OrgTrailEventsPayer = PayerMembers
	if p, _ := payerOf(s); p != PayerMembers {
		t.Errorf("org_trail_events_payer members: payer %s", p)
	}
}

// Aggregated events are counted but not priced, and every strategy says so.
func TestAggregatedEventsSaidUnpriced(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31e5})
	for i := range d.Usage {
		d.Usage[i].AggregatedEvents = 1000
	}
	c := estimate(t, d, testScenario())
	for _, r := range c.Strategies {
		if !strings.Contains(strings.Join(r.Notes, " "), "aggregated events a month: AWS charges for event aggregation, but its rate is unconfirmed; not priced") {
			t.Errorf("%s: notes %v", r.ID, r.Notes)
		}
	}
}
