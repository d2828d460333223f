package input

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
)

// rowSplitter cuts the usage list into its elements' text without
// decoding them, at the speed of a byte search: a usage row is a flat
// object, so its end is its first '}' when nothing before it could hide
// one (a string with a brace or an escape, a nested value). Anything else
// is cut byte by byte, strings and nesting followed. The text is then
// read by fastRow or the careful way, which judges it.
type rowSplitter struct {
	r   *bufio.Reader
	off int64 // offset in the input of r's next byte
	buf []byte
}

func newRowSplitter(r io.Reader, off int64) *rowSplitter {
	return &rowSplitter{r: bufio.NewReaderSize(r, 256<<10), off: off}
}

// next is the next element's text and its offset, or nil at the list's
// closing ']', which it consumes. The text is valid until the next call.
func (s *rowSplitter) next(first bool) ([]byte, int64, *Error) {
	c, e := s.skipSpace()
	if e != nil {
		return nil, 0, e
	}
	if c == ']' {
		s.discard(1)
		return nil, 0, nil
	}
	if !first {
		if c != ',' {
			return nil, 0, s.syntaxAt(s.off, "invalid character "+quoteChar(c)+" after array element")
		}
		s.discard(1)
		if c, e = s.skipSpace(); e != nil {
			return nil, 0, e
		}
	}
	start := s.off
	if c == '{' {
		chunk, err := s.r.ReadSlice('}')
		if err == nil && isFlatObject(chunk) {
			s.off += int64(len(chunk))
			return chunk, start, nil
		}
		s.buf = append(s.buf[:0], chunk...)
		s.off += int64(len(chunk))
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, 0, s.syntaxEnd(err)
		}
		return s.finish(start)
	}
	s.buf = s.buf[:0]
	return s.finish(start)
}

// isFlatObject says chunk, which starts with '{' and ends at the first '}',
// is a whole object: no nested value, no escape, its quotes paired.
func isFlatObject(chunk []byte) bool {
	return bytes.IndexByte(chunk[1:], '{') < 0 && bytes.IndexByte(chunk, '[') < 0 &&
		bytes.IndexByte(chunk, '\\') < 0 && bytes.Count(chunk, []byte{'"'})%2 == 0
}

// finish reads on, byte by byte, to the end of the element begun in s.buf:
// the bracket that closes its first, or for a scalar the first ',', ']' or
// space outside a string.
func (s *rowSplitter) finish(start int64) ([]byte, int64, *Error) {
	depth, inString, escaped := 0, false, false
	for i := 0; ; i++ {
		if i == len(s.buf) {
			c, err := s.r.ReadByte()
			if err != nil {
				return nil, 0, s.syntaxEnd(err)
			}
			s.buf = append(s.buf, c)
			s.off++
		}
		c := s.buf[i]
		switch {
		case inString:
			inString = escaped || c != '"'
			escaped = !escaped && c == '\\'
			if !inString && depth == 0 {
				return s.buf[:i+1], start, nil
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth == 0 { // a scalar's end: the list's
				return s.unread(i, start)
			}
			if depth--; depth == 0 {
				return s.buf[:i+1], start, nil
			}
		case depth == 0 && (c == ',' || isSpace(c)):
			return s.unread(i, start)
		}
	}
}

// unread gives back the byte at i of s.buf (read past a scalar's end) and
// returns the scalar before it.
func (s *rowSplitter) unread(i int, start int64) ([]byte, int64, *Error) {
	s.r.UnreadByte() // the last byte read: i is the end of s.buf
	s.off--
	return s.buf[:i], start, nil
}

func (s *rowSplitter) skipSpace() (byte, *Error) {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return 0, s.syntaxEnd(err)
		}
		if !isSpace(c) {
			s.r.UnreadByte()
			return c, nil
		}
		s.off++
	}
}

func (s *rowSplitter) discard(n int) {
	s.r.Discard(n)
	s.off += int64(n)
}

func (s *rowSplitter) syntaxAt(at int64, msg string) *Error {
	return &Error{offset: at, syntax: true, Msg: "invalid JSON: " + msg}
}

// syntaxEnd is the error for a read that failed: the input ended inside
// the list, or the file could not be read.
func (s *rowSplitter) syntaxEnd(err error) *Error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{offset: -1, syntax: true, Msg: "invalid JSON: unexpected end of input", Err: err}
	}
	return readError("", err)
}

// quoteChar writes c as encoding/json's syntax errors do.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(c))
	return "'" + s[1:len(s)-1] + "'"
}
