package collect

import (
	"encoding/binary"
	"math/bits"
)

// memberWalk is what the walk through a record's members in assembly
// (walkMembers, amd64) reads and leaves. It takes, from the key's opening
// quote at i, the members fields would take on its most common paths (a
// plain key, then a string without escape, a nested value it can skip, or
// true, false or null, then a comma and the next key, or the record's
// closing brace) and stops, changing nothing, at the first member it would
// not: fields reads that one. The Go walk in fields stays the reference
// (and the walk where there is no assembly); tests run the scanner with and
// without the assembly (Scanner.goWalk) and compare.
type memberWalk struct {
	p *byte   // the chunk
	m *uint64 // its structural index, nMasks words a block
	// safe is the first block the walk does not enter, as the offset of
	// its masks in the index (16 bytes a block): the blocks before it are
	// indexed true, and after any of their bytes the chunk has room for
	// what the walk reads without a bound (walkSafe).
	safe int
	i    int    // in: a key's opening quote; out: the member not taken
	cb   int    // in: the block of the next closing quote or backslash after i; out: after a
	cw   uint64 // ... and its bits not yet taken
	a    int    // out, when the record ended: its closing brace
	set  uint32 // out: the kept fields the walk found (bit f)
	lit  uint32 // ... of which literals
	at   [nFields][2]int32
	// litBools is boolBits of the kept literals, managementEvent's and
	// readOnly's zero at each record's start.
	litBools [nFields]uint8

	// key is the record's signature key as far as the walk read it: the
	// words and lengths of the signature's strings, in their slots
	// (keptKeys.slot; the words masked by masks = &sigMasks, c32 =
	// sigWordBytes); zero at each record's start, its booleans set at the
	// record's end.
	key   sigKey
	masks *[sigWordBytes + 1][4]uint64
	c32   int
	// When the record is fresh (the walk read it from its first key),
	// the walk looks its key up in the scanner's signatures (cache, rows)
	// at its end, as sigTable.find does, and leaves the row's index in
	// row, or -1: not found, or a key findWalked must finish (a value
	// over sigWordBytes, a signature value that is a literal, or a boolean
	// that is a string).
	fresh bool
	cache *[nSigCache]int32
	rows  *recordSig
	row   int32
	// batch holds the records the walk found the signature of and went
	// past, up to capBatch (which Go keeps under what MaxDistinct leaves
	// the file, so that each can be counted by its signature): fields
	// counts them after the call (countBatch).
	batch    [64]walkedRecord
	nbatch   int
	capBatch int
}

// walkSafe is memberWalk.safe for a chunk of n bytes. The walk checks no
// read against the chunk's length: from a mark it reads four bytes (a
// key's end and the colon, a value's end and what follows), from a key's
// opening quote its first eight bytes, from a value's start at most 32 (a
// kept string's words; a literal's five bytes and the two after it), and
// after a nested value only in a block it may enter. None goes past a
// block's last byte plus 32, so a block at b is safe when b+63+32 <= n.
// Nor does the walk compare a mark with bad, the first backslash outside a
// string (n when none), after which the index is not true: it enters no
// block from the one that holds it.
func walkSafe(n, bad int) int {
	end := min(n-94, bad&^63) // the blocks the walk enters start before it
	return max(0, (end+63)/64) * 16
}

// walkedRecord is a record the walk counted by its signature: the row,
// its closing brace, and its eventTime's start and end (0, 0 for none).
type walkedRecord struct {
	row, a, t0, t1 int32
}

// countBatch counts the records of the walk's batch, in order, as
// countSig and counted count a record, in one loop without their calls (a
// batch holds most of a file's records); the record after the last
// starts after its brace.
func (s *Scanner) countBatch(p []byte, w *memberWalk) {
	if w.nbatch == 0 {
		return
	}
	start := s.recStart
	tr := &s.times
	for _, b := range w.batch[:w.nbatch] {
		r := &s.sigs.rows[b.row]
		size := s.off + int64(b.a) - start + 1
		if !s.byEvent.addSlot(r.ev, size) {
			panic("collect: a batched record past MaxDistinct") // capBatch rules it out
		}
		s.sources.incSlot(r.src)
		s.accts.incSlot(r.acct)
		s.regions.incSlot(r.reg)
		s.stats.Events++
		s.stats.EventBytes += size
		s.kinds[r.kind&7]++
		if n := b.t1 - b.t0; n == timeLen && tr.on {
			a0, a1, a2 := timeWords(p[b.t0:b.t1])
			tr.f0, tr.f1, tr.f2 = earlier(a0, a1, a2, tr.f0, tr.f1, tr.f2)
			tr.l0, tr.l1, tr.l2 = later(a0, a1, a2, tr.l0, tr.l1, tr.l2)
		} else if n > 0 && n <= maxValue {
			s.countTime(p[b.t0:b.t1])
		}
		start = s.off + int64(b.a) + 2
	}
	s.recStart = start
	s.walkFound += w.nbatch
	s.startRecord(int(w.batch[w.nbatch-1].a) + 2)
	w.nbatch = 0
}

