package model

import (
	"math"
	"sort"
	"sync"
	"time"
)

// Volume is CloudTrail activity per day: means over the measured period, for
// the events a scenario records.
type Volume struct {
	ManagementRead  float64 // management read events
	ManagementWrite float64 // management write events
	Data            float64 // data events
	Network         float64 // network activity events
	Insights        float64 // Insights events delivered
	EventBytes      float64 // uncompressed bytes of the recorded events
	StoredBytes     float64 // gzip bytes as stored in S3
	LogFiles        float64 // log files delivered
	Regions         float64 // account × region pairs with activity (region-days over a month); digest files follow them
}

// Management is management events of both kinds.
func (v Volume) Management() float64 { return v.ManagementRead + v.ManagementWrite }

// Events is every recorded event.
func (v Volume) Events() float64 {
	return v.Management() + v.Data + v.Network + v.Insights
}

// plus returns v + f×o, field by field.
func (v Volume) plus(o Volume, f float64) Volume {
	return Volume{
		ManagementRead:  v.ManagementRead + f*o.ManagementRead,
		ManagementWrite: v.ManagementWrite + f*o.ManagementWrite,
		Data:            v.Data + f*o.Data,
		Network:         v.Network + f*o.Network,
		Insights:        v.Insights + f*o.Insights,
		EventBytes:      v.EventBytes + f*o.EventBytes,
		StoredBytes:     v.StoredBytes + f*o.StoredBytes,
		LogFiles:        v.LogFiles + f*o.LogFiles,
		Regions:         v.Regions + f*o.Regions,
	}
}

// scaled returns f×v.
func (v Volume) scaled(f float64) Volume { return Volume{}.plus(v, f) }

// monthInfo is one projected calendar month.
type monthInfo struct {
	Start       time.Time
	Days        int
	Growth      float64 // volume growth factor of every account
	NewAccounts float64 // accounts added since the start, at the new-account profile
}

// projection holds the measured daily profile of every account, its fitted
// trend and weekly pattern, and the months it is projected over.
type projection struct {
	Accounts  []string            // accounts with usage, sorted
	PerRegion []map[string]Volume // per account: region → daily mean volume
	Regions   [][]string          // per account: its regions, sorted
	Totals    []Volume            // per account: summed over regions
	Fits      []accountFit        // per account: the fit of its daily events
	// Factor is, per account and month, the month's fitted days: the sum
	// over the month's calendar days of the fitted daily volume divided by
	// the measured daily mean. A flat, trendless account gets the month's
	// length.
	Factor [][]float64
	// NewProfile is one added account's daily volume per region: the
	// median profiles of the OUs weighted by their share of the accounts.
	NewProfile map[string]Volume
	NewRegions []string // NewProfile's regions, sorted
	NewTotal   Volume   // NewProfile summed over regions
	Months     []monthInfo

	regionVol [][]Volume     // per account: PerRegion's volumes in Regions' order
	fitted    []*fittedMonth // per month: every account's monthSums (Factor's source)
	// ms is the measurement the projection lays out, while Factor is its
	// fitted days (a Monte Carlo draw's projection has none)
	ms *measurement
}

// measurement is what the projection takes from the usage rows alone, for
// one setting of record_data_events: each account's daily means per region,
// and the fit of its daily events. It depends on nothing else in the
// scenario, so a Prepared dataset computes it once and every projection
// shares it (read only).
type measurement struct {
	accounts  []string            // accounts with usage, sorted
	perRegion []map[string]Volume // per account: region → daily mean volume
	regions   [][]string          // per account: its regions, sorted
	regionVol [][]Volume          // per account: perRegion's volumes in regions' order
	totals    []Volume            // per account: summed over regions
	fits      []accountFit        // per account: the fit of its daily events

	mu       sync.Mutex
	months   map[monthKey]*fittedMonth // every account's fitted days, per calendar month
	partials map[partialKey]partialSum // the measured accounts' volume, per calendar month and region left out

	copies [nFirstCopies]struct { // the leftover trails' paid copies in the measured accounts, when first needed
		once sync.Once
		per  []trailCopies
	}
}

