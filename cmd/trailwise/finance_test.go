package main

import (
	"strings"
	"testing"
)

// Golden files of the finance formats on the small sample: the FOCUS rows
// (one month: the rows are wide) and the HTML page of a ranking.
func TestGoldenFinanceFormats(t *testing.T) {
	cases := []struct {
		file string
		args []string
	}{
		{"estimate-small-focus.csv", []string{"estimate", "--format", "focus", "--months", "1"}},
		{"rank-small.html", []string{"rank", "--format", "html"}},
	}
	for _, tc := range cases {
		out, stderr, code := trailwise(t, ".", append(tc.args, "--sample", "small", "--generated-at", fixedTime)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		golden(t, tc.file, out)
	}
}

// A saved report renders as FOCUS and HTML without recomputing; --by-account
// stays a csv-only flag.
func TestReportFinanceFormatsFromSaved(t *testing.T) {
	saved, _, code := trailwise(t, ".", "estimate", "--format", "json", "--draws", "0", "--months", "1", "--generated-at", fixedTime)
	if code != 0 {
		t.Fatal("estimate failed")
	}
	direct, _, _ := trailwise(t, ".", "estimate", "--format", "focus", "--draws", "0", "--months", "1", "--generated-at", fixedTime)
	for _, format := range []string{"focus", "html"} {
		var out strings.Builder
		if err := runReport(&reportOptions{From: "-", Format: format}, strings.NewReader(saved), &out); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if format == "focus" && out.String() != direct {
			t.Error("the FOCUS rows of a saved report differ from the fresh run's")
		}
	}
	if err := runReport(&reportOptions{From: "-", Format: "focus", ByAccount: true}, strings.NewReader(saved), new(strings.Builder)); err == nil {
		t.Error("--by-account with --format focus is refused")
	}
}
