package collect

import (
	"sort"

	"github.com/trailwise/trailwise/model"
)

// The breakdown's bounds per account and region: the top sources per
// category, the largest entries split by event name, and the names kept.
// Variables so that a caller (or a test) can set others.
var (
	BreakdownTopSources   = 15
	BreakdownNamedSources = 5
	BreakdownTopNames     = 10
)

type regionKey struct{ account, region string }

// kindCategory is the dataset's breakdown category of each kind.
var kindCategory = map[Kind]string{
	KindManagementRead: model.CategoryManagementRead, KindManagementWrite: model.CategoryManagementWrite,
	KindData: model.CategoryData, KindNetwork: model.CategoryNetwork,
	KindInsight: model.CategoryInsights, KindAggregated: model.CategoryAggregated,
}

// addBreakdown adds one file's events by kind, source and name to its
// account and region.
func (c *dirCollector) addBreakdown(k Key, byEvent []EventTally) {
	if c.breakdown == nil {
		c.breakdown = map[regionKey]*model.BreakdownBuilder{}
	}
	rk := regionKey{k.Account, k.Region}
	bb := c.breakdown[rk]
	if bb == nil {
		bb = &model.BreakdownBuilder{}
		c.breakdown[rk] = bb
	}
	for _, n := range byEvent {
		ek := n.EventKey
		source, name := ek.Source, ek.Name
		if source == OtherKey {
			source = model.OtherSource
		}
		if name == OtherKey {
			name = model.OtherSource
		}
		cat := kindCategory[ek.Kind]
		rt := ""
		if cat == model.CategoryData {
			rt = model.DataResourceType(source)
		}
		bb.Add(source, name, cat, rt, n.Events, n.Bytes)
	}
}

// addBreakdowns writes the breakdown of every account and region whose
// files were all read: a sampled one's rows are estimates, which a count
// of the files read would not add up to, and a note says so.
func (c *dirCollector) addBreakdowns(d *model.Dataset, estimated map[groupKey]bool) {
	keys := make([]regionKey, 0, len(c.breakdown))
	for rk := range c.breakdown {
		keys = append(keys, rk)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].account != keys[j].account {
			return keys[i].account < keys[j].account
		}
		return keys[i].region < keys[j].region
	})
	left := 0
	for _, rk := range keys {
		if estimated[groupKey{rk.account, rk.region, false}] || estimated[groupKey{rk.account, rk.region, true}] {
			left++
			continue
		}
		d.Breakdown = append(d.Breakdown, c.breakdown[rk].Build(rk.account, rk.region,
			BreakdownTopSources, BreakdownNamedSources, BreakdownTopNames))
	}
	if left > 0 {
		c.note("%d account-regions estimated from a sample have no breakdown by event source (their rows are estimates; the files read would not add up to them)", left)
	}
}
