package model_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// BenchmarkPrepareEstimateScale prepares and estimates (point estimates and
// the 1,000 Monte Carlo draws) an organization of n accounts × 17 regions ×
// 90 days, generated in memory from the enterprise spec; the generation is
// not timed. Besides time and allocation per operation it reports
// peak-heap-MB, the largest heap in use during the operation above the
// dataset's own (sampled every millisecond), and rows.
func BenchmarkPrepareEstimateScale(b *testing.B) {
	for _, n := range scaleAccounts(b) {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			spec, _ := fixtures.ScaleSpec("enterprise", n, 90)
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

func scaleAccounts(b *testing.B) []int {
	sizes, err := fixtures.ScaleAccounts()
	if err != nil {
		b.Fatal(err)
	}
	return sizes
}
