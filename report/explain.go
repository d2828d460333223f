package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/model"
)

// ExplainFormats lists the formats explain renders in, the default first.
var ExplainFormats = []string{"table", "json", "markdown"}

// RenderExplain writes an explanation in one of ExplainFormats.
func RenderExplain(w io.Writer, x *model.Explanation, format string) error {
	switch format {
	case "table":
		_, err := io.WriteString(w, explainTable(x, 80))
		return err
	case "json":
		return encodeJSON(w, x)
	case "markdown":
		_, err := io.WriteString(w, explainMarkdown(x))
		return err
	}
	return fmt.Errorf("format: expected one of %s, got %q", strings.Join(ExplainFormats, ", "), format)
}

// scope names what is explained.
func scope(x *model.Explanation) string {
	if x.Account != "" {
		return "account " + x.Account
	}
	return "organization " + x.Organization
}

// volumeLine is the totals in one sentence.
func volumeLine(x *model.Explanation) string {
	var parts []string
	var all int64
	for _, c := range model.Categories {
		if n := x.Events[c]; n > 0 {
			parts = append(parts, textfmt.Whole(float64(n))+" "+c)
			all += n
		}
	}
	s := fmt.Sprintf("%s events (%s), %s GB uncompressed", textfmt.Whole(float64(all)), strings.Join(parts, ", "), gb(x.Bytes))
	if x.Covered > 0 {
		s += fmt.Sprintf("; the breakdown by source covers %s of the events", textfmt.Percent(x.Covered))
	}
	return s + "."
}

func gb(b int64) string { return textfmt.Money(float64(b)/1e9, 2) }

// usdWhole is whole dollars, or cents below ten dollars, where a small
// organization's savings would all read 0.
func usdWhole(v float64) string {
	if v < 10 && v > -10 {
		return textfmt.Money(v, 2)
	}
	return textfmt.Whole(v)
}

// savingsLine lists a candidate's saving under each strategy it saves a
// dollar or more a month under, then the others.
func savingsLine(x *model.Explanation, c model.Candidate) string {
	var parts, none []string
	for i, id := range x.Strategies {
		if c.Savings[i] < 0.005 {
			none = append(none, id)
			continue
		}
		parts = append(parts, id+" "+usdWhole(c.Savings[i]))
	}
	s := strings.Join(parts, ", ")
	switch {
	case len(none) == 0:
	case len(parts) == 0:
		s = "nothing under any strategy"
	case len(none) <= 2:
		s += "; nothing under " + strings.Join(none, " and ")
	default:
		s += fmt.Sprintf("; nothing under the %d others", len(none))
	}
	return s
}

// bestStrategy is the strategy a candidate saves most under.
func bestStrategy(x *model.Explanation, c model.Candidate) string {
	for i, id := range x.Strategies {
		if c.Savings[i] == c.Best {
			return id
		}
	}
	return ""
}

