package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Output larger than the spool's memory goes through a temporary file and
// comes out byte for byte; the file has no name in the temporary folder
// (so a killed process leaves none); a failed render writes nothing and
// leaves no file.
func TestRenderWholeSpillsAndCleansUp(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	chunk := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	var out bytes.Buffer
	err := renderWhole(&out, func(w io.Writer) error {
		for range spoolMemory>>20 + 3 {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		if s, ok := w.(*spool); !ok || s.file == nil {
			t.Errorf("past the spool's memory, the output is not in a file")
		}
		if files, _ := os.ReadDir(tmp); runtime.GOOS != "windows" && len(files) != 0 {
			t.Errorf("%d names in the temporary folder past the spool's memory, want none", len(files))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := (spoolMemory>>20 + 3) << 20; out.Len() != want || !bytes.Equal(out.Bytes()[:len(chunk)], chunk) {
		t.Errorf("%d bytes out, want %d", out.Len(), want)
	}
	var none bytes.Buffer
	err = renderWhole(&none, func(w io.Writer) error {
		w.Write(bytes.Repeat(chunk, spoolMemory>>20+1))
		return errors.New("render failed")
	})
	if err == nil || none.Len() != 0 {
		t.Errorf("a failed render: err %v, %d bytes written", err, none.Len())
	}
	left, _ := os.ReadDir(tmp)
	for _, e := range left {
		if strings.HasPrefix(e.Name(), "trailwise-output-") {
			t.Errorf("left behind: %s", filepath.Join(tmp, e.Name()))
		}
	}
}
