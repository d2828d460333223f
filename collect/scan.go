package collect

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
)

// Counts are the events of a log file (or of several) by kind, and their
// bytes.
type Counts struct {
	Events          int64 // every record
	ManagementRead  int64
	ManagementWrite int64
	Data            int64
	Network         int64 // eventCategory NetworkActivity
	Insights        int64 // eventCategory Insight
	Aggregated      int64 // eventCategory Aggregated (summaries of data events)
	EventBytes      int64 // sum of each record's length as it stands in the file
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Events += o.Events
	c.ManagementRead += o.ManagementRead
	c.ManagementWrite += o.ManagementWrite
	c.Data += o.Data
	c.Network += o.Network
	c.Insights += o.Insights
	c.Aggregated += o.Aggregated
	c.EventBytes += o.EventBytes
}

// FileStats is what the scanner measured in one log file.
type FileStats struct {
	Counts
	// Sources counts events per eventSource (s3.amazonaws.com, ...), one
	// entry a value in the order the file first has it. Past MaxDistinct
	// distinct values the rest are counted under OtherKey, last. (Slices,
	// not maps: a file's tallies are only ever added to a collection's, and
	// building maps for each file took a tenth of the scanner's time.)
	Sources []Tally
	// ByEvent counts events and their bytes per kind, eventSource and
	// eventName, in the order first seen, bounded like Sources (past
	// MaxDistinct keys, the rest under source and name OtherKey).
	ByEvent []EventTally
	// Accounts and Regions count events per recipientAccountId and
	// awsRegion, bounded like Sources. A record without the field is counted
	// under "".
	Accounts []Tally
	Regions  []Tally
	// FirstEventTime and LastEventTime are the smallest and largest
	// eventTime seen (RFC 3339 strings compare in time order); empty when no
	// record had one.
	FirstEventTime string
	LastEventTime  string
	// Gzip is true when the file was gzip-compressed (detected from its
	// first bytes, not its name).
	Gzip bool
	// UncompressedBytes is the length of the decompressed stream.
	UncompressedBytes int64
}

// EventKey is one kind of event of one source and name.
type EventKey struct {
	Kind   Kind
	Source string
	Name   string
}

// EventCount is events and their bytes, as each record stands in the file.
type EventCount struct{ Events, Bytes int64 }

// Tally is the events of a file with one value of a field.
type Tally struct {
	Value  string
	Events int64
}

// EventTally is the events of a file under one event key, and their bytes.
type EventTally struct {
	EventKey
	EventCount
}

// MaxDistinct bounds the distinct values FileStats keeps per tally, so that
// a hostile file cannot grow memory without bound.
const MaxDistinct = 1000

// OtherKey is the map key that counts values past MaxDistinct.
const OtherKey = "(other)"

// ScanError is a log file the scanner could not read. Its message is one
// line: "<file>: <what was wrong>".
type ScanError struct {
	File string
	// Offset is the position in the decompressed stream where the problem
	// was found, or -1 when it does not apply.
	Offset int64
	Msg    string
	Err    error // the underlying cause, if any (e.g. from compress/gzip)
}

func (e *ScanError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, "byte %d: ", e.Offset)
	}
	b.WriteString(e.Msg)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (e *ScanError) Unwrap() error { return e.Err }

// ErrDuplicateRecords is wrapped by the error for a file whose top-level
// object has two "Records" keys.
var ErrDuplicateRecords = errors.New(`"Records" appears twice`)

// The inflation caps: a file, or one record, larger than this uncompressed
// is refused (a ScanError wrapping ErrInflationCap), so that a small
// compressed file cannot make the scanner read gigabytes (a 4 MB gzip
// inflates to 4 GiB). CloudTrail's own files are far smaller: it delivers
// a file about every five minutes per account and region, and its largest
// events are hundreds of kilobytes. Variables so that a caller (or a test)
// can set others.
var (
	MaxFileBytes   int64 = 2 << 30
	MaxRecordBytes int64 = 64 << 20
)

// ErrInflationCap is wrapped by the error for a file or a record over the
// inflation caps.
var ErrInflationCap = errors.New("over the inflation cap")

func capSize(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// chunkSize is the buffer the decompressed stream is read through; the
// scanner's memory does not depend on the size of the file or its records.
const chunkSize = 64 << 10

var chunkPool kept[[]byte]

// Readers are reused across files: a gzip reader holds about 40 KB of
// decompressor state.
var (
	bufioPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 32<<10) }}
	gzipPool  kept[gzip.Reader]
)

// kept reuses values across files as a sync.Pool does, but holds one of
// them outside the pool, which a garbage collection empties: files scanned
// one after the other keep a warm decompressor, chunk and scanner (with
// its tallies' slots) however often the collector runs between them.
type kept[T any] struct {
	one  atomic.Pointer[T]
	pool sync.Pool
}

// get returns a kept value, or nil when there is none.
func (k *kept[T]) get() *T {
	if v := k.one.Swap(nil); v != nil {
		return v
	}
	v, _ := k.pool.Get().(*T)
	return v
}

func (k *kept[T]) put(v *T) {
	if !k.one.CompareAndSwap(nil, v) {
		k.pool.Put(v)
	}
}

func describeOSError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// memReader is what bytes.Reader and strings.Reader are.
type memReader interface {
	io.Reader
	io.ByteReader
	io.Seeker
}

// Scan scans a CloudTrail log file read from r, gzip-compressed or not; name
// is the file name errors start with.
func Scan(r io.Reader, name string) (*FileStats, error) {
	// The gzip magic is read ahead: through a buffer, or, from a reader in
	// memory that reads a byte at a time cheaply (as the decompressor
	// does), directly, rewinding it after.
	var src io.Reader
	var gz bool
	if mem, ok := r.(memReader); ok {
		var magic [2]byte
		n, _ := io.ReadFull(mem, magic[:])
		if _, err := mem.Seek(-int64(n), io.SeekCurrent); err != nil {
			return nil, &ScanError{File: name, Offset: -1, Msg: "rewind: " + err.Error(), Err: err}
		}
		src, gz = mem, n == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	} else {
		br := bufioPool.Get().(*bufio.Reader)
		br.Reset(r)
		defer func() { br.Reset(nil); bufioPool.Put(br) }()
		magic, _ := br.Peek(2)
		src, gz = br, len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	}
	if gz {
		zr := gzipPool.get()
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(src)
		} else {
			err = zr.Reset(src)
		}
		if err != nil {
			return nil, &ScanError{File: name, Offset: -1, Msg: "corrupt gzip header: " + err.Error(), Err: err}
		}
		defer gzipPool.put(zr)
		src = zr
	}
	s := scannerPool.get()
	if s == nil {
		s = NewScanner()
	}
	defer func() { s.reset(); scannerPool.put(s) }()
	w := &s.capped // with the scanner, so that a file allocates none
	*w = cappedScan{s: s, name: name}
	var rerr error
	if zr, ok := src.(*gzip.Reader); ok {
		// The inflater writes from its window (32 KB at most a write)
		// straight to the scanner, sparing a copy into buf.
		_, rerr = zr.WriteTo(w)
	} else {
		bp := chunkPool.get()
		if bp == nil {
			b := make([]byte, chunkSize)
			bp = &b
		}
		defer chunkPool.put(bp)
		buf := *bp
		for rerr == nil {
			var n int
			n, rerr = src.Read(buf)
			if n > 0 {
				if _, err := w.Write(buf[:n]); err != nil {
					rerr = err
				}
			}
		}
		if rerr == io.EOF {
			rerr = nil
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	if rerr != nil {
		return nil, &ScanError{File: name, Offset: s.off, Msg: readProblem(rerr, gz), Err: rerr}
	}
	st, err := s.Close()
	if err != nil {
		return nil, withFile(err, name)
	}
	st.Gzip = gz
	return st, nil
}

// cappedScan writes a file's bytes to its scanner up to MaxFileBytes; err
// is the first error of either, for the file.
type cappedScan struct {
	s     *Scanner
	name  string
	total int64
	err   error
}

func (c *cappedScan) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.total += int64(len(p)); c.total > MaxFileBytes {
		c.err = &ScanError{File: c.name, Offset: MaxFileBytes, Msg: fmt.Sprintf("inflates past %s (the cap on one file): refused", capSize(MaxFileBytes)), Err: ErrInflationCap}
		return 0, c.err
	}
	if _, err := c.s.Write(p); err != nil {
		c.err = withFile(err, c.name)
		return 0, c.err
	}
	return len(p), nil
}

