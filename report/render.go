package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Formats lists the output formats, the default first.
var Formats = []string{"table", "json", "csv", "markdown"}

// Render writes the document in the format.
func Render(w io.Writer, doc *Document, format string) error {
	switch format {
	case "table":
		return Table(w, doc, 80)
	case "json":
		return JSON(w, doc)
	case "csv":
		return CSV(w, doc)
	case "markdown":
		return Markdown(w, doc)
	}
	return fmt.Errorf("--format: expected one of %s, got %q", strings.Join(Formats, ", "), format)
}

// JSON writes the document as indented JSON.
func JSON(w io.Writer, doc *Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// CSVHeader is the header row of the long-form CSV.
var CSVHeader = []string{"month", "strategy", "available", "component", "name", "payer", "unit", "quantity", "unit_price", "cost", "currency", "rate", "fallback"}

// CSV writes one row per month × strategy × cost line (RFC 4180), for
// spreadsheets: ISO months, plain decimals, no thousands separators.
func CSV(w io.Writer, doc *Document) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, s := range doc.Strategies {
		for _, m := range s.Months {
			for _, l := range m.Lines {
				row := []string{m.Month, s.ID, fmt.Sprint(s.Available), l.Component, l.Name, l.Payer, l.Unit,
					fixed(float64(l.Quantity), 6), fixed(float64(l.UnitPrice), 6), l.Cost.String(), doc.Currency, l.Rate, fmt.Sprint(l.Fallback)}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// byFirstYear orders strategies for reading: available ones cheapest first,
// then the unavailable ones, each group stable.
func byFirstYear(doc *Document) []Strategy {
	out := append([]Strategy(nil), doc.Strategies...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Available != out[j].Available {
			return out[i].Available
		}
		return out[i].Totals.FirstYear < out[j].Totals.FirstYear
	})
	return out
}

// LineTotal is a cost line summed over the first year.
type LineTotal struct {
	Name  string
	Payer string
	Cost  Money
}

// LargestLines sums a strategy's lines by name and payer over its first
// twelve months and returns the n largest.
func LargestLines(s Strategy, n int) []LineTotal {
	sums := map[[2]string]Money{}
	for i, m := range s.Months {
		if i == 12 {
			break
		}
		for _, l := range m.Lines {
			sums[[2]string{l.Name, l.Payer}] += l.Cost
		}
	}
	out := make([]LineTotal, 0, len(sums))
	for k, v := range sums {
		out = append(out, LineTotal{Name: k[0], Payer: k[1], Cost: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Cost != out[j].Cost {
			return out[i].Cost > out[j].Cost
		}
		return out[i].Name+out[i].Payer < out[j].Name+out[j].Payer
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// money2 writes an amount for people: thousands separators, two places.
func money2(m Money) string {
	s := fixed(float64(m), 2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}

// months returns the first and last month labels.
func monthSpan(doc *Document) (first, last string) {
	for _, s := range doc.Strategies {
		if n := len(s.Months); n > 0 {
			return s.Months[0].Month, s.Months[n-1].Month
		}
	}
	return "", ""
}

// Table writes the comparison for a terminal of the given width: one row per
// strategy (cheapest first), its first and last month, its first-year total,
// and beneath it the three largest cost lines or why it is unavailable.
func Table(w io.Writer, doc *Document, width int) error {
	first, last := monthSpan(doc)
	ds := doc.Inputs.Dataset
	var b strings.Builder
	b.WriteString(wrap(fmt.Sprintf("%s: %d accounts measured %s..%s, projected %s..%s with price book %s",
		ds.Organization, ds.Accounts, ds.Period.Start, ds.Period.End, first, last, doc.Inputs.PriceBook.ID), "", width))
	const num = 12
	nameW := width - 3*num - 3
	if nameW < 20 {
		nameW = 20
	}
	fmt.Fprintf(&b, "\n%-*s %*s %*s %*s\n", nameW, "STRATEGY ("+doc.Currency+")", num, first, num, last, num, "FIRST YEAR")
	for _, s := range byFirstYear(doc) {
		if !s.Available {
			fmt.Fprintf(&b, "%-*s %*s %*s %*s\n", nameW, clip(s.ID, nameW), num, money2(s.Totals.FirstMonth), num, money2(s.Totals.LastMonth), num, money2(s.Totals.FirstYear))
			b.WriteString(wrap("unavailable: "+s.UnavailableReason, "  ", width))
			continue
		}
		fmt.Fprintf(&b, "%-*s %*s %*s %*s\n", nameW, clip(s.ID, nameW), num, money2(s.Totals.FirstMonth), num, money2(s.Totals.LastMonth), num, money2(s.Totals.FirstYear))
		const payerW = 11
		lineW := width - num - payerW - 4
		for _, l := range LargestLines(s, 3) {
			fmt.Fprintf(&b, "  %-*s %-*s %*s\n", lineW, clip(l.Name, lineW), payerW, clip(l.Payer, payerW), num, money2(l.Cost))
		}
	}
	if doc.Inputs.PriceBook.Fallback != "" && hasFallback(doc) {
		b.WriteString("\n" + wrap("Some rates are unknown for "+doc.Inputs.PriceBook.Region+" and were priced from "+doc.Inputs.PriceBook.Fallback+" (marked fallback in JSON and CSV).", "", width))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func hasFallback(doc *Document) bool {
	for _, r := range doc.Inputs.PriceBook.Sources {
		if r.Fallback {
			return true
		}
	}
	return false
}

// clip shortens s to n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// wrap breaks text into lines of at most width runes, each with the indent.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if len([]rune(line))+len([]rune(word))+1 > width && strings.TrimSpace(line) != "" {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		line += word + " "
	}
	if strings.TrimSpace(line) != "" {
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return b.String()
}
