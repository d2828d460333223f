package awscollect

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/trailwise/trailwise/collect"
	"github.com/trailwise/trailwise/model"
)

// lookupKey is one event source, name and read-only flag of a sample.
type lookupKey struct {
	source, name string
	read         bool
}

// lookupSample counts one day of an account's management events in one
// region with LookupEvents (newest first, 50 a page, 2 requests/s per
// account and region), at most LookupPages pages. When the pages run out
// before the day does, the count is scaled by the share of the day covered
// and the row is marked extrapolated. It returns the events read by
// source and name too, for the breakdown.
func (r *run) lookupSample(ctx context.Context, account, region, day string, creds aws.CredentialsProvider) (*model.Usage, map[lookupKey]int64, error) {
	start, _ := model.ParseDay(day)
	end := start.AddDate(0, 0, 1)
	ct := r.clients.cloudTrail(account, region, creds)
	p := cloudtrail.NewLookupEventsPaginator(ct, &cloudtrail.LookupEventsInput{
		StartTime:  aws.Time(start),
		EndTime:    aws.Time(end),
		MaxResults: aws.Int32(50),
	})
	var read, write int64
	mix := map[lookupKey]int64{}
	oldest := end
	pages := 0
	seen := tokens{}
	for p.HasMorePages() && pages < r.o.LookupPages {
		page, err := p.NextPage(ctx)
		if err == nil {
			err = seen.repeated(page.NextToken)
		}
		if err != nil {
			return nil, nil, err
		}
		pages++
		for _, e := range page.Events {
			ro := aws.ToString(e.ReadOnly) == "true"
			if ro {
				read++
			} else {
				write++
			}
			mix[lookupKey{aws.ToString(e.EventSource), aws.ToString(e.EventName), ro}]++
			if t := aws.ToTime(e.EventTime); t.Before(oldest) {
				oldest = t
			}
		}
	}
	u := &model.Usage{Account: account, Region: region, Day: day, Source: SourceLookupEvents, Measured: true}
	if p.HasMorePages() {
		covered := end.Sub(oldest)
		if covered < time.Minute {
			covered = time.Minute
		}
		scale := float64(24*time.Hour) / float64(covered)
		read = int64(math.Round(float64(read) * scale))
		write = int64(math.Round(float64(write) * scale))
		u.Measured = false
	}
	u.ManagementReadEvents, u.ManagementWriteEvents = read, write
	return u, mix, nil
}

// lookupBreakdown writes the breakdown of every account and region
// LookupEvents sampled: the sources and names read, scaled to the row as
// its counts are (each category's events shared among its entries by the
// events read, adding up to the row exactly), with the row's estimated
// bytes shared by events. Sampled when the pages ran out before the day.
func (c *collection) lookupBreakdown() {
	keys := make([][2]string, 0, len(c.lookupMix))
	for k := range c.lookupMix {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	sampled := 0
	for _, k := range keys {
		u := c.cells[cellKey{k[0], k[1], c.r.o.End}]
		if u == nil || u.Source != SourceLookupEvents {
			continue
		}
		entries := lookupEntries(c.lookupMix[k], u)
		var bb model.BreakdownBuilder
		for _, e := range entries {
			bb.Add(e.source, e.name, e.category, "", e.events, e.bytes)
		}
		b := bb.Build(k[0], k[1], collect.BreakdownTopSources, collect.BreakdownNamedSources, collect.BreakdownTopNames)
		b.Source, b.Sampled = SourceLookupEvents, !u.Measured
		if b.Sampled {
			sampled++
		}
		c.ds.Breakdown = append(c.ds.Breakdown, b)
	}
	if len(keys) > 0 {
		c.r.notef("the breakdown by event source of the %d account-regions sampled with LookupEvents counts the management events read (%d scaled to the day like their rows); their bytes share the rows' estimate", len(keys), sampled)
	}
}

// lookupEntries scales a sample's mix to its row: reads to the row's
// reads, writes to its writes, bytes to its event bytes.
func lookupEntries(mix map[lookupKey]int64, u *model.Usage) []breakdownRow {
	keys := make([]lookupKey, 0, len(mix))
	for k := range mix {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.read != b.read {
			return a.read
		}
		if a.source != b.source {
			return a.source < b.source
		}
		return a.name < b.name
	})
	var out []breakdownRow
	for _, read := range []bool{true, false} {
		var weights []int64
		var group []lookupKey
		for _, k := range keys {
			if k.read == read {
				weights, group = append(weights, mix[k]), append(group, k)
			}
		}
		total, cat := u.ManagementWriteEvents, model.CategoryManagementWrite
		if read {
			total, cat = u.ManagementReadEvents, model.CategoryManagementRead
		}
		for i, n := range apportion(weights, total) {
			b := breakdownRow{source: group[i].source, name: group[i].name, category: cat, events: n}
			if b.source == "" {
				b.source = model.OtherSource
			}
			if b.name == "" {
				b.name = model.OtherSource
			}
			out = append(out, b)
		}
	}
	weights := make([]int64, len(out))
	for i, b := range out {
		weights[i] = b.events
	}
	for i, n := range apportion(weights, u.EventBytes) {
		out[i].bytes = n
	}
	return out
}