func readProblem(err error, gz bool) string {
	switch {
	case gz && errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated gzip stream (the file ends early)"
	case gz && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader)):
		return "corrupt gzip stream: " + err.Error()
	case gz:
		return "corrupt gzip stream: " + err.Error()
	}
	return "read: " + err.Error()
}

func withFile(err error, name string) error {
	var se *ScanError
	if errors.As(err, &se) {
		c := *se
		c.File = name
		return &c
	}
	return &ScanError{File: name, Offset: -1, Msg: err.Error(), Err: err}
}

// state is where the scanner stands in the document.
type state uint8

const (
	stStart     state = iota // before the outer '{'
	stTopFirst               // after '{': a key or '}'
	stTopKey                 // after ',': a key
	stTopKeyStr              // in a top-level key
	stTopColon               // after a top-level key
	stTopValue               // after ':'
	stTopAfter               // after a top-level value: ',' or '}'
	stEnd                    // after the outer '}': only white space
	stRecsFirst              // after "Records":[ : '{' or ']'
	stRecsNext               // after ',' in Records: '{'
	stRecsAfter              // after a record: ',' or ']'
	stRecFirst               // after a record's '{': a key or '}'
	stRecKey                 // after ',' in a record: a key
	stRecKeyStr              // in a record's key
	stRecColon               // after a record's key
	stRecValue               // after ':' in a record
	stRecValStr              // in a string value of a record field we keep
	stRecLit                 // in a literal (true, 12, null) of a record field
	stRecAfter               // after a record's value: ',' or '}'
	stSkipStr                // in a string we skip; then ret
	stNest                   // in a nested object or array, outside strings; then ret
	stNestStr                // in a string inside a nested value
	stLit                    // in a top-level literal we skip; then ret
)

// The record fields the scanner keeps.
const (
	fCategory = iota
	fManagement
	fReadOnly
	fType
	fSource
	fName
	fAccount
	fRegion
	fTime
	nFields
	fNone = -1
)

const (
	maxKey   = 32  // longer keys are none of the fields kept
	maxValue = 128 // longer values are kept as "too long"
	maxDepth = 10000
)

type value struct {
	set  bool // the field was present with a string or literal value
	over bool // longer than maxValue
	esc  bool // holds a backslash escape: unescape before use
	lit  bool // a literal (true, false, null, number), not a string
	n    int
	// b holds the value once it is copied out of a chunk; it is apart from
	// the flags so that a record's values take few cache lines.
	b *[maxValue]byte
	// ref, when set, holds the value instead of b: its first maxValue
	// bytes in the chunk being written. Write copies it into b before it
	// returns, so that a record crossing chunks keeps its values.
	ref []byte
}

// refer sets the value to b, a plain string's content or a literal (lit),
// held in the chunk being written.
func (v *value) refer(b []byte, lit bool) {
	v.set, v.esc, v.lit = true, false, lit
	v.over = len(b) > maxValue
	v.ref = b[:min(len(b), maxValue)]
}

func (v *value) bytes() []byte {
	if v.ref != nil {
		return v.ref
	}
	if v.b == nil {
		return nil
	}
	return v.b[:v.n]
}

// buf returns the value's own buffer, made on first use.
func (v *value) buf() *[maxValue]byte {
	if v.b == nil {
		v.b = new([maxValue]byte)
	}
	return v.b
}

// Scanner is the streaming CloudTrail log scanner. Write the decompressed
// bytes of one log file to it, in chunks of any size, then Close it. It
// decodes nothing but the few top-level fields of each record it needs, and
// holds no record in memory: a record's extent and fields are tracked as the
// bytes go by.
//
// The scanner checks the document's structure (one object with a "Records"
// array of objects, balanced brackets, terminated strings, no backslash
// outside a string in a nested value, commas and colons at the levels it
// reads), not the syntax of every number or literal inside a record: a
// file that encoding/json accepts, it reads the same.
//
// Each chunk of at least minIndexed bytes is first indexed (structIndex):
// where strings may end and where brackets stand outside strings, 64 bytes
// at a time. The fast path through a record's fields and the skip of
// nested values go from mark to mark; the byte-by-byte state machine reads
// what they leave (white space, escapes in kept values, values crossing
// chunks) and short chunks.
type Scanner struct {
	st  state
	ret state
	off int64 // stream offset of the current chunk's first byte
	err error

	esc     bool // the next string byte is escaped
	key     [maxKey]byte
	keyN    int
	keyOver bool
	keyEsc  bool

	isRecords   bool
	seenRecords bool

	depth int
	stack []uint64 // one bit per nesting level: 1 for '[', 0 for '{'

	recStart int64
	field    int
	vals     [nFields]value

	stats         FileStats
	kinds         [8]int64       // the file's records by Kind, into stats at Close
	first, last   [maxValue]byte // smallest and largest eventTime
	firstN, lastN int
	times         timeRange // first and last, while every eventTime has timeLen bytes
	sources       tally
	accts         tally
	regions       tally
	byEvent       eventTally
	sigs          sigTable

	ix          structIndex // of the chunk being written
	walk        *memberWalk // the assembly's walk through the chunk, kept across files
	results     results     // the next files' FileStats, kept across files
	capped      cappedScan  // Scan's writer to the scanner
	goWalk      bool        // walk every member in Go (tests)
	walkFound   int         // records whose signature the assembly found (tests)
	alwaysIndex bool        // index chunks of any length (tests)
}

// NewScanner returns a scanner at the start of a file.
func NewScanner() *Scanner {
	return &Scanner{field: fNone}
}

// scannerPool keeps scanners, with their tallies' slots, across files.
var scannerPool kept[Scanner]

// reset puts s back at the start of a file, keeping its allocations.
func (s *Scanner) reset() {
	stack, ixm, walk, res := s.stack, s.ix.m, s.walk, s.results
	src, acct, reg, ev, sigs := s.sources, s.accts, s.regions, s.byEvent, s.sigs
	// A signature holds slots: it goes when any of them does.
	t1, t2, t3, t4 := src.reset(), acct.reset(), reg.reset(), ev.reset()
	if t1 || t2 || t3 || t4 || len(sigs.rows) >= maxSigs {
		sigs.clear()
	}
	var bufs [nFields]*[maxValue]byte
	for f := range s.vals {
		bufs[f] = s.vals[f].b
	}
	*s = Scanner{field: fNone, stack: stack, sources: src, accts: acct, regions: reg, byEvent: ev, sigs: sigs, walk: walk, results: res}
	for f := range s.vals {
		s.vals[f].b = bufs[f]
	}
	s.ix.m = ixm
}

