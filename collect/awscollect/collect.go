package awscollect

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/trailwise/trailwise/model"
	"golang.org/x/sync/errgroup"
)

// Result is a collection: the dataset and what it took to make it.
type Result struct {
	Dataset *model.Dataset
	// Complete is false when anything was not measured (see Dataset.Gaps).
	Complete bool
	// Requests sent per IAM-style action ("cloudtrail:DescribeTrails"),
	// retries included.
	Requests     map[string]int
	CostExplorer CEReport
	// Duplicates are the paid management-event copies the trails make.
	Duplicates []string
	// CloudWatchLogs lists the trails that also deliver to CloudWatch Logs.
	CloudWatchLogs []string
	// Extras are the Cost Explorer usage the dataset has no field for
	// (paid copies, CloudTrail Lake and Security Lake bytes, CloudWatch
	// Logs ingestion and storage when CloudWatch was asked for), summed
	// over the period per account, region and usage type (and day, with
	// Options.ExtrasByDay).
	Extras []Extra
	// Listing says what the bucket listing saw.
	Listing ListingReport
	// Notes are what a reader of the dataset should know: estimates made,
	// rows skipped.
	Notes []string
}

// Extra is Cost Explorer usage kept beside the dataset.
type Extra struct {
	Account string
	// Region is "" for usage billed under the Global code.
	Region    string
	Day       string // the day with Options.ExtrasByDay, else ""
	UsageType string
	Kind      Kind
	Quantity  float64 // in Unit
	Unit      string
	CostUSD   float64
}

// ListingReport counts the bucket listing's work.
type ListingReport struct {
	Bucket   string
	Objects  int64 // objects listed
	LogFiles int64 // of them, log files inside the period
	Skipped  int64 // digest files, folder markers and other keys
	// SampledFiles were read with the log scanner.
	SampledFiles int
	// Inventory is the S3 Inventory manifest read instead of listing the
	// bucket, InventoryDate its date (Objects are then its rows, current
	// versions only).
	Inventory, InventoryDate string
}

// run is one collection's state.
type run struct {
	o       *Options
	clients *clients
	meter   *meter

	credMu   sync.Mutex
	creds    map[string]aws.CredentialsProvider
	credGaps map[string]model.Gap

	notesMu sync.Mutex
	notes   []string

	cpMu        sync.Mutex
	checkpoints []*checkpoint

	// telemetry remembers the regions where CloudWatch Observability
	// Admin does not answer.
	telemetry *telemetryTally
}

// doneCounter tells AccountDone of each account a stage finishes.
func (r *run) doneCounter(stage string, total int) func() {
	var mu sync.Mutex
	done := 0
	return func() {
		if r.o.AccountDone == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		r.o.AccountDone(stage, done, total)
	}
}

func (r *run) notef(format string, a ...any) {
	r.notesMu.Lock()
	defer r.notesMu.Unlock()
	r.notes = append(r.notes, fmt.Sprintf(format, a...))
}

func newRun(o Options) (*run, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	m := newMeter(o.Rates, o.Progress)
	r := &run{o: &o, meter: m, creds: map[string]aws.CredentialsProvider{}, credGaps: map[string]model.Gap{}, telemetry: newTelemetryTally()}
	r.clients = newClients(r.o, m)
	return r, nil
}

// collection is one Collect run as it passes through its stages: what
// each stage found, for the stages after it.
type collection struct {
	r   *run
	org *Org
	// inv is the S3 Inventory report read instead of listing the bucket.
	inv *inventory
	res *Result
	ds  *model.Dataset
	// listed are the organization's accounts, by id.
	listed map[string]bool
	// cells are the dataset's rows in the making, per account × region × day.
	cells usageCells
	// ceSeen and s3Seen are the cells Cost Explorer and the bucket measured.
	ceSeen, s3Seen map[cellKey]bool
	// samples are the log files read, per account and region.
	samples map[[2]string]*sample
	// s3Name is the source name of the bucket's cells.
	s3Name string
	// regions are the regions the CloudTrail API is asked in.
	regions []string
	found   accountTrails
	// lookupMix are the events LookupEvents read, by source and name, per
	// account and region, for the breakdown.
	lookupMix map[[2]string]map[lookupKey]int64
}

