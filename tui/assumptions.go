package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// field is one editable scenario value. path is its key in a scenario file,
// as Scenario.Validate names it.
type field struct {
	path, label string
	options     []string // an enum or a switch: cycled, not typed
	get         func(*model.Scenario) string
	set         func(*model.Scenario, string) error
}

func intField(path, label string, p func(*model.Scenario) *int) field {
	return field{path: path, label: label,
		get: func(s *model.Scenario) string { return strconv.Itoa(*p(s)) },
		set: func(s *model.Scenario, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%s: expected a whole number, got %q", path, v)
			}
			*p(s) = n
			return nil
		}}
}

func floatField(path, label string, p func(*model.Scenario) *float64) field {
	return field{path: path, label: label,
		get: func(s *model.Scenario) string { return strconv.FormatFloat(*p(s), 'f', -1, 64) },
		set: func(s *model.Scenario, v string) error {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return fmt.Errorf("%s: expected a number, got %q", path, v)
			}
			*p(s) = f
			return nil
		}}
}

// scaledField edits an optional number: "auto" (nil) scales with volume.
func scaledField(path, label string, p func(*model.Scenario) **float64) field {
	return field{path: path, label: label,
		get: func(s *model.Scenario) string {
			if *p(s) == nil {
				return "auto"
			}
			return strconv.FormatFloat(**p(s), 'f', -1, 64)
		},
		set: func(s *model.Scenario, v string) error {
			if v = strings.TrimSpace(v); v == "auto" || v == "" {
				*p(s) = nil
				return nil
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return fmt.Errorf("%s: expected a number or auto, got %q", path, v)
			}
			*p(s) = &f // a new pointer: the shown scenario is not touched
			return nil
		}}
}

func boolField(path, label string, p func(*model.Scenario) *bool) field {
	return field{path: path, label: label, options: []string{"on", "off"},
		get: func(s *model.Scenario) string { return map[bool]string{true: "on", false: "off"}[*p(s)] },
		set: func(s *model.Scenario, v string) error {
			switch v {
			case "on", "true", "yes":
				*p(s) = true
			case "off", "false", "no":
				*p(s) = false
			default:
				return fmt.Errorf("%s: expected on or off, got %q", path, v)
			}
			return nil
		}}
}

func enumField(path, label string, options []string, p func(*model.Scenario) *string) field {
	return field{path: path, label: label, options: options,
		get: func(s *model.Scenario) string { return *p(s) },
		set: func(s *model.Scenario, v string) error { *p(s) = strings.TrimSpace(v); return nil }}
}

// assumptionFields are the scenario values the page edits.
func assumptionFields() []field {
	return []field{
		enumField("region", "Pricing region", pricing.Regions(), func(s *model.Scenario) *string { return &s.Region }),
		intField("horizon_months", "Horizon (months)", func(s *model.Scenario) *int { return &s.HorizonMonths }),
		intField("central_retention_days", "Central bucket retention (days)", func(s *model.Scenario) *int { return &s.CentralRetentionDays }),
		intField("account_bucket_retention_days", "Account bucket retention (days)", func(s *model.Scenario) *int { return &s.AccountBucketRetentionDays }),
		intField("cloudwatch_retention_days", "CloudWatch Logs retention (days)", func(s *model.Scenario) *int { return &s.CloudWatchRetentionDays }),
		intField("lake_retention_days", "Lake retention (days)", func(s *model.Scenario) *int { return &s.LakeRetentionDays }),
		enumField("replication", "Replication", []string{"same-region", "cross-region"}, func(s *model.Scenario) *string { return &s.Replication }),
		boolField("replication_time_control", "Replication Time Control", func(s *model.Scenario) *bool { return &s.ReplicationTimeControl }),
		{path: "record_data_events", label: "Data events", options: []string{"on", "off"},
			get: func(s *model.Scenario) string {
				if s.RecordDataEvents == nil || *s.RecordDataEvents {
					return "on"
				}
				return "off"
			},
			set: func(s *model.Scenario, v string) error {
				var b bool
				switch v {
				case "on", "true", "yes":
					b = true
				case "off", "false", "no":
				default:
					return fmt.Errorf("record_data_events: expected on or off, got %q", v)
				}
				s.RecordDataEvents = &b // a new pointer: the shown scenario is not touched
				return nil
			}},
		enumField("insights", "Insights", []string{model.InsightsNone, model.InsightsAPICallRate, model.InsightsErrorRate, model.InsightsBoth}, func(s *model.Scenario) *string { return &s.Insights }),
		boolField("sse_kms", "SSE-KMS", func(s *model.Scenario) *bool { return &s.SSEKMS }),
		intField("queries_per_month", "Queries a month", func(s *model.Scenario) *int { return &s.QueriesPerMonth }),
		intField("query_days_scanned", "Days each query scans", func(s *model.Scenario) *int { return &s.QueryDaysScanned }),
		scaledField("query_gb_per_month.athena", "Athena scanned (GB/month)", func(s *model.Scenario) **float64 { return &s.QueryGBPerMonth.Athena }),
		scaledField("query_gb_per_month.lake", "Lake scanned (GB/month)", func(s *model.Scenario) **float64 { return &s.QueryGBPerMonth.Lake }),
		scaledField("query_gb_per_month.cloudwatch", "Logs Insights scanned (GB/mo)", func(s *model.Scenario) **float64 { return &s.QueryGBPerMonth.CloudWatch }),
		scaledField("query_gb_per_month.security_lake", "Security Lake scanned (GB/mo)", func(s *model.Scenario) **float64 { return &s.QueryGBPerMonth.SecurityLake }),
		enumField("leftover_trails", "Leftover trails", []string{model.LeftoverRemove, model.LeftoverKeep}, func(s *model.Scenario) *string { return &s.LeftoverTrails }),
		floatField("volume_growth_per_month", "Volume growth a month", func(s *model.Scenario) *float64 { return &s.VolumeGrowthPerMonth }),
		floatField("account_growth_per_month", "Account growth a month", func(s *model.Scenario) *float64 { return &s.AccountGrowthPerMonth }),
	}
}

