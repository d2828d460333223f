package awscollect

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateSQL = flag.Bool("update-sql", false, "rewrite the SQL golden files in testdata/sql")

// goldenSQL compares rendered SQL with testdata/sql/name, or rewrites it.
func goldenSQL(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "sql", name)
	if *updateSQL {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./collect/awscollect -run SQL -update-sql)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

func TestCreateTableSQLGolden(t *testing.T) {
	for _, c := range []struct{ name, layout, prefix string }{
		{"create_table_organization.sql", LayoutOrganization, "trails/org"},
		{"create_table_account.sql", LayoutAccount, ""},
	} {
		loc, err := TableLocation("my-org-trail", c.prefix, c.layout, "o-a1b2c3d4e5")
		if err != nil {
			t.Fatal(err)
		}
		sql, err := CreateTableSQL(AthenaTable{Database: "trailwise", Table: "cloudtrail_org", Location: loc,
			Accounts: []string{"222222222222", "111111111111"}, Regions: []string{"us-east-1", "eu-west-1"}})
		if err != nil {
			t.Fatal(err)
		}
		goldenSQL(t, c.name, sql)
	}
}

func TestAggregateSQLGolden(t *testing.T) {
	sql, err := AggregateSQL("trailwise", []string{"ct_org", "ct_acct"}, "2026-10-01", "2026-10-31")
	if err != nil {
		t.Fatal(err)
	}
	goldenSQL(t, "aggregate.sql", sql)
	// The partitions prune the scan to the period, as the folders spell it.
	if !strings.Contains(sql, "WHERE log_day BETWEEN '2026/10/01' AND '2026/10/31'") {
		t.Error("no partition bounds in the query")
	}
	// One scan: each table read once, the breakdown counted beside the
	// rows (CROSS JOIN UNNEST), bounded at the breakdown's own bounds.
	for _, want := range []string{`FROM "trailwise"."ct_org"`, `FROM "trailwise"."ct_acct"`} {
		if n := strings.Count(sql, want); n != 1 {
			t.Errorf("%s %d times, want once", want, n)
		}
	}
	for _, want := range []string{"CROSS JOIN UNNEST(ARRAY[1, 2])", "source_rank > 15", "named_rank > 5", "name_rank > 10"} {
		if !strings.Contains(sql, want) {
			t.Errorf("no %q in the query", want)
		}
	}
	lake, err := LakeSQL("arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE", "2026-10-01", "2026-10-31")
	if err != nil {
		t.Fatal(err)
	}
	goldenSQL(t, "lake_query.sql", lake)
	if n := strings.Count(lake, "FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE"); n != 1 {
		t.Errorf("the event data store read %d times, want once", n)
	}
	// eventTime bounds: the period's first day to the day after its last.
	if !strings.Contains(lake, "eventTime >= '2026-10-01 00:00:00' AND eventTime < '2026-11-01 00:00:00'") {
		t.Error("no eventTime bounds in the Lake query")
	}
}

// Nothing a user names reaches SQL unless it is a plain name: quotes,
// backticks, dollar signs, spaces and comments are refused.
func TestSQLRefusesUnsafeNames(t *testing.T) {
	bad := []string{"a'b", "a`b", "a\"b", "a b", "a;drop", "a--b", "A", "1abc", "a$b", ""}
	for _, n := range bad {
		if _, err := AggregateSQL(n, []string{"t"}, "2026-10-01", "2026-10-02"); err == nil {
			t.Errorf("database %q accepted", n)
		}
		if _, err := AggregateSQL("db", []string{n}, "2026-10-01", "2026-10-02"); err == nil {
			t.Errorf("table %q accepted", n)
		}
	}
	for _, b := range []string{"my'bucket", "My-Bucket", "a", "bucket..x", "b/c", "b${x}"} {
		if _, err := TableLocation(b, "", LayoutAccount, ""); err == nil {
			t.Errorf("bucket %q accepted", b)
		}
	}
	for _, p := range []string{"a'b", "a/../b", "a b", "${x}", "a//b"} {
		if _, err := TableLocation("bucket", p, LayoutAccount, ""); err == nil {
			t.Errorf("prefix %q accepted", p)
		}
	}
	for _, w := range []string{"wg'1", "wg 1", ""} {
		if ValidateWorkgroup(w) == nil {
			t.Errorf("workgroup %q accepted", w)
		}
	}
	if _, err := AggregateSQL("db", []string{"t"}, "2026-10-02'", "2026-10-03"); err == nil {
		t.Error("a day with a quote accepted")
	}
	if _, err := LakeSQL("eds' OR 1=1", "2026-10-01", "2026-10-02"); err == nil {
		t.Error("an event data store with a quote accepted")
	}
	if _, err := CreateTableSQL(AthenaTable{Database: "db", Table: "t", Location: "s3://b-b/AWSLogs/", Accounts: []string{"12345678901'"}, Regions: []string{"us-east-1"}}); err == nil {
		t.Error("an account with a quote accepted")
	}
}
