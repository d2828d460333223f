package model

import (
	"strings"
	"testing"
)

// The CloudWatch routes by hand, on 10 GB (10^10 bytes, CloudWatch's GB as
// AWS's cost recipe counts it) of CloudTrail events in June 2027: 1,000,000
// management events and 100,000 network activity events of 9,090.9… bytes
// each, so management events are 10^10 × 10/11 bytes.
func TestCloudWatchRoutes(t *testing.T) {
	d := exampleDataset(Usage{ManagementReadEvents: 1_000_000, EventBytes: 11_000_000_000}, orgTrail)
	d.Usage[0].NetworkEvents, d.Usage[1].NetworkEvents, d.Usage[2].NetworkEvents = 3334, 3333, 3333 // 100,000 in June
	s := exampleScenario()
	s.CloudWatchCentralCopies = 2
	c := estimate(t, d, s)
	mgmtGB := 10.0 // CloudWatch's own ingestion takes management (and data) events only
	allGB := 11.0  // a trail delivers every event it records
	for _, tc := range []struct {
		id                  string
		delivery, ingestion float64
		payer               string
		centralization      float64
	}{
		{CloudWatchLogs, mgmtGB * 0.25, mgmtGB * 0.50, PayerMembers, mgmtGB * 0.05},
		{CloudWatchLogs + "/" + RouteTelemetryIA, mgmtGB * 0.25, mgmtGB * 0.25, PayerMembers, mgmtGB * 0.05},
		{CloudWatchLogs + "/" + RouteTrailDelivery, 0, allGB * 0.50, PayerManagement, allGB * 0.05},
	} {
		if got := componentCost(t, c, tc.id, "cloudwatch.delivery", 0); !near(got, tc.delivery) {
			t.Errorf("%s: delivery %.6f, want %.6f", tc.id, got, tc.delivery)
		}
		if got := componentCost(t, c, tc.id, "cloudwatch.ingestion", 0); !near(got, tc.ingestion) {
			t.Errorf("%s: ingestion %.6f, want %.6f", tc.id, got, tc.ingestion)
		}
		// two central copies: the first without extra ingestion, the second at 0.05 a GB
		if got := componentCost(t, c, tc.id, "cloudwatch.centralization", 0); !near(got, tc.centralization) {
			t.Errorf("%s: centralization %.6f, want %.6f", tc.id, got, tc.centralization)
		}
		r, _ := c.Strategy(tc.id)
		for _, l := range r.Months[0].Lines {
			if l.Component == "cloudwatch.ingestion" && l.Payer != tc.payer {
				t.Errorf("%s: ingestion paid by %s, want %s", tc.id, l.Payer, tc.payer)
			}
		}
	}
	// the trail that delivers is the strategy's own first copy even without the archive
	s.KeepOrgTrailArchive = false
	s.LeftoverTrails = LeftoverKeep
	d.Trails = append(d.Trails, Trail{Account: "111111111111", Name: "old", HomeRegion: "us-east-1", MultiRegion: true, ManagementEvents: "all"})
	c = estimate(t, d, s)
	if got := componentCost(t, c, CloudWatchLogs+"/"+RouteTrailDelivery, "cloudwatch.ingestion", 0); !near(got, allGB*0.50) {
		t.Errorf("trail-delivery without the archive: ingestion %.6f", got)
	}
	if got := componentCost(t, c, CloudWatchLogs+"/"+RouteTrailDelivery, "cloudtrail.management_events_paid", 0); !near(got, 1e6/1e5*2.00) {
		t.Errorf("trail-delivery keeps the old account trail as a paid copy: %.6f, want 20.00", got)
	}
}

// A dataset with telemetry rules for CloudTrail events says so in the
// telemetry routes' notes (CloudWatch already ingests those events), not in
// the trail's route, and without rules no route says it.
func TestCloudWatchNotesTelemetryRules(t *testing.T) {
	d := exampleDataset(Usage{ManagementReadEvents: 1_000_000, EventBytes: 1_000_000_000}, orgTrail)
	says := func(c *Comparison, id string) bool {
		r, _ := c.Strategy(id)
		for _, n := range r.Notes {
			if strings.Contains(n, "telemetry rule") {
				return strings.Contains(n, "2 CloudWatch telemetry rule(s) for CloudTrail events (1 of the organization)")
			}
		}
		return false
	}
	c := estimate(t, d, exampleScenario())
	if says(c, CloudWatchLogs) {
		t.Errorf("a note of rules with none in the dataset")
	}
	d.TelemetryRules = []TelemetryRule{
		{Account: "111111111111", Region: "us-east-1", Name: "org", Organization: true, ManagementEvents: "all"},
		{Account: "111111111111", Region: "us-east-1", Name: "own", ManagementEvents: "write"},
	}
	c = estimate(t, d, exampleScenario())
	if !says(c, CloudWatchLogs) || !says(c, CloudWatchLogs+"/"+RouteTelemetryIA) || says(c, CloudWatchLogs+"/"+RouteTrailDelivery) {
		t.Errorf("the telemetry routes do not say the rules exist, or the trail route does")
	}
}

// A telemetry rule of an unlisted account, an unknown region or a
// misspelt management_events is refused at its path; one without its
// detail is not.
func TestValidateTelemetryRules(t *testing.T) {
	good := TelemetryRule{Account: "111111111111", Region: "us-east-1", Name: "r"}
	for _, c := range []struct {
		rule TelemetryRule
		want string
	}{
		{good, ""},
		{TelemetryRule{Account: "999999999999", Region: "us-east-1"}, "telemetry_rules[0].account: expected an account listed in accounts"},
		{TelemetryRule{Account: "111111111111", Region: "us-east-9"}, "telemetry_rules[0].region: expected an AWS Region"},
		{TelemetryRule{Account: "111111111111", Region: "us-east-1", ManagementEvents: "some"}, `telemetry_rules[0].management_events: expected all, read, write or none, got "some"`},
		{TelemetryRule{Account: "111111111111", Region: "us-east-1", RetentionDays: 5000}, "telemetry_rules[0].retention_days"},
	} {
		d := exampleDataset(Usage{ManagementReadEvents: 1000, EventBytes: 1_000_000}, orgTrail)
		d.TelemetryRules = []TelemetryRule{c.rule}
		err := d.Validate()
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: %v, want %q", c.rule, err, c.want)
		}
	}
}
