package model

import "strings"

// SecurityLake is the Amazon Security Lake strategy's id.
const SecurityLake = "security-lake"

// An organization trail (or, without the archive, CloudTrail itself)
// feeds Amazon Security Lake, which normalizes the events to OCSF Parquet
// in a roll-up region, queried with Athena.
func init() {
	register(&family{
		Family: Family{
			Strategy: Strategy{ID: SecurityLake, Family: SecurityLake, Name: "Amazon Security Lake", Short: "sec-lake",
				Summary: "An organization trail feeds Security Lake, which stores the events as OCSF Parquet."},
			Help: "Amazon Security Lake (OCSF Parquet) fed by an organization trail",
			ScenarioFields: `# Amazon Security Lake (security-lake).
security_lake:
  # CloudTrail sources collected: one or both of cloudtrail-management,
  # cloudtrail-data.
  sources:
    - cloudtrail-management
  # GB a month of raw logs from other sources (VPC Flow Logs, Route 53,
  # Security Hub...), priced at the "other logs" tiers; zero or more.
  other_sources_gb_per_month: 0
  # Region that receives every region's data: an AWS region like us-east-1.
  # Default: the pricing region above.
  # rollup_region: us-east-1
  # Days Security Lake keeps data, 1 to 3653.
  retention_days: 365
`,
		},
		order:     50,
		firstCopy: archiveFirstCopy,
		recipe: func(e *engine, b *bill, m int) {
			e.archive(b, m)
			e.securityLake(b, m)
		},
		notes: archiveNotes,
		queries: func(e *engine, st Strategy) queryScan {
			parquet := e.fact("parquet_size_ratio")
			return queryScan{e.securityLakeQuery(), "Athena over Security Lake", func(in *inputs) float64 {
				g, d := e.securityLakeRaw(in, 0, false)
				return (g + d + e.s.SecurityLake.OtherSourcesGBPerMonth) * parquet * GiB
			}}
		},
		trial: &trialSpec{
			rank: 1,
			metrics: func(*Scenario, string) []TrialMetric {
				return []TrialMetric{
					{Component: "securitylake.ingestion", Service: "Amazon Security Lake", Names: []string{"FreeCloudTrailEvents-Bytes", "PaidCloudTrailEvents-Bytes"},
						Unit: "GB", What: "CloudTrail events ingested", Confirmed: true},
					{Component: "securitylake.normalization", Service: "Amazon Security Lake", Names: []string{"FreeNormalization-Bytes", "PaidNormalization-Bytes"},
						Unit: "GB", What: "bytes normalized to OCSF", Confirmed: true},
				}
			},
			component: func(c string) bool {
				return strings.HasPrefix(c, "securitylake.") && c != "securitylake.query" || c == "s3.replication_transfer"
			},
			freeTrialFact:  "securitylake_free_trial_days",
			freeComponents: []string{"securitylake.ingestion", "securitylake.normalization"},
			daily:          securityLakeDaily,
			rate: func(_ *Scenario, component string) string {
				if component == "securitylake.ingestion" {
					return "securitylake.cloudtrail_ingestion"
				}
				return component
			},
		},
	})
}

// securityLakeEvents is the events of v Security Lake collects, by the
// scenario's CloudTrail sources (0 for a source it does not collect).
func (s *Scenario) securityLakeEvents(v Volume) (mgmt, data float64) {
	if contains(s.SecurityLake.Sources, "cloudtrail-management") {
		mgmt = v.Management()
	}
	if contains(s.SecurityLake.Sources, "cloudtrail-data") {
		data = v.Data
	}
	return mgmt, data
}

// securityLakeDaily is an account's daily GB Security Lake ingests from a
// day's (or a mean day's) volume: the bytes of the sources it collects.
func securityLakeDaily(s *Scenario, v Volume) float64 {
	ev := v.Events()
	if ev == 0 {
		return 0
	}
	mgmt, data := s.securityLakeEvents(v)
	kept := 0.0
	kept += mgmt
	kept += data
	return v.EventBytes * kept / ev / GiB
}

