package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// compiledSchema compiles the embedded schema with a real draft 2020-12
// validator.
func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("report.v1.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("report.v1.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return s.Validate(v)
}

func docJSON(t *testing.T, doc *Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := JSON(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docWith is a sample's report with the given draws, ops hours (staff
// time lines) and SSE-KMS, ranked or not.
func docWith(t *testing.T, sample string, draws int, ranked bool) *Document {
	t.Helper()
	return docWithHorizon(t, sample, draws, ranked, 12)
}

func docWithHorizon(t *testing.T, sample string, draws int, ranked bool, months int) *Document {
	t.Helper()
	d, err := fixtures.Load(sample)
	if err != nil {
		t.Fatal(err)
	}
	s := model.DefaultScenario()
	s.OpsHours = map[string]float64{model.OrgTrail: 2}
	s.OpsHourlyRate = 80
	s.SSEKMS = true
	s.HorizonMonths = months
	book, _ := pricing.ForRegion("us-east-1")
	c, err := model.EstimateWith(d, s, book, model.Uncertainty{Draws: draws, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Build(c, d, Meta{DatasetName: "sample:" + sample, Version: "test", GeneratedAt: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	if ranked {
		w, _ := model.PresetWeights("cost-first")
		r, err := model.Rank(c, model.DefaultCriteria(), w, model.MethodTOPSIS)
		if err != nil {
			t.Fatal(err)
		}
		AttachRanking(doc, BuildRanking(r, RankingMeta{Preset: "cost-first", Warnings: []string{"a warning"},
			AHP: &AHP{File: "j.yaml", Criteria: 8, LambdaMax: 8.1, ConsistencyIndex: 0.01, RandomIndex: 1.41, ConsistencyRatio: 0.01, Consistent: true}}))
	}
	return doc
}

func TestEveryDocumentFitsTheSchema(t *testing.T) {
	s := compiledSchema(t)
	for _, sample := range []string{"small", "enterprise"} {
		for _, draws := range []int{0, 50} {
			for _, ranked := range []bool{false, true} {
				doc := docWith(t, sample, draws, ranked)
				if err := validate(t, s, docJSON(t, doc)); err != nil {
					t.Errorf("%s, %d draws, ranked %v: %v", sample, draws, ranked, err)
				}
				for _, st := range doc.Strategies {
					tt := st.Totals
					if !(tt.FirstYearP10 <= tt.FirstYearP50 && tt.FirstYearP50 <= tt.FirstYearP90) ||
						(draws == 0 && (tt.FirstYearP10 != tt.FirstYear || tt.FirstYearP90 != tt.FirstYear)) {
						t.Errorf("%s, %d draws: %s first year %s, band %s %s %s", sample, draws, st.ID, tt.FirstYear, tt.FirstYearP10, tt.FirstYearP50, tt.FirstYearP90)
					}
				}
			}
		}
	}
	if err := validate(t, s, docJSON(t, sampleDoc(t, "small"))); err != nil {
		t.Error(err)
	}
}

// A document that gains a field the schema does not document, or writes a
// figure in another form, fails validation.
func TestSchemaIsStrict(t *testing.T) {
	s := compiledSchema(t)
	good := string(docJSON(t, docWith(t, "small", 0, true)))
	cases := map[string]string{
		"top-level field":     strings.Replace(good, `"currency": "USD",`, `"currency": "USD", "extra": 1,`, 1),
		"line field":          strings.Replace(good, `"driver": "`, `"share": "1", "driver": "`, 1),
		"chargeback field":    strings.Replace(good, `"own": "`, `"team": "x", "own": "`, 1),
		"scenario field":      strings.Replace(good, `"sse_kms": true,`, `"sse_kms": true, "sse_s3": false,`, 1),
		"ranking field":       strings.Replace(good, `"method": "topsis",`, `"method": "topsis", "seed": 1,`, 1),
		"money with 2 places": regexpReplace(good, `"first_month": "[0-9.]+"`, `"first_month": "1.50"`),
		"money as a number":   regexpReplace(good, `"total": "[0-9.]+"`, `"total": 12.5`),
		"quantity 4 places":   regexpReplace(good, `"quantity": "[0-9.]+"`, `"quantity": "1.0000"`),
		"wrong schema id":     strings.Replace(good, `"trailwise.report/v1"`, `"trailwise.report/v2"`, 1),
		"unknown driver":      regexpReplace(good, `"driver": "[a-z-]+"`, `"driver": "weight"`),
		"unknown payer":       regexpReplace(good, `"payer": "members"`, `"payer": "everyone"`),
	}
	for name, doc := range cases {
		if doc == good {
			t.Fatalf("%s: the change did not apply", name)
		}
		if err := validate(t, s, []byte(doc)); err == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}

// The schema and the Go types describe the same document: every struct's
// JSON fields are the schema object's properties, no more, no fewer, and the
// objects are closed.
func TestSchemaMatchesTheGoTypes(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(SchemaJSON, &root); err != nil {
		t.Fatal(err)
	}
	defs, _ := root["$defs"].(map[string]any)
	resolve := func(n map[string]any) map[string]any {
		for {
			ref, ok := n["$ref"].(string)
			if !ok {
				return n
			}
			n, _ = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
	}
	checker := reflect.TypeFor[input.Checker]()
	var walk func(path string, ty reflect.Type, n map[string]any)
	walk = func(path string, ty reflect.Type, n map[string]any) {
		n = resolve(n)
		if n == nil {
			t.Errorf("%s: no schema", path)
			return
		}
		if ty.Implements(checker) {
			if _, ok := n["pattern"]; !ok {
				t.Errorf("%s: a %s is a pattern-checked string, the schema has no pattern", path, ty)
			}
			return
		}
		switch ty.Kind() {
		case reflect.Pointer:
			walk(path, ty.Elem(), n)
		case reflect.Slice:
			items, _ := n["items"].(map[string]any)
			walk(path+"[]", ty.Elem(), items)
		case reflect.Map:
			ap, _ := n["additionalProperties"].(map[string]any)
			walk(path+"{}", ty.Elem(), ap)
		case reflect.Struct:
			if n["additionalProperties"] != false {
				t.Errorf("%s: the object is not closed (additionalProperties false)", path)
			}
			props, _ := n["properties"].(map[string]any)
			var goNames, schemaNames []string
			for f := range ty.Fields() {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if !f.IsExported() || name == "-" {
					continue
				}
				goNames = append(goNames, name)
				p, _ := props[name].(map[string]any)
				if _, isConst := p["const"]; isConst {
					continue
				}
				walk(path+"."+name, f.Type, p)
			}
			for k := range props {
				schemaNames = append(schemaNames, k)
			}
			slices.Sort(goNames)
			slices.Sort(schemaNames)
			if !slices.Equal(goNames, schemaNames) {
				t.Errorf("%s: Go fields %v, schema properties %v", path, goNames, schemaNames)
			}
		}
	}
	walk("$", reflect.TypeFor[Document](), root)
}

func regexpReplace(s, pattern, with string) string {
	re := mustRegexp(pattern)
	loc := re.FindStringIndex(s)
	if loc == nil {
		return s
	}
	return s[:loc[0]] + with + s[loc[1]:]
}
