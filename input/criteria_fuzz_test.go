package input

import (
	"testing"

	"github.com/trailwise/trailwise/model"
)

// Whatever the bytes, the criteria and judgments loaders do not panic, fail
// with one line that starts with the file name, and what they accept is
// complete and in range.

func FuzzParseCriteria(f *testing.F) {
	addCatalogue(f, "criteria")
	f.Add(model.DefaultCriteriaJSON())
	f.Add([]byte("strategies:\n  security-lake:\n    member_access: {score: 4, reason: ours}\n"))
	f.Add([]byte("strategies:\n  org-trail:\n    query: {score: 9, reason: x}\n"))
	f.Add([]byte("strategies:\n  org-trail:\n    query: {reason: x}\n"))
	f.Add([]byte("strategies:\n  org-trail:\n    query: null\n"))
	f.Add([]byte(`{"strategies": {"org-trial": {}}}`))
	f.Add([]byte(`{"strategies": {"org-trail": {"query": {"score": 2, "reason": "a\nb"}}}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := ParseCriteria("c.yaml", data)
		if err != nil {
			assertOneLine(t, "c.yaml", err)
			return
		}
		for _, id := range model.StrategyIDs() {
			for _, c := range model.ScoredCriterionIDs() {
				s, ok := set.Score(id, c)
				if !ok || s.Score < model.MinScore || s.Score > model.MaxScore || s.Reason == "" {
					t.Fatalf("accepted %s %s = %+v", id, c, s)
				}
			}
		}
	})
}

func FuzzParseJudgments(f *testing.F) {
	addCatalogue(f, "judgments")
	f.Add([]byte("judgments:\n  cost: {member_access: 2, governance: 4}\n  member_access: {governance: 2}\n"))
	f.Add([]byte("judgments:\n  cost: {query: 5}\n  query: {governance: 5}\n  governance: {cost: 5}\n"))
	f.Add([]byte("judgments:\n  cost: {query: 0.111111}\n"))
	f.Add([]byte(`{"judgments": {"cost": {"cost": 1}}}`))
	f.Add([]byte(`{"judgments": {"cost": {"query": 1e400}}}`))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ParseJudgments("j.yaml", data)
		if err != nil {
			assertOneLine(t, "j.yaml", err)
			return
		}
		sum := 0.0
		for _, w := range res.Weights {
			if !(w >= 0) {
				t.Fatalf("weight %v", w)
			}
			sum += w
		}
		if sum < 1-1e-9 || sum > 1+1e-9 || !(res.ConsistencyRatio >= 0) {
			t.Fatalf("weights sum to %v, CR %v", sum, res.ConsistencyRatio)
		}
	})
}
