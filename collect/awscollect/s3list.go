package awscollect

import (
	"context"
	"golang.org/x/sync/errgroup"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/trailwise/trailwise/collect"
	"github.com/trailwise/trailwise/model"
)

// cellKey is one account × region × day.
type cellKey struct{ account, region, day string }

// cell is what the listing found in one account × region × day.
type cell struct {
	storedBytes int64
	logFiles    int64
	counted     bool // an engine's query counted its events (engine_rows.go)
}

// listing is the bucket listing's aggregate. Its size is bounded by
// accounts × regions × days, never by the number of objects: every page is
// folded in as it arrives and dropped.
type listing struct {
	mu      sync.Mutex
	cells   map[cellKey]*cell
	objects int64 // objects seen under the prefixes listed
	digests int64 // digest files and other non-log objects skipped
	pages   int64
	// samples are the log files picked to be read, per account and region:
	// a uniform random choice of at most SampleFiles (reservoir sampling,
	// so memory stays bounded).
	samples map[[2]string][]sampled
	stats   map[[2]string]*sample // what the samples held, once read
}

// sampled is a log file picked for reading.
type sampled struct {
	key  string
	size int64
}

func newListing() *listing {
	return &listing{cells: map[cellKey]*cell{}, samples: map[[2]string][]sampled{}}
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// bucketPrefix is where AWSLogs/ starts in the bucket.
func (r *run) bucketPrefix() string {
	p := strings.Trim(r.o.BucketPrefix, "/")
	if p == "" {
		return "AWSLogs/"
	}
	return p + "/AWSLogs/"
}

// listBucket lists the organization trail's bucket under every account's
// CloudTrail prefix, in the organization layout (AWSLogs/<org-id>/<account>/)
// and the older account layout (AWSLogs/<account>/), from the period's
// first day to its last, giving stored bytes and log files per account,
// region and day.
func (r *run) listBucket(ctx context.Context, orgID string, accounts []model.Account) (*listing, []model.Gap) {
	l := newListing()
	var gaps []model.Gap
	client, gap := r.bucketClient(ctx)
	if gap != nil {
		return l, []model.Gap{*gap}
	}
	base := r.bucketPrefix()
	tops, err := listFolders(ctx, client, r.o.Bucket, base)
	if err != nil {
		why := "ListObjectsV2 s3://" + r.o.Bucket + "/" + base + ": " + reason(err)
		if isDenied(err) && r.o.BucketAccount == "" {
			why += " (the bucket usually belongs to the log archive account: list it through the role there)"
		}
		return l, []model.Gap{{Source: SourceS3Listing, Reason: why}}
	}
	orgLayout, accountLayout := false, map[string]bool{}
	for _, t := range tops {
		name := strings.TrimSuffix(strings.TrimPrefix(t, base), "/")
		switch {
		case name == orgID:
			orgLayout = true
		case isAccountID(name):
			accountLayout[name] = true
		}
	}
	cp := r.openCheckpoint("s3-listing", struct {
		Org, Bucket, Base, Start, End string
		SampleFiles                   int
		Seed                          uint64
	}{orgID, r.o.Bucket, base, r.o.Start, r.o.End, r.o.SampleFiles, r.o.Seed})
	var mu sync.Mutex
	var eg errgroup.Group
	eg.SetLimit(r.o.Concurrency)
	type job struct{ account, prefix string }
	var jobs []job
	for _, a := range accounts {
		if orgLayout {
			jobs = append(jobs, job{a.ID, base + orgID + "/" + a.ID + "/CloudTrail/"})
		}
		if accountLayout[a.ID] {
			jobs = append(jobs, job{a.ID, base + a.ID + "/CloudTrail/"})
		}
	}
	finished := r.doneCounter("s3-listing", len(jobs))
	for _, j := range jobs {
		a, p := model.Account{ID: j.account}, j.prefix
		eg.Go(func() error {
			defer finished()
			if err := ctx.Err(); err != nil {
				mu.Lock()
				gaps = append(gaps, model.Gap{Account: a.ID, Source: SourceS3Listing, Reason: "not listed: " + err.Error()})
				mu.Unlock()
				return nil
			}
			id := a.ID + " " + p
			var rec listingRecord
			if cp.get(id, &rec) {
				l.merge(rec.listing(a.ID))
				return nil
			}
			part, g := r.listAccount(ctx, client, a.ID, p)
			if r.o.SampleFiles > 0 {
				part.stats = r.readSamples(ctx, client, part)
			}
			l.merge(part)
			if g != nil {
				mu.Lock()
				gaps = append(gaps, *g)
				mu.Unlock()
			} else if ctx.Err() == nil {
				cp.put(id, recordOf(part))
			}
			return nil
		})
	}
	_ = eg.Wait() // the work reports its failures as gaps
	return l, gaps
}

// bucketClient lists with the management account's credentials, or through
// the role in the bucket's account.
func (r *run) bucketClient(ctx context.Context) (*s3.Client, *model.Gap) {
	owner := r.o.managementAccount
	creds := r.clients.credentials(owner)
	if r.o.BucketAccount != "" && r.o.BucketAccount != owner {
		owner = r.o.BucketAccount
		c, gap := r.reach(ctx, model.Account{ID: owner, Status: "ACTIVE"}, SourceS3Listing)
		if gap != nil {
			gap.Reason = "bucket " + r.o.Bucket + ": " + gap.Reason
			return nil, gap
		}
		creds = c
	}
	region := r.o.BucketRegion
	if region == "" {
		region = r.o.Region
	}
	return r.clients.s3(owner, region, creds), nil
}

// listFolders lists the folders (common prefixes) right below p.
func listFolders(ctx context.Context, c *s3.Client, bucket, p string) ([]string, error) {
	var out []string
	pg := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(p), Delimiter: aws.String("/")})
	seen := tokens{}
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err == nil {
			err = seen.repeated(page.NextContinuationToken)
		}
		if err != nil {
			return nil, err
		}
		for _, cp := range page.CommonPrefixes {
			out = append(out, aws.ToString(cp.Prefix))
		}
	}
	return out, nil
}

