package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

// rankDoc runs rank --format json and decodes the report.
func rankDoc(t *testing.T, dir string, args ...string) *report.Document {
	t.Helper()
	out, stderr, code := trailwise(t, dir, append([]string{"rank", "--format", "json", "--generated-at", fixedTime}, args...)...)
	if code != 0 {
		t.Fatalf("rank %v: exit %d: %s", args, code, stderr)
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("rank %v: the JSON does not read back: %v", args, err)
	}
	if doc.Ranking == nil {
		t.Fatalf("rank %v: no ranking section", args)
	}
	return &doc
}

func TestRankTableFitsAndListsUnavailableLast(t *testing.T) {
	for _, sample := range []string{"small", "enterprise"} {
		out, stderr, code := trailwise(t, ".", "rank", "--sample", sample)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", sample, code, stderr)
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		for i, line := range lines {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%s: line %d is %d columns: %q", sample, i+1, n, line)
			}
		}
		for _, want := range []string{"RANK", "STRATEGY", "SCORE", "FIRST YEAR USD", "   1 ", "█", "stays first", "Weights: cost 0.125"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: table lacks %q", sample, want)
			}
		}
		// Unavailable ones come after every ranked row, with their reason.
		last := strings.LastIndex(out, "\n   7 ")
		gone := strings.Index(out, "not ranked")
		if last < 0 || gone < last || !strings.Contains(out[gone:], "unavailable: ") {
			t.Errorf("%s: unavailable strategies are not listed last with a reason:\n%s", sample, out)
		}
	}
}

func TestRankJSONJoinsTheReport(t *testing.T) {
	doc := rankDoc(t, ".", "--sample", "small")
	r := doc.Ranking
	if doc.Schema != report.Schema || len(doc.Strategies) != len(model.StrategyIDs()) {
		t.Errorf("not the whole report: schema %q, %d strategies", doc.Schema, len(doc.Strategies))
	}
	if r.Method != model.MethodWeightedSum || r.Preset != "balanced" || r.ScoresSource != "embedded" || len(r.Weights) != len(model.Criteria) {
		t.Errorf("ranking header: %+v", r)
	}
	if len(r.Ranked)+len(r.Unavailable) != len(doc.Strategies) || len(r.Unavailable) != 2 || r.Unavailable[0].Strategy != model.TrailsLake {
		t.Fatalf("%d ranked, unavailable %+v", len(r.Ranked), r.Unavailable)
	}
	// Cost is the engine's first-year total, not a typed-in score.
	for _, rs := range r.Ranked {
		for _, s := range doc.Strategies {
			if s.ID == rs.Strategy && (s.Totals.FirstYear != rs.FirstYear || !s.Available) {
				t.Errorf("%s: ranked at %s, the report says %s (available %v)", s.ID, rs.FirstYear, s.Totals.FirstYear, s.Available)
			}
		}
		if len(rs.Criteria) != len(model.Criteria) || rs.Criteria[0].Criterion != model.CriterionCost || rs.Criteria[1].Reason == "" {
			t.Errorf("%s: criteria %+v", rs.Strategy, rs.Criteria)
		}
	}
	if len(r.Sensitivity) != len(model.Criteria) || !strings.HasPrefix(r.Sensitivity[0].Sentence, r.Ranked[0].Strategy+" ") {
		t.Errorf("sensitivity: %+v", r.Sensitivity)
	}
	// Money stays a decimal string; weights are plain numbers.
	out, _, _ := trailwise(t, ".", "rank", "--format", "json", "--generated-at", fixedTime)
	if !strings.Contains(out, `"weight": 0.1250`) || !strings.Contains(out, `"first_year": "`) {
		t.Error("weights or money are not written as expected")
	}
}

// TestEstimateJSONHasNoRanking: the golden estimate must not grow a ranking.
func TestEstimateJSONHasNoRanking(t *testing.T) {
	out, _, code := trailwise(t, ".", "estimate", "--format", "json", "--months", "1")
	if code != 0 || strings.Contains(out, `"ranking"`) {
		t.Errorf("exit %d; the estimate has a ranking section", code)
	}
}

