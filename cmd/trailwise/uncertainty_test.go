package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/report"
)

func TestEstimateSeedIsReproducible(t *testing.T) {
	args := []string{"estimate", "--sample", "small", "--format", "json", "--generated-at", fixedTime, "--draws", "300"}
	a, stderr, code := trailwise(t, ".", append(args, "--seed", "9")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _, _ := trailwise(t, ".", append(args, "--seed", "9")...)
	if a != b {
		t.Error("the same --seed gave different output")
	}
	c, _, _ := trailwise(t, ".", append(args, "--seed", "10")...)
	if a == c {
		t.Error("--seed 9 and --seed 10 gave the same output")
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(a), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Inputs.MonteCarlo.Draws != 300 || doc.Inputs.MonteCarlo.Seed != 9 {
		t.Errorf("monte_carlo %+v, want 300 draws, seed 9", doc.Inputs.MonteCarlo)
	}
	sum := 0.0
	for _, s := range doc.Strategies {
		sum += float64(s.ProbabilityCheapest)
		for _, m := range s.Months {
			if !(m.P10 <= m.P50 && m.P50 <= m.P90) {
				t.Errorf("%s %s: p10 %s, p50 %s, p90 %s", s.ID, m.Month, m.P10, m.P50, m.P90)
			}
		}
	}
	if strconv.FormatFloat(sum, 'f', 4, 64) != "1.0000" {
		t.Errorf("probability_cheapest sums to %g", sum)
	}
	if !strings.Contains(a, `"probability_cheapest": "`) || !strings.Contains(a, `"p90": "`) {
		t.Error("the JSON lacks probability_cheapest or p90 as decimal strings")
	}
}

func TestEstimateDrawsFlag(t *testing.T) {
	_, stderr, code := trailwise(t, ".", "estimate", "--draws", "-1")
	if code != 2 || !strings.Contains(stderr, "--draws") {
		t.Errorf("--draws -1: exit %d, %q; want exit 2 naming --draws", code, stderr)
	}
	out, stderr, code := trailwise(t, ".", "estimate", "--format", "json", "--draws", "0")
	if code != 0 {
		t.Fatalf("--draws 0: exit %d, %s", code, stderr)
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Strategies {
		for _, m := range s.Months {
			if m.P10 != m.Total || m.P90 != m.Total {
				t.Errorf("--draws 0: %s %s band %s..%s, want the point %s", s.ID, m.Month, m.P10, m.P90, m.Total)
			}
		}
	}
}
