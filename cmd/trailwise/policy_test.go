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

// Least privilege: AssumeRole only into the organization, S3 only on the
// named bucket, kms:Decrypt only on the named key, names checked against
// AWS's rules, and a trust policy for the member role.
func TestPolicyIAMLeastPrivilege(t *testing.T) {
	out, stderr, code := trailwise(t, ".", "policy", "iam", "--bucket", "org-trail-logs", "--role-name", "TrailwiseRead",
		"--kms-key", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var p iamPolicy
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	var assume, decrypt *iamStatement
	for i, s := range p.Statement {
		for _, r := range s.Resource {
			if strings.HasPrefix(r, "arn:aws:s3:::") && strings.Contains(r, "*") && !strings.HasPrefix(r, "arn:aws:s3:::org-trail-logs/") {
				t.Errorf("%s: S3 resource %s beyond the bucket", s.Sid, r)
			}
		}
		switch s.Action[0] {
		case "sts:AssumeRole":
			assume = &p.Statement[i]
		case "kms:Decrypt":
			decrypt = &p.Statement[i]
		}
	}
	if assume == nil || assume.Condition["StringEquals"]["aws:ResourceOrgID"] != "${aws:PrincipalOrgID}" {
		t.Errorf("sts:AssumeRole not limited to the organization: %+v", assume)
	}
	if decrypt == nil || len(decrypt.Resource) != 1 || !strings.HasSuffix(decrypt.Resource[0], ":key/1234abcd-12ab-34cd-56ef-1234567890ab") {
		t.Errorf("kms:Decrypt not scoped to the key: %+v", decrypt)
	}

	// without --bucket: no S3 statement at all, and a note saying so
	out, stderr, code = trailwise(t, ".", "policy", "iam", "--role-name", "TrailwiseRead")
	if code != 0 || strings.Contains(out, "arn:aws:s3") || !strings.Contains(stderr, "no S3 statement") {
		t.Errorf("no bucket: exit %d, %s %s", code, out, stderr)
	}
	// the default role is an administrator: said so
	if _, stderr, _ := trailwise(t, ".", "policy", "iam", "--for", "member"); !strings.Contains(stderr, "OrganizationAccountAccessRole is an administrator role") {
		t.Errorf("no advice against OrganizationAccountAccessRole: %q", stderr)
	}
	// the member role's trust policy
	out, _, code = trailwise(t, ".", "policy", "iam", "--for", "trust", "--management-account", "111122223333", "--org-id", "o-a1b2c3d4e5")
	if code != 0 || !strings.Contains(out, `"AWS": "arn:aws:iam::111122223333:root"`) || !strings.Contains(out, `"aws:PrincipalOrgID": "o-a1b2c3d4e5"`) {
		t.Errorf("trust: exit %d\n%s", code, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--bucket", "*"}, `--bucket: expected an S3 bucket name`},
		{[]string{"--bucket", "My_Bucket"}, `--bucket: expected an S3 bucket name`},
		{[]string{"--bucket", "192.168.0.1"}, `not an IP address`},
		{[]string{"--bucket", "logs..bucket"}, `no two dots in a row`},
		{[]string{"--role-name", "*"}, `--role-name: expected an IAM role name`},
		{[]string{"--role-name", strings.Repeat("r", 65)}, `--role-name: expected an IAM role name`},
		{[]string{"--kms-key", "alias/trail"}, `--kms-key: expected a KMS key ARN`},
		{[]string{"--for", "trust"}, `--management-account: give the management account id`},
	} {
		_, stderr, code := trailwise(t, ".", append([]string{"policy", "iam"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
