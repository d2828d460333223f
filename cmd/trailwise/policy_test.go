package main

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/collect/awscollect"
	"github.com/trailwise/trailwise/pricing/pricelist"
)

// The three policies together allow exactly the collector's actions, every
// one a read, and the management policy alone allows all of them.
func TestPolicyIAM(t *testing.T) {
	all := map[string]bool{}
	for _, who := range []string{"management", "member", "bucket"} {
		out, stderr, code := trailwise(t, ".", "policy", "iam", "--for", who, "--bucket", "org-trail-logs", "--role-name", "TrailwiseRead")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", who, code, stderr)
		}
		var p iamPolicy
		if err := json.Unmarshal([]byte(out), &p); err != nil {
			t.Fatalf("%s: %v\n%s", who, err, out)
		}
		if p.Version != "2012-10-17" || len(p.Statement) == 0 {
			t.Errorf("%s: %+v", who, p)
		}
		var mine []string
		for _, s := range p.Statement {
			if s.Effect != "Allow" || len(s.Resource) == 0 {
				t.Errorf("%s: %+v", who, s)
			}
			for _, a := range s.Action {
				all[a] = true
				mine = append(mine, a)
			}
		}
		if who == "management" {
			sort.Strings(mine)
			// The collector's actions, and the Price List read 'pricing refresh' makes.
			want := append(awscollect.IAMActions(), pricelist.IAMActions...)
			sort.Strings(want)
			if strings.Join(mine, " ") != strings.Join(want, " ") {
				t.Errorf("the management policy allows %v, the collector and refresh call %v", mine, want)
			}
			if !strings.Contains(out, "arn:aws:iam::*:role/TrailwiseRead") || !strings.Contains(out, "arn:aws:s3:::org-trail-logs/*") {
				t.Errorf("resources: %s", out)
			}
		}
	}
	if len(all) != len(awscollect.IAMActions())+len(pricelist.IAMActions) {
		t.Errorf("the policies allow %d actions, the collector and refresh call %d", len(all), len(awscollect.IAMActions())+len(pricelist.IAMActions))
	}
	_, stderr, code := trailwise(t, ".", "policy", "iam", "--for", "everyone")
	if code != 2 || !strings.Contains(stderr, "--for") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}
