package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plan writes a README and the policy, lists what it wrote within 80
// columns, and refuses to write over its own output unless --force.
func TestPlanWritesThenRefusesToOverwrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plan")
	out, stderr, code := trailwise(t, ".", "plan", "org-trail", "--member-access", "policy-variable", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkWidth(t, "plan", out)
	if !strings.Contains(out, "trailwise plan org-trail/policy-variable: 4 files\nin "+dir+":\n") || !strings.Contains(out, "  bucket-policy.json\n") {
		t.Errorf("output:\n%s", out)
	}
	var doc struct{ Statement []struct{ Sid, Resource any } }
	b, err := os.ReadFile(filepath.Join(dir, "bucket-policy.json"))
	if err != nil || json.Unmarshal(b, &doc) != nil || len(doc.Statement) != 5 {
		t.Fatalf("bucket-policy.json: %v %s", err, b)
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Error(err)
	}
	_, stderr, code = trailwise(t, ".", "plan", "org-trail/policy-variable", "--out", dir)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "exists; give --force to overwrite it") {
		t.Errorf("second run: exit %d, %q", code, stderr)
	}
	if _, stderr, code = trailwise(t, ".", "plan", "org-trail/policy-variable", "--out", dir, "--force"); code != 0 {
		t.Errorf("--force: exit %d, %q", code, stderr)
	}
}

func TestPlanRefusesBadCommandLines(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plan")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "org-trails", "--out", dir}, `trailwise: STRATEGY: expected one of org-trail, trails-replication, trails-lake, cloudwatch-logs, security-lake (or org-trail/<member access>), got "org-trails"`},
		{[]string{"plan", "org-trail"}, `trailwise: required flag(s) "out" not set`},
		{[]string{"plan", "org-trail", "--out", dir, "--format", "hcl"}, `trailwise: --format: expected json or terraform, got "hcl"`},
	} {
		_, stderr, code := trailwise(t, ".", c.args...)
		if code != 2 || strings.TrimSpace(stderr) != c.want {
			t.Errorf("%v: exit %d, %q", c.args, code, stderr)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a refused plan wrote its directory")
	}
}

// Every strategy plans on the enterprise sample too (398 accounts).
func TestPlanEveryStrategyEnterprise(t *testing.T) {
	for _, s := range []string{"org-trail/per-account-policy", "trails-replication", "trails-lake", "cloudwatch-logs", "security-lake"} {
		dir := filepath.Join(t.TempDir(), "p")
		out, stderr, code := trailwise(t, ".", "plan", s, "--sample", "enterprise", "--out", dir)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", s, code, stderr)
		}
		checkWidth(t, "plan "+s, out)
		if s == "org-trail/per-account-policy" && !strings.Contains(out, "over S3's 20480-byte bucket-policy") {
			t.Errorf("per-account-policy on 398 accounts: no limit note:\n%s", out)
		}
	}
}
