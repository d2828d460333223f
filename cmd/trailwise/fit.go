package main

import (
	"fmt"
	"github.com/trailwise/trailwise/internal/textfmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// outputWidth is the width tables and help are made to fit.
const outputWidth = 80

// minFlexWidth keeps a wrapped column readable when the others are wide.
const minFlexWidth = 16

// fitTable writes header and rows as aligned columns, two spaces apart,
// within width: every column but flex is as wide as its widest cell, and
// the flex column is wrapped at spaces (and at the line breaks its cells
// carry) to what remains, its later lines under its first.
func fitTable(w io.Writer, width, flex int, header []string, rows [][]string) error {
	widths := make([]int, len(header))
	widest := 0 // the flex column's widest line
	for _, r := range append([][]string{header}, rows...) {
		for i, cell := range r {
			if i != flex {
				widths[i] = max(widths[i], ansi.StringWidth(cell))
				continue
			}
			for _, line := range strings.Split(cell, "\n") {
				widest = max(widest, ansi.StringWidth(line))
			}
		}
	}
	used := 0
	for i, wd := range widths {
		if i != flex {
			used += wd + 2
		}
	}
	widths[flex] = min(widest, max(minFlexWidth, width-used))
	for _, r := range append([][]string{header}, rows...) {
		lines := wrapText(r[flex], widths[flex])
		for n, line := range lines {
			cells := make([]string, len(r))
			for i := range r {
				switch {
				case i == flex:
					cells[i] = pad(line, widths[i])
				case n == 0:
					cells[i] = pad(r[i], widths[i])
				default:
					cells[i] = strings.Repeat(" ", widths[i])
				}
			}
			if _, err := fmt.Fprintln(w, strings.TrimRight(strings.Join(cells, "  "), " ")); err != nil {
				return err
			}
		}
	}
	return nil
}

// wrapText breaks text at its line breaks, then at spaces so that no line
// passes width unless one word does.
func wrapText(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		lines := textfmt.Lines(para, width)
		if len(lines) == 0 {
			lines = []string{""}
		}
		out = append(out, lines...)
	}
	return out
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-ansi.StringWidth(s)))
}
