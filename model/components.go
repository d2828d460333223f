package model

// The shared components every strategy's recipe is made of: the CloudTrail
// events (paid copies of leftover trails, data, network and Insights
// events), the organization trail and account trails with their buckets
// (lifecycle in bucket.go), KMS with its free tier, S3 replication and
// labour. Queries are in queries.go, transfer between regions in
// transfer.go.

import (
	"fmt"
	"slices"
	"strings"
)

// trailEvents prices the CloudTrail events themselves: the paid copies of
// the leftover trails kept beside first copy fc, and data,
// network and Insights events recorded by the trail that payer owns. The
// strategy's own trail is the free first copy of management events.
func (e *engine) trailEvents(b *bill, m int, payer string, insights bool, fc firstCopy) {
	b.add(m, line{
		component: "cloudtrail.management_events_paid", rate: "cloudtrail.management_events_paid", payer: PayerMembers, qualifier: "leftover trails kept",
		quantity: func(in *inputs) float64 { return in.dup[fc][m] }, driver: copyDrivers[fc],
	})
	b.add(m, line{
		component: "cloudtrail.data_events", rate: "cloudtrail.data_events", payer: payer,
		quantity: func(in *inputs) float64 { return in.vol[m].Data }, driver: "data",
	})
	b.add(m, line{
		component: "cloudtrail.network_events", rate: "cloudtrail.network_events", payer: payer,
		quantity: func(in *inputs) float64 { return in.vol[m].Network }, driver: "network",
	})
	if !insights {
		return
	}
	if analyzed := e.insightsAnalyzed(m); analyzed != nil {
		b.add(m, line{
			component: "cloudtrail.insights", rate: "cloudtrail.insights", payer: payer, qualifier: "events analyzed",
			quantity: analyzed, driver: "management",
		})
	}
	// Insights on data events (trails only): each type analyzes every data
	// event once, so with both types every data event twice (AWS's Insights
	// cost example 4: 400,000 data events, 800,000 analyzed).
	times := map[string]float64{InsightsAPICallRate: 1, InsightsErrorRate: 1, InsightsBoth: 2}[e.s.InsightsDataEvents]
	if times > 0 {
		b.add(m, line{
			component: "cloudtrail.insights_data_events", rate: "cloudtrail.insights_data_events", payer: payer, qualifier: "data events analyzed",
			quantity: func(in *inputs) float64 { return times * in.vol[m].Data }, driver: "data",
		})
	}
}

// insightsAnalyzed is the management events Insights analyzes in month m
// (nil: Insights is off). The API call rate type analyzes write events, the
// error rate type reads and writes: with both, writes are analyzed twice
// (AWS's Insights cost example 1: 270,000 reads and 30,000 writes, 330,000
// analyzed).
func (e *engine) insightsAnalyzed(m int) quantityFn {
	switch e.s.Insights {
	case InsightsAPICallRate:
		return func(in *inputs) float64 { return in.vol[m].ManagementWrite }
	case InsightsErrorRate:
		return func(in *inputs) float64 { return in.vol[m].Management() }
	case InsightsBoth:
		return func(in *inputs) float64 { return in.vol[m].ManagementRead + 2*in.vol[m].ManagementWrite }
	}
	return nil
}

// orgTrail prices an organization trail to the central bucket.
func (e *engine) orgTrail(b *bill, m int, insights bool) {
	e.trailEvents(b, m, e.orgTrailEventsPayer(), insights, firstCopyOrgTrail)
	e.bucket(b, m, PayerLogArchive, "central bucket", e.s.CentralRetentionDays, true)
	e.kms(b, m, PayerLogArchive, func(*inputs) float64 { return 1 })
}

// orgTrailEventsPayer is who pays an organization trail's data, network and
// Insights events. AWS's documentation does not say (it bills the
// management account for the organization's invoice): the scenario's
// org_trail_events_payer chooses, and a note says it is a choice.
func (e *engine) orgTrailEventsPayer() string {
	if e.s.OrgTrailEventsPayer == PayerMembers {
		return PayerMembers
	}
	return PayerManagement
}

