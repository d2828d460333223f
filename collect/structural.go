package collect

import (
	"encoding/binary"
	"math/bits"
)

// structIndex is a structural index of one chunk, after the first stage of
// simdjson (Langdale & Lemire 2019, "Parsing gigabytes of JSON per second",
// VLDB Journal 28(6)): for each 64-byte block, one bit per byte marks the
// quotes that close a string and the backslashes (where a string may end
// or needs unescaping), and another the brackets outside strings.
// With it the scanner finds a string's end or a nested value's end by
// counting trailing zeros instead of reading every byte.
//
// The index is built from the scanner's own state at the chunk's start (in a
// string or not, escape pending or not), so it lexes exactly as the scanner
// does up to bad, the first backslash outside a string; JSON has none, and
// past it the scanner reads byte by byte.
type structIndex struct {
	ok     bool // built for the current chunk
	n      int  // the chunk's length
	nb     int  // its number of 64-byte blocks, the last one padded
	bad    int  // the first backslash outside a string, or n
	endStr bool // the chunk ends inside a string
	endEsc bool // ... with its next byte escaped

	carry [2]uint64 // between blocks: in a string (all ones), escape pending (1)

	m    []uint64 // per block: closing quotes and backslashes (mStop), brackets (mBracket)
	tail [64]byte
}

// The masks of a block, in this order.
const (
	// mStop marks the quotes that close a string, and every backslash. Not
	// the opening quotes: where the fast paths read a string, they know
	// where it opens (right after '{', ',' or ':') and take only where it
	// ends, one mark a string instead of two.
	mStop    = iota
	mBracket // brackets outside strings
	nMasks
)

// kernelForTests, when set, replaces the kernel indexBlocks picks, so that
// tests can run the scanner on each kernel.
var kernelForTests func(p []byte, out []uint64, carry *[2]uint64) int

// minIndexed is the shortest chunk worth indexing.
const minIndexed = 256

// build indexes p; inStr and esc are the scanner's state before p[0].
func (x *structIndex) build(p []byte, inStr, esc bool) {
	n := len(p)
	nb := (n + 63) >> 6
	if len(x.m) < nMasks*nb {
		x.m = make([]uint64, nMasks*max(nb, chunkSize>>6))
	}
	x.n, x.nb, x.ok = n, nb, true
	carry := &x.carry
	*carry = [2]uint64{}
	if inStr {
		carry[0] = ^uint64(0)
		if esc {
			carry[1] = 1
		}
	}
	full := n &^ 63
	bad := indexBlocks(p[:full], x.m, carry)
	if full < n {
		x.tail = [64]byte{}
		copy(x.tail[:], p[full:])
		if b := indexBlocks(x.tail[:], x.m[nMasks*(full>>6):], carry); bad < 0 && b >= 0 {
			bad = full + b
		}
	}
	x.bad = n
	if bad >= 0 {
		x.bad = bad
	}
	// After the last byte: in a string, and escaped when the chunk ends in
	// a run of backslashes of odd length (counting an escape pending
	// before p[0] when the run starts there).
	x.endStr = carry[0] != 0
	x.endEsc = false
	if x.endStr {
		k := n
		for k > 0 && p[k-1] == '\\' {
			k--
		}
		run := n - k
		if k == 0 && esc && inStr {
			run++
		}
		x.endEsc = run&1 == 1
	}
}

// next returns the index of the first byte at or after i whose bit is set
// in the masks of the given kind, or x.n.
func (x *structIndex) next(kind, i int) int {
	if i >= x.n {
		return x.n
	}
	b := i >> 6
	if w := x.m[nMasks*b+kind] >> (uint(i) & 63); w != 0 {
		return i + bits.TrailingZeros64(w)
	}
	for b++; b < x.nb; b++ {
		if w := x.m[nMasks*b+kind]; w != 0 {
			return b<<6 + bits.TrailingZeros64(w)
		}
	}
	return x.n
}

// nextQuote returns the index of the first quote at or after i that closes
// a string, or x.n.
func (x *structIndex) nextQuote(p []byte, i int) int {
	for {
		j := x.next(mStop, i)
		if j >= x.n || p[j] == '"' {
			return j
		}
		i = j + 1
	}
}

