package awscollect

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/collect/awscollect/fakeaws"
	"github.com/trailwise/trailwise/model"
)

// telemetryNotes are the notes about CloudWatch telemetry rules.
func telemetryNotes(res *Result) []string {
	var out []string
	for _, n := range res.Notes {
		if strings.Contains(n, "telemetry rule") {
			out = append(out, n)
		}
	}
	return out
}

// The organization's rule for CloudTrail events and an account's own are
// read, with what their selectors take; the VPC rule is left out.
func TestTelemetryRules(t *testing.T) {
	f, _ := startFake(t, 12)
	res, err := Collect(deadline(t, time.Minute), options(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Dataset.Validate(); err != nil {
		t.Fatal(err)
	}
	want := []model.TelemetryRule{
		{Account: fakeaws.AccountID(fakeaws.IdxManagement), Region: "us-east-1", Name: fakeaws.OrgTelemetryRule, Organization: true,
			ManagementEvents: "all", DataEvents: true, OrganizationScope: "ou-fak1-prod", RetentionDays: 365},
		{Account: fakeaws.AccountID(fakeaws.IdxDataEvents), Region: "eu-west-1", Name: fakeaws.AccountTelemetryRule,
			ManagementEvents: "write", AllRegions: true},
	}
	if got := res.Dataset.TelemetryRules; !reflect.DeepEqual(got, want) {
		t.Errorf("rules\n%+v\nwant\n%+v", got, want)
	}
	notes := telemetryNotes(res)
	if len(notes) != 1 || !strings.Contains(notes[0], "2 CloudWatch telemetry rule(s) for CloudTrail events found (1 organization, 1 account)") {
		t.Errorf("notes %q", notes)
	}
	// the organization's rules from the management account, once a region;
	// each reachable account's own in each region
	for _, c := range f.Calls() {
		if c.Action == "observabilityadmin:ListTelemetryRulesForOrganization" && c.Account != fakeaws.AccountID(fakeaws.IdxManagement) {
			t.Errorf("organization rules listed from %s", c.Account)
		}
	}
	if n := f.Count("observabilityadmin:ListTelemetryRulesForOrganization"); n != 2 {
		t.Errorf("%d organization lists, want one per region", n)
	}
	if n, reached := f.Count("observabilityadmin:ListTelemetryRules"), 2*(12-2); n != reached { // the denied and the suspended accounts aside
		t.Errorf("%d account lists, want %d", n, reached)
	}
	if n := f.Count("observabilityadmin:GetTelemetryRuleForOrganization") + f.Count("observabilityadmin:GetTelemetryRule"); n != 2 {
		t.Errorf("%d rules read in detail, want the 2 CloudTrail rules", n)
	}
}

// A list longer than a page is followed to its end.
func TestTelemetryRulesPaginate(t *testing.T) {
	g := fakeaws.Generate(fakeaws.Spec{Accounts: 8, Start: testStart, Days: 3})
	g.World.PageSize = 2
	for k := 0; k < 4; k++ {
		g.World.OrgTelemetryRules = append(g.World.OrgTelemetryRules, fakeaws.TelemetryRule{Name: fmt.Sprintf("extra-%d", k), Region: "us-east-1", ResourceType: "AWS::CloudTrail",
			AdvancedEventSelectors: []fakeaws.AdvancedEventSelector{{FieldSelectors: []fakeaws.FieldSelector{{Field: "eventCategory", Equals: []string{"Data"}}}}}})
	}
	f, err := fakeaws.New(g.World, g.Objects)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	o := options(t, f)
	o.Sources = Sources{CloudTrail: true}
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range res.Dataset.TelemetryRules {
		if r.Organization {
			names = append(names, r.Name)
			if strings.HasPrefix(r.Name, "extra-") && (r.ManagementEvents != "none" || !r.DataEvents) {
				t.Errorf("%s takes %s management events, data %v; its selector takes data events only", r.Name, r.ManagementEvents, r.DataEvents)
			}
		}
	}
	// six rules in us-east-1 (the VPC one among them): three pages, and
	// one (empty) page in eu-west-1
	if want := "cloudtrail-org extra-0 extra-1 extra-2 extra-3"; strings.Join(names, " ") != want {
		t.Errorf("organization rules %v, want %s", names, want)
	}
	if n := f.Count("observabilityadmin:ListTelemetryRulesForOrganization"); n != 4 {
		t.Errorf("%d organization list pages, want 4", n)
	}
}

// Rule lists denied everywhere do not fail the collection: one line says
// so, and nothing else changes (no gap, the trails still read).
func TestTelemetryRulesDenied(t *testing.T) {
	f, _ := startFake(t, 12)
	f.Inject("observabilityadmin:ListTelemetryRules", fakeaws.Deny, -1, 0)
	f.Inject("observabilityadmin:ListTelemetryRulesForOrganization", fakeaws.Deny, -1, 0)
	o := options(t, f)
	o.Sources = Sources{CloudTrail: true}
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Dataset.TelemetryRules) != 0 || len(res.Dataset.Trails) == 0 {
		t.Errorf("%d rules, %d trails", len(res.Dataset.TelemetryRules), len(res.Dataset.Trails))
	}
	for _, g := range res.Dataset.Gaps {
		if strings.Contains(g.Reason, "Telemetry") {
			t.Errorf("a gap for the rules: %+v", g)
		}
	}
	notes := telemetryNotes(res)
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "CloudWatch telemetry rules not read in 22 places (first: ListTelemetryRulesForOrganization in us-east-1: access denied (AccessDeniedException)") {
		t.Errorf("notes %q", notes)
	}
	if n := f.Count("observabilityadmin:GetTelemetryRule") + f.Count("observabilityadmin:GetTelemetryRuleForOrganization"); n != 0 {
		t.Errorf("%d rules read after a denied list", n)
	}
}

// A region where the service does not answer is given up after the first
// account tried there, and said once.
func TestTelemetryRulesServiceAbsent(t *testing.T) {
	f, _ := startFake(t, 12)
	f.Inject("observabilityadmin:ListTelemetryRules", fakeaws.Reset, -1, 0)
	o := options(t, f)
	o.Sources = Sources{CloudTrail: true}
	o.Concurrency, o.MaxAttempts = 1, 2
	res, err := Collect(deadline(t, time.Minute), o)
	if err != nil {
		t.Fatal(err)
	}
	// the management account, first, tries each of the 2 regions twice
	if n := f.Count("observabilityadmin:ListTelemetryRules"); n != 4 {
		t.Errorf("%d account lists sent, want 4", n)
	}
	if n := f.Count("observabilityadmin:ListTelemetryRulesForOrganization"); n != 0 {
		t.Errorf("%d organization lists sent where the service is absent", n)
	}
	notes := telemetryNotes(res)
	if len(notes) != 1 || !strings.Contains(notes[0], "not read in 2 places") {
		t.Errorf("notes %q", notes)
	}
	for _, g := range res.Dataset.Gaps {
		if strings.Contains(g.Reason, "Telemetry") {
			t.Errorf("a gap for the rules: %+v", g)
		}
	}
}
