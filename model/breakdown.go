package model

import (
	"fmt"
	"slices"
	"sort"
)

// The event categories of a breakdown entry: the kinds of a usage row.
const (
	CategoryManagementRead  = "management-read"
	CategoryManagementWrite = "management-write"
	CategoryData            = "data"
	CategoryNetwork         = "network"
	CategoryInsights        = "insights"
	CategoryAggregated      = "aggregated"
)

// Categories lists the breakdown categories in the order reports show them.
var Categories = []string{CategoryManagementRead, CategoryManagementWrite, CategoryData,
	CategoryNetwork, CategoryInsights, CategoryAggregated}

// OtherSource names the entry that holds the sources (or event names) past
// a breakdown's top N, so that the entries still add up to the usage rows.
const OtherSource = "(other)"

// Breakdown is what one account's volume in one region over the period is
// made of: its event sources (the top N per category, the rest as one
// OtherSource entry per category) with their events and uncompressed bytes.
// Optional: collectors that cannot see sources (Cost Explorer, the S3
// listing) leave it out. Per category, the entries' events add up exactly to
// the usage rows of the account and region; their bytes add up to the rows'
// event_bytes.
type Breakdown struct {
	Account string `json:"account"`
	Region  string `json:"region"`
	// Source is the collector that counted it, as the usage rows name
	// theirs (athena, cloudtrail-lake, lookup-events); omitted, the log
	// files themselves.
	Source string `json:"source,omitempty"`
	// Sampled says the entries are scaled from a sample of the events (as
	// the rows they add up to are): a mix, not a count.
	Sampled bool           `json:"sampled,omitempty"`
	Sources []SourceVolume `json:"sources"`
}

// SourceVolume is one event source's events of one category.
type SourceVolume struct {
	EventSource string `json:"event_source"`
	Category    string `json:"category"`
	// ResourceType is the resources.type of data events (AWS::S3::Object)
	// where the collector knows it; empty otherwise.
	ResourceType string `json:"resource_type,omitempty"`
	Events       int64  `json:"events"`
	Bytes        int64  `json:"bytes"`
	// EventNames splits the largest sources by eventName (the top N, the
	// rest as OtherSource); when present they add up to the entry.
	EventNames []NameVolume `json:"event_names,omitempty"`
}

// NameVolume is one event name's share of a SourceVolume.
type NameVolume struct {
	EventName string `json:"event_name"`
	Events    int64  `json:"events"`
	Bytes     int64  `json:"bytes"`
}

// categoryEvents is the events of each category in a usage row, in the
// order of Categories (an array: this runs once per row, millions of times).
func (u Usage) categoryEvents() [6]int64 {
	return [...]int64{u.ManagementReadEvents, u.ManagementWriteEvents, u.DataEvents,
		u.NetworkEvents, u.InsightsEvents, u.AggregatedEvents}
}

// rowTotals is, per account and region, the events of each of Categories
// in its usage rows, then their bytes: what its breakdown must add up to.
type rowTotals map[[2]string]*[7]int64

// totaller adds usage rows into rowTotals.
type totaller struct {
	t    rowTotals
	last [2]string
	r    *[7]int64
}

func (a *totaller) add(u *Usage) {
	// rows come sorted by account and region: look up only on a change
	if k := [2]string{u.Account, u.Region}; a.r == nil || k != a.last {
		if a.r = a.t[k]; a.r == nil {
			a.r = new([7]int64)
			a.t[k] = a.r
		}
		a.last = k
	}
	for i, n := range u.categoryEvents() {
		a.r[i] += n
	}
	a.r[6] += u.EventBytes
}

// validateBreakdown checks that every breakdown names a listed account once
// per region, uses known categories, and adds up exactly to its usage rows
// (rows: their totals, as validateUsage found them).
func (d *Dataset) validateBreakdown(listed map[string]bool, rows rowTotals) error {
	if len(d.Breakdown) == 0 {
		return nil
	}
	seen := map[[2]string]bool{}
	for i, b := range d.Breakdown {
		// a path is made only for an error: there is a breakdown per
		// account and region, each of a dozen sources
		p := func() string { return fmt.Sprintf("breakdown[%d]", i) }
		k := [2]string{b.Account, b.Region}
		if !listed[b.Account] {
			return fieldErr(p()+".account", "an account listed in accounts", fmt.Sprintf("%q", b.Account))
		}
		if seen[k] {
			return fieldErr(p(), "each account and region once", fmt.Sprintf("%s %s again", b.Account, b.Region))
		}
		seen[k] = true
		sums, err := b.sums(p)
		if err != nil {
			return err
		}
		want := rows[k]
		if want == nil {
			want = new([7]int64)
		}
		for c := range sums {
			if sums[c] != want[c] {
				what := "event_bytes"
				if c < len(Categories) {
					what = Categories[c] + " events"
				}
				return fieldErr(p()+".sources", fmt.Sprintf("%s adding up to the usage rows' %d", what, want[c]), fmt.Sprint(sums[c]))
			}
		}
	}
	return nil
}

