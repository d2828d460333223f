package input

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/model"
)

const criteriaFields = "member_access, governance, operational_burden, leak_risk, query, one_schema, retention_flexibility, who_pays"

func TestParseCriteriaErrors(t *testing.T) {
	tests := []struct {
		name, file, doc, want string
	}{
		{"unknown criterion", "c.yaml", "strategies:\n  org-trail:\n    cost: {score: 5, reason: cheap}\n",
			"c.yaml: strategies.org-trail.cost: unknown field (expected one of: " + criteriaFields + ")"},
		{"unknown strategy", "c.yaml", "strategies:\n  org-trial:\n    query: {score: 3, reason: x}\n",
			`c.yaml: strategies.org-trial: expected a strategy id (org-trail, org-trail/per-account-policy, org-trail/policy-variable, org-trail/lake-formation, trails-replication, trails-lake, trails-lake/exit-to-cloudwatch, cloudwatch-logs, cloudwatch-logs/infrequent-access, cloudwatch-logs/trail-delivery, security-lake), got "org-trial"`},
		{"score too high", "c.json", `{"strategies":{"security-lake":{"query":{"score":6,"reason":"x"}}}}`,
			"c.json: strategies.security-lake.query.score: expected a whole number from 1 (worst) to 5 (best), got 6"},
		{"score a fraction", "c.yaml", "strategies:\n  org-trail:\n    query: {score: 2.5, reason: x}\n",
			"c.yaml: strategies.org-trail.query.score: expected an integer, got 2.5"},
		{"score missing", "c.yaml", "strategies:\n  org-trail:\n    query: {reason: x}\n",
			"c.yaml: strategies.org-trail.query.score: expected a whole number from 1 (worst) to 5 (best), got nothing"},
		{"reason missing", "c.yaml", "strategies:\n  org-trail:\n    query: {score: 3}\n",
			"c.yaml: strategies.org-trail.query.reason: expected a one-line reason tracing the score to its source, got nothing"},
		{"unknown key in a score", "c.yaml", "strategies:\n  org-trail:\n    query: {score: 3, reason: x, weight: 2}\n",
			"c.yaml: strategies.org-trail.query.weight: unknown field (expected one of: score, reason)"},
		{"unknown top-level key", "c.yaml", "weights: {cost: 1}\n",
			"c.yaml: weights: unknown field (expected one of: schema, strategies)"},
		{"wrong schema", "c.yaml", "schema: trailwise.scenario/v1\n",
			`c.yaml: schema: expected "trailwise.criteria/v1" or nothing, got "trailwise.scenario/v1"`},
		{"syntax", "c.json", "{\"strategies\": {\n", "c.json: line 1, column 17: invalid JSON: unexpected end of input"},
		{"empty", "c.yaml", "  \n", "c.yaml: empty file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCriteria(tc.file, []byte(tc.doc))
			if err == nil {
				t.Fatalf("accepted %q", tc.doc)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("more than one line: %q", err)
			}
		})
	}
}

func TestParseCriteriaOverridesTheDefaults(t *testing.T) {
	doc := `# our view: subscribers are set up already
schema: trailwise.criteria/v1
strategies:
  security-lake:
    member_access: {score: 4, reason: "our subscribers exist already"}
  org-trail:
    query: null   # keep the default
`
	set, err := ParseCriteria("ours.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := set.Score(model.SecurityLake, model.CriterionMemberAccess); s.Score != 4 || s.Reason != "our subscribers exist already" {
		t.Errorf("override: %+v", s)
	}
	def := model.DefaultCriteria()
	for _, id := range model.StrategyIDs() {
		for _, c := range model.ScoredCriterionIDs() {
			if id == model.SecurityLake && c == model.CriterionMemberAccess {
				continue
			}
			a, _ := set.Score(id, c)
			b, _ := def.Score(id, c)
			if a != b {
				t.Errorf("%s %s changed: %+v", id, c, a)
			}
		}
	}
	if set.Source != "ours.yaml" {
		t.Errorf("source %q", set.Source)
	}
}

