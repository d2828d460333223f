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

// costsPage shows one strategy's cost: headline totals, the month-by-month
// chart over the horizon, the cost lines by component and payer; or two
// strategies side by side.
type costsPage struct {
	compare bool
	other   string // the strategy compared with the selected one
}

func (p *costsPage) title() string { return "Costs" }
func (p *costsPage) editing() bool { return false }

func (p *costsPage) keys(s *state) []key.Binding {
	k := s.keys
	b := []key.Binding{with(k.Up, "↑↓", "strategy"), with(k.Compare, "c", "compare two")}
	if p.compare {
		b = append(b, with(k.Left, "←→", "second strategy"))
	}
	return b
}

func (p *costsPage) update(msg tea.KeyMsg, s *state) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Up):
		s.step(-1)
	case key.Matches(msg, k.Down):
		s.step(1)
	case key.Matches(msg, k.Compare):
		p.compare = !p.compare
		if p.compare && (p.other == "" || p.other == s.selected) {
			p.other = stepIn(s.order(), s.selected, 1)
		}
	case p.compare && key.Matches(msg, k.Left):
		p.other = stepIn(s.order(), p.other, -1)
	case p.compare && key.Matches(msg, k.Right):
		p.other = stepIn(s.order(), p.other, 1)
	}
	return nil
}

func (p *costsPage) view(s *state, w, h int) string {
	if !p.compare || s.strategy(p.other) == nil {
		return frame(p.block(s, s.selected, w, h, false), w, h)
	}
	a, b := s.strategy(s.selected), s.strategy(p.other)
	d := float64(b.Totals.FirstYear - a.Totals.FirstYear)
	more := "more"
	if d < 0 {
		more = "less"
	}
	head := s.st.Title.Render("Compare") + s.st.Dim.Render(fmt.Sprintf(" · %s costs %s %s a year than %s",
		short(b.ID), money(math.Abs(d)), more, short(a.ID)))
	colW := (w - 2) / 2
	left := frame(p.block(s, a.ID, colW, h-2, true), colW, h-2)
	right := frame(p.block(s, b.ID, colW, h-2, true), colW, h-2)
	return frame([]string{head, "", columns(left, right, colW, 2)}, w, h)
}

// block is one strategy's costs in a w×h box.
func (p *costsPage) block(s *state, id string, w, h int, compact bool) []string {
	st := s.st
	x := s.strategy(id)
	if x == nil {
		return []string{st.Dim.Render("no strategy selected")}
	}
	var lines []string
	if compact {
		lines = append(lines, st.Selected.Render(fit(x.ID, w)))
	} else {
		lines = append(lines, st.Title.Render("Costs")+st.Dim.Render(" · ")+st.Selected.Render(x.ID)+st.Dim.Render(" · "+x.Name))
	}
	tot := []string{"1st month " + money(float64(x.Totals.FirstMonth)), "last " + money(float64(x.Totals.LastMonth)),
		"year " + money(float64(x.Totals.FirstYear)), "horizon " + money(float64(x.Totals.Horizon))}
	if compact {
		tot = []string{"1st month " + money(float64(x.Totals.FirstMonth)), "year " + money(float64(x.Totals.FirstYear))}
	}
	if x.Available && s.doc.Inputs.MonteCarlo.Draws > 0 {
		tot = append(tot, fmt.Sprintf("cheapest in %.0f%% of draws", 100*float64(x.ProbabilityCheapest)))
	}
	lines = append(lines, wrap(strings.Join(tot, " · "), w)...)
	if !x.Available {
		for _, l := range wrap("unavailable: "+x.UnavailableReason, w) {
			lines = append(lines, st.Bad.Render(l))
		}
	}
	chartH := 4
	switch {
	case h >= 34:
		chartH = 8
	case h >= 26:
		chartH = 6
	case compact:
		chartH = 3
	}
	vals := make([]float64, len(x.Months))
	months := make([]string, len(x.Months))
	for i, m := range x.Months {
		vals[i], months[i] = float64(m.Total), m.Month
	}
	lines = append(lines, "")
	lines = append(lines, chart(st, vals, months, w, chartH)...)
	var payers []string
	for _, pt := range x.PayerTotals {
		payers = append(payers, pt.Payer+" "+money(float64(pt.Total)))
	}
	lines = append(lines, "")
	lines = append(lines, wrap("Payers over the horizon: "+strings.Join(payers, " · "), w)...)
	rows := lineTotals(x)
	room := h - len(lines) - 2
	if room < 1 {
		return lines
	}
	lines = append(lines, "")
	if compact {
		nameW := min(w-11-9, 36)
		lines = append(lines, st.Header.Render(pad("component", nameW))+" "+st.Header.Render(pad("payer", 8))+st.Header.Render(padLeft("horizon", 11)))
		for i, r := range rows {
			if i == room-1 && len(rows) > room {
				lines = append(lines, st.Dim.Render(fmt.Sprintf("… %d more lines", len(rows)-i)))
				break
			}
			lines = append(lines, pad(r.component, nameW)+" "+pad(shortPayer(r.payer), 8)+padLeft(money(r.horizon), 11))
		}
		return lines
	}
	nameW := min(w-14-11-11-1, 44)
	lines = append(lines, st.Header.Render(pad("component", nameW))+" "+st.Header.Render(pad("payer", 13))+st.Header.Render(padLeft("1st month", 11))+st.Header.Render(padLeft("horizon", 11)))
	for i, r := range rows {
		if i == room-1 && len(rows) > room {
			lines = append(lines, st.Dim.Render(fmt.Sprintf("… %d more lines", len(rows)-i)))
			break
		}
		lines = append(lines, pad(r.component, nameW)+" "+pad(r.payer, 13)+padLeft(money(r.first), 11)+padLeft(money(r.horizon), 11))
	}
	return lines
}

