package collect

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	kgzip "github.com/klauspost/compress/gzip"
)

// The benchmarks compare, in one run, the scanner with two baselines on the
// same real-shaped logs:
//
//	go test ./collect -run '^$' -bench . -benchtime 2s -cpu 1
//
//   - GzipOnly: decompression alone, the ceiling for anything that reads
//     delivered .json.gz files;
//   - Scan: decompression and the scanner (what ScanFile does);
//   - EncodingJSON: decompression and encoding/json decoding each file into
//     structs holding the same fields the scanner keeps.
//
// The Plain variants leave gzip out to show the parsers alone. Throughput is
// in uncompressed MB/s (b.SetBytes is the decompressed size).
//
// The corpus is the 55 real invictus log files gzipped at level 6, as
// CloudTrail delivers them (median 25 KB uncompressed), and one 3.6 MB
// file of all their 2,900 records. Without the real data folder, synthetic
// records of the same shape stand in.

type corpus struct {
	name  string
	plain [][]byte
	gz    [][]byte
	size  int64
}

var (
	corporaOnce sync.Once
	corpora     []corpus
)

func benchCorpora(b *testing.B) []corpus {
	corporaOnce.Do(func() {
		files, _ := filepath.Glob(filepath.Join(realDir, "invictus-aws_dataset/CloudTrail/*.json"))
		sort.Strings(files)
		var logs [][]byte
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			logs = append(logs, data)
		}
		if len(logs) == 0 {
			var buf bytes.Buffer
			bigLog(&buf, 30<<10)
			for range 55 {
				logs = append(logs, buf.Bytes())
			}
		}
		// One large file of every record, in file order.
		var all bytes.Buffer
		all.WriteString(`{"Records":[`)
		n := 0
		for _, l := range logs {
			var d struct{ Records []json.RawMessage }
			if err := json.Unmarshal(l, &d); err != nil {
				b.Fatal(err)
			}
			for _, r := range d.Records {
				if n > 0 {
					all.WriteByte(',')
				}
				all.Write(r)
				n++
			}
		}
		all.WriteString("]}")
		mk := func(name string, plains [][]byte) corpus {
			c := corpus{name: name, plain: plains}
			for _, p := range plains {
				var z bytes.Buffer
				w, _ := gzip.NewWriterLevel(&z, 6)
				w.Write(p)
				w.Close()
				c.gz = append(c.gz, z.Bytes())
				c.size += int64(len(p))
			}
			return c
		}
		corpora = []corpus{mk("files", logs), mk("onefile", [][]byte{all.Bytes()})}
	})
	return corpora
}

func BenchmarkGzipOnly(b *testing.B) {
	buf := make([]byte, chunkSize)
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(c.size)
			var zr gzip.Reader
			for b.Loop() {
				for _, z := range c.gz {
					if err := zr.Reset(bytes.NewReader(z)); err != nil {
						b.Fatal(err)
					}
					for {
						_, err := zr.Read(buf)
						if err == io.EOF {
							break
						}
						if err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		})
	}
}

