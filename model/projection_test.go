package model

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// flatDataset is accounts × regions with the same usage every day of
// September 2026, and the scenario projecting it over 14 months.
func flatDataset(accounts, regions int) *Dataset {
	d := &Dataset{
		Schema:       DatasetSchema,
		Organization: Organization{ID: "o-abcdefghij", ManagementAccount: "100000000000"},
		Period:       Period{Start: "2026-09-01", End: "2026-09-30"},
	}
	regionNames := []string{"us-east-1", "eu-west-1", "ap-northeast-1"}[:regions]
	for a := range accounts {
		id := fmt.Sprintf("1%011d", a)
		d.Accounts = append(d.Accounts, Account{ID: id, Name: "acct " + id, OU: []string{"Root", "Root/Prod", "Root/Dev"}[a%3], Status: "ACTIVE"})
		for r, region := range regionNames {
			for day := 1; day <= 30; day++ {
				n := int64(1000 * (a + 1) * (r + 1))
				d.Usage = append(d.Usage, Usage{
					Account: id, Region: region, Day: fmt.Sprintf("2026-09-%02d", day),
					ManagementReadEvents: 4 * n, ManagementWriteEvents: n, DataEvents: int64(a) * n,
					EventBytes: 1250 * (5 + int64(a)) * n, StoredBytes: 150 * (5 + int64(a)) * n, LogFiles: 288,
					Source: "test", Measured: true,
				})
			}
		}
	}
	return d
}

func TestProjectionWithoutGrowthIsTheSteadyStateMonth(t *testing.T) {
	d := flatDataset(5, 3)
	s := DefaultScenario()
	s.HorizonMonths = 14
	s = s.Resolve(d)
	p := project(d, &s)
	// the daily mean, summed over accounts and regions
	var daily Volume
	for _, u := range d.Usage {
		daily = daily.plus(rowVolume(u, true), 1.0/30)
	}
	for i, f := range p.Fits {
		if f.Slope != 0 {
			t.Errorf("account %s: a flat series kept a slope of %g", p.Accounts[i], f.Slope)
		}
	}
	for m, mi := range p.Months {
		got := p.month(m, nil)
		want := daily.scaled(float64(mi.Days))
		want.Regions = 5 * 3 * float64(mi.Days)
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"management read", got.ManagementRead, want.ManagementRead},
			{"management write", got.ManagementWrite, want.ManagementWrite},
			{"data", got.Data, want.Data},
			{"event bytes", got.EventBytes, want.EventBytes},
			{"stored bytes", got.StoredBytes, want.StoredBytes},
			{"log files", got.LogFiles, want.LogFiles},
			{"region-days", got.Regions, want.Regions},
		} {
			if math.Abs(f.got-f.want) > 1e-9*f.want {
				t.Errorf("%s %s: %.6f, want the daily mean × %d days = %.6f", mi.Start.Format("2006-01"), f.name, f.got, mi.Days, f.want)
			}
		}
	}
}

// series builds n days of level + slope·(d − centre) + week[weekday] with a
// small deterministic wobble.
func series(start time.Time, n int, level, slope float64, week [7]float64, wobble float64) []float64 {
	y := make([]float64, n)
	centre := float64(n-1) / 2
	for d := range y {
		wd := start.AddDate(0, 0, d).Weekday()
		y[d] = level + slope*(float64(d)-centre) + week[wd] + wobble*math.Sin(float64(d)*2.3)
	}
	return y
}

func TestFitRecoversTrendAndWeeklyPattern(t *testing.T) {
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC) // a Tuesday
	// weekdays above, weekends well below: the generator's prod rhythm
	week := [7]float64{-2400, 700, 900, 700, 500, 600, -1000} // Sunday..Saturday, sums to 0
	y := series(start, 30, 10000, 40, week, 150)
	f := fitDaily(y, start)
	if math.Abs(f.Level-10000) > 60 {
		t.Errorf("level %.1f, want 10000", f.Level)
	}
	if math.Abs(f.Fitted-40) > 5 || f.Slope != f.Fitted {
		t.Errorf("slope %.2f (kept %.2f), want 40 a day, kept", f.Fitted, f.Slope)
	}
	for wd, w := range week {
		if math.Abs(f.Week[wd]-w) > 120 {
			t.Errorf("%s: effect %.0f, want %.0f", time.Weekday(wd), f.Week[wd], w)
		}
	}
	// the projected month reflects its weekday mix: October 2026 has five
	// Thursdays, Fridays and Saturdays
	oct := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	flat := fitDaily(series(start, 30, 10000, 0, week, 0), start)
	got, _ := flat.monthSums(oct, 31)
	want := 0.0
	for i := range 31 {
		want += 10000 + week[oct.AddDate(0, 0, i).Weekday()]
	}
	if want /= flat.Mean; math.Abs(got-want) > 1e-6 {
		t.Errorf("October's fitted days %.6f, want %.6f", got, want)
	}
}

