package awscollect

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/parquet-go/parquet-go"
	"github.com/trailwise/trailwise/internal/scratch"
)

// An S3 Inventory report in Parquet (fileFormat "Parquet") holds one
// column per field, named as AWS's manifest example shows them:
//
//	message s3.inventory { required binary bucket (UTF8); required binary key (UTF8);
//	  optional binary version_id (UTF8); optional boolean is_latest;
//	  optional boolean is_delete_marker; optional int64 size; ... }
//
// (Amazon S3 User Guide, "Locating your inventory list", the manifest of a
// Parquet-formatted inventory.) Keys are the object keys as they are: AWS
// documents the URL-encoding for the CSV format only ("When using the CSV
// file format, the key name is URL-encoded"; "What's included in an
// Amazon S3 inventory"). A Parquet file is read from its end (the footer
// says where each column's pages are), so each data file is first copied
// to a temporary file while its MD5 is taken, then read column by column,
// a page at a time: memory holds a page of each of the columns read, never
// the file.

// parquetColumn is a column the counts read, and the physical type it
// must have.
type parquetColumn struct {
	name     string
	kind     parquet.Kind
	schema   string // the type as the manifest's fileSchema writes it
	what     string // the type, as an error names it
	required bool
}

// The columns read, in the order a row's values are passed on.
var parquetColumns = [pqColumns]parquetColumn{
	{"key", parquet.ByteArray, "binary", "a string (binary UTF8)", true},
	{"size", parquet.Int64, "int64", "int64", true},
	{"bucket", parquet.ByteArray, "binary", "a string (binary UTF8)", false},
	{"is_latest", parquet.Boolean, "boolean", "boolean", false},
	{"is_delete_marker", parquet.Boolean, "boolean", "boolean", false},
}

const (
	pqKey = iota
	pqSize
	pqBucket
	pqLatest
	pqMarker
	pqColumns // how many
)

// parquetFields reads a Parquet manifest's fileSchema ("message
// s3.inventory { required binary key (UTF8); ... }") into each field's
// physical type by name; nil when it is not such a schema.
func parquetFields(schema string) map[string]string {
	open, end := strings.Index(schema, "{"), strings.LastIndex(schema, "}")
	if open < 0 || end < open {
		return nil
	}
	out := map[string]string{}
	for _, f := range strings.Split(schema[open+1:end], ";") {
		w := strings.Fields(f)
		if len(w) >= 3 {
			out[w[2]] = w[1]
		}
	}
	return out
}

