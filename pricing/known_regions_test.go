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