// listAccount lists one account's regions, each from the period's first
// day, stopping at the first key past its last day. Only CloudTrail/ is
// listed: digest files are not log files, and the rare CloudTrail-Insight
// files are left out (their events come from Cost Explorer's InsightsEvents).
func (r *run) listAccount(ctx context.Context, c *s3.Client, account, prefix string) (*listing, *model.Gap) {
	l := newListing()
	regions, err := listFolders(ctx, c, r.o.Bucket, prefix)
	if err != nil {
		return l, &model.Gap{Account: account, Source: SourceS3Listing, Reason: "ListObjectsV2 " + prefix + ": " + reason(err)}
	}
	startPath := strings.ReplaceAll(r.o.Start, "-", "/")
	for _, rp := range regions {
		region := strings.TrimSuffix(strings.TrimPrefix(rp, prefix), "/")
		local := map[string]*cell{}
		var objects, skipped, pages int64
		var picks []sampled
		seen := 0
		rng := rand.New(rand.NewPCG(r.o.Seed, seedOf(account, region)))
		p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{
			Bucket:     aws.String(r.o.Bucket),
			Prefix:     aws.String(rp),
			StartAfter: aws.String(rp + startPath),
		})
		past := false
		pageTokens := tokens{}
		for p.HasMorePages() && !past {
			page, err := p.NextPage(ctx)
			if err == nil {
				err = pageTokens.repeated(page.NextContinuationToken)
			}
			if err != nil {
				return l, &model.Gap{Account: account, Region: region, Source: SourceS3Listing, Reason: "ListObjectsV2 " + rp + ": " + reason(err)}
			}
			pages++
			for _, o := range page.Contents {
				objects++
				// The key parser FromDir uses: one definition of a log file.
				k, err := collect.ParseKey(aws.ToString(o.Key))
				if err != nil || k.Region != region || k.Account != account {
					skipped++
					continue
				}
				if k.Day > r.o.End {
					past = true
					break
				}
				if k.Day < r.o.Start {
					continue
				}
				ce := local[k.Day]
				if ce == nil {
					ce = &cell{}
					local[k.Day] = ce
				}
				ce.storedBytes += aws.ToInt64(o.Size)
				ce.logFiles++
				if n := r.o.SampleFiles; n > 0 {
					seen++
					if len(picks) < n {
						picks = append(picks, sampled{aws.ToString(o.Key), aws.ToInt64(o.Size)})
					} else if j := rng.IntN(seen); j < n {
						picks[j] = sampled{aws.ToString(o.Key), aws.ToInt64(o.Size)}
					}
				}
			}
		}
		for day, ce := range local {
			l.cells[cellKey{account, region, day}] = ce
		}
		if len(picks) > 0 {
			k := [2]string{account, region}
			l.samples[k] = append(l.samples[k], picks...)
		}
		l.objects += objects
		l.digests += skipped
		l.pages += pages
	}
	return l, nil
}

// merge adds one account's listing to the run's.
func (l *listing) merge(part *listing) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, c := range part.cells {
		if have := l.cells[k]; have != nil {
			have.storedBytes += c.storedBytes
			have.logFiles += c.logFiles
		} else {
			l.cells[k] = &cell{storedBytes: c.storedBytes, logFiles: c.logFiles}
		}
	}
	for k, s := range part.stats {
		if l.stats == nil {
			l.stats = map[[2]string]*sample{}
		}
		if have := l.stats[k]; have != nil {
			have.files += s.files
			have.stored += s.stored
			have.counts.Add(s.counts)
			have.obs = append(have.obs, s.obs...)
		} else {
			cp := *s
			cp.obs = append([]fileObs(nil), s.obs...)
			l.stats[k] = &cp
		}
	}
	l.objects += part.objects
	l.digests += part.digests
	l.pages += part.pages
}

