package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/trailwise/trailwise/model"
)

// The dataset is read as a stream, one usage row at a time: each row is
// read into a small plain tree, checked like every other document (types,
// unknown keys, keys written twice, fields missing) and turned into a
// model.Usage at once, so a dataset never exists in memory as bytes, as a
// tree and as rows together. Peak memory is the rows, plus one row's tree,
// plus the decoder's buffer (see BENCHMARKS.md).

var usageType = reflect.TypeFor[model.Usage]()

// ReadDataset reads and checks a trailwise.dataset/v1 JSON file, gzipped
// or not (see openDataset), through the MaxDatasetBytes limit.
func ReadDataset(path string) (*model.Dataset, error) {
	name := fileName(path)
	f, err := openDataset(path)
	if err != nil {
		return nil, readError(name, err)
	}
	defer f.Close()
	d, e := streamDataset(f)
	if e != nil {
		if gz := f.gzipFailure(); gz != nil {
			e = gz // the gzip layer failed, not the JSON it holds
		}
		e.File = name
		if !e.whole && (e.syntax || e.offset != 0) {
			if g, err := openDataset(path); err == nil {
				e.Line, e.Column = streamPosition(g, e.offset)
				g.Close()
			}
		}
		return nil, e
	}
	return d, nil
}

// ParseDataset checks and decodes a trailwise.dataset/v1 JSON document; name
// is the file name errors start with.
func ParseDataset(name string, data []byte) (*model.Dataset, error) {
	d, e := streamDataset(bytes.NewReader(data))
	if e != nil {
		e.File = fileName(name)
		e.locate(bytes.TrimPrefix(data, utf8BOM))
		return nil, e
	}
	return d, nil
}

// streamDataset reads a dataset from r, its byte-order mark skipped; error
// offsets count from after the mark.
func streamDataset(r io.Reader) (*model.Dataset, *Error) {
	d, e := streamDatasetFields(r)
	if e != nil {
		e.Path = trimDot(e.Path)
	}
	return d, e
}

func streamDatasetFields(r io.Reader) (*model.Dataset, *Error) {
	br := bufio.NewReaderSize(newLimitReader(r, MaxDatasetBytes), 64<<10)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	t := newJSONTree(br)
	tok, err := t.dec.Token()
	switch {
	case errors.Is(err, io.EOF):
		return nil, &Error{Msg: "empty file"}
	case err != nil:
		return nil, t.syntax(err)
	case tok != json.Delim('{'):
		v, e := t.from(tok)
		if e == nil {
			e = t.end()
		}
		if e == nil {
			e = &Error{Msg: "expected an object, got " + describe(v)}
		}
		return nil, e
	}
	top, rows, e := t.datasetFields()
	if e == nil {
		e = t.end()
	}
	if e == nil {
		e = checkDocument(top, reflect.TypeFor[model.Dataset](), model.DatasetSchema, false)
	}
	if e == nil {
		if e = missing(top, reflect.TypeFor[model.Dataset]()); e != nil {
			e.Path = trimDot(e.Path)
		}
	}
	if e != nil {
		return nil, e
	}
	var d model.Dataset
	if err := decodeTree(top, &d); err != nil {
		return nil, &Error{Msg: err.Error(), Err: err}
	}
	d.Usage = rows
	if err := d.Validate(); err != nil {
		return nil, fromModel("", err)
	}
	if len(d.Usage) == 0 {
		// A collector may write one (everything it tried is a gap), but
		// nothing measured prices every strategy at its fixed costs alone:
		// a comparison that looks like an answer and is none.
		return nil, &Error{Path: "usage", Msg: "expected at least one usage row (a dataset that measured nothing cannot be priced; see its gaps), got none"}
	}
	return &d, nil
}

