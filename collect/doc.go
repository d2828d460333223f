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
//
// # How the scanner reads
//
// First, each chunk is indexed, after the first stage of simdjson (Langdale
// & Lemire 2019): for every 64 bytes, one bit per byte marks the quotes that
// close a string and every backslash, another the brackets outside strings
// (not the opening quotes: the walk knows where a key or a string value
// opens, right after '{', ',' or ':', and needs only where it ends).
// Escaped quotes come from the runs of backslashes of odd length, strings
// from a prefix XOR of the quotes (a carry-less multiplication). On
// amd64 this is assembly: AVX-512 compares into mask registers where the CPU
// has them, two blocks at a time while neither holds a backslash (about
// 38 GB/s on 32 KB here), AVX2 otherwise (about 25 GB/s); elsewhere the
// same index is built eight bytes at a time in Go. Tests check
// the kernels against each other and against a byte-by-byte lexer, and scan
// the real logs through each kernel.
//
// Then a record's fields are read from mark to mark: a key's end, a string
// value's end and the next key's end are consecutive marks, read with one
// load each for the key's end and colon and for the value's end, comma and
// next quote; a key is compared with a kept name only when their length
// (in Go) or the hash of their first eight bytes (in assembly) agree; a nested
// value is skipped from bracket to bracket; `true`, `false` and `null` are
// read by their text; kept values are referenced in the chunk and copied
// only when a record crosses chunks; the tallies (sources, accounts,
// regions, and kind, source and name) count by slot: a scanner gives each
// distinct value a slot once and keeps it for the next files, and a record
// finds its slot through a direct-mapped cache, comparing the value's
// bytes in place, without a map lookup; and a record whose signature (its
// category, type, source, name, account, region, managementEvent and
// readOnly) the scanner has seen takes its kind and its four slots from
// that signature, found by a hash of its key (each value's length and
// first 32 bytes as words, the booleans) and compared word for word,
// without classifying it again.
//
// On amd64 with AVX2 that walk's common paths are assembly (walkMembers,
// members_amd64.s), which stops at any member it does not take and leaves
// it to the same walk in Go. As it keeps a value it writes its words into
// the record's signature key, 32 bytes at a time; at the record's end it
// hashes the key (its slots folded as vectors) and compares it with a
// row's a slot at a time, looking it up in the scanner's signatures
// itself, and, when it finds it and the next
// record follows, notes the record in a batch and walks on, so that Go
// only counts the batch. It enters no 64-byte block whose bytes lack 32
// more after them in the chunk, so that it reads after a mark, a key or a
// value without a bound (a test writes every cut of a log as a chunk that
// ends at an unreadable page), nor any block from the first backslash
// outside a string, after which the index is not true. It finds a kept
// key by one compare of its first eight bytes with the table entry they
// hash to, keeps the kinds of a nested value's open brackets as a stack
// of bits, takes a kept literal's boolean as it reads it, and moves to
// the next block's marks by CMOV, not by a branch, when a key or a string
// ends past this block's: between chunks the inflater leaves the branch
// predictor cold, and that branch was then its most mispredicted. Where the records' values decide a branch that
// goes either way from record to record (true or false, an earliest or
// latest eventTime, the record's kind), the scanner computes instead of
// branching. The byte-by-byte state
// machine reads what the fast path leaves: white space, escapes in kept
// values, values crossing chunks, chunks under 256 bytes, and whatever
// follows a backslash outside a string (no JSON has one; the index is
// trusted only before it). The fuzz target checks that a document gives the
// same result whole, in chunks of 1 to 13 bytes, through the index at
// any length, and with or without the assembly walk.
package collect