// assumptionsPage edits scenario values; every accepted change re-prices
// every strategy in a tea.Cmd, and a refused one says why beside the field.
type assumptionsPage struct {
	fields  []field
	cursor  int
	offset  int
	input   textinput.Model
	typing  bool
	refused map[string]string // field path → why the last value was refused
	hints   map[string]string // field path → why its last change moved no cost
	watch   *retentionChange  // a retention change whose effect is awaited
	// candKey is the candidate selector under the cursor (its Exclusion's
	// String), "" on a field: the cursor stays on it when the candidates
	// are ranked again.
	candKey string
}

// retentionChange is a change of a retention field on its way: when the new
// costs arrive and none moved, the field says why.
type retentionChange struct {
	path   string
	gen    int       // the recompute that answers it
	before []float64 // every strategy's cost over the horizon, before
}

func newAssumptionsPage() *assumptionsPage {
	ti := textinput.New()
	ti.Cursor.SetMode(cursor.CursorStatic) // no blink: nothing to redraw while idle
	ti.Prompt = ""
	ti.CharLimit = 32
	return &assumptionsPage{fields: assumptionFields(), input: ti, refused: map[string]string{}, hints: map[string]string{}}
}

func (p *assumptionsPage) title() string { return "Assumptions" }
func (p *assumptionsPage) editing() bool { return p.typing }

func (p *assumptionsPage) keys(s *state) []key.Binding {
	k := s.keys
	if _, ok := p.candidate(s); ok && !s.readOnly() {
		return []key.Binding{with(k.Up, "↑↓", "value"), with(k.Toggle, "space", "leave out or record"), k.Save}
	}
	if p.typing {
		return []key.Binding{with(k.Enter, "enter", "apply"), with(k.Back, "esc", "cancel")}
	}
	if s.readOnly() {
		return []key.Binding{with(k.Up, "↑↓", "value"), k.Save}
	}
	return []key.Binding{with(k.Up, "↑↓", "value"), with(k.Enter, "enter", "edit"), with(k.Left, "←→", "choose"), k.Save}
}

func (p *assumptionsPage) update(msg tea.KeyMsg, s *state) tea.Cmd {
	k := s.keys
	p.sync(s)
	if c, ok := p.candidate(s); ok {
		return p.updateCandidate(msg, s, c)
	}
	f := p.fields[p.cursor]
	if p.typing {
		switch {
		case key.Matches(msg, k.Enter):
			cmd, ok := p.apply(s, f, p.input.Value())
			if ok {
				p.typing = false
				p.input.Blur()
			}
			return cmd
		case key.Matches(msg, k.Back):
			p.typing = false
			p.input.Blur()
			delete(p.refused, f.path)
			return nil
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Save):
		return s.saveScenario()
	case key.Matches(msg, k.Up):
		p.move(s, -1)
	case key.Matches(msg, k.Down):
		p.move(s, 1)
	case key.Matches(msg, k.Left, k.Right, k.Toggle) || (key.Matches(msg, k.Enter) && f.options != nil):
		if f.options == nil {
			return nil
		}
		if s.readOnly() {
			s.message = "read-only report: assumptions cannot change"
			return nil
		}
		d := 1
		if key.Matches(msg, k.Left) {
			d = -1
		}
		cmd, _ := p.apply(s, f, stepIn(f.options, f.get(&s.scenario), d))
		return cmd
	case key.Matches(msg, k.Enter):
		if s.readOnly() {
			s.message = "read-only report: assumptions cannot change"
			return nil
		}
		p.typing = true
		p.input.SetValue(f.get(&s.scenario))
		p.input.CursorEnd()
		return p.input.Focus()
	}
	return nil
}

