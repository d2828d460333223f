package input

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// jsonTree reads JSON values token by token into the plain tree check walks
// (map[string]any, []any, string, bool, nil, json.Number). Unlike
// encoding/json's own decoding into any, it refuses an object that names a
// key twice, instead of letting the last value win silently, and it never
// holds more of the input than the value being built: the dataset reader
// uses it one usage row at a time.
type jsonTree struct {
	dec *json.Decoder
	// src is what dec reads, and base the offset in the input of dec's
	// first byte: the usage list is read past dec (see usageRows), which
	// then goes on with a decoder of the rest.
	src  io.Reader
	base int64
	// intern, when set, shares the text of equal string values (a
	// dataset's account ids, regions, days and sources repeat on every
	// row): one copy each instead of one per row.
	intern map[string]string
}

func newJSONTree(r io.Reader) *jsonTree {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	return &jsonTree{dec: dec, src: r}
}

// at is the offset in the input of the decoder's position.
func (t *jsonTree) at() int64 { return t.base + t.dec.InputOffset() }

// errTreeEnd is what a tree read meets at a ']' or '}' it did not open.
var errTreeEnd = errors.New("unexpected end of a list or object")

// value reads the next whole value.
func (t *jsonTree) value() (any, *Error) {
	tok, err := t.dec.Token()
	if err != nil {
		return nil, t.syntax(err)
	}
	return t.from(tok)
}

// from reads the rest of the value whose first token is tok.
func (t *jsonTree) from(tok json.Token) (any, *Error) {
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '{':
			return t.object()
		case '[':
			return t.list()
		}
		return nil, t.syntax(errTreeEnd)
	case string:
		if t.intern != nil {
			if s, ok := t.intern[tok]; ok {
				return s, nil
			}
			t.intern[tok] = tok
		}
		return tok, nil
	}
	return tok, nil // json.Number, bool or nil
}

func (t *jsonTree) object() (any, *Error) {
	m := map[string]any{}
	for t.dec.More() {
		tok, err := t.dec.Token()
		if err != nil {
			return nil, t.syntax(err)
		}
		k, _ := tok.(string) // the decoder allows nothing else here
		if _, twice := m[k]; twice {
			return nil, t.twice(k)
		}
		v, e := t.value()
		if e != nil {
			return nil, e.inTree(key(k))
		}
		m[k] = v
	}
	if _, err := t.dec.Token(); err != nil { // the closing '}'
		return nil, t.syntax(err)
	}
	return m, nil
}

func (t *jsonTree) list() (any, *Error) {
	l := []any{}
	for i := 0; t.dec.More(); i++ {
		v, e := t.value()
		if e != nil {
			return nil, e.inTree("[" + strconv.Itoa(i) + "]")
		}
		l = append(l, v)
	}
	if _, err := t.dec.Token(); err != nil { // the closing ']'
		return nil, t.syntax(err)
	}
	return l, nil
}

// twice is the error for a key an object names a second time: refused,
// because which of the two values a program reads differs from one JSON
// library to the next, and a file checked one way must not price another.
func (t *jsonTree) twice(k string) *Error {
	return &Error{Path: key(k), offset: t.at(), Msg: "expected each key once in an object, got " + strconv.Quote(k) + " a second time"}
}

// syntax turns a decoder error into an Error whose offset is the byte the
// problem is at, for position to turn into a line and a column.
func (t *jsonTree) syntax(err error) *Error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// A misplaced token's offset is its place in the input; an error
		// inside a value (a literal, a string) counts bytes the decoder
		// has scanned in values, which is no place at all. The decoder
		// stopped at that value's start: it is read again from there.
		at := se.Offset
		if at != t.dec.InputOffset() {
			at = t.dec.InputOffset() + errorInValue(t.dec.Buffered())
		}
		return &Error{offset: t.base + at, syntax: true, Msg: "invalid JSON: " + se.Error(), Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &Error{offset: -1, syntax: true, Msg: "invalid JSON: unexpected end of input", Err: err}
	}
	return readError("", err) // the file, not its content: too large, a directory…
}

