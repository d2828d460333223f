package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

// weightStep is how far an arrow key moves a weight.
const weightStep = 0.05

// weightsPage changes the criteria's weights (arrows, presets, method); the
// ranking and the sensitivity sentences beside it follow at once.
type weightsPage struct {
	cursor int
}

func (p *weightsPage) title() string { return "Weights" }
func (p *weightsPage) editing() bool { return false }

func (p *weightsPage) keys(s *state) []key.Binding {
	k := s.keys
	if s.readOnly() {
		return []key.Binding{with(k.Up, "↑↓", "criterion")}
	}
	return []key.Binding{with(k.Up, "↑↓", "criterion"), with(k.Left, "←→", "weight"), k.Preset, k.Method}
}

func (p *weightsPage) update(msg tea.KeyMsg, s *state) tea.Cmd {
	k := s.keys
	n := len(model.Criteria)
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = (p.cursor + n - 1) % n
	case key.Matches(msg, k.Down):
		p.cursor = (p.cursor + 1) % n
	case key.Matches(msg, k.Left, k.Right):
		if s.readOnly() {
			s.message = "read-only report: weights cannot change"
			return nil
		}
		d := weightStep
		if key.Matches(msg, k.Left) {
			d = -d
		}
		return s.setWeights(NudgeWeight(s.weights, p.cursor, d), customPreset(s.preset))
	case key.Matches(msg, k.Preset):
		if s.readOnly() {
			s.message = "read-only report: weights cannot change"
			return nil
		}
		names := model.PresetNames()
		// A changed preset goes on to the next, as the one it came from would.
		i := slices.Index(names, strings.TrimSuffix(s.preset, changedSuffix))
		next := names[(i+1)%len(names)]
		w, _ := model.PresetWeights(next)
		return s.setWeights(w, next)
	case key.Matches(msg, k.Method):
		if s.readOnly() {
			s.message = "read-only report: the method cannot change"
			return nil
		}
		i := slices.Index(model.Methods, s.method)
		s.method = model.Methods[(i+1)%len(model.Methods)]
		return s.rerank()
	}
	return nil
}

// NudgeWeight moves criterion j's weight by d (kept within 0..1, rounded to
// the step) and rescales the others proportionally, as the sensitivity
// intervals assume.
func NudgeWeight(w model.Weights, j int, d float64) model.Weights {
	t := math.Round((w[j]+d)/weightStep*1e6) / 1e6 * weightStep
	t = math.Max(0, math.Min(1, t))
	return model.ShiftWeight(w, j, t)
}

// changedSuffix marks a preset whose weights were moved by hand.
const changedSuffix = " (changed)"

func customPreset(p string) string {
	if p == "" || strings.HasSuffix(p, changedSuffix) {
		return p
	}
	return p + changedSuffix
}

func (s *state) setWeights(w model.Weights, preset string) tea.Cmd {
	s.weights, s.preset = w, preset
	return s.rerank()
}

func (p *weightsPage) view(s *state, w, h int) string {
	st := s.st
	preset := s.preset
	if preset == "" {
		preset = "none"
	}
	lines := []string{st.Title.Render("Weights") + st.Dim.Render(fmt.Sprintf(" · preset %s · method %s", preset, s.method)), ""}
	barW := min(max(w-40, 6), 30)
	for i, c := range model.Criteria {
		var v float64
		if i < len(s.weights) {
			v = s.weights[i]
		}
		cur, name := "  ", pad(c.Name, 20)
		if i == p.cursor {
			cur, name = "› ", st.Selected.Render(name)
		}
		lines = append(lines, fmt.Sprintf("%s%s %s %5.3f", cur, name, st.Bar.Render(bar(v, barW)), v))
	}
	r := s.doc.Ranking
	if r == nil {
		lines = append(lines, "", st.Dim.Render("this report has no ranking"))
		return frame(lines, w, h)
	}
	lines = append(lines, "", st.Title.Render("Ranking"))
	room := h - len(lines) - 3
	shown := len(r.Ranked)
	if w < 100 {
		shown = min(shown, max(3, room/2))
	}
	for i, x := range r.Ranked {
		if i >= shown {
			break
		}
		name := pad(x.Strategy, 28)
		if i == 0 {
			name = st.Good.Render(name)
		}
		lines = append(lines, fmt.Sprintf("  %d %s %.3f %11s/yr", x.Rank, name, float64(x.Score), money(float64(x.FirstYear))))
	}
	lines = append(lines, "", st.Title.Render("If a weight moves"))
	// The selected criterion's sentence first, then the others.
	sens := slices.Clone(r.Sensitivity)
	sel := model.Criteria[p.cursor].ID
	slices.SortStableFunc(sens, func(a, b report.Sensitivity) int {
		switch {
		case a.Criterion == sel && b.Criterion != sel:
			return -1
		case b.Criterion == sel && a.Criterion != sel:
			return 1
		}
		return 0
	})
	if len(sens) == 0 {
		lines = append(lines, st.Dim.Render("  fewer than two strategies ranked: nothing to compare"))
	}
	for i, x := range sens {
		text := x.Sentence
		for j, l := range wrap(text, w-4) {
			lead := "  "
			if j == 0 {
				lead = "• "
			}
			if i == 0 {
				l = st.Selected.Render(l)
			}
			lines = append(lines, lead+l)
		}
	}
	return frame(lines, w, h)
}
