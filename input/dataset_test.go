package input

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/model"
)

// goodDataset is a small valid dataset; the bad ones are edits of it.
const goodDataset = `{
  "schema": "trailwise.dataset/v1",
  "organization": {"id": "o-a1b2c3d4e5", "management_account": "111111111111"},
  "period": {"start": "2026-10-01", "end": "2026-10-02"},
  "accounts": [
    {"id": "111111111111", "name": "Management", "ou": "/", "status": "ACTIVE"},
    {"id": "222222222222", "name": "Log Archive", "ou": "/Security", "status": "ACTIVE"}
  ],
  "usage": [
    {"account": "111111111111", "region": "us-east-1", "day": "2026-10-01",
     "management_read_events": 1000, "management_write_events": 200, "data_events": 0,
     "network_events": 0, "insights_events": 0, "event_bytes": 1500000, "stored_bytes": 150000,
     "log_files": 288, "source": "s3-listing", "measured": true},
    {"account": "222222222222", "region": "eu-west-1", "day": "2026-10-02",
     "management_read_events": 10, "management_write_events": 2, "data_events": 5000,
     "network_events": 0, "insights_events": 0, "event_bytes": 7518000, "stored_bytes": 751800,
     "log_files": 288, "source": "s3-listing", "measured": false}
  ],
  "trails": [
    {"account": "111111111111", "name": "org", "home_region": "us-east-1", "organization": true,
     "multi_region": true, "management_events": "all", "data_events": true,
     "bucket": "org-trail-logs", "cloudwatch_logs": false}
  ],
  "event_data_stores": [],
  "gaps": [{"account": "222222222222", "region": "ap-south-1", "source": "s3-listing", "reason": "AccessDenied"}]
}
`

// edit replaces the first old in goodDataset by new, and fails if old is not there.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if !strings.Contains(goodDataset, old) {
		t.Fatalf("the good dataset has no %q", old)
	}
	return strings.Replace(goodDataset, old, new, 1)
}

func TestParseDatasetGood(t *testing.T) {
	d, err := ParseDataset("org.json", []byte(goodDataset))
	if err != nil {
		t.Fatal(err)
	}
	rows := slices.Collect(d.Rows())
	if d.Organization.ID != "o-a1b2c3d4e5" || len(d.Accounts) != 2 || len(rows) != 2 || len(d.Trails) != 1 || len(d.Gaps) != 1 {
		t.Fatalf("loaded %+v", d)
	}
	if u := rows[1]; u.DataEvents != 5000 || u.EventBytes != 7518000 || u.Measured || u.Region != "eu-west-1" {
		t.Fatalf("usage[1] = %+v", u)
	}

	// A byte order mark and null lists (as Go writes empty slices) are
	// fine; so are the optional fields left out (they are, above).
	doc := "\ufeff" + strings.Replace(goodDataset, `"event_data_stores": [],`, `"event_data_stores": null,`, 1)
	if _, err := ParseDataset("org.json", []byte(doc)); err != nil {
		t.Fatal(err)
	}
}

