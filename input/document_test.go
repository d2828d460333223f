package input

import (
	"strconv"
	"strings"
	"testing"
)

type docAmount float64

func (docAmount) CheckJSON(v any) string {
	if s, ok := v.(string); ok && strings.Count(s, ".") == 1 {
		return ""
	}
	return `a decimal string`
}

func (a *docAmount) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err == nil {
		var f float64
		f, err = strconv.ParseFloat(s, 64)
		*a = docAmount(f)
	}
	return err
}

type docLine struct {
	Cost docAmount `json:"cost"`
	Note string    `json:"note,omitempty"`
}

type docSample struct {
	Schema string             `json:"schema"`
	Lines  []docLine          `json:"lines"`
	ByKey  map[string]docLine `json:"by_key"`
	Extra  *docLine           `json:"extra,omitempty"`
}

func TestParseDocument(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`{"schema":"s/v1","lines":[{"cost":"1.5"}],"by_key":{"a":{"cost":"2.0","note":"x"}}}`, ""},
		{`{"schema":"s/v1","lines":[],"by_key":{},"extra":null}`, ""},
		{`{"schema":"s/v2","lines":[],"by_key":{}}`, `d.json: schema: expected "s/v1", got "s/v2"`},
		{`{"lines":[],"by_key":{}}`, `d.json: schema: expected "s/v1", got nothing`},
		{`{"schema":"s/v1","lines":[{"cost":1.5}],"by_key":{}}`, `d.json: lines[0].cost: expected a decimal string, got 1.5`},
		{`{"schema":"s/v1","lines":[{"note":"x"}],"by_key":{}}`, `d.json: lines[0].cost: expected a value, got nothing`},
		{`{"schema":"s/v1","lines":[],"by_key":{"b":{"cost":"1.0"},"a":{}}}`, `d.json: by_key.a.cost: expected a value, got nothing`},
		{`{"schema":"s/v1","lines":[]}`, `d.json: by_key: expected a value, got nothing`},
		{`{"schema":"s/v1","lines":[],"by_key":{},"extra":{}}`, `d.json: extra.cost: expected a value, got nothing`},
		{`{"schema":"s/v1","lines":[],"by_key":{},"other":1}`, `d.json: other: unknown field (expected one of: schema, lines, by_key, extra)`},
		{``, `d.json: empty file`},
	}
	for _, tt := range tests {
		var d docSample
		err := ParseDocument("d.json", []byte(tt.doc), "s/v1", &d)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s\n got: %s\nwant: %s", tt.doc, got, tt.want)
		}
	}
	var d docSample
	if err := ParseDocument("d.json", []byte(`{"schema":"s/v1","lines":[{"cost":"1.5"}],"by_key":{}}`), "s/v1", &d); err != nil || len(d.Lines) != 1 || d.Lines[0].Cost != 1.5 {
		t.Errorf("decoded %+v, %v", d, err)
	}
}
