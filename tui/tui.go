// Package tui is trailwise's interactive terminal UI: one model per page
// (Ranking, Costs, Accounts, Weights, Assumptions, Why) over a shared state,
// with shared styles and a shared key map. Every page renders from the
// report document, so a saved report opens as well as a live computation;
// live, a weight change re-ranks and an assumption change re-estimates, each
// in a tea.Cmd so the interface never waits.
package tui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/report"
)

// Options say what the interface opens on.
type Options struct {
	// Engine and Scenario: a live computation that pages can change.
	Engine   *Engine
	Scenario model.Scenario
	Weights  model.Weights // nil: the default preset
	Preset   string        // the preset the weights came from, if any
	Method   string        // empty: weighted sum

	// Report: a saved report opened read-only (Engine nil).
	Report     *report.Document
	ReportName string

	// ExportDir is where e writes its files; empty is the current directory.
	ExportDir string
	// Renderer styles the output; nil is lipgloss's default, which follows
	// the terminal and NO_COLOR.
	Renderer *lipgloss.Renderer
}

// ReadReport reads a saved report (trailwise rank --format json), strictly.
func ReadReport(path string) (*report.Document, error) {
	return report.Read(path)
}

// state is what every page reads and some change.
type state struct {
	doc      *report.Document  // what is on screen; Ranking may be nil in a saved report
	comp     *model.Comparison // live only
	eng      *Engine           // nil: read-only
	scenario model.Scenario    // the scenario doc was computed from
	// asked is the scenario as given, with the interface's changes: the
	// values the dataset fills are left to it, so that a saved scenario
	// fills them again from whatever dataset it is used with.
	asked    model.Scenario
	weights  model.Weights
	preset   string
	method   string
	selected string // the strategy the Costs and Why pages show

	estGen, estDone   int // assumption changes asked for and answered
	pointGen          int // the last change whose point estimates are shown
	docGen            int // the last change whose costs are shown, point or band
	rankGen, rankDone int // weight changes asked for and answered

	// The explanations (what drives the volume, what each candidate
	// selector would save), by account ("" the organization), each for the
	// scenario change estGen it was asked at; explaining holds the change
	// an explanation on its way is for.
	explained  map[string]explained
	explaining map[string]int
	// excluded are the candidate selectors toggled on (Assumptions page):
	// every strategy's selectors are ownSelectors, the scenario's own, less
	// them (model.WithoutAll).
	excluded     []model.Exclusion
	ownSelectors map[string][]model.EventSelector
	account      string // the account under the Accounts page's cursor

	source    string
	exportDir string
	message   string // the status line's last word
	st        styles
	keys      keyMap
}

func (s *state) readOnly() bool { return s.eng == nil }
func (s *state) busy() bool     { return s.estGen != s.estDone || s.rankGen != s.rankDone }

// strategy returns the document's strategy with the id.
func (s *state) strategy(id string) *report.Strategy {
	for i := range s.doc.Strategies {
		if s.doc.Strategies[i].ID == id {
			return &s.doc.Strategies[i]
		}
	}
	return nil
}

// order lists the strategy ids as the ranking has them: ranked first, then
// unavailable; without a ranking, cheapest first.
func (s *state) order() []string {
	var ids []string
	if r := s.doc.Ranking; r != nil {
		for _, x := range r.Ranked {
			ids = append(ids, x.Strategy)
		}
		for _, x := range r.Unavailable {
			ids = append(ids, x.Strategy)
		}
	}
	for _, st := range byFirstYear(s.doc) {
		if !slices.Contains(ids, st.ID) {
			ids = append(ids, st.ID)
		}
	}
	return ids
}

func byFirstYear(doc *report.Document) []report.Strategy {
	out := slices.Clone(doc.Strategies)
	slices.SortStableFunc(out, func(a, b report.Strategy) int {
		if a.Available != b.Available {
			if a.Available {
				return -1
			}
			return 1
		}
		switch {
		case a.Totals.FirstYear < b.Totals.FirstYear:
			return -1
		case a.Totals.FirstYear > b.Totals.FirstYear:
			return 1
		}
		return 0
	})
	return out
}

// winner is the first-ranked strategy, or "".
func (s *state) winner() string {
	if s.doc.Ranking != nil && len(s.doc.Ranking.Ranked) > 0 {
		return s.doc.Ranking.Ranked[0].Strategy
	}
	return ""
}

