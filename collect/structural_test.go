package collect

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// lexed is what a byte-by-byte JSON lexer finds in p from the given state:
// the same bits the structural index holds, up to the first backslash
// outside a string (bad): closing quotes (quote), those and every
// backslash (qb), brackets outside strings (brk).
func lexed(p []byte, inStr, esc bool) (quote, qb, brk []bool, bad int, endStr, endEsc bool) {
	n := len(p)
	quote, qb, brk = make([]bool, n), make([]bool, n), make([]bool, n)
	bad = n
	for i, c := range p {
		if c == '\\' {
			qb[i] = true
		}
		switch {
		case !inStr:
			switch c {
			case '"':
				inStr = true // an opening quote: no mark
			case '\\':
				return quote, qb, brk, i, inStr, esc
			case '{', '[', '}', ']':
				brk[i] = true
			}
		case esc:
			esc = false
		case c == '\\':
			esc = true
		case c == '"':
			quote[i], qb[i], inStr = true, true, false
		}
	}
	return quote, qb, brk, bad, inStr, esc
}

func randomJSONish(r *rand.Rand, n int) []byte {
	const alphabet = `"\{}[]a :,"\\"`
	p := make([]byte, n)
	for i := range p {
		p[i] = alphabet[r.IntN(len(alphabet))]
	}
	return p
}

// TestStructuralIndexLexes checks the index bit for bit against a plain
// lexer on random bytes rich in quotes, backslashes and brackets, at every
// length around the block size and from every starting state.
func TestStructuralIndexLexes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var x structIndex
	checked := 0
	for trial := range 3000 {
		n := 1 + trial%300
		p := randomJSONish(r, n)
		if trial%3 == 0 { // long runs of backslashes across block ends
			for i := range p {
				if r.IntN(3) > 0 {
					p[i] = '\\'
				}
			}
		}
		for _, st := range [][2]bool{{false, false}, {true, false}, {true, true}} {
			x.build(p, st[0], st[1])
			quote, qb, brk, bad, endStr, endEsc := lexed(p, st[0], st[1])
			if x.bad != bad {
				t.Fatalf("%q from %v: bad %d, lexer %d", p, st, x.bad, bad)
			}
			for i := range bad {
				bit := func(kind int) bool { return x.m[nMasks*(i>>6)+kind]>>(i&63)&1 == 1 }
				if bit(mStop) != qb[i] || bit(mBracket) != brk[i] {
					t.Fatalf("%q from %v, byte %d: stop %v/%v bracket %v/%v", p, st, i,
						bit(mStop), qb[i], bit(mBracket), brk[i])
				}
				nq := i
				for nq < bad && !quote[nq] {
					nq++
				}
				if got := x.nextQuote(p, i); nq < bad && got != nq {
					t.Fatalf("%q from %v: next quote from %d at %d, lexer %d", p, st, i, got, nq)
				}
				checked++
			}
			if bad == n && (x.endStr != endStr || (endStr && x.endEsc != endEsc)) {
				t.Fatalf("%q from %v: ends in string %v escaped %v, lexer %v %v", p, st, x.endStr, x.endEsc, endStr, endEsc)
			}
		}
	}
	if checked < 100000 {
		t.Fatalf("only %d bytes checked", checked)
	}
}

// TestIndexKernelsMatchGeneric checks every vector kernel the machine can
// run against the portable one: masks, carries and the first backslash
// outside a string.
func TestIndexKernelsMatchGeneric(t *testing.T) {
	kernels := indexKernels()
	if len(kernels) == 0 {
		t.Skip("no vector kernel on this machine: indexGeneric is the only one")
	}
	for name, kernel := range kernels {
		r := rand.New(rand.NewPCG(3, 4))
		for trial := range 2000 {
			p := randomJSONish(r, 64*(1+r.IntN(20)))
			switch trial % 4 {
			case 0, 2:
				for i := range p {
					if r.IntN(8) == 0 {
						p[i] = byte(r.IntN(256))
					}
				}
			case 3:
				// No backslash, as in most of a log: AVX-512 takes these
				// two blocks at a time.
				p = bytes.ReplaceAll(p, []byte{'\\'}, []byte{'a'})
			}
			start := [2]uint64{0, 0}
			if trial%3 == 1 {
				start = [2]uint64{^uint64(0), uint64(trial % 2)}
			}
			got, want := make([]uint64, len(p)/64*nMasks), make([]uint64, len(p)/64*nMasks)
			gc, wc := start, start
			gb := kernel(p, got, &gc)
			wb := indexGeneric(p, want, &wc)
			if gb != wb || gc != wc {
				t.Fatalf("%s on %q: bad %d carry %v, portable %d %v", name, p, gb, gc, wb, wc)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s on %q: block %d mask %d: %064b, portable %064b", name, p, i/nMasks, i%nMasks, got[i], want[i])
				}
			}
		}
		t.Logf("%s agrees with the portable kernel", name)
	}
}

// TestScannerOnEveryKernel scans the same logs through each kernel this
// machine can run, the portable one included: the counts must not depend
// on which one built the index.
func TestScannerOnEveryKernel(t *testing.T) {
	var big bytes.Buffer
	bigLog(&big, 2<<20)
	docs := map[string][]byte{"generated": big.Bytes()}
	files, _ := filepath.Glob(filepath.Join(realDir, "invictus-aws_dataset/CloudTrail/*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)] = data
	}
	want := map[string]*FileStats{}
	for name, doc := range docs {
		st, err := scanBytes(doc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want[name] = st
	}
	kernels := indexKernels()
	if kernels == nil {
		kernels = map[string]func(p []byte, out []uint64, carry *[2]uint64) int{}
	}
	kernels["portable"] = indexGeneric
	defer func() { kernelForTests = nil }()
	for kname, k := range kernels {
		kernelForTests = k
		for name, doc := range docs {
			st, err := scanBytes(doc)
			if err != nil {
				t.Fatalf("%s kernel, %s: %v", kname, name, err)
			}
			if d := sameCounts(st, want[name]); d != "" {
				t.Fatalf("%s kernel, %s: %s", kname, name, d)
			}
		}
	}
	t.Logf("%d documents agree on %d kernels", len(docs), len(kernels))
}
