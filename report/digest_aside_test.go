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
	d, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	want := DatasetDigest(d)
	digest := DatasetDigestAside(d)
	book, err := pricing.ForRegion("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.EstimateWith(d, model.DefaultScenario(), book, model.Uncertainty{Draws: 50, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if got := digest(); got != want || digest() != want {
		t.Errorf("aside %s, DatasetDigest %s", got, want)
	}
}
