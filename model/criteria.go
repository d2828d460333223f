package model

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Criterion ids, stable across versions: weights, criteria files and
// reports use them.
const (
	CriterionCost                 = "cost"
	CriterionMemberAccess         = "member_access"
	CriterionGovernance           = "governance"
	CriterionOperationalBurden    = "operational_burden"
	CriterionLeakRisk             = "leak_risk"
	CriterionQuery                = "query"
	CriterionOneSchema            = "one_schema"
	CriterionRetentionFlexibility = "retention_flexibility"
)

// CriterionInfo describes one ranking criterion.
type CriterionInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Meaning says what a high score means; every criterion is oriented so
	// that higher is better, except cost, which is lower-is-better money.
	Meaning string `json:"meaning"`
}

// Criteria lists the ranking criteria in display order: cost first (from
// the cost engine), then the scored ones.
var Criteria = []CriterionInfo{
	{CriterionCost, "Cost", "first-year total from the cost engine; lower is better"},
	{CriterionMemberAccess, "Member access", "members can read their own raw logs without asking anyone"},
	{CriterionGovernance, "Governance", "the configuration is held centrally: members cannot change or stop it"},
	{CriterionOperationalBurden, "Operational burden", "little work to run it: 5 is the lightest burden"},
	{CriterionLeakRisk, "Leak risk", "little room for a misconfiguration that leaks logs: 5 is the lowest risk"},
	{CriterionQuery, "Query", "querying and dashboards come ready"},
	{CriterionOneSchema, "One schema", "other security sources land beside CloudTrail in one schema"},
	{CriterionRetentionFlexibility, "Retention", "retention and storage tiers can be chosen freely"},
}

// CriterionIDs lists the criterion ids in display order.
func CriterionIDs() []string {
	ids := make([]string, len(Criteria))
	for i, c := range Criteria {
		ids[i] = c.ID
	}
	return ids
}

// ScoredCriterionIDs lists the criteria a criteria file scores: all but cost.
func ScoredCriterionIDs() []string { return CriterionIDs()[1:] }

