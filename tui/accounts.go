package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

// accountsPage lists the accounts, sorted by volume or cost and filtered by
// OU, name or id, with what each pays a month under each strategy (the
// report's per-strategy accounts lists).
type accountsPage struct {
	byCost    bool
	cursor    int
	offset    int
	filter    textinput.Model
	filtering bool

	doc  *report.Document // the document rows were built from
	rows []accountRow
}

type accountRow struct {
	accountInfo
	role string
	pays map[string]float64 // strategy id → first month
}

func newAccountsPage(s *state) *accountsPage {
	ti := textinput.New()
	ti.Cursor.SetMode(cursor.CursorStatic) // no blink: nothing to redraw while idle
	ti.Prompt = "/"
	ti.Placeholder = "OU, name or id"
	ti.CharLimit = 64
	p := &accountsPage{filter: ti}
	if s.readOnly() {
		p.byCost = true // a saved report has no volumes
	}
	return p
}

func (p *accountsPage) title() string { return "Accounts" }
func (p *accountsPage) editing() bool { return p.filtering }

func (p *accountsPage) keys(s *state) []key.Binding {
	k := s.keys
	if p.filtering {
		return []key.Binding{with(k.Enter, "enter", "keep filter"), with(k.Back, "esc", "clear filter")}
	}
	return []key.Binding{with(k.Up, "↑↓", "account"), with(k.Left, "←→", "strategy"), with(k.Sort, "s", "sort"), k.Filter}
}

func (p *accountsPage) update(msg tea.KeyMsg, s *state) tea.Cmd {
	k := s.keys
	if p.filtering {
		switch {
		case key.Matches(msg, k.Enter):
			p.filtering = false
			p.filter.Blur()
		case key.Matches(msg, k.Back):
			p.filtering = false
			p.filter.Blur()
			p.filter.SetValue("")
		default:
			var cmd tea.Cmd
			p.filter, cmd = p.filter.Update(msg)
			p.cursor, p.offset = 0, 0
			return cmd
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Filter):
		p.filtering = true
		return p.filter.Focus()
	case key.Matches(msg, k.Back):
		p.filter.SetValue("")
	case key.Matches(msg, k.Sort):
		if s.readOnly() {
			s.message = "a saved report has no volumes: sorted by cost"
			return nil
		}
		p.byCost = !p.byCost
		p.cursor, p.offset = 0, 0
	case key.Matches(msg, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, k.Down):
		p.cursor++
	case key.Matches(msg, k.Left):
		s.step(-1)
	case key.Matches(msg, k.Right):
		s.step(1)
	}
	return nil
}

// build makes one row per account from the dataset (live) or from what the
// report's strategies list (saved), with what each pays.
func (p *accountsPage) build(s *state) {
	if p.doc == s.doc {
		return
	}
	p.doc = s.doc
	idx := map[string]int{}
	p.rows = p.rows[:0]
	add := func(a accountInfo) int {
		if i, ok := idx[a.ID]; ok {
			return i
		}
		idx[a.ID] = len(p.rows)
		p.rows = append(p.rows, accountRow{accountInfo: a, pays: map[string]float64{}})
		return len(p.rows) - 1
	}
	if s.eng != nil {
		for _, a := range s.eng.accounts {
			add(a)
		}
	}
	for _, x := range report.WithBills(s.doc).Strategies { // spread now, on this page only
		for _, a := range x.Accounts {
			name := a.Name
			if a.Account == model.NewAccountsID && name == "" {
				name = "accounts added by growth"
			}
			i := add(accountInfo{ID: a.Account, Name: name})
			p.rows[i].pays[x.ID] = float64(a.FirstMonth)
			if p.rows[i].role == "" {
				p.rows[i].role = a.Role
			}
		}
	}
}

