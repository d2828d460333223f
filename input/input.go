// Package input loads trailwise's two user input files, the dataset
// (trailwise.dataset/v1, JSON) and the scenario (trailwise.scenario/v1, YAML
// or JSON), strictly: unknown fields, wrong types and out-of-range values are
// errors, never silently ignored or zeroed. Every error is one line that
// names the file and the place in it:
//
//	org.json: usage[3].management_read_events: expected a count of zero or more, got -5
//	org.json: line 4, column 17: invalid JSON: invalid character '}' looking for beginning of value
//	scenario.yaml: horizon_months: expected an integer, got "twelve"
package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/trailwise/trailwise/model"
)

// Error is a problem with an input file. Its message is one line,
//
//	<file>: <where>: <what>
//
// where <where> is a position (line 4, column 17) for syntax errors, a JSON
// path (usage[3].day) for values, and nothing when the whole file is at fault.
type Error struct {
	File   string
	Line   int    // 1-based line of a syntax error; 0 when not known
	Column int    // 1-based column, in characters; 0 when not known
	Path   string // JSON path of the offending value; empty for syntax and file errors
	Msg    string // what is wrong: "expected …, got …", "unknown field (…)", "invalid JSON: …"
	Err    error  // the cause, when there is one: *model.FieldError, *fs.PathError, …

	offset int64 // byte offset of a syntax error or repeated key, for locate; -1: the end
	syntax bool  // a syntax error: placed by its position, not a path
	whole  bool  // about the file, not a place in it: too large, unreadable
}

// locate sets the line and column of an error the JSON reader placed by
// its byte offset in data.
func (e *Error) locate(data []byte) *Error {
	if e.whole || !e.syntax && e.offset == 0 {
		return e
	}
	at := int(e.offset)
	if e.offset < 0 {
		at = len(bytes.TrimRight(data, " \t\r\n"))
	}
	e.Line, e.Column = position(data, at)
	return e
}

func (e *Error) Error() string {
	parts := []string{e.File}
	switch {
	case e.Line > 0 && e.Column > 0:
		parts = append(parts, fmt.Sprintf("line %d, column %d", e.Line, e.Column))
	case e.Line > 0:
		parts = append(parts, fmt.Sprintf("line %d", e.Line))
	}
	if e.Path != "" {
		parts = append(parts, e.Path)
	}
	parts = append(parts, e.Msg)
	return oneLine(strings.Join(parts, ": "))
}

func (e *Error) Unwrap() error { return e.Err }

// decode parses a document for the strict checker: refused when empty, read
// as YAML where allowYAML and neither the name nor the content says JSON,
// else as JSON. Errors carry the file name. data has no byte-order mark.
func decode(name string, data []byte, allowYAML bool) (any, *Error) {
	var v any
	var e *Error
	switch {
	case len(trimJSONSpace(data)) == 0:
		e = &Error{Msg: "empty file"}
	case allowYAML && !isJSON(name, data):
		v, e = decodeYAML(data)
	default:
		v, e = decodeJSON(data)
	}
	if e != nil {
		e.File = name
	}
	return v, e
}

// ReadScenario reads a scenario file (YAML, or JSON when named *.json) on top
// of model.DefaultScenario() and validates it.
func ReadScenario(path string) (model.Scenario, error) {
	data, err := readFile(path)
	if err != nil {
		return model.Scenario{}, err
	}
	return ParseScenario(path, data)
}

