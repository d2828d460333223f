package model

import (
	"cmp"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/trailwise/trailwise/pricing"
)

// PackedRows holds usage rows in a third of the memory []Usage takes, for
// the datasets of the largest organizations (10,000 accounts × 17 regions ×
// 90 days is 15.3 million rows: 2.3 GB as []Usage, 0.7 GB packed). A row's
// account, region, day and source are numbers into tables of the distinct
// strings, its counts are 32-bit, and a row with a count too large for that
// keeps its counts whole beside the rest. The rows hold no pointers, so the
// garbage collector never scans them. Rows are appended, then read in order.
type PackedRows struct {
	accounts, regions, days, sources stringTable
	chunks                           [][]packedRow
	relErrs                          [][]float64 // per chunk; nil when no row of it has one
	wide                             map[int][packedCounts]int64
	n                                int

	mu    sync.Mutex // guards proof, which Validate reads and writes
	proof *rowsProof // see rowsProof
}

// packedRow is one usage row: 48 bytes where a Usage takes 152.
type packedRow struct {
	account     uint32
	day, source uint16
	region      uint8
	flags       uint8
	counts      [packedCounts]uint32
}

const (
	packedCounts   = 9
	packedChunk    = 1 << 16 // rows per chunk: no slice ever doubles past 3 MB
	flagMeasured   = 1 << 0
	flagWide       = 1 << 1 // the counts are in wide
	flagRelErr     = 1 << 2
	maxPackedCount = math.MaxUint32
)

// NewPackedRows returns an empty store.
func NewPackedRows() *PackedRows {
	return &PackedRows{wide: map[int][packedCounts]int64{}}
}

// Len is the number of rows.
func (p *PackedRows) Len() int { return p.n }

// Append adds u; it fails only when a table is full (more distinct regions,
// days or sources than a row's field can number).
func (p *PackedRows) Append(u Usage) error {
	var r packedRow
	var ok [4]bool
	var n uint32
	n, ok[0] = p.accounts.number(u.Account, math.MaxUint32)
	r.account = n
	n, ok[1] = p.regions.number(u.Region, math.MaxUint8)
	r.region = uint8(n)
	n, ok[2] = p.days.number(u.Day, math.MaxUint16)
	r.day = uint16(n)
	n, ok[3] = p.sources.number(u.Source, math.MaxUint16)
	r.source = uint16(n)
	for i, what := range []string{"accounts", "regions", "days", "sources"} {
		if !ok[i] {
			return fmt.Errorf("more distinct %s than a dataset can hold", what)
		}
	}
	counts := u.counts()
	for i, c := range counts {
		if c < 0 || c > maxPackedCount {
			r.flags |= flagWide
			break
		}
		r.counts[i] = uint32(c)
	}
	if r.flags&flagWide != 0 {
		p.wide[p.n] = counts
		r.counts = [packedCounts]uint32{}
	}
	if u.Measured {
		r.flags |= flagMeasured
	}
	p.appendRow(r, u.RelativeError)
	return nil
}

func (p *PackedRows) appendRow(r packedRow, relErr *float64) {
	p.proof = nil // it covers the rows before this one (Append is a write: no lock)
	if p.n%packedChunk == 0 {
		p.chunks = append(p.chunks, make([]packedRow, 0, packedChunk))
		p.relErrs = append(p.relErrs, nil)
	}
	c := len(p.chunks) - 1
	if relErr != nil {
		r.flags |= flagRelErr
		if p.relErrs[c] == nil {
			p.relErrs[c] = make([]float64, packedChunk)
		}
		p.relErrs[c][len(p.chunks[c])] = *relErr
	}
	p.chunks[c] = append(p.chunks[c], r)
	p.n++
}

// All yields every row in the order appended. A row's RelativeError points
// into the store: read it, do not write through it.
func (p *PackedRows) All() iter.Seq[Usage] {
	return func(yield func(Usage) bool) {
		for c, chunk := range p.chunks {
			for i := range chunk {
				if !yield(p.row(c, i)) {
					return
				}
			}
		}
	}
}

func (p *PackedRows) row(c, i int) Usage {
	r := &p.chunks[c][i]
	u := Usage{
		Account:  p.accounts.strings[r.account],
		Region:   p.regions.strings[r.region],
		Day:      p.days.strings[r.day],
		Source:   p.sources.strings[r.source],
		Measured: r.flags&flagMeasured != 0,
	}
	if r.flags&flagRelErr != 0 {
		u.RelativeError = &p.relErrs[c][i]
	}
	var counts [packedCounts]int64
	if r.flags&flagWide != 0 {
		counts = p.wide[c*packedChunk+i]
	} else {
		for k, n := range r.counts {
			counts[k] = int64(n)
		}
	}
	u.setCounts(counts)
	return u
}

// WithSources is a copy of the store, sharing its rows, in which every
// row's source s reads f(s). Nothing may be appended to it.
func (p *PackedRows) WithSources(f func(string) string) *PackedRows {
	out := &PackedRows{accounts: p.accounts, regions: p.regions, days: p.days,
		chunks: p.chunks, relErrs: p.relErrs, wide: p.wide, n: p.n}
	out.proof = p.loadProof() // the same rows: their sources are not in it
	out.sources = stringTable{strings: make([]string, len(p.sources.strings))}
	for i, s := range p.sources.strings {
		out.sources.strings[i] = f(s)
	}
	return out // read it only: Append on it would write into p's rows
}

