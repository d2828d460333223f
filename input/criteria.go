package input

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"

	"github.com/trailwise/trailwise/model"
)

// ReadCriteria reads a criteria file (trailwise.criteria/v1, YAML, or JSON
// when named *.json) and lays its scores over the embedded defaults.
func ReadCriteria(path string) (*model.CriteriaSet, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCriteria(path, data)
}

// ParseCriteria checks a criteria document strictly (unknown strategies,
// criteria or keys, scores that are not whole numbers from 1 to 5, missing
// or multi-line reasons are errors naming the place) and returns the
// embedded scores with the document's laid over them.
func ParseCriteria(name string, data []byte) (*model.CriteriaSet, error) {
	name = fileName(name)
	data = bytes.TrimPrefix(data, utf8BOM)
	fail := func(e *Error) (*model.CriteriaSet, error) {
		e.File = name
		return nil, e
	}
	v, e := decode(name, data, true)
	if e == nil {
		e = checkDocument(v, reflect.TypeFor[model.CriteriaFile](), model.CriteriaSchema, true)
	}
	if e == nil {
		e = scoresPresent(v)
	}
	if e != nil {
		return fail(e)
	}
	var f model.CriteriaFile
	if err := decodeTree(v, &f); err != nil {
		return fail(&Error{Msg: err.Error(), Err: err})
	}
	set, err := model.DefaultCriteria().WithFile(&f, name)
	if err != nil {
		return nil, fromModel(name, err)
	}
	return set, nil
}

// scoresPresent reports a criterion given without its score, which would
// otherwise read as a score of 0. v has passed check.
func scoresPresent(v any) *Error {
	strategies, _ := v.(map[string]any)["strategies"].(map[string]any)
	for _, id := range slices.Sorted(maps.Keys(strategies)) {
		crits, _ := strategies[id].(map[string]any)
		for _, c := range slices.Sorted(maps.Keys(crits)) {
			sc, ok := crits[c].(map[string]any)
			if !ok {
				continue // null (keep the default) or who_pays
			}
			if _, ok := sc["score"]; !ok {
				return &Error{Path: "strategies" + key(id) + key(c) + ".score",
					Msg: fmt.Sprintf("expected a whole number from %d (worst) to %d (best), got nothing", model.MinScore, model.MaxScore)}
			}
		}
	}
	return nil
}

// fraction is a judgment written as Saaty's tables write reciprocals: 1/3.
var fraction = regexp.MustCompile(`^\s*([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)\s*$`)

// judgmentFractions replaces each judgment written as a fraction ("1/3",
// a string in YAML and JSON alike) by its value, so that it reads like a
// number; any other string is left for check to refuse.
func judgmentFractions(v any) *Error {
	doc, _ := v.(map[string]any)
	judgments, _ := doc["judgments"].(map[string]any)
	for _, a := range slices.Sorted(maps.Keys(judgments)) {
		row, _ := judgments[a].(map[string]any)
		for _, b := range slices.Sorted(maps.Keys(row)) {
			s, ok := row[b].(string)
			if !ok {
				continue
			}
			m := fraction.FindStringSubmatch(s)
			if m == nil {
				return &Error{Path: "judgments" + key(a) + key(b), Msg: "expected a number or a fraction like 1/3, got " + describe(s)}
			}
			num, _ := strconv.ParseFloat(m[1], 64)
			den, _ := strconv.ParseFloat(m[2], 64)
			if den == 0 {
				return &Error{Path: "judgments" + key(a) + key(b), Msg: "expected a fraction with a denominator above zero, got " + describe(s)}
			}
			row[b] = json.Number(strconv.FormatFloat(num/den, 'g', -1, 64))
		}
	}
	return nil
}

// ReadJudgments reads a pairwise judgments file (trailwise.judgments/v1,
// YAML, or JSON when named *.json) and derives the criteria weights from it
// by the analytic hierarchy process.
func ReadJudgments(path string) (*model.AHPResult, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return ParseJudgments(path, data)
}

// ParseJudgments checks a judgments document strictly and derives the
// weights: unknown criteria or keys, values off Saaty's scale, pairs judged
// twice or missing are one-line errors naming the place.
func ParseJudgments(name string, data []byte) (*model.AHPResult, error) {
	name = fileName(name)
	data = bytes.TrimPrefix(data, utf8BOM)
	v, e := decode(name, data, true)
	if e == nil {
		e = judgmentFractions(v)
	}
	if e == nil {
		e = checkDocument(v, reflect.TypeFor[model.JudgmentsFile](), model.JudgmentsSchema, true)
	}
	if e != nil {
		e.File = name
		return nil, e
	}
	var f model.JudgmentsFile
	if err := decodeTree(v, &f); err != nil {
		return nil, &Error{File: name, Msg: err.Error(), Err: err}
	}
	res, err := model.JudgmentWeights(&f)
	if err != nil {
		return nil, fromModel(name, err)
	}
	return res, nil
}
