package input

import (
	"strings"

	"github.com/trailwise/trailwise/model"
)

// ScenarioTemplate is the annotated scenario file that `trailwise scenario
// init` writes: every field with its default value and what it means. The
// fields whose default depends on the dataset are written commented out,
// with the rule that fills them. Loading it gives model.DefaultScenario().
func ScenarioTemplate() string {
	filled := strings.NewReplacer(
		"{schema}", model.ScenarioSchema,
		"{strategies}", strings.Join(model.StrategyIDs(), ", "),
	).Replace(withStrategyFields(scenarioTemplate, model.Families()))
	return wrapComments(filled, 78)
}

// withStrategyFields puts each strategy family's own fields where the
// template has "{fields <id>}", and those of a family it does not name
// before the staff hours.
func withStrategyFields(text string, families []model.Family) string {
	for _, f := range families {
		mark := "{fields " + f.ID + "}\n"
		if !strings.Contains(text, mark) {
			if f.ScenarioFields == "" {
				continue
			}
			mark = "{fields}\n"
			text = strings.Replace(text, mark, f.ScenarioFields+"\n"+mark, 1)
			continue
		}
		text = strings.Replace(text, mark, f.ScenarioFields, 1)
	}
	return strings.Replace(text, "{fields}\n", "", 1)
}

// wrapComments breaks comment lines longer than width at spaces, keeping
// their indentation and "# ".
func wrapComments(text string, width int) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		body := strings.TrimLeft(line, " ")
		prefix := line[:len(line)-len(body)] + "# "
		if len(line) <= width || !strings.HasPrefix(body, "# ") {
			out = append(out, line)
			continue
		}
		cur := prefix
		for _, word := range strings.Fields(body[2:]) {
			if len(cur) > len(prefix) && len(cur)+1+len(word) > width {
				out = append(out, cur)
				cur = prefix
			}
			if len(cur) > len(prefix) {
				cur += " "
			}
			cur += word
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}