// checkParquetSchema verifies the manifest names the columns the counts
// need, with their types, before anything is paid for.
func (inv *inventory) checkParquetSchema() error {
	fields := parquetFields(inv.m.FileSchema)
	if fields == nil {
		return fmt.Errorf("inventory manifest %s: fileSchema %q: expected a Parquet schema, message s3.inventory { ... }", inv.url(), inv.m.FileSchema)
	}
	for _, c := range parquetColumns {
		typ, ok := fields[c.name]
		switch {
		case !ok && c.required:
			return fmt.Errorf("inventory manifest %s: fileSchema: expected a %s column (the inventory configuration must include the object size), got %s", inv.url(), c.name, strings.Join(sortedKeys(fields), ", "))
		case ok && typ != c.schema:
			return fmt.Errorf("inventory manifest %s: fileSchema: column %s: expected %s, got %s", inv.url(), c.name, c.what, typ)
		}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// parquetProgress, when set (by tests), is called every parquetProgressRows
// rows read from a Parquet file: the memory test samples the heap there,
// after the file has arrived.
var parquetProgress func()

const parquetProgressRows = 4096

// readInventoryParquet reads one Parquet data file: copied to a temporary
// file (without a name: nothing is left if the process is killed) with its
// MD5 checked, then its columns read row group by row group.
// A file the library cannot decode may make it panic: that is this file's
// error, not the program's end.
func (r *run) readInventoryParquet(ctx context.Context, inv *inventory, key string, size int64, sum, orgID string, members map[string]bool) (part *inventoryPart, err error) {
	where := "inventory file s3://" + inv.dataBucket() + "/" + key
	defer func() {
		if p := recover(); p != nil {
			part, err = nil, fmt.Errorf("%s: expected a readable Parquet file: %s", where, oneLine(fmt.Sprint(p)))
		}
	}()
	tmp, err := scratch.Create("trailwise-inventory-*.parquet")
	if err != nil {
		return nil, fmt.Errorf("%s: cannot stage the file on disk: %v", where, err)
	}
	defer tmp.Close()
	n, err := r.fetchChecked(ctx, inv, key, size, sum, where, tmp)
	if err != nil {
		return nil, err
	}
	f, err := parquet.OpenFile(tmp, n, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, fmt.Errorf("%s: expected a Parquet file (%d bytes, its MD5 the manifest's): %s", where, n, oneLine(err.Error()))
	}
	idx, err := parquetLeaves(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", where, err)
	}
	return r.readParquetRows(ctx, inv, f, idx, where, orgID, members)
}

// readParquetRows folds the file's rows, row group by row group.
func (r *run) readParquetRows(ctx context.Context, inv *inventory, f *parquet.File, idx []int, where, orgID string, members map[string]bool) (*inventoryPart, error) {
	part := &inventoryPart{cells: map[cellKey]*cell{}, picks: map[[2]string][]pick{}}
	rc := &parquetRows{r: r, inv: inv, part: part, where: where, prefix: r.inventoryKeyPrefix(), orgID: orgID, members: members}
	for g, rg := range f.RowGroups() {
		if err := rc.rowGroup(ctx, rg, idx); err != nil {
			return nil, fmt.Errorf("%s: row group %d: %v", where, g+1, err)
		}
	}
	return part, nil
}

// fetchChecked copies the data file into w, taking its MD5, and checks it
// against the manifest's; it returns the bytes copied. A body that breaks
// off is a *brokenStream (read again from the start).
func (r *run) fetchChecked(ctx context.Context, inv *inventory, key string, size int64, sum, where string, w io.Writer) (int64, error) {
	if len(sum) != 32 {
		return 0, fmt.Errorf("%s: MD5checksum %q in the manifest: expected 32 hex digits", where, sum)
	}
	obj, err := inv.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(inv.dataBucket()), Key: aws.String(key)})
	if err != nil {
		return 0, fmt.Errorf("%s: GetObject: %s", where, reason(err))
	}
	defer obj.Body.Close()
	h := md5.New()
	body := &countReader{r: obj.Body}
	if _, err := io.Copy(io.MultiWriter(w, h), body); err != nil {
		if body.err != nil {
			return 0, &brokenStream{where, body.err}
		}
		return 0, fmt.Errorf("%s: cannot stage the file on disk: %v", where, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, sum) {
		return 0, fmt.Errorf("%s: MD5 %s, expected the manifest's %s (%d bytes read, the manifest says %d)", where, got, strings.ToLower(sum), body.n, size)
	}
	return body.n, nil
}

// parquetLeaves finds the columns read among the file's top-level
// columns, by name, and checks their types: the leaf column index of each
// of parquetColumns, -1 for an optional column the file lacks.
func parquetLeaves(f *parquet.File) ([]int, error) {
	idx := make([]int, len(parquetColumns))
	var names []string
	for _, c := range f.Root().Columns() {
		names = append(names, c.Name())
	}
	for i, want := range parquetColumns {
		c := f.Root().Column(want.name)
		switch {
		case c == nil && want.required:
			return nil, fmt.Errorf("expected a %s column, got %s", want.name, strings.Join(names, ", "))
		case c == nil:
			idx[i] = -1
			continue
		case !c.Leaf() || c.Repeated():
			return nil, fmt.Errorf("column %s: expected %s, got a nested or repeated column", want.name, want.what)
		case c.Type().Kind() != want.kind:
			return nil, fmt.Errorf("column %s: expected %s, got %s", want.name, want.what, c.Type())
		}
		idx[i] = c.Index()
	}
	return idx, nil
}

// parquetRows folds a file's rows into its part.
type parquetRows struct {
	r       *run
	inv     *inventory
	part    *inventoryPart
	where   string
	prefix  string
	orgID   string
	members map[string]bool
	row     int64 // rows read so far, in the file
}

// rowGroup reads one row group's columns in step, a row at a time.
func (p *parquetRows) rowGroup(ctx context.Context, rg parquet.RowGroup, idx []int) error {
	chunks := rg.ColumnChunks()
	cursors := make([]*valueCursor, len(idx))
	for i, ci := range idx {
		if ci >= 0 {
			cursors[i] = newValueCursor(chunks[ci].Pages())
			defer cursors[i].close()
		}
	}
	var vals [pqColumns]parquet.Value
	for n := rg.NumRows(); n > 0; n-- {
		p.row++
		for i, c := range cursors {
			vals[i] = parquet.NullValue()
			if c == nil {
				continue
			}
			v, err := c.next()
			if err != nil {
				return fmt.Errorf("column %s, row %d: %s", parquetColumns[i].name, p.row, oneLine(err.Error()))
			}
			vals[i] = v
		}
		if err := p.add(&vals); err != nil {
			return fmt.Errorf("row %d: %v", p.row, err)
		}
		if p.row%parquetProgressRows == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if parquetProgress != nil {
				parquetProgress()
			}
		}
	}
	return nil
}

