package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// badCommand is the command line that reads a catalogue file, by the kind
// its name starts with.
func badCommand(file string) []string {
	kind, _, _ := strings.Cut(file, "-")
	switch kind {
	case "dataset":
		return []string{"estimate", "--dataset", file, "--draws", "0"}
	case "scenario":
		return []string{"estimate", "--scenario", file, "--draws", "0"}
	case "criteria":
		return []string{"rank", "--criteria", file, "--draws", "0"}
	case "judgments":
		return []string{"rank", "--ahp", file, "--draws", "0"}
	case "report":
		return []string{"report", "--from", file}
	case "billing":
		return []string{"collect", "--from-billing-export", file, "--org-id", "o-a1b2c3d4e5", "--out", "-"}
	case "usage":
		return []string{"trial", "project", "--strategy", "security-lake", "--sample", "enterprise", "--usage", file}
	}
	return nil
}

// The catalogue of bad inputs (testdata/bad/, listed in cases.tsv), each
// run through the command that reads it: the exit code it must end with,
// one line on stderr naming the file and the place, nothing on stdout, no
// panic, and no file written beside it. A file that must be accepted
// (exit 0) prints no raw control character.
func TestBadInputCatalogue(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "bad")
	list, err := os.ReadFile(filepath.Join(dir, "cases.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(list)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("cases.tsv: %q: expected file, exit code, message, what", line)
		}
		file, want, what := f[0], f[2], f[3]
		code, _ := strconv.Atoi(f[1])
		args := badCommand(file)
		if args == nil {
			t.Fatalf("%s: no command reads this kind of file", file)
		}
		kind, _, _ := strings.Cut(file, "-")
		kinds[kind]++
		n++
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			data, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(work, file), data, 0o600); err != nil {
				t.Fatal(err)
			}
			out, stderr, got := trailwise(t, work, args...)
			if got != code {
				t.Errorf("%s: exit %d, want %d (stderr %q)", what, got, code, stderr)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
				t.Fatalf("%s: panicked: %s", what, stderr)
			}
			if entries, _ := os.ReadDir(work); len(entries) != 1 {
				t.Errorf("%s: files written beside the input: %v", what, entries)
			}
			if code == 0 {
				if r, bad := rawControl(out + stderr); bad {
					t.Errorf("%s: printed %q raw", what, r)
				}
				return
			}
			if out != "" {
				t.Errorf("%s: wrote to stdout: %.80q", what, out)
			}
			prefix := "trailwise: " + file + ": "
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, prefix) || !strings.Contains(stderr, want) {
				t.Errorf("%s:\n got: %q\nwant: one line starting %q, containing %q", what, stderr, prefix, want)
			}
		})
	}
	if n < 60 {
		t.Errorf("the catalogue holds %d bad inputs, fewer than 60", n)
	}
	for _, k := range []string{"dataset", "scenario", "criteria", "judgments", "report", "usage", "billing"} {
		if kinds[k] == 0 {
			t.Errorf("no bad input of kind %s", k)
		}
	}
}
