package pricing

import (
	"strings"
	"testing"
)

// Stockholm to Frankfurt is about 1,200 km, to London 1,430, to Dublin
// 1,630 (great-circle, by hand from the cities' coordinates); Virginia is
// another geography and comes after every European region.
func TestNearestSameGeographyFirst(t *testing.T) {
	got := Nearest("eu-north-1", []string{"us-east-1", "eu-west-1", "eu-central-1", "eu-west-2"}, 4)
	if strings.Join(got, " ") != "eu-central-1 eu-west-2 eu-west-1 us-east-1" {
		t.Errorf("nearest to eu-north-1: %v", got)
	}
	if got := Nearest("xx-nowhere-1", Regions(), 3); got != nil {
		t.Errorf("an unknown region has nearest regions %v", got)
	}
}

func TestEveryBookIsACommercialRegion(t *testing.T) {
	for _, r := range Regions() {
		if !IsCommercialRegion(r) {
			t.Errorf("book for %s, not in commercialRegions", r)
		}
	}
}

func TestUseRejectsEmbeddedIDsAndUnknownFallbacks(t *testing.T) {
	b := *Embedded("eu-west-1")
	if err := Use(&b); err == nil || !strings.Contains(err.Error(), "embedded book's id") {
		t.Errorf("an embedded id: %v", err)
	}
	b.ID, b.Fallback = "refreshed-eu-west-1", "aws-nowhere"
	if err := Use(&b); err == nil || !strings.Contains(err.Error(), "fallback") {
		t.Errorf("an unknown fallback: %v", err)
	}
}
