package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The decoders below turn a document into a tree of plain values that check
// can walk: map[string]any, []any, string, bool, nil and json.Number (the
// number as written, so 12.0 is not taken for an integer). Their errors carry
// no file name: the caller sets it.

// decodeJSON decodes exactly one JSON document; a key written twice in an
// object is an error.
func decodeJSON(data []byte) (any, *Error) {
	t := newJSONTree(bytes.NewReader(data))
	v, e := t.value()
	if e == nil {
		e = t.end()
	}
	if e != nil {
		e.Path = trimDot(e.Path)
		return nil, e.locate(data)
	}
	return v, nil
}

// position is the 1-based line and column (in characters) of byte offset at.
func position(data []byte, at int) (line, col int) {
	at = min(max(at, 0), len(data))
	before := data[:at]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte("\n")) + 1, utf8.RuneCount(before[start:]) + 1
}

var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

// decodeYAML decodes exactly one YAML document; nil when the file has none
// (only comments) or the document is null.
func decodeYAML(data []byte) (v any, e *Error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, next yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, yamlError(err)
	}
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlError(err)
	default:
		return nil, &Error{Line: next.Line, Msg: "invalid YAML: more than one document (only one is read)"}
	}
	// Aliases can make a small file expand enormously; no document without
	// them has more nodes than twice its bytes.
	n := yamlTree{left: 2*len(data) + 1000, open: map[*yaml.Node]bool{}}
	return n.value(&doc)
}

func yamlError(err error) *Error {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: "), Err: err}
	}
	line, _ := strconv.Atoi(m[1])
	if yamlParserProblems[m[2]] {
		line++ // yaml.v3 counts the lines of parser errors from 0
	}
	return &Error{Line: line, Msg: "invalid YAML: " + m[2], Err: err}
}

// yamlParserProblems are the errors of yaml.v3's parser (as opposed to its
// scanner): their line is the 0-based line where the construct that failed
// (a flow list, a block mapping…) starts, or else of the problem.
var yamlParserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlTree converts yaml.Nodes to the plain tree, expanding aliases.
type yamlTree struct {
	left int                 // nodes still allowed
	open map[*yaml.Node]bool // anchored nodes being expanded, to catch cycles
}

func (y *yamlTree) value(n *yaml.Node) (any, *Error) {
	if y.left--; y.left < 0 {
		return nil, &Error{Msg: "invalid YAML: aliases expand to too many values"}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return y.value(n.Content[0])
	case yaml.AliasNode:
		if n.Alias == nil || y.open[n.Alias] {
			return nil, &Error{Line: n.Line, Column: n.Column, Msg: fmt.Sprintf("invalid YAML: alias *%s refers to a value that contains it", n.Value)}
		}
		y.open[n.Alias] = true
		defer delete(y.open, n.Alias)
		return y.value(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.AliasNode && k.Alias != nil {
				k = k.Alias
			}
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{Line: k.Line, Column: k.Column, Msg: "expected a plain key, got " + yamlKind(k)}
			}
			if _, twice := m[k.Value]; twice {
				// refused, not the last one winning: see jsonTree.twice
				return nil, &Error{Line: k.Line, Column: k.Column, Msg: "expected each key once in a mapping, got " + strconv.Quote(k.Value) + " a second time"}
			}
			v, e := y.value(n.Content[i+1])
			if e != nil {
				return nil, e
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, e := y.value(c)
			if e != nil {
				return nil, e
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		return yamlScalar(n), nil
	}
	return nil, &Error{Line: n.Line, Column: n.Column, Msg: "invalid YAML: unexpected node"}
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a YAML node"
}

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// yamlScalar is a scalar's plain value, as yaml.v3 resolves it: null, a
// bool, a number (as json.Number; infinities and NaN as float64, which no
// field accepts), or else its text (strings, timestamps, binary).
func yamlScalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var v any
		if n.Decode(&v) == nil {
			switch i := v.(type) {
			case int:
				return json.Number(strconv.Itoa(i))
			case int64:
				return json.Number(strconv.FormatInt(i, 10))
			case uint64:
				return json.Number(strconv.FormatUint(i, 10))
			}
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			if math.IsInf(f, 0) || math.IsNaN(f) {
				return f
			}
			// Keep the number as written where JSON can: an integer too
			// large for any field is then reported as such.
			if t := strings.ReplaceAll(strings.TrimPrefix(n.Value, "+"), "_", ""); jsonNumber.MatchString(t) {
				return json.Number(t)
			}
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return n.Value
}
