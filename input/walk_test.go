package input

import (
	"reflect"
	"strings"
	"testing"
)

type inner struct {
	N uint8 `json:"n"`
}

type Base struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type sample struct {
	Base
	Name    int    `json:"name"` // shallower than Base.Name: wins
	Dash    string `json:"-,"`
	Hidden  string `json:"-"`
	NoTag   bool
	Ptr     *int               `json:"ptr"`
	Items   []inner            `json:"items"`
	ByKey   map[string]float32 `json:"by_key"`
	Any     any                `json:"any"`
	private int                // unexported: never decoded
}

func TestCheck(t *testing.T) {
	tests := []struct {
		doc, want string // want is the error, "" for none
	}{
		{`{"id": "a", "name": 1, "-": "x", "NoTag": true, "ptr": null, "items": [{"n": 255}], "by_key": {"b": 1.5, "a": 2}, "any": [{}]}`, ""},
		{`{"name": "a"}`, `name: expected an integer, got "a"`},
		{`{"Hidden": "x"}`, `Hidden: unknown field (expected one of: name, -, NoTag, ptr, items, by_key, any, id)`},
		{`{"private": 1}`, `private: unknown field (expected one of: name, -, NoTag, ptr, items, by_key, any, id)`},
		{`{"ptr": 1.5}`, `ptr: expected an integer, got 1.5`},
		{`{"items": [{"n": 1}, {"n": 256}]}`, `items[1].n: expected an integer from 0 to 255, got 256`},
		{`{"items": [{"n": -1}]}`, `items[0].n: expected an integer of zero or more, got -1`},
		{`{"items": [{"n": null}]}`, `items[0].n: expected an integer of zero or more, got null`},
		{`{"by_key": {"z": "1", "a": "2"}}`, `by_key.a: expected a number, got "2"`},
		{`{"by_key": {"a.b": 1e39}}`, `by_key["a.b"]: expected a number from -3.4e+38 to 3.4e+38, got 1e39`},
		{`{"z": 1, "a": 2}`, `a: unknown field (expected one of: name, -, NoTag, ptr, items, by_key, any, id)`},
	}
	for _, tt := range tests {
		v, e := decodeJSON([]byte(tt.doc))
		if e != nil {
			t.Fatalf("%s: %v", tt.doc, e)
		}
		got := ""
		if e := check(v, reflect.TypeFor[sample]()); e != nil {
			got = strings.TrimPrefix(e.Path, ".") + ": " + e.Msg
		}
		if got != tt.want {
			t.Errorf("%s\n got: %s\nwant: %s", tt.doc, got, tt.want)
		}
	}
}
