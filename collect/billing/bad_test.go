package billing

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// Bad exports stop the read with one line naming the file, the place and
// what was expected.
func TestBadExports(t *testing.T) {
	dir := t.TempDir()
	curHead := "line_item_usage_account_id,line_item_usage_start_date,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,product_region_code\n"
	good := "111111111111,2026-09-01T00:00:00Z,AWSCloudTrail,USE1-FreeEventsRecorded,10,0,us-east-1\n"
	// a Parquet file cut short: its magic, and no footer
	var pq bytes.Buffer
	w := parquet.NewGenericWriter[struct {
		Q string `parquet:"ConsumedQuantity"`
	}](&pq)
	w.Close()
	for _, c := range []struct{ name, body, want string }{
		{"no-amount.csv", strings.Replace(curHead, "line_item_usage_amount,", "", 1) + "1,2,3\n",
			": column line_item_usage_amount: expected the column in a CUR 2.0 export, got none"},
		{"bad-number.csv", curHead + good + strings.Replace(good, ",10,", ",1O,", 1),
			": row 3, column line_item_usage_amount: expected a number, got \"1O\""},
		{"bad-day.csv", curHead + strings.Replace(good, "2026-09-01T00:00:00Z", "09/01/2026", 1),
			": row 2, column line_item_usage_start_date: expected a time like 2024-09-01T00:00:00Z, got \"09/01/2026\""},
		{"bad-account.csv", curHead + strings.Replace(good, "111111111111", "acct-1", 1),
			": row 2, column line_item_usage_account_id: expected a 12-digit account id, got \"acct-1\""},
		{"cut.parquet", string(pq.Bytes()[:pq.Len()/2]), ": expected a Parquet file, got "},
		{"no-focus-region.csv", "ChargePeriodStart,SubAccountId,ServiceName,ConsumedQuantity,BilledCost\n", ": column RegionId: expected the column in a FOCUS export, got none"},
	} {
		path := filepath.Join(dir, c.name)
		os.WriteFile(path, []byte(c.body), 0o644)
		err := NewTotals("", "").ReadFile(path)
		if err == nil || !strings.HasPrefix(err.Error(), path+c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %v, want %q after the path", c.name, err, c.want)
		}
	}
}

// A number written as text in a Parquet export is read as the CSV one is,
// and a bad one is named by row group, row and column.
func TestParquetBadNumber(t *testing.T) {
	type row struct {
		Start    string  `parquet:"ChargePeriodStart"`
		Account  string  `parquet:"SubAccountId"`
		Service  string  `parquet:"ServiceName"`
		Quantity string  `parquet:"ConsumedQuantity"`
		Cost     float64 `parquet:"BilledCost"`
		Region   string  `parquet:"RegionId"`
		Usage    string  `parquet:"x_UsageType"`
	}
	rows := []row{
		{"2026-09-01T00:00:00Z", "111111111111", "AWS CloudTrail", "12", 0, "us-east-1", "USE1-FreeEventsRecorded"},
		{"2026-09-01T00:00:00Z", "111111111111", "AWS CloudTrail", "many", 0, "us-east-1", "USE1-FreeEventsRecorded"},
	}
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[row](&buf, parquet.MaxRowsPerRowGroup(1))
	w.Write(rows)
	w.Close()
	path := filepath.Join(t.TempDir(), "focus.parquet")
	os.WriteFile(path, buf.Bytes(), 0o644)
	err := NewTotals("", "").ReadFile(path)
	want := path + ": row group 2, row 2, column ConsumedQuantity: expected a number, got \"many\""
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
