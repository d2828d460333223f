package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/model"
)

// Ranking is the report's ranking section: the strategies ordered by the
// weighted criteria, the ones the gate kept out, and how far the winner
// holds if a weight moves.
type Ranking struct {
	Method string `json:"method"`
	// Preset names the preset the weights came from; empty for weights
	// given directly or from pairwise judgments alone.
	Preset       string            `json:"preset,omitempty"`
	Weights      []CriterionWeight `json:"weights"`
	ScoresSource string            `json:"scores_source"` // "embedded" or the criteria file
	AHP          *AHP              `json:"ahp,omitempty"`
	Ranked       []Ranked          `json:"ranked"`
	Unavailable  []Unranked        `json:"unavailable"`
	Sensitivity  []Sensitivity     `json:"sensitivity"`
	Warnings     []string          `json:"warnings,omitempty"`
}

// CriterionWeight is one criterion and its weight; the weights sum to 1.
type CriterionWeight struct {
	Criterion string `json:"criterion"`
	Name      string `json:"name"`
	Meaning   string `json:"meaning"`
	Weight    Ratio  `json:"weight"`
}

// AHP records weights derived from pairwise judgments.
type AHP struct {
	File             string `json:"file"`
	Criteria         int    `json:"criteria"`
	LambdaMax        Ratio  `json:"lambda_max"`
	ConsistencyIndex Ratio  `json:"consistency_index"`
	RandomIndex      Ratio  `json:"random_index"`
	ConsistencyRatio Ratio  `json:"consistency_ratio"`
	Consistent       bool   `json:"consistent"` // ratio at most 0.1
}

// Ranked is one available strategy's place and what it rests on.
type Ranked struct {
	Rank      int           `json:"rank"`
	Strategy  string        `json:"strategy"`
	Score     Ratio         `json:"score"`
	FirstYear Money         `json:"first_year"`
	WhoPays   string        `json:"who_pays,omitempty"`
	Criteria  []ScoreReason `json:"criteria"`
}

// ScoreReason is a strategy's value on one criterion: the first-year cost
// for cost, a 1–5 score for the others; normalized as the method used it.
type ScoreReason struct {
	Criterion  string `json:"criterion"`
	Value      Ratio  `json:"value"`
	Normalized Ratio  `json:"normalized"`
	Reason     string `json:"reason"`
}

// Unranked is a strategy the availability gate kept out of the ranking.
type Unranked struct {
	Strategy  string `json:"strategy"`
	Reason    string `json:"reason"`
	FirstYear Money  `json:"first_year"`
}

// Sensitivity is the weight interval of one criterion in which the winner
// stays first.
type Sensitivity struct {
	Criterion   string `json:"criterion"`
	Weight      Ratio  `json:"weight"`
	Winner      string `json:"winner"`
	Low         Ratio  `json:"low"`
	High        Ratio  `json:"high"`
	BelowWinner string `json:"below_winner,omitempty"`
	AboveWinner string `json:"above_winner,omitempty"`
	Sentence    string `json:"sentence"`
}

// Ratio is a unitless figure (a weight, a score, a ratio), written as a JSON
// number with four places.
type Ratio float64

func (r Ratio) MarshalJSON() ([]byte, error) { return []byte(fixed(float64(r), 4)), nil }

// ratio is v as a Ratio, rounded to its four places.
func ratio(v float64) Ratio { return Ratio(round(v, 4)) }

