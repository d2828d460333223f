package tui

import (
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/model"
)

// money writes an amount for a narrow column: whole dollars with thousands
// separators from 1,000 up, cents below.
func money(v float64) string {
	sign := ""
	if v < 0 {
		sign = "-"
	}
	v = math.Abs(v)
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if v >= 1000 {
		s = textfmt.Whole(v)
	}
	return sign + "$" + s
}

// count writes a count with thousands separators.
func count(v float64) string { return textfmt.Whole(v) }

// bar draws a horizontal bar of v (0..1) in width cells, in eighths.
func bar(v float64, width int) string {
	if width <= 0 {
		return ""
	}
	v = math.Max(0, math.Min(1, v))
	eighths := int(math.Round(v * float64(width*8)))
	full := eighths / 8
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	if rem := eighths % 8; rem > 0 {
		b.WriteRune([]rune("▏▎▍▌▋▊▉")[rem-1])
		full++
	}
	b.WriteString(strings.Repeat(" ", width-full))
	return b.String()
}

// fit truncates s (which may hold styles) to width cells, with an ellipsis.
func fit(s string, width int) string { return textfmt.Clip(s, width) }

// pad truncates or right-pads s to exactly width cells.
func pad(s string, width int) string {
	s = fit(s, width)
	if w := ansi.StringWidth(s); w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// padLeft truncates or left-pads s to exactly width cells.
func padLeft(s string, width int) string {
	s = fit(s, width)
	if w := ansi.StringWidth(s); w < width {
		s = strings.Repeat(" ", width-w) + s
	}
	return s
}

// wrap breaks plain text into lines of at most width cells.
func wrap(s string, width int) []string {
	if width < 8 {
		width = 8
	}
	return strings.Split(ansi.Wrap(s, width, ""), "\n")
}

// frame clips or pads a block of lines to exactly h lines of at most w cells.
func frame(lines []string, w, h int) string {
	out := make([]string, 0, h)
	for _, l := range lines {
		for _, part := range strings.Split(l, "\n") {
			if len(out) == h {
				break
			}
			out = append(out, fit(part, w))
		}
	}
	for len(out) < h {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// columns joins two blocks side by side with a gap.
func columns(left, right string, leftWidth, gap int) string {
	l := lipgloss.NewStyle().Width(leftWidth).MaxWidth(leftWidth).Render(left)
	return lipgloss.JoinHorizontal(lipgloss.Top, l, strings.Repeat(" ", gap), right)
}

// short gives a strategy id a column-sized label.
func short(id string) string {
	return model.ShortLabel(id)
}