func explainTable(x *model.Explanation, width int) string {
	var b strings.Builder
	b.WriteString(textfmt.Indent(fmt.Sprintf("What drives the volume: %s, %s to %s.", scope(x), x.Period.Start, x.Period.End), "", "", width))
	b.WriteString(textfmt.Indent(volumeLine(x), "", "", width))
	b.WriteString("\n")
	if len(x.Sources) > 0 {
		fmt.Fprintf(&b, "%-30s %-10s %12s %7s %9s\n", "Top event sources", "category", "events", "share", "GB")
		for _, s := range x.Sources {
			fmt.Fprintf(&b, "%-30s %-10s %12s %7s %9s\n", textfmt.Clip(s.EventSource, 30), s.Category,
				textfmt.Whole(float64(s.Events)), textfmt.Percent(s.Share), gb(s.Bytes))
			for _, n := range s.Names {
				fmt.Fprintf(&b, "  %-39s %12s %7s %9s\n", textfmt.Clip(n.EventName, 39),
					textfmt.Whole(float64(n.Events)), textfmt.Percent(n.Share), gb(n.Bytes))
			}
		}
		b.WriteString("Share: of the events of the source's category.\n")
		for _, s := range x.Sources {
			if s.Noisy != "" {
				b.WriteString(textfmt.Indent(s.Noisy+".", "! "+s.EventSource+": ", "  ", width))
			}
		}
		b.WriteString("\n")
	}
	if len(x.Candidates) > 0 {
		b.WriteString("What recording less would save (USD a month, mean over the horizon)\n")
		for i, c := range x.Candidates {
			head := fmt.Sprintf("%2d. %s", i+1, c.Exclude)
			tail := fmt.Sprintf("up to %s", usdWhole(c.Best))
			if best := bestStrategy(x, c); best != "" && len(x.Strategies) > 1 {
				tail += " (" + best + ")"
			}
			if pad := width - len(head) - len(tail); pad >= 1 {
				b.WriteString(head + strings.Repeat(" ", pad) + tail + "\n")
			} else {
				b.WriteString(head + "\n" + strings.Repeat(" ", max(width-len(tail), 4)) + tail + "\n")
			}
			if len(x.Strategies) > 1 {
				b.WriteString(textfmt.Indent(savingsLine(x, c), "    ", "    ", width))
			}
			if c.Largest != "" {
				b.WriteString(textfmt.Indent(fmt.Sprintf("largest: %s, %s a month", c.Largest, usdWhole(c.LargestSaving)), "    ", "    ", width))
			}
			b.WriteString(textfmt.Indent("would stop seeing: "+c.StopSeeing, "    ", "      ", width))
			b.WriteString("    " + trailsNote(c) + "\n")
		}
		b.WriteString("\n")
	}
	for _, n := range x.Notes {
		b.WriteString(textfmt.Indent(n, "Note: ", "      ", width))
	}
	return b.String()
}

func trailsNote(c model.Candidate) string {
	if c.Trails {
		return "trails and event data stores can exclude it"
	}
	return "event data stores only (a trail cannot exclude it)"
}

func explainMarkdown(x *model.Explanation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# What drives the volume: %s\n\n%s to %s. %s\n\n", scope(x), x.Period.Start, x.Period.End, volumeLine(x))
	if len(x.Sources) > 0 {
		b.WriteString("| Event source | Event name | Category | Events | Share | GB |\n|---|---|---|--:|--:|--:|\n")
		for _, s := range x.Sources {
			fmt.Fprintf(&b, "| %s | | %s | %s | %s | %s |\n", s.EventSource, s.Category, textfmt.Whole(float64(s.Events)), textfmt.Percent(s.Share), gb(s.Bytes))
			for _, n := range s.Names {
				fmt.Fprintf(&b, "| | %s | | %s | %s | %s |\n", n.EventName, textfmt.Whole(float64(n.Events)), textfmt.Percent(n.Share), gb(n.Bytes))
			}
		}
		b.WriteString("\nShare: of the events of the source's category.\n\n")
		for _, s := range x.Sources {
			if s.Noisy != "" {
				fmt.Fprintf(&b, "- **%s**: %s.\n", s.EventSource, s.Noisy)
			}
		}
	}
	if len(x.Candidates) > 0 {
		b.WriteString("\n## What recording less would save\n\nUSD a month, the mean over the horizon.\n\n")
		for i, c := range x.Candidates {
			fmt.Fprintf(&b, "%d. **%s**: up to %s a month", i+1, c.Exclude, usdWhole(c.Best))
			if best := bestStrategy(x, c); best != "" {
				fmt.Fprintf(&b, " (%s)", best)
			}
			fmt.Fprintf(&b, ". %s. Would stop seeing: %s. %s.\n", savingsLine(x, c), c.StopSeeing, strings.ToUpper(trailsNote(c)[:1])+trailsNote(c)[1:])
		}
	}
	if len(x.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range x.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	return b.String()
}
