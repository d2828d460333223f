package tui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"gopkg.in/yaml.v3"
)

// savedMsg answers a save of the scenario.
type savedMsg struct {
	file string
	err  error
}

// saveScenario writes the scenario as the interface has it, in a tea.Cmd.
func (s *state) saveScenario() tea.Cmd {
	sc, dir, source := s.asked, s.exportDir, s.source
	s.message = "saving…"
	return func() tea.Msg {
		data, err := ScenarioFile(sc, source)
		if err != nil {
			return savedMsg{err: err}
		}
		f, err := SaveScenario(data, dir)
		return savedMsg{file: f, err: err}
	}
}

// SaveScenario writes data as trailwise-scenario.yaml in dir, or, when the
// name is taken, under the first free numeric suffix
// (trailwise-scenario-1.yaml): it never overwrites a file. It returns the
// path written.
func SaveScenario(data []byte, dir string) (string, error) {
	if dir == "" {
		dir = "."
	}
	for n := 0; n < 10000; n++ {
		name := "trailwise-scenario.yaml"
		if n > 0 {
			name = fmt.Sprintf("trailwise-scenario-%d.yaml", n)
		}
		p := filepath.Join(dir, name)
		if exists(p) {
			continue
		}
		err := create(p, data)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return p, err
	}
	return "", fmt.Errorf("%s: no free file name", dir)
}

// ScenarioFile writes sc as an annotated scenario file: the file that
// 'trailwise scenario init' writes, every comment kept, with sc's values in
// place of the defaults. The fields the dataset fills when left out stay
// commented out unless sc sets them. source names where the costs came
// from, for the file's first lines.
func ScenarioFile(sc model.Scenario, source string) ([]byte, error) {
	values, err := scenarioValues(sc)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Saved from the trailwise terminal interface (%s): the assumptions\n", oneLine(source))
	b.WriteString("# explored there. Use it with --scenario on estimate, rank or tui.\n#\n")
	w := &scenarioWriter{values: values, selectors: sc.EventSelectors, written: map[string]bool{}, out: &b}
	lines := strings.Split(input.ScenarioTemplate(), "\n")
	for i := 0; i < len(lines); i++ {
		i += w.line(lines[i], lines[i+1:])
	}
	return b.Bytes(), w.rest()
}

// scenarioValues is sc as a tree of its file's field names.
func scenarioValues(sc model.Scenario) (map[string]any, error) {
	data, err := json.Marshal(sc)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber() // numbers written as Go wrote them: 0.02 stays 0.02
	var v map[string]any
	return v, d.Decode(&v)
}

// scenarioWriter copies the template's lines, putting the scenario's values
// in.
type scenarioWriter struct {
	values    map[string]any
	selectors map[string][]model.EventSelector // written in the API's shape
	written   map[string]bool                  // the paths written
	parent    string                           // the mapping the indented keys belong to
	out       *bytes.Buffer
}

// templateKey is a "key: value" line of the template, maybe commented out.
var templateKey = regexp.MustCompile(`^( *)(# )?([a-z_]+):(?: (.*))?$`)