func criterionIndex(id string) int {
	for i, c := range Criteria {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// CriteriaSchema is the criteria file's schema id.
const CriteriaSchema = "trailwise.criteria/v1"

// MinScore and MaxScore bound every qualitative score.
const (
	MinScore = 1
	MaxScore = 5
)

// CriteriaFile is a criteria file (trailwise.criteria/v1, JSON or YAML):
// per strategy id, a score from 1 (worst) to 5 (best) and a one-line reason
// for each scored criterion. Cost is never in it: it comes from the engine.
// A file given with --criteria overrides the embedded defaults for the
// strategies and criteria it names; every score it gives needs its reason.
type CriteriaFile struct {
	Schema     string                      `json:"schema,omitempty"`
	Strategies map[string]StrategyCriteria `json:"strategies"`
}

// StrategyCriteria is one strategy's scores; nil means "keep the default".
type StrategyCriteria struct {
	MemberAccess         *Score `json:"member_access,omitempty"`
	Governance           *Score `json:"governance,omitempty"`
	OperationalBurden    *Score `json:"operational_burden,omitempty"`
	LeakRisk             *Score `json:"leak_risk,omitempty"`
	Query                *Score `json:"query,omitempty"`
	OneSchema            *Score `json:"one_schema,omitempty"`
	RetentionFlexibility *Score `json:"retention_flexibility,omitempty"`
	// WhoPays is informational (the source's "who pays" row): not weighted.
	WhoPays string `json:"who_pays,omitempty"`
}

// Score is one qualitative score and the reason for it.
type Score struct {
	Score  int    `json:"score"`
	Reason string `json:"reason"`
}

// byCriterion lists the scores in ScoredCriterionIDs order.
func (s *StrategyCriteria) byCriterion() []*Score {
	return []*Score{s.MemberAccess, s.Governance, s.OperationalBurden, s.LeakRisk, s.Query, s.OneSchema, s.RetentionFlexibility}
}

// StrategyScores are one strategy's resolved scores.
type StrategyScores struct {
	Scores  []Score // in ScoredCriterionIDs order
	WhoPays string
}

// CriteriaSet is a resolved set of scores: every strategy id, every scored
// criterion.
type CriteriaSet struct {
	Source     string // "embedded", or the file that overrode some scores
	Strategies map[string]StrategyScores
}

// Score returns a strategy's score on a scored criterion.
func (c *CriteriaSet) Score(strategy, criterion string) (Score, bool) {
	s, ok := c.Strategies[strategy]
	i := criterionIndex(criterion) - 1
	if !ok || i < 0 {
		return Score{}, false
	}
	return s.Scores[i], true
}

//go:embed criteria.json
var defaultCriteriaJSON []byte

// DefaultCriteriaJSON is the embedded criteria file, a template for --criteria.
func DefaultCriteriaJSON() []byte { return append([]byte(nil), defaultCriteriaJSON...) }

// DefaultCriteria is the embedded scores, each with its reason from the
// source material.
func DefaultCriteria() *CriteriaSet {
	var f CriteriaFile
	dec := json.NewDecoder(strings.NewReader(string(defaultCriteriaJSON)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		panic("model: embedded criteria.json: " + err.Error())
	}
	set := &CriteriaSet{Source: "embedded", Strategies: map[string]StrategyScores{}}
	if err := set.apply(&f, true); err != nil {
		panic("model: embedded criteria.json: " + err.Error())
	}
	return set
}

// WithFile returns the set with the file's scores laid over it. Errors are
// *FieldError with the JSON path of the problem.
func (c *CriteriaSet) WithFile(f *CriteriaFile, source string) (*CriteriaSet, error) {
	out := &CriteriaSet{Source: source, Strategies: map[string]StrategyScores{}}
	for id, s := range c.Strategies {
		out.Strategies[id] = StrategyScores{Scores: append([]Score(nil), s.Scores...), WhoPays: s.WhoPays}
	}
	if err := out.apply(f, false); err != nil {
		return nil, err
	}
	return out, nil
}

// apply validates the file and lays it over the set; complete says every
// strategy and criterion must be present (the embedded file).
func (c *CriteriaSet) apply(f *CriteriaFile, complete bool) error {
	if f.Schema != "" && f.Schema != CriteriaSchema {
		return fieldErr("schema", fmt.Sprintf("%q or nothing", CriteriaSchema), fmt.Sprintf("%q", f.Schema))
	}
	ids := make([]string, 0, len(f.Strategies))
	for id := range f.Strategies {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !IsStrategyID(id) {
			return fieldErr("strategies"+pathKey(id), "a strategy id ("+strings.Join(StrategyIDs(), ", ")+")", fmt.Sprintf("%q", id))
		}
	}
	if complete {
		for _, id := range StrategyIDs() {
			if _, ok := f.Strategies[id]; !ok {
				return fieldErr("strategies"+pathKey(id), "scores for every strategy", "nothing")
			}
		}
	}
	scored := ScoredCriterionIDs()
	for _, id := range ids {
		sc := f.Strategies[id]
		cur, ok := c.Strategies[id]
		if !ok {
			cur = StrategyScores{Scores: make([]Score, len(scored))}
		}
		for i, s := range sc.byCriterion() {
			path := "strategies" + pathKey(id) + "." + scored[i]
			if s == nil {
				if complete {
					return fieldErr(path, "a score and a reason", "nothing")
				}
				continue
			}
			if s.Score < MinScore || s.Score > MaxScore {
				return fieldErr(path+".score", fmt.Sprintf("a whole number from %d (worst) to %d (best)", MinScore, MaxScore), fmt.Sprint(s.Score))
			}
			if strings.TrimSpace(s.Reason) == "" {
				return fieldErr(path+".reason", "a one-line reason tracing the score to its source", "nothing")
			}
			if strings.ContainsAny(s.Reason, "\r\n") {
				return fieldErr(path+".reason", "one line", "a line break")
			}
			cur.Scores[i] = *s
		}
		if sc.WhoPays != "" {
			cur.WhoPays = sc.WhoPays
		}
		c.Strategies[id] = cur
	}
	return nil
}

// pathKey is the path step to a map key; strategy ids are plain.
func pathKey(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '/') {
			return fmt.Sprintf("[%q]", k)
		}
	}
	return "." + k
}
