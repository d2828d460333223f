package main

import (
	"io"
	"unicode/utf8"

	"github.com/trailwise/trailwise/report"
)

// safeWriter is what every command but the terminal interface writes to:
// it passes newlines and tabs (the output's own layout) and escapes every
// other control character (report.SafeText), so that no text from input
// (an account name carrying ESC ] 0 ; or ESC [ 2 J, a file name with a CR)
// reaches the terminal raw, whichever renderer or note printed it. JSON is
// unchanged (encoding/json escapes controls itself).
type safeWriter struct {
	w       io.Writer
	pending []byte // the first bytes of a character split across writes
}

func newSafeWriter(w io.Writer) *safeWriter { return &safeWriter{w: w} }

// raw is the writer under w, for the writers that send control sequences
// on purpose: the terminal interface, collect's progress line.
func raw(w io.Writer) io.Writer {
	if s, ok := w.(*safeWriter); ok {
		return s.w
	}
	return w
}

func (s *safeWriter) Write(p []byte) (int, error) {
	buf := append(s.pending, p...)
	s.pending = nil
	cut := len(buf)
	// keep an incomplete last character for the next write
	for i := max(0, len(buf)-utf8.UTFMax+1); i < len(buf); i++ {
		if utf8.RuneStart(buf[i]) && !utf8.FullRune(buf[i:]) {
			cut = i
			break
		}
	}
	s.pending = append(s.pending, buf[cut:]...)
	out := escapeLayout(buf[:cut])
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// escapeLayout is b with every unsafe character but newline and tab
// escaped, b itself when it has none.
func escapeLayout(b []byte) []byte {
	clean := true
	for _, c := range b {
		if (c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	var out []byte
	start := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == '\n' || r == '\t' {
			i += size
			continue
		}
		if e := report.SafeText(string(b[i : i+size])); len(e) != size || e != string(b[i:i+size]) {
			out = append(append(out, b[start:i]...), e...)
			start = i + size
		}
		i += size
	}
	return append(out, b[start:]...)
}