// step moves the selection by d through order().
func (s *state) step(d int) {
	s.selected = stepIn(s.order(), s.selected, d)
}

func stepIn(ids []string, cur string, d int) string {
	if len(ids) == 0 {
		return cur
	}
	i := slices.Index(ids, cur)
	if i < 0 {
		return ids[0]
	}
	return ids[(i+d%len(ids)+len(ids))%len(ids)]
}

// Messages from the recompute commands.
type (
	estimatedMsg struct {
		gen   int
		point bool // the point estimates only: the band follows
		sc    model.Scenario
		comp  *model.Comparison
		doc   *report.Document
		err   error
	}
	rankedMsg struct {
		gen     int
		comp    *model.Comparison
		ranking *report.Ranking
		err     error
	}
	exportedMsg struct {
		files []string
		err   error
	}
)

// rerank asks for a ranking under the current weights: the whole cost of a
// weight change.
func (s *state) rerank() tea.Cmd {
	if s.readOnly() || s.comp == nil {
		return nil
	}
	s.rankGen++
	gen, comp, eng := s.rankGen, s.comp, s.eng
	w, method, preset := slices.Clone(s.weights), s.method, s.preset
	return func() tea.Msg {
		r, err := eng.Rank(comp, w, method, preset)
		return rankedMsg{gen: gen, comp: comp, ranking: r, err: err}
	}
}

// reestimate asks for every strategy to be priced again under sc: first
// the point estimates, which the ranking and every figure on screen but the
// band need, then (see band) the Monte Carlo band.
func (s *state) reestimate(sc model.Scenario) tea.Cmd {
	if s.readOnly() {
		return nil
	}
	s.estGen++
	gen, eng := s.estGen, s.eng
	if eng.mc.Draws == 0 {
		return s.band(gen, sc)
	}
	return func() tea.Msg {
		c, doc, err := eng.Point(sc)
		return estimatedMsg{gen: gen, point: true, sc: sc, comp: c, doc: doc, err: err}
	}
}

// band prices sc again with the Monte Carlo draws.
func (s *state) band(gen int, sc model.Scenario) tea.Cmd {
	eng := s.eng
	return func() tea.Msg {
		c, doc, err := eng.Estimate(sc)
		return estimatedMsg{gen: gen, comp: c, doc: doc, err: err}
	}
}

// withRanking returns a copy of doc with the ranking section r.
func withRanking(doc *report.Document, r *report.Ranking) *report.Document {
	d := *doc
	report.AttachRanking(&d, r)
	return &d
}

// page is one screen of the interface.
type page interface {
	title() string
	update(msg tea.KeyMsg, s *state) tea.Cmd
	view(s *state, width, height int) string
	keys(s *state) []key.Binding
	// editing is true while a text field has the keys: the global keys
	// (q, numbers, tab) go to the page.
	editing() bool
}

// Model is the interface's root model: the tab bar, the active page, the
// status line and the help.
type Model struct {
	s      *state
	pages  []page
	active int
	width  int
	height int
	full   bool // the full help is open
	help   help.Model
	// quitting is set by the key that quits: keys read with it are dropped.
	quitting bool
}

// New builds the interface. A live one computes its first estimate and
// ranking here, before the first frame.
func New(o Options) (*Model, error) {
	s := &state{st: newStyles(o.Renderer), keys: newKeyMap(), exportDir: o.ExportDir, method: o.Method, preset: o.Preset,
		explained: map[string]explained{}, explaining: map[string]int{}}
	if s.method == "" {
		s.method = model.MethodWeightedSum
	}
	switch {
	case o.Engine != nil:
		s.eng, s.scenario, s.ownSelectors = o.Engine, o.Scenario, o.Scenario.EventSelectors
		s.weights = o.Weights
		if s.weights == nil {
			s.weights, _ = model.PresetWeights(model.DefaultPreset)
			s.preset = model.DefaultPreset
		}
		c, doc, err := o.Engine.Estimate(o.Scenario)
		if err != nil {
			return nil, err
		}
		r, err := o.Engine.Rank(c, s.weights, s.method, s.preset)
		if err != nil {
			return nil, err
		}
		s.comp, s.doc, s.scenario, s.asked = c, withRanking(doc, r), c.Scenario, o.Scenario
		s.source = o.Engine.name
	case o.Report != nil:
		s.doc = o.Report
		s.scenario = o.Report.Inputs.Scenario
		s.asked = s.scenario
		if r := o.Report.Ranking; r != nil {
			s.method, s.preset = r.Method, r.Preset
			for _, c := range r.Weights {
				s.weights = append(s.weights, float64(c.Weight))
			}
		}
		s.source = o.ReportName
	default:
		return nil, errors.New("tui: nothing to show: give an engine or a report")
	}
	s.selected = s.winner()
	if s.selected == "" && len(s.order()) > 0 {
		s.selected = s.order()[0]
	}
	h := help.New()
	h.Styles.ShortKey = s.st.Help.Bold(true)
	h.Styles.ShortDesc = s.st.Help
	h.Styles.ShortSeparator = s.st.Help
	h.Styles.FullKey = s.st.Help.Bold(true)
	h.Styles.FullDesc = s.st.Help
	h.Styles.FullSeparator = s.st.Help
	m := &Model{s: s, help: h, width: 80, height: 24, pages: []page{
		&rankingPage{}, &costsPage{}, newAccountsPage(s), &weightsPage{}, newAssumptionsPage(), &whyPage{}, &explainPage{},
	}}
	return m, nil
}

