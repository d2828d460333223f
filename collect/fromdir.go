package collect

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/trailwise/trailwise/model"
)

// SourceLocalDir is the source of usage rows and gaps FromDir produces.
const SourceLocalDir = "local-dir"

// FromDirOptions tune FromDir.
type FromDirOptions struct {
	// SampleFiles > 0 scans at most that many files per account, region
	// (and kind: log or Insights), picked at random; the rest are counted
	// and sized but not read, and their events are estimated (see FromDir).
	// 0 scans every file.
	SampleFiles int
	// Seed picks the sample; the same seed over the same folder picks the
	// same files.
	Seed uint64
	// OrgID is the organization id to write when the keys carry none (the
	// pre-organization layout AWSLogs/<account>/...). When the keys carry
	// one, OrgID must be empty or equal to it.
	OrgID string
	// ManagementAccount is the organization's management account. When
	// empty, the lowest account id found is used, and a note says so.
	ManagementAccount string
	// Workers is the number of files scanned at once; 0 means GOMAXPROCS.
	Workers int
	// Note, when set, receives one-line notes on the assumptions made and
	// the files skipped.
	Note func(string)
}

// FromDir reads a folder laid out like a CloudTrail bucket, as `aws s3 sync`
// leaves it (AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD/
// *.json.gz, plain .json too, under any prefix; see ParseKey), and measures
// it into a dataset: one usage row per account × region × day (the day of
// the key's folders, as the S3 listing sees it, not of each event's
// eventTime), with the events by kind and their bytes as the scanner
// counts them, the log files and their stored bytes.
//
// stored_bytes is each file's size on disk: the gzip size for .json.gz
// files, as S3 stores them. For a plain .json file it is the file's own
// (uncompressed) size, which is what that copy stores; CloudTrail's gzip
// would be about an eighth of it, and a note says so.
//
// Digest files and files off the layout are skipped (counted in a note).
// A file that cannot be read or is not a CloudTrail log becomes a gap that
// names it and says why; it is not counted at all, and the run goes on.
// Accounts are those the keys name (status ACTIVE, name = id, OU
// "unknown"); the period spans the days seen.
//
// With SampleFiles N, a group (account, region, kind) of more than N files
// has N of them scanned; every day's row of the group keeps its exact
// log_files and stored_bytes, and its events and event_bytes are the
// sample's per-stored-byte rates times the day's stored bytes. Such rows
// are measured=false, their source says how they were sampled, and their
// relative_error is the estimated relative standard error of the group's
// events over the period (see group.relativeError). Groups of N files or
// fewer are scanned in full, as without sampling.
func FromDir(dir string, opts FromDirOptions) (*model.Dataset, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", dir, describeOSError(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", dir)
	}
	if opts.SampleFiles < 0 {
		return nil, fmt.Errorf("sample files: expected 0 (every file) or more, got %d", opts.SampleFiles)
	}
	if opts.OrgID != "" && !keyOrg.MatchString(opts.OrgID) {
		return nil, fmt.Errorf("organization id: expected an id like o-a1b2c3d4e5, got %q", opts.OrgID)
	}
	if opts.ManagementAccount != "" && !keyAccount.MatchString(opts.ManagementAccount) {
		return nil, fmt.Errorf("management account: expected a 12-digit account id, got %q", opts.ManagementAccount)
	}
	c := &dirCollector{dir: dir, opts: opts, rows: map[rowKey]*rowAgg{}, groups: map[groupKey]*group{},
		orgs: map[string]bool{}, accounts: map[string]bool{}, gapsPer: map[groupKey]int{}, moreGaps: map[groupKey]int{},
		sources: map[string]int64{}, prefixes: map[string]bool{}}
	if c.opts.Workers <= 0 {
		c.opts.Workers = runtime.GOMAXPROCS(0)
	}
	c.rng = rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	c.base = keyBase(dir)
	if real, err := filepath.EvalSymlinks(dir); c.base == "" && err == nil {
		c.base = keyBase(real) // a link to a folder at or below AWSLogs/
	}
	if err := c.run(); err != nil {
		return nil, err
	}
	return c.dataset()
}

