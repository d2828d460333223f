package fakeaws

import (
	"io"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// parquetField is a column of a Parquet inventory, as AWS's manifest
// example for a Parquet report writes it: "optional int64 size;".
type parquetField struct {
	name, repetition, typ, annotation string
	node                              parquet.Node
}

// parquetFields are the report's columns, in AWS's order: dictionary
// encoding for the repetitive strings, as a real writer would choose.
func (inv Inventory) parquetFields() []parquetField {
	str := parquet.String()
	dict := parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
	boolean := parquet.Leaf(parquet.BooleanType)
	fields := []parquetField{
		{"bucket", "required", "binary", " (UTF8)", dict},
		{"key", "required", "binary", " (UTF8)", str},
	}
	if inv.Versions {
		fields = append(fields,
			parquetField{"version_id", "optional", "binary", " (UTF8)", str},
			parquetField{"is_latest", "optional", "boolean", "", boolean},
			parquetField{"is_delete_marker", "optional", "boolean", "", boolean})
	}
	size := parquetField{"size", "optional", "int64", "", parquet.Leaf(parquet.Int64Type)}
	if inv.StringSize {
		size.node = str // the manifest still says int64
	}
	fields = append(fields, size,
		parquetField{"last_modified_date", "optional", "int64", " (TIMESTAMP_MILLIS)", parquet.Timestamp(parquet.Millisecond)},
		parquetField{"e_tag", "optional", "binary", " (UTF8)", str},
		parquetField{"storage_class", "optional", "binary", " (UTF8)", dict})
	out := fields[:0]
	for _, f := range fields {
		if f.name != inv.Drop {
			out = append(out, f)
		}
	}
	return out
}

// parquetFileSchema is the manifest's fileSchema of a Parquet report.
func (inv Inventory) parquetFileSchema() string {
	var b strings.Builder
	b.WriteString("message s3.inventory {")
	for _, f := range inv.parquetFields() {
		b.WriteString(" " + f.repetition + " " + f.typ + " " + f.name + f.annotation + ";")
	}
	b.WriteString(" }")
	return b.String()
}

// writeParquet writes n rows as one Parquet file, row groups of at most
// RowsPerGroup rows.
func (inv Inventory) writeParquet(w io.Writer, n int, row func(i int) InventoryRow) {
	fields := inv.parquetFields()
	group := parquet.Group{}
	optional := map[string]bool{}
	for _, f := range fields {
		node := f.node
		if f.repetition == "optional" {
			node, optional[f.name] = parquet.Optional(node), true
		}
		group[f.name] = node
	}
	schema := parquet.NewSchema("s3.inventory", group)
	pw := parquet.NewWriter(w, schema, parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(int64(inv.RowsPerGroup)), parquet.PageBufferSize(32<<10))
	cols := schema.Columns() // leaf paths, in the schema's order
	batch := make([]parquet.Row, 0, 256)
	for i := 0; i < n; i++ {
		vals := inv.parquetValues(row(i))
		r := make(parquet.Row, len(cols))
		for c, path := range cols {
			v, ok := vals[path[0]]
			switch {
			case !ok:
				r[c] = parquet.NullValue().Level(0, 0, c)
			case optional[path[0]]:
				r[c] = v.Level(0, 1, c)
			default:
				r[c] = v.Level(0, 0, c)
			}
		}
		if batch = append(batch, r); len(batch) == cap(batch) {
			_, _ = pw.WriteRows(batch)
			batch = batch[:0]
		}
	}
	_, _ = pw.WriteRows(batch)
	_ = pw.Close()
}

// parquetValues are a row's values by column; a delete marker has no size.
func (inv Inventory) parquetValues(r InventoryRow) map[string]parquet.Value {
	bytes := func(s string) parquet.Value { return parquet.ByteArrayValue([]byte(s)) }
	v := map[string]parquet.Value{
		"bucket":             bytes(inv.Source),
		"key":                bytes(r.Key),
		"version_id":         bytes(r.Version),
		"is_latest":          parquet.BooleanValue(!r.Noncurrent),
		"is_delete_marker":   parquet.BooleanValue(r.DeleteMarker),
		"size":               parquet.Int64Value(r.Size),
		"last_modified_date": parquet.Int64Value(1790813100000), // 2026-10-01T00:05:00Z
		"e_tag":              bytes("0123456789abcdef0123456789abcdef"),
		"storage_class":      bytes("STANDARD"),
	}
	if inv.StringSize {
		v["size"] = bytes(strconv.FormatInt(r.Size, 10))
	}
	if r.DeleteMarker {
		delete(v, "size")
	}
	return v
}
