package plan

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
)

// iamMatch is IAM's wildcard match, written apart from anything the
// package does: * is any run of characters (slashes included), ? is one
// character, everything else matches itself, case-sensitively.
func iamMatch(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if iamMatch(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && iamMatch(pattern[1:], s[1:])
	}
	return s != "" && s[0] == pattern[0] && iamMatch(pattern[1:], s[1:])
}

func TestIAMMatch(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"a/*", "a/b/c", true}, {"a/*", "a", false}, {"a?c", "abc", true}, {"a?c", "ac", false},
		{"*", "", true}, {"a*b*c", "axxbyyc", true}, {"a*b*c", "axxbyy", false}, {"A", "a", false},
	} {
		if got := iamMatch(c.p, c.s); got != c.want {
			t.Errorf("iamMatch(%q, %q) = %v", c.p, c.s, got)
		}
	}
}

// request is one S3 request as a bucket policy sees it.
type request struct {
	account, orgID, principalARN string
	action, resource             string
	prefix                       string // s3:prefix, for ListBucket
}

// context is the request's condition keys.
func (r request) context() map[string]string {
	c := map[string]string{"aws:PrincipalAccount": r.account, "aws:PrincipalOrgID": r.orgID, "aws:PrincipalArn": r.principalARN}
	if r.prefix != "" {
		c["s3:prefix"] = r.prefix
	}
	return c
}

// substitute replaces the policy variables with the request's values.
func substitute(s string, ctx map[string]string) string {
	for k, v := range ctx {
		s = strings.ReplaceAll(s, "${"+k+"}", v)
	}
	return s
}

// allows says whether an Allow statement of the policy grants the request
// (the policy has no Deny; conditions are all of StringEquals, StringLike,
// ArnLike on the keys the request carries).
func allows(t *testing.T, policyJSON []byte, r request) bool {
	t.Helper()
	var doc struct{ Statement []map[string]any }
	if err := json.Unmarshal(policyJSON, &doc); err != nil {
		t.Fatal(err)
	}
	ctx := r.context()
	for _, st := range doc.Statement {
		if st["Effect"] == "Allow" && principalMatches(st["Principal"], r) && anyMatch(st["Action"], r.action, ctx) &&
			anyMatch(st["Resource"], r.resource, ctx) && conditionsHold(st["Condition"], ctx) {
			return true
		}
	}
	return false
}

func principalMatches(p any, r request) bool {
	m, _ := p.(map[string]any)
	ids, _ := strings1(m["AWS"])
	for _, id := range ids {
		if id == "*" || id == "arn:aws:iam::"+r.account+":root" {
			return true
		}
	}
	return false
}

func anyMatch(patterns any, s string, ctx map[string]string) bool {
	list, _ := strings1(patterns)
	for _, p := range list {
		if iamMatch(substitute(p, ctx), s) {
			return true
		}
	}
	return false
}

func conditionsHold(c any, ctx map[string]string) bool {
	m, _ := c.(map[string]any)
	for op, block := range m {
		for key, want := range block.(map[string]any) {
			got, ok := ctx[key]
			if !ok {
				return false
			}
			values, _ := strings1(want)
			hit := false
			for _, v := range values {
				v = substitute(v, ctx)
				hit = hit || (op == "StringEquals" && v == got) || ((op == "StringLike" || op == "ArnLike") && iamMatch(v, got))
			}
			if !hit {
				return false
			}
		}
	}
	return true // every condition held (or there were none)
}