// AttachRanking puts the ranking section into the document, its first-year
// costs taken from the document's own totals (the sums of the months as
// written), so the two never disagree in the last place.
func AttachRanking(doc *Document, r *Ranking) {
	firstYear := map[string]Money{}
	for _, s := range doc.Strategies {
		firstYear[s.ID] = s.Totals.FirstYear
	}
	for i := range r.Ranked {
		rk := &r.Ranked[i]
		if v, ok := firstYear[rk.Strategy]; ok {
			rk.FirstYear = v
			for k := range rk.Criteria {
				if rk.Criteria[k].Criterion == model.CriterionCost {
					rk.Criteria[k].Value = ratio(float64(v))
				}
			}
		}
	}
	for i := range r.Unavailable {
		if v, ok := firstYear[r.Unavailable[i].Strategy]; ok {
			r.Unavailable[i].FirstYear = v
		}
	}
	if a := r.AHP; a != nil {
		a.LambdaMax, a.ConsistencyIndex = ratio(float64(a.LambdaMax)), ratio(float64(a.ConsistencyIndex))
		a.RandomIndex, a.ConsistencyRatio = ratio(float64(a.RandomIndex)), ratio(float64(a.ConsistencyRatio))
	}
	doc.Ranking = r
}

// RankingMeta is what the ranking section says about how it was asked for.
type RankingMeta struct {
	Preset   string
	AHP      *AHP
	Warnings []string
}

// BuildRanking makes the ranking section from a computed ranking.
func BuildRanking(r *model.Ranking, meta RankingMeta) *Ranking {
	out := &Ranking{
		Method: r.Method, Preset: meta.Preset, ScoresSource: r.Source, AHP: meta.AHP, Warnings: meta.Warnings,
		Ranked: []Ranked{}, Unavailable: []Unranked{}, Sensitivity: []Sensitivity{},
	}
	for i, c := range model.Criteria {
		out.Weights = append(out.Weights, CriterionWeight{Criterion: c.ID, Name: c.Name, Meaning: c.Meaning, Weight: ratio(r.Weights[i])})
	}
	for _, s := range r.Ranked {
		rd := Ranked{Rank: s.Rank, Strategy: s.ID, Score: ratio(s.Score), FirstYear: money(s.FirstYear), WhoPays: s.WhoPays}
		for i, c := range r.Criteria {
			rd.Criteria = append(rd.Criteria, ScoreReason{Criterion: c, Value: ratio(s.Values[i]), Normalized: ratio(s.Normalized[i]), Reason: s.Reasons[i]})
		}
		out.Ranked = append(out.Ranked, rd)
	}
	for _, u := range r.Unavailable {
		out.Unavailable = append(out.Unavailable, Unranked{Strategy: u.ID, Reason: u.Reason, FirstYear: money(u.FirstYear)})
	}
	for _, s := range r.Sensitivity {
		out.Sensitivity = append(out.Sensitivity, Sensitivity{
			Criterion: s.Criterion, Weight: ratio(s.Weight), Winner: s.Winner, Low: ratio(s.Low), High: ratio(s.High),
			BelowWinner: s.BelowWinner, AboveWinner: s.AboveWinner, Sentence: s.Sentence(),
		})
	}
	return out
}

// RankingFormats lists the formats the ranking renders in, the default first.
var RankingFormats = []string{"table", "json", "markdown", "focus", "html"}

// RenderRanking writes a document that has a ranking section.
func RenderRanking(w io.Writer, doc *Document, format string) error {
	if doc.Ranking == nil {
		return fmt.Errorf("the report has no ranking")
	}
	switch format {
	case "table":
		return RankingTable(w, doc, 80)
	case "json":
		return JSON(w, doc)
	case "markdown":
		return RankingMarkdown(w, doc)
	case "focus":
		return FOCUS(w, doc)
	case "html":
		return HTML(w, doc)
	}
	return fmt.Errorf("format: expected one of %s, got %q", strings.Join(RankingFormats, ", "), format)
}

// bar draws a score from 0 to 1 as width cells.
func bar(score float64, width int) string {
	n := int(score*float64(width) + 0.5)
	n = min(max(n, 0), width)
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}

func weightsLine(r *Ranking) string {
	var parts []string
	for _, w := range r.Weights {
		if w.Weight > 0 {
			parts = append(parts, w.Criterion+" "+strconv.FormatFloat(math.Round(float64(w.Weight)*1000)/1000, 'f', -1, 64))
		}
	}
	return strings.Join(parts, ", ")
}

