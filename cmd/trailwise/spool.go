package main

import (
	"bytes"
	"io"

	"github.com/trailwise/trailwise/internal/scratch"
)

// spoolMemory is how much of an output a spool holds in memory before it
// moves to a temporary file: a report is a few MB, but the per-account CSV
// of 10,000 accounts is 1.75 GB, which held in a growing buffer peaked at
// 3.9 GB.
const spoolMemory = 64 << 20

// spool holds a command's output until it is whole, so that a failure
// while rendering writes nothing (never half a report): in memory up to
// spoolMemory, past that in a temporary file without a name, which a
// killed process leaves nowhere.
type spool struct {
	mem  bytes.Buffer
	file *scratch.File
}

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && s.mem.Len()+len(p) <= spoolMemory {
		return s.mem.Write(p)
	}
	if s.file == nil {
		f, err := scratch.Create("trailwise-output-*")
		if err != nil {
			return 0, err
		}
		s.file = f
		if _, err := s.mem.WriteTo(f); err != nil {
			return 0, err
		}
	}
	return s.file.Write(p)
}

// writeTo copies the whole output to w.
func (s *spool) writeTo(w io.Writer) error {
	if s.file == nil {
		_, err := w.Write(s.mem.Bytes())
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.file)
	return err
}

// Close closes the temporary file, if there is one.
func (s *spool) Close() error {
	if s.file == nil {
		return nil
	}
	return s.file.Close()
}

// renderWhole runs render into a spool and, if it succeeds, writes the
// output to w.
func renderWhole(w io.Writer, render func(io.Writer) error) error {
	var s spool
	defer s.Close()
	if err := render(&s); err != nil {
		return err
	}
	return s.writeTo(w)
}
