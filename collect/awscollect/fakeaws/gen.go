package fakeaws

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"time"
)

// Spec sizes a generated organization.
type Spec struct {
	Accounts    int      // all accounts, the management account included (default 30)
	Regions     []string // default us-east-1, eu-west-1
	Start       string   // first day (default 2026-10-01)
	Days        int      // default 3
	FilesPerDay int      // log files per account, region and day (default 2)
	// CloudWatchLogs adds CloudWatch's Cost Explorer rows (SERVICE
	// AmazonCloudWatch) for every account with usage, region and day: Logs
	// ingestion (DataProcessing-Bytes, see CloudWatchGB), Logs storage
	// (TimedStorage-ByteHrs) and API requests (CW:Requests), which no
	// collector maps.
	CloudWatchLogs bool
}

// CloudWatchGB is the generated CloudWatch Logs ingestion, in GB, of the
// account of index i in the region of index ri on day d.
func CloudWatchGB(i, ri, d int) float64 {
	return float64(200+13*i+40*ri+7*(d%4)) / 1000
}

// Roles of the generated accounts, by index.
const (
	IdxManagement = 0 // the organization trail
	IdxLogArchive = 1 // owns the bucket
	IdxAudit      = 2 // an organization event data store
	IdxDuplicate  = 3 // an account trail recording management events again, to CloudWatch Logs
	IdxDataEvents = 4 // an account trail with advanced selectors for S3 data events only
	IdxStopped    = 5 // an account trail that is not logging
)

// The generated CloudWatch telemetry rules: the management account holds
// an organization rule for CloudTrail's management and S3 data events in
// the first region, and one for VPC flow logs, which is not CloudTrail's;
// IdxDataEvents has a rule of its own for write management events in the
// last region.
const (
	OrgTelemetryRule     = "cloudtrail-org"
	AccountTelemetryRule = "cloudtrail-writes"
)

// Generated is a generated organization with the truth behind it.
type Generated struct {
	World   World
	Objects []S3Object
	Bucket  string
	// Denied cannot be assumed into; Suspended is suspended; LookupOnly has
	// no Cost Explorer rows and no log files, only LookupEvents.
	Denied, Suspended, LookupOnly string
}

// AccountID is the generated account id of index i.
func AccountID(i int) string { return fmt.Sprintf("%012d", 210000000000+i*1111) }

