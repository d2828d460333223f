package tui

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// horizons is every strategy's cost over the horizon in the comparison
// the interface shows, before the report rounds its bill lines to the cent
// (explain's figures are the model's, unrounded).
func horizons(m *Model) map[string]float64 {
	out := map[string]float64{}
	for _, r := range m.s.comp.Strategies {
		out[r.ID] = r.Total()
	}
	return out
}

// onCandidate moves the Assumptions page's cursor to the candidate.
func onCandidate(t *testing.T, m *Model, want string) {
	t.Helper()
	press(m, keyRunes("5"))
	p := m.pages[4].(*assumptionsPage)
	for range 60 {
		if p.candKey == want {
			return
		}
		press(m, keyDown)
	}
	t.Fatalf("no candidate %q on the Assumptions page:\n%s", want, m.View())
}

// TestSelectorToggle leaves KMS out on the Assumptions page: every
// strategy's cost falls by what 'trailwise explain' (model.Explain
// on the dataset, outside the interface) says that candidate saves under
// it, a month over the horizon; the saved scenario file holds the selector
// and prices the same; toggled back, every cost is what it was, exactly.
// Without Monte Carlo draws, as explain prices: the costs on screen are
// the point estimates.
func TestSelectorToggle(t *testing.T) {
	dir := t.TempDir()
	d, err := fixtures.Load("small")
	if err != nil {
		t.Fatal(err)
	}
	sc := model.DefaultScenario()
	eng := NewEngine(d, "sample:small", nil, model.Uncertainty{Draws: 0, Seed: 1}, "test", fixedTime)
	m, err := New(Options{Engine: eng, Scenario: sc, Renderer: ascii(), ExportDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	settle(m, m.Init())
	book, err := pricing.ForRegion(sc.Region)
	if err != nil {
		t.Fatal(err)
	}
	x, err := model.Explain(d, sc, book, model.ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const kms = "exclude kms.amazonaws.com"
	var c *model.Candidate
	for i := range x.Candidates {
		if x.Candidates[i].Exclude.String() == kms {
			c = &x.Candidates[i]
		}
	}
	if c == nil || c.Best <= 0 {
		t.Fatalf("explain has no saving for %q: %+v", kms, x.Candidates)
	}
	before := horizons(m)
	onCandidate(t, m, kms)
	press(m, keyRunes(" "))
	if v := m.View(); !strings.Contains(v, "[x] "+kms) {
		t.Errorf("the candidate is not marked left out:\n%s", v)
	}
	after := horizons(m)
	months := float64(m.s.scenario.HorizonMonths)
	saved := 0
	for i, id := range x.Strategies {
		got := (before[id] - after[id]) / months
		if math.Abs(got-c.Savings[i]) > 1e-9*math.Max(1, c.Savings[i]) {
			t.Errorf("%s: the cost fell by %.6f a month, explain says %.6f", id, got, c.Savings[i])
		}
		if got > 0.005 {
			saved++
		}
	}
	if saved == 0 {
		t.Error("no strategy's cost fell")
	}

	press(m, keyRunes("s"))
	file := filepath.Join(dir, "trailwise-scenario.yaml")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "\nevent_selectors:\n") || !strings.Contains(string(text), `NotEquals: ["kms.amazonaws.com"]`) {
		t.Errorf("the saved scenario has no KMS selector:\n%s", text)
	}
	got, err := input.ReadScenario(file)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.EventSelectors, m.s.asked.EventSelectors) {
		t.Errorf("the saved selectors read back as\n%+v\nwant\n%+v", got.EventSelectors, m.s.asked.EventSelectors)
	}
	cs, _, err := m.s.eng.Point(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range x.Strategies {
		r, _ := cs.Strategy(id)
		if math.Abs(r.Total()-after[id]) > 1e-9*math.Max(1, after[id]) {
			t.Errorf("%s: the saved scenario prices %.4f over the horizon, the interface %.4f", id, r.Total(), after[id])
		}
	}

	press(m, keyRunes(" "))
	if restored := horizons(m); !reflect.DeepEqual(restored, before) {
		t.Errorf("toggled back, the costs are\n%v\nwant\n%v", restored, before)
	}
	if m.s.asked.EventSelectors != nil || len(m.s.excluded) != 0 {
		t.Errorf("toggled back, the scenario keeps selectors: %+v", m.s.asked.EventSelectors)
	}
}

// TestExplainAccount: a on the Explain page explains the account under the
// Accounts page's cursor.
func TestExplainAccount(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	press(m, keyRunes("3"), keyDown, keyDown)
	_ = m.View() // the page reads its rows as it draws them
	id := m.s.account
	if id == "" {
		t.Fatal("the Accounts page selects no account")
	}
	press(m, keyRunes("x"))
	if v := m.View(); !strings.Contains(v, "Explain · the organization") || !strings.Contains(v, "What drives the volume: organization") {
		t.Errorf("x does not open the organization's explanation:\n%s", v)
	}
	press(m, keyRunes("a"))
	if v := m.View(); !strings.Contains(v, "What drives the volume: account "+id) {
		t.Errorf("a does not explain account %s:\n%s", id, v)
	}
}

// The first frame does not wait for the organization's explanation: New
// prices and ranks only, and the candidate selectors come onto the
// Assumptions page from the work Init starts once the frame is drawn. A
// saved report starts nothing.
func TestExplanationAfterTheFirstFrame(t *testing.T) {
	m := pointModel(t)
	page := &assumptionsPage{}
	if len(m.s.explained) != 0 || page.candidates(m.s) != nil || len(rankedOnScreen(m.View())) == 0 {
		t.Fatalf("before Init: %d explanations held, %d candidates; on screen:\n%s", len(m.s.explained), len(page.candidates(m.s)), m.View())
	}
	settle(m, m.Init())
	if len(page.candidates(m.s)) == 0 {
		t.Errorf("no candidate selectors once Init's work is done")
	}

	doc := m.s.doc
	r, err := New(Options{Report: doc, ReportName: "run.json", Renderer: ascii(), ExportDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Init() != nil {
		t.Error("a saved report starts background work")
	}
}
