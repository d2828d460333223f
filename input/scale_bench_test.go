package input_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/report"
)

// BenchmarkReadDatasetScale reads the dataset of an organization of n
// accounts × 17 regions × 90 days (the enterprise sample's spec, written
// untimed to a file): "read" only copies the file's bytes (the floor any
// reader pays), "load" is input.ReadDataset. It reports MB/s and, for load,
// load/read-x (how many times the floor) and rows. Sizes: 100 and 1,000
// accounts, or TRAILWISE_BENCH_ACCOUNTS (e.g. 10000; the file is 5.1 GB).
func BenchmarkReadDatasetScale(b *testing.B) {
	for _, n := range scaleAccounts(b) {
		path := filepath.Join(b.TempDir(), "org.json")
		size := writeOrganization(b, path, n)
		var floor float64
		b.Run(fmt.Sprintf("accounts=%d/read", n), func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, bufio.NewReaderSize(f, 256<<10))
				f.Close()
			}
			floor = b.Elapsed().Seconds() / float64(b.N)
		})
		b.Run(fmt.Sprintf("accounts=%d/load", n), func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			rows := 0
			for b.Loop() {
				d, err := input.ReadDataset(path)
				if err != nil {
					b.Fatal(err)
				}
				rows = d.RowCount()
			}
			if floor > 0 {
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/floor, "load/read-x")
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

// writeOrganization writes the n-account organization to path, as
// internal/tools/gendataset does, and returns its size.
func writeOrganization(b *testing.B, path string, n int) int64 {
	spec, _ := fixtures.ScaleSpec("enterprise", n, 90)
	d := fixtures.Generate(spec)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := report.WriteDataset(w, d); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size()
}

func scaleAccounts(b *testing.B) []int {
	sizes, err := fixtures.ScaleAccounts()
	if err != nil {
		b.Fatal(err)
	}
	return sizes
}
