package tui

import (
	"fmt"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
)

// The Assumptions page lists, after the scenario's values, the candidate
// selectors 'trailwise explain' ranks for the organization: each leaves a
// source's events (or some of its event names) out of what every strategy
// records. Toggling one sets the scenario's event_selectors as a scenario
// file would, and every strategy is priced again, as for any other value.

// candidates are the organization's candidate selectors as last ranked.
func (p *assumptionsPage) candidates(s *state) []model.Candidate {
	if s.readOnly() {
		return nil
	}
	e, _, ok := s.explanation("")
	if !ok || e.x == nil {
		return nil
	}
	return e.x.Candidates
}

// candidate is the candidate under the cursor, if the cursor is on one.
func (p *assumptionsPage) candidate(s *state) (model.Candidate, bool) {
	cs := p.candidates(s)
	i := p.cursor - len(p.fields)
	if i < 0 || i >= len(cs) {
		return model.Candidate{}, false
	}
	return cs[i], true
}

// sync puts the cursor back on its candidate after the candidates were
// ranked again.
func (p *assumptionsPage) sync(s *state) {
	if p.candKey == "" {
		return
	}
	i := slices.IndexFunc(p.candidates(s), func(c model.Candidate) bool { return c.Exclude.String() == p.candKey })
	if i < 0 {
		p.cursor, p.candKey = 0, ""
		return
	}
	p.cursor = len(p.fields) + i
}

// move steps the cursor through the values, then the candidates.
func (p *assumptionsPage) move(s *state, d int) {
	n := len(p.fields) + len(p.candidates(s))
	p.cursor = (p.cursor + d + n) % n
	p.candKey = ""
	if c, ok := p.candidate(s); ok {
		p.candKey = c.Exclude.String()
	}
}

func (p *assumptionsPage) updateCandidate(msg tea.KeyMsg, s *state, c model.Candidate) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Save):
		return s.saveScenario()
	case key.Matches(msg, k.Up):
		p.move(s, -1)
	case key.Matches(msg, k.Down):
		p.move(s, 1)
	case key.Matches(msg, k.Toggle, k.Enter, k.Left, k.Right):
		return p.toggle(s, c.Exclude)
	}
	return nil
}

// wantsExplanation: the candidates' savings are priced again for the
// scenario as it is when the cursor is among them (not on every change of
// a value: an explanation is a dozen estimates).
func (p *assumptionsPage) wantsExplanation(s *state) (string, bool) {
	_, on := p.candidate(s)
	return "", on && !s.readOnly()
}

// toggle leaves the candidate's events out of every strategy's selectors,
// or records them again, and prices every strategy again.
func (p *assumptionsPage) toggle(s *state, ex model.Exclusion) tea.Cmd {
	if s.readOnly() {
		s.message = "read-only report: assumptions cannot change"
		return nil
	}
	excl := toggled(s.excluded, ex)
	sc := withExclusions(s.asked, s.ownSelectors, excl)
	if err := sc.Validate(); err != nil {
		p.refused[ex.String()] = oneLine(err.Error())
		return nil
	}
	delete(p.refused, ex.String())
	s.excluded = excl
	s.asked, s.scenario = sc, resolvedLike(sc, s.scenario)
	clear(p.hints)
	p.watch = nil
	return s.reestimate(sc)
}

// toggled is excl with ex added, or taken out when it is there.
func toggled(excl []model.Exclusion, ex model.Exclusion) []model.Exclusion {
	key := ex.String()
	out := slices.DeleteFunc(slices.Clone(excl), func(x model.Exclusion) bool { return x.String() == key })
	if len(out) == len(excl) {
		out = append(out, ex)
	}
	return out
}

// withExclusions is sc with every strategy's event selectors set to its
// own (own: the scenario's as given) less the exclusions, as 'trailwise
// explain' prices a candidate; with none, the scenario's own.
func withExclusions(sc model.Scenario, own map[string][]model.EventSelector, excl []model.Exclusion) model.Scenario {
	if len(excl) == 0 {
		sc.EventSelectors = own
		return sc
	}
	sels := map[string][]model.EventSelector{}
	for id, v := range own {
		sels[id] = v
	}
	for _, st := range model.Strategies(&sc) {
		sels[st.ID] = model.WithoutAll(own[st.ID], excl)
	}
	sc.EventSelectors = sels
	return sc
}

func isExcluded(excl []model.Exclusion, ex model.Exclusion) bool {
	return slices.ContainsFunc(excl, func(x model.Exclusion) bool { return x.String() == ex.String() })
}

// candidateRows are the candidates' lines under a heading: a box, what is
// left out and its saving a month at best; under the cursor's, what it
// saves under the selected strategy and what would no longer be seen.
// from and to are the cursor's lines, -1 when it is on a value.
func (p *assumptionsPage) candidateRows(s *state, w int) (rows []string, from, to int) {
	st := s.st
	cs := p.candidates(s)
	if len(cs) == 0 {
		return nil, -1, -1
	}
	e, fresh, _ := s.explanation("")
	head := "── Event selectors: candidates by saving"
	if !fresh {
		head += " (as before the last change)"
	}
	rows = []string{st.Title.Render(fit(head, w))}
	from, to = -1, -1
	valW := 14
	for i, c := range cs {
		on := isExcluded(s.excluded, c.Exclude)
		box, val := "[ ] ", "up to "+money(c.Best)
		if on {
			box, val = "[x] ", "left out"
		}
		cur, label := "  ", pad(c.Exclude.String(), max(w-2-4-valW, 8))
		mine := p.cursor == len(p.fields)+i
		if mine {
			cur, label = "› ", st.Selected.Render(label)
			from = len(rows)
		}
		rows = append(rows, cur+box+label+padLeft(val, valW))
		if mine {
			rows = append(rows, p.tradeOff(s, e.x, c, w)...)
			if why := p.refused[c.Exclude.String()]; why != "" {
				for _, l := range wrap("refused: "+why, w-4) {
					rows = append(rows, "    "+st.Bad.Render(l))
				}
			}
			to = len(rows)
		}
	}
	return rows, from, to
}

// tradeOff is the cursor's candidate's saving under the selected strategy
// and its security trade-off, stated plainly.
func (p *assumptionsPage) tradeOff(s *state, x *model.Explanation, c model.Candidate, w int) []string {
	st := s.st
	saving := ""
	switch i := slices.Index(x.Strategies, s.selected); {
	case isExcluded(s.excluded, c.Exclude):
		saving = "left out of every strategy's selectors; "
	case i >= 0 && i < len(c.Savings):
		saving = fmt.Sprintf("saves %s %s a month; ", s.selected, money(c.Savings[i]))
	}
	who := "trails and event data stores can leave it out"
	if !c.Trails {
		who = "event data stores only (a trail cannot leave it out)"
	}
	var out []string
	for _, l := range wrap(saving+"would stop seeing "+c.StopSeeing+"; "+who, w-4) {
		out = append(out, "    "+st.Dim.Render(l))
	}
	return out
}
