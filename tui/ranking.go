package tui

import (
	"fmt"
	"github.com/trailwise/trailwise/internal/textfmt"
	"github.com/trailwise/trailwise/report"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// rankingPage lists the strategies in rank order with score bars and costs,
// and the unavailable ones after them with the reason.
type rankingPage struct{}

func (p *rankingPage) title() string { return "Ranking" }
func (p *rankingPage) editing() bool { return false }

func (p *rankingPage) keys(s *state) []key.Binding {
	k := s.keys
	return []key.Binding{with(k.Up, "↑↓", "select"), with(k.Enter, "enter", "why")}
}

func (p *rankingPage) update(msg tea.KeyMsg, s *state) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Up):
		s.step(-1)
	case key.Matches(msg, s.keys.Down):
		s.step(1)
	}
	return nil
}

func (p *rankingPage) view(s *state, w, h int) string {
	st := s.st
	r := s.doc.Ranking
	var lines []string
	if r == nil {
		lines = append(lines, st.Title.Render("Ranking")+st.Dim.Render(" · this report has no ranking (written by estimate): cheapest first"))
	} else {
		how := r.Method
		if r.Preset != "" {
			how += " · preset " + r.Preset
		} else {
			how += " · custom weights"
		}
		lines = append(lines, st.Title.Render("Ranking")+st.Dim.Render(" · "+how+" · "+s.horizon()))
	}
	idW := 28 // an id is never cut: the column grows to the longest, the bar shrinks
	for _, x := range s.doc.Strategies {
		idW = max(idW, len(x.ID))
	}
	fixed := 2 + 3 + idW + 1 + 6 + 11 + 12
	barW := min(max(w-fixed-2, 4), 40)
	lines = append(lines, st.Header.Render(fmt.Sprintf("  %-3s%s %s %6s %10s %11s", "#", pad("strategy", idW), pad("score", barW), "", "1st month", "first year")))
	row := func(id string, rank, score string, barFrac float64, ok bool) {
		cur := "  "
		if id == s.selected {
			cur = "› "
		}
		str := s.strategy(id)
		var fm, fy float64
		if str != nil {
			fm, fy = float64(str.Totals.FirstMonth), float64(str.Totals.FirstYear)
		}
		b := strings.Repeat(" ", barW)
		if ok {
			b = st.Bar.Render(bar(barFrac, barW))
		}
		name := pad(id, idW)
		switch {
		case id == s.selected:
			name = st.Selected.Render(name)
		case !ok:
			name = st.Dim.Render(name)
		case rank == "1":
			name = st.Good.Render(name)
		}
		lines = append(lines, fmt.Sprintf("%s%-3s%s %s %6s %10s %11s", cur, rank, name, b, score, money(fm), money(fy)))
	}
	if r != nil {
		for _, x := range r.Ranked {
			row(x.Strategy, fmt.Sprint(x.Rank), fmt.Sprintf("%.3f", float64(x.Score)), float64(x.Score), true)
		}
		if len(r.Unavailable) > 0 {
			lines = append(lines, "", st.Title.Render("Unavailable")+st.Dim.Render(" · not ranked: availability is a gate, not a weight"))
			for i, u := range r.Unavailable {
				row(u.Strategy, "–", "", 0, false)
				if i+1 < len(r.Unavailable) && r.Unavailable[i+1].Reason == u.Reason {
					continue // one reason under the strategies that share it
				}
				for _, l := range wrap(u.Reason, w-7) {
					lines = append(lines, "     "+st.Bad.Render(l))
				}
			}
		}
	} else {
		for i, x := range byFirstYear(s.doc) {
			row(x.ID, fmt.Sprint(i+1), "", 0, false)
			if !x.Available {
				for _, l := range wrap(x.UnavailableReason, w-7) {
					lines = append(lines, "     "+st.Bad.Render(l))
				}
			}
		}
	}
	lines = append(lines, "")
	if sum := report.LeftoverSummary(s.doc, s.selected); sum != "" && len(lines) < h-1 {
		lines = append(lines, st.Dim.Render(textfmt.Clip(sum, w)))
	}
	if win := s.winner(); win != "" && len(lines) < h {
		lines = append(lines, fmt.Sprintf("First: %s · enter: why · 4: weights · 5: assumptions", st.Good.Render(win)))
	}
	return frame(lines, w, h)
}

// horizon says the months the costs cover, e.g. "2026-12 to 2027-11".
func (s *state) horizon() string {
	for _, x := range s.doc.Strategies {
		if n := len(x.Months); n > 0 {
			return x.Months[0].Month + " to " + x.Months[n-1].Month
		}
	}
	return "no months"
}
