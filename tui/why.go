package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

// whyPage shows, for the selected strategy, each criterion's weight, value,
// normalized score and the reason behind it.
type whyPage struct {
	scroll int
}

func (p *whyPage) title() string { return "Why" }
func (p *whyPage) editing() bool { return false }

func (p *whyPage) keys(s *state) []key.Binding {
	k := s.keys
	return []key.Binding{with(k.Left, "←→", "strategy"), with(k.Up, "↑↓", "scroll")}
}

func (p *whyPage) update(msg tea.KeyMsg, s *state) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Left):
		s.step(-1)
		p.scroll = 0
	case key.Matches(msg, k.Right):
		s.step(1)
		p.scroll = 0
	case key.Matches(msg, k.Up):
		p.scroll = max(p.scroll-1, 0)
	case key.Matches(msg, k.Down):
		p.scroll++
	}
	return nil
}

func (p *whyPage) view(s *state, w, h int) string {
	st := s.st
	id := s.selected
	x := s.strategy(id)
	head := []string{st.Title.Render("Why") + st.Dim.Render(" · ") + st.Selected.Render(id)}
	var body []string
	var ranked *report.Ranked
	if r := s.doc.Ranking; r != nil {
		for i := range r.Ranked {
			if r.Ranked[i].Strategy == id {
				ranked = &r.Ranked[i]
			}
		}
	}
	switch {
	case ranked != nil:
		head[0] += st.Dim.Render(fmt.Sprintf(" · rank %d of %d · score %.3f", ranked.Rank, len(s.doc.Ranking.Ranked), float64(ranked.Score)))
		if x != nil {
			head = append(head, fit(st.Dim.Render(x.Summary), w))
		}
		if x != nil && len(x.PayerTotals) > 0 {
			head = append(head, wrap(whoPays(x), w)...)
		}
		head = append(head, "", st.Header.Render(pad("criterion", 21)+padLeft("weight", 7)+padLeft("value", 12)+"  "+pad("normalized", 12)))
		for i, c := range ranked.Criteria {
			var wt float64
			if i < len(s.weights) {
				wt = s.weights[i]
			}
			val := fmt.Sprintf("%.0f of 5", float64(c.Value))
			if c.Criterion == model.CriterionCost {
				val = money(float64(c.Value))
			}
			body = append(body, st.Selected.Render(pad(criterionName(c.Criterion), 21))+padLeft(fmt.Sprintf("%.3f", wt), 7)+
				padLeft(val, 12)+"  "+st.Bar.Render(bar(float64(c.Normalized), 10))+fmt.Sprintf(" %.2f", float64(c.Normalized)))
			for _, l := range wrap(c.Reason, w-4) {
				body = append(body, "    "+l)
			}
		}
	case x != nil && !x.Available:
		head[0] += st.Dim.Render(" · not ranked")
		for _, l := range wrap("Unavailable: "+x.UnavailableReason+". Availability is a gate, not a weight: it is priced but never ranked.", w) {
			body = append(body, st.Bad.Render(l))
		}
		if s.eng != nil {
			body = append(body, "", st.Title.Render("Its scores, were it available"))
			for _, cid := range model.ScoredCriterionIDs() {
				sc, ok := s.eng.Criteria().Score(id, cid)
				if !ok {
					continue
				}
				body = append(body, st.Selected.Render(pad(criterionName(cid), 21))+padLeft(fmt.Sprintf("%d of 5", sc.Score), 12))
				for _, l := range wrap(sc.Reason, w-4) {
					body = append(body, "    "+l)
				}
			}
		}
	default:
		body = append(body, st.Dim.Render("this report has no ranking: no scores to show"))
	}
	if x != nil && ranked == nil {
		head = append(head, fit(st.Dim.Render(x.Summary), w))
	}
	if ranked == nil {
		head = append(head, "")
	}
	room := h - len(head)
	p.scroll = min(p.scroll, max(len(body)-room, 0))
	end := min(p.scroll+room, len(body))
	lines := append(head, body[p.scroll:end]...)
	if end < len(body) && len(lines) > 0 {
		lines[len(lines)-1] = st.Dim.Render(fmt.Sprintf("… ↓ for %d more lines", len(body)-end+1))
	}
	return frame(lines, w, h)
}

// whoPays says who pays what over the horizon, from the strategy's own
// cost lines: a sentence, not the criteria table's notes.
func whoPays(x *report.Strategy) string {
	total := 0.0
	for _, pt := range x.PayerTotals {
		total += float64(pt.Total)
	}
	var parts []string
	for _, pt := range x.PayerTotals {
		part := payerPhrase(pt.Payer) + " " + money(float64(pt.Total))
		if total > 0 {
			part += fmt.Sprintf(" (%.0f%%)", 100*float64(pt.Total)/total)
		}
		parts = append(parts, part)
	}
	return "Who pays over the horizon: " + strings.Join(parts, "; ") + "."
}

// payerPhrase names a payer role for a sentence.
func payerPhrase(p string) string {
	switch p {
	case model.PayerManagement:
		return "the management account"
	case model.PayerLogArchive:
		return "the log-archive account"
	case model.PayerMembers:
		return "the member accounts"
	case model.PayerPlatform:
		return "staff time"
	}
	return p
}

func criterionName(id string) string {
	for _, c := range model.Criteria {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}
