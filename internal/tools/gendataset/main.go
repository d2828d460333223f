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

// regions17 are 17 commercial regions: the enabled regions of the large
// organizations the benchmarks stand for.
var regions17 = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1",
	"ap-southeast-2", "ap-south-1", "sa-east-1",
}

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
	spec, ok := fixtures.SampleSpec(sample)
	if !ok {
		return fmt.Errorf("no sample %q (trailwise samples lists them)", sample)
	}
	if out == "" || accounts < 3 || days < 1 {
		return fmt.Errorf("expected -o FILE, -accounts of at least 3 and -days of at least 1")
	}
	spec.Accounts, spec.Regions, spec.Days = accounts, regions17, days
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
