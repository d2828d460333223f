// Package textfmt writes numbers and prose for people: amounts with
// thousands separators, quantities, percentages, and text wrapped or clipped
// to a width in terminal cells. The report, the commands and the terminal
// interface share it so that a figure reads the same in each.
package textfmt

import (
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Fixed writes v with places decimals; a value that rounds to zero has no
// minus sign ("0.00", never "-0.00").
func Fixed(v float64, places int) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	if s[0] == '-' {
		if z, _ := strconv.ParseFloat(s, 64); z == 0 {
			s = s[1:]
		}
	}
	return s
}

// Thousands puts a comma between every three digits of the whole part of a
// decimal ("-1234567.5" is "-1,234,567.5").
func Thousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, dot := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	if dot {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Money writes an amount with places decimals and thousands separators.
func Money(v float64, places int) string { return Thousands(Fixed(v, places)) }

// Whole writes v rounded to a whole number (halves away from zero) with
// thousands separators.
func Whole(v float64) string { return Money(math.Round(v), 0) }

// Quantity writes a measured quantity with about three significant digits:
// whole with thousands separators from 1,000 up (the cents of the amount
// rounded to cents dropped), fewer places as it grows below.
func Quantity(v float64) string {
	switch {
	case v >= 1000:
		s := Money(v, 2)
		return s[:len(s)-3]
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v == 0:
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// Percent writes a fraction as a percentage with one place (0.125 is
// "12.5%").
func Percent(v float64) string { return Fixed(v*100, 1) + "%" }

// SignedPercent is Percent with a plus sign on what is not negative.
func SignedPercent(v float64) string {
	s := Percent(v)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// Lines breaks text at spaces into lines of at most width cells; a word
// wider than that stays whole on a line of its own. Runs of spaces and line
// breaks count as one space; text without words gives no lines.
func Lines(text string, width int) []string { return hang(text, width, width) }

// Indent wraps text with first before the first line and rest before the
// others, each line at most width cells with its indent (a word wider than
// the room stays whole), and returns the lines, each ending in a line break;
// text without words gives "".
func Indent(text, first, rest string, width int) string {
	var b strings.Builder
	for i, l := range hang(text, width-ansi.StringWidth(first), width-ansi.StringWidth(rest)) {
		if i == 0 {
			b.WriteString(first)
		} else {
			b.WriteString(rest)
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// hang breaks text into lines of at most first cells for the first and
// rest cells for the others.
func hang(text string, first, rest int) []string {
	var out []string
	line, lineW, room := "", 0, first
	for _, word := range strings.Fields(text) {
		w := ansi.StringWidth(word)
		if line != "" && lineW+1+w > room {
			out = append(out, line)
			line, lineW, room = "", 0, rest
		}
		if line != "" {
			line += " "
			lineW++
		}
		line += word
		lineW += w
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// Clip shortens s to width cells, marking the cut with an ellipsis; styles
// (ANSI sequences) are kept.
func Clip(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}
