package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
)

// TestAssumptionsScroll walks the cursor over every field at 80×24: the
// field under it always shows, and the lines that do not (fields, the
// candidate selectors' heading and rows) are counted by a marker above or
// below.
func TestAssumptionsScroll(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	press(m, keyRunes("5"))
	fields := assumptionFields()
	cands := m.pages[4].(*assumptionsPage).candidates(m.s)
	if len(cands) == 0 {
		t.Fatal("no candidate selectors on the small sample")
	}
	lines := len(fields) + 1 + len(cands)
	marker := regexp.MustCompile(`([↑↓]) (\d+) more (above|below)`)
	for i := range fields {
		v := m.View()
		if !strings.Contains(v, "› "+fields[i].label) {
			t.Fatalf("field %d (%s) is under the cursor but not shown:\n%s", i+1, fields[i].label, v)
		}
		shown := strings.Count(v, "] exclude ") + strings.Count(v, "── Event selectors")
		for _, l := range strings.Split(v, "\n") {
			for _, f := range fields {
				// A row is the cursor or two spaces, then the label
				// padded ("Insights" is in "Logs Insights" too).
				if r := []rune(l); len(r) > 2 && strings.HasPrefix(string(r[2:]), pad(f.label, 33)+" ") {
					shown++
				}
			}
		}
		hidden := 0
		for _, g := range marker.FindAllStringSubmatch(v, -1) {
			var n int
			fmt.Sscan(g[2], &n)
			hidden += n
		}
		if shown+hidden != lines {
			t.Errorf("cursor on field %d: %d lines shown and %d counted by the markers, want %d:\n%s", i+1, shown, hidden, lines, v)
		}
		press(m, keyDown)
	}
	// At 80×24 the last field is hidden at first: a marker says so.
	press(m, keyRunes("1"), keyRunes("5"))
	for m.pages[4].(*assumptionsPage).cursor != 0 {
		press(m, keyDown)
	}
	if v := m.View(); strings.Contains(v, fields[len(fields)-1].label) || !strings.Contains(v, "more below") {
		t.Errorf("the last field at 80×24: want it hidden and a marker:\n%s", v)
	}
	// Tall enough, no marker.
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 60})
	if v := m.View(); strings.Contains(v, "more below") || strings.Contains(v, "more above") {
		t.Errorf("a marker with every field shown:\n%s", v)
	}
}

// TestAssumptionBeingTyped: the field being typed in is drawn unlike the one
// merely under the cursor: a pen, brackets and a cursor, without color too.
func TestAssumptionBeingTyped(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	press(m, keyRunes("5"), keyDown, keyDown)
	line := func() string {
		for _, l := range strings.Split(m.View(), "\n") {
			if strings.Contains(l, "Central bucket retention") {
				return strings.TrimRight(l, " ")
			}
		}
		return ""
	}
	if got := line(); got != "› Central bucket retention (days)   365" {
		t.Errorf("under the cursor: %q", got)
	}
	press(m, keyEnter)
	if got := line(); got != "✎ Central bucket retention (days)   [365▌]" {
		t.Errorf("being typed: %q", got)
	}
	press(m, keyLeft, keyLeft)
	if got := line(); !strings.HasSuffix(got, "[3▌65]") {
		t.Errorf("the cursor moved two left: %q", got)
	}
	press(m, keyEsc)
	if got := line(); got != "› Central bucket retention (days)   365" {
		t.Errorf("after esc: %q", got)
	}
}

// TestRetentionBeyondHorizon: central retention from 365 to 2,555 days moves
// no cost within a 12-month horizon (the model says so); the page says why.
// A change that moves costs says nothing of the kind.
func TestRetentionBeyondHorizon(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	w := mustPreset(t, "balanced")
	c0, _ := expected(t, d, model.DefaultScenario(), w)
	s := model.DefaultScenario()
	s.CentralRetentionDays = 2555
	c1, _ := expected(t, d, s, w)
	for i := range c0.Strategies {
		if c0.Strategies[i].Total() != c1.Strategies[i].Total() {
			t.Fatalf("%s: 2,555 days costs %.2f, 365 days %.2f: the test expects no change", c0.Strategies[i].ID, c1.Strategies[i].Total(), c0.Strategies[i].Total())
		}
	}
	const hint = "the change shows after month 12: raise the horizon to see it"
	press(m, keyRunes("5"), keyDown, keyDown, keyEnter, keyClear)
	typeText(m, "2555")
	press(m, keyEnter)
	if v := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(v, hint) {
		t.Errorf("no hint after 365 → 2,555 days:\n%s", m.View())
	}
	press(m, keyEnter, keyClear)
	typeText(m, "30")
	press(m, keyEnter)
	if v := strings.Join(strings.Fields(m.View()), " "); strings.Contains(v, "raise the horizon") {
		t.Errorf("the hint stays after a change that moves costs:\n%s", m.View())
	}
}

// TestRetentionHintWithoutBand: without Monte Carlo draws the costs come in
// one answer, not two; the hint follows it all the same.
func TestRetentionHintWithoutBand(t *testing.T) {
	m := pointModel(t)
	settle(m, m.Init())
	press(m, keyRunes("5"), keyDown, keyDown, keyEnter, keyClear)
	typeText(m, "2555")
	press(m, keyEnter)
	if v := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(v, "the change shows after month 12") {
		t.Errorf("no hint without draws:\n%s", m.View())
	}
}
