package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

var pageNames = []string{"Ranking", "Costs", "Accounts", "Weights", "Assumptions", "Why", "Explain"}

// TestPages keeps a golden file of every page at 80×24 and 120×40, driven
// through a real program: the number key, then quit.
func TestPages(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for i, name := range pageNames {
			t.Run(fmt.Sprintf("%dx%d/%d-%s", size[0], size[1], i+1, name), func(t *testing.T) {
				m, _ := liveModel(t, "small", Options{})
				tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(size[0], size[1]))
				tm.Send(keyRunes(fmt.Sprint(i + 1)))
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
					return bytes.Contains(b, []byte(name+" ·")) || bytes.Contains(b, []byte(name+"\x1b"))
				}, teatest.WithDuration(5*time.Second))
				if err := tm.Quit(); err != nil {
					t.Fatal(err)
				}
				view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
				checkFrame(t, view, size[0], size[1])
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
}

// checkFrame asserts the view fills the terminal exactly, never wider.
func checkFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, n, w, l)
		}
	}
}

func TestEveryPageFitsEverySize(t *testing.T) {
	m, _ := liveModel(t, "enterprise", Options{})
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for i := range pageNames {
			press(m, keyRunes(fmt.Sprint(i+1)))
			checkFrame(t, m.View(), size[0], size[1])
			press(m, keyRunes("c")) // compare on Costs; harmless elsewhere
			checkFrame(t, m.View(), size[0], size[1])
			press(m, keyRunes("c"))
		}
		press(m, keyRunes("?"))
		checkFrame(t, m.View(), size[0], size[1])
		press(m, keyRunes("?"))
	}
}

func TestResizeRedraws(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	small := m.View()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	big := m.View()
	checkFrame(t, big, 120, 40)
	if small == big {
		t.Error("the view did not change with the window size")
	}
}

// TestWeightChange lowers the weight of cost with the arrow key on the
// Weights page and checks the ranking on screen is the model's ranking under
// the new weights, and that the winner changed as the sensitivity said.
func TestWeightChange(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	press(m, keyRunes("1"))
	before := rankedOnScreen(m.View())
	w, _ := model.PresetWeights("balanced")
	c, r0 := expected(t, d, model.DefaultScenario(), w)
	if len(before) == 0 || before[0][0] != r0.Winner() {
		t.Fatalf("ranking on screen %v, model's winner %s", before, r0.Winner())
	}
	press(m, keyRunes("4"), keyLeft, keyLeft) // cost: 0.125 → 0.025
	for range 2 {
		w = NudgeWeight(w, 0, -weightStep)
	}
	if got := fmt.Sprintf("%.3f", w[0]); !strings.Contains(m.View(), "Cost                 ") || !strings.Contains(m.View(), got) {
		t.Fatalf("weights page does not show cost at %s:\n%s", got, m.View())
	}
	r, err := model.Rank(c, model.DefaultCriteria(), w, model.MethodWeightedSum)
	if err != nil {
		t.Fatal(err)
	}
	if r.Winner() == r0.Winner() {
		t.Fatalf("the test expects the winner to change; it stays %s", r.Winner())
	}
	var sentence string
	for _, s := range r0.Sensitivity {
		if s.Criterion == model.CriterionCost {
			sentence = s.Sentence()
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(m.View()), " "), strings.Join(strings.Fields(r.Sensitivity[0].Sentence()), " ")) {
		t.Errorf("the sensitivity sentence for cost is not the model's %q (was %q):\n%s", r.Sensitivity[0].Sentence(), sentence, m.View())
	}
	press(m, keyRunes("1"))
	got := rankedOnScreen(m.View())
	if len(got) != len(r.Ranked) {
		t.Fatalf("%d ranked rows on screen, the model ranks %d:\n%s", len(got), len(r.Ranked), m.View())
	}
	for i, x := range r.Ranked {
		if got[i][0] != x.ID || got[i][1] != fmt.Sprintf("%.3f", x.Score) {
			t.Errorf("rank %d: screen %v, model %s %.3f", i+1, got[i], x.ID, x.Score)
		}
	}
	if !strings.Contains(m.View(), "First: "+r.Winner()) {
		t.Errorf("the ranking page does not name %s first", r.Winner())
	}
}