func TestTrendRule(t *testing.T) {
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	// a slope far inside the noise is dropped
	noisy := series(start, 30, 10000, 2, [7]float64{}, 800)
	if f := fitDaily(noisy, start); f.Slope != 0 || f.Fitted == 0 {
		t.Errorf("a slope of 2 a day in ±800 of noise was kept (fitted %.2f, kept %.2f)", f.Fitted, f.Slope)
	}
	// a clear one is kept, and damped: 24 months on, the level has moved
	// by less than the slope × the measured days past the last day
	f := fitDaily(series(start, 30, 10000, 100, [7]float64{}, 50), start)
	if f.Slope == 0 {
		t.Fatalf("a slope of 100 a day in ±50 of noise was dropped")
	}
	end := start.AddDate(0, 0, 29)
	far := end.AddDate(2, 0, 0)
	// days of slope from the centre of the period: 14.5 to the last day
	if got := f.trendDays(far); got > 14.5+29 || got <= 14.5 {
		t.Errorf("two years on the trend has moved %.2f days of slope from the centre; want more than 14.5, at most 14.5 + 29", got)
	}
	undamped := f.Level + f.Slope*(14.5+far.Sub(end).Hours()/24)
	if f.at(far) > 0.5*undamped {
		t.Errorf("the trend is not damped: %.0f against %.0f undamped", f.at(far), undamped)
	}
	// a falling trend never drives the volume below zero
	falling := fitDaily(series(start, 30, 3000, -90, [7]float64{}, 20), start)
	if v := falling.at(far); v < 0 {
		t.Errorf("negative projected volume %g", v)
	}
}

func TestShortPeriodsFitLess(t *testing.T) {
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{1, 3, 10} {
		y := series(start, n, 500, 10, [7]float64{-200, 50, 50, 50, 50, 50, -50}, 0)
		f := fitDaily(y, start)
		if n < weeklyMinDays && f.Week != [7]float64{} {
			t.Errorf("%d days: a weekly pattern was fitted", n)
		}
		if n < trendMinDays && f.Fitted != 0 {
			t.Errorf("%d days: a trend was fitted", n)
		}
		if math.IsNaN(f.Level) || f.Level <= 0 {
			t.Errorf("%d days: level %g", n, f.Level)
		}
	}
}

func TestNewAccountsTakeTheirOUMedian(t *testing.T) {
	d := flatDataset(10, 1) // OUs Root (4: ids 0,3,6,9), Root/Prod (3), Root/Dev (3)
	s := DefaultScenario()
	s.AccountGrowthPerMonth = 0.1
	s = s.Resolve(d)
	p := project(d, &s)
	// the management account (0) is left out: Root keeps 3, 6, 9 → median 6;
	// Prod 1, 4, 7 → 4; Dev 2, 5, 8 → 5; each OU a third of the new accounts
	want := 0.0
	for _, a := range []int{6, 4, 5} {
		want += 1000 * float64(a+1) * 5 / 3
	}
	if got := p.NewTotal.Management(); math.Abs(got-want) > 1e-6*want {
		t.Errorf("a new account's management events a day: %.2f, want %.2f", got, want)
	}
	if got := p.Months[1].NewAccounts; math.Abs(got-1) > 1e-9 {
		t.Errorf("new accounts in the second month: %g, want 10 × 10%% = 1", got)
	}
}

func TestRelativeErrorValidation(t *testing.T) {
	d := flatDataset(1, 1)
	for _, v := range []float64{-0.1, 1.5, math.NaN()} {
		d.Usage[3].RelativeError = &v
		if err := d.Validate(); err == nil || err.Error() != fmt.Sprintf("usage[3].relative_error: expected a relative standard error from 0 to 1, got %v", v) {
			t.Errorf("relative_error %v: %v", v, err)
		}
	}
	ok := 0.25
	d.Usage[3].RelativeError = &ok
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
	if d.Usage[3].RelErr() != 0.25 || d.Usage[4].RelErr() != 0 {
		t.Error("RelErr: an explicit error, or none for a measured row")
	}
	d.Usage[4].Measured = false
	if d.Usage[4].RelErr() != DefaultRelativeError {
		t.Error("an unmeasured row without relative_error takes the default")
	}
}
