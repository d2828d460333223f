//go:build linux

package collect

import (
	"strings"
	"syscall"
	"testing"
)

// TestScannerReadsNothingPastTheChunk writes every cut of a log to the
// scanner as one chunk that ends where an unreadable page begins, so that
// a read past the chunk's end faults instead of reading what happens to
// lie there: the index reads whole blocks, and the assembly walk reads
// without a bound four bytes from a mark, eight of a key and 32 from a
// kept value's start (walkSafe). (Go's walk has its bounds checked.)
func TestScannerReadsNothingPastTheChunk(t *testing.T) {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 3*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skip("no anonymous mapping:", err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[2*page:], syscall.PROT_NONE); err != nil {
		t.Skip("no guard page:", err)
	}
	usable := mem[:2*page]

	// Records the assembly walks whole (no escape), with nested values,
	// literals and kept values at the record's end.
	recs := []string{
		`{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","a":[1,{"b":"]"}]},"eventTime":"2026-01-02T03:04:05Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`,
		`{"eventTime":"2026-01-02T03:04:06Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","requestParameters":{"bucketName":"b"},"readOnly":false,"managementEvent":false,"recipientAccountId":"111122223333","awsRegion":"eu-west-1"}`,
		`{"eventSource":"s3.amazonaws.com","eventName":"PutObject","resources":[{"ARN":"arn:aws:s3:::b/k"}],"readOnly":null,"eventCategory":"Data"}`,
		`{"eventSource":"","eventName":"","awsRegion":"","x":""}`, // kept values read 32 bytes from where they start
	}
	doc := `{"Records":[` + strings.Join(recs, ",") + "]}"

	// Every cut, with the blocks falling at each of their 64 offsets in
	// the records (white space before the log moves them).
	writes := 0
	for shift := range 64 {
		full := strings.Repeat(" ", shift) + doc
		for cut := 1; cut <= len(full); cut++ {
			chunk := usable[len(usable)-cut:]
			copy(chunk, full[:cut])
			NewScanner().Write(chunk) // a cut log may be an error; a fault fails the test
			writes++
		}
	}
	if writes < 64*len(doc) {
		t.Fatalf("only %d cuts written", writes)
	}
}
