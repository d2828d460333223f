package awscollect

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// checkpointed lists the ids a stage's checkpoint holds.
func checkpointed(t *testing.T, dir, stage string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(dir, stage+"-*.jsonl"))
	for _, name := range files {
		// checkpoints hold the organization's accounts and usage
		if st, err := os.Stat(name); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", name, st.Mode().Perm())
		}
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var l checkpointLine
			if json.Unmarshal(sc.Bytes(), &l) == nil {
				out[l.ID] = true
			}
		}
		f.Close()
	}
	return out
}

// interruptAt cancels the run at the n-th request for action.
func interruptAt(o *Options, action string, n int64) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	var seen atomic.Int64
	o.Progress = func(a string) {
		if a == action && seen.Add(1) == n {
			cancel()
		}
	}
	return ctx
}

// A run interrupted in the CloudTrail stage, then again while listing,
// resumes each time without asking again for what it finished, and ends
// with the dataset an uninterrupted run makes.
func TestResumeAfterInterrupt(t *testing.T) {
	f, _ := startFake(t, 30)
	ref, err := Collect(deadline(t, time.Minute), options(t, f))
	if err != nil {
		t.Fatal(err)
	}
	refListing := f.Count("s3:ListObjectsV2")

	o := options(t, f)
	f.ResetCalls()
	run1 := o
	_, err = Collect(interruptAt(&run1, "cloudtrail:DescribeTrails", 20), run1)
	if err == nil || !strings.Contains(err.Error(), "interrupted") || !strings.Contains(err.Error(), "resume") {
		t.Fatalf("first run: %v", err)
	}
	done := checkpointed(t, o.CheckpointDir, "cloudtrail")
	if len(done) == 0 || len(done) >= 28 {
		t.Fatalf("%d accounts checkpointed after 20 DescribeTrails", len(done))
	}

	f.ResetCalls()
	run2 := o
	_, err = Collect(interruptAt(&run2, "s3:ListObjectsV2", 30), run2)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("second run: %v", err)
	}
	for _, c := range f.Calls() {
		if strings.HasPrefix(c.Action, "cloudtrail:") && done[c.Account] {
			t.Errorf("asked %s again for %s, finished before the interruption", c.Action, c.Account)
		}
		if c.Action == "ce:GetCostAndUsage" {
			t.Error("Cost Explorer asked again: its pages are cached")
		}
	}
	listed := checkpointed(t, o.CheckpointDir, "s3-listing")
	if len(listed) == 0 {
		t.Fatal("nothing listed was checkpointed")
	}

	f.ResetCalls()
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.Count("cloudtrail:DescribeTrails"); n != 0 {
		t.Errorf("DescribeTrails asked %d times after two resumptions", n)
	}
	if n := f.Count("s3:ListObjectsV2"); n == 0 || n >= refListing {
		t.Errorf("the last run listed %d times (a full listing: %d)", n, refListing)
	}
	if !reflect.DeepEqual(res.Dataset, ref.Dataset) {
		t.Error("the resumed dataset differs from an uninterrupted run's")
	}
	// The organization has gaps (an account denies the role, one is
	// suspended): the dataset is partial, so the checkpoints stay for a
	// run that retries them, and a note says so.
	left, _ := filepath.Glob(filepath.Join(o.CheckpointDir, "*.jsonl"))
	if len(res.Dataset.Gaps) == 0 || len(left) == 0 || !strings.Contains(strings.Join(res.Notes, " "), "retry only the gaps") {
		t.Errorf("a partial dataset (%d gaps): checkpoints %v, notes %v", len(res.Dataset.Gaps), left, res.Notes)
	}
	if !strings.Contains(strings.Join(res.Notes, " "), "resumed") {
		t.Errorf("notes: %v", res.Notes)
	}
}