// errorInValue is the offset, from the start of r, of the byte a JSON
// value at the start of r goes wrong at (0 when it cannot tell).
func errorInValue(r io.Reader) int64 {
	var raw json.RawMessage
	var se *json.SyntaxError
	if err := json.NewDecoder(io.LimitReader(r, 1<<20)).Decode(&raw); errors.As(err, &se) && se.Offset > 0 {
		return se.Offset - 1
	}
	return 0
}

// end checks that nothing but white space follows the document.
func (t *jsonTree) end() *Error {
	at := t.at()
	rest, _ := io.ReadAll(io.LimitReader(t.dec.Buffered(), 1<<20))
	if i := len(rest) - len(trimJSONSpace(rest)); i < len(rest) {
		return &Error{offset: at + int64(i), syntax: true, Msg: "invalid JSON: more data after the end of the document"}
	}
	switch _, err := t.dec.Token(); {
	case errors.Is(err, io.EOF):
		return nil
	case err != nil && !errors.As(err, new(*json.SyntaxError)):
		return readError("", err)
	}
	return &Error{offset: max(t.at()-1, at), syntax: true, Msg: "invalid JSON: more data after the end of the document"}
}

// inTree puts a path step before the path of an error met while a value
// was read; syntax errors are told by their position, not a path.
func (e *Error) inTree(step string) *Error {
	if !e.syntax && !e.whole {
		e.Path = step + e.Path
	}
	return e
}

// validTree turns JSON text that encoding/json has already found valid
// (one value, as a json.RawMessage holds it) into the plain tree, much
// faster than reading it token by token. A key written twice is an Error
// whose offset is the key's in b.
func (t *jsonTree) validTree(b []byte) (any, *Error) {
	p := validParser{b: b, intern: t.intern}
	v, e := p.value()
	return v, e
}

type validParser struct {
	b      []byte
	i      int
	intern map[string]string
}

func (p *validParser) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

func (p *validParser) value() (any, *Error) {
	p.space()
	switch c := p.b[p.i]; c {
	case '{':
		p.i++
		m := map[string]any{}
		for {
			p.space()
			if p.b[p.i] == '}' {
				p.i++
				return m, nil
			}
			if p.b[p.i] == ',' {
				p.i++
				p.space()
			}
			at := p.i
			k := p.str()
			if _, twice := m[k]; twice {
				return nil, &Error{Path: key(k), offset: int64(at), Msg: "expected each key once in an object, got " + strconv.Quote(k) + " a second time"}
			}
			p.space()
			p.i++ // ':'
			v, e := p.value()
			if e != nil {
				return nil, e.inTree(key(k))
			}
			m[k] = v
		}
	case '[':
		p.i++
		l := []any{}
		for n := 0; ; n++ {
			p.space()
			if p.b[p.i] == ']' {
				p.i++
				return l, nil
			}
			if p.b[p.i] == ',' {
				p.i++
			}
			v, e := p.value()
			if e != nil {
				return nil, e.inTree("[" + strconv.Itoa(n) + "]")
			}
			l = append(l, v)
		}
	case '"':
		return p.str(), nil // interned by str
	case 't':
		p.i += 4
		return true, nil
	case 'f':
		p.i += 5
		return false, nil
	case 'n':
		p.i += 4
		return nil, nil
	}
	start := p.i
	for p.i < len(p.b) && strings.IndexByte("+-0123456789.eE", p.b[p.i]) >= 0 {
		p.i++
	}
	return json.Number(p.b[start:p.i]), nil
}

// str reads a string at p.i, its opening quote included.
func (p *validParser) str() string {
	start := p.i
	p.i++
	escaped := false
	for p.b[p.i] != '"' {
		if p.b[p.i] == '\\' {
			escaped = true
			p.i++
		}
		p.i++
	}
	p.i++
	if !escaped {
		raw := p.b[start+1 : p.i-1]
		if p.intern != nil {
			if s, ok := p.intern[string(raw)]; ok { // a lookup that does not allocate
				return s
			}
			s := string(raw)
			p.intern[s] = s
			return s
		}
		return string(raw)
	}
	var s string
	json.Unmarshal(p.b[start:p.i], &s) // valid: cannot fail
	return s
}
