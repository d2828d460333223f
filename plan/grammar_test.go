package plan

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// tb is what the checks report to: a test, or a recorder.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// recorder notes that a check failed; Fatalf stops the check.
type recorder struct{ failed bool }

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; panic("fatal") }

// realActions reads testdata/iam-actions.txt.
func realActions(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("testdata/iam-actions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out[l] = true
		}
	}
	return out
}

// arnShapes are the ARNs a policy of the plan may name, by service.
var arnShapes = []*regexp.Regexp{
	regexp.MustCompile(`^arn:aws:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\s]*)?$`),
	regexp.MustCompile(`^arn:aws:iam::(\d{12}|\*):(root|role/[\w+=,.@/*-]+)$`),
	regexp.MustCompile(`^arn:aws:cloudtrail:([a-z]{2}(-[a-z]+)+-\d|\*):\d{12}:trail/[\w.*-]+$`),
	regexp.MustCompile(`^arn:aws:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:(key/[\w*-]+|alias/[\w/-]+)$`),
	regexp.MustCompile(`^arn:aws:logs:[a-z]{2}(-[a-z]+)+-\d:\d{12}:log-group:[\w./#-]+(:log-stream:[\w.*-]+)?$`),
}

// conditionOperators and conditionKeys are what the policies may test.
// Keys: the IAM global condition keys and the S3 and KMS keys of the
// Service Authorization Reference.
var conditionOperators = map[string]bool{"StringEquals": true, "StringLike": true, "StringNotEquals": true, "ArnLike": true, "ArnEquals": true, "Bool": true}
var conditionKeys = regexp.MustCompile(`^(aws:(SourceArn|SourceAccount|PrincipalOrgID|PrincipalArn|PrincipalAccount|SecureTransport)|s3:(x-amz-acl|prefix)|kms:(ViaService|CallerAccount|EncryptionContext:aws:(cloudtrail|s3):arn))$`)

// strings1 is a string or a non-empty list of strings, as a policy element.
func strings1(v any) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []any:
		var out []string
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, len(out) > 0
	}
	return nil, false
}

// checkPolicy checks one document against IAM's policy grammar.
func checkPolicy(t tb, where string, doc map[string]any, actions map[string]bool) {
	t.Helper()
	if doc["Version"] != "2012-10-17" {
		t.Errorf("%s: Version %v", where, doc["Version"])
	}
	for k := range doc {
		if k != "Version" && k != "Statement" && k != "Id" {
			t.Errorf("%s: unknown element %q", where, k)
		}
	}
	list, ok := doc["Statement"].([]any)
	if !ok || len(list) == 0 {
		t.Fatalf("%s: Statement is not a list of statements: %v", where, doc["Statement"])
	}
	sids := map[string]bool{}
	resourcePolicy := list[0].(map[string]any)["Principal"] != nil
	for i, raw := range list {
		st, ok := raw.(map[string]any)
		if !ok {
			t.Fatalf("%s: statement %d is %T", where, i, raw)
		}
		sid, _ := st["Sid"].(string)
		if !regexp.MustCompile(`^[A-Za-z0-9]+$`).MatchString(sid) || sids[sid] {
			t.Errorf("%s: statement %d: Sid %q (letters and digits, unique)", where, i, sid)
		}
		sids[sid] = true
		checkStatement(t, where+": "+sid, st, resourcePolicy, actions)
	}
}

func checkStatement(t tb, where string, st map[string]any, resourcePolicy bool, actions map[string]bool) {
	t.Helper()
	for k := range st {
		if !map[string]bool{"Sid": true, "Effect": true, "Principal": true, "Action": true, "Resource": true, "Condition": true}[k] {
			t.Errorf("%s: unknown element %q", where, k)
		}
	}
	if st["Effect"] != "Allow" && st["Effect"] != "Deny" {
		t.Errorf("%s: Effect %v", where, st["Effect"])
	}
	checkPrincipal(t, where, st["Principal"], resourcePolicy)
	acts, ok := strings1(st["Action"])
	if !ok {
		t.Errorf("%s: Action %v", where, st["Action"])
	}
	for _, a := range acts {
		if !actionIsReal(a, actions) {
			t.Errorf("%s: action %q is no real action", where, a)
		}
	}
	trust := len(acts) == 1 && acts[0] == "sts:AssumeRole"
	res, ok := strings1(st["Resource"])
	if !ok && !trust {
		t.Errorf("%s: Resource %v", where, st["Resource"])
	}
	for _, r := range res {
		if r != "*" && !matchesAny(arnShapes, r) {
			t.Errorf("%s: resource %q is no ARN of a known shape", where, r)
		}
	}
	if c, ok := st["Condition"]; ok {
		checkCondition(t, where, c)
	}
}

