package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trailwise/trailwise/model"
)

// TestDatasetPeakMemory measures what reading a large dataset costs in
// memory: the peak of the live heap while ReadDataset runs, against the
// rows' own size (the heap they hold once read). It writes a dataset of
// TRAILWISE_MEMORY_ROWS usage rows (1,800,000 is about 520 MB) and is
// skipped without it. BENCHMARKS.md has the command and the figures.
//
// With TRAILWISE_MEMORY_OLD=1 it measures instead what the reader before
// streaming did: the bytes whole, a generic tree of them, then the rows.
func TestDatasetPeakMemory(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("TRAILWISE_MEMORY_ROWS"))
	if n <= 0 {
		t.Skip("set TRAILWISE_MEMORY_ROWS to the number of usage rows to measure")
	}
	path := filepath.Join(t.TempDir(), "big.json")
	size := writeBigDataset(t, path, n)
	runtime.GC()
	base := heapLive()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() { // sample the live heap every millisecond
		for {
			if h := heapLive(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	start := time.Now()
	var d *model.Dataset
	var err error
	if os.Getenv("TRAILWISE_MEMORY_OLD") == "1" {
		d, err = readDatasetWhole(path)
	} else {
		d, err = ReadDataset(path)
	}
	took := time.Since(start)
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	rows := heapLive() - base
	p := peak.Load() - base
	t.Logf("%d rows, %.0f MB file: read in %.1f s; rows hold %.0f MB; peak live heap %.0f MB (%.1f× the rows, %.2f× the file)",
		d.RowCount(), float64(size)/1e6, took.Seconds(), float64(rows)/1e6, float64(p)/1e6, float64(p)/float64(rows), float64(p)/float64(size))
	runtime.KeepAlive(d)
}

// heapLive is the bytes of live and not yet swept heap objects.
func heapLive() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// readDatasetWhole is the reader before streaming, for comparison.
func readDatasetWhole(path string) (*model.Dataset, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	var d model.Dataset
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	runtime.KeepAlive(tree)
	return &d, d.Validate()
}

// writeBigDataset writes a valid dataset of n usage rows: accounts × the
// 17 regions of a large organization × days.
func writeBigDataset(t testing.TB, path string, n int) int64 {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	writeDatasetRows(w, n)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	f.Close()
	return st.Size()
}

// writeDatasetRows writes a valid dataset of n usage rows to w.
func writeDatasetRows(w *bufio.Writer, n int) {
	regions := []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
		"eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "ca-central-1", "sa-east-1", "ap-northeast-3"}
	const days = 365
	perAccount := len(regions) * days
	accounts := (n + perAccount - 1) / perAccount
	fmt.Fprintf(w, `{"schema": "trailwise.dataset/v1", "organization": {"id": "o-a1b2c3d4e5", "management_account": "100000000000"},`+"\n")
	fmt.Fprintf(w, `"period": {"start": "2026-01-01", "end": "2026-12-31"}, "accounts": [`)
	for a := range accounts {
		if a > 0 {
			w.WriteString(",\n")
		}
		fmt.Fprintf(w, `{"id": "%012d", "name": "account %d", "ou": "/Workloads", "status": "ACTIVE"}`, 100000000000+a, a)
	}
	w.WriteString("],\n\"usage\": [\n")
	start, _ := model.ParseDay("2026-01-01")
	for i := range n {
		a, r, day := i/perAccount, i/days%len(regions), i%days
		if i > 0 {
			w.WriteString(",\n")
		}
		fmt.Fprintf(w, `{"account": "%012d", "region": "%s", "day": "%s", "management_read_events": %d, "management_write_events": %d, "data_events": 0, "network_events": 0, "insights_events": 0, "event_bytes": %d, "stored_bytes": %d, "log_files": 288, "source": "s3-listing", "measured": true}`,
			100000000000+a, regions[r], start.AddDate(0, 0, day).Format(model.DayLayout), 1000+i%997, 200+i%101, 1500000+i, 150000+i)
	}
	w.WriteString("],\n\"trails\": [], \"event_data_stores\": [], \"gaps\": []}\n")
}