// TestPresetAndMethod picks a preset and the other method.
func TestPresetAndMethod(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	press(m, keyRunes("4"), keyRunes("p")) // balanced → cost-first
	w, _ := model.PresetWeights("cost-first")
	c, _ := expected(t, d, model.DefaultScenario(), w)
	press(m, keyRunes("m")) // weighted sum → TOPSIS
	r, err := model.Rank(c, model.DefaultCriteria(), w, model.MethodTOPSIS)
	if err != nil {
		t.Fatal(err)
	}
	v := m.View()
	if !strings.Contains(v, "preset cost-first · method topsis") {
		t.Fatalf("no preset or method on the weights page:\n%s", v)
	}
	press(m, keyRunes("1"))
	got := rankedOnScreen(m.View())
	for i, x := range r.Ranked {
		// the screen ranks the report's costs, rounded to the cent: a score
		// may move in the third place
		if i >= len(got) || got[i][0] != x.ID || !scoreNear(got[i][1], x.Score) {
			t.Errorf("rank %d: screen %v, model %s %.3f", i+1, got, x.ID, x.Score)
		}
	}
}

// scoreNear says whether a score on screen is the model's to the third
// place, give or take one in the last place.
func scoreNear(screen string, score float64) bool {
	v, err := strconv.ParseFloat(screen, 64)
	return err == nil && math.Abs(v-score) <= 0.0011
}

// TestAssumptionChange switches replication to cross-region on the
// Assumptions page and checks the costs and ranking on screen are the
// model's under the changed scenario.
func TestAssumptionChange(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	w, _ := model.PresetWeights("balanced")
	c0, _ := expected(t, d, model.DefaultScenario(), w)
	press(m, keyRunes("5"))
	for range 6 {
		press(m, keyDown)
	}
	if !strings.Contains(m.View(), "› Replication") {
		t.Fatalf("the cursor is not on replication:\n%s", m.View())
	}
	press(m, keyRight)
	if !strings.Contains(m.View(), "cross-region") {
		t.Fatalf("replication is not cross-region:\n%s", m.View())
	}
	s := c0.Scenario
	s.Replication = "cross-region"
	c, r := expected(t, d, s, w)
	old, _ := c0.Strategy(model.TrailsReplication)
	now, _ := c.Strategy(model.TrailsReplication)
	if old.FirstYear() >= now.FirstYear() {
		t.Fatalf("cross-region replication should cost more: %.2f then %.2f", old.FirstYear(), now.FirstYear())
	}
	press(m, keyRunes("1"))
	got := rankedOnScreen(m.View())
	if len(got) != len(r.Ranked) {
		t.Fatalf("%d rows on screen, %d ranked:\n%s", len(got), len(r.Ranked), m.View())
	}
	for i, x := range r.Ranked {
		sr, _ := c.Strategy(x.ID)
		want := []string{x.ID, fmt.Sprintf("%.3f", x.Score), money(sr.Months[0].Total), money(sr.FirstYear())}
		if strings.Join(got[i], " ") != strings.Join(want, " ") {
			t.Errorf("rank %d: screen %v, model %v", i+1, got[i], want)
		}
	}
	// The Costs page of trails-replication shows the new transfer line.
	for m.s.selected != model.TrailsReplication {
		press(m, keyDown)
	}
	press(m, keyRunes("2"))
	if v := m.View(); !strings.Contains(v, "year "+money(now.FirstYear())) {
		t.Errorf("the costs page does not show the first year %s:\n%s", money(now.FirstYear()), v)
	}
}

// TestRefusedAssumption types an invalid value: it is refused in place with
// the reason from Scenario.Validate, and nothing is recomputed.
func TestRefusedAssumption(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	before := m.s.doc
	press(m, keyRunes("5"), keyDown, keyDown, keyEnter, keyClear)
	typeText(m, "0")
	press(m, keyEnter)
	s := m.s.scenario
	s.CentralRetentionDays = 0
	want := s.Validate()
	if want == nil {
		t.Fatal("a retention of 0 days should be invalid")
	}
	v := strings.Join(strings.Fields(m.View()), " ")
	if !strings.Contains(v, "refused: "+want.Error()) {
		t.Errorf("the reason %q is not on screen:\n%s", want.Error(), m.View())
	}
	if m.s.doc != before || m.s.estGen != 0 {
		t.Error("an invalid value started a recompute")
	}
	// Not a number at all.
	press(m, keyClear)
	typeText(m, "abc")
	press(m, keyEnter)
	if v := m.View(); !strings.Contains(v, `expected a whole number, got "abc"`) {
		t.Errorf("a word is not refused:\n%s", v)
	}
	// q goes to the field while typing; esc gives the keys back.
	press(m, keyEsc, keyRunes("1"))
	if m.active != 0 {
		t.Error("esc did not leave the field")
	}
	// A region without a price book.
	press(m, keyRunes("5"))
	for !strings.Contains(m.View(), "› Pricing region") {
		press(m, keyUp)
	}
	press(m, keyEnter) // a choice: enter cycles it
	if m.s.scenario.Region == "us-east-1" {
		t.Error("enter did not cycle the region")
	}
	if _, err := Assume(m.s.scenario, "region", "eu-west-9"); err == nil || !strings.Contains(err.Error(), "no price book") {
		t.Errorf("a region without a book: %v", err)
	}
}

