package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
)

// TestGoldenExplain keeps explain's output on both samples, and checks it
// fits 80 columns.
func TestGoldenExplain(t *testing.T) {
	for _, c := range []struct{ sample, format, file string }{
		{"small", "table", "explain-small.txt"},
		{"enterprise", "table", "explain-enterprise.txt"},
		{"small", "markdown", "explain-small.md"},
	} {
		out, stderr, code := trailwise(t, ".", "explain", "--sample", c.sample, "--format", c.format)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.file, code, stderr)
		}
		golden := filepath.Join("testdata", c.file)
		if *update {
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/trailwise -update to create it)", err)
		}
		if out != string(want) {
			t.Errorf("explain --sample %s --format %s differs from %s; if intended, run go test ./cmd/trailwise -update and review the diff", c.sample, c.format, golden)
		}
		if c.format != "table" {
			continue
		}
		for i, line := range strings.Split(out, "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%s: line %d is %d columns: %q", c.file, i+1, n, line)
			}
		}
		for _, want := range []string{"kms.amazonaws.com", "Decrypt", "! kms.amazonaws.com: AWS documents", "would stop seeing:", "up to "} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q", c.file, want)
			}
		}
	}
}

// apiSelector mirrors the AdvancedEventSelector of the CloudTrail API
// reference: Name (optional, up to 1,000 characters) and FieldSelectors (at
// least one), each a Field and at least one operator of at least one value.
type apiSelector struct {
	Name           *string
	FieldSelectors []struct {
		Field                                                               string
		Equals, StartsWith, EndsWith, NotEquals, NotStartsWith, NotEndsWith []string
	}
}

// checkAPISelectors checks selectors against the API's rules for a trail:
// eventCategory required and Equals; management events take eventSource
// only as NotEquals kms.amazonaws.com or rdsdata.amazonaws.com, and readOnly
// only Equals true or false; data events require resources.type (Equals);
// network activity events require eventSource.
func checkAPISelectors(t *testing.T, raw []byte) []apiSelector {
	t.Helper()
	var doc struct{ AdvancedEventSelectors []apiSelector }
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not in PutEventSelectors' shape: %v\n%s", err, raw)
	}
	if len(doc.AdvancedEventSelectors) == 0 {
		t.Fatal("no selectors")
	}
	for i, s := range doc.AdvancedEventSelectors {
		if s.Name != nil && (len(*s.Name) > 1000) {
			t.Errorf("selector %d: name of %d characters", i, len(*s.Name))
		}
		if len(s.FieldSelectors) == 0 {
			t.Errorf("selector %d: no field selectors", i)
		}
		fields := map[string][]string{}
		for _, f := range s.FieldSelectors {
			ops := len(f.Equals) + len(f.StartsWith) + len(f.EndsWith) + len(f.NotEquals) + len(f.NotStartsWith) + len(f.NotEndsWith)
			if ops == 0 {
				t.Errorf("selector %d: %s has no operator", i, f.Field)
			}
			if _, twice := fields[f.Field]; twice {
				t.Errorf("selector %d: %s twice", i, f.Field)
			}
			fields[f.Field] = f.Equals
			switch f.Field {
			case "eventCategory", "readOnly", "resources.type":
				if len(f.Equals) == 0 || ops != len(f.Equals) {
					t.Errorf("selector %d: %s takes only Equals", i, f.Field)
				}
			}
			if f.Field == "readOnly" && (len(f.Equals) != 1 || (f.Equals[0] != "true" && f.Equals[0] != "false")) {
				t.Errorf("selector %d: readOnly %v", i, f.Equals)
			}
		}
		cat := fields["eventCategory"]
		if len(cat) != 1 {
			t.Errorf("selector %d: eventCategory %v, want one value", i, cat)
			continue
		}
		for _, f := range s.FieldSelectors {
			allowed := map[string][]string{
				"Management":      {"eventCategory", "eventSource", "readOnly"},
				"Data":            {"eventCategory", "eventName", "eventSource", "eventType", "resources.ARN", "resources.type", "readOnly", "sessionCredentialFromConsole", "userIdentity.arn"},
				"NetworkActivity": {"eventCategory", "eventSource", "eventName", "errorCode", "vpcEndpointId"},
			}[cat[0]]
			if !slices.Contains(allowed, f.Field) {
				t.Errorf("selector %d (%s): field %s not allowed", i, cat[0], f.Field)
			}
			if cat[0] == "Management" && f.Field == "eventSource" {
				for _, v := range f.NotEquals {
					if v != "kms.amazonaws.com" && v != "rdsdata.amazonaws.com" {
						t.Errorf("selector %d: management eventSource NotEquals %s", i, v)
					}
				}
				if len(f.NotEquals) == 0 || len(f.Equals)+len(f.StartsWith)+len(f.EndsWith)+len(f.NotStartsWith)+len(f.NotEndsWith) > 0 {
					t.Errorf("selector %d: management eventSource takes only NotEquals", i)
				}
			}
		}
		if cat[0] == "Data" && len(fields["resources.type"]) == 0 {
			t.Errorf("selector %d: data events without resources.type", i)
		}
		if _, ok := fields["eventSource"]; cat[0] == "NetworkActivity" && !ok {
			t.Errorf("selector %d: network activity without eventSource", i)
		}
	}
	return doc.AdvancedEventSelectors
}