type rowKey struct {
	account, region, day string
	insight              bool
}

type groupKey struct {
	account, region string
	insight         bool
}

// rowAgg is one account × region × day × kind of file: Counts holds what
// the files read held; files and stored count every file listed (with
// sampling) or read (without).
type rowAgg struct {
	Counts
	files, stored int64
}

// group is one account, region and kind of file: what sampling scales.
type group struct {
	files, stored int64
	sample        []fileJob // the reservoir, when sampling
	sampled       Counts    // what the readable sampled files held
	sampledStored int64
	sampledFiles  int
	obs           []sampleObs // each readable sampled file, for the error
}

// sampleObs is one sampled file: its events and its stored bytes.
type sampleObs struct{ events, stored int64 }

// relativeError is the relative standard error of the group's estimated
// events, from the ratio estimator's usual approximation,
//
//	Var(Y) = N² (1 - n/N) / n · Σ(y - R·x)² / (n - 1),  R = Σy / Σx,
//
// over the n files read of the N listed (y a file's events, x its stored
// bytes). It is false when it cannot be estimated (fewer than two files
// read, or no events in them); the row then carries the model's default.
func (g *group) relativeError() (float64, bool) {
	n := float64(len(g.obs))
	if n < 2 || g.sampledStored <= 0 || g.sampled.Events <= 0 {
		return 0, false
	}
	r := float64(g.sampled.Events) / float64(g.sampledStored)
	var ss float64
	for _, o := range g.obs {
		e := float64(o.events) - r*float64(o.stored)
		ss += e * e
	}
	N := float64(g.files)
	v := N * N * math.Max(0, 1-n/N) / n * ss / (n - 1)
	total := r * float64(g.stored)
	if total <= 0 {
		return 0, false
	}
	return math.Min(1, math.Sqrt(v)/total), true
}

type fileJob struct {
	path, rel string
	key       Key
	size      int64
}

type fileResult struct {
	job fileJob
	st  *FileStats
	err error
}

type dirCollector struct {
	dir    string
	base   string // the key above dir when dir is at or below AWSLogs/ (keyBase)
	opts   FromDirOptions
	rng    *rand.Rand
	rows   map[rowKey]*rowAgg
	groups map[groupKey]*group

	mu                sync.Mutex
	orgs, accounts    map[string]bool
	firstDay, lastDay string
	digests, others   int
	byName            int // log files whose key came from their name (ParseFileName)
	otherExample      string
	plainFiles        int
	foreignEvents     int64
	foreignExample    string
	sources           map[string]int64 // events per eventSource, in the files read
	breakdown         map[regionKey]*model.BreakdownBuilder
	prefixes          map[string]bool // key prefixes before AWSLogs/ (up to 10)
	duplicates        int             // plain .json files skipped beside their .json.gz
	gaps              []model.Gap
	gapsPer           map[groupKey]int
	moreGaps          map[groupKey]int
	scanned, skipped  int
	links             int // symbolic links not followed (each told in a note)
}

func (c *dirCollector) note(format string, args ...any) {
	if c.opts.Note != nil {
		c.opts.Note(fmt.Sprintf(format, args...))
	}
}

// run walks the folder; without sampling every file is scanned as it is
// found, with sampling the reservoirs are scanned after the walk. Workers
// scan; this goroutine walks; a second one takes the results. Every change
// to the collector is made under c.mu.
func (c *dirCollector) run() error {
	jobs := make(chan fileJob, 4*c.opts.Workers)
	results := make(chan fileResult, 4*c.opts.Workers)
	var workers sync.WaitGroup
	for range c.opts.Workers {
		workers.Go(func() {
			for j := range jobs {
				st, err := scanPath(j.path, j.rel)
				results <- fileResult{j, st, err}
			}
		})
	}
	var taker sync.WaitGroup
	taker.Go(func() {
		for r := range results {
			c.mu.Lock()
			c.take(r)
			c.mu.Unlock()
		}
	})
	walkErr := walkFollowing(c.dir, func(path string, d fs.DirEntry, err error) error {
		job, ok := c.visit(path, d, err)
		if ok {
			jobs <- job
		}
		if err != nil && d != nil && d.IsDir() && path != c.dir {
			return fs.SkipDir
		}
		return nil
	}, func(path, why string) {
		c.mu.Lock()
		c.links++
		c.mu.Unlock()
		c.note("%s: skipped %s", c.rel(path), why)
	})
	if c.opts.SampleFiles > 0 {
		keys := make([]groupKey, 0, len(c.groups))
		for k := range c.groups {
			keys = append(keys, k)
		}
		sortGroups(keys)
		for _, k := range keys {
			for _, j := range c.groups[k].sample {
				jobs <- j
			}
		}
	}
	close(jobs)
	workers.Wait()
	close(results)
	taker.Wait()
	return walkErr
}