// TestEmbeddedCriteriaPassTheStrictLoader: the embedded file, copied out as
// a template, loads back unchanged.
func TestEmbeddedCriteriaPassTheStrictLoader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "criteria.json")
	if err := os.WriteFile(path, model.DefaultCriteriaJSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := ReadCriteria(path)
	if err != nil {
		t.Fatal(err)
	}
	def := model.DefaultCriteria()
	for id, s := range def.Strategies {
		got := set.Strategies[id]
		if got.WhoPays != s.WhoPays || len(got.Scores) != len(s.Scores) {
			t.Fatalf("%s differs", id)
		}
		for i := range s.Scores {
			if got.Scores[i] != s.Scores[i] {
				t.Errorf("%s %d differs", id, i)
			}
		}
	}
	if _, err := ReadCriteria(filepath.Join(t.TempDir(), "none.json")); err == nil || !strings.Contains(err.Error(), "none.json: cannot read") {
		t.Errorf("missing file: %v", err)
	}
}

func TestParseJudgments(t *testing.T) {
	doc := "# cost matters twice as much as member access, four times governance\njudgments:\n  cost: {member_access: 2, governance: 4}\n  governance: {member_access: 0.5}\n"
	res, err := ParseJudgments("j.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Weights.Of(model.CriterionCost); w < 0.5714 || w > 0.5715 || res.ConsistencyRatio != 0 {
		t.Errorf("cost weight %v, CR %v", w, res.ConsistencyRatio)
	}
	bad := map[string]string{
		"judgments:\n  cost: {query: nine}\n":                    `j.yaml: judgments.cost.query: expected a number or a fraction like 1/3, got "nine"`,
		"judgments:\n  cost: {query: 10}\n":                      "j.yaml: judgments.cost.query: expected how many times more it matters, from 1/9 (0.111) to 9, got 10",
		"judgments:\n  cost: {query: 0.11}\n":                    "j.yaml: judgments.cost.query: expected how many times more it matters, from 1/9 (0.111) to 9, got 0.11",
		"judgments:\n  cost: {query: 1/0}\n":                     "j.yaml: judgments.cost.query: expected a fraction with a denominator above zero, got \"1/0\"",
		"judgments:\n  price: {query: 2}\n":                      `j.yaml: judgments.price: expected a criterion (cost, `,
		"judgment:\n  cost: {query: 2}\n":                        "j.yaml: judgment: unknown field (expected one of: schema, judgments)",
		"judgments:\n  cost: {query: 2, governance: 3}\n":        "j.yaml: judgments: expected every pair of the criteria named judged once; governance against query is missing",
		"schema: trailwise.criteria/v1\njudgments: {}\n":         `j.yaml: schema: expected "trailwise.judgments/v1" or nothing`,
		"judgments:\n  cost: {query: 2}\n  query: {cost: 0.5}\n": "j.yaml: judgments.query.cost: expected each pair judged once, got the pair judged both ways",
	}
	for doc, want := range bad {
		if _, err := ParseJudgments("j.yaml", []byte(doc)); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q:\ngot  %v\nwant %s", doc, err, want)
		}
	}
}

// Reciprocals may be written as fractions (1/3) or with three decimals
// (0.333, 0.111): both read exactly as the fraction, so a consistent set of
// judgments stays perfectly consistent.
func TestParseJudgmentsReciprocals(t *testing.T) {
	// cost 3× query, query 3× governance, so cost 9× governance: consistent
	want, err := ParseJudgments("j.yaml", []byte("judgments:\n  cost: {query: 3, governance: 9}\n  governance: {query: 0.3333333333333333}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{
		"judgments:\n  cost: {query: 3, governance: 9}\n  governance: {query: 1/3}\n",
		"judgments:\n  cost: {query: 3, governance: 9}\n  governance: {query: \"1 / 3\"}\n",
		"judgments:\n  cost: {query: 3, governance: 9}\n  governance: {query: 0.333}\n",
		"judgments:\n  cost: {query: 3}\n  governance: {query: 0.333, cost: 0.111}\n",
		`{"judgments": {"cost": {"query": 3, "governance": 9}, "governance": {"query": "1/3"}}}`,
	} {
		got, err := ParseJudgments("j.yaml", []byte(doc))
		if err != nil {
			t.Errorf("%q: %v", doc, err)
			continue
		}
		if got.ConsistencyRatio > 1e-9 || math.Abs(got.Weights.Of(model.CriterionCost)-want.Weights.Of(model.CriterionCost)) > 1e-12 {
			t.Errorf("%q: CR %v, cost weight %v, want 0 and %v", doc, got.ConsistencyRatio, got.Weights.Of(model.CriterionCost), want.Weights.Of(model.CriterionCost))
		}
	}
	// 9/13 of cost: 1, 1/3 and 1/9 of it normalized
	if w := want.Weights.Of(model.CriterionCost); math.Abs(w-9.0/13) > 1e-9 {
		t.Errorf("cost weight %v, want 9/13", w)
	}
}
