package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/trailwise/trailwise/report"
)

var (
	schemaOnce     sync.Once
	compiledSchema *jsonschema.Schema
	schemaErr      error
)

// validateReport checks a JSON the tool wrote against the report's JSON
// Schema, with a real draft 2020-12 validator.
func validateReport(t *testing.T, what, data string) {
	t.Helper()
	schemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(report.SchemaJSON))
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if schemaErr = c.AddResource("report.v1.json", doc); schemaErr == nil {
			compiledSchema, schemaErr = c.Compile("report.v1.json")
		}
	})
	if schemaErr != nil {
		t.Fatalf("the schema: %v", schemaErr)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", what, err)
	}
	if err := compiledSchema.Validate(v); err != nil {
		t.Errorf("%s does not fit the schema: %v", what, err)
	}
}

// Every JSON the tool writes fits the schema: estimate and rank on both
// samples, with and without draws, the golden file, and report --from.
func TestEveryJSONFitsTheSchema(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"estimate", "rank"} {
		for _, sample := range []string{"small", "enterprise"} {
			for _, draws := range []string{"1000", "0"} {
				args := []string{cmd, "--sample", sample, "--format", "json", "--draws", draws, "--generated-at", fixedTime}
				out, stderr, code := trailwise(t, ".", args...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, stderr)
				}
				validateReport(t, strings.Join(args, " "), out)
				if sample == "small" {
					if err := os.WriteFile(filepath.Join(dir, "run.json"), []byte(out), 0o644); err != nil {
						t.Fatal(err)
					}
					again, stderr, code := trailwise(t, dir, "report", "--from", "run.json", "--format", "json")
					if code != 0 || again != out {
						t.Errorf("report --from (%v) --format json: exit %d, %s; the same bytes: %v", args, code, stderr, again == out)
					}
					validateReport(t, "report --from run.json", again)
				}
			}
		}
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "estimate-small.json"))
	if err != nil {
		t.Fatal(err)
	}
	validateReport(t, "the golden file", string(golden))
}

// A saved report renders in every format exactly as the command that made it.
func TestReportFromRendersAsComputed(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"estimate", "rank"} {
		base := []string{cmd, "--sample", "small", "--generated-at", fixedTime, "--draws", "200"}
		saved, stderr, code := trailwise(t, ".", append(base, "--format", "json")...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, stderr)
		}
		if err := os.WriteFile(filepath.Join(dir, cmd+".json"), []byte(saved), 0o644); err != nil {
			t.Fatal(err)
		}
		formats := [][]string{{"--format", "table"}, {"--format", "markdown"}, {"--format", "json"}}
		if cmd == "estimate" {
			formats = append(formats, []string{"--format", "csv"}, []string{"--format", "csv", "--by-account"})
		}
		for _, f := range formats {
			want, stderr, code := trailwise(t, ".", append(base, f...)...)
			if code != 0 {
				t.Fatalf("%s %v: exit %d: %s", cmd, f, code, stderr)
			}
			got, stderr, code := trailwise(t, dir, append([]string{"report", "--from", cmd + ".json"}, f...)...)
			if code != 0 || got != want {
				t.Errorf("report --from %s.json %v: exit %d %s; renders differently from %s", cmd, f, code, stderr, cmd)
			}
		}
	}
}

// Same inputs and seed give byte-identical output in every format.
func TestSameSeedSameBytes(t *testing.T) {
	runs := [][]string{
		{"estimate", "--format", "table"}, {"estimate", "--format", "json"}, {"estimate", "--format", "csv"},
		{"estimate", "--format", "csv", "--by-account"}, {"estimate", "--format", "markdown"},
		{"rank", "--format", "table"}, {"rank", "--format", "json"}, {"rank", "--format", "markdown"},
	}
	for _, args := range runs {
		args = append(args, "--sample", "small", "--seed", "5", "--draws", "300", "--generated-at", fixedTime)
		a, stderr, code := trailwise(t, ".", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if b, _, _ := trailwise(t, ".", args...); a != b {
			t.Errorf("%v: two runs differ", args)
		}
	}
}

func TestReportErrors(t *testing.T) {
	good, _, code := trailwise(t, ".", "estimate", "--format", "json", "--draws", "0", "--generated-at", fixedTime)
	if code != 0 {
		t.Fatal("estimate failed")
	}
	cases := []struct {
		name, text string
		args       []string
		code       int
		want       string
	}{
		{"no --from", good, []string{"report"}, 2, "--from"},
		{"missing file", good, []string{"report", "--from", "nope.json"}, 1, "nope.json: cannot read"},
		{"unknown field", strings.Replace(good, `"currency": "USD",`, `"currency": "USD", "cost_centre": "x",`, 1),
			[]string{"report", "--from", "run.json"}, 1, "run.json: cost_centre: unknown field"},
		{"wrong schema", strings.Replace(good, `"trailwise.report/v1"`, `"trailwise.dataset/v1"`, 1),
			[]string{"report", "--from", "run.json"}, 1, `run.json: schema: expected "trailwise.report/v1", got "trailwise.dataset/v1"`},
		{"malformed money", strings.Replace(good, `"horizon": "`, `"horizon": "1,`, 1),
			[]string{"report", "--from", "run.json"}, 1, `run.json: strategies[0].totals.horizon: expected a decimal string with four places`},
		{"unknown format", good, []string{"report", "--from", "run.json", "--format", "xml"}, 2, "--format"},
		{"by-account without csv", good, []string{"report", "--from", "run.json", "--format", "json", "--by-account"}, 2, "--by-account"},
		{"estimate by-account without csv", good, []string{"estimate", "--by-account"}, 2, "--by-account"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFile(t, "run.json", tc.text)
			out, stderr, code := trailwise(t, dir, tc.args...)
			if code != tc.code || out != "" {
				t.Errorf("exit %d, want %d; stdout %q", code, tc.code, out)
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "trailwise: ") || !strings.Contains(lines[0], tc.want) {
				t.Errorf("stderr %q, want one line containing %q", stderr, tc.want)
			}
		})
	}
}