// start begins a run, Collect's or DryRun's: the options, the organization
// (the only thing a run requires) and, when one is given, the S3 Inventory
// report. The report comes first: a wrong one stops the run before any paid
// request, its manifest is free to read and says what a run would read,
// and its date may move the period.
func start(ctx context.Context, o Options) (*run, *Org, *inventory, error) {
	r, err := newRun(o)
	if err != nil {
		return nil, nil, nil, err
	}
	org, err := collectOrg(ctx, r.clients.organizations())
	if err != nil {
		return nil, nil, nil, err
	}
	r.o.managementAccount = org.ManagementAccount
	var inv *inventory
	if r.o.Sources.S3Listing && r.o.Inventory != "" {
		if inv, err = r.openInventory(ctx); err != nil {
			return nil, nil, nil, err
		}
		r.inventoryPeriod(inv)
	}
	return r, org, inv, nil
}

// Collect measures the organization read-only and returns the dataset.
// Only the organization itself is required: every other failure becomes a
// gap, and the run goes on.
func Collect(ctx context.Context, o Options) (*Result, error) {
	r, org, inv, err := start(ctx, o)
	if err != nil {
		return nil, err
	}
	c := newCollection(r, org, inv)
	c.costExplorer(ctx)
	if err := r.interrupted(ctx); err != nil {
		return nil, err
	}
	c.regions = c.trailRegions()
	c.trails(ctx)
	if err := r.interrupted(ctx); err != nil {
		return nil, err
	}
	if err := c.listing(ctx); err != nil {
		return nil, err
	}
	if err := r.interrupted(ctx); err != nil {
		return nil, err
	}
	c.lookup(ctx)
	c.crossCheck()
	if err := r.interrupted(ctx); err != nil {
		return nil, err
	}
	c.rows()
	c.lookupBreakdown()
	return c.finish()
}

func newCollection(r *run, org *Org, inv *inventory) *collection {
	c := &collection{
		r: r, org: org, inv: inv, res: &Result{},
		ds:     newDataset(org, r.o.Start, r.o.End),
		listed: map[string]bool{}, cells: usageCells{},
		ceSeen: map[cellKey]bool{}, s3Seen: map[cellKey]bool{},
		samples: map[[2]string]*sample{}, s3Name: SourceS3Listing,
		lookupMix: map[[2]string]map[lookupKey]int64{},
	}
	c.res.Dataset = c.ds
	for _, a := range org.Accounts {
		c.listed[a.ID] = true
	}
	return c
}

// usageCells are a dataset's rows in the making, per account × region ×
// day.
type usageCells map[cellKey]*model.Usage

// row is the row for an account, region and day, made on first use.
func (cs usageCells) row(account, region, day string) *model.Usage {
	k := cellKey{account, region, day}
	u := cs[k]
	if u == nil {
		u = &model.Usage{Account: account, Region: region, Day: day}
		cs[k] = u
	}
	return u
}

// newDataset is an empty dataset of the organization over the period.
func newDataset(org *Org, start, end string) *model.Dataset {
	return &model.Dataset{
		Schema:          model.DatasetSchema,
		Organization:    model.Organization{ID: org.ID, ManagementAccount: org.ManagementAccount},
		Period:          model.Period{Start: start, End: end},
		Accounts:        org.Accounts,
		Usage:           []model.Usage{},
		Trails:          []model.Trail{},
		EventDataStores: []model.EventDataStore{},
		Gaps:            []model.Gap{},
	}
}

// costExplorer reads exact event counts from the bill.
func (c *collection) costExplorer(ctx context.Context) {
	if !c.r.o.Sources.CostExplorer {
		return
	}
	m := newUsageMap("Cost Explorer", c.r.o, c.r.notef)
	m.listed, m.cells, m.seen = c.listed, c.cells, c.ceSeen
	report, gaps := c.r.collectCE(ctx, func(row ceRow) { m.take(row, "") })
	c.res.CostExplorer = report
	c.ds.Gaps = append(c.ds.Gaps, gaps...)
	c.res.Extras = append(c.res.Extras, m.sortedExtras()...)
}

