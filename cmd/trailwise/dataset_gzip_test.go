package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// collect --out org.json.gz writes the dataset gzip-compressed (the bytes
// of --out org.json, inflated by the standard library's reader), leaving
// no other file; estimate and rank read it and answer exactly as from the
// plain file.
func TestCollectGzipDatasetRoundTrip(t *testing.T) {
	dir := t.TempDir()
	synthTrail(t, filepath.Join(dir, "trail"), "o-synthtest01", []string{"111111111111", "222222222222"}, []string{"us-east-1"},
		[]string{"2026-10-30", "2026-10-31"}, 2, 5)
	for _, out := range []string{"org.json", "org.json.gz"} {
		_, stderr, code := trailwise(t, dir, "collect", "--from-dir", "trail", "--management-account", "111111111111", "--out", out)
		if code != 0 || !strings.Contains(stderr, out) {
			t.Fatalf("collect --out %s: exit %d: %s", out, code, stderr)
		}
	}
	plain, err := os.ReadFile(filepath.Join(dir, "org.json"))
	if err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile(filepath.Join(dir, "org.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatalf("org.json.gz is not gzip: %v", err)
	}
	inflated, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(inflated, plain) {
		t.Fatalf("org.json.gz inflates to %d bytes (%v), org.json is %d", len(inflated), err, len(plain))
	}
	if len(gz)*4 > len(plain) {
		t.Errorf("gzip %d bytes, plain %d: not compressed", len(gz), len(plain))
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if strings.Join(names, " ") != "org.json org.json.gz trail" {
		t.Errorf("left %v", names)
	}
	for _, cmd := range [][]string{
		{"estimate", "--format", "json", "--months", "1", "--draws", "0", "--generated-at", fixedTime},
		{"rank", "--format", "json", "--months", "1", "--draws", "0", "--generated-at", fixedTime},
	} {
		want, stderr, code := trailwise(t, dir, append(cmd, "--dataset", "org.json")...)
		if code != 0 {
			t.Fatalf("%v org.json: exit %d: %s", cmd, code, stderr)
		}
		got, stderr, code := trailwise(t, dir, append(cmd, "--dataset", "org.json.gz")...)
		if code != 0 {
			t.Fatalf("%v org.json.gz: exit %d: %s", cmd, code, stderr)
		}
		if strings.ReplaceAll(got, "org.json.gz", "org.json") != want || len(want) < 100 {
			t.Errorf("%v: the gzipped dataset answers differently:\n%.300s\n%.300s", cmd, got, want)
		}
	}
}

// A gzipped dataset that is cut off, or inflates past --max-input-size,
// is one line naming the file, exit 1.
func TestGzipDatasetRefused(t *testing.T) {
	dir := t.TempDir()
	plain, err := os.ReadFile(filepath.Join("..", "..", "testdata", "bad", "dataset-corrupt-gzip.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(bytes.Repeat([]byte(" "), 8<<20))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "bomb.json.gz"), bomb.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cut.json.gz"), plain, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"estimate", "--dataset", "bomb.json.gz", "--max-input-size", "1MiB"},
			"trailwise: bomb.json.gz: inflates past 1 MiB, the most trailwise reads of a dataset uncompressed: refused (raise it with --max-input-size)\n"},
		{[]string{"tui", "--dataset", "cut.json.gz"},
			"trailwise: cut.json.gz: expected a gzip-compressed dataset (the file starts with gzip's magic bytes), got a corrupt gzip stream: unexpected EOF\n"},
	} {
		out, stderr, code := trailwise(t, dir, tc.args...)
		if code != 1 || out != "" || stderr != tc.want {
			t.Errorf("%v: exit %d, stdout %.80q, stderr %q, want %q", tc.args, code, out, stderr, tc.want)
		}
	}
}