// explain --selectors writes selectors in PutEventSelectors' shape: on the
// enterprise sample, management events without KMS and the S3 and Lambda
// data events it measured.
func TestExplainSelectorsAreValidForTheAPI(t *testing.T) {
	out, stderr, code := trailwise(t, ".", "explain", "--sample", "enterprise", "--selectors")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sels := checkAPISelectors(t, []byte(out))
	var got []string
	for _, s := range sels {
		got = append(got, *s.Name)
	}
	want := []string{"Management events without kms.amazonaws.com", "Data events: AWS::Lambda::Function", "Data events: AWS::S3::Object"}
	if !slices.Equal(got, want) {
		t.Errorf("selectors %q, want %q", got, want)
	}
	if !strings.Contains(out, `"NotEquals": [`) {
		t.Errorf("no NotEquals in\n%s", out)
	}
}

func TestExplainBadCommandLines(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "csv"}, `--format: expected one of table, json, markdown, got "csv"`},
		{[]string{"--account", "999999999999"}, `--account: expected an account of the dataset, got "999999999999"`},
		{[]string{"--strategy", "nope"}, `--strategy: expected one of`},
		{[]string{"--exclude", "kms.amazonaws.com"}, `--exclude: expected with --selectors`},
		{[]string{"--selectors", "--exclude", "ec2.amazonaws.com"}, `--exclude: expected kms.amazonaws.com or rdsdata.amazonaws.com`},
	} {
		_, stderr, code := trailwise(t, ".", append([]string{"explain"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

// A dataset without a breakdown says so, and still explains the totals.
func TestExplainWithoutBreakdown(t *testing.T) {
	d, err := fixtures.Load("small")
	if err != nil {
		t.Fatal(err)
	}
	d.Breakdown = nil
	dir := t.TempDir()
	raw, _ := json.Marshal(d)
	path := filepath.Join(dir, "org.json")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := trailwise(t, ".", "explain", "--dataset", path)
	if code != 0 || !strings.Contains(out, "has no breakdown by") || strings.Contains(out, "would stop seeing") {
		t.Errorf("exit %d: %s\n%s", code, stderr, out)
	}
}

// One account's explanation: its own volume, the organization's savings
// in proportion.
func TestExplainOneAccount(t *testing.T) {
	d, _ := fixtures.Load("small")
	acct := d.Accounts[3].ID
	out, stderr, code := trailwise(t, ".", "explain", "--account", acct, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var x struct {
		Account string
		Events  map[string]int64
	}
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, u := range d.Usage {
		if u.Account == acct {
			want += u.ManagementReadEvents
		}
	}
	if x.Account != acct || x.Events["management-read"] != want {
		t.Errorf("account %s, %d reads; want %s, %d", x.Account, x.Events["management-read"], acct, want)
	}
}

// Accounts collected without a breakdown (Cost Explorer, an S3 listing)
// are named, with their rows' source; one of them explained alone says
// it has none; a breakdown scaled from a sample says so.
func TestExplainPartialBreakdown(t *testing.T) {
	d, err := fixtures.Load("small")
	if err != nil {
		t.Fatal(err)
	}
	missing := d.Breakdown[0].Account
	var kept []model.Breakdown
	regions := 0
	for _, b := range d.Breakdown {
		if b.Account == missing {
			regions++
			continue
		}
		kept = append(kept, b)
	}
	kept[0].Sampled, kept[0].Source = true, "lookup-events"
	d.Breakdown = kept
	var source string
	for i := range d.Usage {
		if d.Usage[i].Account == missing {
			d.Usage[i].Source = "cost-explorer"
		}
	}
	source = "cost-explorer"
	dir := t.TempDir()
	raw, _ := json.Marshal(d)
	path := filepath.Join(dir, "org.json")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := trailwise(t, ".", "explain", "--dataset", path, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var x struct {
		Notes            []string
		WithoutBreakdown []string `json:"accounts_without_breakdown"`
	}
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(x.Notes, "\n")
	if len(x.WithoutBreakdown) != 1 || x.WithoutBreakdown[0] != missing {
		t.Errorf("accounts without a breakdown %v, want %s", x.WithoutBreakdown, missing)
	}
	want := fmt.Sprintf("No breakdown by event source for %d account-region(s) of account %s (rows from %s", regions, missing, source)
	if !strings.Contains(notes, want) || !strings.Contains(notes, "The breakdown of 1 account-region(s) is scaled from a sample") {
		t.Errorf("notes:\n%s\nwant %q and the sampled one", notes, want)
	}
	out, stderr, code = trailwise(t, ".", "explain", "--dataset", path, "--account", missing)
	if code != 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), "Account "+missing+" has no breakdown by event source (its rows come from "+source+")") {
		t.Errorf("exit %d: %s\n%s", code, stderr, out)
	}
}
