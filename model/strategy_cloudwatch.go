package model

import (
	"fmt"
	"strings"
)

// CloudWatchLogs is the CloudWatch Logs strategy's id.
const CloudWatchLogs = "cloudwatch-logs"

// CloudWatch routes: how CloudTrail events reach CloudWatch Logs.
const (
	// RouteTelemetry is CloudWatch ingesting CloudTrail events with no
	// trail (telemetry enablement rules for AWS::CloudTrail), into log
	// groups in every member account, Standard log class: CloudTrail's
	// delivery charge plus ingestion (AWS's cost recipe: 0.25 + 0.50 a GB).
	RouteTelemetry = "telemetry-rules"
	// RouteTelemetryIA is the same into the Infrequent Access log class:
	// half the ingestion price, fewer Logs Insights commands, no change of
	// class once a log group exists.
	RouteTelemetryIA = "infrequent-access"
	// RouteTrailDelivery is a trail (an organization trail can) delivering
	// to one log group in its own account: "standard usage charges" of
	// CloudWatch Logs apply (CloudTrail pricing), no delivery charge.
	RouteTrailDelivery = "trail-delivery"
)

// CloudWatchRoutes lists the routes in display order.
var CloudWatchRoutes = []string{RouteTelemetry, RouteTelemetryIA, RouteTrailDelivery}

var cloudWatchRouteNames = map[string]variantLabel{
	RouteTelemetry:     {"CloudTrail events ingested without a trail, Standard class", "cw-logs"},
	RouteTelemetryIA:   {"CloudTrail events ingested without a trail, Infrequent Access class", "cw-ia"},
	RouteTrailDelivery: {"the organization trail delivering to one log group", "cw-trail"},
}

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

# CloudWatch routes compared (cloudwatch-logs): one or more of
# telemetry-rules (CloudTrail events ingested into each member account with
# no trail, Standard class), infrequent-access (the same, Infrequent Access
# class) and trail-delivery (the organization trail delivering to one log
# group in the management account).
cloudwatch_routes:
  - telemetry-rules
  - infrequent-access
  - trail-delivery

# Copies of every account's events that CloudWatch cross-account
# centralization keeps in a central account, 0 to 5: the first comes with no
# extra ingestion charge, each further one (a backup region) is billed per
# GB; every copy is stored.
cloudwatch_central_copies: 0