func TestReportSchemaCommand(t *testing.T) {
	out, stderr, code := trailwise(t, ".", "report", "schema")
	if code != 0 || out != string(report.SchemaJSON) {
		t.Fatalf("exit %d, %s; prints the embedded schema: %v", code, stderr, out == string(report.SchemaJSON))
	}
	if !strings.Contains(out, `"$schema": "https://json-schema.org/draft/2020-12/schema"`) {
		t.Error("not a draft 2020-12 schema")
	}
}

// Golden files of every format on the small sample. Refresh them, after
// review, with go test ./cmd/trailwise -update.
func TestGoldenSmallFormats(t *testing.T) {
	cases := []struct {
		file string
		args []string
	}{
		{"estimate-small.txt", []string{"estimate", "--format", "table"}},
		{"estimate-small.csv", []string{"estimate", "--format", "csv"}},
		{"estimate-small-by-account.csv", []string{"estimate", "--format", "csv", "--by-account", "--months", "3"}}, // 3 months: 250 KB, not 1 MB
		{"estimate-small.md", []string{"estimate", "--format", "markdown"}},
		{"rank-small.md", []string{"rank", "--format", "markdown"}},
		{"rank-small.txt", []string{"rank", "--format", "table"}},
		// Two more regions: Europe and Asia Pacific books, with the lines
		// they price from us-east-1 marked.
		{"estimate-small-eu-west-1.txt", []string{"estimate", "--format", "table", "--region", "eu-west-1"}},
		{"rank-small-eu-west-1.txt", []string{"rank", "--format", "table", "--region", "eu-west-1"}},
		{"estimate-small-ap-southeast-2.txt", []string{"estimate", "--format", "table", "--region", "ap-southeast-2"}},
		{"rank-small-ap-southeast-2.txt", []string{"rank", "--format", "table", "--region", "ap-southeast-2"}},
	}
	for _, tc := range cases {
		out, stderr, code := trailwise(t, ".", append(tc.args, "--sample", "small", "--generated-at", fixedTime)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		golden := filepath.Join("testdata", tc.file)
		if *update {
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/trailwise -update to create it)", err)
		}
		if out != string(want) {
			t.Errorf("%v differs from %s; if the change is intended, run go test ./cmd/trailwise -update and review the diff", tc.args, golden)
		}
	}
}

func TestReportFromStdin(t *testing.T) {
	saved, _, code := trailwise(t, ".", "estimate", "--format", "json", "--draws", "0", "--generated-at", fixedTime)
	if code != 0 {
		t.Fatal("estimate failed")
	}
	var out bytes.Buffer
	if err := runReport(&reportOptions{From: "-", Format: "json"}, strings.NewReader(saved), &out); err != nil || out.String() != saved {
		t.Errorf("--from -: %v; the same bytes: %v", err, out.String() == saved)
	}
	err := runReport(&reportOptions{From: "-", Format: "json"}, strings.NewReader("{}"), &out)
	if err == nil || !strings.HasPrefix(err.Error(), "<stdin>: schema: ") {
		t.Errorf("a bad document on stdin: %v", err)
	}
}

func TestReportHelpFits(t *testing.T) {
	for _, args := range [][]string{{"report", "--help"}, {"report", "schema", "--help"}} {
		out, _, code := trailwise(t, ".", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, line := range strings.Split(out, "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%v: line of %d: %q", args, n, line)
			}
		}
	}
}

// The regional goldens name the book they were priced with and say that
// the rates the book lacks came from us-east-1's.
func TestRegionalGoldensNameTheirBook(t *testing.T) {
	for _, region := range []string{"eu-west-1", "ap-southeast-2"} {
		for _, cmd := range []string{"estimate", "rank"} {
			data, err := os.ReadFile(filepath.Join("testdata", cmd+"-small-"+region+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(string(data)), " ")
			if !strings.Contains(text, "aws-"+region+"-2026-11-01") {
				t.Errorf("%s %s: the book is not named", cmd, region)
			}
			if cmd == "estimate" && !strings.Contains(text, "unknown for "+region+" and were priced from aws-us-east-1-2026-11-01") {
				t.Errorf("%s %s: the fallback lines are not announced", cmd, region)
			}
		}
	}
}
