package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTUICommandLine(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tui", "--report", "run.json", "--sample", "small"}, 2, "--report opens a saved report as it is: it cannot be used with --sample"},
		{[]string{"tui", "--preset", "nope"}, 2, "--preset: unknown preset"},
		{[]string{"tui", "--method", "nope"}, 2, "--method: expected one of"},
		{[]string{"tui", "--report", filepath.Join(t.TempDir(), "missing.json")}, 1, "missing.json"},
		{[]string{"tui", "extra"}, 2, "unknown command"},
	} {
		_, stderr, code := trailwise(t, ".", c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("trailwise %s: exit %d, stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, stderr, c.code, c.want)
		}
	}
}

// TestNoArgumentsOffTerminal: without a terminal, 'trailwise' alone still
// prints the estimate table, as pipes and scripts expect.
func TestNoArgumentsOffTerminal(t *testing.T) {
	out, stderr, code := trailwise(t, ".")
	if code != 0 || !strings.Contains(out, "org-trail") || strings.Contains(out, "\x1b[") {
		t.Errorf("exit %d, stderr %q, stdout %q", code, stderr, out)
	}
}

// TestTUINeedsATerminal: with stdin from /dev/null and stdout a pipe (as
// this test runs it), the interface does not start: one line says why and
// what to use instead, nothing goes to stdout, and the exit is not 0.
func TestTUINeedsATerminal(t *testing.T) {
	report := filepath.Join(t.TempDir(), "run.json")
	out, _, code := trailwise(t, ".", "rank", "--sample", "small", "--format", "json")
	if code != 0 {
		t.Fatalf("rank: exit %d", code)
	}
	if err := os.WriteFile(report, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"tui"}, {"tui", "--sample", "enterprise"}, {"tui", "--report", report}} {
		stdout, stderr, code := trailwise(t, ".", args...)
		want := "trailwise: tui needs a terminal: run it in one, or use estimate or rank\n"
		if code == 0 || stderr != want || stdout != "" {
			t.Errorf("trailwise %s: exit %d, stdout %q, stderr %q; want a non-zero exit, no output and %q", strings.Join(args, " "), code, stdout, stderr, want)
		}
	}
}
