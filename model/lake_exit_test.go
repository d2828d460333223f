package model

import (
	"strings"
	"testing"
)

// The way out of CloudTrail Lake by hand, for June 2027: 1 GiB of events a
// day (30 GiB in June), an event data store keeping 730 days at extendable
// pricing, CloudWatch keeping 365.
//   - Lake runs 7 of June's 30 days: 7 GiB × 0.75 = 5.25 USD.
//   - The export: 365 days (fewer than the 1,612 since 2023-01-01, capped by
//     CloudWatch's retention) of 1.073741824 CloudWatch GB (10^9 bytes) at
//     0.25: 97.97893644 USD.
//   - Lake's paid retention: on every June day the store still holds 364
//     days of events older than 366 days (ages 367..730), compressed ten to
//     one: 36.4 GiB-months × 0.023 = 0.8372 USD.
func TestLakeExitByHand(t *testing.T) {
	d := exampleDataset(Usage{ManagementReadEvents: 1_000_000, EventBytes: 30 << 30}, orgTrail)
	d.EventDataStores = []EventDataStore{{Account: "111111111111", Name: "org", Organization: true, BillingMode: LakeExtendable, RetentionDays: 730}}
	c := estimate(t, d, exampleScenario())
	id := TrailsLake + "/" + LakeExit
	if got := componentCost(t, c, id, "lake.ingestion", 0); !near(got, 5.25) {
		t.Errorf("parallel run %.6f, want 5.25", got)
	}
	if got := componentCost(t, c, id, "lake.export", 0); !near(got, 365*1.073741824*0.25) {
		t.Errorf("export %.8f, want %.8f", got, 365*1.073741824*0.25)
	}
	if got := componentCost(t, c, id, "lake.retention", 0); !near(got, 36.4*0.023) {
		t.Errorf("Lake's remaining retention %.6f, want %.6f", got, 36.4*0.023)
	}
	r, _ := c.Strategy(id)
	if !r.Available || !strings.Contains(strings.Join(r.Notes, " "), "2027-06: export 365 days") {
		t.Errorf("available %v, notes %v", r.Available, r.Notes)
	}
	// without an event data store there is no way out to price
	d.EventDataStores = nil
	if r, _ := estimate(t, d, exampleScenario()).Strategy(id); r.Available {
		t.Error("the exit is available without an event data store")
	}
}
