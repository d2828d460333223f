// Command gendataset writes a sample organization's dataset at the sizes
// the benchmarks measure (BENCHMARKS.md), up to 10,000 accounts × 17
// regions × 90 days (15.3 million usage rows, about 6 GB of JSON):
//
//	go run ./internal/tools/gendataset -accounts 10000 -o big.json
//
// The rows are those of fixtures.Generate with the named sample's spec, so
// the same flags always write the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/report"
)

func main() {
	sample := flag.String("sample", "enterprise", "the sample whose spec the organization follows")
	accounts := flag.Int("accounts", 1000, "accounts in the organization")
	days := flag.Int("days", 90, "days measured")
	out := flag.String("o", "", "the dataset file to write")
	flag.Parse()
	if err := run(*sample, *accounts, *days, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gendataset:", err)
		os.Exit(1)
	}
}

func run(sample string, accounts, days int, out string) error {
	spec, ok := fixtures.ScaleSpec(sample, accounts, days)
	if !ok {
		return fmt.Errorf("no sample %q (trailwise samples lists them)", sample)
	}
	if out == "" || accounts < 3 || days < 1 {
		return fmt.Errorf("expected -o FILE, -accounts of at least 3 and -days of at least 1")
	}
	d := fixtures.Generate(spec)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := report.WriteDataset(w, d); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
