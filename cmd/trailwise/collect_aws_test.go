package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
)

// awsEnv points the AWS configuration at nothing but the fakes' static
// credentials: no shared files, no instance metadata.
func awsEnv(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", fakeaws.ManagementKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the Cost Explorer cache and checkpoints
	t.Setenv(unthrottledEnv, "1")           // the fakes answer at once
	os.Unsetenv("AWS_PROFILE")
	os.Unsetenv("AWS_SESSION_TOKEN")
}

// collect through the AWS APIs (the local fakes), then estimate on the
// dataset; a dry run afterwards finds every Cost Explorer page cached.
func TestCollectAWSThenEstimate(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 12, Start: "2026-10-01", Days: 3})
	g.World.PageSize = 50
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	awsEnv(t)
	dir := t.TempDir()
	common := []string{"collect", "--endpoint-url", f.URL(), "--s3-endpoint-url", f.S3URL(),
		"--start", "2026-10-01", "--end", "2026-10-03", "--regions", "us-east-1,eu-west-1",
		"--sources", "cost-explorer,s3,cloudtrail", "--cache-dir", filepath.Join(dir, "cache")}

	_, stderr, code := trailwise(t, dir, append(common, "--bucket-account", fakeaws.AccountID(fakeaws.IdxLogArchive), "--out", "org.json")...)
	if code != exitPartial { // the denied and the suspended account are gaps
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := stderrLines(t, stderr)
	if last := lines[len(lines)-1]; !strings.Contains(last, "12 accounts") || !strings.Contains(last, "2 gaps") || !strings.Contains(last, "wrote org.json") {
		t.Errorf("summary %q", last)
	}
	// The paid requests reported are the ones the fake received (a retry
	// is a request too, so their number is not fixed).
	m := regexp.MustCompile(`Cost Explorer: (\d+) paid requests, ([0-9.]+) USD`).FindStringSubmatch(stderr)
	if m == nil || m[1] != strconv.Itoa(f.Count("ce:GetCostAndUsage")) || m[2] != fmt.Sprintf("%.2f", float64(f.Count("ce:GetCostAndUsage"))*0.01) || !strings.Contains(stderr, "legacy") {
		t.Errorf("the fake saw %d Cost Explorer requests; stderr %q", f.Count("ce:GetCostAndUsage"), stderr)
	}
	d, err := readPlainDataset(filepath.Join(dir, "org.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Accounts) != 12 || len(d.Usage) == 0 || len(d.Trails) != 4 || len(d.Gaps) != 2 {
		t.Errorf("dataset: %d accounts, %d rows, %d trails, gaps %+v", len(d.Accounts), len(d.Usage), len(d.Trails), d.Gaps)
	}
	checkActionsInPolicy(t, f)
	if f.Count("s3:GetObject") == 0 || !strings.Contains(stderr, "log files read") {
		t.Errorf("no log file read: %d GetObject", f.Count("s3:GetObject"))
	}

	out, stderr, code := trailwise(t, dir, "estimate", "--dataset", "org.json")
	if code != 0 || !strings.Contains(out, "org-trail") {
		t.Errorf("estimate: exit %d, %s", code, stderr)
	}

	before := f.Count("ce:GetCostAndUsage")
	out, stderr, code = trailwise(t, dir, append(common, "--dry-run")...)
	if code != 0 || !strings.Contains(out, "organization "+g.World.OrgID+": 12 accounts (11 active)") || !strings.Contains(out, "0 request(s) (cap 20), 0.00 USD") {
		t.Errorf("dry run: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	if f.Count("ce:GetCostAndUsage") != before {
		t.Error("the dry run called Cost Explorer")
	}
}

func TestCollectAWSCommandLine(t *testing.T) {
	awsEnv(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--start", "2026-10-02", "--end", "2026-10-01", "--out", "x.json"}, "--start and --end"},
		{[]string{"--sources", "cloudtrail,nope", "--out", "x.json"}, "--sources"},
		{[]string{"--bucket-account", "12", "--out", "x.json"}, "--bucket-account"},
		{[]string{"--concurrency", "0", "--out", "x.json"}, "--concurrency"},
		{[]string{"--max-ce-requests", "-1", "--out", "x.json"}, "--max-ce-requests"},
	} {
		out, stderr, code := trailwise(t, t.TempDir(), append([]string{"collect"}, tc.args...)...)
		if code != 2 || out != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, stderr)
		}
	}
}

