package awscollect

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// checkpoint keeps the accounts a stage has finished, one JSON line each,
// so that an interrupted run started again with the same options does not
// ask for them again, and never counts them twice: an account's record is
// used instead of asking, never beside it. Only accounts finished without
// a gap are kept; the others are asked again. A run that finishes removes
// its checkpoints.
type checkpoint struct {
	mu   sync.Mutex
	path string
	f    *os.File
	done map[string]json.RawMessage
}

// checkpointMaxAge is how long an interrupted run can be resumed.
const checkpointMaxAge = 24 * time.Hour

type checkpointLine struct {
	ID     string          `json:"id"`
	Record json.RawMessage `json:"record"`
}

// openCheckpoint opens the stage's checkpoint for the work key (the options
// that decide the stage's answers), reading what an earlier run finished.
// With checkpoints off it returns a checkpoint that keeps nothing.
func (r *run) openCheckpoint(stage string, key any) *checkpoint {
	c := &checkpoint{done: map[string]json.RawMessage{}}
	if r.o.NoCheckpoint {
		return c
	}
	b, _ := json.Marshal(key)
	sum := sha256.Sum256(b)
	c.path = filepath.Join(r.o.CheckpointDir, stage+"-"+hex.EncodeToString(sum[:12])+".jsonl")
	if st, err := os.Stat(c.path); err == nil && time.Since(st.ModTime()) > checkpointMaxAge {
		os.Remove(c.path) // too old to resume: the bucket has moved on
	}
	if f, err := os.Open(c.path); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
		for sc.Scan() {
			var l checkpointLine
			if json.Unmarshal(sc.Bytes(), &l) == nil && l.ID != "" {
				c.done[l.ID] = l.Record // a torn last line is ignored
			}
		}
		f.Close()
		if n := len(c.done); n > 0 {
			r.notef("resumed: %d %s results from an interrupted run (%s)", n, stage, c.path)
		}
	}
	// Checkpoints hold the organization's accounts and usage: 0600 in a
	// 0700 folder, the owner's alone.
	if err := os.MkdirAll(r.o.CheckpointDir, 0o700); err != nil {
		r.notef("checkpoints off: %v", err)
		c.path = ""
		return c
	}
	f, err := os.OpenFile(c.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		r.notef("checkpoints off: %v", err)
		c.path = ""
		return c
	}
	c.f = f
	r.cpMu.Lock()
	r.checkpoints = append(r.checkpoints, c)
	r.cpMu.Unlock()
	return c
}

// get decodes the record of a finished id into v.
func (c *checkpoint) get(id string, v any) bool {
	c.mu.Lock()
	raw, ok := c.done[id]
	c.mu.Unlock()
	return ok && json.Unmarshal(raw, v) == nil
}

// put records a finished id.
func (c *checkpoint) put(id string, v any) {
	if c.f == nil {
		return
	}
	rec, err := json.Marshal(v)
	if err != nil {
		return
	}
	line, _ := json.Marshal(checkpointLine{ID: id, Record: rec})
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = c.f.Write(append(line, '\n'))
}

func (c *checkpoint) close(remove bool) {
	if c.f == nil {
		return
	}
	c.f.Close()
	if remove {
		os.Remove(c.path)
	}
}

// finishCheckpoints closes the checkpoints of a run that reached its end:
// removed when the dataset is complete, kept when it has gaps (expired
// credentials, an account that did not answer), so that running the same
// command again reads only what is missing: a checkpoint holds only the
// accounts finished without a gap.
func (r *run) finishCheckpoints(complete bool) {
	r.cpMu.Lock()
	kept := !complete && len(r.checkpoints) > 0
	r.cpMu.Unlock()
	r.closeCheckpoints(complete)
	if kept {
		r.notef("the dataset is partial: the accounts finished are kept in %s; run the same command again to retry only the gaps", r.o.CheckpointDir)
	}
}

// closeCheckpoints closes this run's checkpoints, removing them when the
// run finished.
func (r *run) closeCheckpoints(finished bool) {
	r.cpMu.Lock()
	defer r.cpMu.Unlock()
	for _, c := range r.checkpoints {
		c.close(finished)
	}
	r.checkpoints = nil
}