// TestStaleResults answers two assumption changes out of order: the older
// answer must not replace the newer.
func TestStaleResults(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	press(m, keyRunes("5"))
	for range 6 {
		press(m, keyDown)
	}
	_, first := m.Update(keyRight) // cross-region
	if !m.s.busy() || !strings.Contains(m.View(), "recomputing…") {
		t.Error("no recomputing… while an estimate is on its way")
	}
	_, second := m.Update(keyRight) // back to same-region
	// a weight change in between, answered before both
	press(m, keyRunes("4"), keyRight)
	settle(m, second)
	settle(m, first)
	if m.s.busy() {
		t.Error("still busy after every answer")
	}
	if m.s.doc.Inputs.Scenario.Replication != "same-region" {
		t.Errorf("the stale answer won: replication %s", m.s.doc.Inputs.Scenario.Replication)
	}
	w := NudgeWeight(mustPreset(t, "balanced"), 0, weightStep)
	_, r := expected(t, d, model.DefaultScenario(), w)
	if m.s.winner() != r.Winner() || fmt.Sprintf("%.4f", float64(m.s.doc.Ranking.Ranked[0].Score)) != fmt.Sprintf("%.4f", r.Ranked[0].Score) {
		t.Errorf("winner %s, model %s", m.s.winner(), r.Winner())
	}
}

