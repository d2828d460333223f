package tui

import (
	"fmt"
	"github.com/trailwise/trailwise/internal/textfmt"
	"math"
	"slices"
	"strconv"
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
		return frame(p.block(s, s.selected, w, h, 0), w, h)
	}
	a, b := s.strategy(s.selected), s.strategy(p.other)
	head := []string{s.st.Title.Render("Compare")}
	for _, l := range wrap(compareSentence(a, b), w) {
		head = append(head, s.st.Dim.Render(l))
	}
	// One axis from zero for both charts: the bars' heights compare.
	top := math.Max(math.Max(maxMonth(a), maxMonth(b)), 0.01)
	colW := (w - 2) / 2
	bh := h - len(head) - 1
	left := frame(p.block(s, a.ID, colW, bh, top), colW, bh)
	right := frame(p.block(s, b.ID, colW, bh, top), colW, bh)
	return frame(append(head, "", columns(left, right, colW, 2)), w, h)
}

// compareSentence says, in words, how the first years of two strategies
// compare: the dearer one first, with the difference and the ratio.
func compareSentence(a, b *report.Strategy) string {
	ya, yb := float64(a.Totals.FirstYear), float64(b.Totals.FirstYear)
	if math.Round(ya*100) == math.Round(yb*100) {
		return fmt.Sprintf("%s and %s cost the same: %s USD in the first year.", a.Name, b.Name, usd(ya))
	}
	if ya > yb {
		a, b, ya, yb = b, a, yb, ya
	}
	ratio := ""
	if ya > 0 {
		ratio = fmt.Sprintf(" (%s×)", strconv.FormatFloat(yb/ya, 'f', ratioDigits(yb/ya), 64))
	}
	return fmt.Sprintf("%s costs %s USD%s more a year than %s.", b.Name, usd(yb-ya), ratio, a.Name)
}

// ratioDigits shows a ratio to one decimal, or two when one would round it
// to 1.0 and hide that the costs differ.
func ratioDigits(r float64) int {
	if r < 1.05 {
		return 2
	}
	return 1
}

// usd writes an amount with cents and thousands separators: 1,234.56.
func usd(v float64) string { return textfmt.Money(v, 2) }

func maxMonth(x *report.Strategy) float64 {
	top := 0.0
	for _, m := range x.Months {
		top = math.Max(top, float64(m.Total))
	}
	return top
}

// block is one strategy's costs in a w×h box. A compared strategy (top
// above zero: the axis both charts share) gets a narrow block: its name,
// wrapped to fit, the year, and a chart from zero up to top.
func (p *costsPage) block(s *state, id string, w, h int, top float64) []string {
	st := s.st
	x := s.strategy(id)
	if x == nil {
		return []string{st.Dim.Render("no strategy selected")}
	}
	compact := top > 0
	lines := costsHeading(s, x, w, compact)
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
	lines = append(lines, chart(st, vals, months, w, chartH, top)...)
	var payers []string
	for _, pt := range x.PayerTotals {
		payers = append(payers, payerName(pt.Payer)+" "+money(float64(pt.Total)))
	}
	lines = append(lines, "")
	pays := wrap("Payers over the horizon: "+strings.Join(payers, " · "), w)
	if compact {
		pays = nLines(pays, 2, w)
	}
	lines = append(lines, pays...)
	room := h - len(lines) - 2
	if room < 1 {
		return lines
	}
	lines = append(lines, "")
	return append(lines, costLines(st, lineTotals(x), w, room, compact)...)
}

// costsHeading is the strategy's name and its totals; compact (side by
// side with another) it is two lines of each, so that the charts line up.
func costsHeading(s *state, x *report.Strategy, w int, compact bool) []string {
	st := s.st
	var lines []string
	if compact {
		for _, l := range wrap(x.Name, w) {
			lines = append(lines, st.Selected.Render(l))
		}
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
	head := wrap(strings.Join(tot, " · "), w)
	if !x.Available {
		for _, l := range wrap("unavailable: "+x.UnavailableReason, w) {
			head = append(head, st.Bad.Render(l))
		}
	}
	if compact {
		lines = nLines(lines, 2, w)
		head = nLines(head, 2, w)
	}
	return append(lines, head...)
}

// costLines is the table of cost lines in room lines, the last saying how
// many more there are when they do not fit; compact, the horizon alone.
func costLines(st styles, rows []lineTotal, w, room int, compact bool) []string {
	nameW := min(w-14-11-11-1, 44)
	if compact {
		nameW = min(w-11-12, 36)
	}
	head := st.Header.Render(pad("component", nameW)) + " " + st.Header.Render(pad("payer", 13)) + st.Header.Render(padLeft("1st month", 11)) + st.Header.Render(padLeft("horizon", 11))
	if compact {
		head = st.Header.Render(pad("component", nameW)) + " " + st.Header.Render(pad("payer", 11)) + st.Header.Render(padLeft("horizon", 11))
	}
	lines := []string{head}
	for i, r := range rows {
		if i == room-1 && len(rows) > room {
			lines = append(lines, st.Dim.Render(fmt.Sprintf("… %d more lines", len(rows)-i)))
			break
		}
		if compact {
			lines = append(lines, pad(r.component, nameW)+" "+pad(payerName(r.payer), 11)+padLeft(money(r.horizon), 11))
		} else {
			lines = append(lines, pad(r.component, nameW)+" "+pad(r.payer, 13)+padLeft(money(r.first), 11)+padLeft(money(r.horizon), 11))
		}
	}
	return lines
}

// nLines makes ls exactly n lines: blank ones added, or the rest joined
// onto the last, cut to w.
func nLines(ls []string, n, w int) []string {
	if len(ls) > n {
		ls = append(slices.Clone(ls[:n-1]), fit(strings.Join(ls[n-1:], " "), w))
	}
	for len(ls) < n {
		ls = append(ls, "")
	}
	return ls
}

// payerName is a payer role in words, for an 11-cell column.
func payerName(p string) string {
	switch p {
	case model.PayerManagement:
		return "management"
	case model.PayerLogArchive:
		return "log archive"
	case model.PayerMembers:
		return "members"
	case model.PayerPlatform:
		return "staff time"
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
// the foot of the axis, so that the differences show. A shared top (above
// zero) is the axis of charts set side by side: from zero up to it, so that
// their bars compare.
func chart(st styles, vals []float64, months []string, w, h int, shared float64) []string {
	if len(vals) == 0 {
		return []string{st.Dim.Render("no months")}
	}
	top, low := slices.Max(vals), slices.Min(vals)
	base := 0.0
	if shared > 0 {
		top = math.Max(top, shared)
	} else if low > 0 && top-low < top/2 {
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
