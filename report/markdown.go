package report

import (
	"encoding/json"
	"fmt"
	"github.com/trailwise/trailwise/internal/textfmt"
	"io"
	"sort"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// topAccounts is how many accounts the decision record's chargeback table lists.
const topAccounts = 10

// Markdown writes the report as a decision record readable in a pull
// request: the question, the options and their costs with the P10–P90 band,
// the ranking and its weights and how far the winner holds (when the report
// was ranked), what drives each cost, who pays (chargeback of the top
// accounts), the assumptions, and the price sources with their dates. One
// renderer serves estimate and rank reports alike.
func Markdown(w io.Writer, doc *Document) error {
	doc = WithBills(doc) // the chargeback table
	first, last := monthSpan(doc)
	chosen := recommended(doc)
	var b strings.Builder
	markdownQuestion(&b, doc, chosen, first, last)
	markdownOptions(&b, doc, first, last)
	if doc.Ranking != nil {
		rankingMarkdown(&b, doc.Ranking)
	}
	if chosen != nil {
		fmt.Fprintf(&b, "\n## Month by month: `%s`\n\n| Month | Cost | P10 | P50 | P90 |\n|---|--:|--:|--:|--:|\n", chosen.ID)
		for _, m := range chosen.Months {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", m.Month, money2(m.Total), money2(m.P10), money2(m.P50), money2(m.P90))
		}
		fmt.Fprintf(&b, "| **Total** | **%s** | | | |\n", money2(chosen.Totals.Horizon))
	}
	markdownDrivers(&b, doc)
	leftoverMarkdown(&b, doc)
	if chosen != nil {
		chargebackMarkdown(&b, doc, chosen, first, last)
	}
	if doc.Ranking != nil {
		markdownScores(&b, doc.Ranking)
	}
	markdownAssumptions(&b, doc)
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownQuestion writes the record's title, its question, what was
// measured and priced, and the answer in one line.
func markdownQuestion(b *strings.Builder, doc *Document, chosen *Strategy, first, last string) {
	ds, pb, mc, r := doc.Inputs.Dataset, doc.Inputs.PriceBook, doc.Inputs.MonteCarlo, doc.Ranking
	b.WriteString("# CloudTrail management: decision record\n\n")
	fmt.Fprintf(b, "**Question.** Which way of managing CloudTrail should organization `%s` adopt, what will it cost month by month from %s to %s, and why?\n\n",
		ds.Organization, first, last)
	fmt.Fprintf(b, "Organization `%s`, %d accounts, measured %s to %s (%s, `%s`). Priced with `%s` (%s, effective %s) for %s to %s, in %s.",
		ds.Organization, ds.Accounts, ds.Period.Start, ds.Period.End, mdEscape(ds.Name), ds.Digest, pb.ID, pb.Region, pb.EffectiveDate, first, last, doc.Currency)
	if mc.Draws > 0 {
		fmt.Fprintf(b, " Bands from %d Monte Carlo draws (seed %d).", mc.Draws, mc.Seed)
	} else {
		b.WriteString(" No Monte Carlo draws: the bands are the point estimate.")
	}
	fmt.Fprintf(b, " Generated %s by %s %s.\n\n", doc.GeneratedAt, doc.Tool.Name, doc.Tool.Version)
	if r != nil && len(r.Ranked) > 0 {
		fmt.Fprintf(b, "**First: `%s`** (%s).\n\n", r.Ranked[0].Strategy, mdEscape(howAsked(r)))
	} else if chosen != nil {
		fmt.Fprintf(b, "**Cheapest available over the first year: `%s`.**\n\n", chosen.ID)
	}
}

// markdownOptions writes the strategies' table: costs, band, cheapest in.
func markdownOptions(b *strings.Builder, doc *Document, first, last string) {
	b.WriteString("## Options\n\n")
	fmt.Fprintf(b, "| Strategy | Available | %s | %s | First year | P10–P90 first year | Cheapest in |\n|---|---|--:|--:|--:|--:|--:|\n", first, last)
	for _, s := range byFirstYear(doc) {
		avail := "yes"
		if !s.Available {
			avail = "no: " + mdEscape(s.UnavailableReason)
		}
		fmt.Fprintf(b, "| `%s` %s | %s | %s | %s | %s | %s – %s | %s |\n", s.ID, mdEscape(s.Name), avail,
			money2(s.Totals.FirstMonth), money2(s.Totals.LastMonth), money2(s.Totals.FirstYear),
			money2(s.Totals.FirstYearP10), money2(s.Totals.FirstYearP90), percent(s.ProbabilityCheapest))
	}
	b.WriteString("\nCosts in " + doc.Currency + "; P10–P90: one draw in ten costs less, one in ten more. Cheapest in: the share of the draws in which the strategy costs the least over the horizon.\n")
}

// markdownDrivers writes each strategy's summary, notes and largest lines.
func markdownDrivers(b *strings.Builder, doc *Document) {
	b.WriteString("\n## What drives each cost\n")
	for _, s := range byFirstYear(doc) {
		fmt.Fprintf(b, "\n### `%s`\n\n%s\n", s.ID, s.Summary)
		if len(s.Notes) > 0 {
			b.WriteString("\n")
		}
		for _, n := range s.Notes {
			fmt.Fprintf(b, "- %s\n", mdEscape(n))
		}
		b.WriteString("\n| Largest first-year lines | Payer | Cost |\n|---|---|--:|\n")
		for _, l := range LargestLines(s, 5) {
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdEscape(l.Name+confidenceLabel(doc, l.Rate)), l.Payer, money2(l.Cost))
		}
	}
}

// markdownScores writes each ranked strategy's scores and their reasons.
func markdownScores(b *strings.Builder, r *Ranking) {
	b.WriteString("\n## Why: each score and its reason\n\nScores run from 1 (worst) to 5 (best); cost is the first-year total.\n")
	for _, s := range r.Ranked {
		fmt.Fprintf(b, "\n### %d. `%s`\n\n| Criterion | Value | Reason |\n|---|--:|---|\n", s.Rank, s.Strategy)
		for _, c := range s.Criteria {
			val := fmt.Sprintf("%.0f", float64(c.Value))
			if c.Criterion == model.CriterionCost {
				val = money2(Money(c.Value))
			}
			fmt.Fprintf(b, "| `%s` | %s | %s |\n", c.Criterion, val, mdEscape(c.Reason))
		}
	}
}

// markdownAssumptions writes the scenario's settings and the price book's
// sources with their confidence.
func markdownAssumptions(b *strings.Builder, doc *Document) {
	pb, mc := doc.Inputs.PriceBook, doc.Inputs.MonteCarlo
	b.WriteString("\n## Assumptions\n\n| Setting | Value |\n|---|---|\n")
	for _, kv := range flatten(doc.Inputs.Scenario) {
		fmt.Fprintf(b, "| `%s` | %s |\n", kv[0], mdEscape(kv[1]))
	}
	fmt.Fprintf(b, "| Monte Carlo | %d draws, seed %d |\n", mc.Draws, mc.Seed)
	fmt.Fprintf(b, "\n## Price sources\n\nPrice book `%s`, %s, effective %s", pb.ID, pb.Region, pb.EffectiveDate)
	if pb.Fallback != "" {
		fmt.Fprintf(b, "; rates it lacks come from `%s`", pb.Fallback)
	}
	b.WriteString(".\n\n| Rate | Unit | Confidence | Source |\n|---|---|---|---|\n")
	for _, s := range pb.Sources {
		conf := s.Confidence
		if s.Fallback {
			conf += " (" + fallbackLabel(pb, s) + ")"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdEscape(s.Name), s.Unit, conf, mdEscape(s.Source))
	}
	b.WriteString("\nConfidence: P = AWS pricing page, S = secondary sources agree, D = derived, U = unconfirmed.\n")
}

// recommended is the strategy the record is about: the first ranked, or
// else the cheapest available over the first year.
func recommended(doc *Document) *Strategy {
	id := ""
	if doc.Ranking != nil && len(doc.Ranking.Ranked) > 0 {
		id = doc.Ranking.Ranked[0].Strategy
	}
	for _, s := range byFirstYear(doc) {
		if (id == "" && s.Available) || s.ID == id {
			return &s
		}
	}
	return nil
}

// rankingMarkdown writes the ranking, the strategies left out, the weights
// and what would change the winner.
func rankingMarkdown(b *strings.Builder, r *Ranking) {
	b.WriteString("\n## Ranking\n\n| Rank | Strategy | Score | First year | Who pays |\n|--:|---|--:|--:|---|\n")
	for _, s := range r.Ranked {
		fmt.Fprintf(b, "| %d | `%s` | %s | %s | %s |\n", s.Rank, s.Strategy, fixed(float64(s.Score), 3), money2(s.FirstYear), mdEscape(s.WhoPays))
	}
	if len(r.Unavailable) > 0 {
		b.WriteString("\nNot ranked (unavailable):\n\n| Strategy | Why | First year |\n|---|---|--:|\n")
		for _, u := range r.Unavailable {
			fmt.Fprintf(b, "| `%s` | %s | %s |\n", u.Strategy, mdEscape(u.Reason), money2(u.FirstYear))
		}
	}
	b.WriteString("\n## Weights\n\n| Criterion | Weight | What a high score means |\n|---|--:|---|\n")
	for _, c := range r.Weights {
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", c.Criterion, fixed(float64(c.Weight), 3), mdEscape(c.Meaning))
	}
	if a := r.AHP; a != nil {
		fmt.Fprintf(b, "\nFrom pairwise judgments (%s): λmax %s, consistency index %s, random index %s, consistency ratio %s (%s).\n",
			mdEscape(a.File), fixed(float64(a.LambdaMax), 4), fixed(float64(a.ConsistencyIndex), 4), fixed(float64(a.RandomIndex), 2),
			fixed(float64(a.ConsistencyRatio), 4), map[bool]string{true: "consistent", false: "above 0.1: revise the judgments"}[a.Consistent])
	}
	if len(r.Sensitivity) > 0 {
		b.WriteString("\n## If a weight moves\n\nEach weight moved alone, the others rescaled to keep the sum 1:\n\n")
		for _, s := range r.Sensitivity {
			fmt.Fprintf(b, "- %s.\n", mdEscape(s.Sentence))
		}
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(b, "\n> Warning: %s\n", mdEscape(warn))
	}
}

// chargebackMarkdown writes the top accounts' chargeback under s.
func chargebackMarkdown(b *strings.Builder, doc *Document, s *Strategy, first, last string) {
	fmt.Fprintf(b, "\n## Who pays: chargeback under `%s`\n\n", s.ID)
	fmt.Fprintf(b, "What each account costs from %s to %s: its own bill, and its share (by volume) of what the central accounts pay on its behalf. The %d largest of %d accounts; `trailwise report --from FILE --format csv --by-account` has every account, strategy and month.\n\n",
		first, last, min(topAccounts, len(s.Chargeback)), len(s.Chargeback))
	b.WriteString("| Account | Name | Own | Management | Log archive | Staff time | Total |\n|---|---|--:|--:|--:|--:|--:|\n")
	var rest [5]int64
	for i, c := range s.Chargeback {
		if i >= topAccounts {
			rest[0] += c.Own.Units()
			rest[1] += c.Management.Units()
			rest[2] += c.LogArchive.Units()
			rest[3] += c.Platform.Units()
			rest[4] += c.Total.Units()
			continue
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", c.Account, mdEscape(c.Name), money2(c.Own), money2(c.Management),
			money2(c.LogArchive), money2(c.Platform), money2(c.Total))
	}
	if n := len(s.Chargeback) - topAccounts; n > 0 {
		fmt.Fprintf(b, "| | %d more accounts | %s | %s | %s | %s | %s |\n", n, money2(fromUnits(rest[0])), money2(fromUnits(rest[1])),
			money2(fromUnits(rest[2])), money2(fromUnits(rest[3])), money2(fromUnits(rest[4])))
	}
	fmt.Fprintf(b, "| | **Total** | | | | | **%s** |\n", money2(s.Totals.Horizon))
}

// percent writes a probability as a percentage with one place.
func percent(p Probability) string {
	return textfmt.Percent(float64(p))
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