# Keep the organization trail (the free first copy of management events, to
# S3) beside the CloudWatch Logs path (cloudwatch-logs): true or false.
keep_org_trail_archive: true
`,
		},
		order: 40,
		firstCopy: func(s *Scenario, st Strategy) firstCopy {
			if st.Variant == RouteTrailDelivery { // the trail that delivers is the first copy
				return firstCopyOrgTrail
			}
			return archiveFirstCopy(s, st)
		},
		variants: cloudWatchVariants,
		recipe: func(e *engine, b *bill, m int) {
			if b.st.Variant == RouteTrailDelivery {
				e.orgTrail(b, m, true)
			} else {
				e.archive(b, m)
			}
			e.cloudWatch(b, m, b.st.Variant)
		},
		notes: cloudWatchNotes,
		queries: func(e *engine, st Strategy) queryScan {
			return queryScan{e.cloudWatchQuery(), "Logs Insights", func(in *inputs) float64 { return in.vol[0].EventBytes }}
		},
		trial: &trialSpec{
			rank:      2,
			metrics:   cloudWatchTrialMetrics,
			variants:  []string{RouteTelemetryIA, RouteTrailDelivery},
			component: func(c string) bool { return strings.HasPrefix(c, "cloudwatch.") && c != "cloudwatch.query" },
			watch: []TrialUsageType{
				{Service: "AmazonCloudWatch", UsageType: "TimedStorage-ByteHrs", Component: "cloudwatch.storage",
					What: "CloudWatch Logs storage (grows through the trial; not projected)", Confirmed: true},
				{Service: "AmazonCloudWatch", UsageType: "DataScanned-Bytes", Component: "cloudwatch.query",
					What: "Logs Insights data scanned (a choice, not projected)", Confirmed: true},
			},
			notes: []string{
				"CloudTrail's own charge for delivering events to CloudWatch Logs has no usage type confirmed on an AWS page: the projection prices it on the ingested bytes, as AWS's estimation guide does.",
				"Each route bills ingestion under usage types of its own: cloudwatch-logs (Standard class) DataProcessing-Bytes, cloudwatch-logs/infrequent-access DataProcessingIA-Bytes, cloudwatch-logs/trail-delivery DataProcessing-Bytes; VendedLog-Bytes and VendedLogIA-Bytes count too, in case CloudWatch bills CloudTrail's events as vended logs (unconfirmed). Trial the route you mean to adopt (--strategy cloudwatch-logs/infrequent-access).",
				"CloudWatch Logs' free tier (the first 5 GB of log data ingested and 5 GB-month stored a month, as AWS's bill words it) shows under Global- usage types; the projection prices at list price, free tier not deducted. Whether it covers Infrequent Access or vended ingestion is not confirmed.",
			},
		},
	})
}

// cloudWatchTrialMetrics are what a trial of a route measures: ingestion
// under the route's usage types (CloudWatch billing doc, "Analyzing,
// optimizing, and reducing CloudWatch costs": DataProcessing-Bytes and
// DataProcessingIA-Bytes collect into the Standard and Infrequent Access
// classes, VendedLog-Bytes and VendedLogIA-Bytes deliver vended logs into
// them), priced at the route's rate (the engine's ingestion line), with
// CloudTrail's delivery charge on the same bytes where the route pays it.
func cloudWatchTrialMetrics(_ *Scenario, route string) []TrialMetric {
	names, what := []string{"DataProcessing-Bytes", "VendedLog-Bytes"}, "CloudWatch Logs ingestion, Standard class"
	also := []string{"cloudwatch.delivery"}
	switch route {
	case RouteTelemetryIA:
		names, what = []string{"DataProcessingIA-Bytes", "VendedLogIA-Bytes"}, "CloudWatch Logs ingestion, Infrequent Access class"
	case RouteTrailDelivery:
		// a trail writes with PutLogEvents: custom logs, no delivery charge
		names, also = []string{"DataProcessing-Bytes"}, nil
	}
	if also != nil {
		what += "; CloudTrail's delivery charge is priced on the same bytes"
	}
	return []TrialMetric{{Component: "cloudwatch.ingestion", Also: also, Service: "AmazonCloudWatch", Names: names, Unit: "GB", What: what, Confirmed: true}}
}

// cloudWatchQuery is the query engine of Logs Insights, with the GB it
// bills by.
func (e *engine) cloudWatchQuery() queryEngine {
	return queryEngine{name: "cloudwatch", fixedGB: e.s.QueryGBPerMonth.CloudWatch, gbBytes: e.fact("billing_gb_bytes_cloudwatch_logs")}
}

// cloudWatchVariants expands cloudwatch-logs into the routes the scenario
// compares: telemetry-rules keeps the plain id, the others are
// cloudwatch-logs/<route>.
func cloudWatchVariants(f *family, s *Scenario) []Strategy {
	return expandVariants(f, CloudWatchRoutes, s.CloudWatchRoutes, cloudWatchRouteNames)
}

// cloudWatchRates are one route's rates and who pays them.
type cloudWatchRates struct {
	delivery, ingestion, storage, query string // rate ids; delivery "" for none
	payer, driver                       string
}

func cloudWatchRatesOf(route string) cloudWatchRates {
	switch route {
	case RouteTelemetryIA:
		return cloudWatchRates{"cloudwatch.delivery", "cloudwatch.ingestion_ia", "cloudwatch.storage_ia", "cloudwatch.query_ia", PayerMembers, "bytes"}
	case RouteTrailDelivery:
		return cloudWatchRates{"", "cloudwatch.ingestion", "cloudwatch.storage", "cloudwatch.query", PayerManagement, ""}
	}
	return cloudWatchRates{"cloudwatch.delivery", "cloudwatch.ingestion", "cloudwatch.storage", "cloudwatch.query", PayerMembers, "bytes"}
}

// cloudWatchBytes is the month's bytes a route ingests: a trail delivers
// every event it records; CloudWatch's own ingestion takes management and
// data events only (network activity and Insights events are not among
// what its rules for AWS::CloudTrail collect).
func cloudWatchBytes(route string, v Volume) float64 {
	if route == RouteTrailDelivery {
		return v.EventBytes
	}
	if ev := v.Events(); ev > 0 {
		return v.EventBytes * (v.Management() + v.Data) / ev
	}
	return 0
}

// cloudWatch prices CloudTrail events in CloudWatch Logs on one route:
// delivery, ingestion, storage up to retention, centralized copies and
// Logs Insights.
func (e *engine) cloudWatch(b *bill, m int, route string) {
	r := cloudWatchRatesOf(route)
	cwGB := e.fact("billing_gb_bytes_cloudwatch_logs") // the recipe AWS publishes divides by 10^9
	gb := func(in *inputs) float64 { return cloudWatchBytes(route, in.vol[m]) / cwGB }
	if r.delivery != "" {
		b.add(m, line{component: "cloudwatch.delivery", rate: r.delivery, payer: r.payer, quantity: gb, driver: r.driver,
			note: map[bool]string{true: "whether CloudTrail's delivery charge applies to the Infrequent Access class is unconfirmed"}[route == RouteTelemetryIA]})
	}
	b.add(m, line{component: "cloudwatch.ingestion", rate: r.ingestion, payer: r.payer, quantity: gb, driver: r.driver})
	copies := float64(e.s.CloudWatchCentralCopies)
	if copies > 1 {
		b.add(m, line{component: "cloudwatch.centralization", rate: "cloudwatch.centralization_copy", payer: PayerLogArchive, qualifier: "copies past the first",
			quantity: func(in *inputs) float64 { return (copies - 1) * gb(in) }})
	}
	ratio := e.fact("cloudwatch_storage_ratio")
	retention := e.s.CloudWatchRetentionDays
	stored := func(in *inputs) float64 {
		return in.store("cloudwatch:"+route, func() []storageMonth {
			return in.simulate(func(m int) (float64, float64) { return cloudWatchBytes(route, in.vol[m]) / cwGB * ratio, 0 },
				[]tierSpan{{Name: "stored"}}, retention)
		})[m].GBMonth[0]
	}
	b.add(m, line{component: "cloudwatch.storage", rate: r.storage, payer: r.payer, driver: r.driver, quantity: stored})
	if copies > 0 {
		b.add(m, line{component: "cloudwatch.storage", rate: r.storage, payer: PayerLogArchive, qualifier: fmt.Sprintf("%d central copies", int(copies)),
			quantity: func(in *inputs) float64 { return copies * stored(in) }})
	}
	q := e.cloudWatchQuery()
	scanned := e.scanned(q, func(in *inputs) float64 { return cloudWatchBytes(route, in.vol[m]) }, m)
	b.add(m, line{component: "cloudwatch.query", rate: r.query, payer: PayerLogArchive,
		quantity: func(in *inputs) float64 { return scanned(in) / q.gbBytes }})
}

// cloudWatchNotes say what each route rests on.
func cloudWatchNotes(e *engine, st Strategy) []string {
	n := archiveNotes(e, st)
	switch st.Variant {
	case RouteTrailDelivery:
		n = []string{"The organization trail delivers every account's events to one log group in the management account: CloudWatch Logs' standard charges, no CloudTrail delivery charge (CloudTrail pricing); it is also the free first copy and the S3 archive."}
	case RouteTelemetryIA:
		n = append(n, "Infrequent Access: half the ingestion price; Logs Insights without pattern, diff, filterIndex and unmask; the class cannot change once a log group exists.")
	}
	if st.Variant != RouteTrailDelivery {
		n = append(n, "CloudWatch ingests management and data events into each member account's log groups (aws/cloudtrail/managementevents, aws/cloudtrail/dataevents); network activity and Insights events are not collected this way.")
	}
	n = append(n, "Ingestion is priced flat, as AWS's cost recipe does; whether CloudTrail events bill on the vended-log volume tiers is unconfirmed.")
	if r := telemetryRulesNote(e.d); r != "" && st.Variant != RouteTrailDelivery {
		n = append(n, r)
	}
	return n
}

// telemetryRulesNote says when the dataset shows CloudWatch already
// ingesting CloudTrail events through telemetry rules, or "".
func telemetryRulesNote(d *Dataset) string {
	org := 0
	for _, r := range d.TelemetryRules {
		if r.Organization {
			org++
		}
	}
	if len(d.TelemetryRules) == 0 {
		return ""
	}
	return fmt.Sprintf("The dataset shows %d CloudWatch telemetry rule(s) for CloudTrail events (%d of the organization): CloudWatch already ingests the events they select, so part of this route's delivery and ingestion is already being paid, beside the measured trails.", len(d.TelemetryRules), org)
}
