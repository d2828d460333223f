package collect

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
)

// copyTree copies a folder (read-only real data) into a temporary one.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(filepath.Join(dst, rel))
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// roundTrip writes the dataset as JSON and loads it back the way
// 'trailwise estimate --dataset' does.
func roundTrip(t *testing.T, d *model.Dataset) *model.Dataset {
	t.Helper()
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := input.ParseDataset("out.json", data)
	if err != nil {
		t.Fatalf("the dataset does not load back: %v", err)
	}
	back.Usage = slices.Collect(back.Rows()) // the tests index the rows
	back.SetPackedRows(nil)
	return back
}

// rowsOf returns the dataset's usage rows, wherever the loader keeps them.
func rowsOf(d *model.Dataset) []model.Usage {
	return slices.Collect(d.Rows())
}

func TestFromDirFlaws2(t *testing.T) {
	src := filepath.Join(realDir, "flaws2-logs")
	if _, err := os.Stat(src); err != nil {
		t.Skip("flaws2 logs absent")
	}
	dir := copyTree(t, src)
	if _, err := FromDir(dir, FromDirOptions{}); err == nil || !strings.Contains(err.Error(), "--org-id") {
		t.Fatalf("pre-organization layout without an org id: %v", err)
	}
	var notes []string
	d, err := FromDir(dir, FromDirOptions{OrgID: "o-flaws2flaws", Note: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	d = roundTrip(t, d)
	if len(rowsOf(d)) != 1 || len(d.Gaps) != 0 || len(d.Accounts) != 1 {
		t.Fatalf("%+v", d)
	}
	u := rowsOf(d)[0]
	// SOURCES.md: 8 files, 37 events (25 data), 12,179 gz bytes.
	if u.Account != "653711331788" || u.Region != "us-east-1" || u.Day != "2018-11-28" || u.LogFiles != 8 ||
		u.Events() != 37 || u.DataEvents != 25 || u.StoredBytes != 12179 || !u.Measured || u.Source != SourceLocalDir {
		t.Errorf("%+v", u)
	}
	// Every record's bytes: the files' 41,612 bytes less {"Records":[ ]},
	// the commas between records and a final newline per file.
	if want := int64(41612 - 8*len(`{"Records":[]}`+"\n") - (37 - 8)); u.EventBytes != want {
		t.Errorf("event bytes %d, want %d", u.EventBytes, want)
	}
	if d.Organization.ManagementAccount != "653711331788" || d.Period.Start != "2018-11-28" || d.Period.End != "2018-11-28" {
		t.Errorf("%+v %+v", d.Organization, d.Period)
	}
	if len(notes) != 2 || !strings.Contains(notes[0], "management account not given") ||
		notes[1] != "top event sources in the files read: s3.amazonaws.com 64.9%, logs.amazonaws.com 13.5%, ecr.amazonaws.com 8.1%, sts.amazonaws.com 8.1%, lambda.amazonaws.com 5.4%" {
		t.Errorf("notes %q", notes)
	}
}

// synthRecord is one compact record of the kind given.
func synthRecord(account, region, day string, i int, kind Kind) string {
	category, name, source, ro := "Management", "DescribeInstances", "ec2.amazonaws.com", "true"
	switch kind {
	case KindManagementWrite:
		name, ro = "RunInstances", "false"
	case KindData:
		category, name, source = "Data", "GetObject", "s3.amazonaws.com"
	case KindInsight:
		category, name, source = "Insight", "RunInstances", "ec2.amazonaws.com"
	}
	return fmt.Sprintf(`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::%s:assumed-role/r/s"},"eventTime":"%sT%02d:%02d:00Z","eventSource":"%s","eventName":"%s","awsRegion":"%s","requestParameters":{"n":%d,"s":"{\"x\":[1]}"},"readOnly":%s,"eventType":"AwsApiCall","managementEvent":%v,"recipientAccountId":"%s","eventCategory":"%s"}`,
		account, day, i%24, i%60, source, name, region, i, ro, kind != KindData, account, category)
}

// writeLog writes a log file of n records cycling through kinds, gzipped
// unless the name ends in .json; it returns what the file holds.
func writeLog(t *testing.T, path, account, region, day string, n int, kinds ...Kind) Counts {
	t.Helper()
	var b strings.Builder
	var c Counts
	b.WriteString(`{"Records":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		k := kinds[i%len(kinds)]
		r := synthRecord(account, region, day, i, k)
		b.WriteString(r)
		c.Events++
		c.EventBytes += int64(len(r))
		switch k {
		case KindManagementRead:
			c.ManagementRead++
		case KindManagementWrite:
			c.ManagementWrite++
		case KindData:
			c.Data++
		case KindInsight:
			c.Insights++
		}
	}
	b.WriteString("]}")
	data := []byte(b.String())
	if strings.HasSuffix(path, ".gz") {
		data = gz(t, data)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return c
}

func logPath(dir, org, account, region, day, name string) string {
	return filepath.Join(dir, "bucket-prefix", "AWSLogs", org, account, "CloudTrail", region, strings.ReplaceAll(day, "-", "/"),
		account+"_CloudTrail_"+region+"_"+strings.ReplaceAll(day, "-", "")+"T0000Z_"+name)
}

func TestFromDirSynthetic(t *testing.T) {
	dir := t.TempDir()
	const org = "o-synth12345"
	want := map[string]Counts{}
	files := map[string]int64{}
	for _, a := range []string{"222222222222", "111111111111"} {
		for _, r := range []string{"us-east-1", "eu-west-1"} {
			for _, day := range []string{"2026-03-01", "2026-03-02"} {
				k := a + "/" + r + "/" + day
				for f := range 3 {
					c := writeLog(t, logPath(dir, org, a, r, day, fmt.Sprintf("f%d.json.gz", f)), a, r, day, 5+f,
						KindManagementRead, KindManagementWrite, KindData)
					w := want[k]
					w.Add(c)
					want[k] = w
					files[k]++
				}
			}
		}
	}
	// A plain .json log, an Insights file, a digest, a stray file, a
	// corrupt gzip and a non-log JSON file.
	k := "111111111111/us-east-1/2026-03-01"
	c := writeLog(t, logPath(dir, org, "111111111111", "us-east-1", "2026-03-01", "plain.json"), "111111111111", "us-east-1", "2026-03-01", 4, KindManagementRead)
	w := want[k]
	w.Add(c)
	ins := writeLog(t, filepath.Join(dir, "bucket-prefix/AWSLogs", org, "111111111111/CloudTrail-Insight/us-east-1/2026/03/01/i.json.gz"),
		"111111111111", "us-east-1", "2026-03-01", 2, KindInsight)
	w.Add(ins)
	want[k] = w
	files[k] += 2
	os.MkdirAll(filepath.Join(dir, "bucket-prefix/AWSLogs", org, "111111111111/CloudTrail-Digest/us-east-1/2026/03/01"), 0o755)
	os.WriteFile(filepath.Join(dir, "bucket-prefix/AWSLogs", org, "111111111111/CloudTrail-Digest/us-east-1/2026/03/01/d.json.gz"), gz(t, []byte("{}")), 0o644)
	os.WriteFile(filepath.Join(dir, "README.txt"), []byte("archive"), 0o644)
	good := gz(t, []byte(`{"Records":[]}`))
	os.WriteFile(logPath(dir, org, "222222222222", "eu-west-1", "2026-03-02", "corrupt.json.gz"), good[:len(good)-5], 0o644)
	os.WriteFile(logPath(dir, org, "222222222222", "eu-west-1", "2026-03-01", "lookup.json"), []byte(`{"Events":[]}`), 0o644)

	// The plain .json gunzipped beside a .json.gz is not counted twice.
	dup := logPath(dir, org, "111111111111", "us-east-1", "2026-03-02", "f0.json.gz")
	if err := os.WriteFile(strings.TrimSuffix(dup, ".gz"), readMaybeGzip(t, dup), 0o644); err != nil {
		t.Fatal(err)
	}
	// A second trail under another prefix.
	writeLog(t, filepath.Join(dir, "other-trail/AWSLogs", org, "111111111111/CloudTrail/us-east-1/2026/03/02/x.json.gz"), "111111111111", "us-east-1", "2026-03-02", 0, KindData)
	files["111111111111/us-east-1/2026-03-02"]++

	var notes []string
	d, err := FromDir(dir, FromDirOptions{ManagementAccount: "333333333333", Workers: 3, Note: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	d = roundTrip(t, d)
	if d.Organization.ID != org || d.Organization.ManagementAccount != "333333333333" || len(d.Accounts) != 3 ||
		d.Period.Start != "2026-03-01" || d.Period.End != "2026-03-02" {
		t.Errorf("%+v %+v %+v", d.Organization, d.Accounts, d.Period)
	}
	if len(rowsOf(d)) != 8 {
		t.Fatalf("%d rows", len(rowsOf(d)))
	}
	for _, u := range rowsOf(d) {
		k := u.Account + "/" + u.Region + "/" + u.Day
		w := want[k]
		got := Counts{Events: u.Events(), ManagementRead: u.ManagementReadEvents, ManagementWrite: u.ManagementWriteEvents,
			Data: u.DataEvents, Network: u.NetworkEvents, Insights: u.InsightsEvents, EventBytes: u.EventBytes}
		if got != w || u.LogFiles != files[k] || !u.Measured || u.Source != SourceLocalDir {
			t.Errorf("%s: %+v files %d, want %+v files %d", k, got, u.LogFiles, w, files[k])
		}
	}
	if len(d.Gaps) != 2 {
		t.Fatalf("gaps %+v", d.Gaps)
	}
	for _, g := range d.Gaps {
		if g.Account != "222222222222" || g.Region != "eu-west-1" || g.Source != SourceLocalDir || !strings.Contains(g.Reason, "; not counted") {
			t.Errorf("gap %+v", g)
		}
	}
	if !strings.Contains(d.Gaps[0].Reason, `lookup.json: not a CloudTrail log file: no "Records" array`) {
		t.Errorf("gap %q", d.Gaps[0].Reason)
	}
	if !strings.Contains(d.Gaps[1].Reason, "corrupt.json.gz: byte 14: truncated gzip stream") {
		t.Errorf("gap %q", d.Gaps[1].Reason)
	}
	all := strings.Join(notes, "\n")
	for _, s := range []string{"333333333333 has no log files",
		"skipped 1 digest files and 1 files off the CloudTrail layout (e.g. README.txt) and 1 plain .json files that have their .json.gz beside them",
		"1 log files are plain JSON", "log files under 2 key prefixes (bucket-prefix, other-trail)"} {
		if !strings.Contains(all, s) {
			t.Errorf("notes lack %q:\n%s", s, all)
		}
	}
}

func TestFromDirSample(t *testing.T) {
	dir := t.TempDir()
	const org = "o-synth12345"
	// 12 identical files a day for two days in one region, 2 in another.
	for f := range 12 {
		for _, day := range []string{"2026-03-01", "2026-03-02"} {
			writeLog(t, logPath(dir, org, "111111111111", "us-east-1", day, fmt.Sprintf("f%02d.json.gz", f)), "111111111111", "us-east-1", "2026-03-01", 10, KindManagementRead, KindData)
		}
	}
	for f := range 2 {
		writeLog(t, logPath(dir, org, "111111111111", "eu-west-1", "2026-03-01", fmt.Sprintf("f%d.json.gz", f)), "111111111111", "eu-west-1", "2026-03-01", 3, KindManagementWrite)
	}
	full, err := FromDir(dir, FromDirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	s1, err := FromDir(dir, FromDirOptions{SampleFiles: 5, Seed: 7, Note: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	s1 = roundTrip(t, s1)
	s2, _ := FromDir(dir, FromDirOptions{SampleFiles: 5, Seed: 7})
	j1, _ := json.Marshal(s1)
	j2, _ := json.Marshal(s2)
	if string(j1) != string(j2) {
		t.Error("the same seed gave different samples")
	}
	if len(rowsOf(s1)) != len(rowsOf(full)) {
		t.Fatalf("%d rows, want %d", len(rowsOf(s1)), len(rowsOf(full)))
	}
	for i, u := range rowsOf(s1) {
		f := rowsOf(full)[i]
		// Identical files: the scaled estimate is exact.
		if u.Events() != f.Events() || u.EventBytes != f.EventBytes || u.DataEvents != f.DataEvents || u.LogFiles != f.LogFiles || u.StoredBytes != f.StoredBytes {
			t.Errorf("row %d: %+v, want %+v", i, u, f)
		}
		if u.Region == "us-east-1" {
			if u.Measured || !strings.Contains(u.Source, "sample: 5 of 24 files") {
				t.Errorf("sampled row %+v", u)
			}
			// Identical files: the estimate has no sampling error.
			if u.RelativeError == nil || *u.RelativeError != 0 {
				t.Errorf("relative error %v, want 0", u.RelativeError)
			}
		} else if !u.Measured || u.Source != SourceLocalDir || u.RelativeError != nil {
			t.Errorf("a group smaller than the sample is read in full: %+v", u)
		}
	}
	if !strings.Contains(strings.Join(notes, "\n"), "read 7 of 26 files; 1 account-regions estimated") {
		t.Errorf("notes %q", notes)
	}
}

func TestFromDirErrors(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "x.json.gz"), nil, 0o644)
	if _, err := FromDir(empty, FromDirOptions{}); err == nil || !strings.Contains(err.Error(), "no CloudTrail log files found") {
		t.Errorf("%v", err)
	}
	if _, err := FromDir(filepath.Join(empty, "nope"), FromDirOptions{}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("%v", err)
	}
	two := t.TempDir()
	writeLog(t, logPath(two, "o-aaaaaaaaaa", "111111111111", "us-east-1", "2026-03-01", "a.json.gz"), "111111111111", "us-east-1", "2026-03-01", 1, KindData)
	writeLog(t, logPath(two, "o-bbbbbbbbbb", "111111111111", "us-east-1", "2026-03-01", "a.json.gz"), "111111111111", "us-east-1", "2026-03-01", 1, KindData)
	if _, err := FromDir(two, FromDirOptions{}); err == nil || !strings.Contains(err.Error(), "2 organization ids") {
		t.Errorf("%v", err)
	}
	one := t.TempDir()
	writeLog(t, logPath(one, "o-aaaaaaaaaa", "111111111111", "us-east-1", "2026-03-01", "a.json.gz"), "111111111111", "us-east-1", "2026-03-01", 1, KindData)
	if _, err := FromDir(one, FromDirOptions{OrgID: "o-cccccccccc"}); err == nil || !strings.Contains(err.Error(), "not o-cccccccccc") {
		t.Errorf("%v", err)
	}
	for _, o := range []FromDirOptions{{OrgID: "org"}, {ManagementAccount: "12"}, {SampleFiles: -1}} {
		if _, err := FromDir(one, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// TestFromDirSampleError: files of different sizes and event mixes give a
// relative error between 0 and 1 that shrinks as the sample grows, and a
// full sample is exact.
func TestFromDirSampleError(t *testing.T) {
	dir := t.TempDir()
	const org = "o-synth12345"
	var total int64
	for f := range 40 {
		n := 1 + (f*37)%23
		kinds := []Kind{KindManagementRead}
		if f%3 == 0 {
			kinds = []Kind{KindManagementRead, KindData, KindData}
		}
		total += writeLog(t, logPath(dir, org, "111111111111", "us-east-1", "2026-03-01", fmt.Sprintf("f%02d.json.gz", f)), "111111111111", "us-east-1", "2026-03-01", n, kinds...).Events
	}
	errAt := func(n int) (float64, int64) {
		d, err := FromDir(dir, FromDirOptions{SampleFiles: n, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		d = roundTrip(t, d)
		u := rowsOf(d)[0]
		if n >= 40 {
			if !u.Measured || u.RelativeError != nil || u.Events() != total {
				t.Errorf("full sample: %+v, want %d events", u, total)
			}
			return 0, u.Events()
		}
		if u.Measured || u.RelativeError == nil || *u.RelativeError <= 0 || *u.RelativeError > 1 {
			t.Fatalf("sample of %d: %+v", n, u)
		}
		return *u.RelativeError, u.Events()
	}
	e5, ev5 := errAt(5)
	e30, ev30 := errAt(30)
	errAt(40)
	if e30 >= e5 {
		t.Errorf("relative error %.3f with 30 files, %.3f with 5", e30, e5)
	}
	// The estimate lies within four standard errors of the truth.
	for _, c := range []struct {
		e  float64
		ev int64
	}{{e5, ev5}, {e30, ev30}} {
		if math.Abs(float64(c.ev-total)) > 4*c.e*float64(c.ev) {
			t.Errorf("estimate %d, truth %d, relative error %.3f", c.ev, total, c.e)
		}
	}
	t.Logf("truth %d; 5 files: %d ± %.1f%%; 30 files: %d ± %.1f%%", total, ev5, 100*e5, ev30, 100*e30)
}

// A folder at or below AWSLogs/ reads as the bucket it is part of: the
// flaws2 logs give the same row from every level.
func TestFromDirAtOrBelowAWSLogs(t *testing.T) {
	top := filepath.Join(realDir, "flaws2-logs")
	if _, err := os.Stat(top); err != nil {
		t.Skip("flaws2 logs absent")
	}
	for _, sub := range []string{"", "AWSLogs", "AWSLogs/653711331788", "AWSLogs/653711331788/CloudTrail",
		"AWSLogs/653711331788/CloudTrail/us-east-1", "AWSLogs/653711331788/CloudTrail/us-east-1/2018/11/28"} {
		d, err := FromDir(filepath.Join(top, sub), FromDirOptions{OrgID: "o-flaws2flaws"})
		if err != nil {
			t.Errorf("%q: %v", sub, err)
			continue
		}
		// SOURCES.md: 8 files, 37 events (25 data), 12,179 gz bytes.
		if len(rowsOf(d)) != 1 || len(d.Gaps) != 0 {
			t.Fatalf("%q: %+v", sub, d)
		}
		u := rowsOf(d)[0]
		if u.Account != "653711331788" || u.Region != "us-east-1" || u.Day != "2018-11-28" || u.LogFiles != 8 ||
			u.Events() != 37 || u.DataEvents != 25 || u.StoredBytes != 12179 {
			t.Errorf("%q: %+v", sub, u)
		}
	}
}

// The same below AWSLogs/ of an organization trail: the organization id is
// read from the folders above the one given.
func TestFromDirBelowAWSLogsOfAnOrganization(t *testing.T) {
	dir := t.TempDir()
	const org = "o-synth12345"
	want := map[string]int64{}
	for _, a := range []string{"111111111111", "222222222222"} {
		for _, r := range []string{"us-east-1", "eu-west-1"} {
			c := writeLog(t, logPath(dir, org, a, r, "2026-03-01", "f.json.gz"), a, r, "2026-03-01", 3, KindManagementRead)
			want[a+"/"+r] = c.Events
		}
	}
	for _, c := range []struct {
		sub  string
		rows []string
	}{
		{"bucket-prefix/AWSLogs", []string{"111111111111/eu-west-1", "111111111111/us-east-1", "222222222222/eu-west-1", "222222222222/us-east-1"}},
		{"bucket-prefix/AWSLogs/" + org, []string{"111111111111/eu-west-1", "111111111111/us-east-1", "222222222222/eu-west-1", "222222222222/us-east-1"}},
		{"bucket-prefix/AWSLogs/" + org + "/222222222222", []string{"222222222222/eu-west-1", "222222222222/us-east-1"}},
		{"bucket-prefix/AWSLogs/" + org + "/111111111111/CloudTrail/eu-west-1", []string{"111111111111/eu-west-1"}},
	} {
		d, err := FromDir(filepath.Join(dir, c.sub), FromDirOptions{})
		if err != nil {
			t.Errorf("%s: %v", c.sub, err)
			continue
		}
		var rows []string
		for _, u := range rowsOf(d) {
			rows = append(rows, u.Account+"/"+u.Region)
			if u.Events() != want[u.Account+"/"+u.Region] {
				t.Errorf("%s: %s/%s has %d events, want %d", c.sub, u.Account, u.Region, u.Events(), want[u.Account+"/"+u.Region])
			}
		}
		if d.Organization.ID != org || strings.Join(rows, " ") != strings.Join(c.rows, " ") {
			t.Errorf("%s: organization %q, rows %v; want %s and %v", c.sub, d.Organization.ID, rows, org, c.rows)
		}
	}
}

// A flat folder of log files named as CloudTrail names them: account,
// region and day come from the names.
func TestFromDirFlatFolder(t *testing.T) {
	dir := t.TempDir()
	name := func(account, region, stamp, id, ext string) string {
		return filepath.Join(dir, account+"_CloudTrail_"+region+"_"+stamp+"_"+id+ext)
	}
	a := writeLog(t, name("111111111111", "us-east-1", "20260301T0005Z", "AbC1", ".json.gz"), "111111111111", "us-east-1", "2026-03-01", 4, KindManagementRead, KindData)
	b := writeLog(t, name("111111111111", "us-east-1", "20260301T2355Z", "dEf2", ".json"), "111111111111", "us-east-1", "2026-03-01", 3, KindManagementWrite)
	c := writeLog(t, name("222222222222", "eu-west-1", "20260302T1200Z", "GhI3", ".json.gz"), "222222222222", "eu-west-1", "2026-03-02", 2, KindManagementRead)
	os.WriteFile(filepath.Join(dir, "111111111111_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20260301T010000Z.json.gz"), gz(t, []byte("{}")), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.json"), []byte(`{}`), 0o644)
	os.WriteFile(filepath.Join(dir, "111111111111_CloudTrail_moon-base-1_20260301T0005Z_x.json"), []byte(`{}`), 0o644)

	if _, err := FromDir(dir, FromDirOptions{}); err == nil || !strings.Contains(err.Error(), "--org-id") {
		t.Fatalf("no organization id: %v", err)
	}
	var notes []string
	d, err := FromDir(dir, FromDirOptions{OrgID: "o-flatfolder1", Note: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	d = roundTrip(t, d)
	if len(rowsOf(d)) != 2 || len(d.Gaps) != 0 || d.Period.Start != "2026-03-01" || d.Period.End != "2026-03-02" {
		t.Fatalf("%+v", d)
	}
	u, v := rowsOf(d)[0], rowsOf(d)[1]
	if u.Account != "111111111111" || u.Region != "us-east-1" || u.Day != "2026-03-01" || u.LogFiles != 2 ||
		u.Events() != a.Events+b.Events || u.DataEvents != a.Data || u.ManagementWriteEvents != b.ManagementWrite {
		t.Errorf("first row %+v", u)
	}
	if v.Account != "222222222222" || v.Region != "eu-west-1" || v.Day != "2026-03-02" || v.LogFiles != 1 || v.Events() != c.Events {
		t.Errorf("second row %+v", v)
	}
	all := strings.Join(notes, "\n")
	for _, s := range []string{"3 log files are off the AWSLogs/ layout: their account, region and day come from their names",
		"skipped 1 digest files and 2 files off the CloudTrail layout"} {
		if !strings.Contains(all, s) {
			t.Errorf("notes lack %q:\n%s", s, all)
		}
	}
}

// The Invictus dataset keeps 55 uncompressed logs of one account in a flat
// folder; a JSON parser counts 2,900 records in them (2,326 read-only
// management events, 574 others, no data events) and 3,660,956 bytes.
func TestFromDirInvictusFlatFolder(t *testing.T) {
	src := filepath.Join(realDir, "invictus-aws_dataset")
	if _, err := os.Stat(src); err != nil {
		t.Skip("Invictus dataset absent")
	}
	for _, sub := range []string{"", "CloudTrail"} {
		d, err := FromDir(filepath.Join(src, sub), FromDirOptions{OrgID: "o-invictus123"})
		if err != nil {
			t.Fatalf("%q: %v", sub, err)
		}
		if len(rowsOf(d)) != 1 || len(d.Gaps) != 0 {
			t.Fatalf("%q: %+v", sub, d)
		}
		u := rowsOf(d)[0]
		if u.Account != "218007301253" || u.Region != "us-east-1" || u.Day != "2023-07-10" || u.LogFiles != 55 ||
			u.Events() != 2900 || u.ManagementReadEvents != 2326 || u.ManagementWriteEvents != 574 || u.DataEvents != 0 ||
			u.StoredBytes != 3660956 {
			t.Errorf("%q: %+v", sub, u)
		}
	}
}

func TestParseFileName(t *testing.T) {
	k, err := ParseFileName("653711331788_CloudTrail-Insight_eu-west-3_20181128T2305Z_zKlMhON7EpHala9u.json.gz")
	if err != nil || k != (Key{Account: "653711331788", Region: "eu-west-3", Day: "2018-11-28", Insight: true,
		File: "653711331788_CloudTrail-Insight_eu-west-3_20181128T2305Z_zKlMhON7EpHala9u.json.gz"}) {
		t.Errorf("%+v, %v", k, err)
	}
	for name, want := range map[string]error{
		"111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T010000Z.json.gz": ErrDigest,
		"111111111111_CloudTrail_us-east-1_20261301T0000Z_x.json.gz":                    ErrNotLogKey,
		"111111111111_CloudTrail_us-east-1_20260301T0000Z_x.csv":                        ErrNotLogKey,
		"11111111111_CloudTrail_us-east-1_20260301T0000Z_x.json":                        ErrNotLogKey,
		"111111111111_CloudTrail_us-east_20260301T0000Z_x.json":                         ErrNotLogKey,
	} {
		if _, err := ParseFileName(name); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
}

// --from-dir follows symbolic links, the folder itself included, without
// counting a file twice or looping, and says which links it skipped.
func TestFromDirFollowsLinks(t *testing.T) {
	base := t.TempDir()
	const org = "o-synth12345"
	real := filepath.Join(base, "real")
	outside := filepath.Join(base, "outside")
	c1 := writeLog(t, logPath(real, org, "111111111111", "us-east-1", "2026-03-01", "a.json.gz"), "111111111111", "us-east-1", "2026-03-01", 5, KindManagementRead)
	// an account's logs copied elsewhere and linked into the tree
	c2 := writeLog(t, logPath(outside, org, "222222222222", "eu-west-1", "2026-03-01", "b.json.gz"), "222222222222", "eu-west-1", "2026-03-01", 3, KindManagementWrite)
	mustLink := func(target, link string) {
		t.Helper()
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	accounts := filepath.Join(real, "bucket-prefix", "AWSLogs", org)
	mustLink(filepath.Join(outside, "bucket-prefix", "AWSLogs", org, "222222222222"), filepath.Join(accounts, "222222222222"))
	// a loop, a link back inside the tree, a dangling link
	mustLink(real, filepath.Join(accounts, "loop"))
	mustLink(filepath.Join(accounts, "111111111111"), filepath.Join(real, "again"))
	mustLink(filepath.Join(base, "nowhere"), filepath.Join(real, "dangling"))
	// the folder given is itself a link
	link := filepath.Join(base, "trail")
	mustLink(real, link)

	var notes []string
	d, err := FromDir(link, FromDirOptions{Note: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	var events int64
	for _, u := range rowsOf(d) {
		events += u.Events()
	}
	if want := c1.Events + c2.Events; events != want || len(rowsOf(d)) != 2 {
		t.Errorf("%d rows, %d events; want 2 rows and %d events (each file once)", len(rowsOf(d)), events, want)
	}
	joined := strings.Join(notes, "\n")
	for _, want := range []string{"loop: skipped a link to", "(a loop)", "again: skipped a link to", "counted there, not twice", "dangling: skipped a link whose target cannot be reached"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no note %q in:\n%s", want, joined)
		}
	}
}

// Groups sort by account, region, then plain logs before Insights files,
// as the rows and gaps are listed.
func TestSortGroupsOrder(t *testing.T) {
	keys := []groupKey{
		{account: "222222222222", region: "us-east-1"},
		{account: "111111111111", region: "us-west-2", insight: true},
		{account: "111111111111", region: "us-west-2"},
		{account: "111111111111", region: "eu-west-1", insight: true},
	}
	sortGroups(keys)
	want := []groupKey{
		{account: "111111111111", region: "eu-west-1", insight: true},
		{account: "111111111111", region: "us-west-2"},
		{account: "111111111111", region: "us-west-2", insight: true},
		{account: "222222222222", region: "us-east-1"},
	}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("sorted %+v, want %+v", keys, want)
	}
}

// TestFromDirForeignAccountsInFileOrder: the note on records naming another
// account than their file's gives the first such account in file order,
// every time (a file's tallies were maps, read in random order).
func TestFromDirForeignAccountsInFileOrder(t *testing.T) {
	dir := t.TempDir()
	log := `{"Records":[` +
		`{"eventSource":"s3.amazonaws.com","eventName":"GetObject","recipientAccountId":"111111111111","awsRegion":"us-east-1","eventTime":"2026-03-01T00:00:00Z"},` +
		`{"eventSource":"s3.amazonaws.com","eventName":"GetObject","recipientAccountId":"222222222222","awsRegion":"us-east-1","eventTime":"2026-03-01T00:00:01Z"},` +
		`{"eventSource":"s3.amazonaws.com","eventName":"GetObject","recipientAccountId":"333333333333","awsRegion":"us-east-1","eventTime":"2026-03-01T00:00:02Z"}]}`
	p := logPath(dir, "o-abcdefghij", "111111111111", "us-east-1", "2026-03-01", "f.json.gz")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, gz(t, []byte(log)), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		var foreign string
		_, err := FromDir(dir, FromDirOptions{Note: func(s string) {
			if strings.Contains(s, "another recipientAccountId") {
				foreign = s
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(foreign, "2 events name another") || !strings.Contains(foreign, `names "222222222222"`) {
			t.Fatalf("note %q, want 2 events and the first, 222222222222", foreign)
		}
	}
}