// Generate builds a deterministic organization for tests.
func Generate(s Spec) Generated {
	if s.Accounts < 8 {
		s.Accounts = 30
	}
	if len(s.Regions) == 0 {
		s.Regions = []string{"us-east-1", "eu-west-1"}
	}
	if s.Start == "" {
		s.Start = "2026-10-01"
	}
	if s.Days <= 0 {
		s.Days = 3
	}
	if s.FilesPerDay <= 0 {
		s.FilesPerDay = 2
	}
	mgmt := AccountID(IdxManagement)
	g := Generated{
		Bucket:     "aws-cloudtrail-logs-" + AccountID(IdxLogArchive) + "-org",
		Denied:     AccountID(s.Accounts - 2),
		Suspended:  AccountID(s.Accounts - 1),
		LookupOnly: AccountID(s.Accounts - 3),
	}
	w := World{
		OrgID: "o-fake12345x", ManagementAccount: mgmt, RootID: "r-fak1",
		OUs: []OU{
			{ID: "ou-fak1-security", Name: "Security", Parent: "r-fak1"},
			{ID: "ou-fak1-prod", Name: "Prod", Parent: "r-fak1"},
			{ID: "ou-fak1-web", Name: "Web", Parent: "ou-fak1-prod"},
			{ID: "ou-fak1-dev", Name: "Dev", Parent: "r-fak1"},
		},
		PageSize:     7,
		CostPageSize: 50,
	}
	start, _ := time.Parse("2006-01-02", s.Start)
	for i := 0; i < s.Accounts; i++ {
		id := AccountID(i)
		a := Account{ID: id, Name: fmt.Sprintf("account-%02d", i), Email: fmt.Sprintf("aws+%02d@example.com", i), Status: "ACTIVE"}
		switch {
		case i == IdxManagement:
			a.Name, a.Parent = "Management", w.RootID
			w.OrgTelemetryRules = []TelemetryRule{
				{Name: OrgTelemetryRule, Region: s.Regions[0], ResourceType: "AWS::CloudTrail", Scope: "ou-fak1-prod", RetentionDays: 365,
					AdvancedEventSelectors: []AdvancedEventSelector{
						{Name: "management", FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Management"}}}},
						{Name: "S3 objects", FieldSelectors: []FieldSelector{{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}}}}},
				{Name: "vpc-flow-logs", Region: s.Regions[0], ResourceType: "AWS::EC2::VPC"},
			}
			a.Trails = []Trail{{Name: "org-trail", HomeRegion: s.Regions[0], Bucket: g.Bucket, MultiRegion: true, Organization: true, Logging: true,
				EventSelectors: []EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}}}}
		case i == IdxLogArchive:
			a.Name, a.Parent = "Log Archive", "ou-fak1-security"
		case i == IdxAudit:
			a.Name, a.Parent = "Audit", "ou-fak1-security"
			a.EventDataStores = []EventDataStore{{Name: "org-store", Region: s.Regions[0], Organization: true, BillingMode: "EXTENDABLE_RETENTION_PRICING", RetentionDays: 366}}
		case i == IdxDuplicate:
			a.Parent = "ou-fak1-web"
			a.Trails = []Trail{{Name: "legacy", HomeRegion: s.Regions[0], Bucket: "legacy-" + id, MultiRegion: true, Logging: true,
				CloudWatchLogsLogGroupArn: "arn:aws:logs:" + s.Regions[0] + ":" + id + ":log-group:cloudtrail:*"}}
		case i == IdxDataEvents:
			a.Parent = "ou-fak1-prod"
			a.TelemetryRules = []TelemetryRule{{Name: AccountTelemetryRule, Region: s.Regions[len(s.Regions)-1], ResourceType: "AWS::CloudTrail", AllRegions: true,
				AdvancedEventSelectors: []AdvancedEventSelector{{FieldSelectors: []FieldSelector{
					{Field: "eventCategory", Equals: []string{"Management"}}, {Field: "readOnly", Equals: []string{"false"}}}}}}}
			a.Trails = []Trail{{Name: "s3-data", HomeRegion: s.Regions[len(s.Regions)-1], Bucket: "data-" + id, Logging: true,
				AdvancedEventSelectors: []AdvancedEventSelector{{Name: "S3 objects", FieldSelectors: []FieldSelector{
					{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}}}}}}
		case i == IdxStopped:
			a.Parent = "ou-fak1-dev"
			a.Trails = []Trail{{Name: "old", HomeRegion: s.Regions[0], Bucket: "old-" + id, Logging: false}}
		case id == g.Suspended:
			a.Parent, a.Status = "ou-fak1-dev", "SUSPENDED"
		case id == g.Denied:
			a.Parent, a.DenyAssumeRole = "ou-fak1-prod", true
		case i%2 == 0:
			a.Parent = "ou-fak1-prod"
		default:
			a.Parent = "ou-fak1-dev"
		}
		if id == g.LookupOnly {
			end := start.AddDate(0, 0, s.Days)
			a.Lookup = map[string][]LookupEvent{}
			for k := 0; k < 120; k++ {
				a.Lookup[s.Regions[0]] = append(a.Lookup[s.Regions[0]], LookupEvent{
					Time: end.Add(-time.Duration(k+1) * 7 * time.Minute), Name: []string{"DescribeInstances", "PutObjectAcl", "ListBuckets"}[k%3],
					Source: "ec2.amazonaws.com", ReadOnly: k%3 != 1,
				})
			}
		}
		w.Accounts = append(w.Accounts, a)
		if a.Status != "ACTIVE" || id == g.LookupOnly {
			continue
		}
		for ri, region := range s.Regions {
			for d := 0; d < s.Days; d++ {
				day := start.AddDate(0, 0, d)
				events := float64(1000 + 37*i + 300*ri + 11*d)
				w.Costs = append(w.Costs, CostRow{Day: day.Format("2006-01-02"), Account: id, Service: "AWS CloudTrail",
					UsageType: UsageCode(region) + "-FreeEventsRecorded", Quantity: events})
				if i == IdxDuplicate {
					w.Costs = append(w.Costs, CostRow{Day: day.Format("2006-01-02"), Account: id, Service: "AWS CloudTrail",
						UsageType: UsageCode(region) + "-PaidEventsRecorded", Quantity: events, Cost: events / 1e5 * 2})
				}
				if i == IdxDataEvents && ri == len(s.Regions)-1 {
					w.Costs = append(w.Costs, CostRow{Day: day.Format("2006-01-02"), Account: id, Service: "AWS CloudTrail",
						UsageType: UsageCode(region) + "-DataEventsRecorded", Quantity: 5000 + float64(d), Cost: (5000 + float64(d)) / 1e5 * 0.1})
				}
				if i == IdxAudit && ri == 0 {
					w.Costs = append(w.Costs, CostRow{Day: day.Format("2006-01-02"), Account: id, Service: "AWS CloudTrail",
						UsageType: UsageCode(region) + "-Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs", Quantity: 0.5, Cost: 0.375})
				}
				if s.CloudWatchLogs {
					gb, day := CloudWatchGB(i, ri, d), day.Format("2006-01-02")
					w.Costs = append(w.Costs,
						CostRow{Day: day, Account: id, Service: "AmazonCloudWatch", UsageType: UsageCode(region) + "-DataProcessing-Bytes", Quantity: gb, Cost: gb * 0.5},
						CostRow{Day: day, Account: id, Service: "AmazonCloudWatch", UsageType: UsageCode(region) + "-TimedStorage-ByteHrs", Quantity: gb * float64(d+1) / 30, Cost: gb * float64(d+1) / 30 * 0.03},
						CostRow{Day: day, Account: id, Service: "AmazonCloudWatch", UsageType: UsageCode(region) + "-CW:Requests", Quantity: float64(100 + i), Cost: 0})
				}
				for f := 0; f < s.FilesPerDay; f++ {
					g.Objects = append(g.Objects, logObject(g.Bucket, w.OrgID, id, region, day, f, 1+i%5+f))
				}
				// one digest file a day: not a log file
				g.Objects = append(g.Objects, S3Object{Bucket: g.Bucket,
					Key: fmt.Sprintf("AWSLogs/%s/%s/CloudTrail-Digest/%s/%s/%s_CloudTrail-Digest_%s_org-trail_%s_%sT000000Z.json.gz",
						w.OrgID, id, region, day.Format("2006/01/02"), id, region, s.Regions[0], day.Format("20060102")),
					Body: []byte(`{"digest":true}`)})
			}
		}
	}
	// A log file the day before the period, which the listing must not count.
	g.Objects = append(g.Objects, logObject(g.Bucket, w.OrgID, AccountID(6), s.Regions[0], start.AddDate(0, 0, -1), 0, 3))
	g.World = w
	return g
}

