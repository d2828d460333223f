// Package awscollect measures an organization's CloudTrail volume through
// the AWS APIs, read-only, and produces a model.Dataset.
//
// It calls, from the management account:
//
//   - Organizations: DescribeOrganization, ListAccounts, and ListRoots,
//     ListOrganizationalUnitsForParent, ListAccountsForParent for OU paths;
//   - Cost Explorer: GetCostAndUsage, daily UsageQuantity and UnblendedCost
//     of SERVICE "AWS CloudTrail" and "Amazon Security Lake", grouped by
//     LINKED_ACCOUNT and USAGE_TYPE. It is the one paid API (0.01 USD a
//     request, every page a request): requests are counted, capped
//     (Options.MaxCERequests), and answers cached on disk by request, so a
//     re-run costs nothing; DryRun says what a run would spend;
//   - S3: ListObjectsV2 of the organization trail's bucket, per account and
//     region from the period's first day, folded into stored bytes and log
//     files per account × region × day as pages arrive (memory bounded by
//     the cells, not the objects); digest files are not log files; and
//     GetObject of a random sample of log files per account and region
//     (Options.SampleFiles, picked while listing), read with collect.Scan;
//     or, with Options.Inventory, instead of the listing, an existing S3
//     Inventory report of the bucket (CSV only): ListObjectsV2 of the
//     report's folders to find its newest manifest.json, GetObject of the
//     manifest and of its gzipped CSV files, streamed, each checked against
//     the manifest's MD5 before its rows count, folded into the same cells
//     (current versions only; keys URL-decoded). The report's date bounds
//     what it can hold: the period's days from it on are a gap (or, with
//     Options.InventoryPeriod, the period ends the day before it);
//
// and in every account, through the assumed role (OrganizationAccountAccessRole
// by default; the management account with its own credentials): CloudTrail
// DescribeTrails, GetEventSelectors, GetTrailStatus, ListEventDataStores,
// GetEventDataStore, and LookupEvents as a one-day sampler for accounts no
// other source saw.
//
// Every request goes through the SDK's standard retryer (backoff on
// throttling and 5xx) and a per account, region and API rate limiter
// (DefaultRates). Accounts are worked on Options.Concurrency at once; each
// one the CloudTrail stage or the listing finishes without a gap is
// checkpointed, so an interrupted run resumes without asking again.
// Whatever cannot be reached (access denied, missing role, suspended
// account, a failing region) becomes a model.Gap with its reason and the
// run goes on; Result.Complete tells complete from partial. Actions lists
// every API the package can call.
//
// # Where each number comes from
//
// A usage row's Source names its collectors: "cost-explorer" (event counts
// from the bill, measured), "s3-listing" (stored bytes and log files,
// measured; alone, its events are estimated from the stored bytes and the
// row is measured false; "s3-inventory@YYYY-MM-DD" in its place when an
// inventory report of that date gave them), both joined by "+",
// "s3-listing+sample" (events
// scaled from the sampled files' events per stored byte, with their
// sampling error in relative_error), or "lookup-events". Cost Explorer's
// FreeEventsRecorded is one total of first-copy management events: the
// read/write split and event_bytes come from the sample of the same
// account and region, or without one from Options.ReadShare and
// Options.BytesPerEvent. Result.Notes says so in every run.
package awscollect
