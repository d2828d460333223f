package awscollect

import "strings"

// billingRegions maps the region code that prefixes a usage type in the
// bill and in Cost Explorer ("USE1-FreeEventsRecorded") to the region. Usage
// in us-east-1 may carry no prefix at all, and eu-west-1 is "EU" for the
// older services. Sources: "AWS Region billing codes" (AWS Global
// Infrastructure documentation) for the Americas, Africa and Asia Pacific;
// for Europe, the Middle East, China and GovCloud, the Cost and Usage
// Report's usage-type documentation and public cost exporters that agree
// with it. af-south-1 is AFS1 on that page and CPT1 in older exporters:
// both are read. A code that is not here is reported, not guessed.
var billingRegions = map[string]string{
	"USE1": "us-east-1", "US": "us-east-1",
	"USE2": "us-east-2",
	"USW1": "us-west-1",
	"USW2": "us-west-2",
	"UGW1": "us-gov-west-1",
	"UGE1": "us-gov-east-1",
	"CAN1": "ca-central-1",
	"CAN2": "ca-west-1",
	"MXC1": "mx-central-1",
	"SAE1": "sa-east-1",
	"EU":   "eu-west-1", "EUW1": "eu-west-1",
	"EUW2": "eu-west-2",
	"EUW3": "eu-west-3",
	"EUC1": "eu-central-1",
	"EUC2": "eu-central-2",
	"EUN1": "eu-north-1",
	"EUS1": "eu-south-1",
	"EUS2": "eu-south-2",
	"APE1": "ap-east-1",
	"APN1": "ap-northeast-1",
	"APN2": "ap-northeast-2",
	"APN3": "ap-northeast-3",
	"APS1": "ap-southeast-1",
	"APS2": "ap-southeast-2",
	"APS3": "ap-south-1",
	"APS4": "ap-southeast-3",
	"APS5": "ap-south-2",
	"APS6": "ap-southeast-4",
	"APS7": "ap-southeast-5",
	"APS8": "ap-southeast-6",
	"APS9": "ap-southeast-7",
	"APE2": "ap-east-2",
	"AFS1": "af-south-1", "CPT1": "af-south-1",
	"MES1": "me-south-1",
	"MEC1": "me-central-1",
	"ILC1": "il-central-1",
	"CNN1": "cn-north-1",
	"CNW1": "cn-northwest-1",
}

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
)

// GlobalCode is the code CloudWatch bills some free-tier usage under, in
// place of a region (AWS's CloudWatch billing page: "Some CloudWatch
// features such as logs and alarms also use the Global Region to identify
// the Free Tier usage").
const GlobalCode = "Global"

// cloudWatchKind tells CloudWatch's kinds from the others.
func cloudWatchKind(k Kind) bool { return k == KindLogsIngestion || k == KindLogsStorage }

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
		} else if r, known := billingRegions[code]; known {
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
