package awscollect

import (
	"strings"
	"testing"
)

// FuzzParseUsageType: any usage type parses without panicking; a region,
// when one comes out, is one the dataset accepts, and the name is what
// follows the region code.
func FuzzParseUsageType(f *testing.F) {
	for _, s := range []string{"USE1-FreeEventsRecorded", "FreeEventsRecorded", "EU-DataEventsRecorded", "APN1-PaidCloudTrailEvents-Bytes",
		"USW2-Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs", "XYZ9-InsightsEvents", "-", "", "USE1-", "A1-B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u := ParseUsageType(s)
		if u.Region != "" && !regionRE.MatchString(u.Region) {
			t.Errorf("%q: region %q", s, u.Region)
		}
		if u.Code != "" && s != u.Code+"-"+u.Name {
			t.Errorf("%q: code %q name %q", s, u.Code, u.Name)
		}
		if u.Kind != "" && !strings.HasSuffix(s, u.Name) {
			t.Errorf("%q: kind %q from name %q", s, u.Kind, u.Name)
		}
	})
}
