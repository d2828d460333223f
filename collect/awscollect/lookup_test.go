package awscollect

import (
	"math"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

// lookupNames counts the LookupOnly account's events on the period's last
// day in its region, newest first, at most n of them, by category and name.
func lookupNames(t *testing.T, g fakeaws.Generated, region string, n int) map[[2]string]int64 {
	t.Helper()
	day, _ := time.Parse("2006-01-02", testEnd)
	out := map[[2]string]int64{}
	for _, a := range g.World.Accounts {
		if a.ID != g.LookupOnly {
			continue
		}
		for _, e := range a.Lookup[region] { // generated newest first
			if e.Time.Before(day) || !e.Time.Before(day.AddDate(0, 0, 1)) || n == 0 {
				continue
			}
			n--
			cat := model.CategoryManagementWrite
			if e.ReadOnly {
				cat = model.CategoryManagementRead
			}
			out[[2]string{cat, e.Source + " " + e.Name}]++
		}
	}
	return out
}

// lookupBreakdownOf is the dataset's breakdown of the LookupOnly account,
// by category and name, and the breakdown itself.
func lookupBreakdownOf(t *testing.T, d *model.Dataset, g fakeaws.Generated) (map[[2]string]int64, model.Breakdown) {
	t.Helper()
	var bs []model.Breakdown
	for _, b := range d.Breakdown {
		if b.Account == g.LookupOnly {
			bs = append(bs, b)
		}
	}
	if len(bs) != 1 || bs[0].Region != "us-east-1" || bs[0].Source != SourceLookupEvents {
		t.Fatalf("breakdowns of the LookupEvents account: %+v", bs)
	}
	out := map[[2]string]int64{}
	for _, s := range bs[0].Sources {
		for _, n := range s.EventNames {
			out[[2]string{s.Category, s.EventSource + " " + n.EventName}] += n.Events
		}
	}
	return out, bs[0]
}

// Every event of the day read: the breakdown is the events, name by name,
// and the row's estimated bytes, shared by events.
func TestLookupEventsBreakdown(t *testing.T) {
	f, g := startFake(t, 12)
	res, err := Collect(deadline(t, time.Minute), options(t, f))
	if err != nil {
		t.Fatal(err)
	}
	got, b := lookupBreakdownOf(t, res.Dataset, g)
	want := lookupNames(t, g, "us-east-1", -1)
	if len(got) != len(want) || len(want) != 3 {
		t.Errorf("names %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%v: %d events, want %d", k, got[k], n)
		}
	}
	if b.Sampled {
		t.Error("every event read, yet sampled")
	}
	// 120 events at the default 1,250 bytes: 150,000, 1,250 an event.
	for _, s := range b.Sources {
		if s.Bytes != s.Events*1250 {
			t.Errorf("%s %s: %d bytes for %d events", s.EventSource, s.Category, s.Bytes, s.Events)
		}
	}
}

// Past its page limit, the sample's mix is scaled to the row: each name
// gets its share of its category's scaled count, adding up exactly.
func TestLookupEventsBreakdownExtrapolated(t *testing.T) {
	f, g := startFake(t, 12)
	o := options(t, f)
	o.LookupPages = 3 // 21 events, newest first, over the day's last 147 minutes
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	got, b := lookupBreakdownOf(t, res.Dataset, g)
	read := lookupNames(t, g, "us-east-1", 21)
	scale := 1440.0 / 147
	if !b.Sampled {
		t.Error("scaled, yet not said to be sampled")
	}
	var sums [2]int64
	for k, n := range read {
		if math.Abs(float64(got[k])-float64(n)*scale) > 1 {
			t.Errorf("%v: %d events, want %.1f (%d read)", k, got[k], float64(n)*scale, n)
		}
		if k[0] == model.CategoryManagementRead {
			sums[0] += got[k]
		} else {
			sums[1] += got[k]
		}
	}
	// The rows: 14 reads and 7 writes scaled (TestLookupEventsExtrapolated).
	if sums[0] != int64(math.Round(14*scale)) || sums[1] != int64(math.Round(7*scale)) {
		t.Errorf("breakdown %d reads and %d writes, want %d and %d", sums[0], sums[1], int64(math.Round(14*scale)), int64(math.Round(7*scale)))
	}
}
