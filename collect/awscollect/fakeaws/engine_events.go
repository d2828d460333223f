package fakeaws

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// EngineEvent is one event the fake query engines (Athena, CloudTrail
// Lake) hold: what their aggregate reads of it. Kind is the category the
// query's CASE gives it (management_read, management_write, data, network,
// insight, aggregated); ResourceType the data resource type the query
// takes from its resources ("" when it names none but the bucket).
type EngineEvent struct {
	Account, Region, Day  string
	Source, Name, Kind    string
	ResourceType, LogFile string
	Bytes                 int64
}

// engineMix is the generated mix of one account, region and day: a
// source, a name, a kind, a resource type and a count (scaled per day).
var engineMix = []struct {
	source, name, kind, rtype string
	n                         int
}{
	{"ec2.amazonaws.com", "DescribeInstances", "management_read", "", 40},
	{"ec2.amazonaws.com", "DescribeVolumes", "management_read", "", 12},
	{"ec2.amazonaws.com", "RunInstances", "management_write", "", 3},
	{"ssm.amazonaws.com", "GetParameter", "management_read", "", 25},
	{"ssm.amazonaws.com", "UpdateInstanceInformation", "management_write", "", 9},
	{"iam.amazonaws.com", "GetRole", "management_read", "", 7},
	{"iam.amazonaws.com", "ListRoles", "management_read", "", 5},
	{"kms.amazonaws.com", "Decrypt", "management_read", "", 33},
	{"kms.amazonaws.com", "GenerateDataKey", "management_read", "", 14},
	{"sts.amazonaws.com", "AssumeRole", "management_read", "", 18},
	{"secretsmanager.amazonaws.com", "GetSecretValue", "management_read", "", 6},
	{"logs.amazonaws.com", "CreateLogStream", "management_write", "", 4},
	{"s3.amazonaws.com", "GetObject", "data", "AWS::S3::Object", 30},
	{"s3.amazonaws.com", "PutObject", "data", "AWS::S3::Object", 11},
	{"s3.amazonaws.com", "ListObjects", "data", "", 8},
	{"lambda.amazonaws.com", "Invoke", "data", "AWS::Lambda::Function", 10},
	{"dynamodb.amazonaws.com", "GetItem", "data", "AWS::DynamoDB::Table", 4},
	{"ec2.amazonaws.com", "DescribeInstances", "network", "", 2},
	{"ec2.amazonaws.com", "RunInstances", "insight", "", 1},
	{"s3.amazonaws.com", "GetObject", "aggregated", "", 2},
}

// EngineEvents generates the events of every active account (but the
// LookupOnly one) in the regions over the days from start: the mix above,
// varied by account, region and day, and enough small read sources
// (svc00...svc19) that a breakdown bounded to 15 sources folds some.
func EngineEvents(g Generated, regions []string, start string, days int) []EngineEvent {
	first, _ := time.Parse("2006-01-02", start)
	var out []EngineEvent
	for i, a := range g.World.Accounts {
		if a.Status != "ACTIVE" || a.ID == g.LookupOnly {
			continue
		}
		for ri, region := range regions {
			for d := 0; d < days; d++ {
				day := first.AddDate(0, 0, d).Format("2006-01-02")
				add := func(source, name, kind, rtype string, n int) {
					for k := 0; k < n; k++ {
						out = append(out, EngineEvent{Account: a.ID, Region: region, Day: day, Source: source, Name: name, Kind: kind,
							ResourceType: rtype, LogFile: fmt.Sprintf("s3://logs/%s/%s/%s/file-%d.json.gz", a.ID, region, day, k%3),
							Bytes: int64(400 + 7*len(name) + 3*len(source) + 13*((i+k)%5))})
					}
				}
				for j, m := range engineMix {
					add(m.source, m.name, m.kind, m.rtype, m.n*(1+(i+ri+d+j)%3)/2+ri)
				}
				for s := 0; s < 20; s++ {
					add(fmt.Sprintf("svc%02d.amazonaws.com", s), fmt.Sprintf("ListThings%d", s%4), "management_read", "", 1+(s+i+d)%4)
				}
			}
		}
	}
	return out
}

// Bounds of the breakdown part, as the statement writes them.
var (
	topSourcesRE   = regexp.MustCompile(`source_rank > (\d+)`)
	namedSourcesRE = regexp.MustCompile(`named_rank > (\d+)`)
	topNamesRE     = regexp.MustCompile(`name_rank > (\d+)`)
	// the resource type of a data event whose resources name only the
	// bucket, by source
	sourceTypeRE = regexp.MustCompile(`WHEN '([a-z0-9.-]+)' THEN '(AWS::[A-Za-z0-9:]+)'`)
)

// EngineAnswer answers the engines' aggregate over events as Athena
// (athena true: event_bytes and log_files too) or CloudTrail Lake would
// run it: the usage part per account, region and day, and the breakdown
// part per account, region, category, source, resource type and name,
// bounded at the ranks the statement names. DDL gets an empty answer.
func EngineAnswer(events []EngineEvent, athena bool, scanned int64) func(statement string) QueryAnswer {
	return func(statement string) QueryAnswer {
		if strings.HasPrefix(statement, "CREATE EXTERNAL TABLE") {
			return QueryAnswer{}
		}
		cols := []string{"part", "account", "region", "day", "category", "event_source", "resource_type", "event_name",
			"management_read_events", "management_write_events", "data_events", "network_events", "insights_events", "aggregated_events"}
		if athena {
			cols = append(cols, "event_bytes", "log_files")
		}
		b := bounds{bound(statement, topSourcesRE), bound(statement, namedSourcesRE), bound(statement, topNamesRE)}
		types := map[string]string{}
		for _, m := range sourceTypeRE.FindAllStringSubmatch(statement, -1) {
			types[m[1]] = m[2]
		}
		rows := append(usagePart(events), b.fold(breakdownPart(events, types))...)
		sort.Slice(rows, func(i, j int) bool { return rows[i].key.less(rows[j].key) })
		out := make([][]string, len(rows))
		for i, r := range rows {
			out[i] = r.strings(athena)
		}
		return QueryAnswer{Columns: cols, Rows: out, Scanned: scanned}
	}
}

