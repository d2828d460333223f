package input

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

const goodTrialUsage = `date,linked_account,usage_type,usage_quantity,unblended_cost
2026-10-01,111111111111,USE1-FreeCloudTrailEvents-Bytes,0.8123,0
2026-10-01,111111111111,USE1-FreeNormalization-Bytes,0.8123,0
2026-10-02,222222222222,EU-PaidCloudTrailEvents-Bytes,1.5,1.125
`

func TestParseTrialUsage(t *testing.T) {
	rows, err := ParseTrialUsage("trial.csv", []byte("\ufeff"+goodTrialUsage))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[2].Row != 4 || rows[2].Account != "222222222222" || rows[2].Quantity != 1.5 || rows[2].Cost != 1.125 {
		t.Errorf("rows %+v", rows)
	}
	var buf bytes.Buffer
	if err := WriteTrialUsage(&buf, rows); err != nil {
		t.Fatal(err)
	}
	again, err := ParseTrialUsage("again.csv", buf.Bytes())
	if err != nil || !reflect.DeepEqual(rows, again) {
		t.Errorf("round trip: %v\n%+v\n%+v", err, rows, again)
	}
	for _, c := range []struct{ text, want string }{
		{"date,linked_account,usage_type,usage_quantity\n", "trial.csv: row 1, column 5: expected the header"},
		{goodTrialUsage + "2026-10-03,111111111111,USE1-PaidCloudTrailEvents-Bytes,NaN,0\n", "trial.csv: row 5, column usage_quantity: expected a number of zero or more"},
		{goodTrialUsage + "2026-10-03,111111111111,USE1 Paid,1,0\n", "trial.csv: row 5, column usage_type: expected a usage type"},
		{goodTrialUsage + "2026-10-03,\"111111111111,USE1-PaidCloudTrailEvents-Bytes,1,0\n", "trial.csv: row 5: invalid CSV"},
		{"date,linked_account,usage_type,usage_quantity,unblended_cost\n", "trial.csv: row 1: no rows after the header"},
	} {
		_, err := ParseTrialUsage("trial.csv", []byte(c.text))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: %v, want %q", c.text, err, c.want)
		}
	}
}

// Whatever the bytes, the trial usage loader does not panic, fails with one
// line starting with the file name, and what it accepts writes back to the
// same rows.
func FuzzParseTrialUsage(f *testing.F) {
	addCatalogue(f, "usage")
	f.Add([]byte(goodTrialUsage))
	f.Add([]byte(strings.Replace(goodTrialUsage, "0.8123", "-1", 1)))
	f.Add([]byte(strings.Replace(goodTrialUsage, "2026-10-02", "2026-02-30", 1)))
	f.Add([]byte(goodTrialUsage + "a,b\n"))
	f.Add([]byte(goodTrialUsage[:len(goodTrialUsage)/2]))
	f.Add([]byte("\"unterminated\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseTrialUsage("trial.csv", data)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "trial.csv: ") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q is not one line naming the file", msg)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteTrialUsage(&buf, rows); err != nil {
			t.Fatal(err)
		}
		again, err := ParseTrialUsage("trial.csv", buf.Bytes())
		if err != nil {
			t.Fatalf("written rows do not read back: %v", err)
		}
		for i := range rows {
			a, b := rows[i], again[i]
			if a.Day != b.Day || a.Account != b.Account || a.UsageType != b.UsageType {
				t.Fatalf("row %d: %+v became %+v", i, a, b)
			}
		}
	})
}

// Quantities and costs beyond any account's day are refused: they would
// carry the projection to infinity and NaN.
func TestParseTrialUsageBounds(t *testing.T) {
	head := "date,linked_account,usage_type,usage_quantity,unblended_cost\n"
	for _, tc := range []struct{ row, want string }{
		{"2026-10-01,123456789012,USE1-PaidCloudTrailEvents-Bytes,1e300,0", `t.csv: row 2, column usage_quantity: expected at most 1e+06 in one account's day, got "1e300"`},
		{"2026-10-01,123456789012,USE1-PaidEventsRecorded,2e12,0", `t.csv: row 2, column usage_quantity: expected at most 1e+12 in one account's day, got "2e12"`},
		{"2026-10-01,123456789012,USE1-PaidEventsRecorded,1,-1e13", `t.csv: row 2, column unblended_cost: expected at most 1e+12 USD in one account's day, got "-1e13"`},
	} {
		_, err := ParseTrialUsage("t.csv", []byte(head+tc.row+"\n"))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s:\n got: %v\nwant: %s", tc.row, err, tc.want)
		}
	}
}