func TestRankPresetsAndMethodsChangeTheOrder(t *testing.T) {
	winners := map[string]string{}
	for _, p := range model.PresetNames() {
		doc := rankDoc(t, ".", "--sample", "enterprise", "--preset", p)
		winners[p] = doc.Ranking.Ranked[0].Strategy
	}
	if winners["cost-first"] == winners["security-operations"] {
		t.Errorf("cost-first and security-operations pick the same winner: %v", winners)
	}
	// All the weight on cost: the cheapest available strategy wins.
	doc := rankDoc(t, ".", "--sample", "enterprise", "--weight", "cost=1", "--method", "topsis")
	cheapest := ""
	var least report.Money = -1
	for _, s := range doc.Strategies {
		if s.Available && (least < 0 || s.Totals.FirstYear < least) {
			cheapest, least = s.ID, s.Totals.FirstYear
		}
	}
	if got := doc.Ranking.Ranked[0].Strategy; got != cheapest || doc.Ranking.Method != "topsis" || doc.Ranking.Preset != "" {
		t.Errorf("cost=1: winner %s, want the cheapest %s (method %s, preset %q)", got, cheapest, doc.Ranking.Method, doc.Ranking.Preset)
	}
	// Only one schema matters: Security Lake is the only one with OCSF.
	doc = rankDoc(t, ".", "--weight", "one_schema=1,cost=0.01")
	if got := doc.Ranking.Ranked[0].Strategy; got != model.SecurityLake {
		t.Errorf("one_schema: winner %s", got)
	}
	// --weight over --preset replaces the named weights only.
	doc = rankDoc(t, ".", "--preset", "balanced", "--weight", "cost=0.875")
	if w := doc.Ranking.Weights[0]; w.Criterion != "cost" || w.Weight != 0.5 || !strings.HasPrefix(doc.Ranking.Preset, "balanced") {
		t.Errorf("preset + weight: %+v %q", w, doc.Ranking.Preset)
	}
}

