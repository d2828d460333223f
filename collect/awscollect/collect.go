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
	r := &run{o: &o, meter: m, creds: map[string]aws.CredentialsProvider{}, credGaps: map[string]model.Gap{}}
	r.clients = newClients(r.o, m)
	return r, nil
}

// Collect measures the organization read-only and returns the dataset.
// Only the organization itself is required: every other failure becomes a
// gap, and the run goes on.
func Collect(ctx context.Context, o Options) (*Result, error) {
	r, err := newRun(o)
	if err != nil {
		return nil, err
	}
	org, err := collectOrg(ctx, r.clients.organizations())
	if err != nil {
		return nil, err
	}
	r.o.managementAccount = org.ManagementAccount
	// The inventory report first: a wrong one stops the run before any
	// paid request, and its date may move the period.
	var inv *inventory
	if r.o.Sources.S3Listing && r.o.Inventory != "" {
		if inv, err = r.openInventory(ctx); err != nil {
			return nil, err
		}
		r.inventoryPeriod(inv)
	}
	res := &Result{}
	ds := &model.Dataset{
		Schema:          model.DatasetSchema,
		Organization:    model.Organization{ID: org.ID, ManagementAccount: org.ManagementAccount},
		Period:          model.Period{Start: r.o.Start, End: r.o.End},
		Accounts:        org.Accounts,
		Usage:           []model.Usage{},
		Trails:          []model.Trail{},
		EventDataStores: []model.EventDataStore{},
		Gaps:            []model.Gap{},
	}
	res.Dataset = ds
	listed := map[string]bool{}
	for _, a := range org.Accounts {
		listed[a.ID] = true
	}

	cells := map[cellKey]*model.Usage{}
	row := func(account, region, day string) *model.Usage {
		k := cellKey{account, region, day}
		u := cells[k]
		if u == nil {
			u = &model.Usage{Account: account, Region: region, Day: day}
			cells[k] = u
		}
		return u
	}

	// Cost Explorer: exact event counts from the bill.
	ceSeen := map[cellKey]bool{}
	if r.o.Sources.CostExplorer {
		extras := map[[4]string]*Extra{}
		unknown := map[string]bool{}
		cloudWatch := false
		for _, s := range r.o.CEServices {
			cloudWatch = cloudWatch || s == CloudWatchService
		}
		report, gaps := r.collectCE(ctx, func(c ceRow) {
			ut := ParseUsageType(c.UsageType)
			if ut.Kind == "" || cloudWatchKind(ut.Kind) && !cloudWatch {
				return
			}
			if ut.Global && !cloudWatchKind(ut.Kind) {
				if !unknown[c.UsageType] {
					unknown[c.UsageType] = true
					r.notef("Cost Explorer usage type %s: billed under no region, its rows skipped", c.UsageType)
				}
				return
			}
			if ut.Region == "" && !ut.Global {
				if !unknown[ut.Code] {
					unknown[ut.Code] = true
					r.notef("Cost Explorer usage type %s: region code %s unknown, its rows skipped", c.UsageType, ut.Code)
				}
				return
			}
			if !listed[c.Account] {
				if !unknown[c.Account] {
					unknown[c.Account] = true
					r.notef("Cost Explorer has usage for account %s, which is not in the organization now: skipped", c.Account)
				}
				return
			}
			q := int64(math.Round(c.Quantity))
			switch ut.Kind {
			case KindFreeEvents:
				u := row(c.Account, ut.Region, c.Day)
				read := int64(math.Round(float64(q) * r.o.ReadShare))
				u.ManagementReadEvents += read
				u.ManagementWriteEvents += q - read
			case KindDataEvents:
				row(c.Account, ut.Region, c.Day).DataEvents += q
			case KindNetworkEvents:
				row(c.Account, ut.Region, c.Day).NetworkEvents += q
			case KindInsightsEvents:
				row(c.Account, ut.Region, c.Day).InsightsEvents += q
			default:
				day := ""
				if r.o.ExtrasByDay {
					day = c.Day
				}
				k := [4]string{c.Account, ut.Region, c.UsageType, day}
				e := extras[k]
				if e == nil {
					e = &Extra{Account: c.Account, Region: ut.Region, Day: day, UsageType: c.UsageType, Kind: ut.Kind, Unit: c.Unit}
					extras[k] = e
				}
				e.Quantity += c.Quantity
				e.CostUSD += c.Cost
				return
			}
			ceSeen[cellKey{c.Account, ut.Region, c.Day}] = true
		})
		res.CostExplorer = report
		ds.Gaps = append(ds.Gaps, gaps...)
		for _, e := range extras {
			res.Extras = append(res.Extras, *e)
		}
		sort.Slice(res.Extras, func(i, j int) bool {
			a, b := res.Extras[i], res.Extras[j]
			if a.Account != b.Account {
				return a.Account < b.Account
			}
			if a.Region != b.Region {
				return a.Region < b.Region
			}
			if a.UsageType != b.UsageType {
				return a.UsageType < b.UsageType
			}
			return a.Day < b.Day
		})
	}

	if err := r.interrupted(ctx); err != nil {
		return nil, err
	}

	// The regions to ask the CloudTrail API in: as given, or the
	// configuration's and every region Cost Explorer saw usage in.
	regions := append([]string(nil), r.o.Regions...)
	if len(regions) == 0 {
		seen := map[string]bool{r.o.Region: true}
		regions = []string{r.o.Region}
		for k := range ceSeen {
			if !seen[k.region] {
				seen[k.region] = true
				regions = append(regions, k.region)
			}
		}
		sort.Strings(regions)
	}

	// CloudTrail per account: trails, selectors, event data stores.
	var found accountTrails
	if r.o.Sources.CloudTrail {
		found = r.collectTrails(ctx, org.ID, org.Accounts, regions)
		for _, t := range found.trails {
			ds.Trails = append(ds.Trails, t.Trail)
			if t.CloudWatchLogs {
				res.CloudWatchLogs = append(res.CloudWatchLogs, fmt.Sprintf("%s trail %s delivers to CloudWatch Logs", t.Account, t.Name))
			}
			if t.Organization && r.o.Bucket == "" && t.Logging {
				r.o.Bucket, r.o.BucketPrefix = t.Bucket, t.KeyPrefix
				if r.o.BucketRegion == "" {
					r.o.BucketRegion = t.HomeRegion // usually the bucket's too
				}
			}
		}
		ds.EventDataStores = append(ds.EventDataStores, found.stores...)
		ds.Gaps = append(ds.Gaps, found.gaps...)
		res.Duplicates = duplicates(found.trails)
		for _, n := range found.notes {
			r.notef("%s", n)
		}
	}

	if err := r.interrupted(ctx); err != nil {
		return nil, err
	}

	// The bucket listing (or its inventory report): stored bytes and log files.
	s3Seen := map[cellKey]bool{}
	samples := map[[2]string]*sample{}
	s3Name := SourceS3Listing
	if r.o.Sources.S3Listing {
		var l *listing
		var gaps []model.Gap
		switch {
		case inv != nil:
			s3Name = inv.source()
			if r.o.Bucket == "" {
				r.o.Bucket = inv.m.SourceBucket
				r.notef("no organization trail bucket found or given: the inventory's source bucket %s is taken for it", r.o.Bucket)
			}
			if err := inv.check(r.o.Bucket); err != nil {
				r.closeCheckpoints(false)
				return nil, err
			}
			if l, gaps, err = r.inventoryListing(ctx, inv, org.ID, org.Accounts); err != nil {
				if ierr := r.interrupted(ctx); ierr != nil {
					return nil, ierr
				}
				r.closeCheckpoints(false)
				return nil, err
			}
			res.Listing.Inventory, res.Listing.InventoryDate = inv.url(), inv.day
		case r.o.Bucket == "":
			ds.Gaps = append(ds.Gaps, model.Gap{Source: SourceS3Listing, Reason: "no organization trail bucket found or given: bucket not listed"})
		default:
			l, gaps = r.listBucket(ctx, org.ID, org.Accounts)
		}
		if l != nil {
			ds.Gaps = append(ds.Gaps, gaps...)
			res.Listing.Bucket, res.Listing.Objects, res.Listing.Skipped = r.o.Bucket, l.objects, l.digests
			samples = l.stats
			for _, sm := range samples {
				res.Listing.SampledFiles += sm.files
			}
			for k, c := range l.cells {
				u := row(k.account, k.region, k.day)
				u.StoredBytes += c.storedBytes
				u.LogFiles += c.logFiles
				res.Listing.LogFiles += c.logFiles
				s3Seen[k] = true
			}
		}
	}

	if err := r.interrupted(ctx); err != nil {
		return nil, err
	}

	// LookupEvents: one day's sample where no other source saw the account.
	if r.o.Sources.LookupEvents {
		seen := map[string]bool{}
		for k := range cells {
			seen[k.account] = true
		}
		// Every region of every such account at once, within Concurrency
		// and LookupEvents' 2 requests/s per account and region.
		var mu sync.Mutex
		sem := make(chan struct{}, r.o.Concurrency)
		var wg sync.WaitGroup
		for _, a := range org.Accounts {
			if seen[a.ID] || a.Status != "ACTIVE" {
				continue
			}
			creds, gap := r.reach(ctx, a, SourceLookupEvents)
			if gap != nil {
				mu.Lock()
				ds.Gaps = append(ds.Gaps, *gap)
				mu.Unlock()
				continue
			}
			for _, region := range regions {
				wg.Add(1)
				go func() {
					defer wg.Done()
					select {
					case sem <- struct{}{}:
					case <-ctx.Done():
						return
					}
					defer func() { <-sem }()
					u, err := r.lookupSample(ctx, a.ID, region, r.o.End, creds)
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						ds.Gaps = append(ds.Gaps, model.Gap{Account: a.ID, Region: region, Source: SourceLookupEvents, Reason: "LookupEvents: " + reason(err)})
						return
					}
					if u.Events() == 0 {
						return
					}
					cells[cellKey{a.ID, region, r.o.End}] = u
					r.notef("account %s has no Cost Explorer or bucket data: %s in %s sampled with LookupEvents for %s only", a.ID, map[bool]string{true: "every management event", false: "management events (extrapolated from the pages read)"}[u.Measured], region, r.o.End)
				}()
			}
		}
		wg.Wait()
	}

	// The bill against the trails: paid management copies with no second
	// trail seen (its account's CloudTrail API was not reached, most
	// likely) are worth a note.
	if r.o.Sources.CostExplorer && r.o.Sources.CloudTrail {
		paid := map[string]float64{}
		for _, e := range res.Extras {
			if e.Kind == KindPaidEvents {
				paid[e.Account] += e.Quantity
			}
		}
		dup := map[string]bool{}
		for _, t := range found.trails {
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
				r.notef("Cost Explorer shows %.0f paid management-event copies (PaidEventsRecorded) in account %s, but no second trail was seen there", paid[a], a)
			}
		}
	}

	if err := r.interrupted(ctx); err != nil {
		return nil, err
	}

	// One row per account × region × day, saying where it came from. A
	// sample of log files read in the account and region, when there is
	// one, gives the read/write split, the bytes per event and, for rows
	// only the listing saw, the events per stored byte.
	estimatedEvents, sampledRows, defaultBytes := false, 0, false
	// The files and bytes each account and region has over the period,
	// for the sampling error of rows scaled from a sample.
	groupFiles, groupStored := map[[2]string]int64{}, map[[2]string]int64{}
	for k, u := range cells {
		groupFiles[[2]string{k.account, k.region}] += u.LogFiles
		groupStored[[2]string{k.account, k.region}] += u.StoredBytes
	}
	for k, u := range cells {
		sm := samples[[2]string{k.account, k.region}]
		if sm != nil && sm.counts.Events == 0 {
			sm = nil
		}
		if u.Source == SourceLookupEvents {
			u.EventBytes = int64(math.Round(float64(u.Events()) * r.o.BytesPerEvent))
			defaultBytes = true
			ds.Usage = append(ds.Usage, *u)
			continue
		}
		switch {
		case ceSeen[k] && s3Seen[k]:
			u.Source, u.Measured = SourceCostExplorer+"+"+s3Name, true
		case ceSeen[k]:
			u.Source, u.Measured = SourceCostExplorer, true
		case sm != nil:
			// Only the listing: events from the sample's events per stored byte.
			u.Source, u.Measured = s3Name+"+sample", false
			scale := float64(u.StoredBytes) / float64(sm.stored)
			c := sm.counts
			u.ManagementReadEvents = int64(math.Round(float64(c.ManagementRead) * scale))
			u.ManagementWriteEvents = int64(math.Round(float64(c.ManagementWrite) * scale))
			u.DataEvents = int64(math.Round(float64(c.Data) * scale))
			u.NetworkEvents = int64(math.Round(float64(c.Network) * scale))
			u.InsightsEvents = int64(math.Round(float64(c.Insights) * scale))
			u.AggregatedEvents = int64(math.Round(float64(c.Aggregated) * scale))
			g := [2]string{k.account, k.region}
			if e, ok := sm.relativeError(groupFiles[g], groupStored[g]); ok {
				u.RelativeError = &e
			}
		default:
			// Only the listing, no sample: events from a mean stored size.
			u.Source, u.Measured = s3Name, false
			n := int64(math.Round(float64(u.StoredBytes) / r.o.StoredBytesPerEvent))
			read := int64(math.Round(float64(n) * r.o.ReadShare))
			u.ManagementReadEvents, u.ManagementWriteEvents = read, n-read
			estimatedEvents = true
		}
		if ceSeen[k] && sm != nil && sm.counts.ManagementRead+sm.counts.ManagementWrite > 0 {
			// Cost Explorer's one management total, split as the sample is.
			total := u.ManagementReadEvents + u.ManagementWriteEvents
			share := float64(sm.counts.ManagementRead) / float64(sm.counts.ManagementRead+sm.counts.ManagementWrite)
			u.ManagementReadEvents = int64(math.Round(float64(total) * share))
			u.ManagementWriteEvents = total - u.ManagementReadEvents
		}
		if sm != nil {
			u.EventBytes = int64(math.Round(float64(u.Events()) * float64(sm.counts.EventBytes) / float64(sm.counts.Events)))
			sampledRows++
		} else {
			u.EventBytes = int64(math.Round(float64(u.Events()) * r.o.BytesPerEvent))
			defaultBytes = true
		}
		ds.Usage = append(ds.Usage, *u)
	}
	if sampledRows > 0 {
		r.notef("%d rows take their bytes per event and read/write split from %d log files read in their account and region (events per stored byte too, where Cost Explorer had no count)", sampledRows, res.Listing.SampledFiles)
	}
	if defaultBytes {
		r.notef("rows without a sample estimate event_bytes at %.0f bytes an event and split management events %.1f%% reads", r.o.BytesPerEvent, 100*r.o.ReadShare)
	}
	if estimatedEvents {
		r.notef("rows only the listing saw, without a sample (source %s, measured false), estimate events at %.0f stored bytes an event", s3Name, r.o.StoredBytesPerEvent)
	}
	sort.Slice(ds.Usage, func(i, j int) bool {
		a, b := ds.Usage[i], ds.Usage[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Day < b.Day
	})
	sortGaps(ds.Gaps)
	r.finishCheckpoints(len(ds.Gaps) == 0)
	res.Complete = len(ds.Gaps) == 0
	res.Requests = r.meter.Requests()
	res.Notes = r.notes
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
	r, err := newRun(o)
	if err != nil {
		return nil, err
	}
	org, err := collectOrg(ctx, r.clients.organizations())
	if err != nil {
		return nil, err
	}
	r.o.managementAccount = org.ManagementAccount
	var inv *inventory
	if r.o.Sources.S3Listing && r.o.Inventory != "" {
		// Its manifest is free to read and says what a run would read.
		if inv, err = r.openInventory(ctx); err != nil {
			return nil, err
		}
		r.inventoryPeriod(inv)
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
		p.Calls = append(p.Calls, fmt.Sprintf("CloudTrail (free): AssumeRole into %d accounts; DescribeTrails and ListEventDataStores in each account, %s; GetEventSelectors and GetTrailStatus per trail", max(p.Active-1, 0), where))
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
