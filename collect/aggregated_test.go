package collect

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// aggregatedRecord is an aggregated event as AWS documents its shape
// (CloudTrail user guide, "Aggregating data events" and "CloudTrail record
// contents for aggregated events"): no eventName, eventTime, readOnly or
// managementEvent, an accountId instead of recipientAccountId, and a
// summary of the data events of a 5-minute window.
func aggregatedRecord(account, region, day string, i int) string {
	return fmt.Sprintf(`{"eventVersion":"1.0","accountId":"%s","eventId":"62759c1a-6248-48e1-a6b3-%012d",`+
		`"eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"%s","eventSource":"s3.amazonaws.com",`+
		`"timeWindow":{"windowStart":"%sT19:%02d:00Z","windowEnd":"%sT19:%02d:00Z","windowSize":"PT5M"},`+
		`"summary":{"primaryDimension":{"dimension":"eventName","statistics":[{"name":"PutObject","value":%d}],"aggregationType":"Count"},`+
		`"details":[{"dimension":"resourceARN","statistics":[{"name":"arn:aws:s3:::bucket-1","value":800},{"name":"arn:aws:s3:::bucket-2","value":150}],"aggregationType":"Count"}]}}`,
		account, i, region, day, 5*(i%11), day, 5*(i%11)+5, 1000+i)
}

// TestAggregatedEventsCounted scans a gzipped log whose Records mix
// aggregated events with a management write, a management read and a data
// event: the aggregated records are counted as aggregated, by the scanner
// and by the encoding/json reference, and not as management writes (which
// the rules would make of a record without eventCategory or eventName).
func TestAggregatedEventsCounted(t *testing.T) {
	const account, region, day = "111122223333", "us-west-2", "2025-11-17"
	recs := []string{
		aggregatedRecord(account, region, day, 0),
		synthRecord(account, region, day, 1, KindManagementWrite),
		aggregatedRecord(account, region, day, 2),
		synthRecord(account, region, day, 3, KindManagementRead),
		aggregatedRecord(account, region, day, 4),
		synthRecord(account, region, day, 5, KindData),
	}
	var bytes int64
	for _, r := range recs {
		bytes += int64(len(r))
	}
	doc := []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`)
	want := Counts{Events: 6, ManagementRead: 1, ManagementWrite: 1, Data: 1, Aggregated: 3, EventBytes: bytes}

	path := filepath.Join(t.TempDir(), "aggregated.json.gz")
	if err := os.WriteFile(path, gz(t, doc), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := ScanFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Gzip || st.Counts != want {
		t.Errorf("scanner: gzip %v, %+v, want %+v", st.Gzip, st.Counts, want)
	}
	ref, _, ok := reference(t, readMaybeGzip(t, path))
	if !ok || ref.Counts != want {
		t.Errorf("encoding/json reference: %v %+v, want %+v", ok, ref.Counts, want)
	}
	if d := sameCounts(st, &ref); d != "" {
		t.Error(d)
	}
	// Aggregated records carry accountId, not recipientAccountId: the
	// per-account tally files them under "" (the collectors take the
	// account from the key, not from this map).
	if accts := tallyMap(st.Accounts); accts[""] != 3 || accts[account] != 3 || len(accts) != 2 {
		t.Errorf("accounts %v", st.Accounts)
	}
}

// TestAggregatedEventsReachTheDataset reads a synced folder whose log file
// holds aggregated events: the usage row carries them as aggregated_events
// and leaves the management counts alone.
func TestAggregatedEventsReachTheDataset(t *testing.T) {
	dir := t.TempDir()
	const org, account, region, day = "o-synth12345", "111111111111", "us-east-1", "2026-03-01"
	recs := []string{
		aggregatedRecord(account, region, day, 0),
		aggregatedRecord(account, region, day, 1),
		synthRecord(account, region, day, 2, KindManagementWrite),
	}
	path := logPath(dir, org, account, region, day, "agg.json.gz")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, gz(t, []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`)), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := FromDir(dir, FromDirOptions{ManagementAccount: account, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	d = roundTrip(t, d)
	if len(rowsOf(d)) != 1 {
		t.Fatalf("%d rows", len(rowsOf(d)))
	}
	u := rowsOf(d)[0]
	if u.AggregatedEvents != 2 || u.ManagementWriteEvents != 1 || u.ManagementReadEvents != 0 || u.DataEvents != 0 {
		t.Errorf("%+v", u)
	}
}