func (p *accountsPage) visible(s *state) []accountRow {
	p.build(s)
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	var out []accountRow
	for _, r := range p.rows {
		if q == "" || strings.Contains(strings.ToLower(r.OU), q) || strings.Contains(strings.ToLower(r.Name), q) || strings.Contains(r.ID, q) {
			out = append(out, r)
		}
	}
	sel := p.costKey(s)
	slices.SortStableFunc(out, func(a, b accountRow) int {
		var x, y float64
		if sel != "" {
			x, y = a.pays[sel], b.pays[sel]
		} else {
			x, y = a.EventsPerDay, b.EventsPerDay
		}
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		case a.EventsPerDay != b.EventsPerDay: // equal costs: busiest first
			return cmp.Compare(b.EventsPerDay, a.EventsPerDay)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// costKey is the strategy whose costs the rows are sorted by, or "" for
// volume: the selected one when it bills accounts their own costs, else the
// first in rank order that does (most accounts pay a part). A strategy
// billing everything to the log-archive or management account leaves the
// members at "–": its costs would sort nothing.
func (p *accountsPage) costKey(s *state) string {
	if !p.byCost {
		return ""
	}
	p.build(s)
	paying := func(id string) bool {
		n := 0
		for _, r := range p.rows {
			if r.pays[id] > 0 {
				n++
			}
		}
		return n > 1 && 2*n > len(p.rows)
	}
	if paying(s.selected) {
		return s.selected
	}
	for _, id := range s.order() {
		if paying(id) {
			return id
		}
	}
	return ""
}

func (p *accountsPage) view(s *state, w, h int) string {
	st := s.st
	rows := p.visible(s)
	key := p.costKey(s)
	lines := p.heading(s, len(rows), key, w)
	cw := accountColumnWidths(w)
	order := s.order()
	cols := costColumns(order, s.selected, key, (w-cw.fixed())/cw.cost)
	lines = append(lines, cw.header(s, cols))
	room := h - len(lines) - 1
	if room < 1 {
		return frame(lines, w, h)
	}
	p.cursor = min(p.cursor, max(len(rows)-1, 0))
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+room {
		p.offset = p.cursor - room + 1
	}
	for i := p.offset; i < len(rows) && i < p.offset+room; i++ {
		lines = append(lines, cw.row(s, rows[i], cols, i == p.cursor))
	}
	if p.byCost && key != s.selected {
		why := "no strategy bills accounts their own costs: sorted by volume"
		if key != "" {
			why = fmt.Sprintf("%s bills most accounts nothing: sorted by %s", s.selected, key)
		}
		lines = append(lines, st.Dim.Render(fit(why, w)))
	}
	if len(rows) > 0 {
		r := rows[p.cursor]
		s.account = r.ID // the account the Explain page explains
		lines = append(lines, st.Dim.Render(fmt.Sprintf("%s %s · ←→ other strategies (%d of %d shown)", r.ID, r.Name, len(cols), len(order))))
	} else {
		lines = append(lines, st.Dim.Render("no account matches"))
	}
	return frame(lines, w, h)
}

// heading is the page's title, what the rows are sorted by, and the filter.
func (p *accountsPage) heading(s *state, shown int, key string, w int) []string {
	st := s.st
	sortBy := "events a day"
	if s.readOnly() && key == "" {
		sortBy = "account" // a saved report has no volumes
	}
	if key != "" {
		sortBy = "cost under " + key
	}
	lines := []string{st.Title.Render("Accounts") + st.Dim.Render(fmt.Sprintf(" · %d shown · sorted by %s", shown, sortBy))}
	switch {
	case p.filtering:
		lines = append(lines, p.filter.View())
	case p.filter.Value() != "":
		lines = append(lines, st.Dim.Render(fit("filter: "+p.filter.Value()+" (/ to change, esc to clear) · cost: first month", w)))
	default:
		lines = append(lines, st.Dim.Render("/ filters by OU, name or id · cost: first month"))
	}
	return lines
}

// accountColumns are the widths of the accounts table's columns.
type accountColumns struct{ name, ou, vol, cost int }

func accountColumnWidths(w int) accountColumns {
	if w < 100 {
		return accountColumns{18, 12, 10, 10}
	}
	return accountColumns{24, 16, 11, 12}
}

// fixed is the width before the cost columns.
func (c accountColumns) fixed() int { return 2 + c.name + 1 + c.ou + c.vol }

// costColumns are the strategies with a cost column: the selected one and
// those after it in rank order, n of them at least one, and the one the
// rows are sorted by.
func costColumns(order []string, selected, key string, n int) []string {
	n = max(n, 1)
	start := max(slices.Index(order, selected), 0)
	if start+n > len(order) {
		start = max(len(order)-n, 0)
	}
	cols := slices.Clone(order[start:min(start+n, len(order))])
	if key != "" && !slices.Contains(cols, key) {
		cols[len(cols)-1] = key // the column the rows are sorted by shows
	}
	return cols
}

// header is the table's header, the selected strategy underlined. Styled
// pieces side by side: a style never wraps another's output.
func (c accountColumns) header(s *state, cols []string) string {
	st := s.st
	head := "  " + st.Header.Render(pad("account", c.name)) + " " + st.Header.Render(pad("OU", c.ou)) + st.Header.Render(padLeft("events/day", c.vol))
	for _, id := range cols {
		label := " " + padLeft(short(id), c.cost-1)
		if id == s.selected {
			head += st.Selected.Underline(true).Render(label)
		} else {
			head += st.Header.Render(label)
		}
	}
	return head
}

// row is one account's line: name and role, OU, volume, and what it pays
// under each strategy shown.
func (c accountColumns) row(s *state, r accountRow, cols []string, cursor bool) string {
	cur := "  "
	name := r.Name
	if name == "" || name == r.ID {
		name = r.ID
	}
	if r.role != "" && r.role != "member" && r.role != model.PayerMembers {
		name += " (" + r.role + ")"
	}
	name = pad(name, c.name)
	if cursor {
		cur, name = "› ", s.st.Selected.Render(name)
	}
	ou, vol := r.OU, "–"
	if ou == "" {
		ou = "–"
	}
	if s.eng != nil && r.ID != model.NewAccountsID {
		vol = count(r.EventsPerDay)
	}
	line := cur + name + " " + pad(ou, c.ou) + padLeft(vol, c.vol)
	for _, id := range cols {
		cell := "–"
		if v, ok := r.pays[id]; ok {
			cell = money(v)
		}
		line += " " + padLeft(cell, c.cost-1)
	}
	return line
}
