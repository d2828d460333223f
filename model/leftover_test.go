package model

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// twoAccountDataset is the management account 111111111111 and a member
// 222222222222, each in us-east-1 and eu-west-1, every day of October 2026
// the same. daily maps "account region" to read and write events a day.
func twoAccountDataset(daily map[string][2]int64, trails []Trail) *Dataset {
	d := &Dataset{
		Schema:       DatasetSchema,
		Organization: Organization{ID: "o-abcdefghij", ManagementAccount: "111111111111"},
		Period:       Period{Start: "2026-10-01", End: "2026-10-31"},
		Accounts: []Account{
			{ID: "111111111111", Name: "management", OU: "Root", Status: "ACTIVE"},
			{ID: "222222222222", Name: "workload", OU: "Root", Status: "ACTIVE"},
		},
		Trails: trails,
	}
	for day := 1; day <= 31; day++ {
		for _, key := range []string{"111111111111 us-east-1", "111111111111 eu-west-1", "222222222222 us-east-1", "222222222222 eu-west-1"} {
			account, region, _ := strings.Cut(key, " ")
			rw := daily[key]
			d.Usage = append(d.Usage, Usage{
				Account: account, Region: region, Day: fmt.Sprintf("2026-10-%02d", day), Source: "test", Measured: true,
				ManagementReadEvents: rw[0], ManagementWriteEvents: rw[1], EventBytes: 1000 * (rw[0] + rw[1]), LogFiles: 10,
			})
		}
	}
	return d
}

var twoAccountDaily = map[string][2]int64{
	"111111111111 us-east-1": {1000, 300},
	"111111111111 eu-west-1": {200, 50},
	"222222222222 us-east-1": {4000, 700},
	"222222222222 eu-west-1": {900, 100},
}

var orgTrail = Trail{Account: "111111111111", Name: "org", HomeRegion: "us-east-1", Organization: true, MultiRegion: true, ManagementEvents: "all"}

// The example: a single-region (us-east-1) trail recording only
// write events beside the organization trail costs that account's
// us-east-1 write events × 2.00 / 100,000, nothing for its other regions
// or reads. December 2026 has 31 days, as many as the measured October.
func TestPaidCopyFollowsTrailScope(t *testing.T) {
	writeOnly := Trail{Account: "222222222222", Name: "security", HomeRegion: "us-east-1", ManagementEvents: "write"}
	d := twoAccountDataset(twoAccountDaily, []Trail{orgTrail, writeOnly})
	s := testScenario()
	s.LeftoverTrails = LeftoverKeep
	c := estimate(t, d, s)
	want := 700.0 * 31 / 1e5 * 2.00 // 21,700 write events: 0.434
	if got := componentCost(t, c, OrgTrail, "cloudtrail.management_events_paid", 0); !near(got, want) {
		t.Errorf("org-trail pays %.6f for the write-only trail, want %.6f", got, want)
	}
	// Under account trails the member's trail is taken over as its own and
	// the organization trail is the leftover: every event of both accounts
	// in both regions is its second copy.
	all := float64(1000+300+200+50+4000+700+900+100) * 31 / 1e5 * 2.00
	if got := componentCost(t, c, TrailsReplication, "cloudtrail.management_events_paid", 0); !near(got, all) {
		t.Errorf("trails-replication pays %.6f for the kept organization trail, want %.6f", got, all)
	}
	// The organization trail's copies are billed to the management account
	// that owns it (index 0 of the sorted accounts).
	shares := c.Allocation.Months[0]["duplicates-account"]
	if math.Abs(shares[0]-1) > 1e-12 {
		t.Errorf("the organization trail's paid copies are shared %v, want all on the management account", shares)
	}
	// Without a trail of its own the strategy leaves the first leftover
	// (the organization trail) free; the write-only trail is the second copy.
	s.KeepOrgTrailArchive = false
	c = estimate(t, d, s)
	if got := componentCost(t, c, CloudWatchLogs, "cloudtrail.management_events_paid", 0); !near(got, want) {
		t.Errorf("cloudwatch-logs without an archive pays %.6f, want %.6f", got, want)
	}
}

// A read-only multi-region trail copies the account's reads in every
// region; a trail recording no management events is no copy.
func TestPaidCopyReadOnlyMultiRegion(t *testing.T) {
	readOnly := Trail{Account: "222222222222", Name: "audit", HomeRegion: "eu-west-1", MultiRegion: true, ManagementEvents: "read"}
	dataOnly := Trail{Account: "222222222222", Name: "data", HomeRegion: "us-east-1", MultiRegion: true, ManagementEvents: "none", DataEvents: true}
	d := twoAccountDataset(twoAccountDaily, []Trail{orgTrail, dataOnly, readOnly})
	s := testScenario()
	s.LeftoverTrails = LeftoverKeep
	c := estimate(t, d, s)
	want := float64(4000+900) * 31 / 1e5 * 2.00
	if got := componentCost(t, c, OrgTrail, "cloudtrail.management_events_paid", 0); !near(got, want) {
		t.Errorf("org-trail pays %.6f for the read-only trail, want %.6f", got, want)
	}
	// the organization trail is a leftover only beside account trails; the
	// data-only trail never is
	if len(c.Leftovers) != 2 || c.Leftovers[0].Trail.Name != "org" || c.Leftovers[1].Trail.Name != "audit" {
		t.Fatalf("leftovers %+v, want the organization and audit trails", c.Leftovers)
	}
}

// By default leftover trails are removed: no strategy's price holds their
// copies, and each is reported with what keeping it would cost.
func TestLeftoverTrailsReportedNotPriced(t *testing.T) {
	excluding := Trail{Account: "222222222222", Name: "legacy", HomeRegion: "us-east-1", MultiRegion: true, ManagementEvents: "all",
		ExcludedEventSources: []string{"kms.amazonaws.com"}}
	d := twoAccountDataset(twoAccountDaily, []Trail{orgTrail, excluding})
	c := estimate(t, d, testScenario())
	for _, r := range c.Strategies {
		if got := componentCost(t, c, r.ID, "cloudtrail.management_events_paid", 0); got != 0 {
			t.Errorf("%s holds %.4f of leftover copies with leftover_trails: remove", r.ID, got)
		}
	}
	if len(c.Leftovers) != 2 {
		t.Fatalf("leftovers %+v, want the account trail (org-trail) and the organization trail (account trails)", c.Leftovers)
	}
	member := float64(4000+700+900+100) * 31 / 1e5 * 2.00
	all := float64(1000+300+200+50+4000+700+900+100) * 31 / 1e5 * 2.00
	for _, lt := range c.Leftovers {
		for _, cost := range lt.Costs {
			var want float64
			switch {
			case lt.Trail.Name == "legacy" && !strings.HasPrefix(cost.Strategy, "trails-"):
				want = member
			case lt.Trail.Name == "org" && strings.HasPrefix(cost.Strategy, "trails-"):
				want = all
			}
			if got := cost.FirstYear(); !near(got, want) || cost.Leftover != (want > 0) {
				t.Errorf("%s under %s: %.6f (leftover %v), want %.6f", lt.Trail.Name, cost.Strategy, got, cost.Leftover, want)
			}
		}
	}
	if notes := strings.Join(c.Leftovers[1].Notes, " "); !strings.Contains(notes, "kms.amazonaws.com") || !strings.Contains(notes, "upper bound") {
		t.Errorf("the excluded source is not explained: %v", c.Leftovers[1].Notes)
	}
}
