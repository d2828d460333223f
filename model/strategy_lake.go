package model

import "strings"

// TrailsLake is the account-trails-with-CloudTrail-Lake strategy's id.
const TrailsLake = "trails-lake"

// LakeClosedReason is why trails-lake is unavailable to an organization that
// has no event data store yet.
const LakeClosedReason = "CloudTrail Lake has been closed to new customers since 2026-05-31, and this organization has no event data store"

// Each account keeps its own trail and bucket, its free first copy of
// management events; an organization event data store collects every
// account's events, queried with Lake's SQL.
func init() {
	register(&family{
		Family: Family{
			Strategy: Strategy{ID: TrailsLake, Family: TrailsLake, Name: "Account trails + CloudTrail Lake", Short: "lake",
				Summary: "Each account keeps its own trail and bucket; an organization event data store collects every account's events."},
			Help: "a trail per account + an organization CloudTrail Lake event data store",
			ScenarioFields: `# CloudTrail Lake billing mode (trails-lake): ` + LakeExtendable + `
# (1-year extendable retention) or ` + LakeFixed + ` (7-year retention).
lake_billing_mode: ` + LakeExtendable + `

# Days the Lake event data store keeps events: 7 to 3653 with
# ` + LakeExtendable + `, 7 to 2557 with ` + LakeFixed + `.
lake_retention_days: 366

# Compare the way out of CloudTrail Lake (trails-lake/exit-to-cloudwatch):
# export the event data store's events since 2023 to CloudWatch Logs
# (Infrequent Access), run both side by side, then stop Lake ingestion:
# true or false.
lake_exit: true

# Days Lake and CloudWatch run side by side before Lake ingestion stops,
# 1 to 366 (AWS advises at least one).
lake_exit_parallel_days: 7
`,
		},
		order:     30,
		firstCopy: func(*Scenario, Strategy) firstCopy { return firstCopyAccountTrails },
		variants:  lakeVariants,
		recipe: func(e *engine, b *bill, m int) {
			if b.st.Variant == LakeExit {
				e.lakeExit(b, m)
				return
			}
			e.accountTrails(b, m)
			e.lake(b, m)
		},
		gate: func(e *engine, _ Strategy) string {
			if len(e.d.EventDataStores) == 0 {
				return LakeClosedReason
			}
			return ""
		},
		notes: func(e *engine, st Strategy) []string {
			if st.Variant == LakeExit {
				return append(accountTrailNotes(e, st), lakeExitNotes(e)...)
			}
			return accountTrailNotes(e, st)
		},
		queries: func(e *engine, st Strategy) queryScan {
			if st.Variant == LakeExit {
				return queryScan{e.cloudWatchQuery(), "Logs Insights", func(in *inputs) float64 { return cloudWatchBytes(RouteTelemetryIA, in.vol[0]) }}
			}
			ratio := e.fact("lake_compression_ratio")
			return queryScan{e.lakeQuery(), "CloudTrail Lake", func(in *inputs) float64 { return in.vol[0].EventBytes / ratio }}
		},
		trial: &trialSpec{
			rank: 3,
			metrics: func(s *Scenario, _ string) []TrialMetric {
				name := "Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs"
				if s.LakeBillingMode == LakeFixed {
					name = "Ingestion-Bytes"
				}
				return []TrialMetric{
					{Component: "lake.ingestion", Service: "AWS CloudTrail", Names: []string{name},
						Unit: "GB", What: "CloudTrail Lake ingestion (billed to the event data store's owner)", Confirmed: true},
				}
			},
			component: func(c string) bool { return strings.HasPrefix(c, "lake.") && c != "lake.query" },
			rate: func(s *Scenario, component string) string {
				if component != "lake.ingestion" {
					return component
				}
				if s.LakeBillingMode == LakeFixed {
					return "lake.ingestion_fixed"
				}
				return "lake.ingestion_extendable"
			},
			refuse: func(d *Dataset) string {
				if len(d.EventDataStores) == 0 {
					return LakeClosedReason + "; a trial would need a new event data store"
				}
				return ""
			},
			notes: []string{"CloudTrail Lake bills the event data store's owner, so Cost Explorer's linked account is the owner, not the trial account: run the trial on an event data store of its own, selecting the trial accounts, and export its usage per day."},
		},
	})
}

