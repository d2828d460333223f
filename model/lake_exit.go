package model

import (
	"fmt"
	"time"
)

// The way out of CloudTrail Lake. Lake has been closed to new customers
// since 2026-05-31, and AWS points its users to CloudWatch: the Lake
// console's "Export to CloudWatch" copies an event data store's events into
// CloudWatch Logs in the Infrequent Access class (events from before 2023
// cannot be moved); both run side by side for a while (AWS says at least a
// day); then Lake ingestion stops, and the data Lake holds stays queryable,
// and billed where its retention is paid, until its retention ends. The
// steady state is CloudWatch ingesting CloudTrail events without a trail,
// in the Infrequent Access class, beside the accounts' own trails.

// LakeExit is the exit variant of trails-lake.
const LakeExit = "exit-to-cloudwatch"

// lakeExitStart is the first day whose events can be exported.
var lakeExitStart = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// existingStore is the organization's event data store as the dataset
// found it (its billing mode and retention), or the scenario's settings.
func (e *engine) existingStore() (mode string, retention int) {
	for _, eds := range e.d.EventDataStores {
		if eds.Organization {
			return eds.BillingMode, eds.RetentionDays
		}
	}
	return e.s.LakeBillingMode, e.s.LakeRetentionDays
}

// lakeBacklogDays is how many days of events the event data store holds
// when the horizon starts: its retention (the store's creation day is not
// in the dataset: it is taken to have run its whole retention).
func (e *engine) lakeBacklogDays() int {
	_, retention := e.existingStore()
	return retention
}

// exportDays is how many of the backlog's days can be exported: none from
// before 2023, none older than CloudWatch keeps.
func (e *engine) exportDays() int {
	start := e.p.Months[0].Start
	since2023 := int(start.Sub(lakeExitStart).Hours() / 24)
	return max(0, min(e.lakeBacklogDays(), since2023, e.s.CloudWatchRetentionDays))
}

// backlogDaysAged is how many of n days written before the horizon, day k
// (k = 1..n) being k days old at the horizon's start, are between from
// (exclusive) and to (inclusive) days old on day d of the horizon.
func backlogDaysAged(n, from, to, d int) int {
	lo, hi := max(1, from+1-d), min(n, to-d)
	return max(0, hi-lo+1)
}

// backlogMonth is the average number of backlog days stored between from
// and to days old over month m (a GB-month is the GB-days over the
// month's days).
func (e *engine) backlogMonth(n, from, to, m int) float64 {
	day := 0
	for k := range m {
		day += e.p.Months[k].Days
	}
	days := e.p.Months[m].Days
	sum := 0
	for d := day; d < day+days; d++ {
		sum += backlogDaysAged(n, from, to, d)
	}
	return float64(sum) / float64(days)
}

// lakeExit prices month m of the way out: the accounts' trails throughout;
// in the first month the export, the parallel days of Lake ingestion and
// Lake's queries; CloudWatch (Infrequent Access, no trail) from the first
// month on; the exported events stored in CloudWatch; and Lake's paid
// retention of what it still holds.
func (e *engine) lakeExit(b *bill, m int) {
	e.accountTrails(b, m)
	payer := e.lakePayer()
	lakeGB := e.fact("billing_gb_bytes_cloudtrail_lake")
	cwGB := e.fact("billing_gb_bytes_cloudwatch_logs")
	daily := func(in *inputs) float64 { return in.vol[0].EventBytes / float64(in.days[0]) } // bytes a day when the exit starts
	if m == 0 {
		parallel := float64(min(e.s.LakeExitParallelDays, e.p.Months[0].Days)) / float64(e.p.Months[0].Days)
		rate := "lake.ingestion_extendable"
		if mode, _ := e.existingStore(); mode == LakeFixed {
			rate = "lake.ingestion_fixed"
		}
		b.add(m, line{component: "lake.ingestion", rate: rate, payer: payer, qualifier: fmt.Sprintf("%d days side by side", e.s.LakeExitParallelDays),
			quantity: func(in *inputs) float64 { return parallel * in.vol[m].EventBytes / lakeGB }})
		days := float64(e.exportDays())
		b.add(m, line{component: "lake.export", rate: "lake.export", payer: payer, qualifier: fmt.Sprintf("%.0f days of events since 2023", days),
			quantity: func(in *inputs) float64 {
				return days * cloudWatchBytes(RouteTelemetryIA, in.vol[0]) / float64(in.days[0]) / cwGB
			}})
	}
	e.cloudWatch(b, m, RouteTelemetryIA)
	ratio := e.fact("cloudwatch_storage_ratio")
	exported := e.backlogMonth(e.exportDays(), 0, e.s.CloudWatchRetentionDays, m)
	b.add(m, line{component: "cloudwatch.storage", rate: "cloudwatch.storage_ia", payer: PayerMembers, driver: "bytes", qualifier: "events exported from Lake",
		quantity: func(in *inputs) float64 {
			return exported * cloudWatchBytes(RouteTelemetryIA, in.vol[0]) / float64(in.days[0]) / cwGB * ratio
		}})
	if mode, retention := e.existingStore(); mode == LakeExtendable && retention > 366 {
		held := e.backlogMonth(retention, 366, retention, m)
		lakeRatio := e.fact("lake_compression_ratio")
		b.add(m, line{component: "lake.retention", rate: "lake.retention_extendable", payer: payer, qualifier: "events Lake still holds", note: "compressed size",
			quantity: func(in *inputs) float64 { return held * daily(in) / lakeGB / lakeRatio }})
	}
}

// lakeExitNotes lay the way out month by month.
func lakeExitNotes(e *engine) []string {
	first := e.p.Months[0].Start.Format("2006-01")
	n := []string{
		fmt.Sprintf("%s: export %d days of the event data store's events (none from before 2023) into CloudWatch Logs, Infrequent Access class; run Lake and CloudWatch side by side for %d days (lake_exit_parallel_days); then stop Lake ingestion.",
			first, e.exportDays(), e.s.LakeExitParallelDays),
		"From then on: CloudWatch ingests CloudTrail events without a trail into each member account, Infrequent Access class, beside the accounts' own trails.",
	}
	if mode, retention := e.existingStore(); mode == LakeExtendable && retention > 366 {
		end := e.p.Months[0].Start.AddDate(0, 0, retention-366)
		n = append(n, fmt.Sprintf("Lake keeps what it holds until its retention ends: paid retention past 366 days until about %s.", end.Format("2006-01")))
	} else {
		n = append(n, "Lake keeps what it holds until its retention ends, within the retention its ingestion already paid.")
	}
	n = append(n, "The export's own price is unconfirmed (priced as Infrequent Access ingestion), and the event data store is taken to hold its whole retention.")
	return n
}
