package awscollect

import (
	"fmt"
	"math"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// resultRow is one row of a query's result: its values by column name.
// The rows of a page share one index; a row lives while its page is
// processed.
type resultRow struct {
	index  map[string]int // column name to position in values
	values []string
}

// get is the column's value, and whether the row has the column.
func (r resultRow) get(col string) (string, bool) {
	i, ok := r.index[col]
	if !ok {
		return "", false
	}
	return r.values[i], true
}

// columnIndex numbers the columns; a name twice is its last position.
func columnIndex(cols []string) map[string]int {
	m := make(map[string]int, len(cols))
	for i, c := range cols {
		m[c] = i
	}
	return m
}

// engineRows turns an engine's result rows into the dataset's usage rows
// one at a time, as the pages arrive, and keeps the breakdown part's rows
// (one per account, region, category, source and name: bounded by the
// query) for the end, when the usage rows say which account-regions they
// describe whole.
//
// Memory: a usage row goes into a model.PackedRows (48 bytes; 152 as a
// model.Usage) and its strings, copied out of the page (interner), into the
// store's tables, so no result page outlives its processing.
//
// Order: the dataset's rows must come sorted by account, region and day
// (model.SortRows), and a PackedRows cannot be sorted; but both queries end
// ORDER BY part, account, region, day (breakdown.sql.tmpl), so the rows
// arrive sorted: each is checked against the one before. Only when an
// engine breaks that order do the rows fall back to []model.Usage and one
// sort at the end, as before streaming (the same rows in the same arrival
// order, so the same sorted result).
type engineRows struct {
	r      *run
	ds     *model.Dataset
	cells  map[cellKey]*cell
	listed map[string]bool
	engine string
	source string
	athena bool

	n       int // result rows, breakdown ones too
	skipped int
	dropped map[[2]string]bool // account-regions with a row outside the period

	packed   *model.PackedRows
	last     cellKey // the last usage row's, while the rows come sorted
	unsorted bool    // the rows are in ds.Usage, to be sorted at the end

	breakdown breakdownRows
	strings   interner
}

func (r *run) newEngineRows(ds *model.Dataset, e *EngineOptions, cells map[cellKey]*cell) *engineRows {
	listed := map[string]bool{}
	for _, a := range ds.Accounts {
		listed[a.ID] = true
	}
	return &engineRows{r: r, ds: ds, cells: cells, listed: listed, engine: e.Engine,
		source: map[string]string{EngineAthena: SourceAthena, EngineLake: SourceLake}[e.Engine],
		athena: e.Engine == EngineAthena, dropped: map[[2]string]bool{}, packed: model.NewPackedRows(),
		breakdown: breakdownRows{byRegion: map[[2]string][]breakdownRow{}}}
}

// add takes the result's next row.
func (s *engineRows) add(row resultRow) error {
	s.n++
	if part, _ := row.get("part"); part == partBreakdown {
		s.breakdown.add(row, s.listed, s.engine, &s.strings)
		return nil
	}
	account, _ := row.get("account")
	region, _ := row.get("region")
	day, _ := row.get("day")
	k := cellKey{s.strings.get(account), s.strings.get(region), s.strings.get(day)}
	if !s.listed[k.account] || !regionPattern.MatchString(k.region) || k.day < s.r.o.Start || k.day > s.r.o.End {
		s.skipped++ // another account's events (a delegated trail), or outside the period
		if s.listed[k.account] {
			s.dropped[[2]string{k.account, k.region}] = true
		}
		return nil
	}
	u, err := s.usage(row, k)
	if err != nil {
		return fmt.Errorf("%s result row %d: %w", s.engine, s.n, err)
	}
	if c := s.cells[k]; c != nil {
		u.StoredBytes = c.storedBytes
		if !s.athena {
			u.LogFiles = c.logFiles
		}
		c.counted = true
	}
	s.keep(u, k)
	return nil
}

// usage reads one usage row's counts.
func (s *engineRows) usage(row resultRow, k cellKey) (model.Usage, error) {
	u := model.Usage{Account: k.account, Region: k.region, Day: k.day, Source: s.source, Measured: true}
	counts := []*int64{&u.ManagementReadEvents, &u.ManagementWriteEvents, &u.DataEvents, &u.NetworkEvents, &u.InsightsEvents, &u.AggregatedEvents}
	for j, col := range engineColumns {
		v, err := count(row, col, true)
		if err != nil {
			return u, err
		}
		*counts[j] = v
	}
	var err error
	if u.EventBytes, err = count(row, "event_bytes", s.athena); err != nil {
		return u, err
	}
	if u.LogFiles, err = count(row, "log_files", s.athena); err != nil {
		return u, err
	}
	if !s.athena {
		u.EventBytes = int64(math.Round(float64(u.Events()+u.AggregatedEvents) * s.r.o.BytesPerEvent))
	}
	return u, nil
}

// keep adds a usage row: packed while the rows come sorted, else (from
// the first out of order on) in ds.Usage.
func (s *engineRows) keep(u model.Usage, k cellKey) {
	if !s.unsorted {
		if s.packed.Len() == 0 || keyBefore(s.last, k) {
			if s.packed.Append(u) == nil {
				s.last = k
				return
			}
		}
		s.unpack()
	}
	s.ds.Usage = append(s.ds.Usage, u)
}

// unpack moves the packed rows to ds.Usage, in the order they came.
func (s *engineRows) unpack() {
	s.unsorted = true
	s.ds.Usage = make([]model.Usage, 0, 2*s.packed.Len()+1)
	for u := range s.packed.All() {
		s.ds.Usage = append(s.ds.Usage, u)
	}
	s.packed = nil
}

// keyBefore says a's row sorts strictly before b's (model.SortRows' order).
func keyBefore(a, b cellKey) bool {
	if c := strings.Compare(a.account, b.account); c != 0 {
		return c < 0
	}
	if c := strings.Compare(a.region, b.region); c != 0 {
		return c < 0
	}
	return a.day < b.day
}

// finish ends the dataset once every row is in: its rows, notes, gaps and
// breakdown.
func (s *engineRows) finish(res *Result, e *EngineOptions) error {
	if s.unsorted {
		model.SortRows(s.ds.Usage)
	} else if s.packed.Len() > 0 {
		s.ds.SetPackedRows(s.packed)
	}
	s.r.engineNotes(res, e, s.skipped, s.cells)
	if err := s.r.engineBreakdown(s.ds, e, &s.breakdown, s.dropped); err != nil {
		return err
	}
	sortGaps(s.ds.Gaps)
	return nil
}

// breakdownRows are the breakdown part's rows, read as they arrive, by
// account and region; the errors of the rows that could not be read (each
// names its row) wait beside them, as their account-region may yet turn
// out to be dropped (a usage row of it outside the period, later in the
// result), and then they do not count.
type breakdownRows struct {
	n        int // breakdown rows read
	byRegion map[[2]string][]breakdownRow
	errs     []breakdownErr
}

type breakdownErr struct {
	key [2]string
	err error
}

func (b *breakdownRows) add(row resultRow, listed map[string]bool, engine string, strs *interner) {
	b.n++
	account, _ := row.get("account")
	region, _ := row.get("region")
	k := [2]string{strs.get(account), strs.get(region)}
	if !listed[k[0]] || !regionPattern.MatchString(k[1]) {
		return
	}
	r, err := parseBreakdownRow(row, engine == EngineAthena)
	if err != nil {
		b.errs = append(b.errs, breakdownErr{k, fmt.Errorf("%s result breakdown row %d: %w", engine, b.n, err)})
		return
	}
	r.source, r.name, r.resourceType = strs.get(r.source), strs.get(r.name), strs.get(r.resourceType)
	b.byRegion[k] = append(b.byRegion[k], r)
}

// interner keeps one copy of each string a result repeats (accounts,
// regions, days, sources, names), copied out of its page: the SDK decodes
// a page's strings into one block, and a string kept from it (in the
// PackedRows' tables, say) would keep the whole block alive.
type interner map[string]string

func (in *interner) get(s string) string {
	if v, ok := (*in)[s]; ok {
		return v
	}
	if *in == nil {
		*in = map[string]string{}
	}
	v := strings.Clone(s)
	(*in)[v] = v
	return v
}

// kept drops the account-regions with a row outside the period; it fails
// on the first row of the others that could not be read.
func (b *breakdownRows) kept(dropped map[[2]string]bool) (map[[2]string][]breakdownRow, error) {
	for _, e := range b.errs {
		if !dropped[e.key] {
			return nil, e.err
		}
	}
	for k := range dropped {
		delete(b.byRegion, k)
	}
	return b.byRegion, nil
}
