package model_test

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// scaleRegions are 17 commercial regions, the enabled regions of the
// large organizations the scale benchmark stands for.
var scaleRegions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1",
	"ap-southeast-2", "ap-south-1", "sa-east-1",
}

// scaleAccounts is the organization sizes the scale benchmark runs:
// TRAILWISE_BENCH_ACCOUNTS (a comma-separated list), else 100 and 1,000.
func scaleAccounts(b *testing.B) []int {
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

// BenchmarkPrepareEstimateScale prepares and estimates (point estimates and
// the 1,000 Monte Carlo draws) an organization of n accounts × 17 regions ×
// 90 days, generated in memory from the enterprise spec; the generation is
// not timed. Besides time and allocation per operation it reports
// peak-heap-MB, the largest heap in use during the operation above the
// dataset's own (sampled every millisecond), and rows.
func BenchmarkPrepareEstimateScale(b *testing.B) {
	for _, n := range scaleAccounts(b) {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			spec, _ := fixtures.SampleSpec("enterprise")
			spec.Accounts, spec.Regions, spec.Days = n, scaleRegions, 90
			d := fixtures.Generate(spec)
			book, err := pricing.ForRegion("us-east-1")
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			var peak atomic.Uint64
			stop := make(chan struct{})
			done := make(chan struct{})
			go sampleHeap(&peak, stop, done)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p, err := model.Prepare(d)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := p.Estimate(model.DefaultScenario(), book, model.DefaultUncertainty()); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			close(stop)
			<-done
			b.ReportMetric(float64(peak.Load()-min(base, peak.Load()))/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(len(d.Usage)), "rows")
		})
	}
}

// sampleHeap keeps the largest HeapInuse seen until stop is closed.
func sampleHeap(peak *atomic.Uint64, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	var ms runtime.MemStats
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
		}
	}
}
