package tui

import (
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

// fixedTime is written into every report the tests make.
var fixedTime = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// ascii is a renderer without color, whatever the terminal running the tests.
func ascii() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// liveModel opens the interface on an embedded sample with the default
// scenario and the balanced preset.
func liveModel(tb testing.TB, sample string, o Options) (*Model, *model.Dataset) {
	tb.Helper()
	d, err := fixtures.Load(sample)
	if err != nil {
		tb.Fatal(err)
	}
	o.Engine = NewEngine(d, "sample:"+sample, nil, model.DefaultUncertainty(), "test", fixedTime)
	o.Scenario = model.DefaultScenario()
	if o.Renderer == nil {
		o.Renderer = ascii()
	}
	if o.ExportDir == "" {
		o.ExportDir = tb.TempDir()
	}
	m, err := New(o)
	if err != nil {
		tb.Fatal(err)
	}
	settle(m, m.Init()) // what the program does once its first frame is drawn
	return m, d
}

// pointModel opens the interface on the small sample without Monte Carlo
// draws, as New leaves it: before the work Init starts.
func pointModel(tb testing.TB) *Model {
	tb.Helper()
	d, err := fixtures.Load("small")
	if err != nil {
		tb.Fatal(err)
	}
	eng := NewEngine(d, "sample:small", nil, model.Uncertainty{Draws: 0, Seed: 1}, "test", fixedTime)
	m, err := New(Options{Engine: eng, Scenario: model.DefaultScenario(), Renderer: ascii(), ExportDir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// expected computes, through the model alone, what the interface should show.
func expected(tb testing.TB, d *model.Dataset, s model.Scenario, w model.Weights) (*model.Comparison, *model.Ranking) {
	tb.Helper()
	book, err := pricing.ForRegion(s.Region)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := model.EstimateWith(d, s, book, model.DefaultUncertainty())
	if err != nil {
		tb.Fatal(err)
	}
	r, err := model.Rank(c, model.DefaultCriteria(), w, model.MethodWeightedSum)
	if err != nil {
		tb.Fatal(err)
	}
	return c, r
}

func keyRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var (
	keyUp    = tea.KeyMsg{Type: tea.KeyUp}
	keyDown  = tea.KeyMsg{Type: tea.KeyDown}
	keyLeft  = tea.KeyMsg{Type: tea.KeyLeft}
	keyRight = tea.KeyMsg{Type: tea.KeyRight}
	keyEnter = tea.KeyMsg{Type: tea.KeyEnter}
	keyEsc   = tea.KeyMsg{Type: tea.KeyEsc}
	keyTab   = tea.KeyMsg{Type: tea.KeyTab}
	keyClear = tea.KeyMsg{Type: tea.KeyCtrlU}
)

// press sends keys one by one and runs every command they return to the
// end, as the program would, but synchronously.
func press(m *Model, keys ...tea.KeyMsg) {
	for _, k := range keys {
		_, cmd := m.Update(k)
		settle(m, cmd)
	}
}

func settle(m *Model, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg, nil:
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

func typeText(m *Model, s string) {
	for _, r := range s {
		press(m, keyRunes(string(r)))
	}
}

var rankLine = regexp.MustCompile(`^[› ] (\d+)\s+(\S+)\s.*?(\d\.\d{3})\s+(\S+)\s+(\S+)\s*$`)

// rankedOnScreen reads the Ranking page: strategy, score, first month and
// first year of each ranked row, in order.
func rankedOnScreen(view string) [][]string {
	var out [][]string
	for _, l := range strings.Split(view, "\n") {
		if g := rankLine.FindStringSubmatch(l); g != nil {
			out = append(out, g[2:])
		}
	}
	return out
}

// billed is the strategy of what is on screen with its bills per account,
// which the interface spreads only when the Accounts page or an export
// needs them.
func billed(m *Model, id string) *report.Strategy {
	doc := report.WithBills(m.s.doc)
	for i := range doc.Strategies {
		if doc.Strategies[i].ID == id {
			return &doc.Strategies[i]
		}
	}
	return nil
}