// visit handles one entry of the walk; it returns a file to scan now.
func (c *dirCollector) visit(path string, d fs.DirEntry, err error) (fileJob, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rel := c.rel(path)
	if err != nil {
		c.addGap(groupKey{}, fmt.Sprintf("%s: cannot read: %s; not counted", rel, describeOSError(err)))
		return fileJob{}, false
	}
	if d.IsDir() || !d.Type().IsRegular() {
		return fileJob{}, false
	}
	k, err := c.parse(rel)
	if err != nil {
		if errors.Is(err, ErrDigest) {
			c.digests++
		} else {
			if c.others == 0 {
				c.otherExample = rel
			}
			c.others++
		}
		return fileJob{}, false
	}
	if strings.HasSuffix(path, ".json") {
		// A log gunzipped beside its .json.gz is the same log: count it once.
		if _, err := os.Stat(path + ".gz"); err == nil {
			c.duplicates++
			return fileJob{}, false
		}
	}
	c.sawKey(k)
	gk := groupKey{k.Account, k.Region, k.Insight}
	info, err := d.Info()
	if err != nil {
		c.addGap(gk, fmt.Sprintf("%s: cannot read: %s; not counted", rel, describeOSError(err)))
		return fileJob{}, false
	}
	job := fileJob{path: path, rel: rel, key: k, size: info.Size()}
	g := c.groups[gk]
	if g == nil {
		g = &group{}
		c.groups[gk] = g
	}
	g.files++
	g.stored += job.size
	if c.opts.SampleFiles == 0 {
		return job, true
	}
	// Every file is listed in its row; only the sample is read.
	r := c.row(job.key)
	r.files++
	r.stored += job.size
	// Reservoir sampling: each file of the group has the same chance to be
	// among the SampleFiles scanned.
	if len(g.sample) < c.opts.SampleFiles {
		g.sample = append(g.sample, job)
	} else if i := c.rng.Int64N(g.files); i < int64(c.opts.SampleFiles) {
		g.sample[i] = job
	}
	return fileJob{}, false
}

// keyBase is the part of the keys above dir when dir is at or below an
// AWSLogs/ folder (AWSLogs/, AWSLogs/<account>/, .../CloudTrail/us-east-1/):
// a path under dir is then a key once the base is put before it.
func keyBase(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	segs := strings.Split(filepath.ToSlash(abs), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		if segs[i] == "AWSLogs" {
			return strings.Join(segs[i:], "/") + "/"
		}
	}
	return ""
}

// parse finds the key of a file under the folder: from its path on the
// AWSLogs/ layout, or else from its name as CloudTrail gives it.
func (c *dirCollector) parse(rel string) (Key, error) {
	k, err := ParseKey(c.base + rel)
	if err == nil || errors.Is(err, ErrDigest) {
		return k, err
	}
	name := rel[strings.LastIndex(rel, "/")+1:]
	nk, nerr := ParseFileName(name)
	if nerr == nil {
		c.byName++
		return nk, nil
	}
	if errors.Is(nerr, ErrDigest) {
		return nk, nerr
	}
	return k, err
}

func sortGroups(keys []groupKey) {
	slices.SortFunc(keys, func(a, b groupKey) int {
		return cmp.Or(cmp.Compare(a.account, b.account), cmp.Compare(a.region, b.region), boolOrder(a.insight, b.insight))
	})
}

// boolOrder orders false before true, as cmp.Compare orders numbers.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