func mustPreset(t *testing.T, name string) model.Weights {
	w, err := model.PresetWeights(name)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// savedReport writes what 'trailwise rank --format json' writes.
func savedReport(t *testing.T) string {
	m, _ := liveModel(t, "small", Options{})
	var b bytes.Buffer
	if err := report.JSON(&b, m.s.doc); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadOnlyReport(t *testing.T) {
	p := savedReport(t)
	doc, err := ReadReport(p)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Options{Report: doc, ReportName: p, Renderer: ascii(), ExportDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if v := m.View(); !strings.Contains(v, "read-only report: no recompute") {
		t.Errorf("the status line does not say read-only:\n%s", v)
	}
	live, _ := liveModel(t, "small", Options{})
	press(live, keyRunes("1"))
	if got, want := rankedOnScreen(m.View()), rankedOnScreen(live.View()); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the saved report ranks %v, the live run %v", got, want)
	}
	before := m.s.doc
	press(m, keyRunes("4"), keyRight, keyRunes("p"), keyRunes("5"), keyDown, keyEnter, keyRight)
	if m.s.doc != before || m.s.busy() {
		t.Error("a read-only report was recomputed")
	}
	for i := range pageNames {
		press(m, keyRunes(fmt.Sprint(i+1)))
		checkFrame(t, m.View(), 80, 24)
	}
	if _, err := ReadReport(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file opened")
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"schema":"other"}`), 0o644)
	if _, err := ReadReport(bad); err == nil || !strings.Contains(err.Error(), "schema") {
		t.Errorf("another schema: %v", err)
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	m, _ := liveModel(t, "small", Options{ExportDir: dir})
	press(m, keyRunes("4"), keyRight)                   // export what is on screen, not the start
	m.Update(tea.WindowSizeMsg{Width: 250, Height: 30}) // room for the temporary directory's name
	press(m, keyRunes("e"))
	jp, mp := filepath.Join(dir, "trailwise-report.json"), filepath.Join(dir, "trailwise-decision.md")
	if v := m.View(); !strings.Contains(v, "exported trailwise-report.json and trailwise-decision.md and trailwise-report.html to "+dir) {
		t.Errorf("the status line does not name the files:\n%s", v)
	}
	data, err := os.ReadFile(jp)
	if err != nil {
		t.Fatal(err)
	}
	var doc report.Document
	if err := json.Unmarshal(data, &doc); err != nil || doc.Ranking == nil {
		t.Fatalf("the exported JSON: %v", err)
	}
	if doc.Ranking.Preset != "balanced (changed)" || doc.Ranking.Ranked[0].Strategy != m.s.winner() {
		t.Errorf("exported preset %q winner %s", doc.Ranking.Preset, doc.Ranking.Ranked[0].Strategy)
	}
	md, err := os.ReadFile(mp)
	if err != nil || !strings.Contains(string(md), "First: `"+m.s.winner()+"`") {
		t.Errorf("the decision record: %v\n%s", err, md)
	}
	// Never overwrite: the second export takes a suffix, for both files.
	os.WriteFile(filepath.Join(dir, "trailwise-decision-1.md"), []byte("mine"), 0o644)
	press(m, keyRunes("e"))
	for _, p := range []string{"trailwise-report-2.json", "trailwise-decision-2.md", "trailwise-report-2.html"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("second export: %v", err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "trailwise-decision-1.md")); string(b) != "mine" {
		t.Error("an existing file was overwritten")
	}
	if b, _ := os.ReadFile(jp); !bytes.Equal(b, data) {
		t.Error("the first export was overwritten")
	}
}

// TestNoColor checks the interface follows the renderer's color profile:
// colors on a color terminal, none with NO_COLOR set.
func TestNoColor(t *testing.T) {
	t.Setenv("CLICOLOR_FORCE", "1") // a pipe that asks for color anyway
	t.Setenv("NO_COLOR", "")
	colored, _ := liveModel(t, "small", Options{Renderer: lipgloss.NewRenderer(&bytes.Buffer{})})
	if !strings.Contains(colored.View(), "\x1b[") {
		t.Fatal("no color with CLICOLOR_FORCE: the test cannot tell")
	}
	t.Setenv("NO_COLOR", "1")
	plain, _ := liveModel(t, "small", Options{Renderer: lipgloss.NewRenderer(&bytes.Buffer{})})
	for i := range pageNames {
		press(plain, keyRunes(fmt.Sprint(i+1)))
		if v := plain.View(); strings.Contains(v, "\x1b[") {
			t.Errorf("page %d has escape sequences with NO_COLOR:\n%q", i+1, v)
		}
	}
}

func TestAccountsFilterAndSort(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	press(m, keyRunes("3"))
	ou := d.Accounts[len(d.Accounts)-1].OU
	n := 0
	for _, a := range d.Accounts {
		if strings.Contains(strings.ToLower(a.OU), strings.ToLower(ou)) || strings.Contains(strings.ToLower(a.Name), strings.ToLower(ou)) {
			n++
		}
	}
	press(m, keyRunes("/"))
	typeText(m, ou)
	press(m, keyEnter)
	if v := m.View(); !strings.Contains(v, fmt.Sprintf("%d shown", n)) {
		t.Errorf("filter %q: want %d shown:\n%s", ou, n, v)
	}
	press(m, keyRunes("q")) // a page key now, not typing: but q quits
	press(m, keyEsc)
	press(m, keyRunes("s"))
	if v := m.View(); !strings.Contains(v, "sorted by cost under ") {
		t.Errorf("s does not sort by cost:\n%s", v)
	}
}

// TestAccountsSortByCostThatExists: under an organization trail the members
// pay nothing ("–"), so s sorts by the first strategy in rank order under
// which most accounts pay, says so, and shows its column.
func TestAccountsSortByCostThatExists(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	for m.s.selected != model.OrgTrail {
		press(m, keyDown)
	}
	press(m, keyRunes("3"), keyRunes("s"))
	// Independently: who pays under each strategy, from the report.
	var key string
	for _, id := range m.s.order() {
		if n := len(billed(m, id).Accounts); 2*n > len(m.s.eng.accounts) {
			key = id
			break
		}
	}
	if key == "" || key == model.OrgTrail {
		t.Fatalf("no strategy where most accounts pay, or it is %s", model.OrgTrail)
	}
	v := m.View()
	if !strings.Contains(v, "sorted by cost under "+key) || !strings.Contains(v, model.OrgTrail+" bills most accounts nothing: sorted by "+key) {
		t.Fatalf("the sort is not said to be by %s:\n%s", key, v)
	}
	pays := map[string]float64{}
	for _, a := range billed(m, key).Accounts {
		pays[a.Name] = float64(a.FirstMonth)
	}
	var got []float64
	for _, r := range m.pages[2].(*accountsPage).visible(m.s) {
		got = append(got, pays[r.Name])
	}
	for i := 1; i < len(got); i++ {
		if got[i] > got[i-1] {
			t.Errorf("row %d pays %.2f under %s, more than the row above (%.2f)", i+1, got[i], key, got[i-1])
		}
	}
	if !strings.Contains(v, short(key)) {
		t.Errorf("the column of %s does not show:\n%s", key, v)
	}
}

func TestQuit(t *testing.T) {
	for _, k := range []tea.KeyMsg{keyRunes("q"), {Type: tea.KeyCtrlC}} {
		m, _ := liveModel(t, "small", Options{})
		tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
		tm.Send(k)
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	}
	// ctrl+c quits even while typing in a field.
	m, _ := liveModel(t, "small", Options{})
	press(m, keyRunes("5"), keyDown, keyEnter)
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlC}); cmd == nil || cmd() != tea.Quit() {
		t.Error("ctrl+c does not quit while typing")
	}
}

// TestLiveWeightChangeInProgram drives the weight change through a real
// program and waits for the model's new winner on screen.
func TestLiveWeightChangeInProgram(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	w := mustPreset(t, "balanced")
	for range 4 {
		w = NudgeWeight(w, 0, weightStep)
	}
	_, r := expected(t, d, model.DefaultScenario(), w)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	tm.Send(keyRunes("4"))
	for range 4 {
		tm.Send(keyRight)
	}
	tm.Send(keyRunes("1"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("First: "+r.Winner()))
	}, teatest.WithDuration(5*time.Second))
	tm.Send(keyRunes("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestEngineDocument checks the engine's shortcut (the dataset's digest
// computed once, the report built without the usage rows) gives the very
// document report.Build gives on the whole dataset.
func TestEngineDocument(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	s := model.DefaultScenario()
	s.Replication = "cross-region"
	c, got, err := m.s.eng.Estimate(s)
	if err != nil {
		t.Fatal(err)
	}
	want, err := report.Build(c, d, report.Meta{DatasetName: "sample:small", Version: "test", GeneratedAt: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := report.JSON(&a, got); err != nil {
		t.Fatal(err)
	}
	if err := report.JSON(&b, want); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("the engine's document differs from report.Build's")
	}
}

// TestReportWithoutRanking opens what estimate --format json writes: no
// ranking section, costs only.
func TestReportWithoutRanking(t *testing.T) {
	live, _ := liveModel(t, "small", Options{})
	doc := *live.s.doc
	doc.Ranking = nil
	dir := t.TempDir()
	m, err := New(Options{Report: &doc, ReportName: "estimate.json", Renderer: ascii(), ExportDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if v := m.View(); !strings.Contains(v, "no ranking") || !strings.Contains(v, "read-only report: no recompute") {
		t.Errorf("the ranking page:\n%s", v)
	}
	for i := range pageNames {
		press(m, keyRunes(fmt.Sprint(i+1)))
		checkFrame(t, m.View(), 80, 24)
	}
	press(m, keyRunes("e"))
	if b, err := os.ReadFile(filepath.Join(dir, "trailwise-decision.md")); err != nil || len(b) == 0 {
		t.Errorf("no cost record exported: %v", err)
	}
}

func TestTabsAndHelp(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	for i := 1; i <= len(pageNames); i++ {
		if !strings.Contains(m.View(), fmt.Sprintf("[%d %s]", (i-1)%len(pageNames)+1, pageNames[(i-1)%len(pageNames)])) {
			t.Errorf("tab %d is not marked", i)
		}
		press(m, keyTab)
	}
	if m.active != 0 {
		t.Errorf("tab from the last page went to %d", m.active)
	}
	press(m, tea.KeyMsg{Type: tea.KeyShiftTab})
	if m.active != len(pageNames)-1 {
		t.Errorf("shift+tab from the first page went to %d", m.active)
	}
	press(m, keyRunes("?"))
	if v := m.View(); !strings.Contains(v, "everywhere") || !strings.Contains(v, "5 Assumptions") {
		t.Errorf("no full help:\n%s", v)
	}
	press(m, keyEsc)
	if strings.Contains(m.View(), "everywhere") {
		t.Error("esc did not close the help")
	}
}

// TestNextPresetAfterChange: p from a changed preset goes on to the preset
// after the one it came from, not back to it.
func TestNextPresetAfterChange(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	names := model.PresetNames()
	press(m, keyRunes("4"), keyRight)
	if m.s.preset != names[0]+" (changed)" {
		t.Fatalf("preset %q after a weight change, want %q", m.s.preset, names[0]+" (changed)")
	}
	press(m, keyRunes("p"))
	if m.s.preset != names[1] {
		t.Errorf("p from %q went to %q, want %q", names[0]+" (changed)", m.s.preset, names[1])
	}
	want := mustPreset(t, names[1])
	if fmt.Sprint(m.s.weights) != fmt.Sprint(want) {
		t.Errorf("weights %v, the preset's %v", m.s.weights, want)
	}
}

// TestHintsAndStatusFit: at 80 columns, no page's keys nor the status after
// an export into the current folder are cut: they wrap onto a second line.
func TestHintsAndStatusFit(t *testing.T) {
	t.Chdir(t.TempDir())
	m, _ := liveModel(t, "small", Options{})
	m.s.exportDir = "" // the current folder, as the command line has it
	check := func(what string) {
		t.Helper()
		v := m.View()
		checkFrame(t, v, 80, 24)
		lines := strings.Split(v, "\n")
		nh := len(m.shortHelp(80))
		for _, l := range lines[len(lines)-nh-len(m.status(80)):] {
			if strings.Contains(l, "…") && !strings.Contains(l, "band…") && !strings.Contains(l, "recomputing…") {
				t.Errorf("%s: a line is cut: %q", what, l)
			}
		}
		p := m.pages[m.active]
		flat := strings.Join(strings.Fields(strings.Join(lines[len(lines)-nh:], " ")), " ")
		for _, b := range p.keys(m.s) {
			if h := b.Help(); !strings.Contains(flat, h.Key+" "+h.Desc) {
				t.Errorf("%s: the key %q is not shown whole:\n%s", what, h.Key+" "+h.Desc, strings.Join(lines[len(lines)-3:], "\n"))
			}
		}
	}
	for i := range pageNames {
		press(m, keyRunes(fmt.Sprint(i+1)))
		check(pageNames[i])
	}
	press(m, keyRunes("2"), keyRunes("c"))
	check("compare")
	press(m, keyRunes("e"), keyRunes("e"))
	// the status wraps a long name after a hyphen: join it back
	if v := strings.ReplaceAll(strings.Join(strings.Fields(m.View()), " "), "- ", "-"); !strings.Contains(v, "exported trailwise-report-1.json and trailwise-decision-1.md and trailwise-report-1.html") {
		t.Errorf("the second export is not named whole:\n%s", m.View())
	}
	check("after export")
}

// TestWhoPaysSentence: the Why page says who pays in a sentence, with the
// amounts summed from the model's cost lines by payer, and none of the
// criteria table's notes.
func TestWhoPaysSentence(t *testing.T) {
	m, d := liveModel(t, "small", Options{})
	press(m, keyRunes("6"))
	id := m.s.selected
	c, _ := expected(t, d, model.DefaultScenario(), mustPreset(t, "balanced"))
	sr, _ := c.Strategy(id)
	by := map[string]float64{}
	for _, mo := range sr.Months {
		for _, l := range mo.Lines {
			by[l.Payer] += l.Cost
		}
	}
	v := strings.Join(strings.Fields(m.View()), " ")
	if strings.Contains(v, "Who pays: Source table") || !strings.Contains(v, "Who pays over the horizon: ") {
		t.Errorf("no plain sentence of who pays:\n%s", m.View())
	}
	for payer, sum := range by {
		if want := payerPhrase(payer) + " " + money(sum); !strings.Contains(v, want) {
			t.Errorf("%s: %q is not on the page:\n%s", id, want, m.View())
		}
	}
}

// The interface never asks the terminal for its background: a terminal
// that does not answer would freeze the start for seconds and eat keys.
func TestBackgroundSettledWithoutAsking(t *testing.T) {
	for in, dark := range map[string]bool{"": true, "15;0": true, "0;15": false, "0;7": false, "15;default;0": true, "junk": true, "0;8": true} {
		if got := darkBackground(in); got != dark {
			t.Errorf("COLORFGBG=%q: dark %v, want %v", in, got, dark)
		}
	}
	settleBackground("0;15")
	start := time.Now()
	if lipgloss.HasDarkBackground() || time.Since(start) > 100*time.Millisecond {
		t.Errorf("background not settled from COLORFGBG without a query")
	}
	settleBackground("")
	if !lipgloss.HasDarkBackground() {
		t.Error("without COLORFGBG the background is taken as dark")
	}
}
