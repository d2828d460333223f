package model

import (
	"strings"
	"testing"
)

func TestPresets(t *testing.T) {
	if Presets[0].Name != DefaultPreset {
		t.Errorf("the first preset is %s, not the default", Presets[0].Name)
	}
	for _, p := range Presets {
		sum := 0.0
		for id, v := range p.Weights {
			if criterionIndex(id) < 0 {
				t.Errorf("%s: unknown criterion %s", p.Name, id)
			}
			sum += v
		}
		if !within(sum, 1, 1e-12) {
			t.Errorf("%s sums to %v", p.Name, sum)
		}
		w, err := PresetWeights(p.Name)
		if err != nil || len(w) != len(Criteria) {
			t.Errorf("%s: %v %v", p.Name, w, err)
		}
	}
	w, _ := PresetWeights("cost-first")
	if w.Of(CriterionCost) != 0.5 {
		t.Errorf("cost-first weighs cost %v", w.Of(CriterionCost))
	}
	w, _ = PresetWeights("member-self-service")
	for _, id := range CriterionIDs() {
		if id != CriterionMemberAccess && w.Of(id) >= w.Of(CriterionMemberAccess) {
			t.Errorf("member-self-service weighs %s at least as much as member access", id)
		}
	}
	if _, err := PresetWeights("cheap"); err == nil || !strings.Contains(err.Error(), "balanced, cost-first, member-self-service, security-operations") {
		t.Errorf("unknown preset: %v", err)
	}
}

func TestParseWeights(t *testing.T) {
	w, err := ParseWeights("cost=0.4, member_access=0.2,query=0.2", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !within(w.Of(CriterionCost), 0.5, 1e-12) || !within(w.Of(CriterionMemberAccess), 0.25, 1e-12) || w.Of(CriterionGovernance) != 0 {
		t.Errorf("not normalized: %v", w)
	}
	// On top of a preset, named weights replace the preset's.
	base, _ := PresetWeights("balanced")
	w, err = ParseWeights("cost=0.875", base)
	if err != nil {
		t.Fatal(err)
	}
	if !within(w.Of(CriterionCost), 0.5, 1e-12) || !within(w.Of(CriterionQuery), 0.125/1.75, 1e-12) {
		t.Errorf("over balanced: %v", w)
	}
	bad := map[string]string{
		"costs=1":                `unknown criterion "costs" (expected one of: cost, member_access, governance, operational_burden, leak_risk, query, one_schema, retention_flexibility)`,
		"cost=-0.1":              "cost: expected a number from 0 to 1e+06, got -0.1",
		"cost=1e308,query=1e308": "cost: expected a number from 0 to 1e+06, got 1e308",
		"cost=lots":              `cost: expected a number of zero or more, got "lots"`,
		"cost=NaN":               `cost: expected a number of zero or more, got "NaN"`,
		"cost":                   `expected name=value, got "cost"`,
		"cost=1,cost=2":          "cost is given twice",
		"cost=0,query=0":         "at least one weight must be above zero",
		"":                       "expected name=value pairs",
		"query=1,governance=":    `governance: expected a number of zero or more, got ""`,
	}
	for spec, want := range bad {
		if _, err := ParseWeights(spec, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want %q", spec, err, want)
		}
	}
	// weights whose sum overflows are refused as such, not as all zero
	if _, err := (Weights{1e308, 1e308, 0, 0, 0, 0, 0, 0}).Normalized(); err == nil || !strings.Contains(err.Error(), "add up beyond") {
		t.Errorf("overflowing sum: %v", err)
	}
}

func TestWeightsString(t *testing.T) {
	w, _ := PresetWeights("cost-first")
	back, err := ParseWeights(w.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range w {
		if !within(w[i], back[i], 1e-15) {
			t.Errorf("%s: %v became %v", Criteria[i].ID, w[i], back[i])
		}
	}
}