// partialKey is a calendar month and the region left out ("": none).
type partialKey struct {
	month  monthKey
	except string
}

// partialSum is the measured accounts' part of a month's volume.
type partialSum struct {
	sum     Volume
	regions float64
}

// partial is the measured accounts' part of a month's volume, computed by
// sum the first time.
func (ms *measurement) partial(k partialKey, sum func() partialSum) partialSum {
	ms.mu.Lock()
	ps, ok := ms.partials[k]
	ms.mu.Unlock()
	if ok {
		return ps
	}
	ps = sum()
	ms.mu.Lock()
	ms.partials[k] = ps
	ms.mu.Unlock()
	return ps
}

// monthKey is a month by its first day (Unix seconds) and length.
type monthKey struct {
	first int64
	days  int
}

// fittedMonth is, per account, what accountFit.monthSums gives for one
// calendar month.
type fittedMonth struct {
	fitted, slope []float64
}

// recordsData says whether the scenario records data events (nil: yes).
func recordsData(s *Scenario) bool { return s.RecordDataEvents == nil || *s.RecordDataEvents }

// measure groups the usage rows per account and region and fits each
// account's daily events.
func measure(d *Dataset, recordData bool) *measurement {
	days := d.Period.Days()
	start, _ := ParseDay(d.Period.Start)
	byAccount := map[string]map[string]Volume{}
	series := map[string][]float64{}
	errSum := map[string]float64{}
	dayIndex := map[string]int{} // each day's index in the period (−1: none), parsed once
	for u := range d.Rows() {
		regions := byAccount[u.Account]
		if regions == nil {
			regions = map[string]Volume{}
			byAccount[u.Account] = regions
			series[u.Account] = make([]float64, days)
		}
		v := rowVolume(u, recordData)
		regions[u.Region] = regions[u.Region].plus(v, 1/float64(days))
		i, ok := dayIndex[u.Day]
		if !ok {
			i = -1
			if day, ok := ParseDay(u.Day); ok {
				i = int(day.Sub(start).Hours() / 24)
			}
			dayIndex[u.Day] = i
		}
		if i >= 0 && i < days {
			series[u.Account][i] += v.Events()
		}
		errSum[u.Account] += v.Events() * u.RelErr()
	}
	ms := &measurement{months: map[monthKey]*fittedMonth{}, partials: map[partialKey]partialSum{}}
	for id := range byAccount {
		ms.accounts = append(ms.accounts, id)
	}
	sort.Strings(ms.accounts)
	for _, id := range ms.accounts {
		regions := byAccount[id]
		names := make([]string, 0, len(regions))
		for r := range regions {
			names = append(names, r)
		}
		sort.Strings(names)
		var total Volume
		vols := make([]Volume, len(names))
		for k, r := range names {
			v := regions[r]
			if v.Events() > 0 {
				v.Regions = 1
				regions[r] = v
			}
			vols[k] = v
			total = total.plus(v, 1)
		}
		f := fitDaily(series[id], start)
		if ev := total.Events() * float64(days); ev > 0 {
			f.RelError = errSum[id] / ev
		}
		ms.perRegion = append(ms.perRegion, regions)
		ms.regions = append(ms.regions, names)
		ms.regionVol = append(ms.regionVol, vols)
		ms.totals = append(ms.totals, total)
		ms.fits = append(ms.fits, f)
	}
	return ms
}

// month is every account's fitted days over the days days from first,
// computed once per calendar month.
func (ms *measurement) month(first time.Time, days int) *fittedMonth {
	key := monthKey{first.Unix(), days}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if fm, ok := ms.months[key]; ok {
		return fm
	}
	fm := &fittedMonth{fitted: make([]float64, len(ms.fits)), slope: make([]float64, len(ms.fits))}
	for i := range ms.fits {
		fm.fitted[i], fm.slope[i] = ms.fits[i].monthSums(first, days)
	}
	ms.months[key] = fm
	return fm
}

