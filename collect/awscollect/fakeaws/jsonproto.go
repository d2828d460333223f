package fakeaws

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// targets maps the X-Amz-Target prefix of each JSON 1.1 service to the IAM
// service prefix its actions are named with.
var targets = map[string]string{
	"AWSOrganizationsV20161128": "organizations",
	"AWSInsightsIndexService":   "ce",
	"CloudTrail_20131101":       "cloudtrail",
}

// apiError is a JSON 1.1 error answer.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.code + ": " + e.msg }

func newErr(status int, code, msg string) *apiError { return &apiError{status, code, msg} }

func (f *Fake) serveJSON(w http.ResponseWriter, r *http.Request, target string, body []byte) {
	prefix, op, _ := strings.Cut(target, ".")
	svc, ok := targets[prefix]
	if !ok {
		writeJSONError(w, newErr(400, "UnknownOperationException", "unknown target "+target))
		return
	}
	action := svc + ":" + op
	call, ft := f.record(action, r)
	if ft != nil && answerFault(w, r, ft, faultAnswers{
		throttle: newErr(400, "ThrottlingException", "Rate exceeded"),
		deny:     newErr(400, "AccessDeniedException", "User: arn:aws:sts::"+accountOf(call)+":assumed-role/fake is not authorized to perform: "+action),
		server:   newErr(500, "InternalFailure", "We encountered an internal error. Please try again."),
		expired:  newErr(400, "ExpiredTokenException", "The security token included in the request is expired"),
	}, writeJSONError) {
		return
	}
	var in map[string]any
	if len(body) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			writeJSONError(w, newErr(400, "SerializationException", err.Error()))
			return
		}
	}
	repeat := ft != nil && ft.kind == RepeatToken
	if repeat {
		delete(in, "NextToken") // the same first page, whatever token was sent
	}
	var out any
	var err *apiError
	switch svc {
	case "organizations":
		out, err = f.organizations(call, op, in)
	case "ce":
		out, err = f.costExplorer(call, op, in)
	case "cloudtrail":
		out, err = f.cloudTrail(call, op, in)
	}
	if err != nil {
		writeJSONError(w, err)
		return
	}
	if m, ok := out.(map[string]any); ok && repeat {
		m["NextToken"] = RepeatedToken
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-RequestId", "fake-request")
	_ = json.NewEncoder(w).Encode(out)
}

// writeJSONError writes the JSON 1.1 error shape: the code in __type and in
// the X-Amzn-ErrorType header, the message in "message".
func writeJSONError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.Header().Set("X-Amzn-RequestId", "fake-request")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": e.code, "message": e.msg})
}

// str reads a string field of a request.
func str(in map[string]any, k string) string {
	s, _ := in[k].(string)
	return s
}

// page cuts items into a page: the token is the base64 offset.
func page[T any](items []T, token string, size int) ([]T, string, *apiError) {
	start, end, next, err := pageBounds(len(items), token, size)
	if err != nil {
		return nil, "", err
	}
	return items[start:end], next, nil
}

// pageIndexed is page over n items made by item, making only the page's.
func pageIndexed[T any](n int, item func(int) T, token string, size int) ([]T, string, *apiError) {
	start, end, next, err := pageBounds(n, token, size)
	if err != nil {
		return nil, "", err
	}
	out := make([]T, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, item(i))
	}
	return out, next, nil
}

// pageBounds are the page of n items at the token (a base64 offset),
// items [start, end), and the next page's token ("" at the end).
func pageBounds(n int, token string, size int) (int, int, string, *apiError) {
	start := 0
	if token != "" {
		b, err := base64.StdEncoding.DecodeString(token)
		if err != nil {
			return 0, 0, "", newErr(400, "InvalidNextTokenException", "The provided token is not valid.")
		}
		start, err = strconv.Atoi(string(b))
		if err != nil || start < 0 || start > n {
			return 0, 0, "", newErr(400, "InvalidNextTokenException", "The provided token is not valid.")
		}
	}
	end := min(start+size, n)
	next := ""
	if end < n {
		next = base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	return start, end, next, nil
}

// withToken adds the next-page token under key when there is one.
func withToken(out map[string]any, key, next string) map[string]any {
	if next != "" {
		out[key] = next
	}
	return out
}