// add counts one row as the CSV reader does: a noncurrent version or a
// delete marker is not an object a listing shows.
func (p *parquetRows) add(v *[pqColumns]parquet.Value) error {
	if b := v[pqBucket]; !b.IsNull() && string(b.ByteArray()) != p.inv.m.SourceBucket {
		return fmt.Errorf("bucket %q, expected the manifest's sourceBucket %q", b.ByteArray(), p.inv.m.SourceBucket)
	}
	if m := v[pqMarker]; !m.IsNull() && m.Boolean() {
		return nil
	}
	if l := v[pqLatest]; !l.IsNull() && !l.Boolean() {
		return nil
	}
	p.part.rows++
	if v[pqKey].IsNull() {
		return errors.New("key: expected an object key, got null")
	}
	if v[pqSize].IsNull() {
		return errors.New("size: expected a byte count, got null")
	}
	if n := v[pqSize].Int64(); n < 0 {
		return fmt.Errorf("size: expected a byte count, got %d", n)
	}
	p.r.countInventoryObject(p.part, p.inv, string(v[pqKey].ByteArray()), v[pqSize].Int64(), p.prefix, p.orgID, p.members)
	return nil
}

// valueCursor reads a column chunk's values one at a time, a page at a
// time, through a small buffer.
type valueCursor struct {
	pages parquet.Pages
	vr    parquet.ValueReader // the current page's values; nil between pages
	buf   []parquet.Value
	i, n  int
}

func newValueCursor(pages parquet.Pages) *valueCursor {
	return &valueCursor{pages: pages, buf: make([]parquet.Value, 512)}
}

func (c *valueCursor) next() (parquet.Value, error) {
	for c.i == c.n {
		if c.vr == nil {
			page, err := c.pages.ReadPage()
			if err == io.EOF {
				return parquet.Value{}, errors.New("the column ends before the row group does")
			}
			if err != nil {
				return parquet.Value{}, err
			}
			c.vr = page.Values()
		}
		n, err := c.vr.ReadValues(c.buf)
		c.i, c.n = 0, n
		if err == io.EOF {
			c.vr = nil
		} else if err != nil {
			return parquet.Value{}, err
		}
	}
	c.i++
	return c.buf[c.i-1], nil
}

func (c *valueCursor) close() { c.pages.Close() }

// oneLine folds a library's message onto one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