// archive prices what records the events beside CloudWatch Logs or
// Security Lake: the organization trail kept as the S3 archive, or, without
// it, only the CloudTrail event charges.
func (e *engine) archive(b *bill, m int) {
	if e.s.KeepOrgTrailArchive {
		e.orgTrail(b, m, true)
		return
	}
	e.trailEvents(b, m, e.orgTrailEventsPayer(), false, firstCopyNone)
}

// archiveFirstCopy is the first copy of the strategies beside which the
// organization trail may stay as the archive: it, or none.
func archiveFirstCopy(s *Scenario, _ Strategy) firstCopy {
	if !s.KeepOrgTrailArchive {
		return firstCopyNone
	}
	return firstCopyOrgTrail
}

// archiveNotes says the organization trail stays as the archive.
func archiveNotes(e *engine, _ Strategy) []string {
	if e.s.KeepOrgTrailArchive {
		return []string{"The organization trail stays as the free S3 archive (keep_org_trail_archive)."}
	}
	return nil
}

// accountTrails prices a trail and bucket in every account.
func (e *engine) accountTrails(b *bill, m int) {
	e.trailEvents(b, m, PayerMembers, true, firstCopyAccountTrails)
	e.bucket(b, m, PayerMembers, "account buckets", e.s.AccountBucketRetentionDays, true)
	e.kms(b, m, PayerMembers, func(in *inputs) float64 { return in.accounts[m] })
}

// accountTrailNotes is the note of the strategies whose first copy is each
// account's own trail.
func accountTrailNotes(*engine, Strategy) []string {
	return []string{"Management events: each account's own trail is its free first copy; the logs are stored in every account's bucket."}
}

// objects returns the log and digest files delivered in a month.
func (e *engine) objects() func(in *inputs, m int) float64 {
	digest := 0.0
	if e.s.LogFileValidation {
		digest = e.fact("digest_files_per_day")
	}
	return func(in *inputs, m int) float64 {
		v := in.vol[m]
		return v.LogFiles + digest*v.Regions
	}
}

// bucket prices a trail bucket: PUTs of every delivered file (unless the
// files arrive by replication, whose PUTs the source pays), storage by
// lifecycle tier as it accumulates up to retention, the transitions of the
// objects the lifecycle moves, and the early-deletion charges of the objects
// that leave a class before its minimum storage duration.
func (e *engine) bucket(b *bill, m int, payer, label string, retention int, delivered bool) {
	objects := e.objects()
	if delivered {
		b.add(m, line{
			component: "s3.requests", rate: "s3.put_requests", payer: payer, qualifier: "delivery, " + label,
			quantity: func(in *inputs) float64 { return objects(in, m) }, driver: "files",
		})
	}
	bs := e.bucketStorage(retention)
	for t, tier := range bs.tiers {
		b.add(m, line{
			component: "s3.storage", rate: tier.Name + "_storage", payer: payer, qualifier: label,
			quantity: func(in *inputs) float64 { return bs.quantity(in, m, t, billedGBMonths) }, driver: "stored", note: bs.note(e.in, m, t),
		})
		if t == 0 {
			continue
		}
		b.add(m, line{
			component: "s3.lifecycle_transitions", rate: strings.Replace(tier.Name, "s3.", "s3.transition_", 1), payer: payer, qualifier: label,
			quantity: func(in *inputs) float64 { return bs.quantity(in, m, t, transitions) }, driver: "files",
		})
		b.add(m, line{
			component: "s3.early_deletion", rate: tier.Name + "_storage", payer: payer, qualifier: "early deletion, " + label,
			quantity: func(in *inputs) float64 { return bs.quantity(in, m, t, earlyGBMonths) }, driver: "stored",
			note: fmt.Sprintf("the rest of the %d-day minimum storage duration", tier.MinDays),
		})
	}
}

// lifecycleTiers lists the S3 tiers the scenario's lifecycle uses, each
// with its minimum storage duration.
func (e *engine) lifecycleTiers() []tierSpan {
	l := e.s.Lifecycle
	tiers := []tierSpan{{Name: "s3.standard"}}
	for _, t := range []tierSpan{
		{Name: "s3.standard_ia", FromAge: l.StandardIADays},
		{Name: "s3.glacier_ir", FromAge: l.GlacierIRDays},
		{Name: "s3.glacier_flexible", FromAge: l.GlacierFlexibleDays},
		{Name: "s3.deep_archive", FromAge: l.DeepArchiveDays},
	} {
		if t.FromAge > 0 {
			t.MinDays = int(e.fact(minStorageFacts[t.Name]))
			tiers = append(tiers, t)
		}
	}
	return tiers
}

