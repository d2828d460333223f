package model

// TrailsReplication is the account-trails-with-replication strategy's id.
const TrailsReplication = "trails-replication"

// Each account keeps its own trail and bucket, its free first copy of
// management events; S3 replication copies the logs to a central bucket,
// where Athena queries them.
func init() {
	register(&family{
		Family: Family{
			Strategy: Strategy{ID: TrailsReplication, Family: TrailsReplication, Name: "Account trails + S3 replication", Short: "replication",
				Summary: "Each account keeps its own trail and bucket; S3 replication copies the logs to a central bucket."},
			Help: "a trail and bucket per account, S3 replication to a central bucket",
			ScenarioFields: `# S3 replication from each account's bucket to the central bucket
# (trails-replication): same-region or cross-region.
replication: same-region

# S3 Replication Time Control on that replication (15-minute replication
# target, priced per GB): true or false.
replication_time_control: false
`,
		},
		order:     20,
		firstCopy: func(*Scenario, Strategy) firstCopy { return firstCopyAccountTrails },
		recipe: func(e *engine, b *bill, m int) {
			e.accountTrails(b, m)
			e.replication(b, m)
			e.athena(b, m)
		},
		notes:   accountTrailNotes,
		queries: (*engine).centralBucketQueries,
	})
}