func howAsked(r *Ranking) string {
	s := "method " + r.Method
	switch {
	case r.AHP != nil:
		s += ", weights from pairwise judgments in " + r.AHP.File
	case r.Preset != "":
		s += ", preset " + r.Preset
	default:
		s += ", weights given"
	}
	return s + ", scores " + r.ScoresSource
}

// RankingTable writes the ranking for a terminal of the given width: rank,
// strategy, score bar, first-year cost; the unavailable strategies after
// them with their reason; the weights; and the sensitivity sentences.
func RankingTable(w io.Writer, doc *Document, width int) error {
	r := doc.Ranking
	first, _ := monthSpan(doc)
	ds := doc.Inputs.Dataset
	var b strings.Builder
	b.WriteString(wrap(fmt.Sprintf("%s: %d accounts, first year from %s, price book %s; %s.",
		ds.Organization, ds.Accounts, first, doc.Inputs.PriceBook.ID, howAsked(r)), "", width))
	const rankW, costW = 4, 14
	idW := 28 // an id is never cut: the column grows to the longest, the bar shrinks
	for _, st := range doc.Strategies {
		idW = max(idW, len(st.ID))
	}
	barW := width - rankW - idW - costW - 5 - 5 // spaces, and " 0.00"
	if barW < 5 {
		barW = 5
	}
	fmt.Fprintf(&b, "\n%*s %-*s %-*s %*s\n", rankW, "RANK", idW, "STRATEGY", barW+5, "SCORE", costW, "FIRST YEAR "+doc.Currency)
	for _, s := range r.Ranked {
		fmt.Fprintf(&b, "%*d %-*s %s %s %*s\n", rankW, s.Rank, idW, textfmt.Clip(s.Strategy, idW), bar(float64(s.Score), barW),
			fixed(float64(s.Score), 2), costW, money2(s.FirstYear))
	}
	for _, u := range r.Unavailable {
		fmt.Fprintf(&b, "%*s %-*s %-*s %*s\n", rankW, "-", idW, textfmt.Clip(u.Strategy, idW), barW+5, "not ranked", costW, money2(u.FirstYear))
		b.WriteString(wrap("unavailable: "+u.Reason, strings.Repeat(" ", rankW+1), width))
	}
	b.WriteString("\n" + wrap("Weights: "+weightsLine(r)+".", "", width))
	if a := r.AHP; a != nil {
		b.WriteString(wrap(ahpLine(a), "", width))
	}
	if len(r.Sensitivity) > 0 {
		b.WriteString("\nIf a weight moves (the others rescaled to keep the sum 1):\n")
		for _, s := range r.Sensitivity {
			b.WriteString(wrapHanging(s.Sentence+".", "  ", "    ", width))
		}
	}
	for _, warn := range r.Warnings {
		b.WriteString("\n" + wrap("warning: "+warn, "", width))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ahpLine gives the consistency of pairwise judgments, whatever it is: a
// ratio well under the limit is worth knowing as much as one above it.
func ahpLine(a *AHP) string {
	verdict := "0.1 or less: consistent"
	if !a.Consistent {
		verdict = "above 0.1: revise them"
	}
	return fmt.Sprintf("Pairwise judgments: consistency ratio %s (%s).", fixed(float64(a.ConsistencyRatio), 3), verdict)
}

// wrapHanging wraps text with first on the first line and rest on the
// others; every line has the room the first line has, less one column.
func wrapHanging(text, first, rest string, width int) string {
	var b strings.Builder
	for i, l := range textfmt.Lines(text, width-len(first)-1) {
		if i == 0 {
			b.WriteString(first + l + "\n")
		} else {
			b.WriteString(rest + l + "\n")
		}
	}
	return b.String()
}

// RankingMarkdown writes the decision record of a ranked report (see
// Markdown); it fails when the report has no ranking.
func RankingMarkdown(w io.Writer, doc *Document) error {
	if doc.Ranking == nil {
		return fmt.Errorf("the report has no ranking")
	}
	return Markdown(w, doc)
}
