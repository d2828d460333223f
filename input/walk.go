package input

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// check reports the first place where v, a plain tree from decodeJSON or
// decodeYAML, does not fit the Go type t the way encoding/json would decode
// it, but strictly: object keys must match a field's json name exactly,
// numbers must fit the field (an integer for integer fields, in range), and
// null is accepted only for pointers, slices, maps and structs (where it
// leaves the value as it was). Structs are checked unknown keys first, then
// field by field in declaration order; maps key by key in sorted order, so
// the first problem reported does not depend on map iteration.
//
// The path of the error is built on the way back up, so that a document
// without problems costs no path strings.
func check(v any, t reflect.Type) *Error {
	if t.Kind() != reflect.Pointer && t.Implements(checkerType) {
		if expected := reflect.Zero(t).Interface().(Checker).CheckJSON(v); expected != "" {
			return mismatch(v, expected)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v == nil {
			return nil
		}
		return check(v, t.Elem())
	case reflect.Interface:
		return nil
	case reflect.Struct:
		return checkStruct(v, t)
	case reflect.Map:
		return checkMap(v, t)
	case reflect.Slice:
		return checkList(v, t)
	case reflect.String:
		if _, ok := v.(string); !ok {
			return mismatch(v, "a string")
		}
		return nil
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return mismatch(v, "true or false")
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return checkInt(v, t)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return checkUint(v, t)
	case reflect.Float32, reflect.Float64:
		return checkFloat(v, t)
	}
	panic("input: cannot check values of type " + t.String())
}

// mismatch says what was expected in place of v.
func mismatch(v any, expected string) *Error {
	return &Error{Msg: "expected " + expected + ", got " + describe(v)}
}

// checkStruct checks an object against a struct: unknown keys first, then
// each field in declaration order.
func checkStruct(v any, t reflect.Type) *Error {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return mismatch(v, "an object")
	}
	fs := fieldsOf(t)
	var unknown []string
	for k := range m {
		if _, ok := fs.byName[k]; !ok {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return &Error{Path: key(unknown[0]), Msg: "unknown field (expected one of: " + strings.Join(fs.names, ", ") + ")"}
	}
	for _, name := range fs.names {
		if x, ok := m[name]; ok {
			if e := check(x, fs.byName[name]); e != nil {
				return e.in(key(name))
			}
		}
	}
	return nil
}

// checkMap checks an object against a map, key by key in sorted order.
func checkMap(v any, t reflect.Type) *Error {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return mismatch(v, "an object")
	}
	if t.Key().Kind() != reflect.String {
		panic("input: map key of " + t.String() + " is not a string")
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if e := check(m[k], t.Elem()); e != nil {
			return e.in(key(k))
		}
	}
	return nil
}

// checkList checks a list against a slice, item by item.
func checkList(v any, t reflect.Type) *Error {
	if v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		return mismatch(v, "a list")
	}
	for i, x := range l {
		if e := check(x, t.Elem()); e != nil {
			return e.in("[" + strconv.Itoa(i) + "]")
		}
	}
	return nil
}

// checkInt checks that a number is an integer in a signed type's range.
func checkInt(v any, t reflect.Type) *Error {
	n, ok := v.(json.Number)
	if !ok {
		return mismatch(v, "an integer")
	}
	if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
		if errors.Is(err, strconv.ErrRange) {
			lim := int64(1)<<(t.Bits()-1) - 1
			return mismatch(v, fmt.Sprintf("an integer from %d to %d", -lim-1, lim))
		}
		return mismatch(v, "an integer")
	}
	return nil
}

// checkUint checks that a number is an integer in an unsigned type's range.
func checkUint(v any, t reflect.Type) *Error {
	n, ok := v.(json.Number)
	if !ok {
		return mismatch(v, "an integer of zero or more")
	}
	if _, err := strconv.ParseUint(string(n), 10, t.Bits()); err != nil {
		if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(string(n), "-") {
			return mismatch(v, fmt.Sprintf("an integer from 0 to %d", uint64(math.MaxUint64)>>(64-t.Bits())))
		}
		return mismatch(v, "an integer of zero or more")
	}
	return nil
}