// Run opens the interface on the terminal and returns when it quits.
func Run(o Options, in io.Reader, out io.Writer) error {
	m, err := New(o)
	if err != nil {
		return err
	}
	settleBackground(os.Getenv("COLORFGBG"))
	_, err = tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(in), tea.WithOutput(out)).Run()
	return err
}

// settleBackground decides whether the terminal's background is dark
// without asking it. Left to itself, lipgloss asks the terminal (OSC 11)
// the first time a colour is drawn and waits up to five seconds for an
// answer that some terminals (a serial console, a multiplexer, a CI pty)
// never send, reading the keyboard meanwhile, so the interface froze and
// ate the first keys, q among them. COLORFGBG ("15;0": light text on
// black), set by many terminals, says it when present; otherwise dark,
// the common case, whose colours stay readable on a light background.
func settleBackground(colorfgbg string) {
	lipgloss.SetHasDarkBackground(darkBackground(colorfgbg))
}

// darkBackground reads COLORFGBG's last field, the background's ANSI
// colour: 7 and 9 to 15 are light; anything else, or nothing, is dark.
func darkBackground(colorfgbg string) bool {
	fields := strings.Split(colorfgbg, ";")
	bg, err := strconv.Atoi(strings.TrimSpace(fields[len(fields)-1]))
	if err != nil {
		return true
	}
	return !(bg == 7 || (bg >= 9 && bg <= 15))
}

// Init implements tea.Model. Once the first frame is on screen, the
// organization's explanation (the Assumptions page's candidate selectors:
// a few point estimates) and the measurements for data events turned on or
// off are worked out in the background: at 10,000 accounts they are about
// ten seconds the first ranking does not wait for.
func (m *Model) Init() tea.Cmd {
	if m.s.readOnly() {
		return nil
	}
	eng := m.s.eng
	return tea.Batch(m.s.explain(""), func() tea.Msg { eng.Warm(); return nil })
}

// Update implements tea.Model. After every message, the page on screen
// gets the explanation it shows, when the costs have settled and it is for
// an earlier scenario.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if m.quitting {
		return m, cmd
	}
	return m, tea.Batch(cmd, m.explainWanted())
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	s := m.s
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return nil
	case estimatedMsg:
		if msg.gen != s.estGen {
			return nil // a later change is on its way: this result is stale
		}
		if msg.err != nil {
			s.estDone = msg.gen
			s.message = "not recomputed: " + oneLine(msg.err.Error())
			return nil
		}
		var next tea.Cmd
		if msg.point {
			s.pointGen = msg.gen
			next = s.band(msg.gen, msg.sc)
		} else {
			s.estDone = msg.gen
		}
		// The ranking follows at once, with the weights as they are now.
		r, err := s.eng.Rank(msg.comp, s.weights, s.method, s.preset)
		if err != nil {
			s.estDone = msg.gen
			s.message = "not ranked: " + oneLine(err.Error())
			return nil
		}
		s.comp, s.doc, s.scenario = msg.comp, withRanking(msg.doc, r), msg.comp.Scenario
		s.docGen = msg.gen
		s.rankDone = s.rankGen // any ranking on its way was for the old costs
		s.message = "recomputed"
		return next
	case rankedMsg:
		if msg.gen != s.rankGen || msg.comp != s.comp {
			return nil
		}
		s.rankDone = msg.gen
		if msg.err != nil {
			s.message = "not ranked: " + oneLine(msg.err.Error())
			return nil
		}
		s.doc = withRanking(s.doc, msg.ranking)
		return nil
	case savedMsg:
		if msg.err != nil {
			s.message = "not saved: " + oneLine(msg.err.Error())
		} else {
			s.message = "saved " + namedFiles([]string{msg.file}) + ": use it with --scenario"
		}
		return nil
	case exportedMsg:
		if msg.err != nil {
			s.message = "export failed: " + oneLine(msg.err.Error())
		} else {
			s.message = "exported " + namedFiles(msg.files)
		}
		return nil
	case explainedMsg:
		s.explainedIn(msg)
		return nil
	case tea.KeyMsg:
		return m.keyRun(msg)
	}
	return nil
}

