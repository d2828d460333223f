package pricing

import "testing"

// TestBillingCodes checks codes AWS's documentation gives (the usage-type
// examples of the Cost and Usage Report and the Region billing codes page),
// and that every region's code reads back as the region.
func TestBillingCodes(t *testing.T) {
	for code, region := range map[string]string{
		"USE1": "us-east-1", "US": "us-east-1", "EU": "eu-west-1", "EUW1": "eu-west-1",
		"APS3": "ap-south-1", "APS4": "ap-southeast-3", "AFS1": "af-south-1", "CPT1": "af-south-1",
	} {
		if r, ok := BillingCodeRegion(code); !ok || r != region {
			t.Errorf("%s: got %q %v, want %s", code, r, ok, region)
		}
	}
	if _, ok := BillingCodeRegion("XYZ9"); ok {
		t.Error("an unknown code read as a region")
	}
	if got := BillingRegionCode("eu-west-1"); got != "EU" {
		t.Errorf("eu-west-1 writes as %s, want EU", got)
	}
	if got := BillingRegionCode("xx-new-1"); got != "XX-NEW-1" {
		t.Errorf("an unknown region writes as %s", got)
	}
	for _, r := range BillingRegions() {
		if back, _ := BillingCodeRegion(BillingRegionCode(r)); back != r {
			t.Errorf("%s writes as %s, which reads as %s", r, BillingRegionCode(r), back)
		}
	}
}
