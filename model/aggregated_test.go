package model

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// aggregatedDataset is a 4-day dataset, two accounts, whose rows hold the
// aggregated events given (one row each, days 1 to len(agg)).
func aggregatedDataset(agg ...int64) *Dataset {
	d := &Dataset{
		Schema:       DatasetSchema,
		Organization: Organization{ID: "o-abcdefghij", ManagementAccount: "111111111111"},
		Period:       Period{Start: "2026-02-01", End: "2026-02-04"},
		Accounts: []Account{
			{ID: "111111111111", Name: "mgmt", OU: "root", Status: "ACTIVE"},
			{ID: "222222222222", Name: "app", OU: "root", Status: "ACTIVE"},
		},
	}
	for i, n := range agg {
		d.Usage = append(d.Usage, Usage{
			Account: []string{"111111111111", "222222222222"}[i%2], Region: "us-east-1",
			Day:                  []string{"2026-02-01", "2026-02-02", "2026-02-03", "2026-02-04"}[i%4],
			ManagementReadEvents: 500, ManagementWriteEvents: 100, DataEvents: 90000,
			AggregatedEvents: n, EventBytes: 1000, StoredBytes: 100, LogFiles: 1,
			Source: "test", Measured: true,
		})
	}
	return d
}

func TestAggregatedEventsPerMonth(t *testing.T) {
	// 288 five-minute windows a day in each of two accounts on the first
	// two days, 144 on the third, none on the fourth: 288+288+144 = 720
	// over 4 days, 180 a day, 180 × 365.25/12 = 5,478.75 a month.
	d := aggregatedDataset(288, 288, 144, 0)
	if got := AggregatedEventsPerMonth(d); math.Abs(got-5478.75) > 1e-9 {
		t.Errorf("per month %v, want 5478.75", got)
	}
	note := AggregatedEventsNote(d)
	if !strings.HasPrefix(note, "5,479 aggregated events a month") || !strings.Contains(note, "not priced") {
		t.Errorf("note %q", note)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}

	none := aggregatedDataset(0, 0, 0, 0)
	if got := AggregatedEventsPerMonth(none); got != 0 {
		t.Errorf("none: %v", got)
	}
	if note := AggregatedEventsNote(none); note != "" {
		t.Errorf("none: note %q", note)
	}
	// One event over 4 days is 7.6 a month; a lone one over a year would
	// round to none, and the note must not say "0".
	year := aggregatedDataset(1)
	year.Period.End = "2027-01-31"
	if note := AggregatedEventsNote(year); !strings.HasPrefix(note, "fewer than 1 aggregated events") {
		t.Errorf("a year: note %q", note)
	}
}

// TestAggregatedEventsField checks the dataset field: absent in JSON means
// 0, 0 is not written, a negative count is refused, and aggregated events
// stay out of Events (they are not CloudTrail events of a priced kind).
func TestAggregatedEventsField(t *testing.T) {
	d := aggregatedDataset(0, 7)
	b, err := json.Marshal(d.Usage[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "aggregated_events") {
		t.Errorf("0 written: %s", b)
	}
	var u Usage
	if err := json.Unmarshal([]byte(`{"account":"111111111111","data_events":3}`), &u); err != nil || u.AggregatedEvents != 0 {
		t.Errorf("absent: %v %d", err, u.AggregatedEvents)
	}
	if got := d.Usage[1].Events(); got != 500+100+90000 {
		t.Errorf("Events %d counts aggregated events", got)
	}
	d.Usage[1].AggregatedEvents = -1
	err = d.Validate()
	if err == nil || err.Error() != "usage[1].aggregated_events: expected a count of zero or more, got -1" {
		t.Errorf("negative: %v", err)
	}
}
