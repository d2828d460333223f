package report

import (
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// DatasetDigestAside gives what DatasetDigest gives, however often it is
// asked, while the dataset is priced beside it (run with -race: pricing
// must not write to what the digest reads).
func TestDatasetDigestAside(t *testing.T) {
	plain, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	// Rows packed as a loader packs them: pricing validates them and keeps
	// its proof in the store while the digest reads it.
	packed := plain.WithoutRows()
	p := model.NewPackedRows()
	for _, u := range plain.Usage {
		if err := p.Append(u); err != nil {
			t.Fatal(err)
		}
	}
	packed.SetPackedRows(p)
	book, err := pricing.ForRegion("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	want := DatasetDigest(plain)
	for name, d := range map[string]*model.Dataset{"plain": plain, "packed": packed} {
		digest := DatasetDigestAside(d)
		if _, err := model.EstimateWith(d, model.DefaultScenario(), book, model.Uncertainty{Draws: 50, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		if got := digest(); got != want || digest() != want {
			t.Errorf("%s: aside %s, DatasetDigest %s", name, got, want)
		}
	}
}
