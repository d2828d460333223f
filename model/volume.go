package model

import (
	"math"
	"sort"
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
	NewAccounts float64 // accounts added since the start, at the median profile
}

// projection holds the measured daily profile of every account and the
// months it is projected over.
type projection struct {
	Accounts  []string            // accounts with usage, sorted
	PerRegion []map[string]Volume // per account: region → daily volume
	Totals    []Volume            // per account: summed over regions
	Median    map[string]Volume   // the median account's regions, for new accounts
	Months    []monthInfo
}

// project measures the dataset's daily means and lays out the months.
// Growth compounds monthly from the first projected month (month 0 is 1×).
func project(d *Dataset, s *Scenario) *projection {
	days := float64(d.Period.Days())
	recordData := s.RecordDataEvents == nil || *s.RecordDataEvents
	byAccount := map[string]map[string]Volume{}
	for _, u := range d.Usage {
		regions := byAccount[u.Account]
		if regions == nil {
			regions = map[string]Volume{}
			byAccount[u.Account] = regions
		}
		regions[u.Region] = regions[u.Region].plus(rowVolume(u, recordData), 1/days)
	}
	p := &projection{}
	for id := range byAccount {
		p.Accounts = append(p.Accounts, id)
	}
	sort.Strings(p.Accounts)
	for _, id := range p.Accounts {
		regions := byAccount[id]
		var total Volume
		for r, v := range regions {
			if v.Events() > 0 {
				v.Regions = 1
				regions[r] = v
			}
			total = total.plus(v, 1)
		}
		p.PerRegion = append(p.PerRegion, regions)
		p.Totals = append(p.Totals, total)
	}
	p.Median = map[string]Volume{}
	if len(p.Accounts) > 0 {
		order := make([]int, len(p.Accounts))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return p.Totals[order[a]].Events() < p.Totals[order[b]].Events() })
		p.Median = p.PerRegion[order[len(order)/2]]
	}
	active := 0
	for _, a := range d.Accounts {
		if a.Status == "ACTIVE" {
			active++
		}
	}
	for i, start := range s.Months() {
		p.Months = append(p.Months, monthInfo{
			Start:       start,
			Days:        daysIn(start),
			Growth:      math.Pow(1+s.VolumeGrowthPerMonth, float64(i)),
			NewAccounts: float64(active) * (math.Pow(1+s.AccountGrowthPerMonth, float64(i)) - 1),
		})
	}
	return p
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

// month is the organization's volume over month m (daily means × days ×
// growth, new accounts included), over the regions keep accepts (nil: all).
func (p *projection) month(m int, keep func(region string) bool) Volume {
	mi := p.Months[m]
	var sum Volume
	for _, regions := range p.PerRegion {
		for r, v := range regions {
			if keep == nil || keep(r) {
				sum = sum.plus(v, 1)
			}
		}
	}
	for r, v := range p.Median {
		if keep == nil || keep(r) {
			sum = sum.plus(v, mi.NewAccounts)
		}
	}
	out := sum.scaled(float64(mi.Days) * mi.Growth)
	out.Regions = sum.Regions * float64(mi.Days) // region-days: volume growth adds no regions
	return out
}

// accountWeights gives each account's share of a metric in month m; the
// last entry is the accounts added by growth.
func (p *projection) accountWeights(m int, metric func(Volume) float64) []float64 {
	w := make([]float64, len(p.Accounts)+1)
	sum := 0.0
	for i, t := range p.Totals {
		w[i] = metric(t)
		sum += w[i]
	}
	var median Volume
	for _, v := range p.Median {
		median = median.plus(v, 1)
	}
	w[len(p.Accounts)] = metric(median) * p.Months[m].NewAccounts
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
