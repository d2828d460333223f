package collect

// Kind is what a CloudTrail event counts as.
type Kind uint8

// The event kinds, as the dataset counts them.
const (
	KindManagementRead Kind = iota
	KindManagementWrite
	KindData
	KindNetwork
	KindInsight
	// KindAggregated is an aggregated event: a 5-minute summary of data
	// events that a trail with event aggregation delivers besides them
	// (eventCategory "Aggregated", eventType "AwsAggregatedEvent").
	KindAggregated
)

func (k Kind) String() string {
	return [...]string{"management-read", "management-write", "data", "network", "insight", "aggregated"}[k]
}

// classify is Classify for strings or byte slices, so that the scanner
// classifies without allocating.
func classify[T ~string | ~[]byte](category T, mgmt, mgmtOK bool, eventType, source, name T, readOnly, readOnlyOK bool) Kind {
	switch string(category) {
	case "Insight":
		return KindInsight
	case "NetworkActivity":
		return KindNetwork
	case "Data":
		return KindData
	case "Management":
		return managementKind(name, readOnly, readOnlyOK)
	case "Aggregated":
		return KindAggregated
	}
	// An aggregated record names no call: it must not fall through to the
	// rules below, which would take it for a management write.
	if string(eventType) == "AwsAggregatedEvent" {
		return KindAggregated
	}
	if mgmtOK {
		if mgmt {
			return managementKind(name, readOnly, readOnlyOK)
		}
		return KindData
	}
	if string(eventType) == "AwsCloudTrailInsight" {
		return KindInsight
	}
	if isDataEventName(source, name) {
		return KindData
	}
	return managementKind(name, readOnly, readOnlyOK)
}

func managementKind[T ~string | ~[]byte](name T, readOnly, readOnlyOK bool) Kind {
	if !readOnlyOK {
		readOnly = isReadOnlyName(name)
	}
	if readOnly {
		return KindManagementRead
	}
	return KindManagementWrite
}

// s3ObjectCalls are the S3 calls CloudTrail logs as data events (object-level
// API activity), by the names they carry in eventName.
var s3ObjectCalls = map[string]bool{
	"GetObject": true, "PutObject": true, "DeleteObject": true, "DeleteObjects": true,
	"HeadObject": true, "CopyObject": true, "RestoreObject": true, "SelectObjectContent": true,
	"GetObjectAcl": true, "PutObjectAcl": true, "GetObjectAttributes": true,
	"GetObjectTagging": true, "PutObjectTagging": true, "DeleteObjectTagging": true,
	"GetObjectRetention": true, "PutObjectRetention": true,
	"GetObjectLegalHold": true, "PutObjectLegalHold": true, "GetObjectTorrent": true,
	"CreateMultipartUpload": true, "UploadPart": true, "UploadPartCopy": true,
	"CompleteMultipartUpload": true, "AbortMultipartUpload": true, "ListParts": true,
	"ListObjects": true, "ListObjectsV2": true, "ListObjectVersions": true,
	"WriteGetObjectResponse": true,
}

// isDataEventName reports whether a call without eventCategory or
// managementEvent is a data event: S3 object-level calls (s3ObjectCalls, the
// listing calls ListObjects, ListObjectsV2 and ListObjectVersions included,
// as CloudTrail categorizes them) and Lambda Invoke.
func isDataEventName[T ~string | ~[]byte](source, name T) bool {
	switch string(source) {
	case "s3.amazonaws.com":
		return s3ObjectCalls[string(name)]
	case "lambda.amazonaws.com":
		switch string(name) {
		case "Invoke", "InvokeAsync", "InvokeWithResponseStream":
			return true
		}
	}
	return false
}

// readPrefixes are the event-name prefixes taken as reads when readOnly is
// absent.
var readPrefixes = []string{"Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Scan", "Query", "Select", "Check", "Verify"}

// isReadOnlyName reports whether an event name without readOnly is taken as
// a read: it starts with one of Get, List, Describe, Head, Lookup, Search,
// BatchGet, Scan, Query, Select, Check or Verify, followed by an upper-case
// letter or nothing (so "Getaway" is not a read, "GetObject" is).
func isReadOnlyName[T ~string | ~[]byte](name T) bool {
	for _, p := range readPrefixes {
		if len(name) >= len(p) && string(name[:len(p)]) == p {
			if len(name) == len(p) || (name[len(p)] >= 'A' && name[len(p)] <= 'Z') {
				return true
			}
		}
	}
	return false
}
