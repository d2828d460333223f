package tui

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

// explainPageIndex is the Explain page's place among the pages.
const explainPageIndex = 6

// explained is an explanation and the scenario change it was asked at.
type explained struct {
	gen int
	x   *model.Explanation
	err error
}

// explainedMsg answers an explanation asked for.
type explainedMsg struct {
	account string
	gen     int
	x       *model.Explanation
	err     error
}

// explanationWanter is a page that shows an explanation: of which
// account ("" the organization), and whether it wants one now.
type explanationWanter interface {
	wantsExplanation(s *state) (account string, ok bool)
}

// explainWanted asks for the explanation the page on screen shows, when it
// has none for the current scenario.
func (m *Model) explainWanted() tea.Cmd {
	w, ok := m.pages[m.active].(explanationWanter)
	if !ok || m.full {
		return nil
	}
	account, ok := w.wantsExplanation(m.s)
	if !ok {
		return nil
	}
	return m.s.explain(account)
}

// explain asks for the account's explanation under the scenario as it is
// now, unless it is there or on its way. It waits for the costs to settle:
// the costs and ranking come first, and an explanation asked while they are
// computed would be for a scenario already left.
func (s *state) explain(account string) tea.Cmd {
	if s.readOnly() || s.busy() {
		return nil
	}
	if e, ok := s.explained[account]; ok && e.gen == s.estGen {
		return nil
	}
	if g, ok := s.explaining[account]; ok && g == s.estGen {
		return nil
	}
	s.explaining[account] = s.estGen
	gen, sc, eng := s.estGen, s.asked, s.eng
	return func() tea.Msg {
		x, err := eng.Explain(sc, account)
		return explainedMsg{account: account, gen: gen, x: x, err: err}
	}
}

// explainedIn keeps an explanation newer than the one held.
func (s *state) explainedIn(msg explainedMsg) {
	if g, ok := s.explaining[msg.account]; ok && g == msg.gen {
		delete(s.explaining, msg.account)
	}
	if e, ok := s.explained[msg.account]; ok && e.gen > msg.gen {
		return
	}
	s.explained[msg.account] = explained{gen: msg.gen, x: msg.x, err: msg.err}
}

// explanation is the latest explanation of the account, whether it is for
// the scenario on screen (fresh), and whether there is one at all.
func (s *state) explanation(account string) (e explained, fresh, ok bool) {
	e, ok = s.explained[account]
	return e, ok && e.gen == s.estGen, ok
}

// explainPage shows what 'trailwise explain' shows, for the organization or
// the account selected on the Accounts page: the volume by category, the
// top sources and event names by events and bytes, the sources AWS
// documents as noisy, and each candidate selector's saving under every
// strategy, ranked, with what the organization would stop seeing. The text
// is explain's own table (report.RenderExplain), scrolled.
type explainPage struct {
	account bool // the selected account, not the organization
	scroll  int
}

func (p *explainPage) title() string { return "Explain" }
func (p *explainPage) editing() bool { return false }

func (p *explainPage) keys(s *state) []key.Binding {
	k := s.keys
	if s.readOnly() {
		return nil
	}
	return []key.Binding{with(k.Up, "↑↓", "scroll"), with(k.Scope, "a", "organization/account")}
}

func (p *explainPage) update(msg tea.KeyMsg, s *state) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Up):
		p.scroll = max(p.scroll-1, 0)
	case key.Matches(msg, k.Down):
		p.scroll++
	case key.Matches(msg, k.Scope) && !s.readOnly():
		p.account = !p.account
		p.scroll = 0
	}
	return nil
}

// scope is the account explained: "" for the organization, else the one
// under the Accounts page's cursor, or the busiest before it has one.
func (p *explainPage) scope(s *state) string {
	if !p.account || s.eng == nil {
		return ""
	}
	if s.eng.hasAccount(s.account) {
		return s.account
	}
	return s.eng.busiest()
}

func (p *explainPage) wantsExplanation(s *state) (string, bool) {
	return p.scope(s), !s.readOnly()
}

func (p *explainPage) view(s *state, w, h int) string {
	st := s.st
	if s.readOnly() {
		lines := []string{st.Title.Render("Explain"), ""}
		lines = append(lines, wrap("A saved report holds the costs, not the dataset's breakdown by event source: open the interface on the dataset (trailwise tui --dataset FILE) to see what drives the volume.", w)...)
		return frame(lines, w, h)
	}
	account := p.scope(s)
	head := st.Title.Render("Explain") + st.Dim.Render(" · "+p.scopeName(s, account))
	e, fresh, ok := s.explanation(account)
	switch {
	case !ok:
		return frame([]string{head, "", st.Dim.Render("explaining…")}, w, h)
	case !fresh:
		head += st.Dim.Render(" · recomputing…")
	}
	if e.err != nil {
		return frame(append([]string{head, ""}, wrap("not explained: "+oneLine(e.err.Error()), w)...), w, h)
	}
	var b bytes.Buffer
	if err := report.RenderExplain(&b, e.x, "table"); err != nil {
		return frame([]string{head, "", "not explained: " + oneLine(err.Error())}, w, h)
	}
	body := p.styled(s, strings.Split(strings.TrimRight(b.String(), "\n"), "\n"))
	room := h - 1
	p.scroll = min(p.scroll, max(len(body)-room, 0))
	end := min(p.scroll+room, len(body))
	lines := append([]string{head}, body[p.scroll:end]...)
	if end < len(body) {
		lines[len(lines)-1] = st.Dim.Render(fmt.Sprintf("… ↓ for %d more lines", len(body)-end+1))
	}
	return frame(lines, w, h)
}

// scopeName says what is explained, and how to change it.
func (p *explainPage) scopeName(s *state, account string) string {
	if account == "" {
		return "the organization · a: one account"
	}
	name := account
	for _, a := range s.eng.accounts {
		if a.ID == account && a.Name != "" && a.Name != a.ID {
			name += " " + a.Name
		}
	}
	return "account " + name + " (3 Accounts selects) · a: organization"
}

// styled marks explain's headings and called-out sources.
func (p *explainPage) styled(s *state, lines []string) []string {
	st := s.st
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "What "), strings.HasPrefix(l, "Top event sources"):
			lines[i] = st.Title.Render(l)
		case strings.HasPrefix(l, "! "):
			lines[i] = st.Bad.Render(l)
		}
	}
	return lines
}
