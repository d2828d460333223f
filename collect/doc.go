// Package collect measures an organization's CloudTrail volume and produces a
// model.Dataset, and nothing else.
//
// What is here today needs no AWS API:
//
//   - a streaming scanner for CloudTrail log files (Scan, Scanner) that
//     counts events by kind and their bytes without decoding records;
//   - a parser for the S3 keys CloudTrail writes (ParseKey);
//   - FromDir, which reads a local copy of a trail bucket (as `aws s3 sync`
//     leaves it) and turns it into a dataset.
//
// # Event kinds
//
// Every record is counted as exactly one of: management read, management
// write, data, network activity, Insights or aggregated. The rules, in order:
//
//  1. eventCategory "Insight" is an Insights event, "NetworkActivity" a
//     network activity event, "Data" a data event, "Management" a management
//     event, "Aggregated" an aggregated event (a 5-minute summary of data
//     events, from a trail with event aggregation).
//  2. Without a known eventCategory, eventType "AwsAggregatedEvent" is an
//     aggregated event.
//  3. Otherwise (records before eventVersion 1.07 lack eventCategory),
//     managementEvent decides: true is management, false is data.
//  4. Without either, eventType "AwsCloudTrailInsight" is an Insights event;
//     otherwise the call itself decides: S3 object-level
//     calls (GetObject, PutObject, ListObjects, ...) on s3.amazonaws.com and
//     Lambda Invoke on lambda.amazonaws.com are data events, the rest are
//     management events.
//
// A management event is a read when readOnly is true and a write when it is
// false. When readOnly is absent (old records, console sign-ins), the event
// name decides: names starting with Get, List, Describe,
// Head, Lookup, Search, BatchGet, Scan, Query, Select, Check or Verify are
// reads, everything else (ConsoleLogin, AssumeRole, CreateLogStream, ...) is
// a write.
//
// # Bytes
//
// EventBytes is the byte length of each record as it stands in the file, from
// its opening to its closing brace. CloudTrail delivers compact JSON, so for
// delivered files this equals the record's compact encoding; a file someone
// pretty-printed would count its indentation too.
package collect
