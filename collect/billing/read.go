package billing

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
)

// parquetMagic opens and ends every Parquet file.
var parquetMagic = []byte("PAR1")

// ReadFile adds a CSV (gzip or not) or Parquet export file to the totals,
// told apart by their first bytes, not their names. An error names the
// file, the row and the column.
func (t *Totals) ReadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	magic := make([]byte, 4)
	n, _ := io.ReadFull(f, magic)
	if n == 4 && bytes.Equal(magic, parquetMagic) {
		return t.ReadParquet(path, f, st.Size())
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return t.ReadCSV(path, f)
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// ReadCSV adds a CSV export, gzip or not, read from r; name names it in
// errors.
func (t *Totals) ReadCSV(name string, r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<16)
	var in io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: expected gzip, got %v", name, err)
		}
		defer gz.Close()
		in = gz
	}
	cr := csv.NewReader(in)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: row 1: expected a CSV header, got %v", name, err)
	}
	h := header(append([]string(nil), head...))
	l, err := detect(h)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: row %d: expected CSV, got %v", name, row, err)
		}
		if err := t.take(l, h, rec); err != nil {
			return fmt.Errorf("%s: row %d, %w", name, row, err)
		}
	}
}