// ParseScenario decodes a scenario document on top of model.DefaultScenario(),
// so omitted fields keep their defaults, and validates the result. The
// document is JSON when name ends in .json, YAML when it ends in .yaml or
// .yml, and otherwise JSON when it starts with '{', else YAML. A YAML file
// with no document (only comments) is the default scenario.
//
// The schema field, when present, must be trailwise.scenario/v1; it is a
// property of the file and is not kept: the result's Schema is empty, like
// DefaultScenario's (Resolve stamps it).
func ParseScenario(name string, data []byte) (model.Scenario, error) {
	name = fileName(name)
	data = bytes.TrimPrefix(data, utf8BOM)
	fail := func(e *Error) (model.Scenario, error) {
		e.File = name
		return model.Scenario{}, e
	}
	v, e := decode(name, data, true)
	if e == nil && v == nil {
		v = map[string]any{} // a YAML file of comments only: every default
	}
	if e == nil {
		e = retiredScenarioKey(v)
	}
	if e == nil {
		e = checkDocument(v, reflect.TypeFor[model.Scenario](), model.ScenarioSchema, true)
	}
	if e != nil {
		return fail(e)
	}
	s := model.DefaultScenario()
	if err := decodeTree(v, &s); err != nil {
		return fail(&Error{Msg: err.Error(), Err: err})
	}
	if err := s.Validate(); err != nil {
		return model.Scenario{}, fromModel(name, err)
	}
	s.Schema = ""
	return s, nil
}

// retiredScenarioKey explains a key earlier versions read: duplicate_trails
// (extra paid copies per account) gave way to leftover_trails, which prices
// each leftover trail by what it records.
func retiredScenarioKey(v any) *Error {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if _, ok := obj["duplicate_trails"]; ok {
		return &Error{Path: "duplicate_trails", Msg: "expected leftover_trails: remove (the default: leftover trails are priced beside each strategy) or keep (their paid copies in the price); " +
			"duplicate_trails was retired because a copy is priced from each trail's own regions and selectors"}
	}
	return nil
}

// checkDocument checks that v is an object carrying the schema id (a file
// of another kind or version is told so before its fields are judged), then
// that it fits t. optional says whether the schema field may be left out.
func checkDocument(v any, t reflect.Type, schema string, optional bool) *Error {
	m, ok := v.(map[string]any)
	if !ok {
		return &Error{Msg: "expected an object, got " + describe(v)}
	}
	want := strconv.Quote(schema)
	if optional {
		want += " or nothing"
	}
	switch got, present := m["schema"]; {
	case !present && !optional:
		return &Error{Path: "schema", Msg: "expected " + want + ", got nothing"}
	case present && got != schema:
		return &Error{Path: "schema", Msg: "expected " + want + ", got " + describe(got)}
	}
	if e := check(v, t); e != nil {
		e.Path = strings.TrimPrefix(e.Path, ".")
		return e
	}
	return nil
}

// decodeTree decodes a checked tree into dst, on top of what dst holds.
// Every value in the tree fits its field, so it fails only on a bug.
func decodeTree(v any, dst any) error {
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	if err != nil {
		return fmt.Errorf("cannot decode: %w", err)
	}
	return nil
}

// fromModel turns a validation error of the model into the file's error.
func fromModel(file string, err error) *Error {
	var fe *model.FieldError
	if !errors.As(err, &fe) {
		return &Error{File: file, Msg: err.Error(), Err: err}
	}
	msg := "expected " + fe.Expected
	if fe.Got != "" {
		got := fe.Got
		if s, err := strconv.Unquote(got); err == nil && got[0] == '"' {
			got = describe(s) // cut a long string short, as for type errors
		}
		msg += ", got " + got
	}
	return &Error{File: file, Path: fe.Path, Msg: msg, Err: err}
}

func fileName(name string) string {
	if name == "" {
		return "<input>"
	}
	return name
}

var utf8BOM = []byte("\ufeff")

func isJSON(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	t := trimJSONSpace(data)
	return len(t) > 0 && t[0] == '{'
}

// trimJSONSpace drops leading JSON whitespace.
func trimJSONSpace(b []byte) []byte {
	return bytes.TrimLeft(b, " \t\r\n")
}

// oneLine escapes the control characters and line separators in s, so an
// error stays on one line whatever a file name or a key contains.
func oneLine(s string) string {
	breaks := func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }
	if !strings.ContainsFunc(s, breaks) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if breaks(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