// trailRegions are the regions to ask the CloudTrail API in: as given, or
// the configuration's and every region Cost Explorer saw usage in.
func (c *collection) trailRegions() []string {
	regions := append([]string(nil), c.r.o.Regions...)
	if len(regions) > 0 {
		return regions
	}
	seen := map[string]bool{c.r.o.Region: true}
	regions = []string{c.r.o.Region}
	for k := range c.ceSeen {
		if !seen[k.region] {
			seen[k.region] = true
			regions = append(regions, k.region)
		}
	}
	sort.Strings(regions)
	return regions
}

// trails reads CloudTrail per account: trails, selectors, event data
// stores, and CloudWatch's telemetry rules for CloudTrail events (the
// organization's and each account's). An organization trail that logs names the bucket to list, when
// none was given.
func (c *collection) trails(ctx context.Context) {
	r := c.r
	if !r.o.Sources.CloudTrail {
		return
	}
	c.found = r.collectTrails(ctx, c.org.ID, c.org.Accounts, c.regions)
	for _, t := range c.found.trails {
		c.ds.Trails = append(c.ds.Trails, t.Trail)
		if t.CloudWatchLogs {
			c.res.CloudWatchLogs = append(c.res.CloudWatchLogs, fmt.Sprintf("%s trail %s delivers to CloudWatch Logs", t.Account, t.Name))
		}
		if t.Organization && r.o.Bucket == "" && t.Logging {
			r.o.Bucket, r.o.BucketPrefix = t.Bucket, t.KeyPrefix
			if r.o.BucketRegion == "" {
				r.o.BucketRegion = t.HomeRegion // usually the bucket's too
			}
		}
	}
	c.ds.EventDataStores = append(c.ds.EventDataStores, c.found.stores...)
	c.ds.Gaps = append(c.ds.Gaps, c.found.gaps...)
	c.res.Duplicates = duplicates(c.found.trails)
	for _, n := range c.found.notes {
		r.notef("%s", n)
	}
	c.telemetryRules(ctx)
}

// listing reads the bucket listing (or its inventory report): stored bytes
// and log files per cell, and the log files sampled.
func (c *collection) listing(ctx context.Context) error {
	r := c.r
	if !r.o.Sources.S3Listing {
		return nil
	}
	var l *listing
	var gaps []model.Gap
	switch {
	case c.inv != nil:
		var err error
		if l, gaps, err = c.inventoryListing(ctx); err != nil {
			return err
		}
	case r.o.Bucket == "":
		c.ds.Gaps = append(c.ds.Gaps, model.Gap{Source: SourceS3Listing, Reason: "no organization trail bucket found or given: bucket not listed"})
	default:
		l, gaps = r.listBucket(ctx, c.org.ID, c.org.Accounts)
	}
	if l == nil {
		return nil
	}
	c.ds.Gaps = append(c.ds.Gaps, gaps...)
	c.res.Listing.Bucket, c.res.Listing.Objects, c.res.Listing.Skipped = r.o.Bucket, l.objects, l.digests
	c.samples = l.stats
	for _, sm := range c.samples {
		c.res.Listing.SampledFiles += sm.files
	}
	for k, cl := range l.cells {
		u := c.cells.row(k.account, k.region, k.day)
		u.StoredBytes += cl.storedBytes
		u.LogFiles += cl.logFiles
		c.res.Listing.LogFiles += cl.logFiles
		c.s3Seen[k] = true
	}
	return nil
}

// inventoryListing reads the S3 Inventory report instead of listing the
// bucket, after checking it is the trail bucket's.
func (c *collection) inventoryListing(ctx context.Context) (*listing, []model.Gap, error) {
	r, inv := c.r, c.inv
	c.s3Name = inv.source()
	if r.o.Bucket == "" {
		r.o.Bucket = inv.m.SourceBucket
		r.notef("no organization trail bucket found or given: the inventory's source bucket %s is taken for it", r.o.Bucket)
	}
	if err := inv.check(r.o.Bucket); err != nil {
		r.closeCheckpoints(false)
		return nil, nil, err
	}
	l, gaps, err := r.inventoryListing(ctx, inv, c.org.ID, c.org.Accounts)
	if err != nil {
		if ierr := r.interrupted(ctx); ierr != nil {
			return nil, nil, ierr
		}
		r.closeCheckpoints(false)
		return nil, nil, err
	}
	c.res.Listing.Inventory, c.res.Listing.InventoryDate = inv.url(), inv.day
	return l, gaps, nil
}

