package collect

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParseKey(t *testing.T) {
	good := []struct {
		key  string
		want Key
	}{
		{"AWSLogs/o-aa11bb22cc/111122223333/CloudTrail/us-east-1/2026/03/07/111122223333_CloudTrail_us-east-1_20260307T1350Z_Rfqu67OqV4yoGi1D.json.gz",
			Key{OrgID: "o-aa11bb22cc", Account: "111122223333", Region: "us-east-1", Day: "2026-03-07", File: "111122223333_CloudTrail_us-east-1_20260307T1350Z_Rfqu67OqV4yoGi1D.json.gz"}},
		{"archive/2026/AWSLogs/420228061920/CloudTrail/ap-northeast-1/2026/02/28/x.json",
			Key{Prefix: "archive/2026", Account: "420228061920", Region: "ap-northeast-1", Day: "2026-02-28", File: "x.json"}},
		{"AWSLogs/111122223333/CloudTrail-Insight/eu-west-1/2024/02/29/111122223333_CloudTrail-Insight_eu-west-1_20240229T0000Z_a.json.gz",
			Key{Account: "111122223333", Region: "eu-west-1", Day: "2024-02-29", File: "111122223333_CloudTrail-Insight_eu-west-1_20240229T0000Z_a.json.gz", Insight: true}},
		{"AWSLogs/111122223333/CloudTrail/us-gov-west-1/2024/01/01/a.json.gz",
			Key{Account: "111122223333", Region: "us-gov-west-1", Day: "2024-01-01", File: "a.json.gz"}},
		// a prefix that itself holds an AWSLogs folder off the layout
		{"AWSLogs/old/AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/a.json.gz",
			Key{Prefix: "AWSLogs/old", Account: "111122223333", Region: "us-east-1", Day: "2024-01-01", File: "a.json.gz"}},
	}
	for _, g := range good {
		got, err := ParseKey(g.key)
		if err != nil || got != g.want {
			t.Errorf("%s:\n got %+v %v\nwant %+v", g.key, got, err, g.want)
		}
	}
	bad := []struct{ key, want string }{
		{"AWSLogs/420228061920/CloudTrail-Digest/us-east-1/2026/03/07/420228061920_CloudTrail-Digest_us-east-1_t_us-east-1_20260307T134121Z.json.gz", "digest"},
		{"AWSLogs/420228061920/CloudTrail/", "expected <region>"},
		{"AWSLogs/420228061920/CloudTrail/us-east-1/2026/03/07/", "not a .json.gz"},
		{"AWSLogs/42022806192/CloudTrail/us-east-1/2026/03/07/a.json.gz", "12-digit"},
		{"AWSLogs/o-XX/111122223333/CloudTrail/us-east-1/2026/03/07/a.json.gz", "organization id"},
		{"AWSLogs/111122223333/CloudTrail/us_east_1/2026/03/07/a.json.gz", "not an AWS region"},
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2026/02/30/a.json.gz", "not a YYYY/MM/DD day"},
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2026/2/03/a.json.gz", "not a YYYY/MM/DD day"},
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/07/extra/a.json.gz", "expected <region>"},
		{"AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/03/07/a.log.gz", "where CloudTrail was expected"},
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/07/a.txt", "not a .json.gz"},
		{"AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/07/.a.json.gz", "hidden"},
		{"logs/111122223333/CloudTrail/us-east-1/2026/03/07/a.json.gz", "no AWSLogs"},
		{"", "no AWSLogs"},
	}
	for _, b := range bad {
		_, err := ParseKey(b.key)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: %v, want an error containing %q", b.key, err, b.want)
		}
		if err != nil && !errors.Is(err, ErrDigest) && !errors.Is(err, ErrNotLogKey) {
			t.Errorf("%q: %v wraps neither ErrDigest nor ErrNotLogKey", b.key, err)
		}
	}
}

// TestParseKeyRealListing parses a real `aws s3 ls --recursive` listing of a
// multi-region trail bucket: 71 log files (ap-northeast-1 27, sa-east-1 26,
// us-east-1 18), 34 digest files (17 regions, two hours; SOURCES.md says 33)
// and two folder markers.
func TestParseKeyRealListing(t *testing.T) {
	f, err := os.Open(filepath.Join(realDir, "armageddon-lab3-lookupevents/s3_ls_recursive_cloudtrail_bucket_excerpt.txt"))
	if err != nil {
		t.Skip("real listing absent")
	}
	defer f.Close()
	logs := map[string]int{}
	var digests, others int
	var logBytes int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 4 {
			t.Fatalf("line %q", sc.Text())
		}
		size, _ := strconv.ParseInt(fields[2], 10, 64)
		k, err := ParseKey(fields[3])
		switch {
		case err == nil:
			if k.Account != "420228061920" || k.OrgID != "" || k.Day != "2026-03-07" || k.Insight {
				t.Errorf("%s: %+v", fields[3], k)
			}
			if !strings.HasPrefix(k.File, k.Account+"_CloudTrail_"+k.Region+"_20260307T") {
				t.Errorf("%s: file name does not match the folders", fields[3])
			}
			logs[k.Region]++
			logBytes += size
		case errors.Is(err, ErrDigest) && size > 0:
			digests++
		default:
			others++
		}
	}
	if logs["ap-northeast-1"] != 27 || logs["sa-east-1"] != 26 || logs["us-east-1"] != 18 || len(logs) != 3 || digests != 34 || others != 2 {
		t.Errorf("logs %v, %d digests, %d others", logs, digests, others)
	}
	t.Logf("logs %v (%d bytes), %d digests, %d other keys", logs, logBytes, digests, others)
}

// TestParseKeyFlaws2Layout parses the real flaws2 folder, kept under its S3
// key layout (pre-organization).
func TestParseKeyFlaws2Layout(t *testing.T) {
	root := filepath.Join(realDir, "flaws2-logs")
	if _, err := os.Stat(root); err != nil {
		t.Skip("flaws2 logs absent")
	}
	n := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		k, err := ParseKey(filepath.ToSlash(rel))
		if err != nil {
			t.Error(err)
			return nil
		}
		if k.Account != "653711331788" || k.Region != "us-east-1" || k.Day != "2018-11-28" || k.OrgID != "" || k.Prefix != "" {
			t.Errorf("%+v", k)
		}
		n++
		return nil
	})
	if n != 8 {
		t.Errorf("%d log files, want 8", n)
	}
}

// A region that is not an AWS Region is not a log key: the file is
// reported and skipped, not counted in a region that does not exist.
func TestKeyRefusesUnknownRegions(t *testing.T) {
	if _, err := ParseFileName("111111111111_CloudTrail_zz-fake-9_20261001T0000Z_abc.json.gz"); !errors.Is(err, ErrNotLogKey) {
		t.Errorf("file name in zz-fake-9: %v", err)
	}
	if _, err := ParseFileName("111111111111_CloudTrail_eu-west-1_20261001T0000Z_abc.json.gz"); err != nil {
		t.Errorf("file name in eu-west-1: %v", err)
	}
}
