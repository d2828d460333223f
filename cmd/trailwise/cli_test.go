package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

// runInProcess runs the command tree in this process, for output that
// needs no exit code (help, listings).
func runInProcess(t *testing.T, args ...string) string {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		t.Fatalf("trailwise %s: %v", strings.Join(args, " "), err)
	}
	return out.String()
}

// allCommands lists the path (without "trailwise") of every command the
// help shows, cobra's completion and help commands included.
func allCommands() [][]string {
	root := newRootCmd()
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var out [][]string
	var walk func(*cobra.Command, []string)
	walk = func(c *cobra.Command, path []string) {
		out = append(out, path)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				walk(sub, append(append([]string{}, path...), sub.Name()))
			}
		}
	}
	walk(root, nil)
	return out
}

// wideURL is a line that holds only a URL (a numbered source): it cannot be
// broken without breaking the link, so the terminal wraps it.
var wideURL = regexp.MustCompile(`^\s*([0-9]+\s+)?https?://\S+$`)

// wideLines lists the lines of out wider than 80 columns (a tab counts
// eight), URL-only lines aside.
func wideLines(out string) []string {
	var wide []string
	for _, line := range strings.Split(out, "\n") {
		line = strings.ReplaceAll(line, "\t", "        ")
		if ansi.StringWidth(line) > outputWidth && !wideURL.MatchString(line) {
			wide = append(wide, line)
		}
	}
	return wide
}

func checkWidth(t *testing.T, what, out string) {
	t.Helper()
	for _, line := range wideLines(out) {
		t.Errorf("%s: %d columns: %q", what, ansi.StringWidth(line), line)
	}
}

// Every command's help, and the listings printed to the terminal, fit 80
// columns.
func TestOutputFits80Columns(t *testing.T) {
	for _, path := range allCommands() {
		args := append(append([]string{}, path...), "--help")
		checkWidth(t, "trailwise "+strings.Join(args, " "), runInProcess(t, args...))
	}
	for _, args := range [][]string{
		{"pricing", "show"},
		{"pricing", "show", "--region", "ap-northeast-1"},
		{"samples"},
		{"policy", "iam"},
		{"policy", "iam", "--for", "bucket", "--bucket", "my-org-trail-bucket", "--inventory", "s3://my-inventory-bucket/reports"},
		{"scenario", "init", "--out", "-"},
		{"trial", "plan", "--strategy", "security-lake", "--sample", "enterprise"},
		{"version"},
		{"--version"},
	} {
		checkWidth(t, "trailwise "+strings.Join(args, " "), runInProcess(t, args...))
	}
}

// The check above can fail: a line one column too wide is caught.
func TestCheckWidthCatchesAWideLine(t *testing.T) {
	wide := strings.Repeat("x", outputWidth+1)
	if got := wideLines("fits\n" + strings.Repeat("é", outputWidth) + "\n" + wide + "\n\tsource <(x)"); len(got) != 1 || got[0] != wide {
		t.Errorf("wide lines %q, want the 81-column one", got)
	}
	if !wideURL.MatchString("  3  https://example.com/" + wide) {
		t.Error("a numbered source URL is not recognized")
	}
}

func TestVersionFlag(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		if out := runInProcess(t, args...); out != "trailwise "+version+"\n" {
			t.Errorf("trailwise %s: %q", args[0], out)
		}
	}
	help := runInProcess(t, "--help")
	for _, want := range []string{"\n  version ", "\n  completion ", "--version"} {
		if !strings.Contains(help, want) {
			t.Errorf("help does not list %q", strings.TrimSpace(want))
		}
	}
}

// A mistyped command is refused with the command it was probably meant to
// be, for the root (which runs alone) as for a command group.
func TestMistypedCommandSuggests(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"estimat"}, "did you mean estimate?"},
		{[]string{"sampels"}, "did you mean samples?"},
		{[]string{"ranks"}, "did you mean rank?"},
	} {
		_, stderr, code := trailwise(t, ".", c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("trailwise %s: exit %d, %q; want one line with %q", c.args[0], code, stderr, c.want)
		}
	}
}

func TestSampleAndDatasetTogether(t *testing.T) {
	dir := writeFile(t, "org.json", goodDataset)
	for _, cmd := range []string{"estimate", "rank", "tui", "trial plan --strategy security-lake"} {
		args := append(strings.Fields(cmd), "--sample", "small", "--dataset", "org.json")
		_, stderr, code := trailwise(t, dir, args...)
		if code != 2 || stderr != "trailwise: give either --sample or --dataset, not both\n" {
			t.Errorf("%s: exit %d, %q", cmd, code, stderr)
		}
	}
}

// complete asks the command tree what the shell should offer, as the
// completion scripts do (cobra's hidden __complete command).
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	out := runInProcess(t, append([]string{cobra.ShellCompRequestCmd}, args...)...)
	var values []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, ":") && !strings.HasPrefix(line, "Completion ended") {
			values = append(values, strings.SplitN(line, "\t", 2)[0])
		}
	}
	return values
}

// Every command with --sample, --preset, --strategy, --format or --region
// offers its values to the shell.
func TestFlagCompletionOffersValues(t *testing.T) {
	want := map[string]string{"sample": "enterprise", "preset": "balanced", "strategy": "security-lake",
		"format": "json", "region": "ap-northeast-1", "method": "topsis"}
	checked := map[string]int{}
	for _, path := range allCommands() {
		root := newRootCmd()
		cmd, _, err := root.Find(path)
		if err != nil || len(path) == 0 && cmd != root {
			continue
		}
		for flag, value := range want {
			if cmd.Flags().Lookup(flag) == nil {
				continue
			}
			checked[flag]++
			args := append(append([]string{}, path...), "--"+flag, "")
			got := complete(t, args...)
			if !slices.Contains(got, value) {
				t.Errorf("trailwise %s --%s: offers %q, want %q among them", strings.Join(path, " "), flag, got, value)
			}
		}
	}
	for flag := range want {
		if checked[flag] == 0 {
			t.Errorf("no command has --%s", flag)
		}
	}
	// collect's --region is an AWS region to read, not a price book.
	if got := complete(t, "collect", "--region", "eu-"); !slices.Contains(got, "eu-central-1") {
		t.Errorf("collect --region eu-: %q", got)
	}
	if got := complete(t, "estimat"); !slices.Equal(got, []string{"estimate"}) {
		t.Errorf("trailwise estimat<tab>: %q", got)
	}
}