// lakeVariants is trails-lake, and its way out to CloudWatch when the
// scenario compares it.
func lakeVariants(f *family, s *Scenario) []Strategy {
	out := []Strategy{f.Strategy}
	if s.LakeExit {
		st := f.Strategy
		st.ID, st.Variant, st.Short = TrailsLake+"/"+LakeExit, LakeExit, "lake-exit"
		st.Name = "Account trails + CloudTrail Lake, moving to CloudWatch Logs"
		st.Summary = "The way out of CloudTrail Lake: export its events to CloudWatch Logs (Infrequent Access), run both side by side, stop Lake ingestion; Lake keeps what it holds until its retention ends."
		out = append(out, st)
	}
	return out
}

// lakePayer is the role of the account that owns the event data store.
func (e *engine) lakePayer() string {
	for _, eds := range e.d.EventDataStores {
		if eds.Account == e.s.LogArchiveAccount && eds.Account != e.d.Organization.ManagementAccount {
			return PayerLogArchive
		}
	}
	return PayerManagement
}

// lakeQuery is the query engine of CloudTrail Lake, with the GB it bills by.
func (e *engine) lakeQuery() queryEngine {
	return queryEngine{name: "lake", fixedGB: e.s.QueryGBPerMonth.Lake, gbBytes: e.fact("billing_gb_bytes_cloudtrail_lake")}
}

// lake prices an organization event data store: ingestion of the recorded
// events' uncompressed bytes, paid retention past the included 366 days
// (extendable mode), and queries.
func (e *engine) lake(b *bill, m int) {
	payer := e.lakePayer()
	lakeGB := e.fact("billing_gb_bytes_cloudtrail_lake")
	gb := func(in *inputs) float64 { return in.vol[m].EventBytes / lakeGB }
	if e.s.LakeBillingMode == LakeFixed {
		b.add(m, line{component: "lake.ingestion", rate: "lake.ingestion_fixed", payer: payer, quantity: gb})
	} else {
		b.add(m, line{component: "lake.ingestion", rate: "lake.ingestion_extendable", payer: payer, quantity: gb})
		if e.s.LakeRetentionDays > 366 {
			ratio := e.fact("lake_compression_ratio")
			retention := e.s.LakeRetentionDays
			b.add(m, line{component: "lake.retention", rate: "lake.retention_extendable", payer: payer, note: "compressed size",
				quantity: func(in *inputs) float64 {
					return in.store("lake", func() []storageMonth {
						return in.simulate(func(m int) (float64, float64) { return in.vol[m].EventBytes / lakeGB / ratio, 0 },
							[]tierSpan{{Name: "included"}, {Name: "paid", FromAge: 366}}, retention)
					})[m].GBMonth[1]
				}})
		}
	}
	// Insights on the event data store is billed apart from the trails'
	// (AWS's Insights cost example 3: the same 620,000 events analyzed for
	// the trail and for the event data store).
	if analyzed := e.insightsAnalyzed(m); analyzed != nil && e.s.InsightsEventDataStore {
		b.add(m, line{
			component: "cloudtrail.insights", rate: "cloudtrail.insights", payer: payer, qualifier: "event data store",
			quantity: analyzed,
		})
	}
	q := e.lakeQuery()
	ratio := e.fact("lake_compression_ratio")
	scanned := e.scanned(q, func(in *inputs) float64 { return in.vol[m].EventBytes / ratio }, m)
	b.add(m, line{component: "lake.query", rate: "lake.query", payer: payer, note: "compressed data scanned",
		quantity: func(in *inputs) float64 { return scanned(in) / q.gbBytes }})
}