// lookup samples one day with LookupEvents where no other source saw the
// account: every region of every such account at once, within Concurrency
// and LookupEvents' 2 requests/s per account and region.
func (c *collection) lookup(ctx context.Context) {
	r := c.r
	if !r.o.Sources.LookupEvents {
		return
	}
	seen := map[string]bool{}
	for k := range c.cells {
		seen[k.account] = true
	}
	var mu sync.Mutex
	var g errgroup.Group
	g.SetLimit(r.o.Concurrency)
	for _, a := range c.org.Accounts {
		if seen[a.ID] || a.Status != "ACTIVE" {
			continue
		}
		creds, gap := r.reach(ctx, a, SourceLookupEvents)
		if gap != nil {
			mu.Lock()
			c.ds.Gaps = append(c.ds.Gaps, *gap)
			mu.Unlock()
			continue
		}
		for _, region := range c.regions {
			g.Go(func() error {
				if ctx.Err() != nil {
					return nil
				}
				u, mix, err := r.lookupSample(ctx, a.ID, region, r.o.End, creds)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					c.ds.Gaps = append(c.ds.Gaps, model.Gap{Account: a.ID, Region: region, Source: SourceLookupEvents, Reason: "LookupEvents: " + reason(err)})
					return nil
				}
				if u.Events() == 0 {
					return nil
				}
				c.cells[cellKey{a.ID, region, r.o.End}] = u
				c.lookupMix[[2]string{a.ID, region}] = mix
				r.notef("account %s has no Cost Explorer or bucket data: %s in %s sampled with LookupEvents for %s only", a.ID, map[bool]string{true: "every management event", false: "management events (extrapolated from the pages read)"}[u.Measured], region, r.o.End)
				return nil
			})
		}
	}
	_ = g.Wait() // the work reports its failures as gaps
}

// crossCheck holds the bill against the trails: paid management copies
// with no second trail seen (its account's CloudTrail API was not
// reached, most likely) are worth a note.
func (c *collection) crossCheck() {
	if !c.r.o.Sources.CostExplorer || !c.r.o.Sources.CloudTrail {
		return
	}
	paid := map[string]float64{}
	for _, e := range c.res.Extras {
		if e.Kind == KindPaidEvents {
			paid[e.Account] += e.Quantity
		}
	}
	dup := map[string]bool{}
	for _, t := range c.found.trails {
		if !t.Organization && t.ManagementEvents != "none" {
			dup[t.Account] = true
		}
	}
	var accts []string
	for a := range paid {
		accts = append(accts, a)
	}
	sort.Strings(accts)
	for _, a := range accts {
		if !dup[a] && paid[a] > 0 {
			c.r.notef("Cost Explorer shows %.0f paid management-event copies (PaidEventsRecorded) in account %s, but no second trail was seen there", paid[a], a)
		}
	}
}

// rowTally counts how the rows were estimated, for the notes.
type rowTally struct {
	estimatedEvents, defaultBytes bool
	sampledRows                   int
}

// rows writes one row per account × region × day, saying where it came
// from. A sample of log files read in the account and region, when there
// is one, gives the read/write split, the bytes per event and, for rows
// only the listing saw, the events per stored byte.
func (c *collection) rows() {
	r := c.r
	var t rowTally
	// The files and bytes each account and region has over the period,
	// for the sampling error of rows scaled from a sample.
	groupFiles, groupStored := map[[2]string]int64{}, map[[2]string]int64{}
	for k, u := range c.cells {
		groupFiles[[2]string{k.account, k.region}] += u.LogFiles
		groupStored[[2]string{k.account, k.region}] += u.StoredBytes
	}
	for k, u := range c.cells {
		g := [2]string{k.account, k.region}
		c.fillRow(k, u, groupFiles[g], groupStored[g], &t)
		c.ds.Usage = append(c.ds.Usage, *u)
	}
	if t.sampledRows > 0 {
		r.notef("%d rows take their bytes per event and read/write split from %d log files read in their account and region (events per stored byte too, where Cost Explorer had no count)", t.sampledRows, c.res.Listing.SampledFiles)
	}
	if t.defaultBytes {
		r.notef("rows without a sample estimate event_bytes at %.0f bytes an event and split management events %.1f%% reads", r.o.BytesPerEvent, 100*r.o.ReadShare)
	}
	if t.estimatedEvents {
		r.notef("rows only the listing saw, without a sample (source %s, measured false), estimate events at %.0f stored bytes an event", c.s3Name, r.o.StoredBytesPerEvent)
	}
}