func (c *dirCollector) sawKey(k Key) {
	if k.OrgID != "" {
		c.orgs[k.OrgID] = true
	}
	c.accounts[k.Account] = true
	if len(c.prefixes) < 10 {
		c.prefixes[k.Prefix] = true
	}
	if c.firstDay == "" || k.Day < c.firstDay {
		c.firstDay = k.Day
	}
	if k.Day > c.lastDay {
		c.lastDay = k.Day
	}
}

func (c *dirCollector) row(k Key) *rowAgg {
	rk := rowKey{k.Account, k.Region, k.Day, k.Insight}
	r := c.rows[rk]
	if r == nil {
		r = &rowAgg{}
		c.rows[rk] = r
	}
	return r
}

// maxGapsPerGroup bounds the gaps listed per account, region and kind; past
// it one gap counts the rest.
const maxGapsPerGroup = 20

func (c *dirCollector) addGap(g groupKey, reason string) {
	if c.gapsPer[g] >= maxGapsPerGroup {
		c.moreGaps[g]++
		return
	}
	c.gapsPer[g]++
	c.gaps = append(c.gaps, model.Gap{Account: g.account, Region: g.region, Source: SourceLocalDir, Reason: reason})
}

// take adds one scanned file.
func (c *dirCollector) take(r fileResult) {
	k := r.job.key
	gk := groupKey{k.Account, k.Region, k.Insight}
	if r.err != nil {
		c.skipped++
		if c.opts.SampleFiles > 0 {
			c.addGap(gk, oneLineErr(r.err)+"; left out of the sample")
		} else {
			c.addGap(gk, oneLineErr(r.err)+"; not counted")
		}
		return
	}
	c.scanned++
	st := r.st
	if !st.Gzip {
		c.plainFiles++
	}
	for _, src := range st.Sources {
		if _, ok := c.sources[src.Value]; ok || len(c.sources) < MaxDistinct {
			c.sources[src.Value] += src.Events
		} else {
			c.sources[OtherKey] += src.Events
		}
	}
	for _, acct := range st.Accounts {
		if acct.Value != k.Account {
			if c.foreignEvents == 0 {
				c.foreignExample = fmt.Sprintf("%s names %q", r.job.rel, acct.Value)
			}
			c.foreignEvents += acct.Events
		}
	}
	c.addBreakdown(k, st.ByEvent)
	row := c.row(k)
	row.Add(st.Counts)
	if c.opts.SampleFiles > 0 {
		g := c.groups[gk]
		g.sampled.Add(st.Counts)
		g.sampledStored += r.job.size
		g.sampledFiles++
		g.obs = append(g.obs, sampleObs{st.Events, r.job.size})
		return
	}
	row.files++
	row.stored += r.job.size
}

