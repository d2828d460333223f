package collect

// A record's signature is what its kind and its counts depend on: its
// category, type, source, name, account and region, and whether
// managementEvent and readOnly are true, false or neither. A log holds few
// distinct signatures (262 in the 2,900 records of the real test logs), so
// a scanner classifies each once and keeps, with it, its slots in the four
// tallies: a record whose signature it has seen is counted by comparing
// its values with the signature's in place, with no classification and no
// lookup in each tally.

// sigFields are the kept string fields of a signature.
var sigFields = [...]int{fCategory, fType, fSource, fName, fAccount, fRegion}

// recordSig is a signature: its values (empty for a field absent or not a
// string), booleans (boolBits of managementEvent, then of readOnly), kind
// and tally slots.
type recordSig struct {
	vals               [len(sigFields)][]byte
	bools              uint8
	kind               Kind
	src, acct, reg, ev int32
}

// sigTable holds a scanner's signatures across files, up to maxSigs,
// found by a hash of their values in an open-addressed table (linear
// probing) kept at most a quarter full.
type sigTable struct {
	rows  []recordSig
	cache *[nSigCache]int32 // a row's index plus one, 0 when empty
}

const (
	maxSigs   = 1024
	nSigCache = 4 * maxSigs
)

func (t *sigTable) clear() {
	t.rows = t.rows[:0]
	if t.cache != nil {
		*t.cache = [nSigCache]int32{}
	}
}

// signature returns the record's signature values, booleans and cache
// place; ok is false when a value is escaped or too long, which only
// countSlow reads.
func (s *Scanner) signature() (vals [len(sigFields)][]byte, bools uint8, c int, ok bool) {
	for j, f := range sigFields {
		v := &s.vals[f]
		if v.set && !v.lit {
			if v.esc || v.over {
				return vals, 0, 0, false
			}
			vals[j] = v.bytes()
		}
	}
	bools = s.boolBits(fManagement)<<2 | s.boolBits(fReadOnly)
	return vals, bools, sigPlace(&vals, bools), true
}

// boolBits is a kept boolean's state in two bits: 0 absent or not a
// boolean, 2 false, 3 true.
func (s *Scanner) boolBits(f int) uint8 {
	if v := &s.vals[f]; v.set {
		return boolValueBits(v.bytes())
	}
	return 0
}

// boolValueBits is boolBits of a present value: the literals and the
// strings "true" and "false" count alike, as boolean has it (a value over
// maxValue bytes, cut there, is neither).
func boolValueBits(b []byte) uint8 {
	switch string(b) {
	case "true":
		return 3
	case "false":
		return 2
	}
	return 0
}

// sigPlace is a signature's place in the cache: a multiplicative hash of
// each value's length and first and last eight bytes, and of the booleans.
func sigPlace(vals *[len(sigFields)][]byte, bools uint8) int {
	const phi = 0x9e3779b97f4a7c15
	h := uint64(0)
	for _, b := range vals {
		w := uint64(len(b)) ^ first8(b)
		if len(b) > 8 {
			w ^= last8(b) << 7
		}
		h = (h ^ w) * phi
	}
	h ^= uint64(bools)
	return int(h * phi >> (64 - 12))
}

// last8 is the last eight bytes of b, of at least eight, as a word.
func last8(b []byte) uint64 {
	return uint64(b[len(b)-8]) | uint64(b[len(b)-7])<<8 | uint64(b[len(b)-6])<<16 |
		uint64(b[len(b)-5])<<24 | uint64(b[len(b)-4])<<32 | uint64(b[len(b)-3])<<40 |
		uint64(b[len(b)-2])<<48 | uint64(b[len(b)-1])<<56
}

// countRecord classifies the record ended and counts it in the tallies,
// through its signature when the scanner has seen it.
func (s *Scanner) countRecord(size int64) Kind {
	vals, bools, c, ok := s.signature()
	if !ok {
		return s.countSlow(size)
	}
	r, c := s.sigs.find(&vals, bools, c)
	if r == nil {
		return s.countNew(vals, bools, c, size)
	}
	if s.countSig(r, size) {
		return r.kind
	}
	return s.countSlow(size)
}

// find returns the signature with these values and booleans, probing from
// place c; or nil and the empty place its probe ended at.
func (t *sigTable) find(vals *[len(sigFields)][]byte, bools uint8, c int) (*recordSig, int) {
	if t.cache == nil {
		t.cache = new([nSigCache]int32)
	}
	for ; ; c = (c + 1) & (nSigCache - 1) {
		r := t.cache[c] - 1
		if r < 0 {
			return nil, c
		}
		if t.rows[r].is(vals, bools) {
			return &t.rows[r], c
		}
	}
}

// is reports whether the signature has these values and booleans.
func (r *recordSig) is(vals *[len(sigFields)][]byte, bools uint8) bool {
	if r.bools != bools {
		return false
	}
	for j := range vals {
		if !sameBytes(vals[j], r.vals[j]) {
			return false
		}
	}
	return true
}

// countSig counts a record of signature r; it reports false, having
// counted nothing, when the record's event key is new to this file past
// MaxDistinct others (countSlow counts it then).
func (s *Scanner) countSig(r *recordSig, size int64) bool {
	if !s.byEvent.addSlot(r.ev, size) {
		return false
	}
	s.sources.incSlot(r.src)
	s.accts.incSlot(r.acct)
	s.regions.incSlot(r.reg)
	return true
}

// countNew counts a record of a signature not in the table, and keeps the
// signature at c, the empty place its probe ended at, when every tally
// gave it a slot and the table has room.
func (s *Scanner) countNew(vals [len(sigFields)][]byte, bools uint8, c int, size int64) Kind {
	kind, ev, src, acct, reg := s.countTallies(size)
	t := &s.sigs
	if ev < 0 || src < 0 || acct < 0 || reg < 0 || len(t.rows) >= maxSigs {
		return kind
	}
	r := recordSig{bools: bools, kind: kind, src: src, acct: acct, reg: reg, ev: ev}
	n := 0
	for _, b := range vals {
		n += len(b)
	}
	buf := make([]byte, 0, n)
	for j, b := range vals {
		buf = append(buf, b...)
		r.vals[j] = buf[len(buf)-len(b):]
	}
	t.rows = append(t.rows, r)
	t.cache[c] = int32(len(t.rows))
	return kind
}

// countSlow classifies and counts a record without its signature.
func (s *Scanner) countSlow(size int64) Kind {
	kind, _, _, _, _ := s.countTallies(size)
	return kind
}

// countTallies classifies the record and counts it in each tally, and
// returns its kind and slots (-1 for one counted under OtherKey).
func (s *Scanner) countTallies(size int64) (kind Kind, ev, src, acct, reg int32) {
	mgmt, mgmtOK := s.boolean(fManagement)
	ro, roOK := s.boolean(fReadOnly)
	kind = classify(s.strBytes(fCategory), mgmt, mgmtOK, s.strBytes(fType), s.strBytes(fSource), s.strBytes(fName), ro, roOK)
	ev = s.byEvent.add(kind, s.tallyValue(fSource), s.tallyValue(fName), size)
	src = s.sources.inc(&s.vals[fSource])
	acct = s.accts.inc(&s.vals[fAccount])
	reg = s.regions.inc(&s.vals[fRegion])
	return kind, ev, src, acct, reg
}
