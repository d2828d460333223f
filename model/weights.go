package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Weights are the criteria's weights in CriterionIDs order, summing to 1.
type Weights []float64

// Preset is a named set of weights for a kind of reader.
type Preset struct {
	Name    string
	Summary string
	Weights map[string]float64 // sum 1; criteria not named weigh 0
}

// Presets lists the weight presets, the default first.
var Presets = []Preset{
	{Name: "balanced", Summary: "every criterion weighs the same",
		Weights: map[string]float64{
			CriterionCost: 0.125, CriterionMemberAccess: 0.125, CriterionGovernance: 0.125, CriterionOperationalBurden: 0.125,
			CriterionLeakRisk: 0.125, CriterionQuery: 0.125, CriterionOneSchema: 0.125, CriterionRetentionFlexibility: 0.125,
		}},
	{Name: "cost-first", Summary: "the bill first, then central control and effort",
		Weights: map[string]float64{
			CriterionCost: 0.50, CriterionGovernance: 0.10, CriterionOperationalBurden: 0.10, CriterionLeakRisk: 0.10,
			CriterionMemberAccess: 0.05, CriterionQuery: 0.05, CriterionOneSchema: 0.05, CriterionRetentionFlexibility: 0.05,
		}},
	{Name: "member-self-service", Summary: "members reach their own logs safely, with little upkeep",
		Weights: map[string]float64{
			CriterionMemberAccess: 0.30, CriterionCost: 0.15, CriterionOperationalBurden: 0.15, CriterionLeakRisk: 0.15,
			CriterionGovernance: 0.10, CriterionQuery: 0.10, CriterionRetentionFlexibility: 0.05,
		}},
	{Name: "security-operations", Summary: "cross-account queries, one schema, a locked configuration",
		Weights: map[string]float64{
			CriterionQuery: 0.20, CriterionOneSchema: 0.20, CriterionGovernance: 0.15, CriterionLeakRisk: 0.15,
			CriterionRetentionFlexibility: 0.10, CriterionOperationalBurden: 0.10, CriterionCost: 0.05, CriterionMemberAccess: 0.05,
		}},
}

// DefaultPreset is the preset used when no weights are given.
const DefaultPreset = "balanced"

// PresetNames lists the preset names in order.
func PresetNames() []string {
	out := make([]string, len(Presets))
	for i, p := range Presets {
		out[i] = p.Name
	}
	return out
}

// PresetWeights returns the named preset's weights.
func PresetWeights(name string) (Weights, error) {
	for _, p := range Presets {
		if p.Name == name {
			w := make(Weights, len(Criteria))
			for id, v := range p.Weights {
				w[criterionIndex(id)] = v
			}
			return w.Normalized()
		}
	}
	return nil, fmt.Errorf("unknown preset %q (expected one of: %s)", name, strings.Join(PresetNames(), ", "))
}

// MaxWeight bounds one weight as written: weights are relative (they are
// scaled to sum 1), so shares, percentages or points out of a million all
// fit, and eight of them sum to a finite number whatever they are.
const MaxWeight = 1e6

// ParseWeights reads "cost=0.4,member_access=0.2,…". With base nil the
// criteria not named weigh 0; otherwise the named ones replace base's values.
// The result is normalized to sum 1. Unknown names, repeated names, negative
// or non-numeric values and an all-zero result are errors.
func ParseWeights(spec string, base Weights) (Weights, error) {
	w := make(Weights, len(Criteria))
	if base != nil {
		copy(w, base)
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		if !ok {
			return nil, fmt.Errorf("expected name=value, got %q", part)
		}
		i := criterionIndex(name)
		if i < 0 {
			return nil, fmt.Errorf("unknown criterion %q (expected one of: %s)", name, strings.Join(CriterionIDs(), ", "))
		}
		if seen[name] {
			return nil, fmt.Errorf("%s is given twice", name)
		}
		seen[name] = true
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: expected a number of zero or more, got %q", name, strings.TrimSpace(val))
		}
		if v < 0 || v > MaxWeight {
			return nil, fmt.Errorf("%s: expected a number from 0 to %g, got %s", name, MaxWeight, strings.TrimSpace(val))
		}
		w[i] = v
	}
	if len(seen) == 0 {
		return nil, fmt.Errorf("expected name=value pairs such as cost=0.4,member_access=0.2, got %q", spec)
	}
	return w.Normalized()
}

// Normalized returns the weights scaled to sum 1.
func (w Weights) Normalized() (Weights, error) {
	if len(w) != len(Criteria) {
		return nil, fmt.Errorf("expected %d weights, got %d", len(Criteria), len(w))
	}
	sum := 0.0
	for i, v := range w {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: expected a weight of zero or more, got %g", Criteria[i].ID, v)
		}
		sum += v
	}
	if math.IsInf(sum, 0) {
		return nil, fmt.Errorf("the weights add up beyond what a number holds: give each from 0 to %g", MaxWeight)
	}
	if sum <= 0 {
		return nil, fmt.Errorf("at least one weight must be above zero")
	}
	out := make(Weights, len(w))
	for i, v := range w {
		out[i] = v / sum
	}
	return out, nil
}

// Of returns the weight of a criterion.
func (w Weights) Of(criterion string) float64 {
	if i := criterionIndex(criterion); i >= 0 && i < len(w) {
		return w[i]
	}
	return 0
}

// String writes the weights as ParseWeights reads them.
func (w Weights) String() string {
	parts := make([]string, len(w))
	for i, v := range w {
		parts[i] = Criteria[i].ID + "=" + strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}