// keyRun handles keys that arrived together. Keys typed faster than the
// terminal is read come in one read, and bubbletea hands them over as one
// message with several runes ("24"), which no binding matches: each rune is
// a key of its own, handled in order. A paste into a text field stays whole;
// one anywhere else is not taken for keys (pasted text holding a q would
// quit).
func (m *Model) keyRun(msg tea.KeyMsg) tea.Cmd {
	if msg.Paste && !m.pages[m.active].editing() {
		return nil
	}
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return m.key(msg)
	}
	var cmds []tea.Cmd
	for i, r := range msg.Runes {
		cmds = append(cmds, m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt && i == 0}))
		if m.quitting {
			break // the keys after q are not for this interface
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	s, k := m.s, m.s.keys
	if msg.String() == "ctrl+c" {
		m.quitting = true
		return tea.Quit
	}
	p := m.pages[m.active]
	if p.editing() {
		return p.update(msg, s)
	}
	switch {
	case key.Matches(msg, k.Quit):
		m.quitting = true
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.full = !m.full
		return nil
	case m.full && key.Matches(msg, k.Back):
		m.full = false
		return nil
	case key.Matches(msg, k.Next):
		m.active = (m.active + 1) % len(m.pages)
		return nil
	case key.Matches(msg, k.Prev):
		m.active = (m.active + len(m.pages) - 1) % len(m.pages)
		return nil
	case key.Matches(msg, k.Page):
		m.active = int(msg.String()[0] - '1')
		return nil
	case key.Matches(msg, k.Export):
		return m.export()
	case key.Matches(msg, k.Explain):
		m.active = explainPageIndex
		return nil
	}
	if _, ok := p.(*rankingPage); ok && key.Matches(msg, k.Enter) {
		m.active = 5 // Why, for the strategy under the cursor
		return nil
	}
	return p.update(msg, s)
}

// View implements tea.Model.
func (m *Model) View() string {
	w, h := m.width, m.height
	if w < 20 || h < 6 {
		return "trailwise: the terminal is too small"
	}
	s := m.s
	// The status and the keys take a line each, or two when they do not fit.
	status, hints := m.status(w), m.shortHelp(w)
	bodyH := h - 1 - len(status) - len(hints)
	var body string
	if m.full {
		body = m.fullHelp(w, bodyH)
	} else {
		body = frame([]string{m.pages[m.active].view(s, w, bodyH)}, w, bodyH)
	}
	lines := append([]string{m.tabs(w), body}, status...)
	return strings.Join(append(lines, hints...), "\n")
}

func (m *Model) tabs(w int) string {
	if t := m.tabBar(false); ansi.StringWidth(t) <= w {
		return t
	}
	return fit(m.tabBar(true), w)
}

// tabBar is the tab bar; tight, the tabs are one space apart (seven pages
// in 80 columns).
func (m *Model) tabBar(tight bool) string {
	st := m.s.st
	var parts []string
	for i, p := range m.pages {
		label := fmt.Sprintf("%d %s", i+1, p.title())
		switch {
		case i == m.active:
			// Brackets too: without color (NO_COLOR) they still mark the page.
			parts = append(parts, st.ActiveTab.Render("["+label+"]"))
		case tight:
			parts = append(parts, st.Tab.Render(label))
		default:
			parts = append(parts, st.Tab.Render(" "+label+" "))
		}
	}
	sep := ""
	if tight {
		sep = " "
	}
	return st.App.Render("trailwise") + " " + strings.Join(parts, sep)
}