// fillRow completes one row: its source, the events the listing implies
// where Cost Explorer had no count, the management read/write split and
// the event bytes. files and stored are its account and region's over the
// period.
func (c *collection) fillRow(k cellKey, u *model.Usage, files, stored int64, t *rowTally) {
	r := c.r
	sm := c.samples[[2]string{k.account, k.region}]
	if sm != nil && sm.counts.Events == 0 {
		sm = nil
	}
	if u.Source == SourceLookupEvents {
		u.EventBytes = int64(math.Round(float64(u.Events()) * r.o.BytesPerEvent))
		t.defaultBytes = true
		return
	}
	switch {
	case c.ceSeen[k] && c.s3Seen[k]:
		u.Source, u.Measured = SourceCostExplorer+"+"+c.s3Name, true
	case c.ceSeen[k]:
		u.Source, u.Measured = SourceCostExplorer, true
	case sm != nil:
		// Only the listing: events from the sample's events per stored byte.
		u.Source, u.Measured = c.s3Name+"+sample", false
		scaleSample(u, sm)
		if e, ok := sm.relativeError(files, stored); ok {
			u.RelativeError = &e
		}
	default:
		// Only the listing, no sample: events from a mean stored size.
		u.Source, u.Measured = c.s3Name, false
		n := int64(math.Round(float64(u.StoredBytes) / r.o.StoredBytesPerEvent))
		read := int64(math.Round(float64(n) * r.o.ReadShare))
		u.ManagementReadEvents, u.ManagementWriteEvents = read, n-read
		t.estimatedEvents = true
	}
	if c.ceSeen[k] && sm != nil && sm.counts.ManagementRead+sm.counts.ManagementWrite > 0 {
		// Cost Explorer's one management total, split as the sample is.
		total := u.ManagementReadEvents + u.ManagementWriteEvents
		share := float64(sm.counts.ManagementRead) / float64(sm.counts.ManagementRead+sm.counts.ManagementWrite)
		u.ManagementReadEvents = int64(math.Round(float64(total) * share))
		u.ManagementWriteEvents = total - u.ManagementReadEvents
	}
	if sm != nil {
		u.EventBytes = int64(math.Round(float64(u.Events()) * float64(sm.counts.EventBytes) / float64(sm.counts.Events)))
		t.sampledRows++
	} else {
		u.EventBytes = int64(math.Round(float64(u.Events()) * r.o.BytesPerEvent))
		t.defaultBytes = true
	}
}

// scaleSample gives a row only the listing saw the events of its sample,
// scaled by the row's stored bytes.
func scaleSample(u *model.Usage, sm *sample) {
	scale := float64(u.StoredBytes) / float64(sm.stored)
	cn := sm.counts
	u.ManagementReadEvents = int64(math.Round(float64(cn.ManagementRead) * scale))
	u.ManagementWriteEvents = int64(math.Round(float64(cn.ManagementWrite) * scale))
	u.DataEvents = int64(math.Round(float64(cn.Data) * scale))
	u.NetworkEvents = int64(math.Round(float64(cn.Network) * scale))
	u.InsightsEvents = int64(math.Round(float64(cn.Insights) * scale))
	u.AggregatedEvents = int64(math.Round(float64(cn.Aggregated) * scale))
}

// finish orders the rows and gaps, closes the checkpoints and checks the
// dataset.
func (c *collection) finish() (*Result, error) {
	ds, res := c.ds, c.res
	model.SortRows(ds.Usage)
	sortGaps(ds.Gaps)
	c.r.finishCheckpoints(len(ds.Gaps) == 0)
	res.Complete = len(ds.Gaps) == 0
	res.Requests = c.r.meter.Requests()
	res.Notes = c.r.notes
	if err := ds.Validate(); err != nil {
		return res, fmt.Errorf("collected dataset is not valid: %w", err)
	}
	return res, nil
}

