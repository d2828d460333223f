package input

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Whatever the bytes, the loaders do not panic, fail with one line that
// starts with the file name, and what they accept is valid and survives a
// round trip through JSON.

// addCatalogue seeds f with the bad inputs of testdata/bad whose names
// start with kind (dataset, scenario, …): each kind of mistake a user made
// is where the fuzzer starts from.
func addCatalogue(f *testing.F, kind string) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "bad", kind+"-*"))
	if len(files) == 0 {
		f.Fatalf("no %s in testdata/bad", kind)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzParseDataset(f *testing.F) {
	addCatalogue(f, "dataset")
	f.Add([]byte(goodDataset))
	f.Add([]byte(strings.Replace(goodDataset, `"data_events": 0`, `"data_events": -1`, 1)))
	f.Add([]byte(strings.Replace(goodDataset, `"log_files": 288`, `"log_files": 1e3`, 1)))
	f.Add([]byte(strings.Replace(goodDataset, `"day": "2026-10-01"`, `"day": "2026-13-01"`, 1)))
	f.Add([]byte(strings.Replace(goodDataset, `"reason"`, `"colour": null, "reason"`, 1)))
	f.Add([]byte(goodDataset + "]"))
	f.Add([]byte(goodDataset[:len(goodDataset)/2]))
	f.Add([]byte(`{"schema": "trailwise.dataset/v1"}`))
	f.Add([]byte(`{"schema": "trailwise.dataset/v1", "usage": [{"account": 1}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))
	f.Add([]byte(""))
	f.Add([]byte("\ufeff{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDataset("org.json", data)
		if err != nil {
			assertOneLine(t, "org.json", err)
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("accepted an invalid dataset: %v", err)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseDataset("org.json", b)
		if err != nil {
			t.Fatalf("cannot load its own output: %v\n%s", err, b)
		}
		if !reflect.DeepEqual(d, again) {
			t.Fatalf("round trip changed the dataset:\n%+v\n%+v", d, again)
		}
	})
}

func FuzzParseScenario(f *testing.F) {
	addCatalogue(f, "scenario")
	f.Add([]byte(ScenarioTemplate()))
	f.Add([]byte("horizon_months: 24\nquery_gb_per_month: {athena: 1.5}\nrecord_data_events: false\n"))
	f.Add([]byte(`{"horizon_months": 24, "ops_hours": {"org-trail": 2}, "leftover_trails": "keep"}`))
	f.Add([]byte("horizon_months: twelve\n"))
	f.Add([]byte("horizon_months: 12.0\n"))
	f.Add([]byte("sse_kms: yes\n"))
	f.Add([]byte("lifecycle:\n  standard_ia: 30\n"))
	f.Add([]byte("account_growth_per_month: .inf\n"))
	f.Add([]byte("region: [us-east-1\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("x: &x [1, 2]\ny: [*x, *x]\n"))
	f.Add([]byte("? [a]\n: 1\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("# only a comment\n"))
	f.Add([]byte("\t"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"scenario.yaml", "scenario.json"} {
			s, err := ParseScenario(name, data)
			if err != nil {
				assertOneLine(t, name, err)
				continue
			}
			if err := s.Validate(); err != nil {
				t.Fatalf("%s: accepted an invalid scenario: %v", name, err)
			}
			b, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseScenario("again.json", b)
			if err != nil {
				t.Fatalf("cannot load its own output: %v\n%s", err, b)
			}
			if !reflect.DeepEqual(s, again) {
				t.Fatalf("round trip changed the scenario:\n%+v\n%+v", s, again)
			}
		}
	})
}
