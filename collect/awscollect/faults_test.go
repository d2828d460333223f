package awscollect

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

// Faults the network and the services can throw at a run. After each the
// dataset is complete for what was reachable, every gap is listed, and
// nothing is counted twice: a row is never larger than the fault-free run's.

// reference is the fault-free run on a fresh fake of n accounts.
func reference(t *testing.T, n int) *model.Dataset {
	t.Helper()
	f, _ := startFake(t, n)
	ref, err := Collect(deadline(t, time.Minute), options(t, f))
	if err != nil {
		t.Fatal(err)
	}
	return ref.Dataset
}

// noneCountedTwice checks every row of d against the reference's.
func noneCountedTwice(t *testing.T, d, ref *model.Dataset) {
	t.Helper()
	want := map[[3]string]model.Usage{}
	for _, u := range ref.Usage {
		want[[3]string{u.Account, u.Region, u.Day}] = u
	}
	for _, u := range d.Usage {
		w, ok := want[[3]string{u.Account, u.Region, u.Day}]
		if !ok || u.Events() > w.Events() || u.StoredBytes > w.StoredBytes || u.LogFiles > w.LogFiles {
			t.Errorf("%s %s %s: %d events, %d files; the fault-free run has %d, %d", u.Account, u.Region, u.Day, u.Events(), u.LogFiles, w.Events(), w.LogFiles)
		}
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
}

// Connection resets on every service, and on the sampled log downloads,
// are retried: the dataset is the fault-free one.
func TestConnectionResetsAreRetried(t *testing.T) {
	ref := reference(t, 8)
	f, _ := startFake(t, 8)
	for _, a := range []string{"organizations:ListAccounts", "organizations:DescribeOrganization", "sts:AssumeRole",
		"s3:ListObjectsV2", "s3:GetObject", "cloudtrail:DescribeTrails", "ce:GetCostAndUsage"} {
		f.Inject(a, fakeaws.Reset, 2, 0)
	}
	res, err := Collect(deadline(t, time.Minute), options(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Dataset.Usage, ref.Usage) || len(res.Dataset.Gaps) != len(ref.Gaps) {
		t.Errorf("after resets: %d rows, %d gaps; fault-free %d rows, %d gaps: %v", len(res.Dataset.Usage), len(res.Dataset.Gaps), len(ref.Usage), len(ref.Gaps), res.Dataset.Gaps)
	}
	resets := 0
	for _, c := range f.Calls() {
		if c.Fault == "reset" {
			resets++
		}
	}
	if resets != 14 {
		t.Errorf("%d resets served, want 14", resets)
	}
}

// A service that answers 5xx to every request: S3 and the sampled
// downloads become gaps per account; STS, the accounts it cannot enter;
// Organizations, which the run cannot do without, a one-line error.
func TestRepeated5xx(t *testing.T) {
	ref := reference(t, 6)
	for _, action := range []string{"s3:ListObjectsV2", "s3:GetObject", "sts:AssumeRole"} {
		t.Run(action, func(t *testing.T) {
			f, _ := startFake(t, 6)
			f.Inject(action, fakeaws.ServerError, -1, 0)
			res, err := Collect(deadline(t, time.Minute), options(t, f))
			if err != nil {
				t.Fatal(err)
			}
			if res.Complete || len(res.Dataset.Gaps) == 0 {
				t.Fatalf("no gap for %s answering 5xx", action)
			}
			for _, g := range res.Dataset.Gaps {
				if g.Reason == "" {
					t.Errorf("gap without a reason: %+v", g)
				}
			}
			noneCountedTwice(t, res.Dataset, ref)
		})
	}
	f, _ := startFake(t, 6)
	f.Inject("organizations:ListAccounts", fakeaws.ServerError, -1, 0)
	_, err := Collect(deadline(t, time.Minute), options(t, f))
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "ListAccounts") {
		t.Errorf("Organizations down: %v", err)
	}
}

// A list API whose next-page token leads back to a page already read is
// stopped, not followed forever: Organizations fails in one line, an event
// data store listing becomes a gap.
func TestRepeatedPageTokenStops(t *testing.T) {
	f, _ := startFake(t, 4)
	f.Inject("organizations:ListAccounts", fakeaws.RepeatToken, -1, 0)
	_, err := Collect(deadline(t, 30*time.Second), options(t, f))
	if err == nil || !strings.Contains(err.Error(), "paging loop") {
		t.Errorf("ListAccounts looping: %v", err)
	}
	if n := f.Count("organizations:ListAccounts"); n != 2 {
		t.Errorf("ListAccounts asked %d times, want 2: the first page, then the one whose token came back", n)
	}

	f, _ = startFake(t, 4)
	f.Inject("cloudtrail:ListEventDataStores", fakeaws.RepeatToken, -1, 0)
	res, err := Collect(deadline(t, 30*time.Second), options(t, f))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range res.Dataset.Gaps {
		found = found || strings.Contains(g.Reason, "ListEventDataStores") && strings.Contains(g.Reason, "paging loop")
	}
	if !found || res.Complete {
		t.Errorf("no gap for the looping ListEventDataStores: %v", res.Dataset.Gaps)
	}

	f, _ = startFake(t, 4)
	f.Inject("s3:ListObjectsV2", fakeaws.RepeatToken, -1, 0)
	res, err = Collect(deadline(t, 30*time.Second), options(t, f))
	if err != nil {
		t.Fatal(err)
	}
	loops := 0
	for _, g := range res.Dataset.Gaps {
		if strings.Contains(g.Reason, "ListObjectsV2") && strings.Contains(g.Reason, "paging loop") {
			loops++
		}
	}
	if loops == 0 {
		t.Errorf("no gap for the looping S3 listing: %v", res.Dataset.Gaps)
	}
}

// Credentials that expire mid-run leave a partial dataset whose gaps say
// so; the checkpoints are kept, a note says how to resume, and the next
// run asks only for what is missing and ends with the fault-free dataset.
func TestExpiredCredentialsKeepCheckpoints(t *testing.T) {
	f, _ := startFake(t, 10)
	o := options(t, f)
	ref, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	// a fresh run (the reference's own gaps kept its checkpoints)
	o.CacheDir, o.CheckpointDir = t.TempDir(), t.TempDir()
	f.ResetCalls()
	f.InjectAfter("sts:AssumeRole", fakeaws.Expired, 4)
	part, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	expired := 0
	for _, g := range part.Dataset.Gaps {
		if strings.Contains(g.Reason, "ExpiredToken") {
			expired++
		}
	}
	if part.Complete || expired == 0 {
		t.Fatalf("expired credentials: complete %v, gaps %v", part.Complete, part.Dataset.Gaps)
	}
	gapped := map[string]bool{}
	for _, g := range part.Dataset.Gaps {
		gapped[g.Account] = true
	}
	for _, g := range ref.Dataset.Gaps {
		if !gapped[g.Account] {
			t.Errorf("the fault-free run's gap for %s is not listed", g.Account)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(o.CheckpointDir, "*.jsonl")); len(left) == 0 {
		t.Fatal("the checkpoints of a partial dataset were removed")
	}
	if !strings.Contains(strings.Join(part.Notes, " "), "run the same command again to retry only the gaps") {
		t.Errorf("no note on resuming: %v", part.Notes)
	}
	noneCountedTwice(t, part.Dataset, ref.Dataset)

	// the credentials renewed: only what is missing is asked again
	done := checkpointed(t, o.CheckpointDir, "cloudtrail")
	f2, _ := startFake(t, 10) // a fake without the fault, same world
	o.Endpoints = options(t, f2).Endpoints
	again, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f2.Calls() {
		if c.Action == "cloudtrail:DescribeTrails" && done[c.Account] {
			t.Errorf("DescribeTrails asked again for %s, finished before", c.Account)
		}
	}
	if !reflect.DeepEqual(again.Dataset.Usage, ref.Dataset.Usage) || !reflect.DeepEqual(again.Dataset.Gaps, ref.Dataset.Gaps) {
		t.Errorf("resumed: gaps %v, the fault-free run's %v", again.Dataset.Gaps, ref.Dataset.Gaps)
	}
}

// A checkpoint whose last line was torn (the process killed mid-write) is
// read up to it: the run resumes from the whole lines and ends complete.
func TestTornCheckpointLine(t *testing.T) {
	f, _ := startFake(t, 8)
	o := options(t, f)
	ref, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	o.CacheDir, o.CheckpointDir = t.TempDir(), t.TempDir() // not the reference's
	run1 := o
	if _, err := Collect(interruptAt(&run1, "cloudtrail:DescribeTrails", 6), run1); err == nil {
		t.Fatal("the interrupted run did not stop")
	}
	files, _ := filepath.Glob(filepath.Join(o.CheckpointDir, "cloudtrail-*.jsonl"))
	if len(files) != 1 {
		t.Fatalf("checkpoints: %v", files)
	}
	cp, err := os.OpenFile(files[0], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	cp.WriteString(`{"id":"999999999999","record":{"Trails":[{"acc`) // torn
	cp.Close()
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Dataset, ref.Dataset) {
		t.Errorf("after a torn checkpoint line: gaps %v, the fault-free run's %v", res.Dataset.Gaps, ref.Dataset.Gaps)
	}
}