// status is the line under the page: the source, the mode and the last
// message, with the help keys on the right; what does not fit gives way,
// the message last, which wraps onto a second line rather than be cut.
func (m *Model) status(w int) []string {
	s := m.s
	mode := " · live"
	if s.readOnly() {
		mode = " · read-only report: no recompute"
	}
	style := s.st.Status
	msg := ""
	switch {
	case s.busy() && s.rankGen == s.rankDone && s.pointGen == s.estGen:
		msg = " · recomputed; P10–P90 band…"
	case s.busy():
		msg = " · recomputing…"
		style = s.st.StatusBusy
	case s.message != "":
		msg = " · " + s.message
	}
	right := "? help · q quit "
	space := w - ansi.StringWidth(right)
	// The message matters most: the source's mode, then the help, give way.
	src := " " + s.source
	if s.readOnly() {
		src = " " + filepath.Base(s.source) // the mode must show: the name gives way
	}
	tries := []string{src + mode + msg}
	if !s.readOnly() {
		tries = append(tries, src+msg)
	}
	if msg != "" {
		tries = append(tries, " "+strings.TrimPrefix(msg, " · "))
	}
	for _, left := range tries {
		if ansi.StringWidth(left) <= space-1 {
			return []string{style.Render(pad(left, space) + right)}
		}
		if ansi.StringWidth(left) <= w {
			return []string{style.Render(pad(left, w))}
		}
	}
	var out []string
	for i, l := range wrap(strings.TrimPrefix(msg, " · "), w-1) {
		if i == 2 {
			break
		}
		out = append(out, style.Render(pad(" "+l, w)))
	}
	return out
}

func (m *Model) globalKeys() []key.Binding {
	k := m.s.keys
	return []key.Binding{k.Next, k.Page, k.Explain, k.Export, k.Help, k.Quit}
}

// shortHelp is the bottom line: the page's keys, then the global ones, on
// one line or, when they do not fit, two, broken between keys.
func (m *Model) shortHelp(w int) []string {
	k := m.s.keys
	bs := m.pages[m.active].keys(m.s)
	if !m.pages[m.active].editing() {
		bs = append(bs, with(k.Next, "tab/1-7", "pages"), with(k.Explain, "x", "explain"), with(k.Export, "e", "export"))
	}
	st := m.help.Styles
	sep := st.ShortSeparator.Inline(true).Render(" • ")
	var lines []string
	cur := ""
	for _, b := range bs {
		if !b.Enabled() {
			continue
		}
		item := st.ShortKey.Inline(true).Render(b.Help().Key) + " " + st.ShortDesc.Inline(true).Render(b.Help().Desc)
		switch {
		case cur == "":
			cur = item
		case ansi.StringWidth(cur+sep+item) <= w:
			cur += sep + item
		default:
			lines = append(lines, cur)
			cur = item
		}
	}
	lines = append(lines, cur)
	if len(lines) > 2 {
		lines = []string{lines[0], strings.Join(lines[1:], sep)}
	}
	for i := range lines {
		lines[i] = fit(lines[i], w)
	}
	return lines
}

func (m *Model) fullHelp(w, h int) string {
	st := m.s.st
	lines := []string{st.Title.Render("Keys"), ""}
	for i, p := range m.pages {
		var parts []string
		for _, b := range p.keys(m.s) {
			parts = append(parts, b.Help().Key+" "+b.Help().Desc)
		}
		lines = append(lines, wrapIndent(fmt.Sprintf("%d %-12s", i+1, p.title()), strings.Join(parts, " · "), w)...)
	}
	var parts []string
	for _, b := range append(m.globalKeys(), m.s.keys.Prev) {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	lines = append(lines, "")
	lines = append(lines, wrapIndent("everywhere    ", strings.Join(parts, " · "), w)...)
	lines = append(lines, "", st.Dim.Render("? or esc closes this help"))
	return frame(lines, w, h)
}

// wrapIndent writes head then text wrapped beside it.
func wrapIndent(head, text string, w int) []string {
	hw := ansi.StringWidth(head)
	ls := wrap(text, w-hw)
	out := make([]string, len(ls))
	for i, l := range ls {
		if i == 0 {
			out[i] = head + l
		} else {
			out[i] = strings.Repeat(" ", hw) + l
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// namedFiles names the files written: their base names, and the folder
// when it is not the current one.
func namedFiles(files []string) string {
	var names []string
	dir := ""
	for _, f := range files {
		names = append(names, filepath.Base(f))
		dir = filepath.Dir(f)
	}
	out := strings.Join(names, " and ")
	if dir != "." && dir != "" {
		out += " to " + dir
	}
	return out
}
