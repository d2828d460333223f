package collect

import "os"

// What the tests and benchmarks reach and the program does not.

// Classify applies the rules in the package documentation to one record's
// fields: its eventCategory (empty when absent), managementEvent (mgmtOK
// false when absent), eventType, eventSource, eventName and readOnly
// (readOnlyOK false when absent).
func Classify(category string, mgmt, mgmtOK bool, eventType, source, name string, readOnly, readOnlyOK bool) Kind {
	return classify(category, mgmt, mgmtOK, eventType, source, name, readOnly, readOnlyOK)
}

// ScanFile scans one CloudTrail log file, gzip-compressed (as delivered) or
// plain JSON, in bounded memory.
func ScanFile(path string) (*FileStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ScanError{File: path, Offset: -1, Msg: describeOSError(err), Err: err}
	}
	defer f.Close()
	return Scan(f, path)
}
