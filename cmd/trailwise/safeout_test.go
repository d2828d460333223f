package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// hostile are names that would retitle (ESC ] 0 ;), clear (ESC [ 2 J),
// ring (BEL) or overwrite (CR) a terminal if printed raw.
var hostile = []string{"\x1b]0;pwned\a", "\x1b[2Jgone", "bell\a", "over\rwrite", "c1\u009b2J"}

// rawControl reports the first control character in out other than the
// output's own newlines and tabs.
func rawControl(out string) (rune, bool) {
	for _, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return r, true
		}
	}
	return 0, false
}

// Names from input carrying terminal control sequences are escaped in
// every text format and in errors: none reaches the terminal raw.
func TestControlCharactersNeverPrintedRaw(t *testing.T) {
	doc := goodDataset
	doc = strings.Replace(doc, `"name":"management"`, `"name":"`+jsonEscape(strings.Join(hostile, " "))+`"`, 1)
	doc = strings.Replace(doc, `"ou":"Root"`, `"ou":"`+jsonEscape(hostile[1])+`"`, 1)
	dir := writeFile(t, "org.json", doc)
	for _, args := range [][]string{
		{"estimate", "--dataset", "org.json", "--format", "table", "--draws", "0"},
		{"estimate", "--dataset", "org.json", "--format", "markdown", "--draws", "0"},
		{"estimate", "--dataset", "org.json", "--format", "csv", "--by-account", "--draws", "0"},
		{"rank", "--dataset", "org.json", "--format", "markdown", "--draws", "0"},
	} {
		out, stderr, code := trailwise(t, dir, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if r, bad := rawControl(out + stderr); bad {
			t.Errorf("%v: printed %q raw", args, r)
		}
		if slices.Contains(args, "markdown") {
			if !strings.Contains(out, `\x1b]0;pwned\a`) {
				t.Errorf("%v: the account name is not shown escaped", args)
			}
		}
	}
	// a file name and a key from input, in an error
	bad := "\x1b]0;x\a\r.json"
	if err := os.WriteFile(filepath.Join(dir, bad), []byte(strings.Replace(goodDataset, `"trails"`, `"`+jsonEscape("tr\x1b[2Jails")+`"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := trailwise(t, dir, "estimate", "--dataset", bad)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if r, isRaw := rawControl(stderr); isRaw || strings.Count(stderr, "\n") != 1 {
		t.Errorf("error printed %q raw, or on more than one line: %q", r, stderr)
	}
	if !strings.Contains(stderr, `\x1b]0;x\a\r.json`) {
		t.Errorf("the file name is not shown escaped: %q", stderr)
	}
}

func jsonEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			b.WriteString(`\u00`)
			b.WriteString("0123456789abcdef"[r>>4 : r>>4+1])
			b.WriteString("0123456789abcdef"[r&15 : r&15+1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// The writer keeps a character split across writes whole, and passes the
// output's own newlines and tabs.
func TestSafeWriterSplitsAndLayout(t *testing.T) {
	var b bytes.Buffer
	w := newSafeWriter(&b)
	for _, part := range []string{"a\tb\n", "Z\xc3", "\xbcrich \x1b", "[2J\n"} {
		w.Write([]byte(part))
	}
	if got, want := b.String(), "a\tb\nZürich \\x1b[2J\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Files trailwise writes are the owner's alone (0600), and written through
// a temporary file and a rename: scenario init --force too, which leaves no
// temporary file beside the scenario.
func TestWrittenFilesArePrivateAndAtomic(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "scenario.yaml"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := trailwise(t, dir, "scenario", "init", "--force"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left beside the scenario: %v", entries)
	}
	st, err := os.Stat(filepath.Join(dir, "scenario.yaml"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("scenario.yaml: %v, mode %v, want 0600", err, st.Mode().Perm())
	}
	path := filepath.Join(dir, "org.json")
	if err := writeAtomic(path, writeBytes([]byte(goodDataset))); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("dataset: mode %v, want 0600", st.Mode().Perm())
	}
}
