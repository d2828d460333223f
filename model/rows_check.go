package model

import "time"

// checkPacked is checkEveryRow for a dataset whose rows are all packed,
// read in the store's own numbers instead of a Usage a row: the names once
// each in their tables (namesValid), a bit per account for each region's
// day found by number, not by a map of strings, and the totals a breakdown
// is checked against added per account and region number. It only says
// whether every row would pass; when one would not, checkEveryRow finds it
// and names it. At 15 million rows it takes a fraction of checkEveryRow's
// seconds.
func (d *Dataset) checkPacked(listed map[string]bool, start, end time.Time, wantTotals bool) (rowTotals, bool) {
	p := d.packed
	if !p.namesValid(listed, start, end) || !p.wideCountsValid() {
		return nil, false
	}
	rowPasses.Add(1)
	accountNo := make(map[string]int, len(d.Accounts))
	for i, a := range d.Accounts {
		accountNo[a.ID] = i
	}
	account := make([]int, len(p.accounts.strings)) // table number to d.Accounts index
	for i, id := range p.accounts.strings {
		account[i] = accountNo[id]
	}
	words, days := (len(d.Accounts)+63)/64, len(p.days.strings)
	cells := make([][]uint64, len(p.regions.strings)*days) // by region and day number
	var totals []regionTotal                               // by account and region number
	if wantTotals {
		totals = make([]regionTotal, len(p.accounts.strings)*len(p.regions.strings))
	}
	for c, chunk := range p.chunks {
		for i := range chunk {
			r := &chunk[i]
			cell := int(r.region)*days + int(r.day)
			if cells[cell] == nil {
				cells[cell] = make([]uint64, words)
			}
			a := account[r.account]
			if cells[cell][a/64]&(1<<(a%64)) != 0 {
				return nil, false
			}
			cells[cell][a/64] |= 1 << (a % 64)
			if totals != nil {
				counts := p.countsOf(r, c, i)
				t := &totals[int(r.account)*len(p.regions.strings)+int(r.region)]
				t.rows = true
				for k := range 7 { // the six categories' events, then event bytes
					t.sum[k] += counts[k]
				}
			}
		}
	}
	return p.rowTotals(totals), true
}

// wideCountsValid is whether the counts kept whole (too large for 32 bits)
// are within the limits Usage.validate sets; a count that fits 32 bits is
// under all of them.
func (p *PackedRows) wideCountsValid() bool {
	for _, counts := range p.wide {
		for k, n := range counts {
			most := MaxRowEvents
			if k == 6 || k == 7 { // event_bytes, stored_bytes
				most = MaxRowBytes
			}
			if n < 0 || n > most {
				return false
			}
		}
	}
	return true
}

// countsOf is the counts of row r, row i of chunk c.
func (p *PackedRows) countsOf(r *packedRow, c, i int) [packedCounts]int64 {
	if r.flags&flagWide != 0 {
		return p.wide[c*packedChunk+i]
	}
	var counts [packedCounts]int64
	for k, n := range r.counts {
		counts[k] = int64(n)
	}
	return counts
}

// regionTotal is an account's region's totals as totaller adds them, and
// whether it has rows at all.
type regionTotal struct {
	rows bool
	sum  [7]int64
}

// rowTotals names the totals by account and region number, those with
// rows; nil for none.
func (p *PackedRows) rowTotals(byNumber []regionTotal) rowTotals {
	if byNumber == nil {
		return nil
	}
	out := rowTotals{}
	regions := len(p.regions.strings)
	for k := range byNumber {
		if t := &byNumber[k]; t.rows {
			out[[2]string{p.accounts.strings[k/regions], p.regions.strings[k%regions]}] = &t.sum
		}
	}
	return out
}
