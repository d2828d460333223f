package billing

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// parquetBatch is how many values of each column read are held at once.
const parquetBatch = 4096

// ReadParquet adds a Parquet export to the totals: only the columns the
// format needs, row group by row group, a batch of values of each column at
// a time, so memory holds a page per column read and a batch, whatever the
// file's size. name names it in errors.
func (t *Totals) ReadParquet(name string, r io.ReaderAt, size int64) error {
	f, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return fmt.Errorf("%s: expected a Parquet file, got %v", name, err)
	}
	var h header
	leaf := map[int]int{} // header index → leaf column index
	for _, c := range f.Root().Columns() {
		if c.Leaf() {
			leaf[len(h)] = c.Index()
		}
		h = append(h, c.Name())
	}
	l, err := detect(h)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var cols []int
	for _, c := range l.columns() {
		if _, ok := leaf[c]; !ok {
			return fmt.Errorf("%s: column %s: expected a plain value, got a group", name, h[c])
		}
		cols = append(cols, c)
	}
	row := int64(0)
	for g, rg := range f.RowGroups() {
		if err := t.readRowGroup(l, h, rg, cols, leaf, &row); err != nil {
			return fmt.Errorf("%s: row group %d, %w", name, g+1, err)
		}
	}
	return nil
}

// parquetColumn is one column read in step with the others.
type parquetColumn struct {
	at     int // header index
	pages  parquet.Pages
	page   parquet.Page
	values parquet.ValueReader
	unit   time.Duration // a timestamp column's unit, else 0
	buf    []parquet.Value
	// read are the pages whose values the batch still points into (byte
	// arrays are not copied), released once the batch is taken.
	read []parquet.Page
}

// readRowGroup reads the columns side by side: the i-th value of each is
// the i-th row's (the columns read are flat, one value a row, null or
// not).
func (t *Totals) readRowGroup(l layout, h header, rg parquet.RowGroup, cols []int, leaf map[int]int, row *int64) error {
	chunks := rg.ColumnChunks()
	readers := make([]*parquetColumn, len(cols))
	for i, c := range cols {
		chunk := chunks[leaf[c]]
		readers[i] = &parquetColumn{at: c, pages: chunk.Pages(), unit: timestampUnit(chunk.Type()), buf: make([]parquet.Value, parquetBatch)}
	}
	defer func() {
		for _, r := range readers {
			r.release()
			r.pages.Close()
		}
	}()
	rec := make([]string, len(h))
	for left := rg.NumRows(); left > 0; {
		n := int(min(left, parquetBatch))
		for _, r := range readers {
			if err := r.fill(n); err != nil {
				return fmt.Errorf("column %s: expected %d more values, got %v", h[r.at], left, err)
			}
		}
		for i := 0; i < n; i++ {
			*row++
			for _, r := range readers {
				rec[r.at] = r.text(r.buf[i])
			}
			if err := t.take(l, h, rec); err != nil {
				return fmt.Errorf("row %d, %w", *row, err)
			}
		}
		for _, r := range readers {
			r.releaseRead()
		}
		left -= int64(n)
	}
	return nil
}

// fill reads exactly n values into buf, across pages.
func (c *parquetColumn) fill(n int) error {
	for got := 0; got < n; {
		if c.values == nil {
			if c.page != nil {
				c.read = append(c.read, c.page)
				c.page = nil
			}
			p, err := c.pages.ReadPage()
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = io.ErrUnexpectedEOF
				}
				return err
			}
			c.page, c.values = p, p.Values()
		}
		k, err := c.values.ReadValues(c.buf[got:n])
		got += k
		if errors.Is(err, io.EOF) {
			c.values = nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// releaseRead releases the pages the last batch was read from, but the
// one still being read.
func (c *parquetColumn) releaseRead() {
	for _, p := range c.read {
		parquet.Release(p)
	}
	c.read = c.read[:0]
}

func (c *parquetColumn) release() {
	c.releaseRead()
	if c.page != nil {
		parquet.Release(c.page)
		c.page, c.values = nil, nil
	}
}

// text writes a value as the CSV export would: numbers in full, timestamps
// as RFC 3339 in UTC, strings as they are.
func (c *parquetColumn) text(v parquet.Value) string {
	if v.IsNull() {
		return ""
	}
	switch v.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'g', -1, 64)
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'g', -1, 32)
	case parquet.Int64:
		if c.unit > 0 {
			return time.Unix(0, 0).Add(time.Duration(v.Int64()) * c.unit).UTC().Format(time.RFC3339)
		}
		return strconv.FormatInt(v.Int64(), 10)
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean())
	}
	return v.String()
}

// timestampUnit is a TIMESTAMP column's unit (AWS writes
// timestamp_milliseconds), 0 for any other column.
func timestampUnit(t parquet.Type) time.Duration {
	lt := t.LogicalType()
	if lt == nil {
		return 0
	}
	ts, ok := lt.Value.(*format.TimestampType)
	if !ok || ts.Unit.Value == nil {
		return 0
	}
	return ts.Unit.Value.Duration()
}