// sigFieldBits has bit f set for each field of a signature.
const sigFieldBits = 1<<fCategory | 1<<fType | 1<<fSource | 1<<fName | 1<<fAccount | 1<<fRegion

// keptKeyTable is the kept fields' names as the assembly looks them up,
// each in the place keptKeyPlace gives it (16 places, one array a part, so
// that the assembly reads each part by the place alone): a name's first
// and last eight bytes, bytes 8 to 15 for a name over 16 bytes, its
// length, its field and the field's slot in a signature key (sigSlots).
// No two names share a place, which keptKeysTable checks; an empty
// place's length is zero, which no key it is compared with has.
type keptKeyTable struct {
	first, last, mid [16]uint64
	n, f, slot       [16]int
}

// keyHashMul spreads the first eight bytes of the kept names over the 16
// places of keptKeys by the top four bits of their product (a
// multiplicative hash, Knuth TAOCP vol. 3, 6.4). It fits an instruction's
// 32-bit immediate.
const keyHashMul = 0x6d00616d

// keptKeys is the table the assembly looks kept names up in.
var keptKeys = keptKeysTable()

func keptKeysTable() (t keptKeyTable) {
	names := [nFields]string{
		fCategory: "eventCategory", fManagement: "managementEvent", fReadOnly: "readOnly",
		fType: "eventType", fSource: "eventSource", fName: "eventName",
		fAccount: "recipientAccountId", fRegion: "awsRegion", fTime: "eventTime",
	}
	for f, name := range names {
		k := []byte(name)
		at := keptKeyPlace(k)
		if t.n[at] != 0 || len(k) < 8 || keptKeyLengths>>len(k)&1 == 0 {
			panic("collect: keptKeys: " + name + " cannot be looked up")
		}
		t.first[at] = binary.LittleEndian.Uint64(k)
		t.last[at] = binary.LittleEndian.Uint64(k[len(k)-8:])
		if len(k) > 16 {
			t.mid[at] = binary.LittleEndian.Uint64(k[8:])
		}
		t.n[at], t.f[at], t.slot[at] = len(k), f, sigSlots[f]
	}
	return t
}

// keptKeyPlace is the place in keptKeys of a name of eight bytes or more.
func keptKeyPlace(k []byte) uint64 {
	return binary.LittleEndian.Uint64(k) * keyHashMul >> 60
}

// takeKept refers the scanner's values to those the walk found.
func (s *Scanner) takeKept(p []byte, w *memberWalk) {
	for set := w.set; set != 0; set &= set - 1 {
		f := bits.TrailingZeros32(set)
		s.vals[f].refer(p[w.at[f][0]:w.at[f][1]], w.lit>>f&1 != 0)
	}
}

// endWalked ends a record the assembly walked whole, from its first key to
// its closing brace at p[a]. A record whose signature the scanner has seen
// is counted from what the walk left (the signature's row, or the key and
// offsets), its values never referred; any other is counted by endRecord.
func (s *Scanner) endWalked(p []byte, w *memberWalk, a int) {
	size := s.off + int64(a) - s.recStart + 1
	r := (*recordSig)(nil)
	if w.row >= 0 {
		r = &s.sigs.rows[w.row]
		s.walkFound++
	} else {
		r = s.findWalked(p, w)
	}
	if r != nil && s.countSig(r, size) {
		var t []byte
		if w.set>>fTime&1 != 0 && w.lit>>fTime&1 == 0 {
			if t = p[w.at[fTime][0]:w.at[fTime][1]]; len(t) > maxValue {
				t = nil
			}
		}
		s.counted(r.kind, size, t)
		return
	}
	s.takeKept(p, w)
	s.endRecord(a)
}

// findWalked finishes the walk's key and finds its signature, or nil.
func (s *Scanner) findWalked(p []byte, w *memberWalk) *recordSig {
	k := &w.key
	var vals [len(sigFields)][]byte
	for j, f := range sigFields {
		if w.lit>>f&1 != 0 {
			// A literal after a string under the same name: absent.
			k.words[j], k.lens[j] = [4]uint64{}, 0
		}
		if k.lens[j] > sigWordBytes {
			if k.lens[j] > maxValue {
				return nil // no signature has it (signature refuses it)
			}
			vals[j] = p[w.at[f][0]:w.at[f][1]]
		}
	}
	k.bools = walkedBool(p, w, fManagement)<<2 | walkedBool(p, w, fReadOnly)
	r, _ := s.sigs.find(k, &vals)
	return r
}

// walkedBool is boolBits of a field the assembly walked.
func walkedBool(p []byte, w *memberWalk, f int) uint8 {
	if w.set>>f&1 == 0 {
		return 0
	}
	return boolValueBits(p[w.at[f][0]:w.at[f][1]])
}
