package awscollect

import (
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/trailwise/trailwise/collect"
	"github.com/trailwise/trailwise/model"
)

// The SQL the Athena and CloudTrail Lake engines run lives in templates
// beside this file; every value a template receives is validated here
// first (a name by a pattern that admits no quote, no backtick, no dollar
// sign and no white space), so nothing a user types reaches SQL raw.

//go:embed athena_sql/*.tmpl lake_sql/*.tmpl
var sqlFS embed.FS

var sqlTemplates = template.Must(template.New("sql").
	Funcs(template.FuncMap{"join": strings.Join}).
	ParseFS(sqlFS, "athena_sql/*.tmpl", "lake_sql/*.tmpl"))

// Patterns for what users name. Bucket names as S3 allows them for new
// buckets; prefixes of S3-safe characters; Athena database and table names
// in lower case with underscores (what Athena and Glue accept everywhere);
// workgroup names as the Athena API allows them.
var (
	bucketPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	prefixPattern    = regexp.MustCompile(`^[A-Za-z0-9!_.*()-]+(/[A-Za-z0-9!_.*()-]+)*$`)
	namePattern      = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,127}$`)
	workgroupPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,128}$`)
	regionPattern    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	accountPattern   = regexp.MustCompile(`^[0-9]{12}$`)
	orgPattern       = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	storeIDPattern   = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)
)

// ValidateBucket checks an S3 bucket name.
func ValidateBucket(b string) error {
	if !bucketPattern.MatchString(b) || strings.Contains(b, "..") {
		return fmt.Errorf("expected an S3 bucket name (3 to 63 of a-z, 0-9, '.' and '-'), got %q", b)
	}
	return nil
}

// ValidatePrefix checks an S3 key prefix (slashes at either end ignored).
func ValidatePrefix(p string) error {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	if len(p) > 512 || !prefixPattern.MatchString(p) || strings.Contains("/"+p+"/", "/../") || strings.Contains("/"+p+"/", "/./") {
		return fmt.Errorf("expected an S3 key prefix of letters, digits and !_.*()- between slashes, got %q", p)
	}
	return nil
}

// ValidateName checks an Athena database or table name.
func ValidateName(n string) error {
	if !namePattern.MatchString(n) {
		return fmt.Errorf("expected a name of lower-case letters, digits and underscores, not starting with a digit, at most 128, got %q", n)
	}
	return nil
}

// ValidateWorkgroup checks an Athena workgroup name.
func ValidateWorkgroup(w string) error {
	if !workgroupPattern.MatchString(w) {
		return fmt.Errorf("expected a workgroup name of letters, digits and ._- (at most 128), got %q", w)
	}
	return nil
}

