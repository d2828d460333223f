package model

import (
	"fmt"
	"strings"
)

// EventSelector is one CloudTrail advanced event selector, in the API's own
// shape (PutEventSelectors' AdvancedEventSelectors, an event data store's
// AdvancedEventSelectors), so that a scenario's selectors can be copied to
// and from the console, the CLI and CloudFormation as they are.
//
// An event is recorded when it matches any selector of the list; it matches
// a selector when it matches all of its field selectors; and it matches a
// field selector when it matches one of the Equals, StartsWith or EndsWith
// values (if any are given) and none of the NotEquals, NotStartsWith or
// NotEndsWith values.
type EventSelector struct {
	Name           string          `json:"Name,omitempty"`
	FieldSelectors []FieldSelector `json:"FieldSelectors"`
}

// FieldSelector is one advanced field selector.
type FieldSelector struct {
	Field         string   `json:"Field"`
	Equals        []string `json:"Equals,omitempty"`
	StartsWith    []string `json:"StartsWith,omitempty"`
	EndsWith      []string `json:"EndsWith,omitempty"`
	NotEquals     []string `json:"NotEquals,omitempty"`
	NotStartsWith []string `json:"NotStartsWith,omitempty"`
	NotEndsWith   []string `json:"NotEndsWith,omitempty"`
}

// SelectorFields are the event fields the selectors can price: those the
// breakdown knows.
var SelectorFields = []string{"eventCategory", "readOnly", "eventSource", "eventName", "resources.type"}

// event is what a selector sees of one breakdown entry. A field the
// breakdown does not know is empty: a condition that includes values does
// not match it, one that only excludes values does.
type event struct {
	category, readOnly, source, name, resourceType string
}

// apiCategory is the eventCategory CloudTrail writes for a breakdown category.
var apiCategory = map[string]string{
	CategoryManagementRead: "Management", CategoryManagementWrite: "Management",
	CategoryData: "Data", CategoryNetwork: "NetworkActivity",
	CategoryInsights: "Insight", CategoryAggregated: "Aggregated",
}

func (ev event) field(f string) string {
	switch f {
	case "eventCategory":
		return ev.category
	case "readOnly":
		return ev.readOnly
	case "eventSource":
		return ev.source
	case "eventName":
		return ev.name
	case "resources.type":
		return ev.resourceType
	}
	return ""
}

// matches reports whether the field selector lets ev's value through.
func (f FieldSelector) matches(ev event) bool {
	v := ev.field(f.Field)
	known := v != ""
	pos := len(f.Equals) + len(f.StartsWith) + len(f.EndsWith)
	if pos > 0 {
		if !known || !(anyOf(f.Equals, func(s string) bool { return v == s }) ||
			anyOf(f.StartsWith, func(s string) bool { return strings.HasPrefix(v, s) }) ||
			anyOf(f.EndsWith, func(s string) bool { return strings.HasSuffix(v, s) })) {
			return false
		}
	}
	if !known {
		return true
	}
	return !anyOf(f.NotEquals, func(s string) bool { return v == s }) &&
		!anyOf(f.NotStartsWith, func(s string) bool { return strings.HasPrefix(v, s) }) &&
		!anyOf(f.NotEndsWith, func(s string) bool { return strings.HasSuffix(v, s) })
}

func anyOf(vals []string, ok func(string) bool) bool {
	for _, v := range vals {
		if ok(v) {
			return true
		}
	}
	return false
}

