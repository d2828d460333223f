package awscollect

import (
	"cmp"
	"math"
	"slices"

	"github.com/trailwise/trailwise/pricing"
)

// usageMap places billed usage, a Cost Explorer group or a billing
// export's sum, one account, usage type and day at a time: event counts
// into the dataset's cells, the usage the dataset has no field for into
// the extras. Cost Explorer and the billing export both go through it, so
// the same bill makes the same rows whichever way it was read.
type usageMap struct {
	// source names the reader in notes ("Cost Explorer").
	source string
	// readShare splits the one management-event count into reads and
	// writes.
	readShare float64
	// extrasByDay keeps the extras per day, not summed over the period.
	extrasByDay bool
	// cloudWatch is whether CloudWatch's usage was asked for.
	cloudWatch bool
	// listed are the organization's accounts; nil takes every account.
	listed map[string]bool
	note   func(format string, a ...any)
	// cells are the dataset's rows in the making, seen those given counts.
	cells usageCells
	seen  map[cellKey]bool
	// extras are summed per account, region, usage type and (extrasByDay)
	// day.
	extras map[[4]string]*Extra
	// unknown are the usage types, region codes and accounts already
	// noted as skipped.
	unknown map[string]bool
}

func newUsageMap(source string, o *Options, note func(string, ...any)) *usageMap {
	m := &usageMap{source: source, readShare: o.ReadShare, extrasByDay: o.ExtrasByDay, note: note,
		cells: usageCells{}, seen: map[cellKey]bool{}, extras: map[[4]string]*Extra{}, unknown: map[string]bool{}}
	for _, s := range o.CEServices {
		m.cloudWatch = m.cloudWatch || s == CloudWatchService
	}
	return m
}

// take adds one row. region is the region the source names beside the
// usage type (a billing export's region column), "" for none: it places a
// usage type written without a region code, or with one not known.
func (m *usageMap) take(row ceRow, region string) {
	ut := ParseUsageType(row.UsageType)
	if !ut.Global && (ut.Code == "" || ut.Region == "") && pricing.KnownRegion(region) {
		ut.Region = region
	}
	if ut.Kind == "" || cloudWatchKind(ut.Kind) && !m.cloudWatch || m.skip(row, ut) {
		return
	}
	q := int64(math.Round(row.Quantity))
	switch ut.Kind {
	case KindFreeEvents:
		u := m.cells.row(row.Account, ut.Region, row.Day)
		read := int64(math.Round(float64(q) * m.readShare))
		u.ManagementReadEvents += read
		u.ManagementWriteEvents += q - read
	case KindDataEvents:
		m.cells.row(row.Account, ut.Region, row.Day).DataEvents += q
	case KindNetworkEvents:
		m.cells.row(row.Account, ut.Region, row.Day).NetworkEvents += q
	case KindInsightsEvents:
		m.cells.row(row.Account, ut.Region, row.Day).InsightsEvents += q
	default:
		m.extra(row, ut)
		return
	}
	m.seen[cellKey{row.Account, ut.Region, row.Day}] = true
}

func (m *usageMap) extra(row ceRow, ut UsageType) {
	day := ""
	if m.extrasByDay {
		day = row.Day
	}
	k := [4]string{row.Account, ut.Region, row.UsageType, day}
	e := m.extras[k]
	if e == nil {
		e = &Extra{Account: row.Account, Region: ut.Region, Day: day, UsageType: row.UsageType, Kind: ut.Kind, Unit: row.Unit}
		m.extras[k] = e
	}
	e.Quantity += row.Quantity
	e.CostUSD += row.Cost
}

// skip says whether a row cannot be placed (billed under no region, in a
// region code unknown, for an account not in the organization), noting
// each such usage type, code or account once.
func (m *usageMap) skip(row ceRow, ut UsageType) bool {
	skip := func(key, format string, a ...any) bool {
		if !m.unknown[key] {
			m.unknown[key] = true
			m.note(format, a...)
		}
		return true
	}
	switch {
	case ut.Global && !cloudWatchKind(ut.Kind):
		return skip(row.UsageType, "%s usage type %s: billed under no region, its rows skipped", m.source, row.UsageType)
	case ut.Region == "" && !ut.Global:
		return skip(ut.Code, "%s usage type %s: region code %s unknown, its rows skipped", m.source, row.UsageType, ut.Code)
	case m.listed != nil && !m.listed[row.Account]:
		return skip(row.Account, "%s has usage for account %s, which is not in the organization now: skipped", m.source, row.Account)
	}
	return false
}

// sortedExtras are the extras by account, region, usage type and day.
func (m *usageMap) sortedExtras() []Extra {
	out := make([]Extra, 0, len(m.extras))
	for _, e := range m.extras {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b Extra) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.UsageType, b.UsageType), cmp.Compare(a.Day, b.Day))
	})
	return out
}
