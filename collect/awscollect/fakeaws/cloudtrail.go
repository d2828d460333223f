package fakeaws

import (
	"sort"
	"strings"
	"time"
)

// cloudTrail answers the CloudTrail actions the collectors call, for the
// account whose credentials signed the request, in the signing region.
func (f *Fake) cloudTrail(c Call, op string, in map[string]any) (any, *apiError) {
	w := f.World()
	acct, ok := w.account(c.Account)
	if !ok {
		return nil, newErr(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
	}
	switch op {
	case "DescribeTrails":
		shadows := true
		if v, ok := in["includeShadowTrails"].(bool); ok {
			shadows = v
		}
		var list []map[string]any
		for _, o := range w.Accounts {
			for _, t := range o.Trails {
				mine := o.ID == acct.ID
				visible := mine && t.HomeRegion == c.Region ||
					shadows && t.MultiRegion && (mine || t.Organization) ||
					shadows && t.Organization && t.HomeRegion == c.Region
				if visible {
					list = append(list, trailJSON(o.ID, t))
				}
			}
		}
		return map[string]any{"trailList": nonNil(list)}, nil
	case "GetEventSelectors":
		owner, t, err := w.trail(acct.ID, c.Region, str(in, "TrailName"))
		if err != nil {
			return nil, err
		}
		out := map[string]any{"TrailARN": trailARN(owner, t)}
		if len(t.AdvancedEventSelectors) > 0 {
			out["AdvancedEventSelectors"] = t.AdvancedEventSelectors
		} else {
			out["EventSelectors"] = t.EventSelectors
		}
		return out, nil
	case "GetTrailStatus":
		_, t, err := w.trail(acct.ID, c.Region, str(in, "Name"))
		if err != nil {
			return nil, err
		}
		out := map[string]any{"IsLogging": t.Logging}
		if t.Logging {
			out["LatestDeliveryTime"] = float64(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC).Unix())
			out["StartLoggingTime"] = float64(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
		}
		return out, nil
	case "ListEventDataStores":
		var stores []map[string]any
		for _, e := range acct.EventDataStores {
			if e.Region == c.Region {
				stores = append(stores, map[string]any{
					"EventDataStoreArn":   storeARN(acct.ID, e),
					"Name":                e.Name,
					"Status":              "ENABLED",
					"MultiRegionEnabled":  true,
					"OrganizationEnabled": e.Organization,
					"RetentionPeriod":     e.RetentionDays,
				})
			}
		}
		items, next, err := page(stores, str(in, "NextToken"), w.PageSize)
		if err != nil {
			return nil, err
		}
		return withToken(map[string]any{"EventDataStores": nonNil(items)}, "NextToken", next), nil
	case "GetEventDataStore":
		arn := str(in, "EventDataStore")
		for _, e := range acct.EventDataStores {
			if e.Region == c.Region && (arn == storeARN(acct.ID, e) || arn == e.Name) {
				return map[string]any{
					"EventDataStoreArn":   storeARN(acct.ID, e),
					"Name":                e.Name,
					"Status":              "ENABLED",
					"MultiRegionEnabled":  true,
					"OrganizationEnabled": e.Organization,
					"RetentionPeriod":     e.RetentionDays,
					"BillingMode":         e.BillingMode,
				}, nil
			}
		}
		return nil, newErr(400, "EventDataStoreNotFoundException", "The specified event data store was not found.")
	case "LookupEvents":
		return f.lookupEvents(acct, c.Region, in, w.PageSize)
	}
	return nil, newErr(400, "UnknownOperationException", "not faked: cloudtrail:"+op)
}

func (f *Fake) lookupEvents(acct Account, region string, in map[string]any, size int) (any, *apiError) {
	start, _ := in["StartTime"].(float64)
	end, _ := in["EndTime"].(float64)
	var evs []LookupEvent
	for _, e := range acct.Lookup[region] {
		t := float64(e.Time.Unix())
		if (start == 0 || t >= start) && (end == 0 || t <= end) {
			evs = append(evs, e)
		}
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Time.After(evs[j].Time) })
	if mr, ok := in["MaxResults"].(float64); ok && int(mr) > 0 && int(mr) < size {
		size = int(mr)
	}
	items, next, err := page(evs, str(in, "NextToken"), size)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(items))
	for i, e := range items {
		ro := "false"
		if e.ReadOnly {
			ro = "true"
		}
		out = append(out, map[string]any{
			"EventId":     errf("%s-%s-%d-%d", acct.ID, region, e.Time.Unix(), i),
			"EventName":   e.Name,
			"ReadOnly":    ro,
			"EventTime":   float64(e.Time.Unix()),
			"EventSource": e.Source,
			"Username":    "fake",
			"Resources":   []any{},
			"CloudTrailEvent": errf(`{"eventVersion":"1.08","eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"%s","readOnly":%s,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management"}`,
				e.Time.UTC().Format(time.RFC3339), e.Source, e.Name, region, ro, acct.ID),
		})
	}
	return withToken(map[string]any{"Events": out}, "NextToken", next), nil
}

func trailARN(owner string, t Trail) string {
	return "arn:aws:cloudtrail:" + t.HomeRegion + ":" + owner + ":trail/" + t.Name
}

func storeARN(owner string, e EventDataStore) string {
	return "arn:aws:cloudtrail:" + e.Region + ":" + owner + ":eventdatastore/" + e.Name
}

func trailJSON(owner string, t Trail) map[string]any {
	m := map[string]any{
		"Name":                       t.Name,
		"S3BucketName":               t.Bucket,
		"IncludeGlobalServiceEvents": true,
		"IsMultiRegionTrail":         t.MultiRegion,
		"HomeRegion":                 t.HomeRegion,
		"TrailARN":                   trailARN(owner, t),
		"LogFileValidationEnabled":   true,
		"HasCustomEventSelectors":    len(t.EventSelectors)+len(t.AdvancedEventSelectors) > 0,
		"HasInsightSelectors":        false,
		"IsOrganizationTrail":        t.Organization,
	}
	if t.CloudWatchLogsLogGroupArn != "" {
		m["CloudWatchLogsLogGroupArn"] = t.CloudWatchLogsLogGroupArn
		m["CloudWatchLogsRoleArn"] = "arn:aws:iam::" + owner + ":role/CloudTrail_CloudWatchLogs_Role"
	}
	return m
}

func (w World) account(id string) (Account, bool) {
	for _, a := range w.Accounts {
		if a.ID == id {
			return a, true
		}
	}
	return Account{}, false
}

// trail finds a trail by name or ARN for a caller: its own trails, or the
// organization trail, asked in the trail's home region.
func (w World) trail(caller, region, name string) (string, Trail, *apiError) {
	for _, o := range w.Accounts {
		for _, t := range o.Trails {
			if name != t.Name && name != trailARN(o.ID, t) {
				continue
			}
			if o.ID != caller && !(t.Organization && strings.HasPrefix(name, "arn:")) {
				continue
			}
			if t.HomeRegion != region {
				return "", Trail{}, newErr(400, "TrailNotFoundException", "Trail "+name+" is not in region "+region)
			}
			return o.ID, t, nil
		}
	}
	return "", Trail{}, newErr(400, "TrailNotFoundException", "Unknown trail: "+name+" for the user: "+caller)
}
