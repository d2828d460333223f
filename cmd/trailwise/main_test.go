package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestMain lets the test binary act as the trailwise command, so tests can
// run it as a real process and see its exit code and output streams.
func TestMain(m *testing.M) {
	if args := os.Getenv("TRAILWISE_TEST_ARGS"); args != "" {
		var list []string
		if err := json.Unmarshal([]byte(args), &list); err != nil {
			panic(err)
		}
		os.Exit(run(list))
	}
	// Books refreshed on this machine must not change the tests' output:
	// the commands see an empty configuration directory unless a test
	// gives one.
	if os.Getenv(configDirEnv) == "" {
		dir, err := os.MkdirTemp("", "trailwise-config")
		if err != nil {
			panic(err)
		}
		os.Setenv(configDirEnv, dir)
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// trailwise runs the command in a child process.
func trailwise(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	enc, _ := json.Marshal(append([]string{}, args...))
	if len(args) == 0 {
		enc = []byte("[]")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TRAILWISE_TEST_ARGS="+string(enc), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

const fixedTime = "2026-11-25T00:00:00Z"

func TestGoldenEstimateSmallJSON(t *testing.T) {
	out, stderr, code := trailwise(t, ".", "estimate", "--sample", "small", "--format", "json", "--generated-at", fixedTime)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden := filepath.Join("testdata", "estimate-small.json")
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
		t.Errorf("estimate --sample small --format json differs from %s; if the change is intended, run go test ./cmd/trailwise -update and review the diff", golden)
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("the JSON does not read back: %v", err)
	}
	if doc.Schema != report.Schema || len(doc.Strategies) != len(model.StrategyIDs()) {
		t.Errorf("schema %q, %d strategies", doc.Schema, len(doc.Strategies))
	}
}

func TestNoArgumentsPrintsTheEstimate(t *testing.T) {
	bare, _, code := trailwise(t, ".")
	est, _, code2 := trailwise(t, ".", "estimate")
	if code != 0 || code2 != 0 || bare != est {
		t.Fatalf("trailwise (exit %d) and trailwise estimate (exit %d) differ:\n%s\n---\n%s", code, code2, bare, est)
	}
	for _, id := range []string{"org-trail", "trails-replication", "trails-lake", "cloudwatch-logs", "security-lake", "FIRST YEAR"} {
		if !strings.Contains(bare, id) {
			t.Errorf("table lacks %q", id)
		}
	}
	if !strings.Contains(bare, "unavailable: CloudTrail Lake has been closed") {
		t.Error("the small sample has no event data store, so trails-lake must say it is unavailable")
	}
	for i, line := range strings.Split(strings.TrimRight(bare, "\n"), "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line %d is %d columns: %q", i+1, n, line)
		}
	}
}

func TestEveryFormat(t *testing.T) {
	for _, format := range report.Formats {
		out, stderr, code := trailwise(t, ".", "estimate", "--sample", "enterprise", "--format", format, "--months", "3")
		if code != 0 || out == "" {
			t.Fatalf("%s: exit %d, %s", format, code, stderr)
		}
		switch format {
		case "csv":
			if !strings.HasPrefix(out, strings.Join(report.CSVHeader, ",")+"\n") {
				t.Errorf("csv header: %q", strings.SplitN(out, "\n", 2)[0])
			}
		case "markdown":
			if !strings.HasPrefix(out, "# ") || !strings.Contains(out, "| `security-lake`") {
				t.Errorf("markdown lacks its heading or a strategy row")
			}
		}
	}
}

func TestRegionTokyoMarksFallbackLines(t *testing.T) {
	out, stderr, code := trailwise(t, ".", "estimate", "--region", "ap-northeast-1", "--format", "json", "--months", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Inputs.PriceBook.Region != "ap-northeast-1" {
		t.Errorf("priced in %s", doc.Inputs.PriceBook.Region)
	}
}

// writeFile writes a file in a temporary folder and returns the folder.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const goodDataset = `{"schema":"trailwise.dataset/v1",
 "organization":{"id":"o-abcdefghij","management_account":"111111111111"},
 "period":{"start":"2026-09-01","end":"2026-09-02"},
 "accounts":[{"id":"111111111111","name":"management","ou":"Root","status":"ACTIVE"}],
 "usage":[{"account":"111111111111","region":"us-east-1","day":"2026-09-01",
   "management_read_events":1000,"management_write_events":200,"data_events":0,"network_events":0,"insights_events":0,
   "event_bytes":1500000,"stored_bytes":170000,"log_files":288,"source":"s3-listing","measured":true}],
 "trails":[],"event_data_stores":[],"gaps":[]}`

func TestBadInputsFailCleanly(t *testing.T) {
	cases := []struct {
		name, file, text string
		args             []string
		code             int
		want             string
	}{
		{"negative count", "org.json", strings.Replace(goodDataset, `"management_read_events":1000`, `"management_read_events":-5`, 1),
			[]string{"--dataset", "org.json"}, 1, "org.json: usage[0].management_read_events"},
		{"day outside period", "org.json", strings.Replace(goodDataset, `"day":"2026-09-01"`, `"day":"2026-10-01"`, 1),
			[]string{"--dataset", "org.json"}, 1, "org.json: usage[0].day"},
		{"unknown field", "org.json", strings.Replace(goodDataset, `"trails":[]`, `"trials":[]`, 1),
			[]string{"--dataset", "org.json"}, 1, "org.json: trials"},
		{"account not listed", "org.json", strings.Replace(goodDataset, `"account":"111111111111","region"`, `"account":"222222222222","region"`, 1),
			[]string{"--dataset", "org.json"}, 1, "org.json: usage[0].account"},
		{"not JSON", "org.json", "{", []string{"--dataset", "org.json"}, 1, "org.json"},
		{"missing file", "other.json", "{}", []string{"--dataset", "nope.json"}, 1, "nope.json"},
		{"bad scenario value", "s.yaml", "replication: sideways\n", []string{"--scenario", "s.yaml"}, 1, "s.yaml: replication"},
		{"unknown scenario key", "s.yaml", "horizon: 3\n", []string{"--scenario", "s.yaml"}, 1, "s.yaml: horizon"},
		{"bad months flag", "x", "", []string{"--months", "0"}, 2, "--months"},
		{"unknown region", "x", "", []string{"--region", "eu-west-9"}, 1, "eu-west-9"},
		{"unknown sample", "x", "", []string{"--sample", "huge"}, 2, "--sample"},
		{"unknown format", "x", "", []string{"--format", "xml"}, 2, "--format"},
		{"unknown flag", "x", "", []string{"--colour"}, 2, "unknown flag"},
		{"endless file as a scenario", "x", "", []string{"--scenario", "/dev/zero"}, 1, "/dev/zero: larger than 64 MiB"},
		{"dataset over a lowered limit", "org.json", goodDataset, []string{"--dataset", "org.json", "--max-input-size", "500"}, 1,
			"org.json: larger than 500 bytes, the most trailwise reads of such a file (raise it with --max-input-size)"},
		{"bad limit", "x", "", []string{"--max-input-size", "lots"}, 2, `--max-input-size: expected a size like 512MiB or 4GiB, got "lots"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFile(t, tc.file, tc.text)
			out, stderr, code := trailwise(t, dir, append([]string{"estimate"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if out != "" {
				t.Errorf("wrote to stdout on failure: %q", out)
			}
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "trailwise: ") || !strings.Contains(lines[0], tc.want) {
				t.Errorf("stderr %q, want one line containing %q", stderr, tc.want)
			}
		})
	}
}