const scenarioTemplate = `# trailwise scenario: the assumptions every strategy is priced on.
#
# Each field shows its default; a field left out keeps it. The fields written
# "# name: value" default to what the measured dataset shows: remove the "# "
# to set them. Sizes are in GB of 2^30 bytes; money is in USD.

schema: {schema}

# Pricing region: the price book used for every cost line. An AWS region like
# us-east-1.
region: us-east-1

# First projected month, as "YYYY-MM".
# Default: the month after the dataset's period.
# start_month: "2027-01"

# Number of months projected, from 1 to 120.
horizon_months: 12

# Account that owns the central bucket: a 12-digit account id, quoted.
# Default: the account whose name contains "Log Archive", else the management
# account.
# log_archive_account: "123456789012"

# Days the central bucket keeps log files before they expire, 1 to 3653.
central_retention_days: 365

# Days each account's own trail bucket keeps log files (strategies with
# per-account trails), 1 to 3653.
account_bucket_retention_days: 90

# S3 lifecycle of the trail buckets: the age in days at which log files move
# to each storage class; 0 leaves a class out. Classes in use must come in
# this order, each at more days than the one before. An object that leaves a
# class (moved on, or expired at retention) before the class's minimum
# storage duration (Standard-IA 30 days, Glacier IR and Flexible Retrieval
# 90, Deep Archive 180) is billed the rest: estimate warns of such settings.
lifecycle:
  # S3 Standard-IA: 0, or 30 to 3653 days.
  standard_ia_days: 0
  # S3 Glacier Instant Retrieval: 0, or 30 to 3653 days.
  glacier_ir_days: 0
  # S3 Glacier Flexible Retrieval: 0, or 1 to 3653 days.
  glacier_flexible_days: 0
  # S3 Glacier Deep Archive: 0, or 1 to 3653 days.
  deep_archive_days: 0
  # Which objects may move, by size (S3's TransitionDefaultMinimumObjectSize):
  # all_storage_classes_128K (S3's default since September 2024): objects
  # under 128 KB move to no class; varies_by_storage_class: they may move to
  # Glacier Flexible Retrieval and Deep Archive only. CloudTrail log files are
  # almost all under 128 KB, so by default a lifecycle moves nearly nothing.
  transition_default_minimum_object_size: all_storage_classes_128K
  # The rule's size filter, in bytes (S3's ObjectSizeGreaterThan and
  # ObjectSizeLessThan; 0: none): only objects in the range move, whatever
  # the default above says. 1 lets every log file move; IA and Glacier IR
  # then bill each one at 128 KB at least.
  object_size_greater_than: 0
  # Upper bound of the size filter in bytes, above object_size_greater_than;
  # 0: none.
  object_size_less_than: 0

# Encrypt log files with SSE-KMS (adds KMS keys and requests): true or false.
sse_kms: false

# CloudTrail log file validation: hourly digest files in every trail bucket.
# true or false.
log_file_validation: true

{fields trails-replication}

{fields trails-lake}

{fields cloudwatch-logs}

# Queries a month, per query engine (a query a day by default), 0 to
# 1,000,000. Athena bills at least 10 MB a query and reads each log file
# with an S3 GET.
queries_per_month: 30

# The days of every account's events each query scans, 1 to 3653 (the last
# week by default). What the queries scan grows with the organization's
# volume, in the form each engine reads: gzip logs for Athena over the trail
# bucket, Parquet for Security Lake, compressed events for CloudTrail Lake,
# ingested events for Logs Insights.
query_days_scanned: 7

# GB scanned by queries each month, per query engine, to fix it instead;
# zero or more, or null (the default) to scale as above.
query_gb_per_month:
  # Athena over the trail buckets.
  athena: null
  # CloudTrail Lake queries.
  lake: null
  # CloudWatch Logs Insights queries.
  cloudwatch: null
  # Queries over Security Lake's tables.
  security_lake: null

# Record the data events the dataset measured: true or false.
# Default: true when the dataset has any data events.
# record_data_events: true

# CloudTrail Insights on management events: none, api-call-rate,
# api-error-rate or both.
insights: none

# Which CloudTrail Insights types analyze data events, on trails: none,
# api-call-rate, api-error-rate or both (each type analyzes every data event
# once, so both analyze it twice).
insights_data_events: none

# Analyze management events with the insights setting on the organization
# event data store too (trails-lake), billed apart from the trails': true or
# false.
insights_event_data_store: false

{fields security-lake}

# Growth of the number of accounts each month, compounded: a fraction above
# -1 and at most 10 (0.02 is 2% a month).
account_growth_per_month: 0

# Growth of each account's event volume each month, in the same form. The
# trend measured in the dataset is projected too, but damped out: this is the
# long-run assumption.
volume_growth_per_month: 0

# How uncertain account_growth_per_month is, for the P10/P50/P90 band: each
# Monte Carlo draw takes a rate uniformly within the rate ± this spread, 0 to
# 1 (0.01 is ±1 point a month).
account_growth_spread: 0.01

# How uncertain volume_growth_per_month is, in the same form.
volume_growth_spread: 0.01

# Trails the organization already has that a strategy does not need (account
# trails beside an organization trail, an organization trail beside account
# trails, second trails in an account): remove prices each strategy as
# adopted and reports what keeping each trail would cost; keep puts their
# paid copies of management events (what each records, where another trail
# already does) into the price. remove or keep.
leftover_trails: remove

# Event selectors per strategy id, as CloudTrail's advanced event selectors
# (the API's own shape): each strategy is priced on the events they let
# through, using the dataset's breakdown by event source. An event is
# recorded when it matches any selector, all of its field selectors. Fields:
# eventCategory, readOnly, eventSource, eventName, resources.type. Absent: the
# strategy records every event measured. 'trailwise explain' prices
# candidates and --selectors writes them.
# event_selectors:
#   org-trail:
#     - Name: management events without KMS
#       FieldSelectors:
#         - {Field: eventCategory, Equals: [Management]}
#         - {Field: eventSource, NotEquals: [kms.amazonaws.com]}

# Who pays an organization trail's data, network activity and Insights
# events: management (the account that owns the trail) or members (each
# account its own events). AWS's documentation does not say; the management
# account pays the organization's invoice either way.
org_trail_events_payer: management

{fields org-trail}

{fields}
# Staff hours a month of operational work, per strategy id, priced at
# ops_hourly_rate; zero or more. Default: none. Strategy ids: {strategies}.
ops_hours:
#   org-trail: 2
#   trails-replication: 8

# Price of an hour of staff time, in USD; zero or more.
ops_hourly_rate: 0
`
