package fakeaws

import (
	"encoding/json"
	"net/http"
)

// TelemetryRule is a CloudWatch telemetry enablement rule, as
// GetTelemetryRule describes it (CloudWatch Observability Admin API
// reference, TelemetryRule and TelemetryDestinationConfiguration).
type TelemetryRule struct {
	Name   string
	Region string
	// ResourceType is the rule's AWS resource type: "AWS::CloudTrail",
	// "AWS::EC2::VPC", ...
	ResourceType  string
	Scope         string // an organization rule's accounts or OUs
	AllRegions    bool
	RetentionDays int
	// AdvancedEventSelectors are a CloudTrail rule's
	// (DestinationConfiguration.CloudtrailParameters).
	AdvancedEventSelectors []AdvancedEventSelector
}

// observabilityAdminOps are the operations the fake answers, each a POST
// to /<Operation> with a JSON body (REST-JSON).
var observabilityAdminOps = map[string]bool{
	"ListTelemetryRules": true, "GetTelemetryRule": true,
	"ListTelemetryRulesForOrganization": true, "GetTelemetryRuleForOrganization": true,
}

// serveObservabilityAdmin answers CloudWatch Observability Admin's rule
// reads for the account that signed, in the signing region: an account's
// own rules, or (the management account only) the organization's.
func (f *Fake) serveObservabilityAdmin(w http.ResponseWriter, r *http.Request, op string, body []byte) {
	action := "observabilityadmin:" + op
	call, ft := f.record(action, r)
	if ft != nil && answerFault(w, r, ft, faultAnswers{
		throttle: newErr(429, "TooManyRequestsException", "Rate exceeded"),
		deny:     newErr(403, "AccessDeniedException", "User: arn:aws:sts::"+accountOf(call)+":assumed-role/fake is not authorized to perform: "+action),
		server:   newErr(500, "InternalServerException", "internal error"),
		expired:  newErr(403, "ExpiredTokenException", "The security token included in the request is expired"),
	}, writeRESTError) {
		return
	}
	var in map[string]any
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			writeRESTError(w, newErr(400, "ValidationException", err.Error()))
			return
		}
	}
	repeat := ft != nil && ft.kind == RepeatToken
	if repeat {
		delete(in, "NextToken")
	}
	out, err := f.telemetryRules(call, op, in)
	if err != nil {
		writeRESTError(w, err)
		return
	}
	if repeat {
		out["NextToken"] = RepeatedToken
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-RequestId", "fake-request")
	_ = json.NewEncoder(w).Encode(out)
}

// telemetryRules lists or describes the rules the caller may see.
func (f *Fake) telemetryRules(c Call, op string, in map[string]any) (map[string]any, *apiError) {
	w := f.World()
	acct, ok := w.account(c.Account)
	if !ok {
		return nil, newErr(403, "AccessDeniedException", "The security token included in the request is invalid.")
	}
	rules, kind := acct.TelemetryRules, "telemetry-rule"
	if op == "ListTelemetryRulesForOrganization" || op == "GetTelemetryRuleForOrganization" {
		if acct.ID != w.ManagementAccount {
			return nil, newErr(403, "AccessDeniedException", "only the organization's management account or a delegated administrator may call "+op)
		}
		rules, kind = w.OrgTelemetryRules, "organization-telemetry-rule"
	}
	var mine []TelemetryRule
	for _, t := range rules {
		if t.Region == c.Region {
			mine = append(mine, t)
		}
	}
	arn := func(t TelemetryRule) string {
		return "arn:aws:observabilityadmin:" + t.Region + ":" + acct.ID + ":" + kind + "/" + t.Name
	}
	if op == "GetTelemetryRule" || op == "GetTelemetryRuleForOrganization" {
		id := str(in, "RuleIdentifier")
		for _, t := range mine {
			if id == t.Name || id == arn(t) {
				return map[string]any{"RuleName": t.Name, "RuleArn": arn(t), "CreatedTimeStamp": 1767225600000, "TelemetryRule": ruleJSON(t)}, nil
			}
		}
		return nil, newErr(404, "ResourceNotFoundException", "no telemetry rule "+id)
	}
	size := w.PageSize
	if mr, ok := in["MaxResults"].(float64); ok && int(mr) > 0 && int(mr) < size {
		size = int(mr)
	}
	items, next, err := page(mine, str(in, "NextToken"), size)
	if err != nil {
		return nil, err
	}
	summaries := []map[string]any{}
	for _, t := range items {
		summaries = append(summaries, map[string]any{"RuleName": t.Name, "RuleArn": arn(t), "ResourceType": t.ResourceType,
			"TelemetryType": "Logs", "CreatedTimeStamp": 1767225600000, "LastUpdateTimeStamp": 1767225600000})
	}
	return withToken(map[string]any{"TelemetryRuleSummaries": summaries}, "NextToken", next), nil
}

// ruleJSON is a rule's TelemetryRule shape.
func ruleJSON(t TelemetryRule) map[string]any {
	dest := map[string]any{"DestinationType": "cloud-watch-logs"}
	if t.RetentionDays > 0 {
		dest["RetentionInDays"] = t.RetentionDays
	}
	if t.ResourceType == "AWS::CloudTrail" {
		dest["CloudtrailParameters"] = map[string]any{"AdvancedEventSelectors": t.AdvancedEventSelectors}
	}
	out := map[string]any{"TelemetryType": "Logs", "ResourceType": t.ResourceType, "DestinationConfiguration": dest}
	if t.Scope != "" {
		out["Scope"] = t.Scope
	}
	if t.AllRegions {
		out["AllRegions"] = true
	}
	return out
}

// writeRESTError writes the REST-JSON error shape: the code in the
// X-Amzn-ErrorType header and the body's "code", the message in "message".
func writeRESTError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.Header().Set("X-Amzn-RequestId", "fake-request")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": e.code, "message": e.msg})
}
