package model

import (
	"slices"
	"testing"

	"github.com/trailwise/trailwise/pricing"
)

// The families as the help, the reports and the terminal interface have
// always listed them, with the labels the interface's columns use.
func TestFamiliesInDisplayOrder(t *testing.T) {
	var ids []string
	for _, f := range Families() {
		ids = append(ids, f.ID)
		if f.Strategy.Family != f.ID || f.Name == "" || f.Summary == "" || f.Help == "" || f.Short == "" {
			t.Errorf("%s: incomplete: %+v", f.ID, f)
		}
	}
	want := []string{OrgTrail, TrailsReplication, TrailsLake, CloudWatchLogs, SecurityLake}
	if !slices.Equal(ids, want) {
		t.Errorf("families %v, want %v", ids, want)
	}
	if want := []string{SecurityLake, CloudWatchLogs, TrailsLake}; !slices.Equal(TrialStrategies, want) {
		t.Errorf("trial strategies %v, want %v", TrialStrategies, want)
	}
	if got := untrialled(); got != "org-trail and trails-replication" {
		t.Errorf("untrialled: %q", got)
	}
}

func TestShortLabels(t *testing.T) {
	for id, want := range map[string]string{
		"org-trail": "org-trail", "org-trail/per-account-policy": "org/acct-pol", "org-trail/policy-variable": "org/pol-var",
		"org-trail/lake-formation": "org/lf", "trails-replication": "replication", "trails-lake": "lake",
		"cloudwatch-logs": "cw-logs", "security-lake": "sec-lake", "something-else": "something-else",
	} {
		if got := ShortLabel(id); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}

// Every family can be priced: it has a recipe, a first copy and queries;
// a trialled one measures at least one metric whose component its trial
// adds, at a rate the book has.
func TestEveryFamilyIsComplete(t *testing.T) {
	book, err := pricing.ForRegion("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	s := DefaultScenario()
	for _, f := range families {
		if f.recipe == nil || f.firstCopy == nil || f.queries == nil {
			t.Errorf("%s: no recipe, first copy or queries", f.ID)
		}
		if f.trial == nil {
			continue
		}
		for _, v := range append([]string{""}, f.trial.variants...) {
			metrics := f.trial.metrics(&s, v)
			if len(metrics) == 0 {
				t.Errorf("%s %s: a trial with no metric", f.ID, v)
			}
			for _, m := range metrics {
				if !f.trial.component(m.Component) {
					t.Errorf("%s %s: metric %s is not a component the trial adds", f.ID, v, m.Component)
				}
				if _, err := book.Rate(trialRate(f.ID, m.Component, &s)); err != nil {
					t.Errorf("%s %s: %v", f.ID, v, err)
				}
			}
		}
	}
}
