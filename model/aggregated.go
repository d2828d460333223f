package model

import "fmt"

// DaysPerMonth is the mean length of a calendar month (365.25 / 12 days).
const DaysPerMonth = 365.25 / 12

// AggregatedEventsPerMonth is the organization's aggregated events (the
// dataset's aggregated_events: 5-minute summaries of data events that a
// trail with event aggregation delivers besides them) in a mean month: their
// total over the dataset's period, divided by the period's days, times
// DaysPerMonth. It is 0 when the dataset has none or no period.
func AggregatedEventsPerMonth(d *Dataset) float64 {
	var total int64
	for u := range d.Rows() {
		total += u.AggregatedEvents
	}
	days := d.Period.Days()
	if total == 0 || days <= 0 {
		return 0
	}
	return float64(total) / float64(days) * DaysPerMonth
}

// AggregatedEventsNote says that the dataset's aggregated events are not
// priced, and why; "" when it has none. AWS says event aggregation incurs
// CloudTrail charges, but no per-event rate for it was found in a source
// the price books can cite, so the engine counts them and prices nothing.
func AggregatedEventsNote(d *Dataset) string {
	n := AggregatedEventsPerMonth(d)
	if n <= 0 {
		return ""
	}
	count := groupDigits(n)
	if count == "0" {
		count = "fewer than 1"
	}
	return fmt.Sprintf("%s aggregated events a month: AWS charges for event aggregation, but its rate is unconfirmed; not priced.", count)
}
