package model

import "strings"

// CloudWatchLogs is the CloudWatch Logs strategy's id.
const CloudWatchLogs = "cloudwatch-logs"

// CloudTrail delivers the events to CloudWatch Logs in every account, where
// Logs Insights queries them; the organization trail may stay beside it as
// the free S3 archive.
func init() {
	register(&family{
		Family: Family{
			Strategy: Strategy{ID: CloudWatchLogs, Family: CloudWatchLogs, Name: "CloudWatch Logs", Short: "cw-logs",
				Summary: "CloudTrail events go straight to CloudWatch Logs and are queried with Logs Insights; the organization trail may stay as the free S3 archive."},
			Help: "CloudTrail events delivered to CloudWatch Logs, Logs Insights queries",
			ScenarioFields: `# Days CloudWatch Logs keeps events (cloudwatch-logs), 1 to 3653.
cloudwatch_retention_days: 365

# Keep the organization trail (the free first copy of management events, to
# S3) beside the CloudWatch Logs path (cloudwatch-logs): true or false.
keep_org_trail_archive: true
`,
		},
		order:     40,
		firstCopy: archiveFirstCopy,
		recipe: func(e *engine, b *bill, m int) {
			e.archive(b, m)
			e.cloudWatch(b, m)
		},
		notes: archiveNotes,
		queries: func(e *engine) queryScan {
			return queryScan{e.cloudWatchQuery(), "Logs Insights", func(in *inputs) float64 { return in.vol[0].EventBytes }}
		},
		trial: &trialSpec{
			rank: 2,
			metrics: func(*Scenario) []TrialMetric {
				return []TrialMetric{
					{Component: "cloudwatch.ingestion", Also: []string{"cloudwatch.delivery"}, Service: "AmazonCloudWatch", Names: []string{"DataProcessing-Bytes"},
						Unit: "GB", What: "CloudWatch Logs ingestion; CloudTrail's delivery charge is priced on the same bytes", Confirmed: true},
				}
			},
			component: func(c string) bool { return strings.HasPrefix(c, "cloudwatch.") && c != "cloudwatch.query" },
			watch: []TrialUsageType{{Service: "AmazonCloudWatch", UsageType: "TimedStorage-ByteHrs", Component: "cloudwatch.storage",
				What: "CloudWatch Logs storage (grows through the trial; not projected)", Confirmed: true}},
			notes: []string{"CloudTrail's own charge for delivering events to CloudWatch Logs has no usage type confirmed on an AWS page: the projection prices it on the ingested bytes, as AWS's estimation guide does."},
		},
	})
}

// cloudWatchQuery is the query engine of Logs Insights, with the GB it
// bills by.
func (e *engine) cloudWatchQuery() queryEngine {
	return queryEngine{name: "cloudwatch", fixedGB: e.s.QueryGBPerMonth.CloudWatch, gbBytes: e.fact("billing_gb_bytes_cloudwatch_logs")}
}

// cloudWatch prices CloudTrail events delivered to CloudWatch Logs in every
// account: delivery, ingestion, storage up to retention, Logs Insights.
func (e *engine) cloudWatch(b *bill, m int) {
	cwGB := e.fact("billing_gb_bytes_cloudwatch_logs") // the recipe AWS publishes divides by 10^9
	gb := func(in *inputs) float64 { return in.vol[m].EventBytes / cwGB }
	b.add(m, line{
		component: "cloudwatch.delivery", rate: "cloudwatch.delivery", payer: PayerMembers,
		quantity: gb, driver: "bytes",
	})
	b.add(m, line{
		component: "cloudwatch.ingestion", rate: "cloudwatch.ingestion", payer: PayerMembers,
		quantity: gb, driver: "bytes",
	})
	ratio := e.fact("cloudwatch_storage_ratio")
	retention := e.s.CloudWatchRetentionDays
	b.add(m, line{component: "cloudwatch.storage", rate: "cloudwatch.storage", payer: PayerMembers, driver: "bytes",
		quantity: func(in *inputs) float64 {
			return in.store("cloudwatch", func() []storageMonth {
				return in.simulate(func(m int) (float64, float64) { return in.vol[m].EventBytes / cwGB * ratio, 0 },
					[]tierSpan{{Name: "stored"}}, retention)
			})[m].GBMonth[0]
		}})
	q := e.cloudWatchQuery()
	scanned := e.scanned(q, func(in *inputs) float64 { return in.vol[m].EventBytes }, m)
	b.add(m, line{component: "cloudwatch.query", rate: "cloudwatch.query", payer: PayerLogArchive,
		quantity: func(in *inputs) float64 { return scanned(in) / q.gbBytes }})
}