// shortPayer fits a payer role in a narrow column.
func shortPayer(p string) string {
	switch p {
	case model.PayerManagement:
		return "mgmt"
	case model.PayerLogArchive:
		return "archive"
	case model.PayerPlatform:
		return "platform"
	}
	return p
}

type lineTotal struct {
	component, payer string
	first, horizon   float64
}

// lineTotals sums a strategy's lines by component and payer, largest first.
func lineTotals(x *report.Strategy) []lineTotal {
	idx := map[[2]string]int{}
	var out []lineTotal
	for mi, m := range x.Months {
		for _, l := range m.Lines {
			k := [2]string{l.Component, l.Payer}
			i, ok := idx[k]
			if !ok {
				i = len(out)
				idx[k] = i
				out = append(out, lineTotal{component: l.Component, payer: l.Payer})
			}
			out[i].horizon += float64(l.Cost)
			if mi == 0 {
				out[i].first += float64(l.Cost)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b lineTotal) int {
		switch {
		case a.horizon > b.horizon:
			return -1
		case a.horizon < b.horizon:
			return 1
		}
		return strings.Compare(a.component+a.payer, b.component+b.payer)
	})
	return out
}

// chart draws monthly values as vertical bars of block characters, h rows
// high, with the largest value at the top of the axis and the first and
// last month beneath. Bars rise from zero unless the months differ by less
// than half the largest: then from a base below the smallest, written at
// the foot of the axis, so that the differences show.
func chart(st styles, vals []float64, months []string, w, h int) []string {
	if len(vals) == 0 {
		return []string{st.Dim.Render("no months")}
	}
	top, low := slices.Max(vals), slices.Min(vals)
	base := 0.0
	if low > 0 && top-low < top/2 {
		base = math.Max(0, low-(top-low)/2)
		if top == low {
			base = 0
		}
	}
	axis, foot := money(top), money(base)
	axisW := max(len(axis), len(foot), 3) + 1
	colW := min(max((w-axisW-1)/len(vals), 1), 5)
	barW := max(colW-1, 1)
	eighths := make([]int, len(vals))
	for i, v := range vals {
		if top > base {
			eighths[i] = int(math.Round(math.Max(v-base, 0) / (top - base) * float64(h*8)))
		}
		if v > base && eighths[i] == 0 {
			eighths[i] = 1
		}
	}
	blocks := []rune(" ▁▂▃▄▅▆▇█")
	var out []string
	for r := 0; r < h; r++ {
		label := ""
		switch r {
		case 0:
			label = axis
		case h - 1:
			label = foot
		}
		var b strings.Builder
		fromBottom := h - 1 - r
		for _, e := range eighths {
			k := min(max(e-fromBottom*8, 0), 8)
			b.WriteString(strings.Repeat(string(blocks[k]), barW))
			if colW > barW {
				b.WriteString(strings.Repeat(" ", colW-barW))
			}
		}
		out = append(out, padLeft(label, axisW-1)+" "+st.Bar.Render(strings.TrimRight(b.String(), " ")))
	}
	span := colW * len(vals)
	first, last := months[0], months[len(months)-1]
	xl := first
	if span >= len(first)+len(last)+1 && len(months) > 1 {
		xl = first + strings.Repeat(" ", span-len(first)-len(last)-(colW-barW)) + last
	}
	out = append(out, strings.Repeat(" ", axisW)+st.Dim.Render(xl))
	return out
}
