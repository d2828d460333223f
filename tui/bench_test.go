package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/trailwise/trailwise/model"
)

// The recompute a keypress triggers on the enterprise sample (400 accounts,
// 6 regions, 12 months, 8 strategies), measured from the key to the next
// frame: Update with the key, the command it returns, Update with the
// answer, and View.

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

// BenchmarkKeypressAssumption is an assumption change on the Assumptions
// page (replication same-region ↔ cross-region): every strategy priced
// again with the Monte Carlo band, the report document rebuilt, re-ranked.
func BenchmarkKeypressAssumption(b *testing.B) {
	m, _ := liveModel(b, "enterprise", Options{})
	press(m, keyRunes("5"))
	for range 6 {
		press(m, keyDown)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		press(m, keyRight)
		_ = m.View()
	}
}

// BenchmarkEstimateOnly splits the assumption change: the engine's
// estimate without and with the Monte Carlo draws.
func BenchmarkEstimateOnly(b *testing.B) {
	m, _ := liveModel(b, "enterprise", Options{})
	eng := m.s.eng
	for _, draws := range []int{0, model.DefaultDraws} {
		b.Run(map[int]string{0: "draws=0", model.DefaultDraws: "draws=1000"}[draws], func(b *testing.B) {
			e := *eng
			e.mc = model.Uncertainty{Draws: draws, Seed: model.DefaultSeed}
			for i := 0; i < b.N; i++ {
				if _, _, err := e.Estimate(m.s.scenario); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
