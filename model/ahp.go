package model

import (
	"fmt"
	"math"
	"math/cmplx"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// JudgmentsSchema is the pairwise judgments file's schema id.
const JudgmentsSchema = "trailwise.judgments/v1"

// JudgmentsFile holds pairwise judgments of the criteria for the analytic
// hierarchy process (trailwise.judgments/v1, YAML or JSON):
//
//	judgments:
//	  cost: {member_access: 3, governance: 5}   # cost matters 3× member access
//	  member_access: {governance: 2}
//
// Each value says how many times more the outer criterion matters than the
// inner one, on Saaty's scale from 1/9 to 9 (write the pair the other way
// round, or a fraction such as 0.2, when the inner one matters more). Every
// pair of the criteria named must be judged exactly once; criteria never
// named weigh 0.
type JudgmentsFile struct {
	Schema    string                        `json:"schema,omitempty"`
	Judgments map[string]map[string]float64 `json:"judgments"`
}

// RandomIndex is Saaty's random consistency index for n = 1..10 criteria.
var RandomIndex = []float64{0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49}

// ConsistencyLimit is the consistency ratio above which judgments should be
// revised.
const ConsistencyLimit = 0.1

// AHPResult is the outcome of pairwise judgments.
type AHPResult struct {
	Criteria         []string  // the criteria judged, in CriterionIDs order
	Priorities       []float64 // the principal eigenvector, summing to 1
	Weights          Weights   // over every criterion; those not judged weigh 0
	LambdaMax        float64
	ConsistencyIndex float64 // (λmax − n)/(n − 1)
	RandomIndex      float64
	ConsistencyRatio float64 // CI/RI; 0 for two criteria
}

// Consistent reports whether the consistency ratio is at most 0.1.
func (a *AHPResult) Consistent() bool { return a.ConsistencyRatio <= ConsistencyLimit }

// Warning says why the judgments should be revised, or "".
func (a *AHPResult) Warning() string {
	if a.Consistent() {
		return ""
	}
	return fmt.Sprintf("the pairwise judgments are inconsistent: consistency ratio %.3f is above %.1f; revise the judgments that contradict each other", a.ConsistencyRatio, ConsistencyLimit)
}

// ReciprocalTolerance is how far a judgment below 1 may be from one of
// Saaty's reciprocals 1/2 … 1/9 and still be read as it: half a unit of the
// third decimal, so 0.111, 0.143, 0.167, 0.333 (1/9, 1/7, 1/6, 1/3 written
// with three decimals, as tables print them) are read exactly as the
// fractions, and the consistency ratio is not thrown off by the rounding.
const ReciprocalTolerance = 0.0005

// saatyReciprocal is v, or the reciprocal 1/k (k from 2 to 9) it is within
// ReciprocalTolerance of.
func saatyReciprocal(v float64) float64 {
	for k := 2.0; k <= 9; k++ {
		if math.Abs(v-1/k) <= ReciprocalTolerance {
			return 1 / k
		}
	}
	return v
}

// JudgmentWeights checks the file and derives the weights. Errors are
// *FieldError with the path of the problem.
func JudgmentWeights(f *JudgmentsFile) (*AHPResult, error) {
	if f.Schema != "" && f.Schema != JudgmentsSchema {
		return nil, fieldErr("schema", fmt.Sprintf("%q or nothing", JudgmentsSchema), fmt.Sprintf("%q", f.Schema))
	}
	named := map[string]bool{}
	pair := map[[2]string]float64{}
	for _, a := range sortedKeys(f.Judgments) {
		if criterionIndex(a) < 0 {
			return nil, fieldErr("judgments"+pathKey(a), "a criterion ("+strings.Join(CriterionIDs(), ", ")+")", fmt.Sprintf("%q", a))
		}
		for _, b := range sortedKeys(f.Judgments[a]) {
			path := "judgments" + pathKey(a) + pathKey(b)
			v := f.Judgments[a][b]
			switch {
			case criterionIndex(b) < 0:
				return nil, fieldErr(path, "a criterion ("+strings.Join(CriterionIDs(), ", ")+")", fmt.Sprintf("%q", b))
			case a == b:
				return nil, fieldErr(path, "another criterion (a criterion is not judged against itself)", fmt.Sprintf("%q", b))
			case !(saatyReciprocal(v) >= 1.0/9 && v <= 9):
				return nil, fieldErr(path, "how many times more it matters, from 1/9 (0.111) to 9", fmt.Sprint(v))
			}
			v = saatyReciprocal(v)
			key, val := [2]string{a, b}, v
			if criterionIndex(b) < criterionIndex(a) {
				key, val = [2]string{b, a}, 1/v
			}
			if _, dup := pair[key]; dup {
				return nil, fieldErr(path, "each pair judged once", "the pair judged both ways")
			}
			pair[key] = val
			named[a], named[b] = true, true
		}
	}
	var crit []string
	for _, id := range CriterionIDs() {
		if named[id] {
			crit = append(crit, id)
		}
	}
	if len(crit) < 2 {
		return nil, fieldErr("judgments", "at least one pair of criteria", fmt.Sprintf("%d criteria", len(crit)))
	}
	n := len(crit)
	a := mat.NewDense(n, n, nil)
	for i := range crit {
		a.Set(i, i, 1)
		for j := i + 1; j < n; j++ {
			v, ok := pair[[2]string{crit[i], crit[j]}]
			if !ok {
				return nil, fieldErr("judgments", fmt.Sprintf("every pair of the criteria named judged once; %s against %s is missing (write %s: {%s: N})", crit[i], crit[j], crit[i], crit[j]), "")
			}
			a.Set(i, j, v)
			a.Set(j, i, 1/v)
		}
	}
	res, err := PrincipalEigen(a)
	if err != nil {
		return nil, err
	}
	res.Criteria = crit
	res.Weights = make(Weights, len(Criteria))
	for i, id := range crit {
		res.Weights[criterionIndex(id)] = res.Priorities[i]
	}
	return res, nil
}

// PrincipalEigen computes the AHP priorities of a positive reciprocal
// matrix: its principal (Perron) eigenvector scaled to sum 1, λmax, and the
// consistency index and ratio with Saaty's random index.
func PrincipalEigen(a *mat.Dense) (*AHPResult, error) {
	n, _ := a.Dims()
	if n > len(RandomIndex) {
		return nil, fmt.Errorf("at most %d criteria can be judged, got %d", len(RandomIndex), n)
	}
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenRight) {
		return nil, fmt.Errorf("the judgments matrix has no eigen decomposition")
	}
	values := eig.Values(nil)
	best := 0
	for i, v := range values {
		if real(v) > real(values[best]) {
			best = i
		}
	}
	var vecs mat.CDense
	eig.VectorsTo(&vecs)
	res := &AHPResult{LambdaMax: real(values[best]), Priorities: make([]float64, n)}
	sum := 0.0
	for i := 0; i < n; i++ {
		// The Perron vector has one sign; its imaginary part is zero.
		res.Priorities[i] = math.Abs(cmplx.Abs(vecs.At(i, best)))
		sum += res.Priorities[i]
	}
	for i := range res.Priorities {
		res.Priorities[i] /= sum
	}
	if n > 1 {
		res.ConsistencyIndex = (res.LambdaMax - float64(n)) / float64(n-1)
	}
	res.RandomIndex = RandomIndex[n-1]
	if res.RandomIndex > 0 {
		res.ConsistencyRatio = res.ConsistencyIndex / res.RandomIndex
	}
	if math.Abs(res.ConsistencyIndex) < 1e-12 {
		res.ConsistencyIndex, res.ConsistencyRatio = 0, 0 // rounding of a consistent matrix
	}
	return res, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