// Records reports whether a list of selectors records ev (nil records all).
func recordsEvent(sels []EventSelector, ev event) bool {
	if sels == nil {
		return true
	}
	for _, s := range sels {
		all := true
		for _, f := range s.FieldSelectors {
			if !f.matches(ev) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// validateSelectors checks a strategy's selectors: known fields, operators
// with values.
func validateSelectors(p string, sels []EventSelector) error {
	for i, s := range sels {
		q := fmt.Sprintf("%s[%d]", p, i)
		if len(s.FieldSelectors) == 0 {
			return fieldErr(q+".FieldSelectors", "at least one field selector", "none")
		}
		for j, f := range s.FieldSelectors {
			r := fmt.Sprintf("%s.FieldSelectors[%d]", q, j)
			if !contains(SelectorFields, f.Field) {
				return fieldErr(r+".Field", "one of "+strings.Join(SelectorFields, ", "), fmt.Sprintf("%q", f.Field))
			}
			if len(f.Equals)+len(f.StartsWith)+len(f.EndsWith)+len(f.NotEquals)+len(f.NotStartsWith)+len(f.NotEndsWith) == 0 {
				return fieldErr(r, "an operator with values (Equals, NotEquals, StartsWith...)", "none")
			}
			if err := checkValues(r, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// Selection is the share of each category's events, and of the bytes,
// that a strategy's selectors record, from the dataset's breakdown.
type Selection struct {
	Strategy string
	// Kept is the share kept per category (Categories).
	Kept  map[string]float64
	Bytes float64
	// Resolved is false when the dataset has no breakdown: only
	// eventCategory and readOnly conditions could be applied.
	Resolved bool
}

// volumeTable is what selectors are applied to: the breakdown's entries
// (per event name where it has them) summed per distinct event, or,
// without a breakdown, the usage rows' categories with no source. Selectors
// see nothing of an entry but its event, and sums of whole numbers below
// 2^53 are exact, so a selection on the table is the selection on the
// entries, to the last bit; the table is a few hundred events where the
// breakdown is tens of thousands of entries.
type volumeTable struct {
	evs           []event
	events, bytes []int64
	resolved      bool
}

// volumeEntries makes the dataset's volume table.
func volumeEntries(d *Dataset) *volumeTable {
	t := &volumeTable{}
	index := map[event]int{}
	add := func(ev event, n, b int64) {
		i, ok := index[ev]
		if !ok {
			i = len(t.evs)
			index[ev] = i
			t.evs, t.events, t.bytes = append(t.evs, ev), append(t.events, 0), append(t.bytes, 0)
		}
		t.events[i] += n
		t.bytes[i] += b
	}
	if len(d.Breakdown) == 0 {
		totals := map[string]int64{}
		var allBytes, allEvents int64
		for u := range d.Rows() {
			for i, n := range u.categoryEvents() {
				totals[Categories[i]] += n
				allEvents += n
			}
			allBytes += u.EventBytes
		}
		for _, c := range Categories {
			b := int64(0)
			if allEvents > 0 {
				b = int64(float64(allBytes) * float64(totals[c]) / float64(allEvents))
			}
			add(eventOf(c, "", "", ""), totals[c], b)
		}
		return t
	}
	t.resolved = true
	for _, b := range d.Breakdown {
		for _, s := range b.Sources {
			if len(s.EventNames) == 0 {
				add(eventOf(s.Category, s.EventSource, "", s.ResourceType), s.Events, s.Bytes)
				continue
			}
			for _, n := range s.EventNames {
				add(eventOf(s.Category, s.EventSource, n.EventName, s.ResourceType), n.Events, n.Bytes)
			}
		}
	}
	return t
}

// eventOf is a breakdown entry as selectors see it; OtherSource is no value.
func eventOf(category, source, name, resourceType string) event {
	ev := event{category: apiCategory[category], source: source, name: name, resourceType: resourceType}
	switch category {
	case CategoryManagementRead:
		ev.readOnly = "true"
	case CategoryManagementWrite:
		ev.readOnly = "false"
	}
	if ev.source == OtherSource {
		ev.source = ""
	}
	if ev.name == OtherSource {
		ev.name = ""
	}
	return ev
}

// Select computes what sels record of the dataset's volume. Insights
// events follow the management events kept (Insights analyzes them), and
// aggregated events the data events kept.
func Select(d *Dataset, strategy string, sels []EventSelector) Selection {
	return volumeEntries(d).selection(strategy, sels)
}

// selection is Select on the table.
func (t *volumeTable) selection(strategy string, sels []EventSelector) Selection {
	evs, events, bytes, resolved := t.evs, t.events, t.bytes, t.resolved
	kept, total := map[string]float64{}, map[string]float64{}
	var keptBytes, allBytes float64
	for i, ev := range evs {
		c := categoryOfEvent(ev)
		total[c] += float64(events[i])
		allBytes += float64(bytes[i])
		if recordsEvent(sels, ev) {
			kept[c] += float64(events[i])
			keptBytes += float64(bytes[i])
		}
	}
	share := func(k, t float64) float64 {
		if t == 0 {
			return 1
		}
		return k / t
	}
	sel := Selection{Strategy: strategy, Kept: map[string]float64{}, Bytes: share(keptBytes, allBytes), Resolved: resolved}
	for _, c := range []string{CategoryManagementRead, CategoryManagementWrite, CategoryData, CategoryNetwork} {
		sel.Kept[c] = share(kept[c], total[c])
	}
	mgmt := kept[CategoryManagementRead] + kept[CategoryManagementWrite]
	sel.Kept[CategoryInsights] = share(mgmt, total[CategoryManagementRead]+total[CategoryManagementWrite])
	sel.Kept[CategoryAggregated] = sel.Kept[CategoryData]
	if allBytes == 0 && len(sels) > 0 && mgmt+kept[CategoryData]+kept[CategoryNetwork] == 0 {
		sel.Bytes = 0
	}
	return sel
}

// categoryOfEvent is the breakdown category of a selector's event.
func categoryOfEvent(ev event) string {
	switch ev.category {
	case "Management":
		if ev.readOnly == "true" {
			return CategoryManagementRead
		}
		return CategoryManagementWrite
	case "Data":
		return CategoryData
	case "NetworkActivity":
		return CategoryNetwork
	case "Insight":
		return CategoryInsights
	}
	return CategoryAggregated
}

// apply is v as the selection records it. Log files follow the bytes only
// when nothing is recorded: CloudTrail delivers a file about every five
// minutes whatever it holds, so fewer events mostly make smaller files.
func (sel *Selection) apply(v Volume) Volume {
	out := v
	out.ManagementRead *= sel.Kept[CategoryManagementRead]
	out.ManagementWrite *= sel.Kept[CategoryManagementWrite]
	out.Data *= sel.Kept[CategoryData]
	out.Network *= sel.Kept[CategoryNetwork]
	out.Insights *= sel.Kept[CategoryInsights]
	out.EventBytes *= sel.Bytes
	out.StoredBytes *= sel.Bytes
	if sel.Bytes == 0 {
		out.LogFiles = 0
	}
	return out
}

// selected is in as the selection records it, made once per inputs: the
// volumes scaled, the paid copies of management events scaled with the
// management events kept, the stores simulated anew.
func (in *inputs) selected(sel *Selection) *inputs {
	key := sel.key()
	if s, ok := in.selections[key]; ok {
		return s
	}
	mgmt := sel.Kept[CategoryInsights] // the management events' share kept
	out := &inputs{accounts: in.accounts, days: in.days, stores: map[string][]storageMonth{}}
	for m := range in.vol {
		out.vol = append(out.vol, sel.apply(in.vol[m]))
		out.away = append(out.away, sel.apply(in.away[m]))
	}
	for fc := range nFirstCopies {
		for _, v := range in.dup[fc] {
			out.dup[fc] = append(out.dup[fc], v*mgmt)
		}
	}
	if in.selections == nil {
		in.selections = map[selectionKey]*inputs{}
	}
	in.selections[key] = out
	return out
}

// selectionKey is what of a selection the inputs follow: strategies whose
// selectors keep the same shares share their selected inputs (and the
// stores simulated on them).
type selectionKey struct {
	read, write, data, network, insights, bytes float64
}

func (sel *Selection) key() selectionKey {
	k := sel.Kept
	return selectionKey{k[CategoryManagementRead], k[CategoryManagementWrite], k[CategoryData], k[CategoryNetwork], k[CategoryInsights], sel.Bytes}
}

// note says what the selection records, for the strategy's notes.
func (sel *Selection) note() string {
	pct := func(c string) string { return fmt.Sprintf("%.1f%%", 100*sel.Kept[c]) }
	n := fmt.Sprintf("Event selectors (event_selectors): priced on %s of management read, %s of management write, %s of data and %s of network events, %.1f%% of the bytes.",
		pct(CategoryManagementRead), pct(CategoryManagementWrite), pct(CategoryData), pct(CategoryNetwork), 100*sel.Bytes)
	if !sel.Resolved {
		n += " The dataset has no breakdown by event source: only eventCategory and readOnly conditions apply; the others are taken as matching no value."
	}
	return n
}

// selectorValues are the values CloudTrail writes in the fields whose
// values are few: a misspelt one would match nothing, silently.
var selectorValues = map[string][]string{
	"eventCategory": {"Management", "Data", "NetworkActivity", "Insight", "Aggregated"},
	"readOnly":      {"true", "false"},
}

func checkValues(p string, f FieldSelector) error {
	known, ok := selectorValues[f.Field]
	if !ok {
		return nil
	}
	for _, vals := range [][]string{f.Equals, f.NotEquals} {
		for _, v := range vals {
			if !contains(known, v) {
				return fieldErr(p+".Field "+f.Field, "one of "+strings.Join(known, ", "), fmt.Sprintf("%q", v))
			}
		}
	}
	return nil
}