// rowsProof records that Dataset.Validate checked every row of a store,
// with no other usage row beside it, and found them valid. Part of what it
// checked is the rows' alone, and a store's rows never change (Append drops
// the proof): each count in range, one row per account, region and day,
// and, when there was a breakdown to check, each account's region's totals.
// A later Validate trusts that part and checks again what the rest of the
// dataset can change or a reader could write: that the accounts, regions,
// days and sources the rows name are listed, known, in the period and not
// empty (once per distinct name: see namesValid), and the relative errors
// (All hands out pointers to them).
type rowsProof struct {
	totals rowTotals // nil when there was no breakdown
}

func (p *PackedRows) loadProof() *rowsProof {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.proof
}

func (p *PackedRows) storeProof(proof *rowsProof) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.proof = proof
}

// namesValid is whether every row's names and relative error would pass
// Usage.validate, checked in the store's tables. Every row's names are in
// them; a name no row uses (an Append that failed may leave one) can only
// make it false, and then Validate checks row by row: time, never a wrong
// answer.
func (p *PackedRows) namesValid(listed map[string]bool, start, end time.Time) bool {
	for _, a := range p.accounts.strings {
		if !listed[a] {
			return false
		}
	}
	for _, r := range p.regions.strings {
		if !regionPattern.MatchString(r) || !pricing.KnownRegion(r) {
			return false
		}
	}
	for _, s := range p.days.strings {
		if day, ok := ParseDay(s); !ok || day.Before(start) || day.After(end) {
			return false
		}
	}
	if slices.Contains(p.sources.strings, "") {
		return false
	}
	for _, errs := range p.relErrs { // a row without one reads 0 here
		for _, e := range errs {
			if math.IsNaN(e) || e < 0 || e > 1 {
				return false
			}
		}
	}
	return true
}

// counts and setCounts list a row's counts in one fixed order.
func (u *Usage) counts() [packedCounts]int64 {
	return [packedCounts]int64{u.ManagementReadEvents, u.ManagementWriteEvents, u.DataEvents,
		u.NetworkEvents, u.InsightsEvents, u.AggregatedEvents, u.EventBytes, u.StoredBytes, u.LogFiles}
}

func (u *Usage) setCounts(c [packedCounts]int64) {
	u.ManagementReadEvents, u.ManagementWriteEvents, u.DataEvents = c[0], c[1], c[2]
	u.NetworkEvents, u.InsightsEvents, u.AggregatedEvents = c[3], c[4], c[5]
	u.EventBytes, u.StoredBytes, u.LogFiles = c[6], c[7], c[8]
}

// stringTable numbers distinct strings in the order first seen.
type stringTable struct {
	strings []string
	index   map[string]uint32
}

// number is s's number, adding s if new; false when s is new and the
// table already holds max+1 strings.
func (t *stringTable) number(s string, max uint32) (uint32, bool) {
	if n, ok := t.index[s]; ok {
		return n, true
	}
	if uint64(len(t.strings)) > uint64(max) {
		return 0, false
	}
	if t.index == nil {
		t.index = map[string]uint32{}
	}
	n := uint32(len(t.strings))
	t.strings = append(t.strings, s)
	t.index[s] = n
	return n, true
}

// SortRows orders rows by account, region and day, the order collectors
// write them in (validation looks an account up only when it changes).
func SortRows(rows []Usage) {
	slices.SortFunc(rows, func(a, b Usage) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region), cmp.Compare(a.Day, b.Day))
	})
}

// Rows yields every usage row of the dataset: those in Usage, then those
// the loader packed (see PackedRows). Every reader of the rows goes
// through it.
func (d *Dataset) Rows() iter.Seq[Usage] {
	return func(yield func(Usage) bool) {
		for _, u := range d.Usage {
			if !yield(u) {
				return
			}
		}
		if d.packed != nil {
			d.packed.All()(yield)
		}
	}
}

// RowCount is the number of usage rows.
func (d *Dataset) RowCount() int {
	n := len(d.Usage)
	if d.packed != nil {
		n += d.packed.Len()
	}
	return n
}

// SetPackedRows makes p the dataset's rows after those in Usage.
func (d *Dataset) SetPackedRows(p *PackedRows) { d.packed = p }

// PackedRows is the store SetPackedRows gave, or nil.
func (d *Dataset) PackedRows() *PackedRows { return d.packed }

// WithoutRows is a copy of d that has no usage rows, to build a subset on.
func (d *Dataset) WithoutRows() *Dataset {
	out := *d
	out.Usage, out.packed = nil, nil
	return &out
}

// MarshalJSON writes the dataset with every row, packed or not, in usage.
func (d Dataset) MarshalJSON() ([]byte, error) {
	type plain Dataset // without this method
	if d.packed != nil {
		d.Usage = append(append([]Usage(nil), d.Usage...), collectRows(d.packed)...)
		d.packed = nil
	}
	return json.Marshal(plain(d))
}

func collectRows(p *PackedRows) []Usage {
	out := make([]Usage, 0, p.Len())
	for u := range p.All() {
		out = append(out, u)
	}
	return out
}