func BenchmarkScan(b *testing.B) {
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(c.size)
			for b.Loop() {
				for _, z := range c.gz {
					if _, err := Scan(bytes.NewReader(z), c.name); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// ctRecord holds the fields the scanner keeps.
type ctRecord struct {
	EventCategory      string `json:"eventCategory"`
	ManagementEvent    *bool  `json:"managementEvent"`
	ReadOnly           *bool  `json:"readOnly"`
	EventType          string `json:"eventType"`
	EventSource        string `json:"eventSource"`
	EventName          string `json:"eventName"`
	RecipientAccountID string `json:"recipientAccountId"`
	AWSRegion          string `json:"awsRegion"`
	EventTime          string `json:"eventTime"`
}

func jsonCount(r io.Reader) (Counts, error) {
	var doc struct{ Records []ctRecord }
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return Counts{}, err
	}
	var c Counts
	for _, e := range doc.Records {
		c.Events++
		var m, ro bool
		if e.ManagementEvent != nil {
			m = *e.ManagementEvent
		}
		if e.ReadOnly != nil {
			ro = *e.ReadOnly
		}
		switch Classify(e.EventCategory, m, e.ManagementEvent != nil, e.EventType, e.EventSource, e.EventName, ro, e.ReadOnly != nil) {
		case KindManagementRead:
			c.ManagementRead++
		case KindManagementWrite:
			c.ManagementWrite++
		case KindData:
			c.Data++
		}
	}
	return c, nil
}

func BenchmarkEncodingJSON(b *testing.B) {
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(c.size)
			for b.Loop() {
				for _, z := range c.gz {
					zr, err := gzip.NewReader(bytes.NewReader(z))
					if err != nil {
						b.Fatal(err)
					}
					if _, err := jsonCount(zr); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

func BenchmarkScanPlain(b *testing.B) {
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(c.size)
			s := NewScanner()
			for b.Loop() {
				for _, p := range c.plain {
					s.reset() // as Scan does, keeping its buffers across files
					for i := 0; i < len(p); i += chunkSize {
						if _, err := s.Write(p[i:min(i+chunkSize, len(p))]); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := s.Close(); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

func BenchmarkEncodingJSONPlain(b *testing.B) {
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(c.size)
			for b.Loop() {
				for _, p := range c.plain {
					if _, err := jsonCount(bytes.NewReader(p)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// drain reads r to its end through buf.
func drain(r io.Reader, buf []byte) error {
	for {
		_, err := r.Read(buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// BenchmarkRatios runs the end-to-end readers of a corpus one after
// the other in every iteration, so that all of them see the same load on a
// shared machine, and reports the ratios the targets are set in:
// scan/gzip-% (the scanner's throughput as a share of its inflater alone,
// github.com/klauspost/compress/gzip, written to io.Discard as Scan has it
// write to the scanner), kgzip/gzip-x (that inflater's speed over
// compress/gzip's read into a buffer, timed in the same iteration) and
// scan/json-x (how many times faster than encoding/json). Garbage left by
// one reader is collected before the next starts (untimed), so none of them
// pays for another's. scan/gzip-best-% is scan/gzip-% between each reader's
// fastest pass over the corpus: on a shared machine, where a neighbour's
// load slows single passes by up to a quarter, the reading it disturbs
// least.
func BenchmarkRatios(b *testing.B) {
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			buf := make([]byte, chunkSize)
			var zr gzip.Reader
			var kr kgzip.Reader
			var std, gz, scan, js time.Duration
			gzBest, scanBest := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
			timed := func(read func(z []byte) error) time.Duration {
				runtime.GC()
				start := time.Now()
				for _, z := range c.gz {
					if err := read(z); err != nil {
						b.Fatal(err)
					}
				}
				return time.Since(start)
			}
			for b.Loop() {
				std += timed(func(z []byte) error {
					if err := zr.Reset(bytes.NewReader(z)); err != nil {
						return err
					}
					return drain(&zr, buf)
				})
				// The inflater alone as Scan drives it, by WriteTo: its
				// fastest (Read into a 64 KB buffer is about 1.5% slower).
				g := timed(func(z []byte) error {
					if err := kr.Reset(bytes.NewReader(z)); err != nil {
						return err
					}
					_, err := kr.WriteTo(io.Discard)
					return err
				})
				sc := timed(func(z []byte) error {
					_, err := Scan(bytes.NewReader(z), c.name)
					return err
				})
				gz, scan = gz+g, scan+sc
				gzBest, scanBest = min(gzBest, g), min(scanBest, sc)
				js += timed(func(z []byte) error {
					if err := zr.Reset(bytes.NewReader(z)); err != nil {
						return err
					}
					_, err := jsonCount(&zr)
					return err
				})
			}
			b.ReportMetric(100*gz.Seconds()/scan.Seconds(), "scan/gzip-%")
			b.ReportMetric(100*gzBest.Seconds()/scanBest.Seconds(), "scan/gzip-best-%")
			b.ReportMetric(std.Seconds()/gz.Seconds(), "kgzip/gzip-x")
			b.ReportMetric(js.Seconds()/scan.Seconds(), "scan/json-x")
			b.ReportMetric(float64(c.size)*float64(b.N)/scan.Seconds()/1e6, "scan-MB/s")
		})
	}
}