// listingRecord is one account's finished listing, checkpointed.
type listingRecord struct {
	Cells   []cellRecord   `json:"cells"`
	Samples []sampleRecord `json:"samples,omitempty"`
	Objects int64          `json:"objects"`
	Skipped int64          `json:"skipped"`
	Pages   int64          `json:"pages"`
}

type cellRecord struct {
	Region string `json:"region"`
	Day    string `json:"day"`
	Stored int64  `json:"stored_bytes"`
	Files  int64  `json:"log_files"`
}

type sampleRecord struct {
	Region string         `json:"region"`
	Files  int            `json:"files"`
	Stored int64          `json:"stored_bytes"`
	Counts collect.Counts `json:"counts"`
	Obs    []fileObs      `json:"obs,omitempty"`
}

func recordOf(l *listing) listingRecord {
	rec := listingRecord{Objects: l.objects, Skipped: l.digests, Pages: l.pages}
	for k, c := range l.cells {
		rec.Cells = append(rec.Cells, cellRecord{k.region, k.day, c.storedBytes, c.logFiles})
	}
	for k, s := range l.stats {
		rec.Samples = append(rec.Samples, sampleRecord{k[1], s.files, s.stored, s.counts, s.obs})
	}
	return rec
}

func (rec listingRecord) listing(account string) *listing {
	l := newListing()
	for _, c := range rec.Cells {
		l.cells[cellKey{account, c.Region, c.Day}] = &cell{storedBytes: c.Stored, logFiles: c.Files}
	}
	if len(rec.Samples) > 0 {
		l.stats = map[[2]string]*sample{}
		for _, s := range rec.Samples {
			l.stats[[2]string{account, s.Region}] = &sample{files: s.Files, stored: s.Stored, counts: s.Counts, obs: s.Obs}
		}
	}
	l.objects, l.digests, l.pages = rec.Objects, rec.Skipped, rec.Pages
	return l
}

func seedOf(account, region string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(account + "/" + region))
	return h.Sum64()
}

// sample is what the files read in one account and region hold.
type sample struct {
	files  int
	stored int64 // their stored (gzip) bytes
	counts collect.Counts
	obs    []fileObs // each file's events and stored bytes
}

// fileObs is one sampled file, for the sampling error.
type fileObs struct {
	Events int64 `json:"events"`
	Stored int64 `json:"stored"`
}

// relativeError is the relative standard error of a total estimated from
// the sample as events per stored byte times the stored bytes of all the
// group's files (the ratio estimator, with the finite population
// correction): files is how many log files the group has, stored their
// bytes. It is false when the sample cannot tell (fewer than 2 files).
func (s *sample) relativeError(files, stored int64) (float64, bool) {
	n := float64(len(s.obs))
	if n < 2 || s.stored <= 0 || s.counts.Events <= 0 || stored <= 0 {
		return 0, false
	}
	r := float64(s.counts.Events) / float64(s.stored)
	var ss float64
	for _, o := range s.obs {
		e := float64(o.Events) - r*float64(o.Stored)
		ss += e * e
	}
	N := math.Max(float64(files), n)
	v := N * N * math.Max(0, 1-n/N) / n * ss / (n - 1)
	return math.Min(1, math.Sqrt(v)/(r*float64(stored))), true
}

// readSamples reads the picked log files with the log scanner (gzip and
// JSON streamed, bounded memory), at most Concurrency at once. A file that
// cannot be read is left out of its sample and noted.
func (r *run) readSamples(ctx context.Context, c *s3.Client, l *listing) map[[2]string]*sample {
	out := map[[2]string]*sample{}
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(r.o.Concurrency)
	for k, picks := range l.samples {
		if len(picks) > r.o.SampleFiles { // both layouts listed
			picks = picks[:r.o.SampleFiles]
		}
		for _, p := range picks {
			g.Go(func() error {
				if ctx.Err() != nil {
					return nil
				}
				obj, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(r.o.Bucket), Key: aws.String(p.key)})
				if err != nil {
					r.notef("sample file s3://%s/%s not read: %s", r.o.Bucket, p.key, reason(err))
					return nil
				}
				st, err := collect.Scan(obj.Body, p.key)
				obj.Body.Close()
				if err != nil {
					r.notef("sample file s3://%s/%s not scanned: %v", r.o.Bucket, p.key, err)
					return nil
				}
				mu.Lock()
				defer mu.Unlock()
				s := out[k]
				if s == nil {
					s = &sample{}
					out[k] = s
				}
				s.files++
				s.stored += p.size
				s.counts.Add(st.Counts)
				s.obs = append(s.obs, fileObs{st.Events, p.size})
				return nil
			})
		}
	}
	_ = g.Wait() // a file not read is noted and left out
	return out
}
