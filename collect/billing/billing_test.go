package billing

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// The real FOCUS 1.0 sample of the FinOps Foundation: eight CloudTrail
// rows, all first-copy management events, 2,775 of them (summed by hand
// from the file), 2,455 of them in eu-central-1 for account 18938484842
// on 2024-09-13.
func TestRealFOCUSSample(t *testing.T) {
	path := os.Getenv("TRAILWISE_FOCUS_SAMPLE")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "data", "real", "focus-sample-data", "focus_sample.csv")
	}
	if _, err := os.Stat(path); err != nil {
		t.Skip("the FOCUS sample is not on this machine (set TRAILWISE_FOCUS_SAMPLE)")
	}
	tot := NewTotals("", "")
	if err := tot.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	sums := tot.Rows
	var free float64
	for k, r := range sums {
		if k.UsageType == "FreeEventsRecorded" {
			free += r.Quantity
		}
	}
	if free != 2775 {
		t.Errorf("first-copy management events %v, want 2775", free)
	}
	if r := sums[Key{"018938484842", "eu-central-1", "2024-09-13", "FreeEventsRecorded", "AWS CloudTrail"}]; r == nil || r.Quantity != 2455 {
		t.Errorf("eu-central-1 2024-09-13: %+v, want 2455 events", r)
	}
}

// A generated CUR 2.0 export, gzip: the CloudTrail and Security Lake rows
// summed per account, region, day and usage type; other services skipped.
func TestGeneratedCURExport(t *testing.T) {
	csvText := "line_item_usage_account_id,line_item_usage_start_date,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,product_region_code,pricing_unit\n" +
		"111111111111,2026-09-01T00:00:00Z,AWSCloudTrail,USE1-FreeEventsRecorded,1000,0,us-east-1,Events\n" +
		"111111111111,2026-09-01T05:00:00Z,AWSCloudTrail,USE1-FreeEventsRecorded,234,0,us-east-1,Events\n" +
		"111111111111,2026-09-01T00:00:00Z,AWSCloudTrail,USE1-PaidEventsRecorded,500000,1.0,us-east-1,Events\n" +
		"222222222222,2026-09-02T00:00:00Z,AmazonSecurityLake,EUW1-PaidCloudTrailEvents-Bytes,1073741824,0.75,eu-west-1,GB\n" +
		"111111111111,2026-09-01T00:00:00Z,AmazonEC2,USE1-BoxUsage:t3.micro,24,0.25,us-east-1,Hrs\n"
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(csvText))
	w.Close()
	path := filepath.Join(t.TempDir(), "cur-00001.csv.gz")
	os.WriteFile(path, gz.Bytes(), 0o644)
	tot := NewTotals("", "")
	if err := tot.ReadFile(path); err != nil {
		t.Fatal(err)
	}
	sums := tot.Rows
	if len(sums) != 3 {
		t.Errorf("%d sums, want 3 (EC2 skipped)", len(sums))
	}
	if r := sums[Key{"111111111111", "us-east-1", "2026-09-01", "USE1-FreeEventsRecorded", "AWS CloudTrail"}]; r == nil || r.Quantity != 1234 {
		t.Errorf("free events: %+v, want 1234", r)
	}
	if r := sums[Key{"222222222222", "eu-west-1", "2026-09-02", "EUW1-PaidCloudTrailEvents-Bytes", "Amazon Security Lake"}]; r == nil || r.Cost != 0.75 {
		t.Errorf("Security Lake: %+v", r)
	}
}

func TestNotAnExport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	os.WriteFile(path, []byte("a,b\n1,2\n"), 0o644)
	err := NewTotals("", "").ReadFile(path)
	if err == nil || err.Error() != path+": expected a CUR 2.0 export (line_item_usage_type) or a FOCUS export (ChargePeriodStart), got neither column" {
		t.Errorf("got %v", err)
	}
}