// line writes one template line with its value replaced, and returns how
// many of the lines after it it consumed (a list's items).
func (w *scenarioWriter) line(l string, next []string) int {
	g := templateKey.FindStringSubmatch(l)
	if g == nil {
		w.out.WriteString(l + "\n")
		return 0
	}
	indent, commented, name := g[1], g[2] != "", g[3]
	path := name
	if indent == "" {
		w.parent = ""
	} else if w.parent != "" {
		path = w.parent + "." + name
	}
	v, known := w.lookup(path)
	switch {
	case !known || path == "schema":
		w.out.WriteString(l + "\n")
		if !commented && g[4] == "" && indent == "" {
			w.parent = name
		}
		return 0
	case isUnset(v): // left to the dataset or the default: as the template has it
		w.out.WriteString(l + "\n")
		w.written[path] = true
		return 0
	}
	w.written[path] = true
	if path == "event_selectors" {
		w.eventSelectors()
		n := 0
		for n < len(next) && strings.HasPrefix(next[n], "#  ") {
			n++ // the template's example, replaced
		}
		return n
	}
	switch v := v.(type) {
	case map[string]any:
		if path != "ops_hours" {
			w.parent = name // a section: its fields follow
			w.out.WriteString(l + "\n")
			return 0
		}
		if len(v) == 0 {
			w.out.WriteString(indent + name + ": {}\n")
			return 0
		}
		w.out.WriteString(indent + name + ":\n")
		for _, k := range sortedKeys(v) {
			w.out.WriteString(indent + "  " + k + ": " + scalar(v[k]) + "\n")
		}
		return 0
	case []any:
		if len(v) == 0 {
			w.out.WriteString(indent + name + ": []\n")
		} else {
			w.out.WriteString(indent + name + ":\n")
		}
		for _, x := range v {
			w.out.WriteString(indent + "  - " + scalar(x) + "\n")
		}
		n := 0
		for n < len(next) && strings.HasPrefix(strings.TrimLeft(next[n], " "), "- ") {
			n++ // the template's items, replaced
		}
		return n
	}
	w.out.WriteString(indent + name + ": " + scalar(v) + "\n")
	return 0
}

// lookup finds a dotted path in the values.
func (w *scenarioWriter) lookup(path string) (any, bool) {
	var v any = w.values
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

// rest writes the fields the template has no line for, so that none is
// lost when the scenario gains one the template does not know yet.
func (w *scenarioWriter) rest() error {
	var extra []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for _, k := range sortedKeys(m) {
			p := prefix + k
			if w.written[p] || p == "schema" || isUnset(m[k]) {
				continue
			}
			if sub, ok := m[k].(map[string]any); ok && p != "ops_hours" {
				walk(p+".", sub)
				continue
			}
			extra = append(extra, p)
		}
	}
	walk("", w.values)
	if len(extra) == 0 {
		return nil
	}
	return fmt.Errorf("scenario file: the template has no place for %s", strings.Join(extra, ", "))
}

func isUnset(v any) bool { return v == nil || v == "" }

// scalar writes one value as YAML: strings quoted when they would read as
// something else ("2027-01", an account id).
func scalar(v any) string {
	if n, ok := v.(json.Number); ok {
		return n.String()
	}
	b, err := yaml.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(string(b))
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// eventSelectors writes the scenario's event selectors as the template's
// example has them: per strategy id, each selector's Name and its field
// selectors one a line, values quoted as JSON (valid YAML: "AWS::S3::Object"
// would not be unquoted).
func (w *scenarioWriter) eventSelectors() {
	w.out.WriteString("event_selectors:\n")
	ids := make([]string, 0, len(w.selectors))
	for id := range w.selectors {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		sels := w.selectors[id]
		if len(sels) == 0 {
			w.out.WriteString("  " + id + ": []\n")
			continue
		}
		w.out.WriteString("  " + id + ":\n")
		for _, sel := range sels {
			lead := "    - "
			if sel.Name != "" {
				w.out.WriteString(lead + "Name: " + quoted(sel.Name) + "\n")
				lead = "      "
			}
			w.out.WriteString(lead + "FieldSelectors:\n")
			for _, f := range sel.FieldSelectors {
				w.out.WriteString("        - " + fieldSelector(f) + "\n")
			}
		}
	}
}

// fieldSelector writes one field selector as a YAML flow mapping.
func fieldSelector(f model.FieldSelector) string {
	parts := []string{"Field: " + quoted(f.Field)}
	for _, op := range []struct {
		name string
		vals []string
	}{{"Equals", f.Equals}, {"StartsWith", f.StartsWith}, {"EndsWith", f.EndsWith},
		{"NotEquals", f.NotEquals}, {"NotStartsWith", f.NotStartsWith}, {"NotEndsWith", f.NotEndsWith}} {
		if len(op.vals) > 0 {
			b, _ := json.Marshal(op.vals)
			parts = append(parts, op.name+": "+string(b))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func quoted(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}
