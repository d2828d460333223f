package awscollect

import (
	"strings"

	"github.com/trailwise/trailwise/pricing"
)

// Kind is what a Cost Explorer usage type measures.
type Kind string

// The usage types the collector maps (design: Pricing facts, Cost Explorer).
const (
	KindFreeEvents        Kind = "FreeEventsRecorded"    // first-copy management events: exact count
	KindPaidEvents        Kind = "PaidEventsRecorded"    // additional management-event copies
	KindDataEvents        Kind = "DataEventsRecorded"    // data events, every copy
	KindNetworkEvents     Kind = "NetworkEventsRecorded" // network activity events
	KindInsightsEvents    Kind = "InsightsEvents"        // Insights events analyzed
	KindLakeIngestion1y   Kind = "Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs"
	KindLakeIngestion     Kind = "Ingestion-Bytes"
	KindLakeQueryScanned  Kind = "QueryScanned-Bytes"
	KindLakeStorage       Kind = "PaidStorage-ByteHrs"
	KindSecurityLakeBytes Kind = "SecurityLake-Bytes" // any {Free,Paid}{CloudTrailEvents,OtherLogs,Normalization}-Bytes
	// CloudWatch Logs (SERVICE AmazonCloudWatch, see CloudWatchService):
	// ingestion of the Standard log class (PutLogEvents, GB) and storage
	// (HourlyStorageMetering, GB-Mo), as AWS's knowledge-center article on
	// CloudWatch charges names them. The names are not CloudWatch's alone
	// (S3 Standard storage is TimedStorage-ByteHrs too): the collector maps
	// them only when it asked for CloudWatch.
	KindLogsIngestion Kind = "DataProcessing-Bytes"
	KindLogsStorage   Kind = "TimedStorage-ByteHrs"
	// The other CloudWatch Logs usage types a CloudWatch route bills
	// under, as the CloudWatch user guide's "Analyzing, optimizing, and
	// reducing CloudWatch costs" names them: ingestion into the Infrequent
	// Access class ("Collect (data ingestion for Infrequent Access log
	// class)"), vended logs delivered into the Standard and Infrequent
	// Access classes ("Delivery"), and Logs Insights' data scanned
	// ("Analyze (Logs Insights queries)"); GB each.
	KindLogsIngestionIA Kind = "DataProcessingIA-Bytes"
	KindVendedLogs      Kind = "VendedLog-Bytes"
	KindVendedLogsIA    Kind = "VendedLogIA-Bytes"
	KindLogsScanned     Kind = "DataScanned-Bytes"
)

// GlobalCode is the code CloudWatch bills some free-tier usage under, in
// place of a region (AWS's CloudWatch billing page: "Some CloudWatch
// features such as logs and alarms also use the Global Region to identify
// the Free Tier usage").
const GlobalCode = "Global"

// cloudWatchKind tells CloudWatch's kinds from the others.
func cloudWatchKind(k Kind) bool {
	switch k {
	case KindLogsIngestion, KindLogsStorage, KindLogsIngestionIA, KindVendedLogs, KindVendedLogsIA, KindLogsScanned:
		return true
	}
	return false
}

// logsIngestionKind tells CloudWatch Logs' ingestion, whatever the class.
func logsIngestionKind(k Kind) bool {
	return k == KindLogsIngestion || k == KindLogsIngestionIA || k == KindVendedLogs || k == KindVendedLogsIA
}

// UsageType is a parsed Cost Explorer usage type.
type UsageType struct {
	Region string // "" when the region code is unknown
	Code   string // the region code as written ("USE1"; "" for none)
	Kind   Kind   // "" when the usage type is not one trailwise maps
	Name   string // the part after the region code
	Free   bool   // Security Lake Free* (trial) usage
	// Global is true for the Global code (GlobalCode): usage of no one
	// region, Region "".
	Global bool
}

// ParseUsageType splits "<REGION>-<name>" and says what it measures.
func ParseUsageType(s string) UsageType {
	u := UsageType{Name: s}
	if code, rest, ok := strings.Cut(s, "-"); ok {
		if code == GlobalCode {
			u.Code, u.Name, u.Global = code, rest, true
		} else if r, known := pricing.BillingCodeRegion(code); known {
			u.Code, u.Region, u.Name = code, r, rest
		} else if isRegionCode(code) {
			u.Code, u.Name = code, rest
		}
	}
	if u.Code == "" {
		u.Region = "us-east-1" // no prefix: us-east-1
	}
	switch n := u.Name; {
	case n == string(KindFreeEvents), n == string(KindPaidEvents), n == string(KindDataEvents),
		n == string(KindNetworkEvents), n == string(KindInsightsEvents),
		n == string(KindLakeIngestion1y), n == string(KindLakeIngestion),
		n == string(KindLakeQueryScanned), n == string(KindLakeStorage),
		n == string(KindLogsIngestion), n == string(KindLogsStorage):
		u.Kind = Kind(n)
	case n == string(KindLogsIngestionIA), n == string(KindVendedLogs), n == string(KindVendedLogsIA), n == string(KindLogsScanned):
		u.Kind = Kind(n)
	case isSecurityLake(n):
		u.Kind = KindSecurityLakeBytes
		u.Free = strings.HasPrefix(n, "Free")
	}
	return u
}

func isSecurityLake(n string) bool {
	for _, fp := range []string{"Free", "Paid"} {
		for _, src := range []string{"CloudTrailEvents", "OtherLogs", "Normalization"} {
			if n == fp+src+"-Bytes" {
				return true
			}
		}
	}
	return false
}

// isRegionCode tells a region code we do not know ("XYZ9") from a usage
// type without one ("FreeEventsRecorded").
func isRegionCode(s string) bool {
	if len(s) < 3 || len(s) > 5 {
		return false
	}
	for i, c := range s {
		switch {
		case c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i == len(s)-1:
		default:
			return false
		}
	}
	return s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}
