package awscollect

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"sort"

	"github.com/trailwise/trailwise/collect"
	"github.com/trailwise/trailwise/model"
)

// Parts of an engine query's result: the usage rows, and the breakdown by
// event source the same scan counted (see breakdown.sql.tmpl). A result
// without the part column is all usage.
const (
	partUsage     = "usage"
	partBreakdown = "breakdown"
)

// kindCategories maps the queries' kinds to the breakdown's categories.
var kindCategories = map[string]string{
	"management_read": model.CategoryManagementRead, "management_write": model.CategoryManagementWrite,
	"data": model.CategoryData, "network": model.CategoryNetwork,
	"insight": model.CategoryInsights, "aggregated": model.CategoryAggregated,
}

// breakdownRow is one row of the breakdown part.
type breakdownRow struct {
	source, name, category, resourceType string
	events, bytes                        int64
}

// parseBreakdownRow reads one row of the breakdown part: its category, its
// source, type and name (folded ones as model.OtherSource), its events (the
// one category count the row has) and, for Athena, its bytes.
func parseBreakdownRow(row resultRow, athena bool) (breakdownRow, error) {
	var b breakdownRow
	b.source, _ = row.get("event_source")
	b.name, _ = row.get("event_name")
	b.resourceType, _ = row.get("resource_type")
	category, _ := row.get("category")
	cat, ok := kindCategories[category]
	if !ok {
		return b, fmt.Errorf("column category: expected management_read, management_write, data, network, insight or aggregated, got %q", category)
	}
	b.category = cat
	for _, col := range engineColumns {
		v, err := count(row, col, true)
		if err != nil {
			return b, err
		}
		b.events += v
	}
	if athena {
		v, err := count(row, "event_bytes", true)
		if err != nil {
			return b, err
		}
		b.bytes = v
	}
	if b.source == "" {
		b.source = model.OtherSource
	}
	if b.name == "" {
		b.name = model.OtherSource
	}
	if b.category == model.CategoryData && b.resourceType == "" && b.source != model.OtherSource {
		b.resourceType = model.DataResourceType(b.source)
	}
	return b, nil
}

// engineBreakdown builds the dataset's breakdown from the query's
// breakdown part, for every account and region whose usage rows were all
// kept (the part has no days: a region with a row skipped would not add
// up). Lake counts no bytes: its rows' estimated event_bytes are shared
// among the entries by their events, so that they add up exactly.
func (r *run) engineBreakdown(ds *model.Dataset, e *EngineOptions, rows *breakdownRows, dropped map[[2]string]bool) error {
	athena := e.Engine == EngineAthena
	byRegion, err := rows.kept(dropped)
	if err != nil {
		return err
	}
	if len(byRegion) == 0 {
		return nil
	}
	rowBytes := map[[2]string]int64{}
	for u := range ds.Rows() {
		rowBytes[[2]string{u.Account, u.Region}] += u.EventBytes
	}
	keys := make([][2]string, 0, len(byRegion))
	for k := range byRegion {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	source := map[bool]string{true: SourceAthena, false: SourceLake}[athena]
	for _, k := range keys {
		entries := byRegion[k]
		if !athena {
			shareBytes(entries, rowBytes[k])
		}
		var bb model.BreakdownBuilder
		for _, b := range entries {
			bb.Add(b.source, b.name, b.category, b.resourceType, b.events, b.bytes)
		}
		out := bb.Build(k[0], k[1], collect.BreakdownTopSources, collect.BreakdownNamedSources, collect.BreakdownTopNames)
		out.Source = source
		ds.Breakdown = append(ds.Breakdown, out)
	}
	if len(dropped) > 0 {
		r.notef("%d account-regions have no breakdown by event source: some of their result rows fell outside the period", len(dropped))
	}
	if athena {
		r.notef("the breakdown by event source comes from the same Athena query (one scan): events and event bytes per source and name, the largest kept, the rest as %s", model.OtherSource)
	} else {
		r.notef("the breakdown by event source comes from the same CloudTrail Lake query (one scan): events per source and name, the largest kept, the rest as %s; its bytes share the rows' estimate by events", model.OtherSource)
	}
	return nil
}

// shareBytes gives the entries total bytes in proportion to their events,
// adding up to total exactly (apportion), in a fixed order of entries.
func shareBytes(entries []breakdownRow, total int64) {
	slices.SortFunc(entries, func(a, b breakdownRow) int {
		return cmp.Or(cmp.Compare(a.category, b.category), cmp.Compare(a.source, b.source),
			cmp.Compare(a.resourceType, b.resourceType), cmp.Compare(a.name, b.name))
	})
	weights := make([]int64, len(entries))
	for i, b := range entries {
		weights[i] = b.events
	}
	for i, n := range apportion(weights, total) {
		entries[i].bytes = n
	}
}

// apportion shares total among weights in proportion, rounded so that the
// shares add up to total exactly: each gets the rounded share of the
// weights up to and including it, less the rounded share of those before
// it. No weight, no share.
func apportion(weights []int64, total int64) []int64 {
	out := make([]int64, len(weights))
	var all int64
	for _, w := range weights {
		all += w
	}
	if all == 0 {
		return out
	}
	// round(cum * total / all) in integers: (2 cum total + all) / (2 all).
	share := func(cum int64) int64 {
		n := new(big.Int).Mul(big.NewInt(2*cum), big.NewInt(total))
		n.Add(n, big.NewInt(all))
		return n.Quo(n, big.NewInt(2*all)).Int64()
	}
	var cum, before int64
	for i, w := range weights {
		cum += w
		upTo := share(cum)
		out[i] = upTo - before
		before = upTo
	}
	return out
}
