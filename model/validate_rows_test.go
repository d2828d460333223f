package model_test

import (
	"testing"

	"github.com/trailwise/trailwise/fixtures"
)

// Regions and days are checked once per distinct value: a bad one on a
// later row, after good rows, is still refused at its own row.
func TestValidateLaterBadRegionAndDay(t *testing.T) {
	for _, c := range []struct {
		set  func(region, day *string)
		want string
	}{
		{func(r, _ *string) { *r = "nowhere" }, `usage[5].region: expected an AWS region like us-east-1, got "nowhere"`},
		{func(_, d *string) { *d = "2026-13-01" }, `usage[5].day: expected a day as YYYY-MM-DD, got "2026-13-01"`},
		{func(_, d *string) { *d = "2020-01-01" }, `usage[5].day: expected a day within the period 2026-09-01..2026-09-30, got "2020-01-01"`},
	} {
		d, err := fixtures.Load("small")
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
		c.set(&d.Usage[5].Region, &d.Usage[5].Day)
		if err := d.Validate(); err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %s", err, c.want)
		}
	}
}
