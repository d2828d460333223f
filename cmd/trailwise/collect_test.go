package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// flaws2Dir holds real CloudTrail logs as CloudTrail delivered them, under
// their S3 key layout (see ../shared/data/real/SOURCES.md).
const flaws2Dir = "../../../shared/data/real/flaws2-logs"

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stderrLines splits stderr and checks every line is one of the tool's.
func stderrLines(t *testing.T, stderr string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	for _, l := range lines {
		if !strings.HasPrefix(l, "trailwise: ") {
			t.Errorf("stderr line %q", l)
		}
	}
	return lines
}

func TestCollectFlaws2ThenEstimate(t *testing.T) {
	if _, err := os.Stat(flaws2Dir); err != nil {
		t.Skip("real flaws2 logs absent")
	}
	dir := t.TempDir()
	copyDir(t, flaws2Dir, filepath.Join(dir, "trail"))

	// The account-trail layout carries no organization id.
	out, stderr, code := trailwise(t, dir, "collect", "--from-dir", "trail", "--out", "org.json")
	if code != 1 || out != "" || !strings.Contains(stderr, "--org-id") || len(stderrLines(t, stderr)) != 1 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "org.json")); !os.IsNotExist(err) {
		t.Error("a failed run left an output file")
	}

	out, stderr, code = trailwise(t, dir, "collect", "--from-dir", "trail", "--org-id", "o-flaws2test1", "--out", "org.json")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	lines := stderrLines(t, stderr)
	summary := lines[len(lines)-1]
	for _, s := range []string{"8 log files", "37 events", "12,179 stored bytes", "1 accounts", "0 gaps", "wrote org.json"} {
		if !strings.Contains(summary, s) {
			t.Errorf("summary %q lacks %q", summary, s)
		}
	}
	if !strings.Contains(stderr, "note: management account not given: taking 653711331788") {
		t.Errorf("stderr %q", stderr)
	}
	d, err := readPlainDataset(filepath.Join(dir, "org.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Organization.ID != "o-flaws2test1" || len(d.Usage) != 1 || d.Usage[0].DataEvents != 25 {
		t.Errorf("%+v", d)
	}
	out, stderr, code = trailwise(t, dir, "estimate", "--dataset", "org.json", "--months", "2")
	if code != 0 || !strings.Contains(out, "org-trail") {
		t.Fatalf("estimate on the collected dataset: exit %d, %s\n%s", code, stderr, out)
	}
	// Logs of 2018 priced with a book of 2026 or later: a note says so.
	if !regexp.MustCompile(`^trailwise: note: measured 2018-11, priced at 20[2-9][0-9]-[0-9]{2}-[0-9]{2} rates \([0-9]+ years later\)\n$`).MatchString(stderr) {
		t.Errorf("estimate's stderr %q: want one note that the logs are old", stderr)
	}

	// The folder AWSLogs/ itself, or one below it, reads the same.
	for _, sub := range []string{"trail/AWSLogs", "trail/AWSLogs/653711331788/CloudTrail/us-east-1"} {
		out, stderr, code = trailwise(t, dir, "collect", "--from-dir", sub, "--org-id", "o-flaws2test1", "--out", "-")
		lines := stderrLines(t, stderr)
		if code != 0 || !strings.Contains(out, `"data_events": 25`) || !strings.Contains(lines[len(lines)-1], "8 log files, 37 events") {
			t.Errorf("--from-dir %s: exit %d, %q", sub, code, stderr)
		}
	}
}

func TestStaleNote(t *testing.T) {
	book := &pricing.Book{EffectiveDate: "2026-11-01"}
	for _, c := range []struct{ end, want string }{
		{"2018-11-28", "measured 2018-11, priced at 2026-11-01 rates (7 years later)"},
		{"2025-10-31", "measured 2025-10, priced at 2026-11-01 rates (1 year later)"},
		{"2025-11-01", ""}, // twelve months to the day: recent enough
		{"2026-09-30", ""},
	} {
		if got := staleNote(model.Period{Start: c.end, End: c.end}, book); got != c.want {
			t.Errorf("period ending %s: %q, want %q", c.end, got, c.want)
		}
	}
}

