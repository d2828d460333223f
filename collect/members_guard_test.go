//go:build linux

package collect

import (
	"strings"
	"syscall"
	"testing"
)

// TestScannerReadsNothingPastTheChunk writes every cut of a log to the
// scanner as one chunk that ends where an unreadable page begins, so that
// a read past the chunk's end (the walk reads four bytes after a mark
// without a bound, 32 after a kept value's start, eight of a key) faults
// instead of reading what happens to lie there.
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
	}
	var doc strings.Builder
	doc.WriteString(`{"Records":[`)
	for i := 0; doc.Len() < page; i++ {
		if i > 0 {
			doc.WriteByte(',')
		}
		doc.WriteString(recs[i%len(recs)])
	}
	doc.WriteString("]}")
	full := doc.String()[:min(doc.Len(), len(usable))]

	writes := 0
	for _, goWalk := range []bool{false, true} {
		for cut := 1; cut <= len(full); cut++ {
			chunk := usable[len(usable)-cut:]
			copy(chunk, full[:cut])
			s := NewScanner()
			s.goWalk = goWalk
			s.Write(chunk) // a cut log may be an error; a fault fails the test
			writes++
		}
	}
	if writes < 2*page {
		t.Fatalf("only %d cuts written", writes)
	}
}
