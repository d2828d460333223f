package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/trailwise/trailwise/model"
)

// The dataset is read as a stream in one pass. The two lists that grow with
// the organization, the usage rows and the breakdown, are cut into elements
// by a rowSplitter and read straight into the model (rows into
// model.PackedRows) by fastRow and fastBreakdown, which take the shape
// collectors write; any other element is read the careful way, into a small
// plain tree checked like every other document (types, unknown keys, keys
// written twice, fields missing), which alone says what is wrong. The rest of
// the document is read as a tree and checked whole. Peak memory is the
// packed rows and the breakdown, plus a few batches of elements read ahead
// on other processors (ahead; BENCHMARKS.md).

var usageType = reflect.TypeFor[model.Usage]()

// ReadDataset reads and checks a trailwise.dataset/v1 JSON file, gzipped
// or not (see openDataset), through the MaxDatasetBytes limit.
func ReadDataset(path string) (*model.Dataset, error) {
	return ReadDatasetProgress(path, nil)
}

// ReadDatasetProgress is ReadDataset telling progress, when not nil, how
// many of the file's bytes (compressed, for a gzipped file) it has read, as
// it goes: a dataset of 10,000 accounts is a 5 GB file, half a minute of
// reading.
func ReadDatasetProgress(path string, progress func(read, size int64)) (*model.Dataset, error) {
	name := fileName(path)
	f, err := openDataset(path, progress)
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
			if g, err := openDataset(path, nil); err == nil {
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
	top, lists, e := t.datasetFields()
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
	if lists.rows != nil {
		d.SetPackedRows(lists.rows)
	}
	d.Breakdown = lists.breakdown
	if err := d.Validate(); err != nil {
		return nil, fromModel("", err)
	}
	if d.RowCount() == 0 {
		// A collector may write one (everything it tried is a gap), but
		// nothing measured prices every strategy at its fixed costs alone:
		// a comparison that looks like an answer and is none.
		return nil, &Error{Path: "usage", Msg: "expected at least one usage row (a dataset that measured nothing cannot be priced; see its gaps), got none"}
	}
	return &d, nil
}

// streamed is what datasetFields reads straight into the model: the usage
// rows and the breakdown, the two lists that grow with the organization.
type streamed struct {
	rows      *model.PackedRows
	breakdown []model.Breakdown
}

// datasetFields reads the top object's fields after its '{': the usage
// rows and the breakdown into the model, the rest as a tree in which those
// two are empty lists (or null, as written), for check and missing to
// judge the rest.
func (t *jsonTree) datasetFields() (map[string]any, streamed, *Error) {
	top := map[string]any{}
	var out streamed
	for t.dec.More() {
		tok, err := t.dec.Token()
		if err != nil {
			return nil, out, t.syntax(err)
		}
		k, _ := tok.(string)
		if _, twice := top[k]; twice {
			return nil, out, t.twice(k)
		}
		var isNull bool
		var e *Error
		switch k {
		case "usage":
			out.rows, e = t.usageRows()
			isNull = out.rows == nil
		case "breakdown":
			out.breakdown, isNull, e = t.breakdownList()
		default:
			var v any
			if v, e = t.value(); e == nil && k == "schema" && v != model.DatasetSchema {
				// a file of another kind is told so before its fields are judged
				return nil, out, &Error{Path: "schema", Msg: "expected " + strconv.Quote(model.DatasetSchema) + ", got " + describe(v)}
			}
			top[k] = v
		}
		if e != nil {
			return nil, out, e.inTree(key(k))
		}
		if k == "usage" || k == "breakdown" {
			top[k] = []any{}
			if isNull {
				top[k] = nil
			}
		}
	}
	if _, err := t.dec.Token(); err != nil { // the closing '}'
		return nil, out, t.syntax(err)
	}
	return top, out, nil
}

var breakdownType = reflect.TypeFor[model.Breakdown]()

// breakdownList reads the breakdown list an entry at a time, each checked
// the careful way; true for null.
func (t *jsonTree) breakdownList() ([]model.Breakdown, bool, *Error) {
	tok, err := t.dec.Token()
	if err != nil {
		return nil, false, t.syntax(err)
	}
	if tok == nil {
		return nil, true, nil
	}
	if tok != json.Delim('[') {
		v, e := t.from(tok)
		if e == nil {
			e = &Error{Msg: "expected a list, got " + describe(v)}
		}
		return nil, false, e
	}
	t.intern = map[string]string{}
	defer func() { t.intern = nil }()
	s := newRowSplitter(io.MultiReader(t.dec.Buffered(), t.src), t.at())
	texts := newAhead(cutInto(s))
	defer texts.stop()
	out := []model.Breakdown{}
	for tb := texts.next(); tb != nil; tb = texts.next() {
		for k := range tb.ends {
			text, start := tb.element(k)
			b, ok := fastBreakdown(text, t.intern)
			if !ok {
				if e := t.readElement(text, start, breakdownType, &b); e != nil {
					return nil, false, e.inTree("[" + strconv.Itoa(len(out)) + "]")
				}
			}
			out = append(out, b)
		}
		if tb.err != nil {
			return nil, false, tb.err
		}
	}
	texts.stop()
	return out, false, t.resume(s)
}

// usageRows reads the usage list row by row; nil for null.
func (t *jsonTree) usageRows() (*model.PackedRows, *Error) {
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
	s := newRowSplitter(io.MultiReader(t.dec.Buffered(), t.src), t.at())
	texts := newAhead(cutInto(s))
	defer texts.stop()
	parsed := newAhead(t.readRows(texts))
	defer parsed.stop()
	rows := model.NewPackedRows()
	for b := parsed.next(); b != nil; b = parsed.next() {
		for _, u := range b.rows {
			if err := rows.Append(u); err != nil {
				i := strconv.Itoa(rows.Len())
				return nil, (&Error{Msg: "expected " + err.Error() + ", got more"}).inTree("[" + i + "]")
			}
		}
		if b.err != nil {
			return nil, b.err
		}
	}
	parsed.stop()
	texts.stop()
	return rows, t.resume(s)
}

// rowBatch is consecutive usage rows, and the error that ended the list
// after them, if one did.
type rowBatch struct {
	rows []model.Usage
	err  *Error
}

// readRows is the fill of the batches of the usage rows read from the
// elements texts hands out: by fastRow, or the careful way when it
// refuses.
func (t *jsonTree) readRows(texts *ahead[textBatch]) func(*rowBatch) bool {
	i := 0 // the rows read
	return func(b *rowBatch) bool {
		b.rows, b.err = b.rows[:0], nil
		tb := texts.next()
		if tb == nil {
			return true // stopped
		}
		for k := range tb.ends {
			text, start := tb.element(k)
			u, ok := fastRow(text, t.intern)
			if !ok {
				if e := t.readElement(text, start, usageType, &u); e != nil {
					b.err = e.inTree("[" + strconv.Itoa(i) + "]")
					return true
				}
			}
			b.rows = append(b.rows, u)
			i++
		}
		b.err = tb.err
		return tb.last
	}
}

// readElement reads one list element of type typ (*dst's), its text
// starting at offset start, the careful way (readChecked).
func (t *jsonTree) readElement(text []byte, start int64, typ reflect.Type, dst any) *Error {
	dec := json.NewDecoder(bytes.NewReader(text))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &Error{offset: start + se.Offset - 1, syntax: true, Msg: "invalid JSON: " + se.Error(), Err: err}
		}
		return &Error{offset: -1, syntax: true, Msg: "invalid JSON: unexpected end of input", Err: err}
	}
	return t.readChecked(raw, start, typ, dst)
}