func gzipBytes(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// synthTrail writes an organization trail's bucket copy: accounts ×
// regions × days × files, each file of n records; it returns the events.
func synthTrail(t *testing.T, root, org string, accounts, regions, days []string, files, n int) int64 {
	t.Helper()
	var events int64
	for _, a := range accounts {
		for _, r := range regions {
			for _, day := range days {
				folder := filepath.Join(root, "AWSLogs", org, a, "CloudTrail", r, strings.ReplaceAll(day, "-", "/"))
				if err := os.MkdirAll(folder, 0o755); err != nil {
					t.Fatal(err)
				}
				for f := range files {
					var b strings.Builder
					b.WriteString(`{"Records":[`)
					for i := range n {
						if i > 0 {
							b.WriteByte(',')
						}
						fmt.Fprintf(&b, `{"eventVersion":"1.09","eventTime":"%sT00:%02d:00Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"%s","readOnly":%v,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management"}`,
							day, i%60, r, i%3 != 0, a)
						events++
					}
					b.WriteString("]}")
					name := fmt.Sprintf("%s_CloudTrail_%s_%sT00%02dZ_x.json.gz", a, r, strings.ReplaceAll(day, "-", ""), 5*f)
					if err := os.WriteFile(filepath.Join(folder, name), gzipBytes(t, []byte(b.String())), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	return events
}

func TestCollectSyntheticPartialThenEstimate(t *testing.T) {
	dir := t.TempDir()
	const org = "o-synthtest01"
	accounts := []string{"111111111111", "222222222222", "333333333333"}
	events := synthTrail(t, filepath.Join(dir, "trail"), org, accounts, []string{"us-east-1", "ap-northeast-1"},
		[]string{"2026-10-30", "2026-10-31", "2026-11-01"}, 4, 7)
	// One corrupt file makes the run partial.
	bad := filepath.Join(dir, "trail/AWSLogs", org, "222222222222/CloudTrail/us-east-1/2026/10/31/222222222222_CloudTrail_us-east-1_20261031T2355Z_bad.json.gz")
	if err := os.WriteFile(bad, []byte("not gzip, not JSON"), 0o644); err != nil {
		t.Fatal(err)
	}

	out, stderr, code := trailwise(t, dir, "collect", "--from-dir", "trail", "--management-account", "111111111111", "--out", "org.json")
	if code != exitPartial || out != "" {
		t.Fatalf("exit %d, want %d; stderr %q", code, exitPartial, stderr)
	}
	lines := stderrLines(t, stderr)
	want := fmt.Sprintf("collected 72 log files, %d events", events)
	if s := lines[len(lines)-1]; !strings.Contains(s, want) || !strings.Contains(s, "1 gaps") || !strings.Contains(s, "3 accounts, 2 regions, 3 days") {
		t.Errorf("summary %q, want %q and 1 gap", s, want)
	}
	d, err := readPlainDataset(filepath.Join(dir, "org.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Gaps) != 1 || !strings.Contains(d.Gaps[0].Reason, "_bad.json.gz") || d.Gaps[0].Account != "222222222222" {
		t.Errorf("gaps %+v", d.Gaps)
	}
	if len(d.Usage) != 18 || d.Organization.ID != org || d.Organization.ManagementAccount != "111111111111" {
		t.Errorf("%d rows, %+v", len(d.Usage), d.Organization)
	}
	out, stderr, code = trailwise(t, dir, "estimate", "--dataset", "org.json", "--format", "json", "--months", "1")
	if code != 0 || !json.Valid([]byte(out)) {
		t.Fatalf("estimate: exit %d, %s", code, stderr)
	}

	// Sampled, to standard output: the same files and bytes, rows marked.
	// The corrupt file is read only if the sample picks it: exit 3 then.
	out, stderr, code = trailwise(t, dir, "collect", "--from-dir", "trail", "--sample-files", "2", "--out", "-")
	if code != 0 && code != exitPartial {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sd model.Dataset
	if err := json.Unmarshal([]byte(out), &sd); err != nil {
		t.Fatalf("stdout is not the dataset: %v", err)
	}
	if err := sd.Validate(); err != nil {
		t.Fatal(err)
	}
	if (code == exitPartial) != (len(sd.Gaps) > 0) {
		t.Errorf("exit %d with %d gaps", code, len(sd.Gaps))
	}
	var files int64
	estimated := 0
	for _, u := range sd.Usage {
		files += u.LogFiles
		if !u.Measured && strings.Contains(u.Source, "sample") {
			estimated++
		}
	}
	if files != 73 || estimated != len(sd.Usage) || !strings.Contains(stderr, "partly estimated from a sample") {
		t.Errorf("%d files, %d of %d rows estimated; stderr %q", files, estimated, len(sd.Usage), stderr)
	}
	if !strings.Contains(stderr, "written to standard output") {
		t.Errorf("stderr %q", stderr)
	}
}

func TestCollectCommandLine(t *testing.T) {
	dir := t.TempDir()
	synthTrail(t, filepath.Join(dir, "trail"), "o-synthtest01", []string{"111111111111"}, []string{"us-east-1"}, []string{"2026-11-01"}, 1, 2)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--days", "0", "--out", "x.json"}, 2, "--days"},
		{[]string{"--days", "3"}, 2, "--out FILE is required"},
		{[]string{"--from-dir", "trail"}, 2, "--out FILE is required"},
		{[]string{"--from-dir", "trail", "--out", "x.json", "--org-id", "org1"}, 2, "--org-id"},
		{[]string{"--from-dir", "trail", "--out", "x.json", "--management-account", "12"}, 2, "--management-account"},
		{[]string{"--from-dir", "trail", "--out", "x.json", "--sample-files", "-1"}, 2, "--sample-files"},
		{[]string{"--from-dir", "nope", "--out", "x.json"}, 1, "nope"},
		{[]string{"--from-dir", ".", "--out", "x.json", "--org-id", "o-otherorg001"}, 1, "not o-otherorg001"},
		{[]string{"--from-dir", "trail", "--out", "no/such/folder/x.json"}, 1, "no/such/folder/x.json: cannot write"},
	}
	for _, tc := range cases {
		out, stderr, code := trailwise(t, dir, append([]string{"collect"}, tc.args...)...)
		lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
		if code != tc.code || out != "" || len(lines) != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d (want %d), stdout %q, stderr %q (want one line with %q)", tc.args, code, tc.code, out, stderr, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.json")); !os.IsNotExist(err) {
		t.Error("a failed run wrote x.json")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	out, _, code := trailwise(t, dir, "collect", "--help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for _, s := range []string{"AWSLogs/<org-id>/<account>/CloudTrail/<region>/YYYY/MM/DD", "--sample-files", "Exit codes", "trailwise estimate --dataset org.json"} {
		if !strings.Contains(out, s) {
			t.Errorf("help lacks %q", s)
		}
	}
}

// readPlainDataset reads a dataset a command wrote, its rows in Usage (the
// loader packs them) for the tests to index.
func readPlainDataset(path string) (*model.Dataset, error) {
	d, err := input.ReadDataset(path)
	if err != nil {
		return nil, err
	}
	d.Usage = slices.Collect(d.Rows())
	d.SetPackedRows(nil)
	return d, nil
}
