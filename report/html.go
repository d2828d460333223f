package report

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// HTML writes the report as one self-contained page to open or print: the
// question and the answer first, the options with their P10–P90 band, the
// ranking with its reasons (when ranked), each strategy's cost month by
// month as an inline SVG chart with its band, the largest cost lines, who
// pays (chargeback), what would change the winner, the assumptions and the
// price sources. It fetches nothing: the style and the charts are inline,
// so it works offline and a mail attachment of it is the whole report.
// Every figure is the document's; the elements that hold the totals carry
// data-strategy and data-total attributes so a reader (or a test) can find
// them.
func HTML(w io.Writer, doc *Document) error {
	first, last := monthSpan(doc)
	chosen := recommended(doc)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>CloudTrail management: %s</title>\n<style>%s</style>\n</head>\n<body>\n", esc(doc.Inputs.Dataset.Organization), htmlStyle)
	htmlQuestion(&b, doc, chosen, first, last)
	htmlOptions(&b, doc, first, last)
	if doc.Ranking != nil {
		htmlRanking(&b, doc.Ranking)
	}
	htmlMonths(&b, doc)
	htmlLines(&b, doc)
	if chosen != nil {
		htmlChargeback(&b, doc, chosen, first, last)
	}
	if doc.Ranking != nil {
		htmlSensitivity(&b, doc.Ranking)
	}
	htmlAssumptions(&b, doc)
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// htmlStyle is the page's whole style: readable on screen, and on paper
// without the backgrounds, a section never split across pages where it
// fits on one.
const htmlStyle = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
.answer{font-size:1.15rem;background:#eef6ee;border-left:5px solid #2e7d32;padding:.6rem .9rem}
.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}
th,td{border-bottom:1px solid #e2e2e2;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.unavailable td{color:#777}code{font-size:.88em}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}
figure{margin:0;border:1px solid #e2e2e2;padding:.4rem;break-inside:avoid}figcaption{font-size:.85rem}
svg text{font-size:10px;fill:#444}
.note{color:#555;font-size:.85rem}
@media print{body{margin:0;max-width:none;font-size:10pt}.answer{background:none}th{background:none}
h2{break-after:avoid}table,figure,section{break-inside:avoid}a{color:inherit;text-decoration:none}}
`

func esc(s string) string { return html.EscapeString(s) }

// htmlQuestion writes the title, the question, what was measured and
// priced, and the answer.
func htmlQuestion(b *strings.Builder, doc *Document, chosen *Strategy, first, last string) {
	ds, pb, mc := doc.Inputs.Dataset, doc.Inputs.PriceBook, doc.Inputs.MonteCarlo
	b.WriteString("<h1>CloudTrail management: decision report</h1>\n")
	fmt.Fprintf(b, "<p><strong>Question.</strong> Which way of managing CloudTrail should organization <code>%s</code> adopt, and what will it cost month by month from %s to %s?</p>\n",
		esc(ds.Organization), first, last)
	switch {
	case doc.Ranking != nil && len(doc.Ranking.Ranked) > 0:
		top := doc.Ranking.Ranked[0]
		fmt.Fprintf(b, "<p class=\"answer\"><strong>Answer: <code>%s</code></strong>, first in the ranking (%s), <span data-strategy=\"%s\" data-total=\"answer-first-year\">%s</span> %s in the first year.</p>\n",
			esc(top.Strategy), esc(howAsked(doc.Ranking)), esc(top.Strategy), money2(top.FirstYear), esc(doc.Currency))
	case chosen != nil:
		fmt.Fprintf(b, "<p class=\"answer\"><strong>Answer: <code>%s</code></strong>, the cheapest available over the first year: <span data-strategy=\"%s\" data-total=\"answer-first-year\">%s</span> %s (P10–P90 %s – %s).</p>\n",
			esc(chosen.ID), esc(chosen.ID), money2(chosen.Totals.FirstYear), esc(doc.Currency), money2(chosen.Totals.FirstYearP10), money2(chosen.Totals.FirstYearP90))
	default:
		b.WriteString("<p class=\"answer\">No strategy is available to this organization; the options below say why.</p>\n")
	}
	fmt.Fprintf(b, "<p class=\"meta\">%d accounts measured %s to %s (%s, <code>%s</code>). Priced with price book <code>%s</code> (%s, effective %s), in %s. ",
		ds.Accounts, ds.Period.Start, ds.Period.End, esc(ds.Name), esc(ds.Digest), esc(pb.ID), esc(pb.Region), esc(pb.EffectiveDate), esc(doc.Currency))
	if mc.Draws > 0 {
		fmt.Fprintf(b, "Bands from %d Monte Carlo draws (seed %d). ", mc.Draws, mc.Seed)
	} else {
		b.WriteString("No Monte Carlo draws: the bands are the point estimate. ")
	}
	fmt.Fprintf(b, "Generated %s by %s %s.</p>\n", esc(doc.GeneratedAt), esc(doc.Tool.Name), esc(doc.Tool.Version))
}

// htmlOptions writes every strategy's costs and band, cheapest first.
func htmlOptions(b *strings.Builder, doc *Document, first, last string) {
	b.WriteString("<section>\n<h2>Options</h2>\n<table>\n")
	fmt.Fprintf(b, "<tr><th>Strategy</th><th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">First year</th><th class=\"n\">P10–P90 first year</th><th class=\"n\">Horizon</th><th class=\"n\">Cheapest in</th></tr>\n", first, last)
	for _, s := range byFirstYear(doc) {
		id := esc(s.ID)
		class, why := "", ""
		if !s.Available {
			class, why = " class=\"unavailable\"", "<br><span class=\"note\">unavailable: "+esc(s.UnavailableReason)+"</span>"
		}
		fmt.Fprintf(b, "<tr%s><td><code>%s</code> %s%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\" data-strategy=\"%s\" data-total=\"first-year\">%s</td><td class=\"n\">%s – %s</td><td class=\"n\" data-strategy=\"%s\" data-total=\"horizon\">%s</td><td class=\"n\">%s</td></tr>\n",
			class, id, esc(s.Name), why, money2(s.Totals.FirstMonth), money2(s.Totals.LastMonth), id, money2(s.Totals.FirstYear),
			money2(s.Totals.FirstYearP10), money2(s.Totals.FirstYearP90), id, money2(s.Totals.Horizon), percent(s.ProbabilityCheapest))
	}
	fmt.Fprintf(b, "</table>\n<p class=\"note\">Costs in %s. P10–P90: one draw in ten costs less, one in ten more. Cheapest in: the share of the draws in which the strategy costs the least over the horizon.</p>\n</section>\n", esc(doc.Currency))
}

// htmlRanking writes the ranking, each strategy's scores with their
// reasons, the strategies left out and the weights.
func htmlRanking(b *strings.Builder, r *Ranking) {
	fmt.Fprintf(b, "<section>\n<h2>Ranking</h2>\n<p class=\"meta\">%s. Weights: %s.</p>\n<table>\n", esc(howAsked(r)), esc(weightsLine(r)))
	b.WriteString("<tr><th class=\"n\">Rank</th><th>Strategy</th><th class=\"n\">Score</th><th class=\"n\">First year</th><th>Who pays</th></tr>\n")
	for _, s := range r.Ranked {
		fmt.Fprintf(b, "<tr><td class=\"n\">%d</td><td><code>%s</code></td><td class=\"n\">%s</td><td class=\"n\">%s</td><td>%s</td></tr>\n",
			s.Rank, esc(s.Strategy), fixed(float64(s.Score), 3), money2(s.FirstYear), esc(s.WhoPays))
	}
	for _, u := range r.Unavailable {
		fmt.Fprintf(b, "<tr class=\"unavailable\"><td class=\"n\">–</td><td><code>%s</code><br><span class=\"note\">not ranked: %s</span></td><td></td><td class=\"n\">%s</td><td></td></tr>\n",
			esc(u.Strategy), esc(u.Reason), money2(u.FirstYear))
	}
	b.WriteString("</table>\n<h3>Why: each score and its reason</h3>\n<p class=\"note\">Scores run from 1 (worst) to 5 (best); cost is the first-year total.</p>\n")
	for _, s := range r.Ranked {
		fmt.Fprintf(b, "<table>\n<tr><th colspan=\"3\">%d. <code>%s</code></th></tr>\n", s.Rank, esc(s.Strategy))
		for _, c := range s.Criteria {
			val := fmt.Sprintf("%.0f", float64(c.Value))
			if c.Criterion == model.CriterionCost {
				val = money2(Money(c.Value))
			}
			fmt.Fprintf(b, "<tr><td><code>%s</code></td><td class=\"n\">%s</td><td>%s</td></tr>\n", esc(c.Criterion), val, esc(c.Reason))
		}
		b.WriteString("</table>\n")
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(b, "<p class=\"note\">Warning: %s</p>\n", esc(warn))
	}
	b.WriteString("</section>\n")
}

// htmlMonths writes each available strategy's months as a chart, all on
// one scale so that the charts compare at a glance.
func htmlMonths(b *strings.Builder, doc *Document) {
	var top float64
	for _, s := range doc.Strategies {
		for _, m := range s.Months {
			top = math.Max(top, math.Max(float64(m.P90), float64(m.Total)))
		}
	}
	b.WriteString("<section>\n<h2>Month by month</h2>\n<p class=\"note\">The line is the point estimate, the band P10 to P90; every chart has the same scale.</p>\n<div class=\"charts\">\n")
	for _, s := range byFirstYear(doc) {
		if !s.Available || len(s.Months) == 0 {
			continue
		}
		fmt.Fprintf(b, "<figure>\n%s<figcaption><code>%s</code>: %s %s over %d months</figcaption>\n</figure>\n",
			chartSVG(s.Months, niceCeiling(top), doc.Currency), esc(s.ID), money2(s.Totals.Horizon), esc(doc.Currency), len(s.Months))
	}
	b.WriteString("</div>\n</section>\n")
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH         = 320.0, 170.0
	chartLeft, chartRight  = 52.0, 8.0
	chartTop, chartBottom  = 8.0, 22.0
	chartPlotW, chartPlotH = chartW - chartLeft - chartRight, chartH - chartTop - chartBottom
)

// chartSVG draws months' totals as a line over their P10–P90 band, the y
// axis from 0 to top.
func chartSVG(months []Month, top float64, currency string) string {
	if top <= 0 {
		top = 1
	}
	x := func(i int) float64 {
		if len(months) == 1 {
			return chartLeft + chartPlotW/2
		}
		return chartLeft + chartPlotW*float64(i)/float64(len(months)-1)
	}
	y := func(v Money) float64 { return chartTop + chartPlotH*(1-float64(v)/top) }
	var band, line []string
	for i, m := range months {
		band = append(band, pt(x(i), y(m.P90)))
		line = append(line, pt(x(i), y(m.Total)))
	}
	for i := len(months) - 1; i >= 0; i-- {
		band = append(band, pt(x(i), y(months[i].P10)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"monthly cost in %s\">\n", chartW, chartH, esc(currency))
	for _, f := range []float64{0, 0.5, 1} {
		yy := chartTop + chartPlotH*(1-f)
		fmt.Fprintf(&b, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			chartLeft, yy, chartW-chartRight, yy, chartLeft-4, yy+3, money0(Money(top*f)))
	}
	fmt.Fprintf(&b, "<polygon points=\"%s\" fill=\"#90caf9\" fill-opacity=\"0.5\" stroke=\"none\"/>\n", strings.Join(band, " "))
	fmt.Fprintf(&b, "<polyline points=\"%s\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>\n", strings.Join(line, " "))
	for _, i := range []int{0, len(months) / 2, len(months) - 1} {
		fmt.Fprintf(&b, "<text x=\"%.1f\" y=\"%g\" text-anchor=\"middle\">%s</text>\n", x(i), chartH-6, months[i].Month)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func pt(x, y float64) string { return fmt.Sprintf("%.1f,%.1f", x, y) }

// niceCeiling is the smallest of 1, 2, 2.5, 5 × a power of ten at or above v.
func niceCeiling(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*p >= v {
			return f * p
		}
	}
	return 10 * p
}

// htmlLines writes each available strategy's largest first-year lines.
func htmlLines(b *strings.Builder, doc *Document) {
	b.WriteString("<section>\n<h2>What drives each cost</h2>\n")
	for _, s := range byFirstYear(doc) {
		if !s.Available {
			continue
		}
		fmt.Fprintf(b, "<h3><code>%s</code></h3>\n<p>%s</p>\n", esc(s.ID), esc(s.Summary))
		for _, n := range s.Notes {
			fmt.Fprintf(b, "<p class=\"note\">%s</p>\n", esc(n))
		}
		b.WriteString("<table>\n<tr><th>Largest first-year lines</th><th>Payer</th><th class=\"n\">Cost</th></tr>\n")
		for _, l := range LargestLines(s, 5) {
			fmt.Fprintf(b, "<tr><td>%s</td><td>%s</td><td class=\"n\">%s</td></tr>\n", esc(l.Name+confidenceLabel(doc, l.Rate)), esc(l.Payer), money2(l.Cost))
		}
		b.WriteString("</table>\n")
	}
	b.WriteString("</section>\n")
}

// chargebackOf is the chargeback of s: as the document holds it, or
// spread from the lines when the document was built without it.
func chargebackOf(doc *Document, s *Strategy) []Chargeback {
	if s.Chargeback != nil {
		return s.Chargeback
	}
	_, cb := newSpreader(doc).bills(s)
	return cb
}

// htmlChargeback writes the top accounts' chargeback under s, the others
// summed in one row.
func htmlChargeback(b *strings.Builder, doc *Document, s *Strategy, first, last string) {
	cb := chargebackOf(doc, s)
	fmt.Fprintf(b, "<section>\n<h2>Who pays: chargeback under <code>%s</code></h2>\n", esc(s.ID))
	fmt.Fprintf(b, "<p>What each account costs from %s to %s: its own bill, and its share (by volume) of what the central accounts pay on its behalf. The %d largest of %d accounts.</p>\n",
		first, last, min(topAccounts, len(cb)), len(cb))
	b.WriteString("<table>\n<tr><th>Account</th><th>Name</th><th class=\"n\">Own</th><th class=\"n\">Management</th><th class=\"n\">Log archive</th><th class=\"n\">Staff time</th><th class=\"n\">Total</th></tr>\n")
	var rest [5]int64
	for i, c := range cb {
		if i >= topAccounts {
			for k, v := range []Money{c.Own, c.Management, c.LogArchive, c.Platform, c.Total} {
				rest[k] += v.Units()
			}
			continue
		}
		fmt.Fprintf(b, "<tr><td><code>%s</code></td><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
			esc(c.Account), esc(c.Name), money2(c.Own), money2(c.Management), money2(c.LogArchive), money2(c.Platform), money2(c.Total))
	}
	if n := len(cb) - topAccounts; n > 0 {
		fmt.Fprintf(b, "<tr><td></td><td>%d more accounts</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
			n, money2(fromUnits(rest[0])), money2(fromUnits(rest[1])), money2(fromUnits(rest[2])), money2(fromUnits(rest[3])), money2(fromUnits(rest[4])))
	}
	fmt.Fprintf(b, "<tr><th></th><th>Total</th><th></th><th></th><th></th><th></th><th class=\"n\" data-strategy=\"%s\" data-total=\"chargeback\">%s</th></tr>\n</table>\n</section>\n",
		esc(s.ID), money2(s.Totals.Horizon))
}

// htmlSensitivity writes how far each weight may move before the winner
// changes.
func htmlSensitivity(b *strings.Builder, r *Ranking) {
	if len(r.Sensitivity) == 0 {
		return
	}
	b.WriteString("<section>\n<h2>If a weight moves</h2>\n<p>Each weight moved alone, the others rescaled to keep the sum 1:</p>\n<ul>\n")
	for _, s := range r.Sensitivity {
		fmt.Fprintf(b, "<li>%s.</li>\n", esc(s.Sentence))
	}
	b.WriteString("</ul>\n</section>\n")
}

// htmlAssumptions writes the scenario's settings and the price sources.
func htmlAssumptions(b *strings.Builder, doc *Document) {
	pb, mc := doc.Inputs.PriceBook, doc.Inputs.MonteCarlo
	b.WriteString("<section>\n<h2>Assumptions</h2>\n<table>\n<tr><th>Setting</th><th>Value</th></tr>\n")
	for _, kv := range flatten(doc.Inputs.Scenario) {
		fmt.Fprintf(b, "<tr><td><code>%s</code></td><td>%s</td></tr>\n", esc(kv[0]), esc(kv[1]))
	}
	fmt.Fprintf(b, "<tr><td>Monte Carlo</td><td>%d draws, seed %d</td></tr>\n</table>\n</section>\n", mc.Draws, mc.Seed)
	fmt.Fprintf(b, "<section>\n<h2>Price sources</h2>\n<p>Price book <code>%s</code>, %s, effective %s", esc(pb.ID), esc(pb.Region), esc(pb.EffectiveDate))
	if pb.Fallback != "" {
		fmt.Fprintf(b, "; rates it lacks come from <code>%s</code>", esc(pb.Fallback))
	}
	b.WriteString(".</p>\n<table>\n<tr><th>Rate</th><th>Unit</th><th>Confidence</th><th>Source</th></tr>\n")
	for _, s := range pb.Sources {
		conf := s.Confidence
		if s.Fallback {
			conf += " (" + fallbackLabel(pb, s) + ")"
		}
		fmt.Fprintf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(s.Name), esc(s.Unit), esc(conf), esc(s.Source))
	}
	b.WriteString("</table>\n<p class=\"note\">Confidence: P = AWS pricing page, S = secondary sources agree, D = derived, U = unconfirmed.</p>\n</section>\n")
}
