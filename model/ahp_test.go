package model

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestAHPSaatyHouseExample checks the consistency figures against the
// published example of T. L. Saaty, "How to make a decision: The Analytic
// Hierarchy Process", European Journal of Operational Research 48 (1990)
// 9–26: the pairwise matrix of the eight criteria of buying a house (size,
// transportation, neighborhood, age, yard space, modern facilities, general
// condition, financing), for which the paper gives λmax = 9.669,
// C.I. = 0.238 and C.R. = 0.169 (random index 1.41 for n = 8). The
// priorities are checked as what they are defined to be: the principal
// eigenvector, A·w = λmax·w, positive and summing to 1; financing first,
// age last.
func TestAHPSaatyHouseExample(t *testing.T) {
	a := mat.NewDense(8, 8, []float64{
		1, 5, 3, 7, 6, 6, 1.0 / 3, 1.0 / 4,
		1.0 / 5, 1, 1.0 / 3, 5, 3, 3, 1.0 / 5, 1.0 / 7,
		1.0 / 3, 3, 1, 6, 3, 4, 6, 1.0 / 5,
		1.0 / 7, 1.0 / 5, 1.0 / 6, 1, 1.0 / 3, 1.0 / 4, 1.0 / 7, 1.0 / 8,
		1.0 / 6, 1.0 / 3, 1.0 / 3, 3, 1, 1.0 / 2, 1.0 / 5, 1.0 / 6,
		1.0 / 6, 1.0 / 3, 1.0 / 4, 4, 2, 1, 1.0 / 5, 1.0 / 6,
		3, 5, 1.0 / 6, 7, 5, 5, 1, 1.0 / 2,
		4, 7, 5, 8, 6, 6, 2, 1,
	})
	res, err := PrincipalEigen(a)
	if err != nil {
		t.Fatal(err)
	}
	w := mat.NewVecDense(8, res.Priorities)
	var aw mat.VecDense
	aw.MulVec(a, w)
	sum := 0.0
	for i, p := range res.Priorities {
		if p <= 0 || !within(aw.AtVec(i), res.LambdaMax*p, 1e-9) {
			t.Errorf("priority %d = %v is not the principal eigenvector's (A·w = %v)", i+1, p, aw.AtVec(i))
		}
		sum += p
	}
	if !within(sum, 1, 1e-12) || mat.Max(w) != res.Priorities[7] || mat.Min(w) != res.Priorities[3] {
		t.Errorf("priorities %v", res.Priorities)
	}
	if !within(res.LambdaMax, 9.669, 0.0005) || !within(res.ConsistencyIndex, 0.238, 0.0005) ||
		!within(res.ConsistencyRatio, 0.169, 0.0005) || res.RandomIndex != 1.41 {
		t.Errorf("λmax %.4f, CI %.4f, RI %v, CR %.4f; the paper gives 9.669, 0.238, 1.41, 0.169",
			res.LambdaMax, res.ConsistencyIndex, res.RandomIndex, res.ConsistencyRatio)
	}
	if res.Consistent() || !strings.Contains(res.Warning(), "0.169 is above 0.1") {
		t.Errorf("CR 0.169 must warn: %q", res.Warning())
	}
}

// TestAHPConsistentJudgments: judgments that agree with each other exactly
// (cost = 2 × member access = 4 × governance) give those weights, λmax = n
// and a consistency ratio of 0.
func TestAHPConsistentJudgments(t *testing.T) {
	f := &JudgmentsFile{Judgments: map[string]map[string]float64{
		CriterionCost:       {CriterionMemberAccess: 2, CriterionGovernance: 4},
		CriterionGovernance: {CriterionMemberAccess: 0.5},
	}}
	res, err := JudgmentWeights(f)
	if err != nil {
		t.Fatal(err)
	}
	if !within(res.Weights.Of(CriterionCost), 4.0/7, 1e-9) || !within(res.Weights.Of(CriterionMemberAccess), 2.0/7, 1e-9) ||
		!within(res.Weights.Of(CriterionGovernance), 1.0/7, 1e-9) || res.Weights.Of(CriterionQuery) != 0 {
		t.Errorf("weights %v", res.Weights)
	}
	if !within(res.LambdaMax, 3, 1e-9) || res.ConsistencyRatio != 0 || !res.Consistent() || res.Warning() != "" {
		t.Errorf("λmax %v, CR %v", res.LambdaMax, res.ConsistencyRatio)
	}
	if strings.Join(res.Criteria, ",") != "cost,member_access,governance" || res.RandomIndex != 0.58 {
		t.Errorf("criteria %v, RI %v", res.Criteria, res.RandomIndex)
	}
	// Two criteria are always consistent.
	res, err = JudgmentWeights(&JudgmentsFile{Judgments: map[string]map[string]float64{CriterionQuery: {CriterionCost: 3}}})
	if err != nil || !within(res.Weights.Of(CriterionQuery), 0.75, 1e-9) || res.ConsistencyRatio != 0 {
		t.Errorf("two criteria: %v %+v", err, res)
	}
}

func TestAHPRandomIndexTable(t *testing.T) {
	want := []float64{0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49}
	for i := range want {
		if RandomIndex[i] != want[i] {
			t.Errorf("RI(%d) = %v, want %v", i+1, RandomIndex[i], want[i])
		}
	}
}

func TestAHPJudgmentErrors(t *testing.T) {
	cases := []struct {
		f    JudgmentsFile
		want string
	}{
		{JudgmentsFile{Judgments: map[string]map[string]float64{"price": {CriterionCost: 2}}}, `judgments.price: expected a criterion (cost, `},
		{JudgmentsFile{Judgments: map[string]map[string]float64{CriterionCost: {"speed": 2}}}, `judgments.cost.speed: expected a criterion`},
		{JudgmentsFile{Judgments: map[string]map[string]float64{CriterionCost: {CriterionCost: 1}}}, `judgments.cost.cost: expected another criterion`},
		{JudgmentsFile{Judgments: map[string]map[string]float64{CriterionCost: {CriterionQuery: 12}}}, `judgments.cost.query: expected how many times more it matters, from 1/9 (0.111) to 9, got 12`},
		{JudgmentsFile{Judgments: map[string]map[string]float64{CriterionCost: {CriterionQuery: 0}}}, `got 0`},
		{JudgmentsFile{Judgments: map[string]map[string]float64{CriterionCost: {CriterionQuery: 2}, CriterionQuery: {CriterionCost: 0.5}}}, `judgments.query.cost: expected each pair judged once, got the pair judged both ways`},
		{JudgmentsFile{Judgments: map[string]map[string]float64{}}, `judgments: expected at least one pair of criteria, got 0 criteria`},
		{JudgmentsFile{Judgments: map[string]map[string]float64{CriterionCost: {CriterionQuery: 2, CriterionGovernance: 3}}},
			`judgments: expected every pair of the criteria named judged once; governance against query is missing (write governance: {query: N})`},
		{JudgmentsFile{Schema: "x"}, `schema: expected "trailwise.judgments/v1" or nothing, got "x"`},
	}
	for _, c := range cases {
		_, err := JudgmentWeights(&c.f)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}
