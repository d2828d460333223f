package model

import (
	"strings"
	"testing"
)

// Athena over the central bucket, by hand: 1 GiB of logs a day in 288 files
// (a file every 5 minutes), 30 queries a month each over 7 days: every query
// scans 7 GiB, 210 GiB in all: 210/1024 TB × 5.00 = 1.025390625 USD, and
// reads 7 × 288 files: 60,480 GETs × 0.0004/1,000 = 0.024192 USD.
func TestAthenaScalesWithStoredLogs(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31e6, EventBytes: 31 * 10 << 30, StoredBytes: 31 << 30, LogFiles: 31 * 288})
	c := estimate(t, d, testScenario())
	if got := componentCost(t, c, OrgTrail, "athena.query", 0); !near(got, 1.025390625) {
		t.Errorf("Athena %.9f, want 1.025390625", got)
	}
	gets := 0.0
	r, _ := c.Strategy(OrgTrail)
	for _, l := range r.Months[0].Lines {
		if l.Rate == "s3.get_requests" {
			gets += l.Cost
		}
	}
	if !near(gets, 0.024192) {
		t.Errorf("GET requests %.9f, want 0.024192", gets)
	}
	if notes := strings.Join(r.Notes, " "); !strings.Contains(notes, "30 a month, each over 7 days") || !strings.Contains(notes, "210.00 GB") {
		t.Errorf("the query assumption is not shown: %v", r.Notes)
	}
}

// A small organization's queries are billed at Athena's 10 MB minimum: 1 MiB
// of logs a day, 7 MiB a query, billed as 10 MiB: 300 MiB a month.
func TestAthenaMinimumPerQuery(t *testing.T) {
	d := testDataset(Usage{ManagementReadEvents: 31e3, StoredBytes: 31 << 20, LogFiles: 31 * 288})
	c := estimate(t, d, testScenario())
	want := 300.0 / (1 << 20) * 5.00
	if got := componentCost(t, c, OrgTrail, "athena.query", 0); !near(got, want) {
		t.Errorf("Athena %.12f, want %.12f (30 queries at the 10 MB minimum)", got, want)
	}
	// A fixed query volume keeps the minimum per query: 0.1 GB over 30
	// queries is 3.4 MB each, billed as 10.
	s := testScenario()
	fixed := 0.1
	s.QueryGBPerMonth.Athena = &fixed
	if got := componentCost(t, estimate(t, d, s), OrgTrail, "athena.query", 0); !near(got, want) {
		t.Errorf("fixed 0.1 GB: Athena %.12f, want %.12f", got, want)
	}
}

// KMS's free tier: 20,000 requests a month for the organization. One
// GenerateDataKey per log file and digest file: 288 log files a day over 31
// days is 8,928, plus 24 digests a day is 744: 9,672 requests, all free;
// ten accounts' worth (96,720) bills 76,720 × 0.03/10,000 = 0.23016 USD.
func TestKMSFreeTier(t *testing.T) {
	s := testScenario()
	s.SSEKMS = true
	c := estimate(t, testDataset(Usage{ManagementReadEvents: 31e5, StoredBytes: 31 << 20, LogFiles: 31 * 288}), s)
	if got := componentCost(t, c, OrgTrail, "kms.requests", 0); got != 0 {
		t.Errorf("9,672 requests cost %.6f, want 0 (free tier)", got)
	}
	c = estimate(t, testDataset(Usage{ManagementReadEvents: 31e6, StoredBytes: 31 << 20, LogFiles: 31 * 2880}), s)
	if got := componentCost(t, c, OrgTrail, "kms.requests", 0); !near(got, 0.210072) {
		t.Errorf("KMS requests %.6f, want 0.210072", got)
	}
}