// The standard AWS_ENDPOINT_URL setting reaches every client when no
// --endpoint-url is given.
func TestCollectHonoursAWSEndpointURL(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 4, Start: "2026-10-01", Days: 2})
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	awsEnv(t)
	t.Setenv("AWS_ENDPOINT_URL", f.URL())
	dir := t.TempDir()
	_, stderr, code := trailwise(t, dir, "collect", "--start", "2026-10-01", "--end", "2026-10-02", "--regions", "us-east-1",
		"--sources", "cost-explorer,cloudtrail", "--cache-dir", filepath.Join(dir, "cache"), "--out", "org.json")
	if code != 0 && code != exitPartial {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if f.Count("organizations:ListAccounts") == 0 || f.Count("ce:GetCostAndUsage") == 0 || f.Count("cloudtrail:DescribeTrails") == 0 {
		t.Errorf("the fakes saw %v", f.Actions())
	}
}

// checkActionsInPolicy fails for every action the fake received that the
// read-only policy (awscollect.Actions, what policy iam prints) lacks.
func checkActionsInPolicy(t *testing.T, f *fakeaws.Fake) {
	t.Helper()
	allowed := map[string]bool{}
	for _, a := range awscollect.Actions {
		allowed[a.API] = true
	}
	for _, a := range f.Actions() {
		if !allowed[a] {
			t.Errorf("collect called %s", a)
		}
	}
}

// noCredentialsEnv leaves the AWS configuration nothing to find: an empty
// home, no AWS variables, and the instance metadata service either switched
// off or pointed at a closed port on this machine (no real address is ever
// contacted).
func noCredentialsEnv(t *testing.T, imdsOff bool) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "AWS_") {
			t.Setenv(name, "") // restored after the test
			os.Unsetenv(name)
		}
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "none"))
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	if imdsOff {
		t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
		return
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // a port nothing listens on: connections are refused at once
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://"+addr)
}

func TestCollectWithoutCredentials(t *testing.T) {
	const want = "trailwise: no AWS credentials found: give --profile, set AWS_PROFILE, or run aws sso login\n"
	for _, c := range []struct {
		imdsOff bool
		args    []string
	}{
		// The metadata service refusing connections: the SDK retries (some
		// seconds), and its warnings stay silent.
		{false, []string{"collect", "--dry-run"}},
		{true, []string{"collect", "--dry-run"}},
		{true, []string{"collect", "--days", "7", "--out", "org.json"}},
		{true, []string{"trial", "project", "--strategy", "security-lake", "--from-cost-explorer", "--start", "2026-10-01", "--end", "2026-10-14", "--dry-run"}},
	} {
		noCredentialsEnv(t, c.imdsOff)
		out, stderr, code := trailwise(t, t.TempDir(), c.args...)
		if code != 1 || out != "" || stderr != want {
			t.Errorf("IMDS off %v, %v: exit %d, stdout %q, stderr %q; want exit 1 and %q", c.imdsOff, c.args, code, out, stderr, want)
		}
	}
	noCredentialsEnv(t, true)
	_, stderr, code := trailwise(t, t.TempDir(), "collect", "--dry-run", "--profile", "nope")
	if code != 1 || stderr != "trailwise: AWS profile \"nope\" not found in the AWS config or credentials file: give --profile with a profile 'aws configure list-profiles' shows\n" {
		t.Errorf("unknown profile: exit %d, %q", code, stderr)
	}
}