func TestParseDatasetErrors(t *testing.T) {
	usageFields := "account, region, day, management_read_events, management_write_events, data_events, network_events, insights_events, aggregated_events, event_bytes, stored_bytes, log_files, source, measured, relative_error"
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"unknown top-level field",
			edit(t, `"period"`, `"colour": "red", "period"`),
			`org.json: colour: unknown field (expected one of: schema, organization, period, accounts, usage, trails, event_data_stores, gaps, breakdown, telemetry_rules)`},
		{"unknown nested field",
			edit(t, `"day": "2026-10-01",`, `"day": "2026-10-01", "colour": "red",`),
			`org.json: usage[0].colour: unknown field (expected one of: ` + usageFields + `)`},
		{"field named in another case",
			edit(t, `"management_account"`, `"Management_Account"`),
			`org.json: organization.Management_Account: unknown field (expected one of: id, management_account)`},
		{"unknown field with an odd name",
			edit(t, `"reason"`, `"why\nnot": 1, "reason"`),
			`org.json: gaps[0]["why\nnot"]: unknown field (expected one of: account, region, source, reason)`},
		{"negative count",
			edit(t, `"management_read_events": 10,`, `"management_read_events": -5,`),
			`org.json: usage[1].management_read_events: expected a count of zero or more, got -5`},
		{"day outside the period",
			edit(t, `"day": "2026-10-02"`, `"day": "2026-10-03"`),
			`org.json: usage[1].day: expected a day within the period 2026-10-01..2026-10-02, got "2026-10-03"`},
		{"row for an account not listed",
			edit(t, `{"account": "222222222222", "region": "eu-west-1"`, `{"account": "333333333333", "region": "eu-west-1"`),
			`org.json: usage[1].account: expected an account listed in accounts, got "333333333333"`},
		{"malformed account id",
			edit(t, `{"id": "222222222222"`, `{"id": "22222222222"`),
			`org.json: accounts[1].id: expected a 12-digit account id, got "22222222222"`},
		{"malformed org id",
			edit(t, `"o-a1b2c3d4e5"`, `"o-XYZ"`),
			`org.json: organization.id: expected an organization id like o-a1b2c3d4e5, got "o-XYZ"`},
		{"string where a number goes",
			edit(t, `"data_events": 0,`, `"data_events": "12",`),
			`org.json: usage[0].data_events: expected an integer, got "12"`},
		{"fraction where an integer goes",
			edit(t, `"log_files": 288`, `"log_files": 288.5`),
			`org.json: usage[0].log_files: expected an integer, got 288.5`},
		{"integer written as a float",
			edit(t, `"log_files": 288`, `"log_files": 2.88e2`),
			`org.json: usage[0].log_files: expected an integer, got 2.88e2`},
		{"integer too large",
			edit(t, `"event_bytes": 1500000`, `"event_bytes": 99999999999999999999`),
			`org.json: usage[0].event_bytes: expected an integer from -9223372036854775808 to 9223372036854775807, got 99999999999999999999`},
		{"string where a bool goes",
			edit(t, `"measured": true`, `"measured": "yes"`),
			`org.json: usage[0].measured: expected true or false, got "yes"`},
		{"null where a string goes",
			edit(t, `"name": "Management"`, `"name": null`),
			`org.json: accounts[0].name: expected a string, got null`},
		{"object where a list goes",
			edit(t, `"event_data_stores": []`, `"event_data_stores": {}`),
			`org.json: event_data_stores: expected a list, got an object`},
		{"list where an object goes",
			edit(t, `"period": {"start": "2026-10-01", "end": "2026-10-02"}`, `"period": ["2026-10-01", "2026-10-02"]`),
			`org.json: period: expected an object, got a list`},
		{"number where a string goes",
			edit(t, `"management_account": "111111111111"`, `"management_account": 111111111111`),
			`org.json: organization.management_account: expected a string, got 111111111111`},
		{"long string shown cut short",
			edit(t, `"o-a1b2c3d4e5"`, `"o-`+strings.Repeat("x", 60)+`"`),
			`org.json: organization.id: expected an organization id like o-a1b2c3d4e5, got "o-` + strings.Repeat("x", 38) + `…"`},
		{"syntax error",
			"{\n  \"schema\": \"trailwise.dataset/v1\",\n  \"organization\": {\"id\": }\n}",
			`org.json: line 3, column 26: invalid JSON: invalid character '}' looking for beginning of value`},
		{"syntax error after a multi-byte character",
			"{\"accounts\": [{\"name\": \"Zürich\" \"id\": 1}]}",
			`org.json: line 1, column 33: invalid JSON: invalid character '"' after object key:value pair`},
		{"trailing comma",
			"{\n  \"schema\": \"trailwise.dataset/v1\",\n}\n",
			`org.json: line 3, column 1: invalid JSON: invalid character '}' looking for beginning of object key string`},
		{"truncated",
			"{\n  \"schema\": \"trailwise.dataset/v1\",\n  \"accounts\": [\n",
			`org.json: line 3, column 16: invalid JSON: unexpected end of input`},
		{"empty file", "", `org.json: empty file`},
		{"blank file", " \n\t\r\n", `org.json: empty file`},
		{"trailing garbage",
			goodDataset + "\n]",
			`org.json: line 28, column 1: invalid JSON: more data after the end of the document`},
		{"two documents",
			goodDataset + goodDataset,
			`org.json: line 27, column 1: invalid JSON: more data after the end of the document`},
		{"not an object", `["trailwise.dataset/v1"]`, `org.json: expected an object, got a list`},
		{"null document", `null`, `org.json: expected an object, got null`},
		{"schema of another version",
			edit(t, `"trailwise.dataset/v1"`, `"trailwise.dataset/v2"`),
			`org.json: schema: expected "trailwise.dataset/v1", got "trailwise.dataset/v2"`},
		{"schema of another version, with fields v1 does not know",
			edit(t, `"trailwise.dataset/v1",`, `"trailwise.dataset/v2", "colour": "red",`),
			`org.json: schema: expected "trailwise.dataset/v1", got "trailwise.dataset/v2"`},
		{"no schema",
			edit(t, `"schema": "trailwise.dataset/v1",`, ``),
			`org.json: schema: expected "trailwise.dataset/v1", got nothing`},
		{"a scenario given as a dataset",
			`{"region": "us-east-1", "horizon_months": 12}`,
			`org.json: schema: expected "trailwise.dataset/v1", got nothing`},
		{"no accounts",
			edit(t, `"accounts": [`, `"accounts": [], "x": [`),
			`org.json: x: unknown field (expected one of: schema, organization, period, accounts, usage, trails, event_data_stores, gaps, breakdown, telemetry_rules)`},
		{"usage row repeated",
			edit(t, `{"account": "222222222222", "region": "eu-west-1", "day": "2026-10-02"`, `{"account": "111111111111", "region": "us-east-1", "day": "2026-10-01"`),
			`org.json: usage[1]: expected one row per account, region and day; usage[0] is already 111111111111 us-east-1 2026-10-01, got it again`},
		{"count beyond what an account can record",
			edit(t, `"management_read_events": 10,`, `"management_read_events": 9223372036854775807,`),
			`org.json: usage[1].management_read_events: expected at most 1e+12 in one account, region and day, got 9223372036854775807`},
		{"bytes beyond what an account can record",
			edit(t, `"event_bytes": 7518000`, `"event_bytes": 1000000000000001`),
			`org.json: usage[1].event_bytes: expected at most 1e+15 in one account, region and day, got 1000000000000001`},
		{"region that does not exist",
			edit(t, `"region": "eu-west-1"`, `"region": "zz-fake-9"`),
			`org.json: usage[1].region: expected an AWS Region (af-south-1, `},
		{"trail home region that does not exist",
			edit(t, `"home_region": "us-east-1"`, `"home_region": "us-east-7"`),
			`org.json: trails[0].home_region: expected an AWS Region (af-south-1, `},
		{"no usage",
			edit(t, `"usage": [`, `"usage": [], "was_usage": [`),
			`org.json: was_usage: unknown field (expected one of: schema, organization, period, accounts, usage, trails, event_data_stores, gaps, breakdown, telemetry_rules)`},
		{"empty usage",
			strings.Replace(goodDataset, goodDataset[strings.Index(goodDataset, `"usage": [`):strings.Index(goodDataset, `"trails"`)], `"usage": [], `, 1),
			`org.json: usage: expected at least one usage row (a dataset that measured nothing cannot be priced; see its gaps), got none`},
		{"bad status",
			edit(t, `"status": "ACTIVE"`, `"status": "active"`),
			`org.json: accounts[0].status: expected ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED, got "active"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDataset("org.json", []byte(tt.doc))
			if err == nil {
				t.Fatalf("loaded %+v, want error %s", d, tt.want)
			}
			if got := err.Error(); got != tt.want && !(strings.HasSuffix(tt.want, ", ") && strings.HasPrefix(got, tt.want)) {
				t.Errorf("error\n got: %s\nwant: %s", got, tt.want)
			}
			assertOneLine(t, "org.json", err)
		})
	}
}

func assertOneLine(t *testing.T, file string, err error) {
	t.Helper()
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("error is not one line: %q", msg)
	}
	if !strings.HasPrefix(msg, file+": ") {
		t.Errorf("error does not start with %q: %q", file+": ", msg)
	}
}

func TestDatasetErrorsUnwrap(t *testing.T) {
	_, err := ParseDataset("org.json", []byte(edit(t, `"o-a1b2c3d4e5"`, `"o-XYZ"`)))
	var fe *model.FieldError
	if !errors.As(err, &fe) || fe.Path != "organization.id" {
		t.Fatalf("want a *model.FieldError at organization.id inside %v", err)
	}
	var ie *Error
	if !errors.As(err, &ie) || ie.File != "org.json" || ie.Path != "organization.id" {
		t.Fatalf("want an *input.Error for org.json inside %v", err)
	}
}

func TestReadDataset(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "org.json")
	if err := os.WriteFile(path, []byte(goodDataset), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDataset(path); err != nil {
		t.Fatal(err)
	}

	missing := filepath.Join(dir, "missing.json")
	_, err := ReadDataset(missing)
	if err == nil || err.Error() != missing+": cannot read: no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v is not fs.ErrNotExist", err)
	}
	if _, err := ReadDataset(dir); err == nil || err.Error() != dir+": cannot read: is a directory" {
		t.Errorf("directory: %v", err)
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(edit(t, `"o-a1b2c3d4e5"`, `"o-XYZ"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDataset(bad); err == nil || !strings.HasPrefix(err.Error(), bad+": organization.id: ") {
		t.Errorf("bad file: %v", err)
	}
}

func TestErrorWithoutFileName(t *testing.T) {
	_, err := ParseDataset("", nil)
	if err == nil || err.Error() != "<input>: empty file" {
		t.Errorf("got %v", err)
	}
}

// BenchmarkParseDataset loads a dataset of 10,000 usage rows (27 accounts
// in 17 regions over a year, the rows of the first ones).
func BenchmarkParseDataset(b *testing.B) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	writeDatasetRows(w, 10000)
	w.Flush()
	doc := buf.Bytes()
	if _, err := ParseDataset("org.json", doc); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDataset("org.json", doc); err != nil {
			b.Fatal(err)
		}
	}
}
