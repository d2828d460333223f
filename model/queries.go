package model

import (
	"fmt"
	"math"
)

// Queries. Every strategy is queried: Athena over the trail bucket (or
// Security Lake's tables), CloudTrail Lake SQL, CloudWatch Logs Insights.
// What a month of queries scans is the scenario's query_gb_per_month for an
// engine when set; otherwise it scales with what the organization records:
// queries_per_month queries, each over query_days_scanned days of every
// account's events, in the form that engine reads (gzip JSON for Athena on
// the trail bucket, Parquet for Security Lake, compressed for Lake,
// uncompressed for Logs Insights).

// Query defaults: a query a day, each over the last week.
const (
	DefaultQueriesPerMonth  = 30
	DefaultQueryDaysScanned = 7
)

// queryEngine is one query engine's scan: the scenario's monthly GB, or
// the scaled default from the month's daily bytes in the engine's form.
type queryEngine struct {
	name    string   // the scenario key under query_gb_per_month
	fixedGB *float64 // the scenario's value; nil scales
	gbBytes float64  // bytes per GB the engine bills
}

// scanned is the bytes a month of queries scans, from the month's bytes
// in the engine's form (bytes over the whole month m).
func (e *engine) scanned(q queryEngine, monthBytes func(in *inputs) float64, m int) quantityFn {
	if q.fixedGB != nil {
		gb := *q.fixedGB
		return func(*inputs) float64 { return gb * q.gbBytes }
	}
	share := float64(e.s.QueryDaysScanned) * float64(e.s.QueriesPerMonth)
	return func(in *inputs) float64 {
		return monthBytes(in) / float64(in.days[m]) * share
	}
}

// athenaBilled is the bytes Athena bills for a month's scan: each query
// rounded up to the next MB, at least the minimum per query (Athena
// pricing: "rounded up to the nearest megabyte, with a 10 MB minimum per
// query").
func athenaBilled(scannedBytes float64, queries int, minBytes float64) float64 {
	if queries <= 0 || scannedBytes <= 0 {
		return 0
	}
	const mb = 1 << 20
	perQuery := math.Ceil(scannedBytes/float64(queries)/mb) * mb
	return float64(queries) * math.Max(perQuery, minBytes)
}

// athenaOverTrailBucket prices Athena over a trail bucket: the data
// scanned (billed per TB with the per-query minimum) and the S3 GET of
// every log file a query reads, billed to the bucket's owner.
func (e *engine) athenaOverTrailBucket(b *bill, m int, label string) {
	q := queryEngine{name: "athena", fixedGB: e.s.QueryGBPerMonth.Athena, gbBytes: GiB}
	scanned := e.scanned(q, func(in *inputs) float64 { return in.vol[m].StoredBytes }, m)
	minBytes := e.fact("athena_min_query_bytes")
	queries := e.s.QueriesPerMonth
	b.add(m, line{component: "athena.query", rate: "athena.query", payer: PayerLogArchive, qualifier: label, quantity: func(in *inputs) float64 {
		return athenaBilled(scanned(in), queries, minBytes) / GiB
	}})
	b.add(m, line{component: "s3.requests", rate: "s3.get_requests", payer: PayerLogArchive, qualifier: "Athena reads, " + label, quantity: func(in *inputs) float64 {
		v := in.vol[m]
		if v.LogFiles == 0 || v.StoredBytes == 0 {
			return 0
		}
		return math.Ceil(scanned(in) / (v.StoredBytes / v.LogFiles)) // one GET per log file read
	}})
}

// queryNote says how much the queries scan and where the figure comes from.
func (e *engine) queryNote(q queryEngine, what string, scanned quantityFn) string {
	gb := scanned(e.in) / q.gbBytes
	if q.fixedGB != nil {
		return fmt.Sprintf("Queries (%s): %s GB scanned a month, as query_gb_per_month.%s sets.", what, groupDigits(math.Round(gb)), q.name)
	}
	return fmt.Sprintf("Queries (%s): %d a month, each over %d days of every account's events: %s GB scanned in the first month, growing with volume (set query_gb_per_month.%s to fix it).",
		what, e.s.QueriesPerMonth, e.s.QueryDaysScanned, fmt.Sprintf("%.2f", gb), q.name)
}

// centralBucketQueries is Athena over the central bucket's logs.
func (e *engine) centralBucketQueries(Strategy) queryScan {
	return queryScan{queryEngine{name: "athena", fixedGB: e.s.QueryGBPerMonth.Athena, gbBytes: GiB}, "Athena over the central bucket",
		func(in *inputs) float64 { return in.vol[0].StoredBytes }}
}

// queryNotes says what a strategy's queries scan: an assumption shown in
// every output.
func (e *engine) queryNotes(f *family, st Strategy) []string {
	if f.queries == nil {
		return nil
	}
	q := f.queries(e, st)
	if len(e.p.Months) == 0 {
		return nil
	}
	return []string{e.queryNote(q.engine, q.what, e.scanned(q.engine, q.month, 0))}
}
