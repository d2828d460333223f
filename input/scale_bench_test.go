package input_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
	for _, n := range benchAccounts(b) {
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

func benchAccounts(b *testing.B) []int {
	list := os.Getenv("TRAILWISE_BENCH_ACCOUNTS")
	if list == "" {
		return []int{100, 1000}
	}
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 3 {
			b.Fatalf("TRAILWISE_BENCH_ACCOUNTS: expected accounts such as 100,1000, got %q", list)
		}
		out = append(out, n)
	}
	return out
}

// writeOrganization writes the n-account organization to path, as
// internal/tools/gendataset does, and returns its size.
func writeOrganization(b *testing.B, path string, n int) int64 {
	spec, _ := fixtures.SampleSpec("enterprise")
	spec.Accounts, spec.Days = n, 90
	spec.Regions = []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
		"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1",
		"ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1"}
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