// resumePrefix starts the decoder that reads on after a list read by a
// rowSplitter (the usage rows, the breakdown): a
// decoder begins outside every value, and the rest of the input is the
// rest of an object (",\"trails\": …}"), so it is given an object's start
// and one field first, which it reads and the tree drops.
const resumePrefix = `{"":0`

// resume makes the tree read on from where s stopped, after a list.
func (t *jsonTree) resume(s *rowSplitter) *Error {
	t.dec = json.NewDecoder(io.MultiReader(strings.NewReader(resumePrefix), s.r))
	t.dec.UseNumber()
	t.src, t.base = s.r, s.off-int64(len(resumePrefix))
	for range 3 { // '{', "" and 0: valid, cannot fail
		if _, err := t.dec.Token(); err != nil {
			return t.syntax(err)
		}
	}
	return nil
}

// readChecked reads one value of type typ (*dst's), valid JSON that starts
// at offset start, the careful way: into a tree, checked like every other
// document (types, unknown keys, keys written twice, fields missing), then
// into dst.
func (t *jsonTree) readChecked(raw json.RawMessage, start int64, typ reflect.Type, dst any) *Error {
	v, e := t.validTree(raw)
	if e != nil && e.offset != 0 {
		e.offset += start
	}
	if e == nil {
		e = check(v, typ)
	}
	if e == nil {
		e = missing(v, typ)
	}
	if e == nil {
		assign(v, reflect.ValueOf(dst).Elem())
	}
	return e
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
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			dst.SetZero() // null
			return
		}
		dst.Set(reflect.MakeSlice(dst.Type(), len(l), len(l)))
		for i, x := range l {
			assign(x, dst.Index(i))
		}
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