// checkFloat checks that a number is finite and in a float type's range.
func checkFloat(v any, t reflect.Type) *Error {
	n, ok := v.(json.Number)
	if !ok {
		if _, isFloat := v.(float64); isFloat { // ±infinity or NaN from YAML
			return mismatch(v, "a finite number")
		}
		return mismatch(v, "a number")
	}
	if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return mismatch(v, fmt.Sprintf("a number from -%g to %g", maxFloat(t.Bits()), maxFloat(t.Bits())))
		}
		return mismatch(v, "a number")
	}
	return nil
}

// Checker is a type that judges its own value in a document, such as an
// amount written as a decimal string with fixed places. CheckJSON gets the
// plain value (a string, json.Number, bool, nil, map[string]any or []any)
// and says what was expected, or "" when the value fits.
type Checker interface {
	CheckJSON(v any) (expected string)
}

var checkerType = reflect.TypeFor[Checker]()

func maxFloat(bits int) float64 {
	if bits == 32 {
		return 3.4e38
	}
	return 1.79e308
}

// fields are a struct's fields by json name, in declaration order.
type fields struct {
	names    []string
	byName   map[string]reflect.Type
	index    map[string][]int // the field's index path, for assign
	optional map[string]bool  // the json tag says omitempty (or omitzero)
}

var fieldCache sync.Map // reflect.Type → fields

// fieldsOf lists the fields encoding/json decodes into: exported, named by
// their json tag or else their Go name, "-" left out, the fields of embedded
// structs without a tag promoted unless a shallower field has their name.
func fieldsOf(t reflect.Type) fields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(fields)
	}
	f := fields{byName: map[string]reflect.Type{}, index: map[string][]int{}, optional: map[string]bool{}}
	type structAt struct {
		t     reflect.Type
		index []int
	}
	level := []structAt{{t: t}}
	for len(level) > 0 {
		var embedded []structAt
		for _, at := range level {
			for sf := range at.t.Fields() {
				tag := sf.Tag.Get("json")
				name, _, _ := strings.Cut(tag, ",")
				index := append(slices.Clone(at.index), sf.Index...)
				switch {
				case sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct:
					embedded = append(embedded, structAt{sf.Type, index})
					continue
				case !sf.IsExported() || tag == "-":
					continue
				case name == "":
					name = sf.Name
				}
				if _, taken := f.byName[name]; !taken {
					f.names = append(f.names, name)
					f.byName[name] = sf.Type
					f.index[name] = index
					_, opts, _ := strings.Cut(tag, ",")
					f.optional[name] = slices.Contains(strings.Split(opts, ","), "omitempty") || slices.Contains(strings.Split(opts, ","), "omitzero")
				}
			}
		}
		level = embedded
	}
	fieldCache.Store(t, f)
	return f
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_/-]+$`)

// key is the path step to an object's key: .name, or ["odd key"].
func key(k string) string {
	if !plainKey.MatchString(k) {
		return "[" + strconv.Quote(k) + "]"
	}
	return "." + k
}

// in puts step before the error's path, as the walk returns upwards.
func (e *Error) in(step string) *Error {
	e.Path = step + e.Path
	return e
}

// describe is how a value is shown after "got": strings quoted, long ones
// cut short.
func describe(v any) string {
	const most = 40
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		if utf8.RuneCountInString(v) > most {
			v = string([]rune(v)[:most]) + "…"
		}
		return strconv.Quote(v)
	case json.Number:
		if len(v) > most {
			return string(v[:most]) + "…"
		}
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case float64: // only the non-finite numbers YAML can write
		switch {
		case math.IsNaN(v):
			return ".nan"
		case v > 0:
			return ".inf"
		}
		return "-.inf"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("a %T", v)
}
