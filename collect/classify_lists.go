package collect

import "sort"

// DataEventCalls lists, per event source, the calls IsDataEventName takes
// for data events, sorted: for engines that classify records themselves
// (an Athena or CloudTrail Lake query) with the scanner's rules.
func DataEventCalls() map[string][]string {
	s3 := make([]string, 0, len(s3ObjectCalls))
	for name := range s3ObjectCalls {
		s3 = append(s3, name)
	}
	sort.Strings(s3)
	return map[string][]string{
		"s3.amazonaws.com":     s3,
		"lambda.amazonaws.com": {"Invoke", "InvokeAsync", "InvokeWithResponseStream"},
	}
}

// ReadPrefixes lists the event-name prefixes IsReadOnlyName takes for reads.
func ReadPrefixes() []string { return append([]string(nil), readPrefixes...) }
