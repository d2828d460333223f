package pricing

import (
	"slices"
	"testing"
)

func TestKnownRegion(t *testing.T) {
	if !slices.IsSorted(KnownRegions()) {
		t.Fatal("KnownRegions must be sorted")
	}
	for _, r := range []string{"us-east-1", "eu-west-1", "ap-southeast-7", "us-gov-west-1", "cn-north-1"} {
		if !KnownRegion(r) {
			t.Errorf("KnownRegion(%q) = false", r)
		}
	}
	for _, r := range []string{"zz-fake-9", "us-east-7", "", "US-EAST-1", "us-east-1 "} {
		if KnownRegion(r) {
			t.Errorf("KnownRegion(%q) = true", r)
		}
	}
	// every book is for a known region
	for _, b := range Books() {
		if !KnownRegion(b.Region) {
			t.Errorf("book %s is for %q, which KnownRegion does not know", b.ID, b.Region)
		}
	}
}

// A rate of another region's book keeps its own source and confidence.
func TestRegionRateID(t *testing.T) {
	us, err := ForRegion("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	tokyo, _ := ForRegion("ap-northeast-1")
	want := tokyo.Rates["s3.inter_region_transfer"]
	r, err := us.Rate(RegionRateID("s3.inter_region_transfer", "ap-northeast-1"))
	if err != nil || r.ID != "s3.inter_region_transfer@ap-northeast-1" || r.Price != want.Price || r.Source != want.Source || r.Confidence != want.Confidence {
		t.Errorf("got %+v, %v; want Tokyo's rate %+v", r, err, want)
	}
	if _, err := us.Rate(RegionRateID("s3.inter_region_transfer", "zz-fake-9")); err == nil {
		t.Error("a rate of a region that does not exist was found")
	}
}

// A rate of a known region without a book is this book's rate, marked a
// fallback under its own id, so no output shows it as that region's.
func TestRegionRateIDWithoutBook(t *testing.T) {
	if Embedded("eu-north-1") != nil {
		t.Skip("eu-north-1 has a book now: pick a known region without one")
	}
	us, _ := ForRegion("us-east-1")
	own := us.Rates["s3.inter_region_transfer"]
	r, err := us.Rate(RegionRateID("s3.inter_region_transfer", "eu-north-1"))
	if err != nil || r.ID != "s3.inter_region_transfer@eu-north-1" || !r.FromFallback || r.NoBook != "eu-north-1" || r.Price != own.Price || r.Book != us.ID {
		t.Errorf("got %+v, %v; want us-east-1's rate %v marked fallback for eu-north-1", r, err, own.Price)
	}
	if r, _ := us.Rate("s3.inter_region_transfer"); r.FromFallback {
		t.Error("the book's own rate is marked fallback")
	}
}
