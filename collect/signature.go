package collect

import (
	"encoding/binary"
	"math/bits"
)

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

// recordSig is a signature: its key, the bytes of its values too long for
// the key's words, kind and tally slots. The key comes first: the
// assembly walk compares a record's key with it in place.
type recordSig struct {
	key                sigKey
	long               []byte // the values over sigWordBytes, one after the other
	kind               Kind
	src, acct, reg, ev int32
}

// sigKey is what a signature is found and compared by: each value's length
// and first sigWordBytes bytes as four words, zero past its end, and the
// booleans (boolBits of managementEvent, then of readOnly). Values that
// long or shorter (all but the longest sources and names) are compared by
// their words alone, longer ones byte for byte as well.
//
// A key has a slot more than a signature has values: the assembly walk
// writes the words of kept strings that are not in the signature
// (eventTime) there, so that it need not branch; nothing reads that slot.
type sigKey struct {
	words [len(sigFields) + 1][4]uint64
	lens  [len(sigFields) + 1]uint16
	bools uint8
}

const sigWordBytes = 32

// sigSpare is a sigKey's spare slot.
const sigSpare = len(sigFields)

// sigSlots is each kept field's slot in a sigKey.
var sigSlots = func() (t [nFields]int) {
	for f := range t {
		t[f] = sigSpare
	}
	for j, f := range sigFields {
		t[f] = j
	}
	return t
}()

// sigMasks[n] keeps the first n bytes of sigWordBytes, four words.
var sigMasks = func() (m [sigWordBytes + 1][4]uint64) {
	for n := range m {
		for k := range n {
			m[n][k/8] |= 0xff << (8 * (k % 8))
		}
	}
	return m
}()

// setValue sets the key's value j to b, of at most maxValue bytes.
func (k *sigKey) setValue(j int, b []byte) {
	var pad [sigWordBytes]byte
	copy(pad[:], b)
	k.lens[j] = uint16(len(b))
	k.words[j] = [4]uint64{binary.LittleEndian.Uint64(pad[:]), binary.LittleEndian.Uint64(pad[8:]),
		binary.LittleEndian.Uint64(pad[16:]), binary.LittleEndian.Uint64(pad[24:])}
}

// sigPhi is the multiplier of sigKey.place (2^64 over the golden ratio).
const sigPhi = 0x9e3779b97f4a7c15

// sigSlotRot rotates each slot's words, and sigLaneRot the words' four
// lanes, before sigKey.place folds them: equal values in two slots, or
// two words of a value, do not cancel. The assembly walk takes the same
// rotations from these constants (go_asm.h).
const (
	sigSlotRot1, sigSlotRot2, sigSlotRot3, sigSlotRot4, sigSlotRot5 = 7, 19, 29, 41, 53
	sigLaneRot1, sigLaneRot2, sigLaneRot3                           = 21, 42, 11
)

var (
	sigSlotRot = [len(sigFields)]int{0, sigSlotRot1, sigSlotRot2, sigSlotRot3, sigSlotRot4, sigSlotRot5}
	sigLaneRot = [4]int{0, sigLaneRot1, sigLaneRot2, sigLaneRot3}
)

// place is the key's place in the cache: its words rotated and folded by
// XOR (the assembly walk does the four lanes at once), then, with its
// lengths and booleans, a multiplicative hash (Knuth, TAOCP vol. 3, 6.4).
func (k *sigKey) place() int {
	var acc [4]uint64
	for j, r := range sigSlotRot {
		for l := range acc {
			acc[l] ^= bits.RotateLeft64(k.words[j][l], r)
		}
	}
	var h uint64
	for l, r := range sigLaneRot {
		h ^= bits.RotateLeft64(acc[l], r)
	}
	lo := uint64(k.lens[0]) | uint64(k.lens[1])<<16 | uint64(k.lens[2])<<32 | uint64(k.lens[3])<<48
	hi := uint64(k.lens[4]) | uint64(k.lens[5])<<16 | uint64(k.bools)<<32
	h = (h ^ lo) * sigPhi
	h = (h ^ hi) * sigPhi
	return int(h >> (64 - 12))
}

// same reports whether two keys are equal.
func (k *sigKey) same(o *sigKey) bool {
	if k.bools != o.bools {
		return false
	}
	for j := range len(sigFields) {
		if k.lens[j] != o.lens[j] || k.words[j] != o.words[j] {
			return false
		}
	}
	return true
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

// signature returns the record's signature key and values; ok is false
// when a value is escaped or too long, which only countSlow reads.
func (s *Scanner) signature() (k sigKey, vals [len(sigFields)][]byte, ok bool) {
	for j, f := range sigFields {
		v := &s.vals[f]
		if v.set && !v.lit {
			if v.esc || v.over {
				return k, vals, false
			}
			vals[j] = v.bytes()
			k.setValue(j, vals[j])
		}
	}
	k.bools = s.boolBits(fManagement)<<2 | s.boolBits(fReadOnly)
	return k, vals, true
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

// countRecord classifies the record ended and counts it in the tallies,
// through its signature when the scanner has seen it.
func (s *Scanner) countRecord(size int64) Kind {
	k, vals, ok := s.signature()
	if !ok {
		return s.countSlow(size)
	}
	r, c := s.sigs.find(&k, &vals)
	if r == nil {
		return s.countNew(&k, vals, c, size)
	}
	if s.countSig(r, size) {
		return r.kind
	}
	return s.countSlow(size)
}

// find returns the signature of key k and values vals (only those over
// sigWordBytes are read); or nil and the empty place its probe ended at.
func (t *sigTable) find(k *sigKey, vals *[len(sigFields)][]byte) (*recordSig, int) {
	if t.cache == nil {
		t.cache = new([nSigCache]int32)
	}
	for c := k.place(); ; c = (c + 1) & (nSigCache - 1) {
		r := t.cache[c] - 1
		if r < 0 {
			return nil, c
		}
		if t.rows[r].is(k, vals) {
			return &t.rows[r], c
		}
	}
}

// is reports whether the signature has key k and values vals.
func (r *recordSig) is(k *sigKey, vals *[len(sigFields)][]byte) bool {
	if !r.key.same(k) {
		return false
	}
	at := 0
	for j := range len(sigFields) {
		if n := int(k.lens[j]); n > sigWordBytes {
			if !sameBytes(vals[j], r.long[at:at+n]) {
				return false
			}
			at += n
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
func (s *Scanner) countNew(k *sigKey, vals [len(sigFields)][]byte, c int, size int64) Kind {
	kind, ev, src, acct, reg := s.countTallies(size)
	t := &s.sigs
	if ev < 0 || src < 0 || acct < 0 || reg < 0 || len(t.rows) >= maxSigs {
		return kind
	}
	r := recordSig{key: *k, kind: kind, src: src, acct: acct, reg: reg, ev: ev}
	for _, b := range vals {
		if len(b) > sigWordBytes {
			r.long = append(r.long, b...)
		}
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
