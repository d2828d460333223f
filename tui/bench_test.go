package tui

import (
	"fmt"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

// The recompute a keypress triggers, measured from the key to the frame
// that shows its result: Update with the key, the command it returns,
// Update with the answer, and View. Each runs on the enterprise sample
// (400 accounts, 6 regions, 12 months) and on organizations generated from
// the same spec with 1,000 and 10,000 accounts, in memory.

// benchSizes are the organizations the benchmarks run on, by accounts.
var benchSizes = []int{400, 1000, 10000}

// benchEngines holds one engine per size: generating 10,000 accounts and
// hashing and preparing their 1.8 million rows takes seconds, and the
// benchmark functions are called several times as b.N grows.
var benchEngines sync.Map // accounts → *Engine

// benchEngine is the engine over the enterprise spec with n accounts (the
// sample itself at 400).
func benchEngine(b *testing.B, n int) *Engine {
	if e, ok := benchEngines.Load(n); ok {
		return e.(*Engine)
	}
	spec, ok := fixtures.SampleSpec("enterprise")
	if !ok {
		b.Fatal("no enterprise sample")
	}
	spec.Accounts = n
	d := fixtures.Generate(spec)
	e := NewEngine(d, fmt.Sprintf("enterprise×%d", n), nil, model.DefaultUncertainty(), "test", fixedTime)
	benchEngines.Store(n, e)
	return e
}

// benchModel opens the interface on the engine of n accounts.
func benchModel(b *testing.B, n int) *Model {
	m, err := New(Options{Engine: benchEngine(b, n), Scenario: model.DefaultScenario(), Renderer: ascii(), ExportDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	settle(m, m.Init()) // keypresses are timed once the start's background work is done
	return m
}

// eachSize runs f as a sub-benchmark per organization size.
func eachSize(b *testing.B, f func(b *testing.B, n int)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) { f(b, n) })
	}
}

// BenchmarkKeypressWeight is a weight change on the Weights page: a re-rank
// of the computed costs (and the sensitivity intervals), nothing else.
func BenchmarkKeypressWeight(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		m := benchModel(b, n)
		press(m, keyRunes("4"))
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		keys := []tea.KeyMsg{keyRight, keyLeft}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			press(m, keys[i%2])
			_ = m.View()
		}
	})
}

// assumptionPage opens the Assumptions page on replication.
func assumptionPage(b *testing.B, n int) *Model {
	m := benchModel(b, n)
	press(m, keyRunes("5"))
	for range 6 {
		press(m, keyDown)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	return m
}

// BenchmarkKeypressAssumptionRanking is an assumption change on the
// Assumptions page (replication same-region ↔ cross-region) up to the frame
// with the new costs and ranking: every strategy priced again (point
// estimates), the report document rebuilt, re-ranked.
func BenchmarkKeypressAssumptionRanking(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		m := assumptionPage(b, n)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, cmd := m.Update(keyRight)
			_, band := m.Update(cmd())
			_ = m.View()
			b.StopTimer()
			settle(m, band) // the band, measured below
			b.StartTimer()
		}
	})
}

// BenchmarkKeypressSelectorToggle is a candidate selector toggled on the
// Assumptions page (leave kms.amazonaws.com out of every strategy's
// selectors, and record it again) up to the frame with the new costs and
// ranking, as BenchmarkKeypressAssumptionRanking: the selectors applied to
// the breakdown per strategy, every strategy priced again, re-ranked. The
// band and the candidates' savings priced again follow, untimed.
func BenchmarkKeypressSelectorToggle(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		m := benchModel(b, n)
		press(m, keyRunes("5"))
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		p := m.pages[4].(*assumptionsPage)
		for range 60 {
			if p.candKey == "exclude kms.amazonaws.com" {
				break
			}
			press(m, keyDown)
		}
		if p.candKey != "exclude kms.amazonaws.com" {
			b.Fatal("no KMS candidate")
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, cmd := m.Update(keyRunes(" "))
			_, band := m.Update(cmd())
			_ = m.View()
			b.StopTimer()
			settle(m, band)
			b.StartTimer()
		}
	})
}

// BenchmarkKeypressAssumptionBand is the same change up to the frame with
// the Monte Carlo band too (1,000 draws): both steps.
func BenchmarkKeypressAssumptionBand(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		m := assumptionPage(b, n)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			press(m, keyRight)
			_ = m.View()
		}
	})
}

// BenchmarkEstimateOnly is the engine's part: the estimate without and with
// the Monte Carlo draws. The baseline, unprepared, is the same point
// estimate from scratch (model.EstimateWith on the dataset, as before the
// engine prepared it): the checks, the per-account volumes and fits on
// every change.
func BenchmarkEstimateOnly(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		m := benchModel(b, n)
		eng := m.s.eng
		b.Run("draws=0", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := eng.Point(m.s.scenario); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("draws=0/unprepared", func(b *testing.B) {
			book, err := pricing.ForRegion(m.s.scenario.Region)
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				c, err := model.EstimateWith(eng.data, m.s.scenario, book, model.Uncertainty{Seed: eng.mc.Seed})
				if err != nil {
					b.Fatal(err)
				}
				doc, err := report.Build(c, eng.shell, report.Meta{DatasetName: eng.name, Version: eng.version, GeneratedAt: eng.when, DatasetDigest: eng.digest()})
				if err != nil {
					b.Fatal(err)
				}
				doc.Inputs.Dataset.UsageRows = eng.data.RowCount()
			}
		})
		b.Run("draws=1000", func(b *testing.B) {
			if eng.mc.Draws != model.DefaultDraws {
				b.Fatalf("draws %d", eng.mc.Draws)
			}
			for i := 0; i < b.N; i++ {
				if _, _, err := eng.Estimate(m.s.scenario); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