func bound(statement string, re *regexp.Regexp) int {
	m := re.FindStringSubmatch(statement)
	if m == nil {
		return 1 << 30
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// partKey is a result row's eight key columns.
type partKey struct{ part, account, region, day, category, source, rtype, name string }

func (a partKey) less(b partKey) bool {
	x := []string{a.part, a.account, a.region, a.day, a.category, a.source, a.rtype, a.name}
	y := []string{b.part, b.account, b.region, b.day, b.category, b.source, b.rtype, b.name}
	for i := range x {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return false
}

type partRow struct {
	key    partKey
	counts map[string]int64 // by kind
	events int64
	bytes  int64
	files  map[string]bool
}

func (r *partRow) add(e EngineEvent) {
	r.counts[e.Kind]++
	r.events++
	r.bytes += e.Bytes
	if r.files != nil {
		r.files[e.LogFile] = true
	}
}

func (r *partRow) strings(athena bool) []string {
	k := r.key
	out := []string{k.part, k.account, k.region, k.day, k.category, k.source, k.rtype, k.name}
	for _, kind := range []string{"management_read", "management_write", "data", "network", "insight", "aggregated"} {
		out = append(out, strconv.FormatInt(r.counts[kind], 10))
	}
	if athena {
		out = append(out, strconv.FormatInt(r.bytes, 10), strconv.Itoa(len(r.files)))
	}
	return out
}

func group(events []EngineEvent, key func(EngineEvent) partKey, files bool) []*partRow {
	m := map[partKey]*partRow{}
	var out []*partRow
	for _, e := range events {
		k := key(e)
		r := m[k]
		if r == nil {
			r = &partRow{key: k, counts: map[string]int64{}}
			if files {
				r.files = map[string]bool{}
			}
			m[k] = r
			out = append(out, r)
		}
		r.add(e)
	}
	return out
}

func usagePart(events []EngineEvent) []*partRow {
	return group(events, func(e EngineEvent) partKey {
		return partKey{part: "usage", account: e.Account, region: e.Region, day: e.Day}
	}, true)
}

// breakdownPart groups the events by entry; a data event with no resource
// type takes its source's, as the statement's CASE gives it.
func breakdownPart(events []EngineEvent, types map[string]string) []*partRow {
	return group(events, func(e EngineEvent) partKey {
		rt := e.ResourceType
		if e.Kind == "data" && rt == "" {
			rt = types[e.Source]
		}
		return partKey{part: "breakdown", account: e.Account, region: e.Region, category: e.Kind, source: e.Source, rtype: rt, name: e.Name}
	}, false)
}

// bounds are the statement's: sources kept per category, sources named,
// names kept.
type bounds struct{ topSources, namedSources, topNames int }

// fold runs the statement's window functions over the breakdown part:
// source_rank (dense, per account, region and category, by the source's
// events, then source and type), named_rank (dense, per account and
// region, by the source's events, then source, category and type) and
// name_rank (per source, by events, then name); then folds what is past
// them into '(other)' and sums again.
func (b bounds) fold(rows []*partRow) []*partRow {
	type src struct{ account, region, category, source, rtype string }
	srcEvents := map[src]int64{}
	for _, r := range rows {
		srcEvents[src{r.key.account, r.key.region, r.key.category, r.key.source, r.key.rtype}] += r.events
	}
	srcs := make([]src, 0, len(srcEvents))
	for s := range srcEvents {
		srcs = append(srcs, s)
	}
	sort.Slice(srcs, func(i, j int) bool {
		a, c := srcs[i], srcs[j]
		if srcEvents[a] != srcEvents[c] {
			return srcEvents[a] > srcEvents[c]
		}
		return strings.Join([]string{a.source, a.category, a.rtype}, "\x00") < strings.Join([]string{c.source, c.category, c.rtype}, "\x00")
	})
	sourceRank, namedRank := map[src]int{}, map[src]int{}
	perCat, perRegion := map[[3]string]int{}, map[[2]string]int{}
	for _, s := range srcs { // sorted: the ranks count up within their partitions
		perRegion[[2]string{s.account, s.region}]++
		namedRank[s] = perRegion[[2]string{s.account, s.region}]
		perCat[[3]string{s.account, s.region, s.category}]++
		sourceRank[s] = perCat[[3]string{s.account, s.region, s.category}]
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].events != rows[j].events {
			return rows[i].events > rows[j].events
		}
		return rows[i].key.name < rows[j].key.name
	})
	nameRank := map[src]int{}
	folded := map[partKey]*partRow{}
	var out []*partRow
	for _, r := range rows {
		s := src{r.key.account, r.key.region, r.key.category, r.key.source, r.key.rtype}
		nameRank[s]++
		k := r.key
		if sourceRank[s] > b.topSources {
			k.source, k.rtype = "(other)", ""
		}
		if sourceRank[s] > b.topSources || namedRank[s] > b.namedSources || nameRank[s] > b.topNames {
			k.name = "(other)"
		}
		f := folded[k]
		if f == nil {
			f = &partRow{key: k, counts: map[string]int64{}}
			folded[k] = f
			out = append(out, f)
		}
		for kind, n := range r.counts {
			f.counts[kind] += n
		}
		f.events += r.events
		f.bytes += r.bytes
	}
	return out
}