func TestRankMarkdown(t *testing.T) {
	out, stderr, code := trailwise(t, ".", "rank", "--format", "markdown", "--sample", "enterprise")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"# CloudTrail management: decision record", "## Ranking", "Not ranked (unavailable)", "## Weights", "## If a weight moves", "## Why: each score and its reason", "| `member_access` |", "Source: "} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestRankCriteriaFile(t *testing.T) {
	// Make trails-replication best at everything: with cost weighing little,
	// it must win.
	var b strings.Builder
	b.WriteString("strategies:\n  trails-replication:\n")
	for _, c := range model.ScoredCriterionIDs() {
		b.WriteString("    " + c + ": {score: 5, reason: \"our own platform handles it\"}\n")
	}
	dir := writeFile(t, "ours.yaml", b.String())
	doc := rankDoc(t, dir, "--criteria", "ours.yaml", "--weight", "cost=0.01,governance=1,member_access=1,operational_burden=1")
	if doc.Ranking.Ranked[0].Strategy != model.TrailsReplication || doc.Ranking.ScoresSource != "ours.yaml" {
		t.Errorf("winner %s, source %s", doc.Ranking.Ranked[0].Strategy, doc.Ranking.ScoresSource)
	}
	// --print-criteria writes a file --criteria reads back.
	out, _, code := trailwise(t, dir, "rank", "--print-criteria")
	if code != 0 || !strings.HasPrefix(out, "{") {
		t.Fatalf("print-criteria: exit %d", code)
	}
	if err := os.WriteFile(filepath.Join(dir, "all.json"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := trailwise(t, dir, "rank", "--criteria", "all.json"); code != 0 {
		t.Errorf("the printed criteria do not load: %s", stderr)
	}
}

func TestRankBadInputsFailCleanly(t *testing.T) {
	cases := []struct {
		name, file, text string
		args             []string
		code             int
		want             string
	}{
		{"unknown criterion", "x", "", []string{"--weight", "price=1"}, 2,
			`--weight: unknown criterion "price" (expected one of: cost, member_access, governance, operational_burden, leak_risk, query, one_schema, retention_flexibility)`},
		{"negative weight", "x", "", []string{"--weight", "cost=-1"}, 2, "--weight: cost: expected a number from 0 to 1e+06, got -1"},
		{"all zero", "x", "", []string{"--weight", "cost=0"}, 2, "--weight: at least one weight must be above zero"},
		{"unknown preset", "x", "", []string{"--preset", "cheap"}, 2, `--preset: unknown preset "cheap" (expected one of: balanced, cost-first, member-self-service, security-operations)`},
		{"unknown method", "x", "", []string{"--method", "ahp"}, 2, `--method: expected one of weighted-sum, topsis, got "ahp"`},
		{"csv is not a ranking format", "x", "", []string{"--format", "csv"}, 2, `--format: expected one of table, json, markdown, focus, html, got "csv"`},
		{"criteria unknown field", "c.yaml", "strategies:\n  org-trail:\n    price: {score: 1, reason: x}\n", []string{"--criteria", "c.yaml"}, 1,
			"c.yaml: strategies.org-trail.price: unknown field"},
		{"criteria score out of range", "c.json", `{"strategies":{"security-lake":{"query":{"score":9,"reason":"x"}}}}`, []string{"--criteria", "c.json"}, 1,
			"c.json: strategies.security-lake.query.score: expected a whole number from 1 (worst) to 5 (best), got 9"},
		{"criteria missing", "x", "", []string{"--criteria", "nope.yaml"}, 1, "nope.yaml: cannot read"},
		{"bad scenario", "s.yaml", "horizon: 3\n", []string{"--scenario", "s.yaml"}, 1, "s.yaml: horizon"},
		{"bad months", "x", "", []string{"--months", "0"}, 2, "--months"},
		{"unknown flag", "x", "", []string{"--weights", "cost=1"}, 2, "unknown flag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFile(t, tc.file, tc.text)
			out, stderr, code := trailwise(t, dir, append([]string{"rank"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if out != "" {
				t.Errorf("wrote to stdout on failure: %q", out)
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "trailwise: ") || !strings.Contains(lines[0], tc.want) {
				t.Errorf("stderr %q, want one line containing %q", stderr, tc.want)
			}
		})
	}
}

func TestRankAHP(t *testing.T) {
	// Consistent: cost = 2 × member access = 4 × governance.
	dir := writeFile(t, "j.yaml", "judgments:\n  cost: {member_access: 2, governance: 4}\n  member_access: {governance: 2}\n")
	doc := rankDoc(t, dir, "--ahp", "j.yaml")
	a := doc.Ranking.AHP
	if a == nil || a.File != "j.yaml" || a.Criteria != 3 || a.ConsistencyRatio != 0 || !a.Consistent || a.RandomIndex != 0.58 {
		t.Fatalf("ahp section %+v", a)
	}
	// The table gives the ratio even when it is well under the limit.
	if out, _, _ := trailwise(t, dir, "rank", "--ahp", "j.yaml"); !strings.Contains(out, "Pairwise judgments: consistency ratio 0.000 (0.1 or less: consistent).") {
		t.Errorf("the table lacks the consistency ratio:\n%s", out)
	}
	if w := doc.Ranking.Weights; w[0].Weight < 0.5714 || w[0].Weight > 0.5715 || doc.Ranking.Preset != "" || len(doc.Ranking.Warnings) != 0 {
		t.Errorf("weights %+v, preset %q, warnings %v", w, doc.Ranking.Preset, doc.Ranking.Warnings)
	}
	// Inconsistent: cost > query > governance > cost. The matrix is
	// circulant, so λmax is a row's sum, 1 + 5 + 1/5 = 6.2; CI = (6.2 − 3)/2
	// = 1.6; CR = 1.6 / 0.58 = 2.759.
	dir = writeFile(t, "j.yaml", "judgments:\n  cost: {query: 5}\n  query: {governance: 5}\n  governance: {cost: 5}\n")
	out, stderr, code := trailwise(t, dir, "rank", "--ahp", "j.yaml")
	if code != 0 || !strings.Contains(out, "warning: the pairwise judgments are inconsistent: consistency ratio") ||
		!regexp.MustCompile(`Pairwise judgments: consistency ratio 2\.759 \(above 0\.1: revise them\)`).MatchString(out) ||
		!strings.HasPrefix(stderr, "trailwise: warning: the pairwise judgments are inconsistent") {
		t.Errorf("exit %d, stderr %q\n%s", code, stderr, out)
	}
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("line of %d columns: %q", len([]rune(line)), line)
		}
	}
	out, _, _ = trailwise(t, dir, "rank", "--ahp", "j.yaml", "--format", "markdown")
	if !strings.Contains(out, "consistency ratio") || !strings.Contains(out, "above 0.1: revise the judgments") {
		t.Errorf("markdown lacks the consistency ratio:\n%s", out)
	}
	// Errors.
	_, stderr, code = trailwise(t, dir, "rank", "--ahp", "j.yaml", "--weight", "cost=1")
	if code != 2 || !strings.Contains(stderr, "--ahp gives the weights") {
		t.Errorf("--ahp with --weight: exit %d, %q", code, stderr)
	}
	dir = writeFile(t, "j.yaml", "judgments:\n  cost: {query: 11}\n")
	_, stderr, code = trailwise(t, dir, "rank", "--ahp", "j.yaml")
	if code != 1 || stderr != "trailwise: j.yaml: judgments.cost.query: expected how many times more it matters, from 1/9 (0.111) to 9, got 11\n" {
		t.Errorf("bad judgment: exit %d, %q", code, stderr)
	}
}
