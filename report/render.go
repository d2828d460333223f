package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/model"
)

// Formats lists the output formats, the default first.
var Formats = []string{"table", "json", "csv", "markdown", "focus", "html"}

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
	case "focus":
		return FOCUS(w, doc)
	case "html":
		return HTML(w, doc)
	}
	return fmt.Errorf("format: expected one of %s, got %q", strings.Join(Formats, ", "), format)
}

// JSON writes the document as indented JSON.
// A document from BuildDeferred is written with its bills filled in.
func JSON(w io.Writer, doc *Document) error { return encodeJSON(w, WithBills(doc)) }

// encodeJSON writes v as indented JSON, "<" and ">" as they are.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// CSVHeader is the header row of the long-form CSV.
var CSVHeader = []string{"month", "strategy", "available", "component", "name", "payer", "unit", "quantity", "unit_price", "cost", "currency", "rate", "fallback", "confidence", "kind"}

// CSV writes one row per month × strategy × cost line (RFC 4180), for
// spreadsheets: the month as the ISO date of its first day, plain decimals,
// no thousands separators. The costs of a strategy's month (rows of kind
// "cost") add up exactly to its total in the JSON. Rows of kind "leftover"
// follow: what each leftover trail costs under each strategy, a finding
// beside the total.
func CSV(w io.Writer, doc *Document) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, s := range doc.Strategies {
		for _, m := range s.Months {
			for _, l := range m.Lines {
				row := []string{isoMonth(m.Month), s.ID, fmt.Sprint(s.Available), l.Component, l.Name, l.Payer, l.Unit,
					fixed(float64(l.Quantity), 6), fixed(float64(l.UnitPrice), 6), l.Cost.String(), doc.Currency, l.Rate, fmt.Sprint(l.Fallback), rateConfidence(doc, l.Rate), "cost"}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	if err := leftoverCSVRows(doc, cw.Write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// CSVByAccountHeader is the header row of the per-account CSV.
var CSVByAccountHeader = []string{"month", "strategy", "available", "component", "name", "payer", "paid_by", "account", "account_name", "driver", "share", "cost", "currency", "rate", "fallback"}

// CSVByAccount writes every cost line spread over the accounts (RFC 4180):
// one row per month × strategy × cost line × account. paid_by is the account
// AWS bills (the member account itself for a members line); account is the
// account the cost is charged to, by its share of the line's driver that
// month. Summed by account it is the chargeback; by paid_by, each account's
// bill; a line's rows add up exactly to its cost.
func CSVByAccount(w io.Writer, doc *Document) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVByAccountHeader); err != nil {
		return err
	}
	var err error
	sp := newSpreader(doc)
	for i := range doc.Strategies {
		s := &doc.Strategies[i]
		sp.each(s, func(m int, l *Line, a int, units int64) {
			if err != nil {
				return
			}
			acc := doc.Allocation.Accounts[a]
			paidBy := payingAccount(doc, l.Payer)
			if l.Payer == model.PayerMembers {
				paidBy = acc.Account
			}
			share := "1.00000000"
			if sh, ok := doc.Allocation.Months[m].Shares[l.Driver]; ok && a < len(sh) {
				share = fixed(float64(sh[a]), 8)
			}
			err = cw.Write([]string{isoMonth(s.Months[m].Month), s.ID, fmt.Sprint(s.Available), l.Component, l.Name, l.Payer, paidBy,
				acc.Account, acc.Name, l.Driver, share, fromUnits(units).String(), doc.Currency, l.Rate, fmt.Sprint(l.Fallback)})
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// isoMonth is the ISO date of a YYYY-MM month's first day.
func isoMonth(m string) string { return m + "-01" }

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
	Rate  string
	Cost  Money
}

// LargestLines sums a strategy's lines by name and payer over its first
// twelve months and returns the n largest.
func LargestLines(s Strategy, n int) []LineTotal {
	sums := map[[3]string]Money{}
	for i, m := range s.Months {
		if i == 12 {
			break
		}
		for _, l := range m.Lines {
			sums[[3]string{l.Name, l.Payer, l.Rate}] += l.Cost
		}
	}
	out := make([]LineTotal, 0, len(sums))
	for k, v := range sums {
		out = append(out, LineTotal{Name: k[0], Payer: k[1], Rate: k[2], Cost: v})
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
func money2(m Money) string { return textfmt.Money(float64(m), 2) }

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
// strategy (cheapest first), its first and last month, its first-year total
// and, when the report has Monte Carlo draws and the width allows, the
// first-year P10–P90 band; beneath it the three largest cost lines or why it
// is unavailable.
func Table(w io.Writer, doc *Document, width int) error {
	first, last := monthSpan(doc)
	ds := doc.Inputs.Dataset
	var b strings.Builder
	b.WriteString(wrap(fmt.Sprintf("%s: %d accounts measured %s..%s, projected %s..%s with price book %s",
		ds.Organization, ds.Accounts, ds.Period.Start, ds.Period.End, first, last, doc.Inputs.PriceBook.ID), "", width))
	rows := byFirstYear(doc)
	num, idW, bandW := len("FIRST YEAR"), len("STRATEGY ("+doc.Currency+")"), 0
	bands := make([]string, len(rows))
	for _, s := range rows {
		for _, v := range []Money{s.Totals.FirstMonth, s.Totals.LastMonth, s.Totals.FirstYear} {
			num = max(num, len(money2(v)))
		}
		idW = max(idW, len(s.ID))
	}
	if doc.Inputs.MonteCarlo.Draws > 0 { // the band with cents, else whole units, if it fits
		for _, format := range []func(Money) string{money2, money0} {
			bandW = len("P10–P90")
			for i, s := range rows {
				bands[i] = format(s.Totals.FirstYearP10) + "–" + format(s.Totals.FirstYearP90)
				bandW = max(bandW, len([]rune(bands[i])))
			}
			if idW+3*(num+1)+bandW+1 <= width {
				break
			}
			bandW = 0 // no room for the band
		}
	}
	fixedW := 3 * (num + 1)
	if bandW > 0 {
		fixedW += bandW + 1
	}
	nameW := max(width-fixedW, 20)
	row := func(id string, cells ...string) {
		fmt.Fprintf(&b, "%-*s %*s %*s %*s", nameW, textfmt.Clip(id, nameW), num, cells[0], num, cells[1], num, cells[2])
		if bandW > 0 {
			fmt.Fprintf(&b, " %*s", bandW, cells[3])
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	row("STRATEGY ("+doc.Currency+")", first, last, "FIRST YEAR", "P10–P90")
	const payerW = 11
	lineW := nameW + 2*(num+1) - payerW - 3
	for i, s := range rows {
		row(s.ID, money2(s.Totals.FirstMonth), money2(s.Totals.LastMonth), money2(s.Totals.FirstYear), bands[i])
		if !s.Available {
			b.WriteString(wrap("unavailable: "+s.UnavailableReason, "  ", width))
			continue
		}
		for _, l := range LargestLines(s, 3) {
			// a name is wrapped, never cut: the first line carries payer and cost
			name := strings.Split(strings.TrimRight(wrap(l.Name+confidenceLabel(doc, l.Rate), "", lineW), "\n"), "\n")
			fmt.Fprintf(&b, "  %-*s %-*s %*s\n", lineW, name[0], payerW, l.Payer, num, money2(l.Cost))
			for _, more := range name[1:] {
				fmt.Fprintf(&b, "    %s\n", more)
			}
		}
	}
	leftoverTable(&b, doc, width)
	if t := fallbackText(doc.Inputs.PriceBook); t != "" {
		b.WriteString("\n" + wrap(t, "", width))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// money0 writes an amount for people, rounded to whole units, with
// thousands separators.
func money0(m Money) string { return textfmt.Whole(float64(m)) }

// rateConfidence is the confidence tag of a rate the report used.
func rateConfidence(doc *Document, rate string) string {
	for _, r := range doc.Inputs.PriceBook.Sources {
		if r.Rate == rate {
			return r.Confidence
		}
	}
	return ""
}

// confidenceLabel marks a line whose rate is derived or unconfirmed, so
// that no view shows such a figure as if AWS had published it.
func confidenceLabel(doc *Document, rate string) string {
	switch rateConfidence(doc, rate) {
	case "D":
		return " [derived rate]"
	case "U":
		return " [unconfirmed rate]"
	}
	return ""
}

// fallbackLabel says where a fallback rate's price comes from, for the
// price sources: "fallback aws-us-east-1-2026-11-01", or, for a region
// without a book, "fallback: no price book for eu-north-1, ... rate".
func fallbackLabel(pb PriceBookInfo, s RateSource) string {
	from := s.FallbackFrom
	if from == "" { // a report written before the field
		from = pb.Fallback
	}
	if s.NoBook != "" {
		return "fallback: no price book for " + s.NoBook + ", " + from + "'s rate"
	}
	return "fallback " + from
}

// fallbackText is the sentence the table ends with when a rate is a
// fallback: which rates, priced from where. "" when none is.
func fallbackText(pb PriceBookInfo) string {
	var said []string
	for _, s := range pb.Sources {
		if !s.Fallback {
			continue
		}
		var t string
		if s.NoBook != "" {
			t = "no price book for " + s.NoBook + ": " + s.Name + " out of it priced at " + pb.Region + "'s rate"
		} else {
			region := pb.Region
			if _, r, ok := strings.Cut(s.Rate, "@"); ok {
				region = r
			}
			from := s.FallbackFrom
			if from == "" {
				from = pb.Fallback
			}
			t = "some rates are unknown for " + region + " and were priced from " + from
		}
		if !slices.Contains(said, t) {
			said = append(said, t)
		}
	}
	if len(said) == 0 {
		return ""
	}
	t := strings.Join(said, "; ")
	return strings.ToUpper(t[:1]) + t[1:] + " (marked fallback in JSON and CSV)."
}

// wrap breaks text into lines each with the indent, leaving the last of
// the width's columns free.
func wrap(text, indent string, width int) string {
	return textfmt.Indent(text, indent, indent, width-1)
}

// Options change how a format renders.
type Options struct {
	// ByAccount spreads the CSV's lines over the accounts (CSVByAccount).
	ByAccount bool
}

// RenderWith writes the document in the format, as the command that made it
// would: a ranked report's table is the ranking table. ByAccount applies to
// csv only.
func RenderWith(w io.Writer, doc *Document, format string, o Options) error {
	if o.ByAccount && format != "csv" {
		return fmt.Errorf("by account: only with the csv format, got %s", format)
	}
	switch {
	case format == "csv" && o.ByAccount:
		return CSVByAccount(w, doc)
	case format == "table" && doc.Ranking != nil:
		return RankingTable(w, doc, 80)
	}
	return Render(w, doc, format)
}
