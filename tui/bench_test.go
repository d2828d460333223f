package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
	"github.com/trailwise/trailwise/report"
)

// The recompute a keypress triggers on the enterprise sample (400 accounts,
// 6 regions, 12 months, 8 strategies), measured from the key to the frame
// that shows its result: Update with the key, the command it returns,
// Update with the answer, and View.

// BenchmarkKeypressWeight is a weight change on the Weights page: a re-rank
// of the computed costs (and the sensitivity intervals), nothing else.
func BenchmarkKeypressWeight(b *testing.B) {
	m, _ := liveModel(b, "enterprise", Options{})
	press(m, keyRunes("4"))
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	keys := []tea.KeyMsg{keyRight, keyLeft}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		press(m, keys[i%2])
		_ = m.View()
	}
}

// assumptionPage opens the Assumptions page on replication.
func assumptionPage(b *testing.B) *Model {
	m, _ := liveModel(b, "enterprise", Options{})
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
	m := assumptionPage(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, cmd := m.Update(keyRight)
		_, band := m.Update(cmd())
		_ = m.View()
		b.StopTimer()
		settle(m, band) // the band, measured below
		b.StartTimer()
	}
}

// BenchmarkKeypressAssumptionBand is the same change up to the frame with
// the Monte Carlo band too (1,000 draws): both steps.
func BenchmarkKeypressAssumptionBand(b *testing.B) {
	m := assumptionPage(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		press(m, keyRight)
		_ = m.View()
	}
}

// BenchmarkEstimateOnly is the engine's part: the estimate without and with
// the Monte Carlo draws. The baseline, unprepared, is the same point
// estimate from scratch (model.EstimateWith on the dataset, as before the
// engine prepared it): the checks, the per-account volumes and fits on
// every change.
func BenchmarkEstimateOnly(b *testing.B) {
	m, _ := liveModel(b, "enterprise", Options{})
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
			doc, err := report.Build(c, eng.shell, report.Meta{DatasetName: eng.name, Version: eng.version, GeneratedAt: eng.when})
			if err != nil {
				b.Fatal(err)
			}
			doc.Inputs.Dataset.Digest, doc.Inputs.Dataset.UsageRows = eng.digest, len(eng.data.Usage)
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
}
