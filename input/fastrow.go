package input

import (
	"strconv"

	"github.com/trailwise/trailwise/model"
)

// fastRow reads one usage row, text encoding/json has already found valid,
// straight into a model.Usage, for the rows every collector writes: a flat
// object of the known keys, each once, the required ones present, strings
// without escapes, integers as plain digits. It says false for anything
// else, and the row is then read the careful way (readRow), which either
// accepts it or says exactly what is wrong: the fast way never decides
// that a row is wrong, so both ways accept and refuse the same rows.
func fastRow(b []byte, intern map[string]string) (model.Usage, bool) {
	var u model.Usage
	p := fastParser{b: b, intern: intern}
	if !p.byte('{') {
		return u, false
	}
	var seen uint32
	for first := true; ; first = false {
		if p.byte('}') {
			break
		}
		if !first && !p.byte(',') {
			return u, false
		}
		k, ok := p.rawString()
		if !ok || !p.byte(':') {
			return u, false
		}
		bit, ok := p.field(&u, k)
		if !ok || seen&bit != 0 {
			return u, false
		}
		seen |= bit
	}
	const required = 1<<13 - 1&^(1<<fAggregated|1<<fRelErr)
	return u, seen&required == required
}

// The usage row's fields, as bits of the set fastRow has seen.
const (
	fAccount = iota
	fRegion
	fDay
	fRead
	fWrite
	fData
	fNetwork
	fInsights
	fEventBytes
	fStoredBytes
	fLogFiles
	fSource
	fMeasured
	fAggregated
	fRelErr
)

type fastParser struct {
	b      []byte
	i      int
	intern map[string]string
}

// field reads key k's value into u; its bit, or false.
func (p *fastParser) field(u *model.Usage, k []byte) (uint32, bool) {
	var ok bool
	switch string(k) {
	case "account":
		u.Account, ok = p.str()
		return 1 << fAccount, ok
	case "region":
		u.Region, ok = p.str()
		return 1 << fRegion, ok
	case "day":
		u.Day, ok = p.str()
		return 1 << fDay, ok
	case "source":
		u.Source, ok = p.str()
		return 1 << fSource, ok
	case "measured":
		u.Measured, ok = p.boolean()
		return 1 << fMeasured, ok
	case "relative_error":
		var f float64
		if f, ok = p.float(); ok {
			u.RelativeError = &f
		}
		return 1 << fRelErr, ok
	}
	slot, bit := p.countSlot(u, k)
	if slot == nil {
		return 0, false
	}
	*slot, ok = p.integer()
	return bit, ok
}

func (p *fastParser) countSlot(u *model.Usage, k []byte) (*int64, uint32) {
	switch string(k) {
	case "management_read_events":
		return &u.ManagementReadEvents, 1 << fRead
	case "management_write_events":
		return &u.ManagementWriteEvents, 1 << fWrite
	case "data_events":
		return &u.DataEvents, 1 << fData
	case "network_events":
		return &u.NetworkEvents, 1 << fNetwork
	case "insights_events":
		return &u.InsightsEvents, 1 << fInsights
	case "aggregated_events":
		return &u.AggregatedEvents, 1 << fAggregated
	case "event_bytes":
		return &u.EventBytes, 1 << fEventBytes
	case "stored_bytes":
		return &u.StoredBytes, 1 << fStoredBytes
	case "log_files":
		return &u.LogFiles, 1 << fLogFiles
	}
	return nil, 0
}

func (p *fastParser) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
}

// byte skips space and c, if c is next.
func (p *fastParser) byte(c byte) bool {
	p.space()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// rawString is the text of a string without escapes.
func (p *fastParser) rawString() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) && p.b[p.i] != '"' {
		if c := p.b[p.i]; c == '\\' || c < 0x20 || c >= 0x80 {
			return nil, false // escapes, control characters (invalid) and UTF-8: the careful way
		}
		p.i++
	}
	if p.i == len(p.b) {
		return nil, false
	}
	p.i++
	return p.b[start : p.i-1], true
}

// str is a string value, shared with every equal one read before.
func (p *fastParser) str() (string, bool) {
	raw, ok := p.rawString()
	if !ok {
		return "", false
	}
	if s, ok := p.intern[string(raw)]; ok { // a lookup that does not allocate
		return s, true
	}
	s := string(raw)
	p.intern[s] = s
	return s, true
}

func (p *fastParser) boolean() (bool, bool) {
	p.space()
	switch {
	case len(p.b)-p.i >= 4 && string(p.b[p.i:p.i+4]) == "true":
		p.i += 4
		return true, true
	case len(p.b)-p.i >= 5 && string(p.b[p.i:p.i+5]) == "false":
		p.i += 5
		return false, true
	}
	return false, false
}

// integer reads up to 18 plain digits (no sign, fraction or exponent),
// which cannot overflow.
func (p *fastParser) integer() (int64, bool) {
	p.space()
	start := p.i
	var n int64
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		n = n*10 + int64(p.b[p.i]-'0')
		p.i++
	}
	digits := p.i - start
	return n, digits > 0 && digits <= 18 && (digits == 1 || p.b[start] != '0') && p.i < len(p.b) && (p.b[p.i] == ',' || p.b[p.i] == '}' || isSpace(p.b[p.i]))
}

// float reads a number as strconv.ParseFloat does (the careful way's
// assign), never null.
func (p *fastParser) float() (float64, bool) {
	p.space()
	start := p.i
	for p.i < len(p.b) && (p.b[p.i] >= '0' && p.b[p.i] <= '9' || p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E' || p.b[p.i] == '+' || p.b[p.i] == '-') {
		p.i++
	}
	if !isJSONNumber(p.b[start:p.i]) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	return f, err == nil
}

// isJSONNumber says b is a number as JSON writes one (RFC 8259 §6):
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func isJSONNumber(b []byte) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i, n = i+1, n+1
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