// buildSmall plans a strategy on the small sample and the default
// scenario, after edit.
func buildSmall(t *testing.T, strategy string, edit func(*Request)) *Plan {
	t.Helper()
	d, err := fixtures.Load("small")
	if err != nil {
		t.Fatal(err)
	}
	r := Request{Strategy: strategy, Dataset: d, Scenario: model.DefaultScenario().Resolve(d)}
	if edit != nil {
		edit(&r)
	}
	p, err := Build(r)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func artefact(t *testing.T, p *Plan, path string) []byte {
	t.Helper()
	for _, a := range p.Artefacts {
		if a.Path == path {
			return a.Content
		}
	}
	t.Fatalf("%s: no %s", p.Strategy, path)
	return nil
}

// The small sample's facts, written out rather than read from the plan.
const (
	smallOrg    = "o-z095rd9f5x"
	smallBucket = "cloudtrail-org-625555194159-us-east-1"
	accountA    = "344581535887" // mobile-prod
	accountB    = "445568024791" // warehouse-prod
)

// objectKeys are the keys an organization trail writes for one account:
// log files, digest files, Insights files, in several regions.
func objectKeys(account string) []string {
	base := "AWSLogs/" + smallOrg + "/" + account + "/"
	return []string{
		base + "CloudTrail/us-east-1/2026/09/01/" + account + "_CloudTrail_us-east-1_20260901T0005Z_Ab12Cd34Ef56Gh78.json.gz",
		base + "CloudTrail/eu-west-1/2026/09/30/" + account + "_CloudTrail_eu-west-1_20260930T2355Z_Zz99Yy88Xx77Ww66.json.gz",
		base + "CloudTrail-Digest/us-east-1/2026/09/01/" + account + "_CloudTrail-Digest_us-east-1_organization-trail_us-east-1_20260901T010000Z.json.gz",
		base + "CloudTrail-Insight/us-west-2/2026/09/02/" + account + "_CloudTrail-Insight_us-west-2_20260902T1200Z_Qq11Rr22Ss33Tt44.json.gz",
	}
}

// With the policy variable, account A's principals read every one of A's
// objects, digest files included, and none of B's; a principal outside the
// organization reads nothing; listing works for A's prefix only.
func TestPolicyVariableLetsEachAccountReadOnlyItsOwnPrefix(t *testing.T) {
	pol := artefact(t, buildSmall(t, "org-trail/policy-variable", nil), "bucket-policy.json")
	checkOwnPrefixOnly(t, pol, smallOrg)
	outsider := request{account: accountA, orgID: "o-someoneelse", action: "s3:GetObject",
		resource: "arn:aws:s3:::" + smallBucket + "/" + objectKeys(accountA)[0]}
	if allows(t, pol, outsider) {
		t.Error("a principal of another organization reads A's logs")
	}
	for _, c := range []struct {
		prefix string
		want   bool
	}{
		{"AWSLogs/" + smallOrg + "/" + accountA + "/", true},
		{"AWSLogs/" + smallOrg + "/" + accountA + "/CloudTrail-Digest/", true},
		{"AWSLogs/" + smallOrg + "/" + accountB + "/", false},
		{"AWSLogs/" + smallOrg + "/", false},
		{"", false},
	} {
		r := request{account: accountA, orgID: smallOrg, action: "s3:ListBucket", resource: "arn:aws:s3:::" + smallBucket, prefix: c.prefix}
		if got := allows(t, pol, r); got != c.want {
			t.Errorf("A lists %q: %v, want %v", c.prefix, got, c.want)
		}
	}
}

// checkOwnPrefixOnly: A reads A's objects, not B's, and B the reverse.
func checkOwnPrefixOnly(t *testing.T, pol []byte, orgID string) {
	t.Helper()
	for _, who := range [][2]string{{accountA, accountB}, {accountB, accountA}} {
		me, other := who[0], who[1]
		for _, key := range objectKeys(me) {
			r := request{account: me, orgID: orgID, action: "s3:GetObject", resource: "arn:aws:s3:::" + smallBucket + "/" + key}
			if !allows(t, pol, r) {
				t.Errorf("%s cannot read its own %s", me, key)
			}
		}
		for _, key := range objectKeys(other) {
			r := request{account: me, orgID: orgID, action: "s3:GetObject", resource: "arn:aws:s3:::" + smallBucket + "/" + key}
			if allows(t, pol, r) {
				t.Errorf("%s reads %s", me, key)
			}
		}
	}
}

// The per-account policy grants the same, one account at a time.
func TestPerAccountPolicyLetsEachAccountReadOnlyItsOwnPrefix(t *testing.T) {
	pol := artefact(t, buildSmall(t, "org-trail/per-account-policy", nil), "bucket-policy.json")
	checkOwnPrefixOnly(t, pol, smallOrg)
}

// Without member access, no member reads anything.
func TestNoMemberAccessGrantsNoMember(t *testing.T) {
	pol := artefact(t, buildSmall(t, "org-trail", nil), "bucket-policy.json")
	r := request{account: accountA, orgID: smallOrg, action: "s3:GetObject", resource: "arn:aws:s3:::" + smallBucket + "/" + objectKeys(accountA)[0]}
	if allows(t, pol, r) {
		t.Error("a member reads logs with member access none")
	}
}

// Under replication, an account's replication role writes replicas under
// its own account's prefix only, and no other role of it writes at all.
func TestReplicaPolicyKeepsEachAccountToItsPrefix(t *testing.T) {
	pol := artefact(t, buildSmall(t, "trails-replication", nil), "central-bucket/bucket-policy.json")
	key := func(a string) string {
		return "arn:aws:s3:::" + smallBucket + "/AWSLogs/" + a + "/CloudTrail/us-east-1/2026/09/01/" + a + "_CloudTrail_us-east-1_20260901T0005Z_x.json.gz"
	}
	role := "arn:aws:iam::" + accountA + ":role/" + ReplicationRoleName
	for _, c := range []struct {
		arn, resource string
		want          bool
	}{
		{role, key(accountA), true},
		{role, key(accountB), false},
		{"arn:aws:iam::" + accountA + ":role/SomethingElse", key(accountA), false},
	} {
		r := request{account: accountA, orgID: smallOrg, principalARN: c.arn, action: "s3:ReplicateObject", resource: c.resource}
		if got := allows(t, pol, r); got != c.want {
			t.Errorf("%s replicates to %s: %v, want %v", c.arn, c.resource, got, c.want)
		}
	}
}