func oneLineErr(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

func (c *dirCollector) rel(path string) string {
	rel, err := filepath.Rel(c.dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

func scanPath(path, rel string) (*FileStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ScanError{File: rel, Offset: -1, Msg: "cannot read: " + describeOSError(err), Err: err}
	}
	defer f.Close()
	return Scan(f, rel)
}

// dataset turns what was gathered into a valid dataset.
func (c *dirCollector) dataset() (*model.Dataset, error) {
	if len(c.accounts) == 0 {
		msg := fmt.Sprintf("%s: no CloudTrail log files found (expected AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz, or files named <account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<id>.json[.gz])", c.dir)
		if c.digests+c.others > 0 {
			msg += fmt.Sprintf("; found %d digest files and %d other files", c.digests, c.others)
		}
		if c.otherExample != "" {
			msg += ", e.g. " + c.otherExample
		}
		return nil, errors.New(msg)
	}
	orgs := sortedKeys(c.orgs)
	org := c.opts.OrgID
	switch {
	case len(orgs) > 1:
		return nil, fmt.Errorf("%s: the keys carry %d organization ids (%s); point the folder at one organization", c.dir, len(orgs), strings.Join(orgs, ", "))
	case len(orgs) == 1 && org != "" && org != orgs[0]:
		return nil, fmt.Errorf("%s: the keys carry organization id %s, not %s as given", c.dir, orgs[0], org)
	case len(orgs) == 1:
		org = orgs[0]
	case org == "":
		return nil, fmt.Errorf("%s: the log files carry no organization id (an account trail's AWSLogs/<account>/CloudTrail/..., or files named by CloudTrail outside AWSLogs/); give it with --org-id", c.dir)
	}
	accounts := sortedKeys(c.accounts)
	mgmt := c.opts.ManagementAccount
	if mgmt == "" {
		mgmt = accounts[0]
		c.note("management account not given: taking %s, the lowest account id found; give it with --management-account", mgmt)
	} else if !c.accounts[mgmt] {
		accounts = append(accounts, mgmt)
		sort.Strings(accounts)
		c.note("management account %s has no log files in the folder; listed with no usage", mgmt)
	}
	d := &model.Dataset{
		Schema:          model.DatasetSchema,
		Organization:    model.Organization{ID: org, ManagementAccount: mgmt},
		Period:          model.Period{Start: c.firstDay, End: c.lastDay},
		Usage:           []model.Usage{},
		Trails:          []model.Trail{},
		EventDataStores: []model.EventDataStore{},
		Gaps:            []model.Gap{},
	}
	for _, a := range accounts {
		d.Accounts = append(d.Accounts, model.Account{ID: a, Name: a, OU: "unknown", Status: "ACTIVE"})
	}

	estimated := c.addRows(d)
	c.addBreakdowns(d, estimated)
	for gk, g := range c.groups {
		if estimated[gk] && g.sampledStored == 0 {
			c.addGap(gk, fmt.Sprintf("no sampled file of %s %s could be read: its rows count files and stored bytes but no events", gk.account, gk.region))
		}
	}
	for gk, n := range c.moreGaps {
		c.gaps = append(c.gaps, model.Gap{Account: gk.account, Region: gk.region, Source: SourceLocalDir,
			Reason: fmt.Sprintf("%d more files of this account and region could not be read; not counted", n)})
	}
	sort.SliceStable(c.gaps, func(i, j int) bool {
		a, b := c.gaps[i], c.gaps[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Reason < b.Reason
	})
	d.Gaps = append(d.Gaps, c.gaps...)

	c.noteWhatWasRead(len(estimated))
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("%s: the dataset built is not valid (a bug): %w", c.dir, err)
	}
	return d, nil
}

// addRows writes the usage rows: the kinds of file of one account × region
// × day merged, sampled groups scaled. It returns the groups estimated.
func (c *dirCollector) addRows(d *model.Dataset) map[groupKey]bool {
	keys := make([]rowKey, 0, len(c.rows))
	for k := range c.rows {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b rowKey) int {
		return cmp.Or(cmp.Compare(a.account, b.account), cmp.Compare(a.region, b.region),
			cmp.Compare(a.day, b.day), boolOrder(a.insight, b.insight))
	})
	estimated := map[groupKey]bool{}
	for _, k := range keys {
		r := c.rows[k]
		gk := groupKey{k.account, k.region, k.insight}
		g := c.groups[gk]
		counts, source, measured := r.Counts, SourceLocalDir, true
		var relErr *float64
		if c.opts.SampleFiles > 0 && g.sampledFiles < int(g.files) {
			counts = scale(g.sampled, g.sampledStored, r.stored)
			source = fmt.Sprintf("%s sample: %d of %d files of this account and region read, counts scaled by stored bytes", SourceLocalDir, g.sampledFiles, g.files)
			measured = false
			estimated[gk] = true
			if e, ok := g.relativeError(); ok {
				relErr = &e
			}
		}
		n := len(d.Usage)
		if n > 0 && d.Usage[n-1].Account == k.account && d.Usage[n-1].Region == k.region && d.Usage[n-1].Day == k.day {
			u := &d.Usage[n-1]
			addUsage(u, counts, r.files, r.stored)
			if relErr != nil && (u.RelativeError == nil || *relErr > *u.RelativeError) {
				u.RelativeError = relErr
			}
			if !measured {
				u.Measured = false
				if u.Source == SourceLocalDir {
					u.Source = source
				} else if u.Source != source {
					u.Source += "; " + source
				}
			}
			continue
		}
		u := model.Usage{Account: k.account, Region: k.region, Day: k.day, Source: source, Measured: measured, RelativeError: relErr}
		addUsage(&u, counts, r.files, r.stored)
		d.Usage = append(d.Usage, u)
	}
	return estimated
}

// noteWhatWasRead notes the files skipped, the key prefixes, the files read
// by name or as plain JSON, foreign accounts, the top event sources, and the
// sampling (estimated: the account-regions estimated from a sample).
func (c *dirCollector) noteWhatWasRead(estimated int) {
	var skipped []string
	if c.digests > 0 {
		skipped = append(skipped, fmt.Sprintf("%d digest files", c.digests))
	}
	if c.others > 0 {
		skipped = append(skipped, fmt.Sprintf("%d files off the CloudTrail layout (e.g. %s)", c.others, c.otherExample))
	}
	if c.duplicates > 0 {
		skipped = append(skipped, fmt.Sprintf("%d plain .json files that have their .json.gz beside them", c.duplicates))
	}
	if len(skipped) > 0 {
		c.note("skipped %s", strings.Join(skipped, " and "))
	}
	if len(c.prefixes) > 1 {
		ps := sortedKeys(c.prefixes)
		for i, p := range ps {
			if p == "" {
				ps[i] = "(none)"
			}
		}
		c.note("log files under %d key prefixes (%s): if they are different trails, their events are counted once per trail, as each trail records them", len(ps), strings.Join(ps, ", "))
	}
	if c.byName > 0 {
		c.note("%d log files are off the AWSLogs/ layout: their account, region and day come from their names", c.byName)
	}
	if c.plainFiles > 0 {
		c.note("%d log files are plain JSON: their stored_bytes is their uncompressed size; CloudTrail's gzip would store about an eighth", c.plainFiles)
	}
	if c.foreignEvents > 0 {
		c.note("%d events name another recipientAccountId than the account their file is under (first: %s); rows follow the files' folders or names", c.foreignEvents, c.foreignExample)
	}
	if top := TopSources(c.sources, 5); len(top) > 0 {
		var total int64
		for _, n := range c.sources {
			total += n
		}
		parts := make([]string, len(top))
		for i, src := range top {
			name := src
			if name == "" {
				name = "(none)"
			}
			parts[i] = fmt.Sprintf("%s %.1f%%", name, 100*float64(c.sources[src])/float64(total))
		}
		c.note("top event sources in the files read: %s", strings.Join(parts, ", "))
	}
	if c.opts.SampleFiles > 0 {
		var listed int64
		for _, g := range c.groups {
			listed += g.files
		}
		c.note("sampled at most %d files per account and region: read %d of %d files; %d account-regions estimated (measured=false)", c.opts.SampleFiles, c.scanned+c.skipped, listed, estimated)
	}
}

func addUsage(u *model.Usage, c Counts, files, stored int64) {
	u.ManagementReadEvents += c.ManagementRead
	u.ManagementWriteEvents += c.ManagementWrite
	u.DataEvents += c.Data
	u.NetworkEvents += c.Network
	u.InsightsEvents += c.Insights
	u.AggregatedEvents += c.Aggregated
	u.EventBytes += c.EventBytes
	u.LogFiles += files
	u.StoredBytes += stored
}

// scale estimates a row's counts from a sample: the sample's counts per
// stored byte, times the row's stored bytes.
func scale(sample Counts, sampleStored, stored int64) Counts {
	if sampleStored <= 0 {
		return Counts{}
	}
	f := float64(stored) / float64(sampleStored)
	r := func(v int64) int64 { return int64(math.Round(float64(v) * f)) }
	c := Counts{
		ManagementRead:  r(sample.ManagementRead),
		ManagementWrite: r(sample.ManagementWrite),
		Data:            r(sample.Data),
		Network:         r(sample.Network),
		Insights:        r(sample.Insights),
		Aggregated:      r(sample.Aggregated),
		EventBytes:      r(sample.EventBytes),
	}
	c.Events = c.ManagementRead + c.ManagementWrite + c.Data + c.Network + c.Insights + c.Aggregated
	return c
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