// from returns the block of i and its bits of the given kind at or after
// i: where nextBit starts.
func (x *structIndex) from(kind, i int) (b int, w uint64) {
	if i >= x.n {
		return x.nb - 1, 0
	}
	b = i >> 6
	return b, x.m[nMasks*b+kind] &^ (1<<(uint(i)&63) - 1)
}

// nextBit takes the lowest bit of w, the bits of block b not yet taken,
// going on to the blocks after b in m (nMasks words per block) when w is
// empty. It returns the bit's index, or n when none is left, and the block
// and bits to go on from.
func nextBit(m []uint64, kind, b int, w uint64, n int) (int, int, uint64) {
	for w == 0 {
		if nMasks*(b+1) >= len(m) {
			return n, b, 0
		}
		b++
		w = m[nMasks*b+kind]
	}
	return b<<6 + bits.TrailingZeros64(w), b, w & (w - 1)
}

// indexGeneric writes the masks of each 64-byte block of p to out,
// and returns the offset of the first backslash outside a string, or -1.
// carry is the state between blocks: all ones in carry[0] inside a string,
// 1 in carry[1] when the next byte is escaped.
func indexGeneric(p []byte, out []uint64, carry *[2]uint64) int {
	bad := -1
	inCarry, escCarry := carry[0], carry[1]
	for b := 0; b+64 <= len(p); b += 64 {
		var q, bs, brk uint64
		for k := 0; k < 64; k += 8 {
			w := binary.LittleEndian.Uint64(p[b+k:])
			q |= byteBits(w, '"') << k
			bs |= byteBits(w, '\\') << k
			w |= lsb * 0x20 // '[' becomes '{', ']' becomes '}'
			brk |= (byteBits(w, '{') | byteBits(w, '}')) << k
		}
		if bs|escCarry != 0 {
			var escaped uint64
			escaped, escCarry = escapedBytes(bs, escCarry)
			q &^= escaped
		}
		// The carry joins the block's own prefix XOR last, so that blocks
		// do not wait on each other's six shifts.
		px := prefixXor(q)
		in := px ^ inCarry
		inCarry ^= uint64(int64(px) >> 63)
		o := out[nMasks*(b>>6) : nMasks*(b>>6)+nMasks : nMasks*(b>>6)+nMasks]
		o[mStop], o[mBracket] = q&^in|bs, brk&^in
		if outside := bs &^ in; outside != 0 && bad < 0 {
			bad = b + bits.TrailingZeros64(outside)
		}
	}
	carry[0], carry[1] = inCarry, escCarry
	return bad
}

// escapedBytes returns the bytes of a block escaped by a backslash, given
// its backslashes bs and prev = 1 when its first byte is escaped by the
// block before; and whether the next block's first byte is escaped. An
// escaped byte ends a run of backslashes of odd length; runs are told apart
// by the parity of the position they start at, with one addition carrying
// each run to its end (Langdale & Lemire 2019, section 3.1.1).
func escapedBytes(bs, prev uint64) (escaped, next uint64) {
	const even = 0x5555555555555555
	const odd = ^uint64(even)
	starts := bs &^ (bs << 1)
	evenStartMask := even ^ prev
	evenStarts := starts & evenStartMask
	oddStarts := starts &^ evenStartMask
	evenCarries := bs + evenStarts
	oddCarries, carry := bits.Add64(bs, oddStarts, 0)
	oddCarries |= prev
	evenCarryEnds := evenCarries &^ bs
	oddCarryEnds := oddCarries &^ bs
	return evenCarryEnds&odd | oddCarryEnds&even, carry
}

// prefixXor returns the running XOR of the bits of q from bit 0 up: bit k
// is set when an odd number of q's bits at or below k are set, so between
// an opening quote (included) and its closing quote (excluded).
func prefixXor(q uint64) uint64 {
	q ^= q << 1
	q ^= q << 2
	q ^= q << 4
	q ^= q << 8
	q ^= q << 16
	q ^= q << 32
	return q
}

// byteBits returns a bit per byte of w (byte k at bit k), set where the
// byte is c. The test is exact for every byte: no carry crosses bytes.
func byteBits(w uint64, c byte) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	x := w ^ (lsb * uint64(c))
	z := ^((x&low7 + low7) | x) & msb // 0x80 where x's byte is zero
	return (z >> 7) * 0x0102040810204080 >> 56
}
