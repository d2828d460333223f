package fakeaws

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"
)

// RoleKey is the access key id the fake STS hands out for a role in account.
func RoleKey(account string) string { return "ASIAFAKE" + account }

// serveSTS answers the STS Query protocol (form-encoded POST, XML answer):
// AssumeRole only.
func (f *Fake) serveSTS(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeSTSError(w, 400, "Sender", "MalformedInput", err.Error())
		return
	}
	action := r.PostForm.Get("Action")
	call, ft := f.record("sts:"+action, r)
	if ft != nil && answerFault(w, r, ft, faultAnswers{
		throttle: newErr(400, "Throttling", "Rate exceeded"),
		deny:     newErr(403, "AccessDenied", "not authorized to perform: sts:AssumeRole"),
		server:   newErr(500, "InternalFailure", "internal error"),
		expired:  newErr(400, "ExpiredToken", "The security token included in the request is expired"),
	}, func(w http.ResponseWriter, e *apiError) {
		typ := "Sender" // the client's fault, or the service's ("Receiver")
		if e.status >= 500 {
			typ = "Receiver"
		}
		writeSTSError(w, e.status, typ, e.code, e.msg)
	}) {
		return
	}
	if action != "AssumeRole" {
		writeSTSError(w, 400, "Sender", "InvalidAction", "not faked: sts:"+action)
		return
	}
	arn := r.PostForm.Get("RoleArn")
	// arn:aws:iam::<account>:role/<name>
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || !strings.HasPrefix(parts[5], "role/") {
		writeSTSError(w, 400, "Sender", "ValidationError", "invalid RoleArn "+arn)
		return
	}
	target := parts[4]
	world := f.World()
	acct, ok := world.account(target)
	if !ok || acct.DenyAssumeRole || acct.Status != "ACTIVE" || call.Account == "" ||
		acct.ExternalID != "" && r.PostForm.Get("ExternalId") != acct.ExternalID {
		writeSTSError(w, 403, "Sender", "AccessDenied",
			"User: arn:aws:sts::"+accountOf(call)+":assumed-role/fake is not authorized to perform: sts:AssumeRole on resource: "+arn)
		return
	}
	key := RoleKey(target)
	f.mu.Lock()
	f.keys[key] = target
	f.mu.Unlock()
	session := r.PostForm.Get("RoleSessionName")
	type creds struct {
		AccessKeyID     string `xml:"AccessKeyId"`
		SecretAccessKey string `xml:"SecretAccessKey"`
		SessionToken    string `xml:"SessionToken"`
		Expiration      string `xml:"Expiration"`
	}
	type user struct {
		Arn           string `xml:"Arn"`
		AssumedRoleID string `xml:"AssumedRoleId"`
	}
	type result struct {
		Credentials     creds `xml:"Credentials"`
		AssumedRoleUser user  `xml:"AssumedRoleUser"`
	}
	type response struct {
		XMLName   xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ AssumeRoleResponse"`
		Result    result   `xml:"AssumeRoleResult"`
		RequestID string   `xml:"ResponseMetadata>RequestId"`
	}
	out := response{
		Result: result{
			Credentials: creds{key, "fake-secret", "fake-session-token-" + target, time.Now().Add(time.Hour).UTC().Format(time.RFC3339)},
			AssumedRoleUser: user{
				Arn:           "arn:aws:sts::" + target + ":assumed-role/" + strings.TrimPrefix(parts[5], "role/") + "/" + session,
				AssumedRoleID: "AROAFAKE" + target + ":" + session,
			},
		},
		RequestID: "fake-request",
	}
	w.Header().Set("Content-Type", "text/xml")
	_ = xml.NewEncoder(w).Encode(out)
}

func writeSTSError(w http.ResponseWriter, status int, typ, code, msg string) {
	type errBody struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	type response struct {
		XMLName   xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ ErrorResponse"`
		Error     errBody  `xml:"Error"`
		RequestID string   `xml:"RequestId"`
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_ = xml.NewEncoder(w).Encode(response{Error: errBody{typ, code, msg}, RequestID: "fake-request"})
}