// datasetFields reads the top object's fields after its '{': the usage
// rows as rows, the rest as a tree in which usage is an empty list (or
// null, as written), for check and missing to judge the rest.
func (t *jsonTree) datasetFields() (map[string]any, []model.Usage, *Error) {
	top := map[string]any{}
	var rows []model.Usage
	for t.dec.More() {
		tok, err := t.dec.Token()
		if err != nil {
			return nil, nil, t.syntax(err)
		}
		k, _ := tok.(string)
		if _, twice := top[k]; twice {
			return nil, nil, t.twice(k)
		}
		if k != "usage" {
			v, e := t.value()
			if e != nil {
				return nil, nil, e.inTree(key(k))
			}
			if k == "schema" && v != model.DatasetSchema {
				// a file of another kind is told so before its fields are judged
				return nil, nil, &Error{Path: "schema", Msg: "expected " + strconv.Quote(model.DatasetSchema) + ", got " + describe(v)}
			}
			top[k] = v
			continue
		}
		var e *Error
		if rows, e = t.usageRows(); e != nil {
			return nil, nil, e.inTree("usage")
		}
		top[k] = []any{}
		if rows == nil {
			top[k] = nil
		}
	}
	if _, err := t.dec.Token(); err != nil { // the closing '}'
		return nil, nil, t.syntax(err)
	}
	return top, rows, nil
}

// usageRows reads the usage list row by row; nil for null.
func (t *jsonTree) usageRows() ([]model.Usage, *Error) {
	tok, err := t.dec.Token()
	if err != nil {
		return nil, t.syntax(err)
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('[') {
		v, e := t.from(tok)
		if e != nil {
			return nil, e
		}
		return nil, &Error{Msg: "expected a list, got " + describe(v)}
	}
	t.intern = map[string]string{}
	defer func() { t.intern = nil }()
	rows := []model.Usage{}
	for i := 0; t.dec.More(); i++ {
		at := "[" + strconv.Itoa(i) + "]"
		var raw json.RawMessage
		if err := t.dec.Decode(&raw); err != nil {
			return nil, t.syntax(err)
		}
		v, e := t.validTree(raw)
		if e != nil && e.offset != 0 {
			e.offset += t.dec.InputOffset() - int64(len(raw))
		}
		if e == nil {
			e = check(v, usageType)
		}
		if e == nil {
			e = missing(v, usageType)
		}
		if e != nil {
			return nil, e.inTree(at)
		}
		var u model.Usage
		assign(v, reflect.ValueOf(&u).Elem())
		rows = append(rows, u)
	}
	if _, err := t.dec.Token(); err != nil { // the closing ']'
		return nil, t.syntax(err)
	}
	return rows, nil
}

func trimDot(path string) string {
	if len(path) > 0 && path[0] == '.' {
		return path[1:]
	}
	return path
}

// assign stores a tree check has accepted for dst's type into dst, as
// encoding/json would decode it, without writing it out and reading it
// back. Only the kinds a usage row has are handled directly; anything else
// goes through encoding/json.
func assign(v any, dst reflect.Value) {
	switch dst.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return // null leaves a struct as it is
		}
		fs := fieldsOf(dst.Type())
		for k, x := range m {
			assign(x, dst.FieldByIndex(fs.index[k]))
		}
	case reflect.String:
		dst.SetString(v.(string))
	case reflect.Bool:
		dst.SetBool(v.(bool))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, _ := strconv.ParseInt(string(v.(json.Number)), 10, 64)
		dst.SetInt(n)
	case reflect.Float32, reflect.Float64:
		f, _ := strconv.ParseFloat(string(v.(json.Number)), dst.Type().Bits())
		dst.SetFloat(f)
	case reflect.Pointer:
		if v == nil {
			dst.SetZero()
			return
		}
		p := reflect.New(dst.Type().Elem())
		assign(v, p.Elem())
		dst.Set(p)
	default:
		b, _ := json.Marshal(v)
		json.Unmarshal(b, dst.Addr().Interface())
	}
}

// streamPosition is the 1-based line and column (in characters) of byte
// offset at of r after its byte-order mark, read as a stream; at < 0 is
// just after the last character that is not white space.
func streamPosition(r io.Reader, at int64) (line, col int) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	line, col = 1, 1
	lastLine, lastCol := 1, 1 // after the last character that is not space
	var pending []byte        // the bytes of a character not yet whole
	for off := int64(0); at < 0 || off < at; off++ {
		c, err := br.ReadByte()
		if err != nil {
			break
		}
		pending = append(pending, c)
		if !utf8.FullRune(pending) && len(pending) < utf8.UTFMax {
			continue
		}
		pending = pending[:0]
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			lastLine, lastCol = line, col
		}
	}
	if at < 0 {
		return lastLine, lastCol
	}
	return line, col
}
