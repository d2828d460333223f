package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Markdown writes the comparison as a document readable in a pull request:
// the question, the options and their costs, what drives each, the
// assumptions and the price sources.
func Markdown(w io.Writer, doc *Document) error {
	first, last := monthSpan(doc)
	ds := doc.Inputs.Dataset
	var b strings.Builder
	fmt.Fprintf(&b, "# CloudTrail management: cost of each strategy\n\n")
	fmt.Fprintf(&b, "Organization `%s`, %d accounts, measured %s to %s (%s). Priced with `%s` (%s, effective %s) for %s to %s, in %s.\n\n",
		ds.Organization, ds.Accounts, ds.Period.Start, ds.Period.End, ds.Name, doc.Inputs.PriceBook.ID,
		doc.Inputs.PriceBook.Region, doc.Inputs.PriceBook.EffectiveDate, first, last, doc.Currency)
	b.WriteString("## Options\n\n")
	fmt.Fprintf(&b, "| Strategy | Available | %s | %s | First year |\n|---|---|--:|--:|--:|\n", first, last)
	for _, s := range byFirstYear(doc) {
		avail := "yes"
		if !s.Available {
			avail = "no: " + mdEscape(s.UnavailableReason)
		}
		fmt.Fprintf(&b, "| `%s` %s | %s | %s | %s | %s |\n", s.ID, mdEscape(s.Name), avail,
			money2(s.Totals.FirstMonth), money2(s.Totals.LastMonth), money2(s.Totals.FirstYear))
	}
	b.WriteString("\n## What drives each cost\n")
	for _, s := range byFirstYear(doc) {
		fmt.Fprintf(&b, "\n### `%s`\n\n%s\n", s.ID, s.Summary)
		for _, n := range s.Notes {
			fmt.Fprintf(&b, "- %s\n", mdEscape(n))
		}
		b.WriteString("\n| Largest first-year lines | Payer | Cost |\n|---|---|--:|\n")
		for _, l := range LargestLines(s, 5) {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", mdEscape(l.Name), l.Payer, money2(l.Cost))
		}
	}
	b.WriteString("\n## Assumptions\n\n| Setting | Value |\n|---|---|\n")
	for _, kv := range flatten(doc.Inputs.Scenario) {
		fmt.Fprintf(&b, "| `%s` | %s |\n", kv[0], mdEscape(kv[1]))
	}
	b.WriteString("\n## Price sources\n\n| Rate | Unit | Confidence | Source |\n|---|---|---|---|\n")
	for _, r := range doc.Inputs.PriceBook.Sources {
		conf := r.Confidence
		if r.Fallback {
			conf += " (fallback " + doc.Inputs.PriceBook.Fallback + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdEscape(r.Name), r.Unit, conf, mdEscape(r.Source))
	}
	b.WriteString("\nConfidence: P = AWS pricing page, S = secondary sources agree, D = derived, U = unconfirmed.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// flatten lists a value's JSON fields as dotted keys and compact values, sorted.
func flatten(v any) [][2]string {
	data, _ := json.Marshal(v)
	var tree map[string]any
	_ = json.Unmarshal(data, &tree)
	var out [][2]string
	var walk func(prefix string, x any)
	walk = func(prefix string, x any) {
		if m, ok := x.(map[string]any); ok && len(m) > 0 {
			for k, v := range m {
				walk(strings.TrimPrefix(prefix+"."+k, "."), v)
			}
			return
		}
		val, _ := json.Marshal(x)
		out = append(out, [2]string{prefix, string(val)})
	}
	walk("", tree)
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
