package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/trailwise/trailwise/model"
)

// The progress line is rewritten in place with the figures worked by hand
// (1.5 GiB of 3 GiB is 50%), and ends with the rows read, or with a bare
// newline when the reading failed so that the error starts its own line.
func TestProgressLine(t *testing.T) {
	d := &model.Dataset{Usage: make([]model.Usage, 1234)}
	var out bytes.Buffer
	progress, done := progressLine(&out)
	progress(0, 3<<30)
	progress(3<<29, 3<<30)
	done(d)
	want := "\rtrailwise: reading the dataset: 0.0 GiB of 3.0 GiB (0%)   " +
		"\rtrailwise: reading the dataset: 1.5 GiB of 3.0 GiB (50%)   " +
		"\rtrailwise: read the dataset: 3.0 GiB, 1,234 usage rows; pricing them   \n"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}

	out.Reset()
	progress, done = progressLine(&out)
	progress(200<<20, 500<<20)
	done(nil)
	if want := "\rtrailwise: reading the dataset: 200 MiB of 500 MiB (40%)   \n"; out.String() != want {
		t.Errorf("a failed reading: got %q, want %q", out.String(), want)
	}

	out.Reset()
	_, done = progressLine(&out)
	done(d)
	if out.Len() != 0 {
		t.Errorf("no progress shown, yet the end wrote %q", out.String())
	}
}

// Off a terminal (a pipe, a file, a buffer) and for a small file, reading
// a dataset shows nothing: pipes and logs get no carriage returns.
func TestDatasetProgressOnlyOnATerminal(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, loadProgressFrom); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []io.Writer{&bytes.Buffer{}, f, nil} {
		if progress, _ := datasetProgress(w, big); progress != nil {
			t.Errorf("%T: a progress line off a terminal", w)
		}
	}
}