// project measures the dataset's daily means, fits each account's daily
// events and lays out the months. Scenario growth compounds monthly from the
// first projected month (month 0 is 1×).
func project(d *Dataset, s *Scenario) *projection {
	return measure(d, recordsData(s)).project(d, s)
}

// project lays the measurement out over the scenario's months.
func (ms *measurement) project(d *Dataset, s *Scenario) *projection {
	p := &projection{
		Accounts: ms.accounts, PerRegion: ms.perRegion, Regions: ms.regions, Totals: ms.totals, Fits: ms.fits,
		regionVol: ms.regionVol, ms: ms,
	}
	p.newAccountProfile(d, s)
	active := 0
	for _, a := range d.Accounts {
		if a.Status == "ACTIVE" {
			active++
		}
	}
	for i, first := range s.Months() {
		p.Months = append(p.Months, monthInfo{
			Start:       first,
			Days:        daysIn(first),
			Growth:      math.Pow(1+s.VolumeGrowthPerMonth, float64(i)),
			NewAccounts: float64(active) * (math.Pow(1+s.AccountGrowthPerMonth, float64(i)) - 1),
		})
	}
	p.fitted = make([]*fittedMonth, len(p.Months))
	for m, mi := range p.Months {
		p.fitted[m] = ms.month(mi.Start, mi.Days)
	}
	p.Factor = make([][]float64, len(p.Accounts))
	for i := range p.Accounts {
		p.Factor[i] = make([]float64, len(p.Months))
		for m := range p.Months {
			p.Factor[i][m] = p.fitted[m].fitted[i]
		}
	}
	return p
}

// MinOUAccounts is the fewest measured accounts an OU needs for its median
// to be the profile of the accounts added to it; smaller OUs take the
// organization's median.
const MinOUAccounts = 3

// newAccountProfile sets the daily volume of one account added by growth.
// New accounts are workload accounts: they join the OUs in proportion to the
// active accounts there (the management and log-archive accounts aside) and
// take the median measured account of their OU, or of the organization when
// the OU has fewer than MinOUAccounts measured accounts.
func (p *projection) newAccountProfile(d *Dataset, s *Scenario) {
	index := map[string]int{}
	for i, id := range p.Accounts {
		index[id] = i
	}
	counts := map[string]int{}
	measured := map[string][]int{}
	var all []int
	total := 0
	for _, a := range d.Accounts {
		if a.Status != "ACTIVE" || a.ID == d.Organization.ManagementAccount || a.ID == s.LogArchiveAccount {
			continue
		}
		counts[a.OU]++
		total++
		if i, ok := index[a.ID]; ok {
			measured[a.OU] = append(measured[a.OU], i)
			all = append(all, i)
		}
	}
	if len(all) == 0 { // no workload account measured: any measured account
		for i := range p.Accounts {
			all = append(all, i)
		}
	}
	p.NewProfile = map[string]Volume{}
	if len(all) == 0 {
		return
	}
	orgMedian := p.median(all)
	names := make([]string, 0, len(counts))
	for ou := range counts {
		names = append(names, ou)
	}
	sort.Strings(names)
	add := func(profile map[string]Volume, weight float64) {
		for r, v := range profile {
			p.NewProfile[r] = p.NewProfile[r].plus(v, weight)
		}
	}
	if total == 0 {
		add(orgMedian, 1)
	}
	for _, ou := range names {
		profile := orgMedian
		if len(measured[ou]) >= MinOUAccounts {
			profile = p.median(measured[ou])
		}
		add(profile, float64(counts[ou])/float64(total))
	}
	for r := range p.NewProfile {
		p.NewRegions = append(p.NewRegions, r)
	}
	sort.Strings(p.NewRegions)
	for _, r := range p.NewRegions {
		p.NewTotal = p.NewTotal.plus(p.NewProfile[r], 1)
	}
}

