package awscollect

import (
	"math"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

// entryKey is one breakdown entry: account, region, category, source,
// resource type and event name.
type entryKey struct{ account, region, category, source, rtype, name string }

type tally struct{ events, bytes int64 }

// countEvents counts the fake's events one by one, by entry, with the
// dataset's category names and a bucket-level S3 data event (no object
// in its resources) under AWS::S3::Object, as the selectors take it.
func countEvents(events []fakeaws.EngineEvent) map[entryKey]tally {
	category := map[string]string{"management_read": "management-read", "management_write": "management-write",
		"data": "data", "network": "network", "insight": "insights", "aggregated": "aggregated"}
	out := map[entryKey]tally{}
	for _, e := range events {
		rt := e.ResourceType
		if e.Kind == "data" && rt == "" && e.Source == "s3.amazonaws.com" {
			rt = "AWS::S3::Object"
		}
		k := entryKey{e.Account, e.Region, category[e.Kind], e.Source, rt, e.Name}
		t := out[k]
		t.events++
		t.bytes += e.Bytes
		out[k] = t
	}
	return out
}

// flatten lists a dataset's breakdown by entry (a source without names as
// name "").
func flatten(t *testing.T, d *model.Dataset, source string) map[entryKey]tally {
	t.Helper()
	out := map[entryKey]tally{}
	for _, b := range d.Breakdown {
		if b.Source != source || b.Sampled {
			t.Errorf("breakdown of %s %s says source %q, sampled %v", b.Account, b.Region, b.Source, b.Sampled)
		}
		for _, s := range b.Sources {
			names := s.EventNames
			if len(names) == 0 {
				names = []model.NameVolume{{Events: s.Events, Bytes: s.Bytes}}
			}
			for _, n := range names {
				k := entryKey{b.Account, b.Region, s.Category, s.EventSource, s.ResourceType, n.EventName}
				if _, dup := out[k]; dup {
					t.Errorf("entry %+v twice", k)
				}
				out[k] = tally{n.Events, n.Bytes}
			}
		}
	}
	return out
}

// setBounds sets the breakdown's bounds for one test.
func setBounds(t *testing.T, sources, named, names int) {
	s, n, m := collect.BreakdownTopSources, collect.BreakdownNamedSources, collect.BreakdownTopNames
	collect.BreakdownTopSources, collect.BreakdownNamedSources, collect.BreakdownTopNames = sources, named, names
	t.Cleanup(func() {
		collect.BreakdownTopSources, collect.BreakdownNamedSources, collect.BreakdownTopNames = s, n, m
	})
}

func runEngine(t *testing.T, f *fakeaws.Fake, e EngineOptions) *model.Dataset {
	t.Helper()
	o := options(t, f)
	o.Sources = Sources{}
	e.Confirmed, e.PollInterval = true, time.Millisecond
	res, _, err := CollectEngine(deadline(t, 30*time.Second), o, e, false)
	if err != nil {
		t.Fatal(err)
	}
	return res.Dataset
}

func athenaEngine(url string) EngineOptions {
	e := engineOptions(url)
	e.Table = "ct"
	return e
}

func lakeEngine(url string) EngineOptions {
	return EngineOptions{Engine: EngineLake, Endpoint: url,
		EventDataStore: "arn:aws:cloudtrail:us-east-1:" + fakeaws.AccountID(0) + ":eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE"}
}

// Unbounded, the Athena breakdown is every source and name of the fake's
// events, event for event and byte for byte, read over many pages.
func TestAthenaBreakdownCountsEveryEvent(t *testing.T) {
	setBounds(t, 1000, 1000, 1000)
	f, g := startFake(t, 8)
	events := fakeaws.EngineEvents(g, []string{"us-east-1", "eu-west-1"}, testStart, 3)
	ath := fakeaws.NewAthena(fakeaws.EngineAnswer(events, true, 1))
	defer ath.Close()
	ath.PageSize = 40
	d := runEngine(t, f, athenaEngine(ath.URL()))
	if n := ath.Count("athena:GetQueryResults"); n < 10 {
		t.Errorf("%d result pages: the test should paginate", n)
	}
	want, got := countEvents(events), flatten(t, d, SourceAthena)
	compareEntries(t, got, want, true)
}

// Unbounded, the Lake breakdown has every event; its bytes share the
// rows' estimate by events, to within a byte, adding up exactly.
func TestLakeBreakdownCountsEveryEvent(t *testing.T) {
	setBounds(t, 1000, 1000, 1000)
	f, g := startFake(t, 8)
	events := fakeaws.EngineEvents(g, []string{"us-east-1", "eu-west-1"}, testStart, 3)
	lake := fakeaws.NewLake(fakeaws.EngineAnswer(events, false, 1))
	defer lake.Close()
	lake.PageSize = 40
	d := runEngine(t, f, lakeEngine(lake.URL()))
	if n := lake.Count("cloudtrail:GetQueryResults"); n < 10 {
		t.Errorf("%d result pages: the test should paginate", n)
	}
	want, got := countEvents(events), flatten(t, d, SourceLake)
	compareEntries(t, got, want, false)
	// Bytes: each account-region's rows hold events x 1,250 bytes (the
	// default), rounded per row; the entries share that total.
	type ar struct{ account, region string }
	rowBytes, rowEvents := map[ar]int64{}, map[ar]int64{}
	for u := range d.Rows() {
		rowBytes[ar{u.Account, u.Region}] += u.EventBytes
		rowEvents[ar{u.Account, u.Region}] += u.Events() + u.AggregatedEvents
	}
	sums := map[ar]int64{}
	for k, v := range got {
		a := ar{k.account, k.region}
		sums[a] += v.bytes
		exact := float64(v.events) * float64(rowBytes[a]) / float64(rowEvents[a])
		if math.Abs(float64(v.bytes)-exact) > 1 {
			t.Errorf("%+v: %d bytes, want %.1f", k, v.bytes, exact)
		}
	}
	for a, n := range rowBytes {
		if sums[a] != n {
			t.Errorf("%v: breakdown bytes %d, rows %d", a, sums[a], n)
		}
	}
}

func compareEntries(t *testing.T, got, want map[entryKey]tally, bytes bool) {
	t.Helper()
	if len(got) != len(want) || len(want) < 100 {
		t.Errorf("%d entries, want %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok || g.events != w.events || bytes && g.bytes != w.bytes {
			t.Errorf("%+v: got %+v (%v), want %+v", k, g, ok, w)
		}
	}
}

// At the default bounds the breakdown keeps the 15 largest sources of
// each category and folds the rest into (other); it names the largest
// sources' top names. Checked against the fake's events ranked here.
func TestEngineBreakdownBounded(t *testing.T) {
	f, g := startFake(t, 8)
	events := fakeaws.EngineEvents(g, []string{"us-east-1", "eu-west-1"}, testStart, 3)
	ath := fakeaws.NewAthena(fakeaws.EngineAnswer(events, true, 1))
	defer ath.Close()
	ath.PageSize = 100
	d := runEngine(t, f, athenaEngine(ath.URL()))
	counts := countEvents(events)
	a0 := fakeaws.AccountID(0)
	// Account 0 in us-east-1: its management-read sources, ranked here.
	bySource := map[string]tally{}
	var all tally
	for k, v := range counts {
		if k.account == a0 && k.region == "us-east-1" && k.category == "management-read" {
			s := bySource[k.source]
			s.events += v.events
			s.bytes += v.bytes
			bySource[k.source] = s
			all.events += v.events
			all.bytes += v.bytes
		}
	}
	ranked := make([]string, 0, len(bySource))
	for s := range bySource {
		ranked = append(ranked, s)
	}
	sort.Slice(ranked, func(i, j int) bool {
		a, b := bySource[ranked[i]], bySource[ranked[j]]
		return a.events > b.events || a.events == b.events && ranked[i] < ranked[j]
	})
	if len(ranked) <= 15 {
		t.Fatalf("%d sources: the fake should have more than 15", len(ranked))
	}
	var b *model.Breakdown
	for i := range d.Breakdown {
		if d.Breakdown[i].Account == a0 && d.Breakdown[i].Region == "us-east-1" {
			b = &d.Breakdown[i]
		}
	}
	if b == nil {
		t.Fatal("no breakdown for account 0 in us-east-1")
	}
	kept := map[string]tally{}
	for _, s := range b.Sources {
		if s.Category == "management-read" {
			kept[s.EventSource] = tally{s.Events, s.Bytes}
		}
	}
	var rest tally
	for i, s := range ranked {
		if i < 15 {
			if kept[s] != bySource[s] {
				t.Errorf("source %d %s: %+v, want %+v", i+1, s, kept[s], bySource[s])
			}
			continue
		}
		rest.events += bySource[s].events
		rest.bytes += bySource[s].bytes
	}
	if kept[model.OtherSource] != rest || len(kept) != 16 {
		t.Errorf("(other) %+v, want %+v; %d entries", kept[model.OtherSource], rest, len(kept))
	}
	// The largest entry is named, name by name.
	top := b.Sources[0]
	if len(top.EventNames) == 0 {
		t.Fatalf("the largest source %s has no names", top.EventSource)
	}
	for _, n := range top.EventNames {
		want := counts[entryKey{a0, "us-east-1", top.Category, top.EventSource, top.ResourceType, n.EventName}]
		if n.Events != want.events || n.Bytes != want.bytes {
			t.Errorf("%s %s: %d events %d bytes, want %+v", top.EventSource, n.EventName, n.Events, n.Bytes, want)
		}
	}
}

// The query folds what the breakdown would leave out before the rows
// leave the engine; the breakdown built from them is the one built from
// every event (here at tight bounds, so that sources and names fold).
func TestEngineBreakdownFoldsAsEveryEventWould(t *testing.T) {
	setBounds(t, 3, 2, 1)
	f, g := startFake(t, 8)
	events := fakeaws.EngineEvents(g, []string{"us-east-1", "eu-west-1"}, testStart, 3)
	ath := fakeaws.NewAthena(fakeaws.EngineAnswer(events, true, 1))
	defer ath.Close()
	ath.PageSize = 100
	d := runEngine(t, f, athenaEngine(ath.URL()))
	builders := map[[2]string]*model.BreakdownBuilder{}
	for k, v := range countEvents(events) {
		a := [2]string{k.account, k.region}
		if builders[a] == nil {
			builders[a] = &model.BreakdownBuilder{}
		}
		builders[a].Add(k.source, k.name, k.category, k.rtype, v.events, v.bytes)
	}
	if len(d.Breakdown) != len(builders) {
		t.Fatalf("%d breakdowns, want %d", len(d.Breakdown), len(builders))
	}
	for _, b := range d.Breakdown {
		want := builders[[2]string{b.Account, b.Region}].Build(b.Account, b.Region, 3, 2, 1)
		want.Source = SourceAthena
		if !reflect.DeepEqual(b, want) {
			t.Errorf("%s %s:\n got %+v\nwant %+v", b.Account, b.Region, b, want)
		}
	}
}
