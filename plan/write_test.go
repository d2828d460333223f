package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var two = []Artefact{{Path: "a.json", Content: []byte("A\n")}, {Path: "sub/b.json", Content: []byte("B\n")}}

// A new directory appears whole, and no temporary directory is left.
func TestWriteNewDirectory(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := Write(dir, two, false); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sub", "b.json")); string(b) != "B\n" {
		t.Errorf("sub/b.json: %q", b)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// Without --force an existing file stops everything before anything is
// written; with it, the plan's files are replaced and others are kept.
func TestWriteNeverOverwritesUnasked(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "sub", "b.json"), "mine\n")
	mustWrite(t, filepath.Join(dir, "notes.txt"), "keep\n")
	err := Write(dir, two, false)
	if err == nil || !strings.Contains(err.Error(), "b.json: exists; give --force") {
		t.Fatalf("err %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.json")); err == nil {
		t.Error("a.json written although the plan was refused")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sub", "b.json")); string(b) != "mine\n" {
		t.Errorf("b.json overwritten: %q", b)
	}
	if err := Write(dir, two, true); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"a.json": "A\n", "sub/b.json": "B\n", "notes.txt": "keep\n"} {
		if b, _ := os.ReadFile(filepath.Join(dir, path)); string(b) != want {
			t.Errorf("%s: %q, want %q", path, b, want)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".trailwise-plan-") {
			t.Errorf("temporary directory left: %s", e.Name())
		}
	}
}

func mustWrite(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
