package input

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// ReadDocument reads a JSON file of the given schema id into dst (a
// pointer), strictly: see ParseDocument.
func ReadDocument(path, schema string, dst any) error {
	data, err := readFile(path)
	if err != nil {
		return err
	}
	return ParseDocument(path, data, schema, dst)
}

// ParseDocument checks a JSON document against the Go type dst points to,
// the way the dataset is checked: the schema field must be there and equal
// schema; unknown fields, values of the wrong type and values a Checker
// rejects are errors (an *Error naming the file, name, and the JSON path),
// and so is a missing field, unless its json tag says omitempty: a document
// read this way is one a program wrote whole. Then it decodes the document
// into dst.
func ParseDocument(name string, data []byte, schema string, dst any) error {
	name = fileName(name)
	data = bytes.TrimPrefix(data, utf8BOM)
	v, e := decode(name, data, false)
	if e == nil {
		e = checkDocument(v, reflect.TypeOf(dst).Elem(), schema, false)
	}
	if e == nil {
		if e = missing(v, reflect.TypeOf(dst).Elem()); e != nil {
			e.Path = strings.TrimPrefix(e.Path, ".")
		}
	}
	if e != nil {
		e.File = name
		return e
	}
	if err := json.Unmarshal(data, dst); err != nil {
		// A key written twice, the first time with a value of the wrong
		// type: decode the checked tree, where the last value won.
		reflect.ValueOf(dst).Elem().SetZero()
		if err := decodeTree(v, dst); err != nil {
			return &Error{File: name, Msg: err.Error(), Err: err}
		}
	}
	return nil
}

// missing reports the first field of v, a tree check accepted for t, that
// is absent though its json tag has no omitempty (fields of types that are
// a Checker are values, not objects, and are not looked into).
func missing(v any, t reflect.Type) *Error {
	if t.Kind() != reflect.Pointer && t.Implements(checkerType) {
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return missing(v, t.Elem())
	case reflect.Slice:
		l, _ := v.([]any)
		for i, x := range l {
			if e := missing(x, t.Elem()); e != nil {
				return e.in("[" + strconv.Itoa(i) + "]")
			}
		}
	case reflect.Map:
		m, _ := v.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if e := missing(m[k], t.Elem()); e != nil {
				return e.in(key(k))
			}
		}
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return nil // null: check allowed it
		}
		fs := fieldsOf(t)
		for _, name := range fs.names {
			x, present := m[name]
			if !present {
				if !fs.optional[name] {
					return &Error{Path: key(name), Msg: "expected a value, got nothing"}
				}
				continue
			}
			if e := missing(x, fs.byName[name]); e != nil {
				return e.in(key(name))
			}
		}
	}
	return nil
}
