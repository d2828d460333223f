package input

import (
	"bytes"
	"encoding/json"
	"reflect"
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
// rejects are errors (an *Error naming the file, name, and the JSON path).
// Then it decodes the document into dst.
func ParseDocument(name string, data []byte, schema string, dst any) error {
	name = fileName(name)
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(trimJSONSpace(data)) == 0 {
		return &Error{File: name, Msg: "empty file"}
	}
	v, e := decodeJSON(data)
	if e == nil {
		e = checkDocument(v, reflect.TypeOf(dst).Elem(), schema, false)
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
