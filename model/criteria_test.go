package model

import (
	"strings"
	"testing"
)

func TestDefaultCriteriaScoreEveryStrategyWithAReason(t *testing.T) {
	set := DefaultCriteria()
	if set.Source != "embedded" {
		t.Errorf("source %q", set.Source)
	}
	for _, id := range StrategyIDs() {
		s, ok := set.Strategies[id]
		if !ok {
			t.Fatalf("%s has no scores", id)
		}
		if s.WhoPays == "" {
			t.Errorf("%s: who pays is empty", id)
		}
		for i, crit := range ScoredCriterionIDs() {
			sc := s.Scores[i]
			if sc.Score < MinScore || sc.Score > MaxScore {
				t.Errorf("%s %s: score %d", id, crit, sc.Score)
			}
			// Every reason says what it rests on: the source, or that the
			// source does not cover it.
			if !strings.HasPrefix(sc.Reason, "Source") && !strings.HasPrefix(sc.Reason, "Not ") {
				t.Errorf("%s %s: reason does not say what it rests on: %q", id, crit, sc.Reason)
			}
		}
	}
	if len(set.Strategies) != len(StrategyIDs()) {
		t.Errorf("%d strategies scored, want %d", len(set.Strategies), len(StrategyIDs()))
	}
}

// TestVariantsScoreAsTheSourceSays pins the differences the source material
// draws between the organization-trail member-access variants, and between
// the strategies in its criteria table.
func TestVariantsScoreAsTheSourceSays(t *testing.T) {
	set := DefaultCriteria()
	score := func(id, crit string) int {
		s, ok := set.Score(id, crit)
		if !ok {
			t.Fatalf("no %s score for %s", crit, id)
		}
		return s.Score
	}
	reason := func(id, crit string) string { s, _ := set.Score(id, crit); return s.Reason }
	per, pv, lf := OrgTrail+"/"+AccessPerAccountPolicy, OrgTrail+"/"+AccessPolicyVariable, OrgTrail+"/"+AccessLakeFormation
	checks := []struct {
		what string
		ok   bool
	}{
		{"per-account-policy gives members access; the plain org trail does not",
			score(per, CriterionMemberAccess) > score(OrgTrail, CriterionMemberAccess)},
		{"per-account-policy: every new account is a bucket-policy edit",
			score(per, CriterionOperationalBurden) < score(OrgTrail, CriterionOperationalBurden) && strings.Contains(reason(per, CriterionOperationalBurden), "bucket-policy edit")},
		{"per-account-policy: a misconfiguration can leak logs",
			score(per, CriterionLeakRisk) < score(OrgTrail, CriterionLeakRisk) && strings.Contains(reason(per, CriterionLeakRisk), "leak")},
		{"policy-variable: no per-account edits",
			score(pv, CriterionOperationalBurden) > score(per, CriterionOperationalBurden) && score(pv, CriterionLeakRisk) > score(per, CriterionLeakRisk)},
		{"lake-formation: its own learning cost",
			score(lf, CriterionOperationalBurden) < score(pv, CriterionOperationalBurden) && strings.Contains(reason(lf, CriterionOperationalBurden), "learning cost")},
		{"every org-trail variant keeps the strong governance",
			score(OrgTrail, CriterionGovernance) == 5 && score(per, CriterionGovernance) == 5 && score(pv, CriterionGovernance) == 5 && score(lf, CriterionGovernance) == 5},
		{"per-account trails: members own their buckets",
			score(TrailsReplication, CriterionMemberAccess) == 5 && score(TrailsLake, CriterionMemberAccess) == 5},
		{"replication: governance must be built",
			score(TrailsReplication, CriterionGovernance) < score(OrgTrail, CriterionGovernance)},
		{"replication has the heaviest burden",
			score(TrailsReplication, CriterionOperationalBurden) == 1},
		{"Lake: built-in SQL editor and dashboards",
			score(TrailsLake, CriterionQuery) > score(OrgTrail, CriterionQuery)},
		{"only Security Lake puts other sources in one schema",
			score(SecurityLake, CriterionOneSchema) == 5 && score(TrailsLake, CriterionOneSchema) == 1 && score(OrgTrail, CriterionOneSchema) == 1},
		{"cloudwatch-logs is not in the source and says so",
			strings.HasPrefix(reason(CloudWatchLogs, CriterionQuery), "Not in the source")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Error(c.what)
		}
	}
}

func TestCriteriaFileOverrides(t *testing.T) {
	base := DefaultCriteria()
	f := &CriteriaFile{Strategies: map[string]StrategyCriteria{
		SecurityLake: {MemberAccess: &Score{Score: 4, Reason: "our subscribers are set up already"}},
	}}
	got, err := base.WithFile(f, "mine.json")
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := got.Score(SecurityLake, CriterionMemberAccess); s.Score != 4 || s.Reason != "our subscribers are set up already" {
		t.Errorf("override not applied: %+v", s)
	}
	if s, _ := got.Score(SecurityLake, CriterionOneSchema); s.Score != 5 {
		t.Errorf("a score the file does not name changed: %+v", s)
	}
	if s, _ := base.Score(SecurityLake, CriterionMemberAccess); s.Score != 2 {
		t.Errorf("the base set changed: %+v", s)
	}
	if got.Source != "mine.json" {
		t.Errorf("source %q", got.Source)
	}

	bad := []struct {
		f    CriteriaFile
		want string
	}{
		{CriteriaFile{Schema: "trailwise.criteria/v2"}, `schema: expected "trailwise.criteria/v1" or nothing, got "trailwise.criteria/v2"`},
		{CriteriaFile{Strategies: map[string]StrategyCriteria{"org-trial": {}}}, `strategies.org-trial: expected a strategy id (org-trail, `},
		{CriteriaFile{Strategies: map[string]StrategyCriteria{OrgTrail: {Query: &Score{Score: 6, Reason: "x"}}}}, "strategies.org-trail.query.score: expected a whole number from 1 (worst) to 5 (best), got 6"},
		{CriteriaFile{Strategies: map[string]StrategyCriteria{OrgTrail: {Query: &Score{Score: 0, Reason: "x"}}}}, "strategies.org-trail.query.score"},
		{CriteriaFile{Strategies: map[string]StrategyCriteria{OrgTrail: {Governance: &Score{Score: 3}}}}, "strategies.org-trail.governance.reason: expected a one-line reason"},
		{CriteriaFile{Strategies: map[string]StrategyCriteria{OrgTrail: {Governance: &Score{Score: 3, Reason: "a\nb"}}}}, "strategies.org-trail.governance.reason: expected one line"},
	}
	for _, b := range bad {
		_, err := base.WithFile(&b.f, "x")
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("got %v, want %q", err, b.want)
		}
		if _, ok := err.(*FieldError); err != nil && !ok {
			t.Errorf("%v is not a *FieldError", err)
		}
	}
}

func TestDefaultCriteriaJSONIsACopy(t *testing.T) {
	b := DefaultCriteriaJSON()
	b[0] = 'x'
	if DefaultCriteriaJSON()[0] == 'x' {
		t.Error("the embedded file can be changed through its copy")
	}
}