// ParseS3URL splits s3://bucket/prefix into a checked bucket and prefix
// (the prefix without slashes at either end).
func ParseS3URL(u string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(u, "s3://")
	if !ok {
		return "", "", fmt.Errorf("expected s3://BUCKET/PREFIX, got %q", u)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if err := ValidateBucket(bucket); err != nil {
		return "", "", err
	}
	if err := ValidatePrefix(prefix); err != nil {
		return "", "", err
	}
	return bucket, strings.Trim(prefix, "/"), nil
}

// Trail bucket layouts: the organization trail's (AWSLogs/<org-id>/<account>/)
// and an account trail's, or an organization trail created before
// organization ids were part of the key (AWSLogs/<account>/).
const (
	LayoutOrganization = "organization"
	LayoutAccount      = "account"
	LayoutBoth         = "both"
)

// AthenaTable is one CloudTrail table the engine creates.
type AthenaTable struct {
	Database, Table string
	Location        string // s3://bucket/prefix/AWSLogs/[org-id/]
	Accounts        []string
	Regions         []string
}

func (t AthenaTable) validate() error {
	if err := ValidateName(t.Database); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if err := ValidateName(t.Table); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	b, p, err := ParseS3URL(t.Location)
	if err != nil || !strings.HasSuffix(t.Location, "/") || t.Location != "s3://"+b+"/"+p+"/" {
		return fmt.Errorf("table location: expected s3://BUCKET/PREFIX/, got %q", t.Location)
	}
	if len(t.Accounts) == 0 || len(t.Regions) == 0 {
		return fmt.Errorf("table %s: expected at least one account and one region", t.Table)
	}
	for _, a := range t.Accounts {
		if !accountPattern.MatchString(a) {
			return fmt.Errorf("expected a 12-digit account id, got %q", a)
		}
	}
	for _, r := range t.Regions {
		if !regionPattern.MatchString(r) {
			return fmt.Errorf("expected a region like us-east-1, got %q", r)
		}
	}
	return nil
}

// TableLocation is where a layout's log folders start in the bucket.
func TableLocation(bucket, prefix, layout, orgID string) (string, error) {
	if err := ValidateBucket(bucket); err != nil {
		return "", err
	}
	if err := ValidatePrefix(prefix); err != nil {
		return "", err
	}
	loc := "s3://" + bucket + "/"
	if p := strings.Trim(prefix, "/"); p != "" {
		loc += p + "/"
	}
	loc += "AWSLogs/"
	switch layout {
	case LayoutOrganization:
		if !orgPattern.MatchString(orgID) {
			return "", fmt.Errorf("expected an organization id like o-a1b2c3d4e5, got %q", orgID)
		}
		return loc + orgID + "/", nil
	case LayoutAccount:
		return loc, nil
	}
	return "", fmt.Errorf("expected the layout %s or %s, got %q", LayoutOrganization, LayoutAccount, layout)
}

// CreateTableSQL renders the DDL of one table.
func CreateTableSQL(t AthenaTable) (string, error) {
	if err := t.validate(); err != nil {
		return "", err
	}
	t.Accounts = sortedCopy(t.Accounts)
	t.Regions = sortedCopy(t.Regions)
	return render("create_table.sql.tmpl", t)
}

// AthenaQuery is the period's aggregate over one or more tables (one per
// layout) of one database.
type AthenaQuery struct {
	Database    string
	Tables      []string
	Start, End  string // YYYY-MM-DD, inclusive
	First, Last string // the same as the partitions spell them: YYYY/MM/DD
	// SQL expressions, built here: a record's category, its length, and
	// its data resource type.
	Kind, Bytes, ResourceType string
}

// breakdownQuery wraps an engine's inner query with the breakdown's
// bounds (breakdown.sql.tmpl).
type breakdownQuery struct {
	Inner                              string
	Other                              string // model.OtherSource
	TopSources, NamedSources, TopNames int
	Athena                             bool // the rows carry event_bytes and log_files
}

// boundBreakdown renders the bounds around the inner query, at the
// breakdown's own bounds (collect.Breakdown*), so that the dataset's
// breakdown built from the result is the one the events would give.
func boundBreakdown(inner string, athena bool) (string, error) {
	q := breakdownQuery{TopSources: collect.BreakdownTopSources, NamedSources: collect.BreakdownNamedSources,
		TopNames: collect.BreakdownTopNames, Athena: athena, Other: model.OtherSource}
	if q.TopSources < 1 || q.NamedSources < 1 || q.TopNames < 1 {
		return "", fmt.Errorf("breakdown bounds: expected counts of 1 or more, got %d sources, %d named, %d names", q.TopSources, q.NamedSources, q.TopNames)
	}
	lines := strings.Split(strings.TrimSpace(inner), "\n")
	q.Inner = strings.Join(lines, "\n        ")
	return render("breakdown.sql.tmpl", q)
}

// resourceTypeSQL is a data event's resources.type as the advanced event
// selectors name it: the first resource that is not the bucket (an S3
// object event lists the object, then its bucket), else the type of its
// source (a bucket-level S3 call lists the bucket only, and is selected
// as AWS::S3::Object), as the log scanner gives it (model.DataResourceType).
// In SQL, so that the query ranks sources as the breakdown will.
func resourceTypeSQL(resources, source string) string {
	var whens []string
	for _, s := range model.DataResourceSources() {
		t := model.DataResourceType(s)
		if strings.ContainsAny(s+t, `'"\`) {
			panic("a data resource type with a quote: " + s + " " + t)
		}
		whens = append(whens, fmt.Sprintf("WHEN '%s' THEN '%s'", s, t))
	}
	return `element_at(filter(` + resources + `, r -> r."type" <> 'AWS::S3::Bucket'), 1)."type", CASE ` + source + " " + strings.Join(whens, " ") + " END"
}

// AggregateSQL renders the Athena query of the period.
func AggregateSQL(database string, tables []string, start, end string) (string, error) {
	if err := ValidateName(database); err != nil {
		return "", fmt.Errorf("database: %w", err)
	}
	if len(tables) == 0 {
		return "", fmt.Errorf("expected at least one table")
	}
	for _, t := range tables {
		if err := ValidateName(t); err != nil {
			return "", fmt.Errorf("table: %w", err)
		}
	}
	if err := checkPeriod(start, end); err != nil {
		return "", err
	}
	q := AthenaQuery{Database: database, Tables: tables, Start: start, End: end,
		First: strings.ReplaceAll(start, "-", "/"), Last: strings.ReplaceAll(end, "-", "/"),
		Kind: kindSQL(athenaColumns, "      "), Bytes: athenaRecordBytesSQL("      "), ResourceType: resourceTypeSQL("resources", "eventsource")}
	inner, err := render("aggregate.sql.tmpl", q)
	if err != nil {
		return "", err
	}
	return boundBreakdown(inner, true)
}

func checkPeriod(start, end string) error {
	s, ok1 := model.ParseDay(start)
	e, ok2 := model.ParseDay(end)
	if !ok1 || !ok2 || e.Before(s) {
		return fmt.Errorf("period: expected two YYYY-MM-DD days, the end on or after the start, got %q and %q", start, end)
	}
	return nil
}

func render(name string, data any) (string, error) {
	var b strings.Builder
	if err := sqlTemplates.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()) + "\n", nil
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// kindColumns names the record fields the category needs, as one engine
// spells them, and how it writes a boolean field's true and false.
type kindColumns struct {
	category, eventType, source, name, readOnly, management string
	isTrue, isFalse                                         string
}

// Athena's CloudTrail table has lower-case columns; booleans are strings.
var athenaColumns = kindColumns{"eventcategory", "eventtype", "eventsource", "eventname", "readonly", "managementevent", "= 'true'", "= 'false'"}

// kindSQL is collect.Classify as a SQL CASE expression, so that an engine
// counts every record as the log scanner would.
func kindSQL(c kindColumns, indent string) string {
	reads := collect.ReadPrefixes()
	mgmt := fmt.Sprintf("CASE WHEN %[1]s %[2]s THEN 'management_read' WHEN %[1]s %[3]s THEN 'management_write' WHEN regexp_like(%[4]s, '^(%[5]s)([A-Z]|$)') THEN 'management_read' ELSE 'management_write' END",
		c.readOnly, c.isTrue, c.isFalse, c.name, strings.Join(reads, "|"))
	calls := collect.DataEventCalls()
	sources := make([]string, 0, len(calls))
	for s := range calls {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	var data []string
	for _, s := range sources {
		data = append(data, fmt.Sprintf("(%s = '%s' AND %s IN ('%s'))", c.source, s, c.name, strings.Join(calls[s], "', '")))
	}
	lines := []string{
		"CASE",
		fmt.Sprintf("  WHEN %s = 'Insight' THEN 'insight'", c.category),
		fmt.Sprintf("  WHEN %s = 'NetworkActivity' THEN 'network'", c.category),
		fmt.Sprintf("  WHEN %s = 'Data' THEN 'data'", c.category),
		fmt.Sprintf("  WHEN %s = 'Aggregated' THEN 'aggregated'", c.category),
		fmt.Sprintf("  WHEN %s = 'Management' THEN %s", c.category, mgmt),
		fmt.Sprintf("  WHEN %s = 'AwsAggregatedEvent' THEN 'aggregated'", c.eventType),
		fmt.Sprintf("  WHEN %s %s THEN %s", c.management, c.isTrue, mgmt),
		fmt.Sprintf("  WHEN %s %s THEN 'data'", c.management, c.isFalse),
		fmt.Sprintf("  WHEN %s = 'AwsCloudTrailInsight' THEN 'insight'", c.eventType),
		fmt.Sprintf("  WHEN %s THEN 'data'", strings.Join(data, " OR ")),
		"  ELSE " + mgmt,
		"END",
	}
	return strings.Join(lines, "\n"+indent)
}

// recordFields are the table's columns in a record's order, and how each
// is written in the record: a quoted string, JSON as it stands (objects
// kept as text by the SerDe, booleans), or a nested structure.
var recordFields = []struct {
	column string
	kind   byte // 's' string, 'j' JSON text, 'b' boolean, 'n' nested
}{
	{"eventversion", 's'}, {"useridentity", 'n'}, {"eventtime", 's'}, {"eventsource", 's'},
	{"eventname", 's'}, {"awsregion", 's'}, {"sourceipaddress", 's'}, {"useragent", 's'},
	{"errorcode", 's'}, {"errormessage", 's'}, {"requestparameters", 'j'}, {"responseelements", 'j'},
	{"additionaleventdata", 'j'}, {"requestid", 's'}, {"eventid", 's'}, {"readonly", 'b'},
	{"resources", 'n'}, {"eventtype", 's'}, {"apiversion", 's'}, {"managementevent", 'b'},
	{"recipientaccountid", 's'}, {"serviceeventdetails", 'j'}, {"sharedeventid", 's'},
	{"vpcendpointid", 's'}, {"eventcategory", 's'},
}

// athenaRecordBytesSQL rebuilds a record's compact JSON length from its
// columns: per field present, its key in quotes, the colon, the comma
// (the braces of the record take the last comma's place and one more), and
// the value (in quotes for a string; a nested structure as JSON). It is an
// approximation of the bytes the log scanner counts: escapes inside strings
// and fields the table does not declare (tlsDetails, ...) are missed, and
// a nested structure's undeclared members come out as nulls.
func athenaRecordBytesSQL(indent string) string {
	parts := []string{"1"} // the braces, less the last field's comma
	for _, f := range recordFields {
		key := len(f.column) + 4 // "key":,
		var v string
		switch f.kind {
		case 's':
			key += 2
			v = "length(" + f.column + ")"
		case 'j', 'b':
			v = "length(" + f.column + ")"
		case 'n':
			v = "length(json_format(CAST(" + f.column + " AS JSON)))"
		}
		parts = append(parts, fmt.Sprintf("IF(%s IS NULL, 0, %s + %d)", f.column, v, key))
	}
	return strings.Join(parts, "\n"+indent+"  + ")
}

// Lake's event records use the API's camel case; booleans are booleans.
var lakeColumns = kindColumns{"eventCategory", "eventType", "eventSource", "eventName", "readOnly", "managementEvent", "= true", "= false"}

// LakeQuery is the period's aggregate over one event data store.
type LakeQuery struct {
	Store              string // the event data store's id
	Start, After       string // the first day and the day after the last
	Kind, ResourceType string
}

// StoreID is the id of an event data store given by ARN or id.
func StoreID(store string) (string, error) {
	id := store
	if strings.HasPrefix(store, "arn:") {
		_, id, _ = strings.Cut(store, "/")
	}
	if !storeIDPattern.MatchString(id) {
		return "", fmt.Errorf("expected an event data store ARN (arn:aws:cloudtrail:REGION:ACCOUNT:eventdatastore/ID) or id, got %q", store)
	}
	return id, nil
}

// LakeSQL renders the CloudTrail Lake query of the period.
func LakeSQL(store, start, end string) (string, error) {
	id, err := StoreID(store)
	if err != nil {
		return "", err
	}
	if err := checkPeriod(start, end); err != nil {
		return "", err
	}
	last, _ := model.ParseDay(end)
	q := LakeQuery{Store: id, Start: start, After: last.AddDate(0, 0, 1).Format(model.DayLayout),
		Kind: kindSQL(lakeColumns, "      "), ResourceType: resourceTypeSQL("resources", "eventSource")}
	inner, err := render("lake_query.sql.tmpl", q)
	if err != nil {
		return "", err
	}
	return boundBreakdown(inner, false)
}
