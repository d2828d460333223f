package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

func rankedDoc(t *testing.T, sample, preset, method string) *Document {
	t.Helper()
	doc := sampleDoc(t, sample)
	d, _ := fixtures.Load(sample)
	book, _ := pricing.ForRegion("us-east-1")
	c, err := model.Estimate(d, model.DefaultScenario(), book)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := model.PresetWeights(preset)
	r, err := model.Rank(c, model.DefaultCriteria(), w, method)
	if err != nil {
		t.Fatal(err)
	}
	doc.Ranking = BuildRanking(r, RankingMeta{Preset: preset})
	return doc
}

func TestRatioIsANumberWithFourPlaces(t *testing.T) {
	b, _ := json.Marshal(struct{ W Ratio }{0.1 + 0.2})
	if string(b) != `{"W":0.3000}` {
		t.Errorf("%s", b)
	}
	var back struct{ W Ratio }
	if err := json.Unmarshal(b, &back); err != nil || back.W != 0.3 {
		t.Errorf("%v %v", back.W, err)
	}
}

func TestRankingTableWidthsAndOrder(t *testing.T) {
	for _, sample := range []string{"small", "enterprise"} {
		doc := rankedDoc(t, sample, "cost-first", model.MethodTOPSIS)
		for _, width := range []int{80, 100} {
			var buf bytes.Buffer
			if err := RankingTable(&buf, doc, width); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
				if n := len([]rune(line)); n > width {
					t.Errorf("%s width %d: line of %d: %q", sample, width, n, line)
				}
			}
			prev := -1
			for _, r := range doc.Ranking.Ranked {
				at := strings.Index(out, " "+r.Strategy+" ")
				if at < prev {
					t.Errorf("%s: %s is out of order", sample, r.Strategy)
				}
				prev = at
			}
			if n := strings.Count(out, "stays first"); n != len(model.Criteria) {
				t.Errorf("%s: %d sensitivity sentences", sample, n)
			}
		}
	}
}

func TestBar(t *testing.T) {
	for score, want := range map[float64]string{0: "░░░░", 1: "████", 0.5: "██░░", 2: "████", -1: "░░░░"} {
		if got := bar(score, 4); got != want {
			t.Errorf("bar(%v) = %q, want %q", score, got, want)
		}
	}
}

func TestRenderRankingNeedsARanking(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderRanking(&buf, sampleDoc(t, "small"), "table"); err == nil {
		t.Error("rendered a ranking the report does not have")
	}
	if err := RenderRanking(&buf, rankedDoc(t, "small", "balanced", model.MethodWeightedSum), "csv"); err == nil || !strings.Contains(err.Error(), "table, json, markdown") {
		t.Errorf("csv: %v", err)
	}
}