// sums totals a breakdown's entries by category, in the order of
// Categories, then their bytes; p is the breakdown's path.
func (b Breakdown) sums(p func() string) ([7]int64, error) {
	var sums [7]int64
	for j, s := range b.Sources {
		q := func() string { return fmt.Sprintf("%s.sources[%d]", p(), j) }
		c := slices.Index(Categories, s.Category)
		if c < 0 {
			return sums, fieldErr(q()+".category", "one of management-read, management-write, data, network, insights, aggregated", fmt.Sprintf("%q", s.Category))
		}
		if s.EventSource == "" {
			return sums, fieldErr(q()+".event_source", "an event source like kms.amazonaws.com, or "+OtherSource, `""`)
		}
		if s.Events < 0 || s.Bytes < 0 {
			return sums, fieldErr(q()+".events", "counts of zero or more", fmt.Sprint(s.Events, " events, ", s.Bytes, " bytes"))
		}
		if len(s.EventNames) > 0 {
			var ev, by int64
			for _, n := range s.EventNames {
				ev += n.Events
				by += n.Bytes
			}
			if ev != s.Events || by != s.Bytes {
				return sums, fieldErr(q()+".event_names", fmt.Sprintf("names adding up to the entry's %d events and %d bytes", s.Events, s.Bytes), fmt.Sprintf("%d events and %d bytes", ev, by))
			}
		}
		sums[c] += s.Events
		sums[6] += s.Bytes
	}
	return sums, nil
}

// BreakdownBuilder gathers one account and region's events by source, name
// and category, and bounds them into a Breakdown.
type BreakdownBuilder struct {
	entries map[bkey]*SourceVolume
	names   map[bkey]map[string]*NameVolume
}

type bkey struct{ source, category, resourceType string }

// Add counts events of one source, name and category, and their bytes.
func (bb *BreakdownBuilder) Add(source, name, category, resourceType string, events, bytes int64) {
	if bb.entries == nil {
		bb.entries, bb.names = map[bkey]*SourceVolume{}, map[bkey]map[string]*NameVolume{}
	}
	k := bkey{source, category, resourceType}
	e := bb.entries[k]
	if e == nil {
		e = &SourceVolume{EventSource: source, Category: category, ResourceType: resourceType}
		bb.entries[k], bb.names[k] = e, map[string]*NameVolume{}
	}
	e.Events += events
	e.Bytes += bytes
	n := bb.names[k][name]
	if n == nil {
		n = &NameVolume{EventName: name}
		bb.names[k][name] = n
	}
	n.Events += events
	n.Bytes += bytes
}

// Build keeps the top sources per category (the rest summed into one
// OtherSource entry per category), and splits the top named ones of them by
// event name (the top names, the rest as OtherSource).
func (bb *BreakdownBuilder) Build(account, region string, topSources, namedSources, topNames int) Breakdown {
	b := Breakdown{Account: account, Region: region, Sources: []SourceVolume{}}
	all := make([]bkey, 0, len(bb.entries))
	for k := range bb.entries {
		all = append(all, k)
	}
	sort.Slice(all, func(i, j int) bool { return bb.less(all[i], all[j]) })
	kept, other := map[string]int{}, map[string]*SourceVolume{}
	for _, k := range all {
		e := *bb.entries[k]
		if kept[k.category] >= topSources || k.source == OtherSource {
			o := other[k.category]
			if o == nil {
				o = &SourceVolume{EventSource: OtherSource, Category: k.category}
				other[k.category] = o
			}
			o.Events += e.Events
			o.Bytes += e.Bytes
			continue
		}
		kept[k.category]++
		b.Sources = append(b.Sources, e)
	}
	for _, c := range Categories {
		if o := other[c]; o != nil {
			b.Sources = append(b.Sources, *o)
		}
	}
	sort.SliceStable(b.Sources, func(i, j int) bool { return b.Sources[i].Events > b.Sources[j].Events })
	for i := range b.Sources {
		s := &b.Sources[i]
		if i < namedSources && s.EventSource != OtherSource {
			s.EventNames = topNamesOf(bb.names[bkey{s.EventSource, s.Category, s.ResourceType}], topNames)
		}
	}
	return b
}

func (bb *BreakdownBuilder) less(a, b bkey) bool {
	ea, eb := bb.entries[a], bb.entries[b]
	if ea.Events != eb.Events {
		return ea.Events > eb.Events
	}
	if a.source != b.source {
		return a.source < b.source
	}
	if a.category != b.category {
		return a.category < b.category
	}
	return a.resourceType < b.resourceType
}

// topNamesOf keeps the n names with the most events, the rest as
// OtherSource. Names a collector already folded into OtherSource stay in
// the rest, however many events they hold, so that it is named once.
func topNamesOf(m map[string]*NameVolume, n int) []NameVolume {
	out := make([]NameVolume, 0, len(m))
	rest := NameVolume{EventName: OtherSource}
	for _, v := range m {
		if v.EventName == OtherSource {
			rest.Events += v.Events
			rest.Bytes += v.Bytes
			continue
		}
		out = append(out, *v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Events != out[j].Events {
			return out[i].Events > out[j].Events
		}
		return out[i].EventName < out[j].EventName
	})
	folded := m[OtherSource] != nil || len(out) > n
	if len(out) > n {
		for _, v := range out[n:] {
			rest.Events += v.Events
			rest.Bytes += v.Bytes
		}
		out = out[:n]
	}
	if folded {
		out = append(out, rest)
	}
	return out
}

// DataResourceType is the resources.type of the data events of an event
// source, where one source logs data events of one type; empty otherwise.
// (AWS's list of data event resource types names these for the sources.)
func DataResourceType(source string) string {
	return dataResourceTypes[source]
}

var dataResourceTypes = map[string]string{
	"s3.amazonaws.com":       "AWS::S3::Object",
	"lambda.amazonaws.com":   "AWS::Lambda::Function",
	"dynamodb.amazonaws.com": "AWS::DynamoDB::Table",
	"sns.amazonaws.com":      "AWS::SNS::Topic",
	"sqs.amazonaws.com":      "AWS::SQS::Queue",
	"rdsdata.amazonaws.com":  "AWS::RDS::DBCluster",
}

// DataResourceSources lists the sources DataResourceType knows, sorted.
func DataResourceSources() []string {
	out := make([]string, 0, len(dataResourceTypes))
	for s := range dataResourceTypes {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