// apply sets the field to v on a copy of the scenario. A value the scenario
// refuses stays refused, with the reason; an accepted one re-prices.
func (p *assumptionsPage) apply(s *state, f field, v string) (tea.Cmd, bool) {
	sc, err := Assume(s.asked, f.path, v)
	if err != nil {
		p.refused[f.path] = oneLine(err.Error())
		return nil, false
	}
	delete(p.refused, f.path)
	if f.get(&sc) == f.get(&s.scenario) {
		return nil, true
	}
	before := horizonCosts(s)
	s.asked, s.scenario = sc, resolvedLike(sc, s.scenario)
	cmd := s.reestimate(sc)
	clear(p.hints) // a change may make any hint untrue
	p.watch = nil
	if strings.HasSuffix(f.path, "retention_days") {
		p.watch = &retentionChange{path: f.path, gen: s.estGen, before: before}
	}
	return cmd, true
}

// resolvedLike is sc shown as the engine will resolve it, until it has:
// the values the dataset fills taken from prev, which the engine resolved.
func resolvedLike(sc, prev model.Scenario) model.Scenario {
	if sc.StartMonth == "" {
		sc.StartMonth = prev.StartMonth
	}
	if sc.LogArchiveAccount == "" {
		sc.LogArchiveAccount = prev.LogArchiveAccount
	}
	if sc.RecordDataEvents == nil {
		sc.RecordDataEvents = prev.RecordDataEvents
	}
	if sc.SecurityLake.RollupRegion == "" {
		sc.SecurityLake.RollupRegion = sc.Region
	}
	sc.Schema = prev.Schema
	return sc
}

// watchHorizon turns an awaited retention change into a hint once its
// costs are in: when no strategy's cost over the horizon moved, the longer
// or shorter retention only shows after the horizon.
func (p *assumptionsPage) watchHorizon(s *state) {
	c := p.watch
	if c == nil || (s.docGen < c.gen && s.estDone < c.gen) {
		return // not answered yet
	}
	p.watch = nil
	if s.docGen == c.gen && slices.Equal(c.before, horizonCosts(s)) {
		n := s.scenario.HorizonMonths
		p.hints[c.path] = fmt.Sprintf("no cost moved: the change shows after month %d: raise the horizon to see it", n)
	}
}

// horizonCosts is every strategy's cost over the horizon, in the
// document's order.
func horizonCosts(s *state) []float64 {
	out := make([]float64, len(s.doc.Strategies))
	for i, x := range s.doc.Strategies {
		out[i] = float64(x.Totals.Horizon)
	}
	return out
}

// Assume returns sc with the field at path set to v, or why v is refused:
// a parse error, the reason from Scenario.Validate, or a region without a
// price book.
func Assume(sc model.Scenario, path, v string) (model.Scenario, error) {
	i := slices.IndexFunc(assumptionFields(), func(f field) bool { return f.path == path })
	if i < 0 {
		return sc, fmt.Errorf("%s: not an assumption the interface edits", path)
	}
	f := assumptionFields()[i]
	if err := f.set(&sc, v); err != nil {
		return sc, err
	}
	if err := sc.Validate(); err != nil {
		return sc, err
	}
	if _, err := pricing.ForRegion(sc.Region); err != nil {
		return sc, fmt.Errorf("region: %v", err)
	}
	return sc, nil
}

func (p *assumptionsPage) view(s *state, w, h int) string {
	st := s.st
	p.watchHorizon(s)
	p.sync(s)
	lines := []string{st.Title.Render("Assumptions") + st.Dim.Render(" · the scenario every cost is computed from"), ""}
	labelW := 33
	wide := w >= 100
	listW := w
	if wide {
		listW = labelW + 2 + 16 + 2
	}
	foot := 2
	room := h - len(lines) - foot
	if !wide {
		room -= 1
	}
	list, curFrom, curTo := p.list(s, listW, labelW)
	var above, below int
	p.offset, above, below = scrollWindow(len(list), curFrom, curTo, p.offset, room)
	shown := slices.Clone(list[p.offset:min(p.offset+room, len(list))])
	if above > 0 {
		shown[0] = st.Dim.Render(fmt.Sprintf("  ↑ %d more above", above))
	}
	if below > 0 {
		shown[len(shown)-1] = st.Dim.Render(fmt.Sprintf("  ↓ %d more below", below))
	}
	summary := p.summary(s, w)
	if wide {
		left := frame(shown, listW, room)
		lines = append(lines, columns(left, strings.Join(p.side(s, w-listW-2), "\n"), listW, 2))
	} else {
		lines = append(lines, shown...)
		for len(lines) < h-foot-1 {
			lines = append(lines, "")
		}
	}
	lines = append(lines, "", summary)
	return frame(lines, w, h)
}