// UsageCode is the billing region code the generator writes usage types with.
func UsageCode(region string) string {
	for code, r := range map[string]string{"USE1": "us-east-1", "EUW1": "eu-west-1", "APN1": "ap-northeast-1", "USW2": "us-west-2", "SAE1": "sa-east-1"} {
		if r == region {
			return code
		}
	}
	return "USE1"
}

// logObject is a small, real-shaped gzip log file with n records.
func logObject(bucket, org, account, region string, day time.Time, file, n int) S3Object {
	at := day.Add(time.Duration(file*5+5) * time.Minute)
	var buf bytes.Buffer
	buf.WriteString(`{"Records":[`)
	for k := 0; k < n; k++ {
		if k > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"eventVersion":"1.08","eventTime":"%s","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"%s","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management"}`,
			at.Format(time.RFC3339), region, account)
	}
	buf.WriteString(`]}`)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(buf.Bytes())
	_ = zw.Close()
	return S3Object{
		Bucket: bucket,
		Key: fmt.Sprintf("AWSLogs/%s/%s/CloudTrail/%s/%s/%s_CloudTrail_%s_%s_%04dabcdEFGH%04d.json.gz",
			org, account, region, day.Format("2006/01/02"), account, region, at.Format("20060102T1504Z"), file, n),
		Body: gz.Bytes(),
	}
}
