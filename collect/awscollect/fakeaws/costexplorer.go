package fakeaws

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// costExplorer answers GetCostAndUsage: DAILY rows of the services in the
// request's SERVICE filter, grouped by LINKED_ACCOUNT and USAGE_TYPE, in
// pages of CostPageSize groups.
func (f *Fake) costExplorer(c Call, op string, in map[string]any) (any, *apiError) {
	w := f.World()
	if op != "GetCostAndUsage" {
		return nil, newErr(400, "UnknownOperationException", "not faked: ce:"+op)
	}
	if c.Account != w.ManagementAccount {
		return nil, newErr(400, "AccessDeniedException", "only the management account sees the organization's usage")
	}
	if g, _ := in["Granularity"].(string); g != "DAILY" {
		return nil, newErr(400, "ValidationException", "the fake answers DAILY granularity only")
	}
	groupBy, _ := in["GroupBy"].([]any)
	var keys []string
	for _, g := range groupBy {
		m, _ := g.(map[string]any)
		keys = append(keys, str(m, "Key"))
	}
	if len(keys) != 2 || keys[0] != "LINKED_ACCOUNT" || keys[1] != "USAGE_TYPE" {
		return nil, newErr(400, "ValidationException", "the fake groups by LINKED_ACCOUNT, USAGE_TYPE only")
	}
	tp, _ := in["TimePeriod"].(map[string]any)
	start, err1 := time.Parse("2006-01-02", str(tp, "Start"))
	end, err2 := time.Parse("2006-01-02", str(tp, "End"))
	if err1 != nil || err2 != nil || !end.After(start) {
		return nil, newErr(400, "ValidationException", "Start must be before End")
	}
	services := map[string]bool{}
	if flt, ok := in["Filter"].(map[string]any); ok {
		dims, _ := flt["Dimensions"].(map[string]any)
		if str(dims, "Key") == "SERVICE" {
			vals, _ := dims["Values"].([]any)
			for _, v := range vals {
				s, _ := v.(string)
				services[s] = true
			}
		}
	}
	f.mu.Lock()
	f.costFilters = append(f.costFilters, sortedKeys(services))
	f.mu.Unlock()
	rows := f.costRows(w, start, end, services)
	items, next, err := page(rows, str(in, "NextPageToken"), w.CostPageSize)
	if err != nil {
		return nil, err
	}
	var results []map[string]any
	var cur map[string]any
	for _, r := range items {
		if cur == nil || cur["TimePeriod"].(map[string]any)["Start"] != r.Day {
			d, _ := time.Parse("2006-01-02", r.Day)
			cur = map[string]any{
				"TimePeriod": map[string]any{"Start": r.Day, "End": d.AddDate(0, 0, 1).Format("2006-01-02")},
				"Total":      map[string]any{},
				"Groups":     []map[string]any{},
				"Estimated":  r.Day >= w.EstimatedFrom && w.EstimatedFrom != "",
			}
			results = append(results, cur)
		}
		cur["Groups"] = append(cur["Groups"].([]map[string]any), map[string]any{
			"Keys": []string{r.Account, r.UsageType},
			"Metrics": map[string]any{
				"UsageQuantity": map[string]string{"Amount": strconv.FormatFloat(r.Quantity, 'f', -1, 64), "Unit": unitOf(r.UsageType)},
				"UnblendedCost": map[string]string{"Amount": strconv.FormatFloat(r.Cost, 'f', -1, 64), "Unit": "USD"},
			},
		})
	}
	out := map[string]any{
		"GroupDefinitions":         []map[string]string{{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}, {"Type": "DIMENSION", "Key": "USAGE_TYPE"}},
		"ResultsByTime":            nonNil(results),
		"DimensionValueAttributes": []map[string]any{},
	}
	return withToken(out, "NextPageToken", next), nil
}

func unitOf(usageType string) string {
	switch {
	case strings.Contains(usageType, "ByteHrs"):
		return "GB-Mo"
	case strings.Contains(usageType, "Bytes"):
		return "GB"
	case strings.Contains(usageType, "CW:Requests"):
		return "Requests"
	case strings.Contains(usageType, "CW:"):
		return "Metrics"
	}
	return "Events"
}

// CostFilters are the SERVICE values each GetCostAndUsage request filtered
// on, sorted, in the order the requests came (nil: no SERVICE filter).
func (f *Fake) CostFilters() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]string(nil), f.costFilters...)
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// costRows are the rows of a period and services, sorted by day, account
// and usage type; kept between the pages of one query, as the real service
// answers every page of a query from the same result.
func (f *Fake) costRows(w World, start, end time.Time, services map[string]bool) []CostRow {
	names := sortedKeys(services)
	key := start.Format("2006-01-02") + "/" + end.Format("2006-01-02") + "/" + strings.Join(names, ",")
	f.mu.Lock()
	defer f.mu.Unlock()
	if rows, ok := f.costCache[key]; ok {
		return rows
	}
	var rows []CostRow
	for _, r := range w.Costs {
		d, _ := time.Parse("2006-01-02", r.Day)
		if d.Before(start) || !d.Before(end) || (len(services) > 0 && !services[r.Service]) {
			continue
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Day != rows[j].Day {
			return rows[i].Day < rows[j].Day
		}
		if rows[i].Account != rows[j].Account {
			return rows[i].Account < rows[j].Account
		}
		return rows[i].UsageType < rows[j].UsageType
	})
	if f.costCache == nil {
		f.costCache = map[string][]CostRow{}
	}
	f.costCache[key] = rows
	return rows
}