func (s *Scanner) fail(i int, format string, args ...any) error {
	s.err = &ScanError{Offset: s.off + int64(i), Msg: fmt.Sprintf(format, args...)}
	return s.err
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func show(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", string(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// Write scans the next chunk of the decompressed file. It never keeps p.
func (s *Scanner) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n := len(p)
	s.ix.ok = false
	if n >= minIndexed || s.alwaysIndex {
		s.ix.build(p, s.inStringState(), s.esc)
	}
	i := 0
	for i < n {
		c := p[i]
		switch s.st {
		case stStart:
			switch {
			case isSpace(c):
				i++
			case c == '{':
				s.st = stTopFirst
				i++
			default:
				return 0, s.fail(i, `not a CloudTrail log file: expected {"Records":[...]}, found %s`, show(c))
			}
		case stTopFirst, stTopKey:
			switch {
			case isSpace(c):
				i++
			case c == '"':
				s.keyN, s.keyOver, s.keyEsc = 0, false, false
				s.st = stTopKeyStr
				i++
			case c == '}' && s.st == stTopFirst:
				s.st = stEnd
				i++
			default:
				return 0, s.fail(i, "expected a key in the top-level object, found %s", show(c))
			}
		case stTopKeyStr:
			j, done := s.inString(p, i, captureKey)
			i = j
			if done {
				s.isRecords = s.keyIs("Records")
				s.st = stTopColon
			}
		case stTopColon:
			switch {
			case isSpace(c):
				i++
			case c == ':':
				s.st = stTopValue
				i++
			default:
				return 0, s.fail(i, "expected ':' after a top-level key, found %s", show(c))
			}
		case stTopValue:
			if isSpace(c) {
				i++
				continue
			}
			if s.isRecords {
				if s.seenRecords {
					s.err = &ScanError{Offset: s.off + int64(i), Msg: ErrDuplicateRecords.Error(), Err: ErrDuplicateRecords}
					return 0, s.err
				}
				if c != '[' {
					return 0, s.fail(i, `"Records" is not an array (found %s)`, show(c))
				}
				s.seenRecords = true
				s.st = stRecsFirst
				i++
				continue
			}
			if err := s.startSkip(p, &i, stTopAfter); err != nil {
				return 0, err
			}
		case stTopAfter:
			switch {
			case isSpace(c):
				i++
			case c == ',':
				s.st = stTopKey
				i++
			case c == '}':
				s.st = stEnd
				i++
			default:
				return 0, s.fail(i, "expected ',' or '}' in the top-level object, found %s", show(c))
			}
		case stEnd:
			if !isSpace(c) {
				return 0, s.fail(i, "unexpected %s after the end of the log", show(c))
			}
			i++
		case stRecsFirst, stRecsNext:
			switch {
			case isSpace(c):
				i++
			case c == '{':
				s.startRecord(i)
				i++
			case c == ']' && s.st == stRecsFirst:
				s.st = stTopAfter
				i++
			default:
				return 0, s.fail(i, "Records[%d] is not an object (found %s)", s.stats.Events, show(c))
			}
		case stRecsAfter:
			switch {
			case isSpace(c):
				i++
			case c == ',':
				s.st = stRecsNext
				i++
			case c == ']':
				s.st = stTopAfter
				i++
			default:
				return 0, s.fail(i, "expected ',' or ']' after Records[%d], found %s", s.stats.Events-1, show(c))
			}
		case stRecFirst, stRecKey:
			switch {
			case isSpace(c):
				i++
			case c == '"':
				if j, err := s.fields(p, i); err != nil {
					return 0, err
				} else if j > i {
					i = j
					continue
				}
				s.keyN, s.keyOver, s.keyEsc = 0, false, false
				s.st = stRecKeyStr
				i++
			case c == '}' && s.st == stRecFirst:
				s.endRecord(i)
				i++
			default:
				return 0, s.fail(i, "Records[%d]: expected a key, found %s", s.stats.Events, show(c))
			}
		case stRecKeyStr:
			j, done := s.inString(p, i, captureKey)
			i = j
			if done {
				s.field = s.fieldOf()
				s.st = stRecColon
			}
		case stRecColon:
			switch {
			case isSpace(c):
				i++
			case c == ':':
				s.st = stRecValue
				i++
			default:
				return 0, s.fail(i, "Records[%d]: expected ':' after a key, found %s", s.stats.Events, show(c))
			}
		case stRecValue:
			if isSpace(c) {
				i++
				continue
			}
			if s.field == fNone {
				if err := s.startSkip(p, &i, stRecAfter); err != nil {
					return 0, err
				}
				continue
			}
			v := &s.vals[s.field]
			v.set, v.over, v.esc, v.lit, v.n, v.ref = false, false, false, false, 0, nil
			switch c {
			case '"':
				v.set = true
				s.st = stRecValStr
				i++
			case '{', '[':
				// A kept field with a structured value: treated as absent.
				if err := s.startSkip(p, &i, stRecAfter); err != nil {
					return 0, err
				}
			case '}', ']', ',', ':':
				return 0, s.fail(i, "Records[%d]: expected a value, found %s", s.stats.Events, show(c))
			default:
				v.set, v.lit = true, true
				s.st = stRecLit
			}
		case stRecValStr:
			j, done := s.inString(p, i, captureValue)
			i = j
			if done {
				s.st = stRecAfter
			}
		case stRecLit:
			j := i
			for j < n && !isDelim(p[j]) {
				j++
			}
			s.vals[s.field].add(p[i:j])
			i = j
			if j < n {
				s.st = stRecAfter
			}
		case stRecAfter:
			switch {
			case isSpace(c):
				i++
			case c == ',':
				s.st = stRecKey
				i++
			case c == '}':
				s.endRecord(i)
				i++
			default:
				return 0, s.fail(i, "Records[%d]: expected ',' or '}', found %s", s.stats.Events, show(c))
			}
		case stSkipStr:
			j, done := s.inString(p, i, captureNone)
			i = j
			if done {
				s.st = s.ret
			}
		case stNest:
			j, err := s.nest(p, i)
			if err != nil {
				return 0, err
			}
			i = j
		case stNestStr:
			j, done := s.inString(p, i, captureNone)
			i = j
			if done {
				s.st = stNest
			}
		case stLit:
			j := i
			for j < n && !isDelim(p[j]) {
				j++
			}
			i = j
			if j < n {
				s.st = s.ret
			}
		}
	}
	// Values still held in p move into the scanner: the next chunk may
	// finish their record.
	for f := range s.vals {
		if v := &s.vals[f]; v.ref != nil {
			v.n = copy(v.buf()[:], v.ref)
			v.ref = nil
		}
	}
	s.off += int64(n)
	if s.inRecord() && s.off-s.recStart > MaxRecordBytes {
		s.err = &ScanError{Offset: s.recStart, Msg: fmt.Sprintf("a record longer than %s uncompressed (the cap on one record): refused", capSize(MaxRecordBytes)), Err: ErrInflationCap}
		return n, s.err
	}
	return n, nil
}

// inRecord is true inside a record: from its '{' to its '}'.
func (s *Scanner) inRecord() bool {
	switch s.st {
	case stRecFirst, stRecKey, stRecKeyStr, stRecColon, stRecValue, stRecValStr, stRecLit, stRecAfter:
		return true
	case stSkipStr, stNest, stNestStr:
		return s.ret >= stRecFirst && s.ret <= stRecAfter
	}
	return false
}

func isDelim(c byte) bool { return delims[c] }

// delims are the bytes that end a literal.
var delims = [256]bool{',': true, '}': true, ']': true, '{': true, '[': true, '"': true, ':': true, ' ': true, '\n': true, '\r': true, '\t': true}

// fields is the fast path through a record's fields, for compact JSON in
// an indexed chunk: at p[i], the opening quote of a key, it reads
// "key":value pairs while they hold no white space, no escape in a kept
// string and do not cross the chunk, taking string ends from the chunk's
// structural index one after the other. It returns where it stopped, with
// the state set to go on from there; it returns i, having changed nothing,
// when the first key is not plain (the state machine reads it then).
func (s *Scanner) fields(p []byte, i int) (int, error) {
	x := &s.ix
	if !x.ok || i >= x.bad {
		return i, nil
	}
	n := len(p)
	start := i
	// Closing quotes and backslashes after the key's opening quote: in
	// compact JSON without escapes they come as the key's end, then a
	// string value's end, then the next key's end.
	m := x.m[:nMasks*x.nb]
	cb, cw := x.from(mStop, i+1)
	w := s.walk
	// fresh: no member of the record is read yet, so that the assembly
	// walks it whole.
	fresh := s.st == stRecFirst
	asm := walkAsm && !s.goWalk
	if asm {
		if w == nil {
			w = new(memberWalk)
			s.walk = w
		}
		w.p, w.safe, w.m = &p[0], walkSafe(n, x.bad), &m[0]
		w.masks, w.c32 = &sigMasks, sigWordBytes
	}
	var ke, ve int
	for {
		if asm {
			// The members the assembly takes, then the one it leaves.
			w.i, w.cb, w.cw = i, cb, cw
			w.fresh, w.cache, w.rows = fresh, s.sigs.cache, nil
			if len(s.sigs.rows) > 0 {
				w.rows = &s.sigs.rows[0]
			}
			w.capBatch = min(len(w.batch), MaxDistinct-len(s.byEvent.used))
			end := walkMembers(w)
			s.countBatch(p, w)
			if end && fresh {
				s.endWalked(p, w, w.a)
			} else {
				s.takeKept(p, w)
				if end {
					s.endRecord(w.a)
				}
			}
			if end {
				if s.nextRecord(p, w.a) {
					i, start = w.a+3, w.a+3
					fresh = true
					cb, cw = w.cb, w.cw
					continue
				}
				return w.a + 1, nil
			}
			fresh = false
			if w.i != i {
				i = w.i
				cb, cw = x.from(mStop, i+1)
			}
		}
		ke, cb, cw = nextBit(m, mStop, cb, cw, n)
		// The key's closing quote, the colon and the value's first byte in
		// one load; near the chunk's end, the state machine reads on.
		var k4 uint32
		if ke+4 <= n {
			k4 = binary.LittleEndian.Uint32(p[ke:])
		}
		if uint16(k4) != '"'|':'<<8 {
			if i != start {
				s.st = stRecKey
			}
			return i, nil
		}
		f := fNone
		if keptKeyLengths>>(ke-i-1)&1 != 0 {
			f = fieldOfKey(p[i+1 : ke])
		}
		v := ke + 2
		var a int // just past the value
		switch ch := byte(k4 >> 16); {
		case ch == '"':
			ve, cb, cw = nextBit(m, mStop, cb, cw, n)
			if ve+4 <= n {
				// The closing quote and, most often, the comma and the next
				// key's opening quote, in one load.
				if v4 := binary.LittleEndian.Uint32(p[ve:]); v4&0xffffff == '"'|','<<8|'"'<<16 {
					if f != fNone {
						s.vals[f].refer(p[v+1:ve], false)
					}
					i = ve + 2
					continue
				}
			}
			if ve < n && p[ve] != '"' {
				// A backslash: the string holds an escape.
				if f != fNone {
					s.st, s.field = stRecValue, f
					return v, nil
				}
				ve = x.nextQuote(p, v+1)
				cb, cw = x.from(mStop, ve+1)
			}
			if ve >= n {
				s.st, s.field = stRecValue, f
				return v, nil
			}
			if f != fNone {
				s.vals[f].refer(p[v+1:ve], false)
			}
			a = ve + 1
		case ch == '{' || ch == '[':
			if f != fNone {
				s.vals[f].set = false
			}
			a = x.skipNested(p, v)
			if a < 0 {
				s.depth = 0
				if err := s.push(p, v, ch); err != nil {
					return v, err
				}
				s.st, s.ret = stNest, stRecAfter
				j, err := s.nest(p, v+1)
				if err != nil || s.st != stRecAfter {
					return j, err
				}
				a = j
			}
			cb, cw = x.from(mStop, a)
		default:
			// Most literals are true, false or null.
			e := v
			switch {
			case ch == 't' && v+4 < n && string(p[v:v+4]) == "true",
				ch == 'n' && v+4 < n && string(p[v:v+4]) == "null":
				e = v + 4
			case ch == 'f' && v+5 < n && string(p[v:v+5]) == "false":
				e = v + 5
			}
			if e == v || !isDelim(p[e]) {
				for e = v; e < n && !isDelim(p[e]); e++ {
				}
			}
			if e == n || e == v {
				s.st, s.field = stRecValue, f
				return v, nil
			}
			if f != fNone {
				s.vals[f].refer(p[v:e], true)
			}
			a = e
			if a >= x.bad {
				// A backslash in the literal: the index ends there.
				s.st = stRecAfter
				return a, nil
			}
		}
		if a+1 < n && binary.LittleEndian.Uint16(p[a:]) == ','|'"'<<8 {
			i = a + 1
			continue
		}
		if a < n && p[a] == '}' {
			s.endRecord(a)
			if s.nextRecord(p, a) {
				i, start = a+3, a+3
				fresh = true
				continue
			}
			return a + 1, nil
		}
		s.st = stRecAfter
		return a, nil
	}
}

// nextRecord starts the next record when, after the closing brace at
// p[a], its first key follows at once, at a+3.
func (s *Scanner) nextRecord(p []byte, a int) bool {
	if a+4 <= len(p) && binary.LittleEndian.Uint32(p[a:]) == '}'|','<<8|'{'<<16|'"'<<24 {
		s.startRecord(a + 2)
		return true
	}
	return false
}

// skipNested returns the index just past the nested value that opens at
// p[v], going from bracket to bracket with the levels' kinds in one word
// (1 for '['); or -1 for a value deeper than 64 levels, not closed in the
// chunk, or with a mismatched bracket, which nest then reads.
func (x *structIndex) skipNested(p []byte, v int) int {
	m := x.m[:nMasks*x.nb]
	b, w := x.from(mBracket, v+1)
	d, kinds := 1, uint64(p[v]>>5&1^1)
	for {
		var j int
		j, b, w = nextBit(m, mBracket, b, w, x.n)
		if j >= x.bad {
			return -1
		}
		c := p[j]
		if c|0x20 == '{' { // '{' or '['
			if d == 64 {
				return -1
			}
			kinds = kinds&^(1<<d) | uint64(c>>5&1^1)<<d
			d++
			continue
		}
		d--
		if kinds>>d&1 != uint64(c>>5&1^1) {
			return -1
		}
		if d == 0 {
			return j + 1
		}
	}
}

// keptKeyLengths has bit k set when a field kept is named by k bytes.
const keptKeyLengths = 1<<8 | 1<<9 | 1<<11 | 1<<13 | 1<<15 | 1<<18

// fieldOfKey is fieldOf for a plain key (no escape).
func fieldOfKey(k []byte) int {
	switch len(k) {
	case 8:
		if string(k) == "readOnly" {
			return fReadOnly
		}
	case 9:
		switch string(k) {
		case "eventName":
			return fName
		case "eventType":
			return fType
		case "eventTime":
			return fTime
		case "awsRegion":
			return fRegion
		}
	case 11:
		if string(k) == "eventSource" {
			return fSource
		}
	case 13:
		if string(k) == "eventCategory" {
			return fCategory
		}
	case 15:
		if string(k) == "managementEvent" {
			return fManagement
		}
	case 18:
		if string(k) == "recipientAccountId" {
			return fAccount
		}
	}
	return fNone
}

// startSkip begins skipping the value at p[*i], then continues in state ret.
func (s *Scanner) startSkip(p []byte, i *int, ret state) error {
	c := p[*i]
	s.ret = ret
	switch c {
	case '"':
		s.st = stSkipStr
		*i++
	case '{', '[':
		s.depth = 0
		if err := s.push(p, *i, c); err != nil {
			return err
		}
		s.st = stNest
		*i++
	case '}', ']', ',', ':':
		return s.fail(*i, "expected a value, found %s", show(c))
	default:
		s.st = stLit
	}
	return nil
}

func (s *Scanner) push(p []byte, i int, c byte) error {
	d := s.depth
	if d >= maxDepth {
		return s.fail(i, "nested deeper than %d levels", maxDepth)
	}
	w := d >> 6
	for len(s.stack) <= w {
		s.stack = append(s.stack, 0)
	}
	bit := uint64(1) << (d & 63)
	if c == '[' {
		s.stack[w] |= bit
	} else {
		s.stack[w] &^= bit
	}
	s.depth = d + 1
	return nil
}

// nest skips through a nested value from p[i], outside strings, until the
// value closes (then state ret) or the chunk ends.
func (s *Scanner) nest(p []byte, i int) (int, error) {
	if s.ix.ok && i < s.ix.bad {
		return s.nestIndexed(p, i)
	}
	n := len(p)
	for i < n {
		c := p[i]
		i++
		switch c {
		case '"':
			j, done := s.inString(p, i, captureNone)
			if !done {
				s.st = stNestStr
				return j, nil
			}
			i = j
		case '\\':
			return i, s.fail(i-1, "unexpected %s outside a string", show(c))
		case '{', '[':
			if err := s.push(p, i-1, c); err != nil {
				return i, err
			}
		case '}', ']':
			if done, err := s.pop(i-1, c); err != nil || done {
				return i, err
			}
		}
	}
	return i, nil
}

// nestIndexed is nest going from bracket to bracket through the chunk's
// structural index, never reading the bytes between them.
func (s *Scanner) nestIndexed(p []byte, i int) (int, error) {
	x := &s.ix
	m := x.m[:nMasks*x.nb]
	cb, cw := x.from(mBracket, i)
	// The first 64 levels of the bracket stack stay in low here; push and
	// pop handle deeper ones in s.stack.
	if len(s.stack) == 0 {
		s.stack = append(s.stack, 0)
	}
	d, low := s.depth, s.stack[0]
	var j int
	for {
		j, cb, cw = nextBit(m, mBracket, cb, cw, x.n)
		if j >= x.bad {
			break
		}
		c := p[j]
		if c|0x20 == '{' { // '{' or '['
			if d < 64 {
				low = low&^(1<<d) | uint64(c>>5&1^1)<<d // 1 for '[' (0x5b), 0 for '{' (0x7b)
				d++
				continue
			}
			s.stack[0], s.depth = low, d
			if err := s.push(p, j, c); err != nil {
				return j + 1, err
			}
			d = s.depth
			continue
		}
		if d > 64 {
			s.stack[0], s.depth = low, d
			if done, err := s.pop(j, c); err != nil || done {
				return j + 1, err
			}
			d = s.depth
			continue
		}
		d--
		if low>>d&1 != uint64(c>>5&1^1) { // ']' (0x5d) closes a 1, '}' (0x7d) a 0
			s.stack[0], s.depth = low, d+1
			return j + 1, s.fail(j, "mismatched %s", show(c))
		}
		if d == 0 {
			s.stack[0], s.depth, s.st = low, 0, s.ret
			return j + 1, nil
		}
	}
	s.stack[0], s.depth = low, d
	if x.bad < x.n {
		return x.bad, s.fail(x.bad, "unexpected %s outside a string", show('\\'))
	}
	if x.endStr {
		s.st, s.esc = stNestStr, x.endEsc
	}
	return x.n, nil
}

// pop closes the innermost open bracket with c, at p[i]; done is true when
// that ends the nested value (the state is then ret).
func (s *Scanner) pop(i int, c byte) (done bool, err error) {
	d := s.depth - 1
	open := s.stack[d>>6]&(uint64(1)<<(d&63)) != 0
	if open != (c == ']') {
		return false, s.fail(i, "mismatched %s", show(c))
	}
	s.depth = d
	if d == 0 {
		s.st = s.ret
		return true, nil
	}
	return false, nil
}

// inStringState reports whether the scanner stands inside a string.
func (s *Scanner) inStringState() bool {
	switch s.st {
	case stTopKeyStr, stRecKeyStr, stRecValStr, stSkipStr, stNestStr:
		return true
	}
	return false
}

// stringStop returns the index of the first '"' or '\\' at or after p[i],
// inside a string with no escape pending, or len(p).
func (s *Scanner) stringStop(p []byte, i int) int {
	if s.ix.ok && i < s.ix.bad {
		return s.ix.next(mStop, i)
	}
	return scanString(p, i)
}

type captureMode uint8

const (
	captureNone captureMode = iota
	captureKey
	captureValue
)

// inString advances through string content from p[i] (just after the
// opening quote, or where the previous chunk left off). It returns the index
// just past the closing quote and true, or len(p) and false when the chunk
// ends inside the string.
func (s *Scanner) inString(p []byte, i int, mode captureMode) (int, bool) {
	if !s.esc {
		// Fast path: no escape before the closing quote, within the chunk.
		j := s.stringStop(p, i)
		if j < len(p) && p[j] == '"' {
			switch mode {
			case captureKey:
				if s.keyN+j-i > maxKey {
					s.keyOver = true
				} else {
					s.keyN += copy(s.key[s.keyN:], p[i:j])
				}
			case captureValue:
				s.vals[s.field].add(p[i:j])
			}
			return j + 1, true
		}
	}
	return s.inStringSlow(p, i, mode)
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// scanString returns the index of the first '"' or '\\' at or after p[i],
// or len(p), reading eight bytes at a time.
func scanString(p []byte, i int) int {
	for ; i+8 <= len(p); i += 8 {
		w := binary.LittleEndian.Uint64(p[i:])
		q := w ^ (lsb * '"')
		b := w ^ (lsb * '\\')
		// A byte of q or b is zero where w holds '"' or '\\'; the lowest
		// flagged byte is exact (borrows only flag bytes above it).
		if m := ((q-lsb)&^q | (b-lsb)&^b) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(p); i++ {
		if c := p[i]; c == '"' || c == '\\' {
			return i
		}
	}
	return len(p)
}

// inStringSlow is inString for strings with escapes or that cross chunks.
func (s *Scanner) inStringSlow(p []byte, i int, mode captureMode) (int, bool) {
	start := i
	if s.esc {
		s.esc = false
		i++
	}
	from := i
	for {
		if from > len(p) {
			from = len(p)
		}
		q := bytes.IndexByte(p[from:], '"')
		if q < 0 {
			k := len(p) - 1
			for k >= from && p[k] == '\\' {
				k--
			}
			s.esc = (len(p)-1-k)&1 == 1
			s.capture(mode, p[start:])
			return len(p), false
		}
		q += from
		k := q - 1
		for k >= from && p[k] == '\\' {
			k--
		}
		if (q-1-k)&1 == 0 {
			s.capture(mode, p[start:q])
			return q + 1, true
		}
		from = q + 1
	}
}

func (s *Scanner) capture(mode captureMode, b []byte) {
	switch mode {
	case captureKey:
		if s.keyOver || s.keyN+len(b) > maxKey {
			s.keyOver = true
			return
		}
		s.keyN += copy(s.key[s.keyN:], b)
		if bytes.IndexByte(b, '\\') >= 0 {
			s.keyEsc = true
		}
	case captureValue:
		s.vals[s.field].add(b)
	}
}

// add appends to the value; past maxValue it keeps the first maxValue
// bytes (enough to classify an event name by its prefix) and marks it over.
func (v *value) add(b []byte) {
	if v.n+len(b) > maxValue {
		v.over = true
	}
	if !v.lit && bytes.IndexByte(b, '\\') >= 0 {
		v.esc = true
	}
	v.n += copy(v.buf()[v.n:], b)
}

// keyIs reports whether the key just read is name.
func (s *Scanner) keyIs(name string) bool {
	if s.keyOver {
		return false
	}
	k := s.key[:s.keyN]
	if s.keyEsc {
		return unescape(k) == name
	}
	return string(k) == name
}

func (s *Scanner) fieldOf() int {
	if s.keyOver {
		return fNone
	}
	k := s.key[:s.keyN]
	if s.keyEsc {
		k = []byte(unescape(k))
	}
	switch string(k) {
	case "eventCategory":
		return fCategory
	case "managementEvent":
		return fManagement
	case "readOnly":
		return fReadOnly
	case "eventType":
		return fType
	case "eventSource":
		return fSource
	case "eventName":
		return fName
	case "recipientAccountId":
		return fAccount
	case "awsRegion":
		return fRegion
	case "eventTime":
		return fTime
	}
	return fNone
}

// unescape decodes the content of a JSON string holding escapes; it is the
// rare path (CloudTrail escapes almost nothing in the fields kept).
func unescape(raw []byte) string {
	q := make([]byte, 0, len(raw)+2)
	q = append(q, '"')
	q = append(q, raw...)
	q = append(q, '"')
	var out string
	if err := json.Unmarshal(q, &out); err != nil {
		return string(raw)
	}
	return out
}

func (s *Scanner) startRecord(i int) {
	s.recStart = s.off + int64(i)
	for f := range s.vals {
		s.vals[f].set = false
	}
	s.st = stRecFirst
}

// strBytes returns a kept string field's value; nil when it is absent or
// not a string. Of a value longer than maxValue it returns the first bytes,
// which equal none of the values the rules compare with.
func (s *Scanner) strBytes(f int) []byte {
	v := &s.vals[f]
	switch {
	case !v.set || v.lit:
		return nil
	case v.esc:
		return []byte(unescape(v.bytes()))
	}
	return v.bytes()
}

var tooLong = []byte("(too long)")

// boolean returns a kept field's truth value: the literals true and false,
// or the strings "true" and "false" some producers write.
func (s *Scanner) boolean(f int) (val, ok bool) {
	v := &s.vals[f]
	if !v.set || v.over {
		return false, false
	}
	switch string(v.bytes()) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

func (s *Scanner) endRecord(i int) {
	size := s.off + int64(i) - s.recStart + 1
	kind := s.countRecord(size)
	var t []byte
	if !s.vals[fTime].over {
		t = s.strBytes(fTime)
	}
	s.counted(kind, size, t)
}

// counted adds a record to the file's counts: its kind, its size and its
// eventTime (nil when absent, not a string or too long).
func (s *Scanner) counted(kind Kind, size int64, t []byte) {
	st := &s.stats
	st.Events++
	st.EventBytes += size
	s.st = stRecsAfter
	s.kinds[kind&7]++ // by index, not a switch: kinds alternate unpredictably
	s.countTime(t)
}

// countTime takes a record's eventTime (nil when absent, not a string or
// too long) into the file's earliest and latest.
func (s *Scanner) countTime(t []byte) {
	switch {
	case len(t) == timeLen && (s.lastN == 0 || s.times.on):
		s.times.add(t)
		s.firstN, s.lastN = timeLen, timeLen
	case len(t) > 0:
		s.timeBytes()
		// A new latest time is not the earliest.
		switch {
		case s.lastN == 0:
			s.firstN = copy(s.first[:], t)
			s.lastN = copy(s.last[:], t)
		case compareBytes(t, s.last[:s.lastN]) > 0:
			s.lastN = copy(s.last[:], t)
		case compareBytes(t, s.first[:s.firstN]) < 0:
			s.firstN = copy(s.first[:], t)
		}
	}
}

// timeLen is the length of an eventTime as CloudTrail writes it,
// 2026-01-02T03:04:05Z.
const timeLen = 20

// timeRange is the earliest and latest of eventTimes of timeLen bytes,
// each as three big-endian words (the last holding bytes 16 to 19), so
// that they compare as the bytes do. Records do not come in time order
// (under a third of the real logs' records is a new latest), so the
// earliest and latest are chosen by mask, not by a branch that would
// follow them.
type timeRange struct {
	on         bool
	f0, f1, f2 uint64 // the earliest
	l0, l1, l2 uint64 // the latest
}

func (r *timeRange) add(t []byte) {
	a0, a1, a2 := timeWords(t)
	if !r.on {
		r.on = true
		r.f0, r.f1, r.f2, r.l0, r.l1, r.l2 = a0, a1, a2, a0, a1, a2
		return
	}
	r.f0, r.f1, r.f2 = earlier(a0, a1, a2, r.f0, r.f1, r.f2)
	r.l0, r.l1, r.l2 = later(a0, a1, a2, r.l0, r.l1, r.l2)
}

// timeWords is an eventTime of timeLen bytes as three big-endian words.
func timeWords(t []byte) (a0, a1, a2 uint64) {
	be := binary.BigEndian
	t = t[:timeLen]
	return be.Uint64(t), be.Uint64(t[8:]), uint64(be.Uint32(t[16:]))
}

// earlier is the earlier of times a and b, as words, chosen by mask.
func earlier(a0, a1, a2, b0, b1, b2 uint64) (uint64, uint64, uint64) {
	m := -before(a0, a1, a2, b0, b1, b2) // all ones when a comes first
	return b0 ^ (a0^b0)&m, b1 ^ (a1^b1)&m, b2 ^ (a2^b2)&m
}

// later is the later of times a and b, as words, chosen by mask.
func later(a0, a1, a2, b0, b1, b2 uint64) (uint64, uint64, uint64) {
	m := -before(b0, b1, b2, a0, a1, a2) // all ones when a comes last
	return b0 ^ (a0^b0)&m, b1 ^ (a1^b1)&m, b2 ^ (a2^b2)&m
}

// before is 1 when the number of words (a0, a1, a2), most significant
// first, is less than (b0, b1, b2), else 0: the borrow out of their
// subtraction, word by word from the least significant (three subtractions
// with borrow, where a comparison word by word takes a chain of branches
// or flags).
func before(a0, a1, a2, b0, b1, b2 uint64) uint64 {
	_, borrow := bits.Sub64(a2, b2, 0)
	_, borrow = bits.Sub64(a1, b1, borrow)
	_, borrow = bits.Sub64(a0, b0, borrow)
	return borrow
}

// timeBytes writes a timeRange kept as words to first and last, and
// leaves it for the comparison of bytes (an eventTime of another length,
// or the file's end).
func (s *Scanner) timeBytes() {
	r := &s.times
	if !r.on {
		return
	}
	be := binary.BigEndian
	be.PutUint64(s.first[:], r.f0)
	be.PutUint64(s.first[8:], r.f1)
	be.PutUint32(s.first[16:], uint32(r.f2))
	be.PutUint64(s.last[:], r.l0)
	be.PutUint64(s.last[8:], r.l1)
	be.PutUint32(s.last[16:], uint32(r.l2))
	r.on = false
}

// sameBytes is string(a) == string(b), comparing values of 8 to 32 bytes
// (account ids, regions, most sources) a word at a time without a call.
func sameBytes(a, b []byte) bool {
	n := len(a)
	if n != len(b) {
		return false
	}
	if n < 8 || n > 32 {
		return string(a) == string(b)
	}
	le := binary.LittleEndian
	if le.Uint64(a) != le.Uint64(b) || le.Uint64(a[n-8:]) != le.Uint64(b[n-8:]) {
		return false
	}
	return n <= 16 || le.Uint64(a[8:]) == le.Uint64(b[8:]) && le.Uint64(a[n-16:]) == le.Uint64(b[n-16:])
}

// compareBytes is bytes.Compare, comparing values of 16 to 24 bytes of the
// same length (event times, 20) a big-endian word at a time without a call.
func compareBytes(a, b []byte) int {
	n := len(a)
	if n != len(b) || n < 16 || n > 24 {
		return bytes.Compare(a, b)
	}
	be := binary.BigEndian
	x, y := be.Uint64(a), be.Uint64(b)
	if x == y {
		x, y = be.Uint64(a[8:]), be.Uint64(b[8:])
		if x == y {
			x, y = be.Uint64(a[n-8:]), be.Uint64(b[n-8:])
		}
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Close ends the file: it fails if the document is incomplete or is not a
// CloudTrail log, and returns what was counted.
func (s *Scanner) Close() (*FileStats, error) {
	if s.err != nil {
		return nil, s.err
	}
	switch {
	case s.st == stStart && s.off == 0:
		return nil, &ScanError{Offset: -1, Msg: "empty file"}
	case s.st == stStart:
		return nil, &ScanError{Offset: -1, Msg: "no JSON in the file (only white space)"}
	case s.st != stEnd:
		where := "the top-level object"
		if s.st >= stRecsFirst {
			where = fmt.Sprintf("Records[%d]", s.stats.Events)
			if s.st == stRecsFirst || s.st == stRecsNext || s.st == stRecsAfter {
				where = "the Records array"
			}
		}
		return nil, &ScanError{Offset: s.off, Msg: "unexpected end of file in " + where + " (truncated?)"}
	case !s.seenRecords:
		return nil, &ScanError{Offset: -1, Msg: `not a CloudTrail log file: no "Records" array in the top-level object`}
	}
	s.timeBytes()
	st := s.stats
	k := &s.kinds
	st.ManagementRead, st.ManagementWrite, st.Data = k[KindManagementRead], k[KindManagementWrite], k[KindData]
	st.Network, st.Insights, st.Aggregated = k[KindNetwork], k[KindInsight], k[KindAggregated]
	// One allocation for the three tallies' values and one for the times.
	var tb [2 * maxValue]byte
	n := copy(tb[:], s.first[:s.firstN])
	times := string(tb[:n+copy(tb[n:], s.last[:s.lastN])])
	st.FirstEventTime, st.LastEventTime = times[:n], times[n:]
	r := &s.results
	buf := carve(&r.tallies, s.sources.size()+s.accts.size()+s.regions.size(), 512)[:0]
	st.Sources = s.sources.result(buf)
	buf = buf[:len(st.Sources)]
	st.Accounts = s.accts.result(buf)
	buf = buf[:len(buf)+len(st.Accounts)]
	st.Regions = s.regions.result(buf)
	st.ByEvent = s.byEvent.result(carve(&r.events, len(s.byEvent.used), 256))
	st.UncompressedBytes = s.off
	out := &carve(&r.stats, 1, 32)[0]
	*out = st
	return out, nil
}

// results holds what the FileStats of the next files are made of, in
// blocks of many files' worth: a file's results then cost a fraction of an
// allocation, not four. What carve hands out is never written again, and
// a block lives as long as any FileStats made from it.
type results struct {
	stats   []FileStats
	tallies []Tally
	events  []EventTally
}

// carve takes n elements from the front of *free (capacity n: an append
// to them reallocates; never nil, as make would not be), after a new
// block of at least size elements when fewer than n are left.
func carve[T any](free *[]T, n, size int) []T {
	if n > len(*free) || *free == nil {
		*free = make([]T, max(n, size))
	}
	out := (*free)[:n:n]
	*free = (*free)[n:]
	return out
}

// keySlots gives each distinct key a slot, its number, kept across files:
// the same accounts, regions, sources and event names come back file after
// file, and a key's string is made once. A direct-mapped cache of slots
// (by a hash of a few words of the key) finds most keys without a map
// lookup, comparing the key's bytes in place.
type keySlots struct {
	index map[string]int32
	keys  []string // by slot
	keyb  [][]byte // by slot, the key's bytes
	cache *[nCache]int32
}

const nCache = 1024

// maxNames bounds the keys a scanner keeps across files, per table.
const maxNames = 4096

// cached returns the slot the cache holds at c for key, or -1.
func (k *keySlots) cached(c int, key []byte) int32 {
	if k.cache == nil {
		return -1
	}
	sl := k.cache[c] - 1 // the cache holds slot+1, 0 when empty
	if sl < 0 || !sameBytes(key, k.keyb[sl]) {
		return -1
	}
	return sl
}

// find returns key's slot and caches it at c; a key without one gets one
// unless full, and then find returns -1.
func (k *keySlots) find(c int, key []byte, full bool) int32 {
	if k.cache == nil {
		k.index, k.cache = map[string]int32{}, new([nCache]int32)
	}
	sl, ok := k.index[string(key)]
	if !ok {
		if full {
			return -1
		}
		sl = int32(len(k.keys))
		s := string(key)
		k.index[s] = sl
		k.keys = append(k.keys, s)
		k.keyb = append(k.keyb, []byte(s))
	}
	k.cache[c] = sl + 1
	return sl
}

// trim forgets every slot when there are more than maxNames, between
// files; it reports whether it did.
func (k *keySlots) trim() bool {
	if len(k.keys) <= maxNames {
		return false
	}
	clear(k.index)
	k.keys, k.keyb = k.keys[:0], k.keyb[:0]
	*k.cache = [nCache]int32{}
	return true
}

// tally counts string values: a count per slot, the slots counted in this
// file, and the value counted last, which records mostly repeat.
type tally struct {
	keySlots
	counts []int64 // by slot, this file's
	used   []int32 // the slots counted in this file, up to MaxDistinct
	other  int64   // values past MaxDistinct
	prev   int32   // the slot counted last, plus one
}

// reset empties the tally for the next file, keeping its slots unless
// there are too many; it reports whether it forgot them.
func (t *tally) reset() bool {
	for _, sl := range t.used {
		t.counts[sl] = 0
	}
	t.used, t.other, t.prev = t.used[:0], 0, 0
	if t.trim() {
		t.counts = t.counts[:0]
		return true
	}
	return false
}

// cacheSlot picks a value's place in the cache from its length and its
// first and last eight bytes (Fibonacci hashing, Knuth TAOCP 6.4).
func cacheSlot(b []byte) int {
	const phi = 0x9e3779b97f4a7c15
	h := uint64(len(b)) ^ first8(b)
	if len(b) >= 8 {
		h ^= binary.LittleEndian.Uint64(b[len(b)-8:]) * phi
	}
	return int(h * phi >> (64 - 10))
}

// first8 is the first eight bytes of b as a word, fewer when b is shorter.
func first8(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.LittleEndian.Uint64(b)
	}
	var w uint64
	for i, c := range b {
		w |= uint64(c) << (8 * i)
	}
	return w
}

// inc counts v and returns its slot, or -1 when it counted under OtherKey.
func (t *tally) inc(v *value) int32 {
	var b []byte
	switch {
	case !v.set || v.lit:
	case v.over:
		b = tooLong
	case v.esc:
		b = []byte(unescape(v.bytes()))
	default:
		b = v.bytes()
	}
	if p := t.prev - 1; p >= 0 && sameBytes(b, t.keyb[p]) {
		t.counts[p]++
		return p
	}
	c := cacheSlot(b)
	sl := t.cached(c, b)
	if sl < 0 {
		// A value new to this file past MaxDistinct others gets no slot.
		if sl = t.find(c, b, len(t.used) >= MaxDistinct); sl < 0 {
			t.other++
			return -1
		}
		for len(t.counts) <= int(sl) {
			t.counts = append(t.counts, 0)
		}
	}
	return t.incSlot(sl)
}

// incSlot counts the value of slot sl; it returns sl, or -1 when the value
// is new to this file past MaxDistinct others and counted under OtherKey.
func (t *tally) incSlot(sl int32) int32 {
	if t.counts[sl] == 0 {
		if len(t.used) >= MaxDistinct {
			t.other++
			return -1
		}
		t.used = append(t.used, sl)
	}
	t.counts[sl]++
	t.prev = sl + 1
	return sl
}

// result returns the counts by value.
// result appends the tally's values to buf and returns them (buf has room:
// see size).
func (t *tally) result(buf []Tally) []Tally {
	n := len(buf)
	for _, sl := range t.used {
		buf = append(buf, Tally{t.keys[sl], t.counts[sl]}) // one slot per value
	}
	if t.other > 0 {
		buf = append(buf, Tally{OtherKey, t.other})
	}
	return buf[n:len(buf):len(buf)]
}

// size is the number of values result gives.
func (t *tally) size() int {
	return len(t.used) + int(min(t.other, 1))
}

// TopSources returns the n sources with the most events, most first.
func TopSources(m map[string]int64, n int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

// tallyValue is a kept field's value as the tallies count it: empty when
// absent or not a string, "(too long)" past maxValue.
func (s *Scanner) tallyValue(f int) []byte {
	v := &s.vals[f]
	switch {
	case !v.set || v.lit:
		return nil
	case v.over:
		return tooLong
	case v.esc:
		return []byte(unescape(v.bytes()))
	}
	return v.bytes()
}

// eventTally counts events and bytes per kind, source and name, a count
// per slot (see keySlots) of the key eventKey(kind, source, name). A
// record finds its slot comparing its source and name with the key in
// place.
type eventTally struct {
	keySlots
	counts []EventCount // by slot, this file's
	used   []int32      // the slots counted in this file
	key    []byte
	evKeys []EventKey // by slot, the key as FileStats has it
}

func (t *eventTally) reset() bool {
	for _, sl := range t.used {
		t.counts[sl] = EventCount{}
	}
	t.used = t.used[:0]
	if t.trim() {
		t.counts, t.evKeys = t.counts[:0], t.evKeys[:0]
		return true
	}
	return false
}

// eventCacheSlot picks a key's place in the cache from its kind, the
// lengths of its source and name, and their first eight bytes and the
// name's last eight.
func eventCacheSlot(k Kind, source, name []byte) int {
	const phi = 0x9e3779b97f4a7c15
	h := uint64(k)<<16 ^ uint64(len(source))<<8 ^ uint64(len(name))
	h ^= first8(source)*phi ^ first8(name)
	if len(name) >= 8 {
		h ^= binary.LittleEndian.Uint64(name[len(name)-8:]) * phi
	}
	return int(h * phi >> (64 - 10))
}

// eventKey appends to b the slot key of kind, source and name: the kind,
// the source's length (at most maxValue), the source, the name.
func eventKey(b []byte, k Kind, source, name []byte) []byte {
	return append(append(append(b, byte(k), byte(len(source))), source...), name...)
}

// isKey reports whether key is eventKey(kind, source, name).
func isKey(key []byte, k Kind, source, name []byte) bool {
	ns := len(source)
	return len(key) == ns+len(name)+2 && key[0] == byte(k) && key[1] == byte(ns) &&
		sameBytes(source, key[2:2+ns]) && sameBytes(name, key[2+ns:])
}

// add counts an event and returns its key's slot, or -1 when it counted
// under OtherKey.
func (t *eventTally) add(k Kind, source, name []byte, size int64) int32 {
	c := eventCacheSlot(k, source, name)
	sl := int32(-1)
	if t.cache != nil {
		if e := t.cache[c] - 1; e >= 0 && isKey(t.keyb[e], k, source, name) {
			sl = e
		}
	}
	if sl < 0 {
		t.key = eventKey(t.key[:0], k, source, name)
		sl = t.find(c, t.key, len(t.used) >= MaxDistinct)
	}
	// Past MaxDistinct keys in a file, a new key counts under OtherKey.
	counted := sl
	if sl < 0 || len(t.used) >= MaxDistinct && (int(sl) >= len(t.counts) || t.counts[sl].Events == 0) {
		t.key = eventKey(t.key[:0], k, []byte(OtherKey), []byte(OtherKey))
		sl = t.find(eventCacheSlot(k, []byte(OtherKey), []byte(OtherKey)), t.key, false)
		counted = -1
	}
	for len(t.counts) <= int(sl) {
		k := t.keys[len(t.counts)]
		ns := int(k[1])
		t.evKeys = append(t.evKeys, EventKey{Kind: Kind(k[0]), Source: k[2 : 2+ns], Name: k[2+ns:]})
		t.counts = append(t.counts, EventCount{})
	}
	e := &t.counts[sl]
	if e.Events == 0 {
		t.used = append(t.used, sl)
	}
	e.Events++
	e.Bytes += size
	return counted
}

// addSlot counts an event of the key in slot sl, and reports false, having
// counted nothing, when the key is new to this file past MaxDistinct
// others (add counts it then).
func (t *eventTally) addSlot(sl int32, size int64) bool {
	e := &t.counts[sl]
	if e.Events == 0 {
		if len(t.used) >= MaxDistinct {
			return false
		}
		t.used = append(t.used, sl)
	}
	e.Events++
	e.Bytes += size
	return true
}

// result fills out, of len(t.used) elements, with the file's tallies.
func (t *eventTally) result(out []EventTally) []EventTally {
	for i, sl := range t.used {
		out[i] = EventTally{t.evKeys[sl], t.counts[sl]} // one slot per key
	}
	return out
}
