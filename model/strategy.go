package model

import (
	"slices"
	"strings"
)

// A strategy family is described completely in one file,
// strategy_<family>.go: its id, names and labels, its cost recipe over the
// shared components (components.go, queries.go, transfer.go, bucket.go),
// its availability gate, its notes, which trail gives it its free first
// copy of management events (and so which existing trails it takes over),
// its trial sizing, and what the scenario template says of its own fields.
// The file registers the family; everything else (the engine, trial
// sizing, the terminal interface, the help, the scenario template, the
// criteria's list of ids) reads the list. Adding a family is that file
// plus its price-book rates, its criteria scores and its scenario fields.

// Strategy describes one way of managing CloudTrail across the organization.
type Strategy struct {
	ID string `json:"id"`
	// Family is the base strategy; variants of org-trail share it.
	Family string `json:"family"`
	// Variant is the org-trail member-access variant, empty elsewhere.
	Variant string `json:"variant,omitempty"`
	Name    string `json:"name"`
	Summary string `json:"summary"`
	// Short is a label for a narrow column ("sec-lake").
	Short string `json:"-"`
}

// Family is what the commands and the interfaces read of a strategy
// family: its own strategy (ID equals Family), the line 'trailwise --help'
// gives it and the scenario template's text of its own fields.
type Family struct {
	Strategy
	// Help is one sentence for the strategy list of 'trailwise --help'.
	Help string
	// ScenarioFields is the annotated scenario-file text of the fields
	// only this family reads ("" for none), in the template's form.
	ScenarioFields string
}

// family is a strategy family with the hooks the engine and trial sizing
// call.
type family struct {
	Family
	order int // place in the display order, ascending
	// firstCopy is which trail records the strategy's management events
	// (leftover.go: the trails it takes over follow from it).
	firstCopy func(s *Scenario, st Strategy) firstCopy
	// variants lists the strategies of the family the scenario compares;
	// nil: the family alone.
	variants func(f *family, s *Scenario) []Strategy
	// recipe prices month m: every cost line but labour.
	recipe func(e *engine, b *bill, m int)
	// gate says why the strategy cannot be adopted, or ""; nil: always
	// available.
	gate func(e *engine, st Strategy) string
	// notes say what the figures rest on; nil: nothing to add.
	notes func(e *engine, st Strategy) []string
	// queries is what the strategy's queries scan, for the note.
	queries func(e *engine, st Strategy) queryScan
	// trial is how a trial of the strategy is sized and projected; nil:
	// it cannot be trialled.
	trial *trialSpec
}

// queryScan is one strategy's queries: the engine, what it queries, and
// the first month's bytes it scans from, in the engine's form.
type queryScan struct {
	engine queryEngine
	what   string
	month  quantityFn
}

// families is every registered family in display order.
var families []*family

// TrialStrategies are the strategies a trial can be planned for: the
// managed ones, whose cost is new ingestion the organization has not paid
// yet, in the order of their trialSpec.rank. The others cost what the
// measured volume already says.
var TrialStrategies []string

// register adds a family to the list, in display order; each family's
// file calls it from init.
func register(f *family) {
	families = append(families, f)
	slices.SortStableFunc(families, func(a, b *family) int { return a.order - b.order })
	var trialled []*family
	for _, f := range families {
		if f.trial != nil {
			trialled = append(trialled, f)
		}
	}
	slices.SortStableFunc(trialled, func(a, b *family) int { return a.trial.rank - b.trial.rank })
	TrialStrategies = TrialStrategies[:0]
	for _, f := range trialled {
		TrialStrategies = append(TrialStrategies, f.ID)
	}
}

// familyOf is the registered family with the id, or nil.
func familyOf(id string) *family {
	for _, f := range families {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// Families lists the strategy families in display order.
func Families() []Family {
	out := make([]Family, len(families))
	for i, f := range families {
		out[i] = f.Family
	}
	return out
}

// variantLabel is a variant's name (shown in brackets after the family's)
// and its label for a narrow column.
type variantLabel struct{ name, short string }

// expandVariants lists the variants of f that selected names, in the order
// of all: the first of all keeps the family's plain id, the others are
// <family>/<variant>.
func expandVariants(f *family, all, selected []string, labels map[string]variantLabel) []Strategy {
	var out []Strategy
	for _, v := range all {
		if !contains(selected, v) {
			continue
		}
		st := f.Strategy
		st.Variant = v
		if v != all[0] {
			st.ID = f.ID + "/" + v
		}
		st.Name = f.Name + " (" + labels[v].name + ")"
		st.Short = labels[v].short
		out = append(out, st)
	}
	return out
}

// Strategies lists the strategies a scenario compares: every family, with
// the families that have variants (org-trail's member access) expanded
// into those the scenario asks for.
func Strategies(s *Scenario) []Strategy {
	var out []Strategy
	for _, f := range families {
		if f.variants == nil {
			out = append(out, f.Strategy)
			continue
		}
		out = append(out, f.variants(f, s)...)
	}
	return out
}

// StrategyIDs lists every strategy id, variants included.
func StrategyIDs() []string {
	var ids []string
	for _, st := range allStrategies() {
		ids = append(ids, st.ID)
	}
	return ids
}

// allStrategies lists every strategy, every variant included.
func allStrategies() []Strategy {
	all := DefaultScenario()
	return Strategies(&all)
}

// IsStrategyID reports whether id names a strategy or an org-trail variant.
func IsStrategyID(id string) bool {
	return contains(StrategyIDs(), id)
}

// ShortLabel gives a strategy id a column-sized label; an id that names
// no strategy is its own label.
func ShortLabel(id string) string {
	for _, st := range allStrategies() {
		if st.ID == id {
			return st.Short
		}
	}
	return id
}

// untrialled lists the ids of the families that cannot be trialled, in
// words: "org-trail and trails-replication".
func untrialled() string {
	var ids []string
	for _, f := range families {
		if f.trial == nil {
			ids = append(ids, f.ID)
		}
	}
	if len(ids) < 2 {
		return strings.Join(ids, "")
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1]
}