// list is one line per field, with the lines of a refused value's reason or
// a hint under it; curFrom and curTo are the field under the cursor's lines.
func (p *assumptionsPage) list(s *state, listW, labelW int) (list []string, curFrom, curTo int) {
	st := s.st
	valW := max(listW-labelW-3, 8)
	for i, f := range p.fields {
		cur, label := "  ", pad(f.label, labelW)
		val := fit(f.get(&s.scenario), valW)
		if f.options != nil {
			val = fit("‹ "+f.get(&s.scenario)+" ›", valW)
		}
		if i == p.cursor {
			cur, label = "› ", st.Selected.Render(label)
			curFrom = len(list)
			if p.typing {
				// Being typed in: a pen, brackets and a cursor, so it shows
				// without color too.
				cur, val = "✎ ", st.Editing.Render(p.typed(valW-2))
			}
		}
		list = append(list, cur+label+" "+val)
		note, style := p.refused[f.path], st.Bad
		if note != "" {
			note = "refused: " + note
		} else if note = p.hints[f.path]; note != "" {
			style = st.Dim
		}
		if note != "" {
			for _, l := range wrap(note, listW-4) {
				list = append(list, "    "+style.Render(l))
			}
		}
		if i == p.cursor {
			curTo = len(list)
		}
	}
	if rows, from, to := p.candidateRows(s, listW); len(rows) > 0 {
		if from >= 0 {
			curFrom, curTo = len(list)+from, len(list)+to
		}
		list = append(list, rows...)
	}
	return list, curFrom, curTo
}

// typed is the value being typed, bracketed, with the cursor drawn as a
// block where the next character goes, in at most w cells.
func (p *assumptionsPage) typed(w int) string {
	v := []rune(p.input.Value())
	pos := min(p.input.Position(), len(v))
	text := string(v[:pos]) + "▌" + string(v[pos:])
	if n := len([]rune(text)); n > w {
		text = string([]rune(text)[n-w:]) // the end, where typing happens
	}
	return "[" + text + "]"
}

// scrollWindow picks the first line shown of n lines in room lines so that
// lines from to to (the cursor's field) show, a marker line taking the
// place of the first or last line when lines are hidden above or below. It
// returns the first line and how many lines each marker stands for.
func scrollWindow(n, from, to, offset, room int) (first, above, below int) {
	if n <= room {
		return 0, 0, 0
	}
	offset = min(max(offset, 0), from, n-room)
	for {
		top := 0
		if offset > 0 {
			top = 1
		}
		bottom := 0
		if offset+room < n {
			bottom = 1
		}
		// The cursor's field must show between the markers.
		if from < offset+top && offset > 0 {
			offset--
			continue
		}
		if to > offset+room-bottom && offset+room < n && to-from <= room-2 {
			offset++
			continue
		}
		if offset > 0 {
			above = offset + top
		}
		if bottom > 0 {
			below = n - (offset + room - bottom)
		}
		return offset, above, below
	}
}

// summary is one line: who is first and what it costs.
func (p *assumptionsPage) summary(s *state, w int) string {
	st := s.st
	if s.busy() {
		return st.Dim.Render("recomputing…")
	}
	win := s.winner()
	if win == "" {
		return st.Dim.Render("nothing ranked")
	}
	x := s.strategy(win)
	cheap := byFirstYear(s.doc)[0]
	return fit(fmt.Sprintf("First: %s %s/yr · cheapest: %s %s/yr", st.Good.Render(win), money(float64(x.Totals.FirstYear)),
		cheap.ID, money(float64(cheap.Totals.FirstYear))), w)
}

// side lists every strategy's first-year cost in rank order, beside the
// values on a wide terminal.
func (p *assumptionsPage) side(s *state, w int) []string {
	st := s.st
	out := []string{st.Header.Render(pad("strategy", w-12) + padLeft("first year", 12))}
	for i, id := range s.order() {
		x := s.strategy(id)
		name := fmt.Sprintf("%d %s", i+1, id)
		if !x.Available {
			name = "– " + id
		}
		line := pad(name, w-12) + padLeft(money(float64(x.Totals.FirstYear)), 12)
		if !x.Available {
			line = st.Dim.Render(line)
		}
		out = append(out, line)
	}
	return out
}