// securityLakeRaw is the raw CloudTrail GB Security Lake ingests in month
// m: from every region, or (away) from the regions other than the roll-up.
func (e *engine) securityLakeRaw(in *inputs, m int, away bool) (mgmt, data float64) {
	v := in.vol[m]
	if away {
		v = in.away[m]
	}
	perEvent := 0.0
	if ev := v.Events(); ev > 0 {
		perEvent = v.EventBytes / ev
	}
	mgmtEvents, dataEvents := e.s.securityLakeEvents(v)
	return mgmtEvents * perEvent / GiB, dataEvents * perEvent / GiB
}

// securityLakeQuery is the query engine over Security Lake's tables, with
// the GB it bills by.
func (e *engine) securityLakeQuery() queryEngine {
	return queryEngine{name: "security_lake", fixedGB: e.s.QueryGBPerMonth.SecurityLake, gbBytes: GiB}
}

// securityLake prices Amazon Security Lake: ingestion and normalization
// (billed to the accounts the logs came from), OCSF Parquet storage in the
// roll-up region, roll-up transfer, the services behind it, and Athena.
func (e *engine) securityLake(b *bill, m int) {
	other := e.s.SecurityLake.OtherSourcesGBPerMonth
	mgmt := func(in *inputs) float64 { g, _ := e.securityLakeRaw(in, m, false); return g }
	data := func(in *inputs) float64 { _, g := e.securityLakeRaw(in, m, false); return g }
	all := func(in *inputs) float64 { g, d := e.securityLakeRaw(in, m, false); return g + d + other }
	// CloudTrail management events have their own rate; S3 and Lambda data
	// events are billed with the other AWS logs, on the same monthly tiers
	// (the pricing page lists them among the other logs; secondary sources
	// agree).
	b.add(m, line{component: "securitylake.ingestion", rate: "securitylake.cloudtrail_ingestion", payer: PayerMembers,
		qualifier: "CloudTrail management events", quantity: mgmt, driver: "bytes"})
	b.add(m, line{component: "securitylake.ingestion", rate: "securitylake.other_logs_ingestion", payer: PayerMembers,
		qualifier: "CloudTrail data events and other sources", quantity: func(in *inputs) float64 { return data(in) + other }, driver: "bytes"})
	b.add(m, line{
		component: "securitylake.normalization", rate: "securitylake.normalization", payer: PayerMembers,
		quantity: all, driver: "bytes",
	})
	parquet := e.fact("parquet_size_ratio")
	retention := e.s.SecurityLake.RetentionDays
	b.add(m, line{component: "securitylake.storage", rate: "s3.standard_storage", payer: PayerLogArchive, qualifier: "OCSF Parquet in the roll-up region",
		quantity: func(in *inputs) float64 {
			return in.store("securitylake", func() []storageMonth {
				return in.simulate(func(m int) (float64, float64) {
					mg, da := e.securityLakeRaw(in, m, false)
					return (mg + da + other) * parquet, 0
				}, []tierSpan{{Name: "stored"}}, retention)
			})[m].GBMonth[0]
		}})
	e.rollupTransfer(b, m, func(in *inputs) float64 {
		om, od := e.securityLakeRaw(in, m, true)
		return (om + od) * parquet
	})
	b.add(m, line{
		component: "securitylake.other_services", rate: "securitylake.other_services", payer: PayerLogArchive,
		quantity: all,
	})
	q := e.securityLakeQuery()
	scannedSL := e.scanned(q, func(in *inputs) float64 {
		g, d := e.securityLakeRaw(in, m, false)
		return (g + d + other) * parquet * GiB
	}, m)
	minBytes := e.fact("athena_min_query_bytes")
	queries := e.s.QueriesPerMonth
	b.add(m, line{component: "athena.query", rate: "athena.query", payer: PayerLogArchive, qualifier: "Security Lake tables",
		quantity: func(in *inputs) float64 { return athenaBilled(scannedSL(in), queries, minBytes) / GiB }})
}