func checkPrincipal(t tb, where string, p any, resourcePolicy bool) {
	t.Helper()
	if !resourcePolicy {
		if p != nil {
			t.Errorf("%s: identity policy statement with a Principal", where)
		}
		return
	}
	m, ok := p.(map[string]any)
	if !ok || len(m) != 1 {
		t.Fatalf("%s: Principal %v", where, p)
	}
	for kind, v := range m {
		ids, ok := strings1(v)
		if !ok {
			t.Errorf("%s: Principal %v", where, p)
		}
		for _, id := range ids {
			switch {
			case kind == "Service" && regexp.MustCompile(`^[a-z0-9-]+\.amazonaws\.com$`).MatchString(id):
			case kind == "AWS" && (id == "*" || arnShapes[1].MatchString(id)):
			default:
				t.Errorf("%s: principal %s %q", where, kind, id)
			}
		}
	}
}

func checkCondition(t tb, where string, c any) {
	t.Helper()
	m, ok := c.(map[string]any)
	if !ok || len(m) == 0 {
		t.Fatalf("%s: Condition %v", where, c)
	}
	for op, block := range m {
		if !conditionOperators[op] {
			t.Errorf("%s: condition operator %q", where, op)
		}
		keys, ok := block.(map[string]any)
		if !ok || len(keys) == 0 {
			t.Errorf("%s: %s block %v", where, op, block)
		}
		for k, v := range keys {
			if !conditionKeys.MatchString(k) {
				t.Errorf("%s: condition key %q", where, k)
			}
			if _, ok := strings1(v); !ok {
				t.Errorf("%s: %s %s value %v", where, op, k, v)
			}
		}
	}
}

// actionIsReal: a name on the list, or a wildcard matching one of them.
func actionIsReal(a string, actions map[string]bool) bool {
	if actions[a] {
		return true
	}
	if !strings.ContainsAny(a, "*?") {
		return false
	}
	for real := range actions {
		if iamMatch(strings.ToLower(a), strings.ToLower(real)) {
			return true
		}
	}
	return false
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// policiesIn finds every policy document in a decoded JSON or YAML value
// (a CloudFormation template holds several).
func policiesIn(v any, path string, found map[string]map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		if x["Version"] == "2012-10-17" && x["Statement"] != nil {
			found[path] = x
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			policiesIn(x[k], path+"."+k, found)
		}
	case []any:
		for i, e := range x {
			policiesIn(e, path+"["+strconv.Itoa(i)+"]", found)
		}
	}
}

// decode reads an artefact as JSON or YAML.
func decode(t *testing.T, a Artefact) any {
	t.Helper()
	var v any
	var err error
	switch {
	case strings.HasSuffix(a.Path, ".json"):
		err = json.Unmarshal(a.Content, &v)
	case strings.HasSuffix(a.Path, ".yaml"):
		err = yaml.Unmarshal(a.Content, &v)
	default:
		return nil
	}
	if err != nil {
		t.Fatalf("%s: %v", a.Path, err)
	}
	return v
}

// Every policy of every strategy, in every file and template, is an IAM
// policy: the grammar, real actions, ARNs of a known shape. The count of
// policies found keeps the test from passing on none.
func TestEveryPolicyParsesAsIAMGrammar(t *testing.T) {
	actions := realActions(t)
	// Policies per strategy without and with SSE-KMS (the key policy):
	// replication has the bucket's, and a role and trust per account.
	wantAtLeast := map[string][2]int{
		"org-trail": {1, 2}, "org-trail/per-account-policy": {1, 2}, "org-trail/policy-variable": {1, 2}, "org-trail/lake-formation": {1, 2},
		"trails-replication": {1 + 2*12, 2 + 2*12}, "trails-lake": {0, 0}, "cloudwatch-logs": {5, 5}, "security-lake": {1, 1},
	}
	for id, wants := range wantAtLeast {
		for i, kms := range []bool{false, true} {
			want := wants[i]
			p := buildSmall(t, id, func(r *Request) { r.Scenario.SSEKMS = kms; r.Scenario.ReplicationTimeControl = kms })
			found := map[string]map[string]any{}
			for _, a := range p.Artefacts {
				if v := decode(t, a); v != nil {
					policiesIn(v, a.Path, found)
				}
			}
			if len(found) < want {
				t.Errorf("%s (sse_kms %v): %d policies, want at least %d", id, kms, len(found), want)
			}
			for where, doc := range found {
				checkPolicy(t, id+": "+where, doc, actions)
			}
		}
	}
}

// The grammar check catches what it is for.
func TestGrammarCheckCatchesBadPolicies(t *testing.T) {
	actions := realActions(t)
	for _, bad := range []string{
		`{"Version":"2008-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Permit","Action":"s3:GetObject","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObjects","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3::bucket/x"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqual":{"aws:SourceArn":"x"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"123"},"Action":"s3:GetObject","Resource":"*"}]}`,
	} {
		var doc map[string]any
		if err := json.Unmarshal([]byte(bad), &doc); err != nil {
			t.Fatal(err)
		}
		inner := &recorder{}
		func() {
			defer func() { _ = recover() }()
			checkPolicy(inner, "bad", doc, actions)
		}()
		if !inner.failed {
			t.Errorf("accepted %s", bad)
		}
	}
}