// interrupted ends a run whose context is done: what the finished accounts
// measured stays checkpointed for the next run with the same options.
func (r *run) interrupted(ctx context.Context) error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	r.closeCheckpoints(false)
	if r.o.NoCheckpoint {
		return fmt.Errorf("interrupted: %w", err)
	}
	return fmt.Errorf("interrupted: %w (the accounts finished are kept in %s: run again with the same options to resume)", err, r.o.CheckpointDir)
}

func sortGaps(g []model.Gap) {
	sort.SliceStable(g, func(i, j int) bool {
		if g[i].Account != g[j].Account {
			return g[i].Account < g[j].Account
		}
		if g[i].Source != g[j].Source {
			return g[i].Source < g[j].Source
		}
		return g[i].Region < g[j].Region
	})
}

// Plan is what a dry run says a collection would do.
type Plan struct {
	Organization string
	Accounts     int
	Active       int
	Regions      []string
	CostExplorer CEPlan
	// Calls describes the free calls per source, in words.
	Calls []string
	// Start and End are the period a run would measure (an inventory's
	// date may move it: Options.InventoryPeriod); Notes say why.
	Start, End string
	Notes      []string
}

// DryRun reads the organization (free) and says what Collect would call and
// what the paid Cost Explorer requests would cost, without calling them.
func DryRun(ctx context.Context, o Options) (*Plan, error) {
	r, org, inv, err := start(ctx, o)
	if err != nil {
		return nil, err
	}
	regions := append([]string(nil), r.o.Regions...)
	if len(regions) == 0 {
		regions = []string{r.o.Region}
	}
	p := &Plan{Organization: org.ID, Accounts: len(org.Accounts), Regions: regions, Start: r.o.Start, End: r.o.End, Notes: r.notes}
	for _, a := range org.Accounts {
		if a.Status == "ACTIVE" {
			p.Active++
		}
	}
	if r.o.Sources.CostExplorer {
		p.CostExplorer = r.planCE(len(org.Accounts), len(regions))
	}
	if r.o.Sources.CloudTrail {
		where := "in " + strings.Join(regions, ", ")
		if len(r.o.Regions) == 0 {
			where = "in " + r.o.Region + " and every region Cost Explorer shows usage in"
		}
		p.Calls = append(p.Calls, fmt.Sprintf("CloudTrail (free): AssumeRole into %d accounts; DescribeTrails and ListEventDataStores in each account, %s; GetEventSelectors and GetTrailStatus per trail", max(p.Active-1, 0), where),
			"CloudWatch telemetry rules: ListTelemetryRules in each account and ListTelemetryRulesForOrganization in the management account, "+where+"; GetTelemetryRule[ForOrganization] per rule for CloudTrail events")
	}
	if inv != nil {
		var total int64
		for _, f := range inv.m.Files {
			total += f.Size
		}
		s := fmt.Sprintf("S3 Inventory instead of listing the bucket: the report of %s of bucket %s, %s (scan begun %s); GetObject of its %d gzipped CSV data files (%s, 0.0004 USD per 1,000 GET requests, billed to the inventory bucket's owner)",
			inv.day, inv.m.SourceBucket, inv.url(), inv.began.Format(time.RFC3339), len(inv.m.Files), size(total))
		if r.o.End >= inv.day {
			s += fmt.Sprintf("; the days from %s on are not in it: a gap", max(r.o.Start, inv.day))
		}
		if r.o.SampleFiles > 0 {
			s += fmt.Sprintf("; GetObject of %d log files per account and region from the trail bucket (0.0004 USD per 1,000)", r.o.SampleFiles)
		}
		p.Calls = append(p.Calls, s)
	} else if r.o.Sources.S3Listing {
		s := "S3 (0.005 USD per 1,000 LIST requests, billed to the bucket owner): ListObjectsV2 per account and region, one request per 1,000 log files"
		if r.o.SampleFiles > 0 {
			s += fmt.Sprintf("; GetObject of %d log files per account and region (0.0004 USD per 1,000)", r.o.SampleFiles)
		}
		p.Calls = append(p.Calls, s)
	}
	if r.o.Sources.LookupEvents {
		p.Calls = append(p.Calls, fmt.Sprintf("LookupEvents (free): at most %d pages per account and region, only for accounts no other source saw", r.o.LookupPages))
	}
	return p, nil
}