// median is the regions of the account, among accounts, with the median
// number of events (the upper median for an even count).
func (p *projection) median(accounts []int) map[string]Volume {
	order := append([]int(nil), accounts...)
	sort.SliceStable(order, func(a, b int) bool { return p.Totals[order[a]].Events() < p.Totals[order[b]].Events() })
	return p.PerRegion[order[len(order)/2]]
}

// rowVolume is one usage row as a Volume, without data events (and their
// share of the bytes) when the scenario does not record them.
func rowVolume(u Usage, recordData bool) Volume {
	v := Volume{
		ManagementRead:  float64(u.ManagementReadEvents),
		ManagementWrite: float64(u.ManagementWriteEvents),
		Data:            float64(u.DataEvents),
		Network:         float64(u.NetworkEvents),
		Insights:        float64(u.InsightsEvents),
		EventBytes:      float64(u.EventBytes),
		StoredBytes:     float64(u.StoredBytes),
		LogFiles:        float64(u.LogFiles),
	}
	if !recordData && u.DataEvents > 0 {
		keep := 1 - float64(u.DataEvents)/float64(u.Events())
		v.Data = 0
		v.EventBytes *= keep
		v.StoredBytes *= keep
	}
	return v
}

// month is the organization's volume over month m (each account's daily
// mean × its fitted days × growth, new accounts included), over the regions
// keep accepts (nil: all).
func (p *projection) month(m int, keep func(region string) bool) Volume {
	sum, regions := p.measuredMonth(m, keep)
	return p.addNewAccounts(m, keep, sum, regions)
}

// monthExcept is month over every region but except ("": every region).
// The measured accounts' part depends on the calendar month alone: a
// projection of a prepared measurement takes it from there.
func (p *projection) monthExcept(m int, except string) Volume {
	var keep func(string) bool
	if except != "" {
		keep = func(r string) bool { return r != except }
	}
	if p.ms == nil {
		return p.month(m, keep)
	}
	mi := p.Months[m]
	ps := p.ms.partial(partialKey{monthKey{mi.Start.Unix(), mi.Days}, except}, func() partialSum {
		sum, regions := p.measuredMonth(m, keep)
		return partialSum{sum, regions}
	})
	return p.addNewAccounts(m, keep, ps.sum, ps.regions)
}

// measuredMonth is the measured accounts' volume over month m before
// growth, and their region pairs, over the regions keep accepts.
func (p *projection) measuredMonth(m int, keep func(region string) bool) (sum Volume, regions float64) {
	for i, names := range p.Regions {
		f := p.Factor[i][m]
		for k, r := range names {
			if keep == nil || keep(r) {
				v := p.regionVol[i][k]
				sum = sum.plus(v, f)
				regions += v.Regions
			}
		}
	}
	return sum, regions
}

// addNewAccounts completes month from the measured accounts' part: the
// accounts added by growth, then growth.
func (p *projection) addNewAccounts(m int, keep func(region string) bool, sum Volume, regions float64) Volume {
	mi := p.Months[m]
	for _, r := range p.NewRegions {
		if keep == nil || keep(r) {
			v := p.NewProfile[r]
			sum = sum.plus(v, mi.NewAccounts*float64(mi.Days))
			regions += v.Regions * mi.NewAccounts
		}
	}
	out := sum.scaled(mi.Growth)
	out.Regions = regions * float64(mi.Days) // region-days: volume growth adds no regions
	return out
}

// accountWeights gives each account's share of a metric in month m; the
// last entry is the accounts added by growth.
func (p *projection) accountWeights(m int, metric func(Volume) float64) []float64 {
	mi := p.Months[m]
	w := make([]float64, len(p.Accounts)+1)
	sum := 0.0
	for i, t := range p.Totals {
		w[i] = metric(t) * p.Factor[i][m]
		sum += w[i]
	}
	w[len(p.Accounts)] = metric(p.NewTotal) * mi.NewAccounts * float64(mi.Days)
	sum += w[len(p.Accounts)]
	if sum == 0 {
		return w
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// daysIn is the number of days in the month starting at first.
func daysIn(first time.Time) int {
	return first.AddDate(0, 1, -1).Day()
}