// kms prices SSE-KMS: the keys, and one GenerateDataKey per delivered file.
func (e *engine) kms(b *bill, m int, payer string, keys quantityFn) {
	if !e.s.SSEKMS {
		return
	}
	objects := e.objects()
	b.add(m, line{component: "kms.keys", rate: "kms.key", payer: payer, quantity: keys, driver: "accounts"})
	e.kmsRequests(b, m, payer, "GenerateDataKey per file", func(in *inputs) float64 { return objects(in, m) })
}

// kmsRequests prices KMS requests after the free tier (20,000 requests a
// month), taken once for the organization: AWS Free Tier usage is counted
// across the accounts of an organization under consolidated billing, so
// the month's first request lines use it up.
func (e *engine) kmsRequests(b *bill, m int, payer, qualifier string, q quantityFn) {
	free := e.fact("kms_free_requests_per_month")
	if b.kmsRequests == nil {
		b.kmsRequests = map[int][]quantityFn{}
	}
	before := slices.Clone(b.kmsRequests[m])
	b.kmsRequests[m] = append(b.kmsRequests[m], q)
	billed := func(in *inputs) float64 {
		used := 0.0
		for _, p := range before {
			used += p(in)
		}
		return max(q(in)-max(free-used, 0), 0)
	}
	b.add(m, line{
		component: "kms.requests", rate: "kms.requests", payer: payer, qualifier: qualifier,
		quantity: billed, driver: "files", note: fmt.Sprintf("after the free tier of %s requests a month, taken once for the organization", groupDigits(free)),
	})
}

// replication prices S3 replication from every account bucket to the
// central bucket: the replication PUTs and transfer (billed to the source
// accounts), and the central copy (billed to the log-archive account).
func (e *engine) replication(b *bill, m int) {
	objects := e.objects()
	b.add(m, line{
		component: "s3.requests", rate: "s3.put_requests", payer: PayerMembers, qualifier: "replication",
		quantity: func(in *inputs) float64 { return objects(in, m) }, driver: "files",
	})
	storedGB := func(in *inputs) float64 { return in.vol[m].StoredBytes / GiB }
	if e.s.Replication == "cross-region" {
		b.add(m, line{
			component: "s3.replication_transfer", rate: "s3.inter_region_transfer", payer: PayerMembers,
			quantity: storedGB, driver: "stored",
		})
	}
	if e.s.ReplicationTimeControl {
		b.add(m, line{
			component: "s3.replication_time_control", rate: "s3.replication_time_control", payer: PayerMembers,
			quantity: storedGB, driver: "stored",
		})
	}
	if e.s.SSEKMS {
		e.kmsRequests(b, m, PayerMembers, "replication", func(in *inputs) float64 { return 2 * objects(in, m) })
	}
	e.bucket(b, m, PayerLogArchive, "central copy", e.s.CentralRetentionDays, false)
	e.kms(b, m, PayerLogArchive, func(*inputs) float64 { return 1 })
}

// athena prices queries over the central bucket.
func (e *engine) athena(b *bill, m int) {
	e.athenaOverTrailBucket(b, m, "central bucket")
}

// labour prices the staff hours the scenario gives the strategy.
func (e *engine) labour(b *bill, m int, id string) {
	hours := e.s.OpsHours[id]
	if hours == 0 || e.s.OpsHourlyRate == 0 || b.err != nil {
		return
	}
	b.recipe.fixed[m] += hours * e.s.OpsHourlyRate
	b.months[m] = append(b.months[m], CostLine{
		Component: "ops.labour", Name: "Operational work", Payer: PayerPlatform, Unit: "hour",
		Quantity: hours, UnitPrice: e.s.OpsHourlyRate, Cost: hours * e.s.OpsHourlyRate,
		Rate: "scenario.ops_hourly_rate",
	})
}
