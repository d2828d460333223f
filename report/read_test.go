package report

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/model"
)

var fixedTime = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func mustRegexp(p string) *regexp.Regexp { return regexp.MustCompile(p) }

// A saved report reads back into the same document: written again, it is
// the same bytes, and every format renders the same.
func TestReadRoundTrip(t *testing.T) {
	for _, doc := range []*Document{docWith(t, "small", 50, true), docWith(t, "enterprise", 0, false), sampleDoc(t, "small")} {
		data := docJSON(t, doc)
		back, err := Parse("run.json", data)
		if err != nil {
			t.Fatal(err)
		}
		if again := docJSON(t, back); !bytes.Equal(again, data) {
			t.Fatal("the report written again differs")
		}
		for _, format := range Formats {
			for _, by := range []bool{false, true} {
				if by && format != "csv" {
					continue
				}
				var a, b bytes.Buffer
				if err := RenderWith(&a, doc, format, Options{ByAccount: by}); err != nil {
					t.Fatal(err)
				}
				if err := RenderWith(&b, back, format, Options{ByAccount: by}); err != nil {
					t.Fatal(err)
				}
				if a.String() != b.String() {
					t.Errorf("%s (by account %v): the saved report renders differently", format, by)
				}
			}
		}
	}
}

func TestReadRejects(t *testing.T) {
	good := string(docJSON(t, docWith(t, "small", 0, true)))
	cases := []struct{ name, doc, want string }{
		{"not JSON", "{", "run.json: line 1, column 2: invalid JSON"},
		{"empty", "", "run.json: empty file"},
		{"wrong schema", strings.Replace(good, `"trailwise.report/v1"`, `"trailwise.report/v0"`, 1), `run.json: schema: expected "trailwise.report/v1", got "trailwise.report/v0"`},
		{"no schema", strings.Replace(good, `"schema": "trailwise.report/v1",`, ``, 1), `run.json: schema: expected "trailwise.report/v1", got nothing`},
		{"unknown field", strings.Replace(good, `"own": "`, `"team": "x", "own": "`, 1), "run.json: strategies[0].chargeback[0].team: unknown field"},
		{"money two places", regexpReplace(good, `"first_month": "[0-9.]+"`, `"first_month": "1.50"`), `run.json: strategies[0].totals.first_month: expected a decimal string with four places, like "12.3400", got "1.50"`},
		{"money a number", regexpReplace(good, `"total": "[0-9.]+"`, `"total": 12.5`), `expected a decimal string with four places, like "12.3400", got 12.5`},
		{"quantity", regexpReplace(good, `"quantity": "[0-9.]+"`, `"quantity": "1e3"`), `run.json: strategies[0].months[0].lines[0].quantity: expected a decimal string with six places`},
		{"share", regexpReplace(good, `"0\.[0-9]{8}"`, `"0.5"`), `run.json: allocation.months[0].shares.`},
		{"probability", regexpReplace(good, `"probability_cheapest": "[0-9.]+"`, `"probability_cheapest": "1.5000"`), `run.json: strategies[0].probability_cheapest: expected a decimal string from "0.0000" to "1.0000", got "1.5000"`},
		{"unknown driver", regexpReplace(good, `"driver": "[a-z-]+"`, `"driver": "weight"`), `run.json: strategies[0].months[0].lines[0].driver: expected one of the drivers in allocation.months[0].shares, got "weight"`},
		{"month mismatch", regexpReplace(good, `"month": "2026-10",\s+"total"`, `"month": "2026-09", "total"`), `run.json: strategies[0].months[0].month: expected "2026-10", as allocation.months[0], got "2026-09"`},
		{"missing amount", regexpReplace(good, `"first_year_p50": "[0-9.]+",`, ``), `run.json: strategies[0].totals.first_year_p50: expected a value, got nothing`},
		{"no allocation", regexpReplace(good, `(?s)"allocation": \{.*\n  \},\n`, ``), `run.json: allocation: expected a value, got nothing`},
		{"wrong type", strings.Replace(good, `"available": true`, `"available": "yes"`, 1), `run.json: strategies[0].available: expected true or false, got "yes"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.doc == good {
				t.Fatal("the change did not apply")
			}
			_, err := Parse("run.json", []byte(tc.doc))
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, tc.want) {
				t.Errorf("got  %q\nwant one line containing %q", msg, tc.want)
			}
		})
	}
	dir := t.TempDir()
	if _, err := Read(filepath.Join(dir, "nope.json")); err == nil || !strings.Contains(err.Error(), "nope.json: cannot read") {
		t.Errorf("missing file: %v", err)
	}
	path := filepath.Join(dir, "run.json")
	if err := os.WriteFile(path, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(path); err != nil {
		t.Errorf("a good file: %v", err)
	}
}

// A saved report whose figures do not add up, or cannot be represented, is
// refused naming the figure: report --from never re-renders a wrong sum.
func TestReadRejectsWrongSums(t *testing.T) {
	good := string(docJSON(t, docWith(t, "small", 0, true)))
	doc, err := Parse("run.json", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Strategies[0]
	l := s.Months[0].Lines[0]
	bump := func(m Money) string { return fromUnits(m.Units() + 1).String() }
	cases := []struct{ name, old, new, want string }{
		{"first year not the sum of its months", `"first_year": "` + s.Totals.FirstYear.String() + `"`, `"first_year": "` + bump(s.Totals.FirstYear) + `"`,
			"run.json: strategies[0].totals.first_year: expected " + s.Totals.FirstYear.String() + ", the sum of the first twelve months, got " + bump(s.Totals.FirstYear)},
		{"line cost not quantity × unit price", `"cost": "` + l.Cost.String() + `"`, `"cost": "` + fromUnits(l.Cost.Units()+100).String() + `"`,
			"run.json: strategies[0].months[0].lines[0].cost: expected "},
		{"month total not the sum of its lines", `"total": "` + s.Months[0].Total.String() + `",`, `"total": "` + bump(s.Months[0].Total) + `",`,
			"run.json: strategies[0].months[0].total: expected " + s.Months[0].Total.String() + ", the sum of its lines"},
		{"amount that cannot be represented", `"horizon": "` + s.Totals.Horizon.String() + `"`, `"horizon": "-922337203685475.0000"`,
			`run.json: strategies[0].totals.horizon: expected a decimal string below 1e14 with four places, like "12.3400", got "-922337203685475.0000"`},
	}
	for _, tc := range cases {
		bad := strings.Replace(good, tc.old, tc.new, 1)
		if bad == good {
			t.Fatalf("%s: the change did not apply", tc.name)
		}
		_, err := Parse("run.json", []byte(bad))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s:\n got: %v\nwant: %s…", tc.name, err, tc.want)
		}
	}
}

// Build refuses figures that are not finite or too large to write exactly,
// instead of writing NaN or a wrapped int64.
func TestBuildRefusesUnrepresentableFigures(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), 9.3e14, -1e15} {
		c := &model.Comparison{Strategies: []model.StrategyResult{{
			Strategy: model.Strategy{ID: "org-trail"},
			Months:   []model.MonthCost{{Month: "2026-10", Lines: []model.CostLine{{Name: "events", Quantity: 1, UnitPrice: v, Cost: v}}}},
		}}}
		_, err := Build(c, &model.Dataset{}, Meta{})
		if err == nil || !strings.HasPrefix(err.Error(), "strategy org-trail: 2026-10, events: unit price is ") {
			t.Errorf("%v: %v", v, err)
		}
	}
}
