package billing

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

// bigLines is the size of the generated exports: a few hundred thousand
// line items, over 50 accounts, 2 regions and 30 days.
const bigLines = 300_000

type bigLine struct {
	Account  string    `parquet:"line_item_usage_account_id"`
	Start    time.Time `parquet:"line_item_usage_start_date,timestamp(millisecond)"`
	Product  string    `parquet:"line_item_product_code"`
	Usage    string    `parquet:"line_item_usage_type"`
	Amount   float64   `parquet:"line_item_usage_amount"`
	Cost     float64   `parquet:"line_item_unblended_cost"`
	Region   string    `parquet:"product_region_code"`
	Resource string    `parquet:"line_item_resource_id"` // not read
}

func bigLineAt(i int) bigLine {
	day := time.Date(2026, 9, 1, i%24, 0, 0, 0, time.UTC).AddDate(0, 0, (i/24)%30)
	region, code := "us-east-1", "USE1"
	if i%2 == 1 {
		region, code = "eu-west-1", "EUW1"
	}
	product, usage := "AWSCloudTrail", code+"-FreeEventsRecorded"
	if i%5 == 0 {
		product, usage = "AmazonEC2", code+"-BoxUsage:m5.large"
	}
	return bigLine{Account: fmt.Sprintf("%012d", 100000000000+(i/720)%50), Start: day, Product: product, Usage: usage,
		Amount: float64(1 + i%7), Cost: 0, Region: region, Resource: fmt.Sprintf("arn:aws:cloudtrail:%s:resource/%d", region, i)}
}

func writeBigCSV(t *testing.T, path string) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	gz := gzip.NewWriter(bw)
	w := csv.NewWriter(gz)
	w.Write([]string{"line_item_usage_account_id", "line_item_usage_start_date", "line_item_product_code", "line_item_usage_type", "line_item_usage_amount", "line_item_unblended_cost", "product_region_code", "line_item_resource_id"})
	for i := 0; i < bigLines; i++ {
		l := bigLineAt(i)
		w.Write([]string{l.Account, l.Start.Format(time.RFC3339), l.Product, l.Usage, strconv.FormatFloat(l.Amount, 'f', -1, 64), "0", l.Region, l.Resource})
	}
	w.Flush()
	gz.Close()
	bw.Flush()
}

func writeBigParquet(t *testing.T, path string) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[bigLine](f, parquet.MaxRowsPerRowGroup(100_000))
	batch := make([]bigLine, 0, 1000)
	for i := 0; i < bigLines; i++ {
		batch = append(batch, bigLineAt(i))
		if len(batch) == cap(batch) {
			w.Write(batch)
			batch = batch[:0]
		}
	}
	w.Write(batch)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// Reading a large export holds its sums, not its lines: the peak of the
// live heap while a CSV.gz and a Parquet export of 300,000 line items are
// read stays under a few MB (the lines' text alone is about 30 MB), and the
// free events summed are those written (4/5 of the lines, 1 to 7 each).
func TestBigExportBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes two exports of 300,000 lines")
	}
	var want float64
	keys := map[Key]bool{}
	for i := 0; i < bigLines; i++ {
		if l := bigLineAt(i); l.Product == "AWSCloudTrail" {
			want += l.Amount
			keys[Key{l.Account, l.Region, l.Start.Format("2006-01-02"), l.Usage, "AWS CloudTrail"}] = true
		}
	}
	dir := t.TempDir()
	for _, c := range []struct {
		name  string
		write func(*testing.T, string)
		limit uint64
	}{{"big.csv.gz", writeBigCSV, 8 << 20}, {"big.snappy.parquet", writeBigParquet, 24 << 20}} {
		path := filepath.Join(dir, c.name)
		c.write(t, path)
		tot := NewTotals("", "")
		peak := peakHeap(t, func() error { return tot.ReadFile(path) })
		var got float64
		for _, r := range tot.Rows {
			got += r.Quantity
		}
		st, _ := os.Stat(path)
		t.Logf("%s: %d lines, %.1f MB file, %d sums; peak live heap %.1f MB above the start", c.name, tot.Lines, float64(st.Size())/1e6, len(tot.Rows), float64(peak)/1e6)
		if tot.Lines != bigLines || got != want || len(tot.Rows) != len(keys) {
			t.Errorf("%s: %d lines, %v events in %d sums; want %d, %v in %d", c.name, tot.Lines, got, len(tot.Rows), bigLines, want, len(keys))
		}
		if peak > c.limit {
			t.Errorf("%s: peak live heap %d bytes, want at most %d", c.name, peak, c.limit)
		}
	}
}

// peakHeap runs read and returns the peak of the live heap above where it
// started, sampled every millisecond.
func peakHeap(t *testing.T, read func() error) uint64 {
	runtime.GC()
	base := heapLive()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		for {
			if h := heapLive(); h > base && h-base > peak.Load() {
				peak.Store(h - base)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	err := read()
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	return peak.Load()
}

func heapLive() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