func TestGoodDatasetFile(t *testing.T) {
	dir := writeFile(t, "org.json", goodDataset)
	out, stderr, code := trailwise(t, dir, "estimate", "--dataset", "org.json", "--format", "csv", "--months", "2")
	if code != 0 || !strings.Contains(out, "2026-10-01,org-trail,") {
		t.Fatalf("exit %d, %s\n%s", code, stderr, out)
	}
}

// A lifecycle that pays early-deletion charges is priced, with a warning on
// standard error.
func TestScenarioWarnings(t *testing.T) {
	dir := writeFile(t, "s.yaml", "central_retention_days: 45\nlifecycle: {standard_ia_days: 30, object_size_greater_than: 1}\n")
	out, stderr, code := trailwise(t, dir, "estimate", "--scenario", "s.yaml", "--format", "csv", "--draws", "0")
	if code != 0 || !strings.Contains(out, "s3.early_deletion") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "trailwise: warning: lifecycle.standard_ia_days: objects leave Standard-IA after 15 days (central_retention_days 45), before its 30-day minimum"
	if got := strings.Join(strings.Fields(stderr), " "); !strings.HasPrefix(got, want) || strings.Count(stderr, "trailwise:") != 1 {
		t.Errorf("stderr %q, want one warning starting %q", stderr, want)
	}
	for _, line := range strings.Split(stderr, "\n") {
		if len(line) > 80 {
			t.Errorf("warning line over 80 columns: %q", line)
		}
	}
}

func TestScenarioInit(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := trailwise(t, dir, "scenario", "init")
	if code != 0 || !strings.Contains(out, "wrote scenario.yaml") {
		t.Fatalf("exit %d: %s %s", code, out, stderr)
	}
	if _, err := input.ReadScenario(filepath.Join(dir, "scenario.yaml")); err != nil {
		t.Fatalf("the written scenario does not load: %v", err)
	}
	if _, stderr, code := trailwise(t, dir, "scenario", "init"); code == 0 || !strings.Contains(stderr, "already exists") {
		t.Errorf("overwrote an existing file: exit %d, %s", code, stderr)
	}
	if out, _, code := trailwise(t, dir, "estimate", "--scenario", "scenario.yaml"); code != 0 || !strings.Contains(out, "org-trail") {
		t.Errorf("estimate with the initial scenario: exit %d", code)
	}
}

func TestPricingShowAndSamples(t *testing.T) {
	out, _, code := trailwise(t, ".", "pricing", "show")
	if code != 0 || !strings.Contains(out, "cloudtrail.management_events_paid") || !strings.Contains(out, "aws-us-east-1-") {
		t.Fatalf("pricing show: exit %d\n%s", code, out)
	}
	out, _, code = trailwise(t, ".", "pricing", "show", "--region", "ap-northeast-1")
	if code != 0 || !strings.Contains(out, "rates not listed here come from aws-us-east-1") {
		t.Errorf("Tokyo book: exit %d\n%s", code, out)
	}
	out, _, code = trailwise(t, ".", "samples")
	if code != 0 || !strings.Contains(out, "small") || !strings.Contains(out, "enterprise") {
		t.Errorf("samples: exit %d\n%s", code, out)
	}
}

// Flag combinations cobra refuses are command-line errors too: exit 2.
func TestFlagGroupsAreUsageErrors(t *testing.T) {
	dir := writeFile(t, "org.json", goodDataset)
	_, stderr, code := trailwise(t, dir, "estimate", "--sample", "small", "--dataset", "org.json")
	if code != 2 || !strings.Contains(stderr, "give either --sample or --dataset, not both") {
		t.Errorf("--sample with --dataset: exit %d, %q", code, stderr)
	}
}
