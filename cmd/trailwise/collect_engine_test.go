package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
)

// collect --engine athena: a dry run prints the DDL, the query and the
// estimate; the cap refuses; --yes runs and writes measured rows.
func TestCollectEngineAthena(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 8, Start: "2026-10-01", Days: 3})
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a0 := fakeaws.AccountID(0)
	ath := fakeaws.NewAthena(func(q string) fakeaws.QueryAnswer {
		if strings.HasPrefix(q, "CREATE") {
			return fakeaws.QueryAnswer{}
		}
		return fakeaws.QueryAnswer{Scanned: 50 << 20, Columns: []string{"account", "region", "day", "management_read_events", "management_write_events",
			"data_events", "network_events", "insights_events", "aggregated_events", "event_bytes", "log_files"},
			Rows: [][]string{{a0, "us-east-1", "2026-10-02", "80", "20", "5", "0", "0", "0", "131250", "2"}}}
	})
	defer ath.Close()
	ath.Running = 0 // succeeded at the first poll: no wait
	awsEnv(t)
	dir := t.TempDir()
	common := []string{"collect", "--endpoint-url", f.URL(), "--s3-endpoint-url", f.S3URL(), "--engine-endpoint-url", ath.URL(),
		"--start", "2026-10-01", "--end", "2026-10-03", "--engine", "athena", "--trail-bucket", g.Bucket,
		"--bucket-account", fakeaws.AccountID(fakeaws.IdxLogArchive), "--athena-database", "trailwise",
		"--athena-output", "s3://my-results/athena/", "--regions", "us-east-1,eu-west-1"}

	out, stderr, code := trailwise(t, dir, append(common, "--dry-run")...)
	if code != 0 || !strings.Contains(out, "CREATE EXTERNAL TABLE IF NOT EXISTS `trailwise`.`trailwise_cloudtrail_org_") ||
		!strings.Contains(out, "-- query\nSELECT") || !strings.Contains(out, "estimated cost: 0.0000 USD, at 5 USD per TB") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, stderr)
	}
	if len(ath.Calls()) != 0 {
		t.Errorf("the dry run called Athena: %v", ath.Calls())
	}

	_, stderr, code = trailwise(t, dir, append(common, "--max-scan-cost", "0", "--out", "x.json")...)
	if code == 0 || !strings.Contains(stderr, "above the cap") || !strings.Contains(stderr, "--yes") {
		t.Errorf("cap: exit %d, %s", code, stderr)
	}

	_, stderr, code = trailwise(t, dir, append(common, "--max-scan-cost", "0", "--yes", "--out", "athena.json")...)
	if code != exitPartial { // the listing saw files the one row does not cover
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "scanned 50.0 MiB, 0.0002 USD; 1 result rows") {
		t.Errorf("stderr %q", stderr)
	}
	d, err := readPlainDataset(filepath.Join(dir, "athena.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Usage) != 1 || d.Usage[0].Source != "athena" || !d.Usage[0].Measured || d.Usage[0].Events() != 105 || d.Usage[0].StoredBytes == 0 {
		t.Errorf("rows %+v", d.Usage)
	}

	_, stderr, code = trailwise(t, dir, "collect", "--engine", "athena", "--athena-table", "x'; DROP TABLE y", "--out", "y.json")
	if code != 2 || !strings.Contains(stderr, "--athena-table: expected a name") {
		t.Errorf("unsafe table name: exit %d, %s", code, stderr)
	}
}

// policy iam --engine allows every call the engine made, and CreateTable
// only when collect makes the table.
func TestPolicyIAMEngine(t *testing.T) {
	ath := fakeaws.NewAthena(func(q string) fakeaws.QueryAnswer {
		return fakeaws.QueryAnswer{Columns: []string{"account", "region", "day", "management_read_events", "management_write_events",
			"data_events", "network_events", "insights_events", "aggregated_events", "event_bytes", "log_files"}}
	})
	defer ath.Close()
	ath.Running = 0
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 8})
	f, err := fakeaws.New(g.World, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	awsEnv(t)
	dir := t.TempDir()
	_, stderr, code := trailwise(t, dir, "collect", "--endpoint-url", f.URL(), "--engine-endpoint-url", ath.URL(), "--engine", "athena",
		"--trail-bucket", g.Bucket, "--sources", "organizations", "--yes", "--out", "x.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, stderr, code := trailwise(t, dir, "policy", "iam", "--engine", "athena", "--bucket", g.Bucket, "--athena-output", "s3://my-results/athena/")
	if code != 0 {
		t.Fatalf("policy: exit %d: %s", code, stderr)
	}
	for _, a := range append(ath.Calls(), "glue:CreateTable", "glue:GetTable", "s3:PutObject", `"arn:aws:s3:::my-results/athena/*"`) {
		if !strings.Contains(out, a) {
			t.Errorf("policy lacks %s", a)
		}
	}
	out, _, _ = trailwise(t, dir, "policy", "iam", "--engine", "athena", "--bucket", g.Bucket, "--athena-table", "mine", "--athena-output", "s3://my-results/")
	if _, stderr, code := trailwise(t, dir, "policy", "iam", "--engine", "athena", "--athena-output", "s3://my-results/"); code != 2 || !strings.Contains(stderr, "--bucket") {
		t.Errorf("an Athena policy without the trail bucket: exit %d, %s", code, stderr)
	}
	if strings.Contains(out, "glue:CreateTable") || !strings.Contains(out, "table/default/mine") {
		t.Errorf("own table: %s", out)
	}
	out, _, _ = trailwise(t, dir, "policy", "iam", "--engine", "lake", "--lake-store", "arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/abc")
	for _, a := range []string{"cloudtrail:StartQuery", "cloudtrail:DescribeQuery", "cloudtrail:GetQueryResults", "cloudtrail:CancelQuery", "eventdatastore/abc"} {
		if !strings.Contains(out, a) {
			t.Errorf("lake policy lacks %s", a)
		}
	}
}
