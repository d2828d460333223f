package model

import (
	"math"
	"testing"
)

// TestWithoutAll leaves out several candidates at once and checks the
// shares kept against a hand count of breakdownDataset: reads 3,100,000 of
// which kms 1,240,000 (Decrypt 1,000,000, GenerateDataKey 240,000) and
// ec2 1,860,000; writes 310,000 (iam); data 620,000 (s3); bytes 31 GB in
// the breakdown (kms 12.4, ec2 12.4, iam 3.1, s3 3.1).
func TestWithoutAll(t *testing.T) {
	d := breakdownDataset()
	kmsNames := Exclusion{EventSource: "kms.amazonaws.com", Category: ClassManagement, EventNames: []string{"Decrypt"}}
	ec2 := Exclusion{EventSource: "ec2.amazonaws.com", Category: ClassManagement}
	s3 := Exclusion{EventSource: "s3.amazonaws.com", Category: ClassData}
	for _, c := range []struct {
		name                  string
		excl                  []Exclusion
		read, write, data, gb float64
	}{
		// Decrypt out: 2,100,000 of 3,100,000 reads; 21 of 31 GB.
		{"kms Decrypt", []Exclusion{kmsNames}, 2.1e6 / 3.1e6, 1, 1, 21},
		// Decrypt and ec2 out: 240,000 reads left; 31 − 10 − 12.4 GB.
		{"kms Decrypt, ec2", []Exclusion{kmsNames, ec2}, 2.4e5 / 3.1e6, 1, 1, 8.6},
		// And s3 data: no data events; 8.6 − 3.1 GB.
		{"kms Decrypt, ec2, s3 data", []Exclusion{kmsNames, ec2, s3}, 2.4e5 / 3.1e6, 1, 0, 5.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			sel := Select(d, "org-trail", WithoutAll(nil, c.excl))
			for cat, want := range map[string]float64{CategoryManagementRead: c.read, CategoryManagementWrite: c.write, CategoryData: c.data} {
				if got := sel.Kept[cat]; math.Abs(got-want) > 1e-12 {
					t.Errorf("%s kept %.6f, want %.6f", cat, got, want)
				}
			}
			if got := sel.Bytes * 31; math.Abs(got-c.gb) > 1e-9 {
				t.Errorf("bytes kept %.3f GB, want %.3f", got, c.gb)
			}
		})
	}
	// One exclusion: exactly what Without records.
	for _, ex := range []Exclusion{kmsNames, ec2, s3} {
		a, b := Select(d, "x", WithoutAll(nil, []Exclusion{ex})), Select(d, "x", ex.Without(nil))
		for cat := range a.Kept {
			if a.Kept[cat] != b.Kept[cat] || a.Bytes != b.Bytes {
				t.Errorf("%s: %s kept %v by WithoutAll, %v by Without", ex, cat, a.Kept[cat], b.Kept[cat])
			}
		}
	}
	if got := WithoutAll(withoutKMS, nil); len(got) != len(withoutKMS) {
		t.Errorf("no exclusion changed the selectors: %v", got)
	}
}
