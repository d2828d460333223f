package input

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/model"
)

const scenarioFields = "schema, region, start_month, horizon_months, log_archive_account, central_retention_days, account_bucket_retention_days, lifecycle, sse_kms, log_file_validation, replication, replication_time_control, lake_billing_mode, lake_retention_days, cloudwatch_retention_days, lake_exit, lake_exit_parallel_days, cloudwatch_routes, cloudwatch_central_copies, keep_org_trail_archive, query_gb_per_month, queries_per_month, query_days_scanned, record_data_events, insights, insights_data_events, insights_event_data_store, security_lake, account_growth_per_month, volume_growth_per_month, account_growth_spread, volume_growth_spread, leftover_trails, event_selectors, org_trail_events_payer, org_trail_member_access, ops_hours, ops_hourly_rate"

func TestParseScenarioErrors(t *testing.T) {
	tests := []struct {
		name, file, doc, want string
	}{
		{"unknown key", "scenario.yaml", "horizon_month: 24\n",
			`scenario.yaml: horizon_month: unknown field (expected one of: ` + scenarioFields + `)`},
		{"unknown nested key", "scenario.yaml", "lifecycle:\n  standard_ia: 30\n",
			`scenario.yaml: lifecycle.standard_ia: unknown field (expected one of: standard_ia_days, glacier_ir_days, glacier_flexible_days, deep_archive_days, transition_default_minimum_object_size, object_size_greater_than, object_size_less_than)`},
		{"bad transition minimum size", "scenario.yaml", "lifecycle: {transition_default_minimum_object_size: 128K}\n",
			`scenario.yaml: lifecycle.transition_default_minimum_object_size: expected all_storage_classes_128K or varies_by_storage_class, got "128K"`},
		{"size filter the wrong way round", "scenario.yaml", "lifecycle: {object_size_greater_than: 200000, object_size_less_than: 1000}\n",
			`scenario.yaml: lifecycle.object_size_less_than: expected more bytes than lifecycle.object_size_greater_than (200000), got 1000`},
		{"negative size filter", "scenario.yaml", "lifecycle: {object_size_greater_than: -5}\n",
			`scenario.yaml: lifecycle.object_size_greater_than: expected 0 (no filter) or a size in bytes up to 50 TB, got -5`},
		{"bad enum", "scenario.yaml", "replication: both\n",
			`scenario.yaml: replication: expected same-region or cross-region, got "both"`},
		{"bad enum in a list", "scenario.yaml", "org_trail_member_access: [none, bucket-acl]\n",
			`scenario.yaml: org_trail_member_access[1]: expected none, per-account-policy, policy-variable, lake-formation, got "bucket-acl"`},
		{"bad strategy id", "scenario.yaml", "ops_hours:\n  org-trial: 2\n",
			`scenario.yaml: ops_hours.org-trial: expected a strategy id (org-trail, org-trail/per-account-policy, org-trail/policy-variable, org-trail/lake-formation, trails-replication, trails-lake, trails-lake/exit-to-cloudwatch, cloudwatch-logs, cloudwatch-logs/infrequent-access, cloudwatch-logs/trail-delivery, security-lake), got "org-trial"`},
		{"number out of range", "scenario.yaml", "horizon_months: 0\n",
			`scenario.yaml: horizon_months: expected a number of months from 1 to 120, got 0`},
		{"nested number out of range", "scenario.yaml", "lifecycle: {standard_ia_days: 10}\n",
			`scenario.yaml: lifecycle.standard_ia_days: expected 0 (off) or a number of days from 30 to 3653, got 10`},
		{"negative rate", "scenario.yaml", "volume_growth_per_month: -1\n",
			`scenario.yaml: volume_growth_per_month: expected a monthly rate as a fraction above -1 (0.02 is 2% a month), got -1`},
		{"word where an integer goes", "scenario.yaml", "horizon_months: twelve\n",
			`scenario.yaml: horizon_months: expected an integer, got "twelve"`},
		{"quoted integer", "scenario.yaml", "horizon_months: \"12\"\n",
			`scenario.yaml: horizon_months: expected an integer, got "12"`},
		{"fraction where an integer goes", "scenario.yaml", "horizon_months: 12.5\n",
			`scenario.yaml: horizon_months: expected an integer, got 12.5`},
		{"float where an integer goes", "scenario.yaml", "horizon_months: 12.0\n",
			`scenario.yaml: horizon_months: expected an integer, got 12.0`},
		{"integer too large", "scenario.yaml", "horizon_months: 99999999999999999999\n",
			`scenario.yaml: horizon_months: expected an integer from -9223372036854775808 to 9223372036854775807, got 99999999999999999999`},
		{"retired duplicate_trails", "scenario.yaml", "duplicate_trails: 1\n",
			`scenario.yaml: duplicate_trails: expected leftover_trails: remove (the default: leftover trails are priced beside each strategy) or keep (their paid copies in the price); duplicate_trails was retired because a copy is priced from each trail's own regions and selectors`},
		{"leftover_trails", "scenario.yaml", "leftover_trails: drop\n",
			`scenario.yaml: leftover_trails: expected remove or keep, got "drop"`},
		{"yes is not a bool", "scenario.yaml", "sse_kms: yes\n",
			`scenario.yaml: sse_kms: expected true or false, got "yes"`},
		{"infinity", "scenario.yaml", "account_growth_per_month: .inf\n",
			`scenario.yaml: account_growth_per_month: expected a finite number, got .inf`},
		{"not a number", "scenario.yaml", "query_gb_per_month: {athena: .nan}\n",
			`scenario.yaml: query_gb_per_month.athena: expected a finite number, got .nan`},
		{"string where a number goes", "scenario.yaml", "ops_hourly_rate: $100\n",
			`scenario.yaml: ops_hourly_rate: expected a number, got "$100"`},
		{"unquoted account id", "scenario.yaml", "log_archive_account: 123456789012\n",
			`scenario.yaml: log_archive_account: expected a string, got 123456789012`},
		{"empty value", "scenario.yaml", "region:\n",
			`scenario.yaml: region: expected a string, got null`},
		{"scalar where a list goes", "scenario.yaml", "security_lake:\n  sources: cloudtrail-data\n",
			`scenario.yaml: security_lake.sources: expected a list, got "cloudtrail-data"`},
		{"list where an object goes", "scenario.yaml", "query_gb_per_month: [1, 2]\n",
			`scenario.yaml: query_gb_per_month: expected an object, got a list`},
		{"empty list", "scenario.yaml", "org_trail_member_access: []\n",
			`scenario.yaml: org_trail_member_access: expected at least one of none, per-account-policy, policy-variable, lake-formation, got an empty list`},
		{"schema of another version", "scenario.yaml", "schema: trailwise.scenario/v2\nfuture: 1\n",
			`scenario.yaml: schema: expected "trailwise.scenario/v1" or nothing, got "trailwise.scenario/v2"`},
		{"bad YAML", "scenario.yaml", "region: us-east-1\nlifecycle: [30\n",
			`scenario.yaml: line 2: invalid YAML: did not find expected ',' or ']'`},
		{"bad indentation", "scenario.yaml", "lifecycle:\n  standard_ia_days: 30\n glacier_ir_days: 90\n",
			`scenario.yaml: line 3: invalid YAML: did not find expected key`},
		{"tab indentation", "scenario.yaml", "lifecycle:\n\tstandard_ia_days: 30\n",
			`scenario.yaml: line 2: invalid YAML: found character that cannot start any token`},
		{"two documents", "scenario.yaml", "region: us-east-1\n---\nregion: eu-west-1\n",
			`scenario.yaml: line 2: invalid YAML: more than one document (only one is read)`},
		{"alias that contains itself", "scenario.yaml", "org_trail_member_access: &a [none, *a]\n",
			`scenario.yaml: line 1, column 36: invalid YAML: alias *a refers to a value that contains it`},
		{"aliases that expand too far", "scenario.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
			`scenario.yaml: invalid YAML: aliases expand to too many values`},
		{"key that is not a string", "scenario.yaml", "? [region]\n: us-east-1\n",
			`scenario.yaml: line 1, column 3: expected a plain key, got a list`},
		{"not an object", "scenario.yaml", "- region\n",
			`scenario.yaml: expected an object, got a list`},
		{"a string", "scenario.yaml", "us-east-1\n",
			`scenario.yaml: expected an object, got "us-east-1"`},
		{"empty file", "scenario.yaml", "", `scenario.yaml: empty file`},
		{"blank file", "scenario.yaml", "\n\n", `scenario.yaml: empty file`},
		{"JSON syntax error", "scenario.json", "{\n  \"region\": \"us-east-1\"\n  \"horizon_months\": 12\n}",
			`scenario.json: line 3, column 3: invalid JSON: invalid character '"' after object key:value pair`},
		{"JSON with a YAML comment", "scenario.json", "# comment\n{}",
			`scenario.json: line 1, column 1: invalid JSON: invalid character '#' looking for beginning of value`},
		{"JSON type error", "scenario.json", `{"security_lake": {"retention_days": "forever"}}`,
			`scenario.json: security_lake.retention_days: expected an integer, got "forever"`},
		{"JSON detected by content", "scenario", `{"horizon_months": 12.5}`,
			`scenario: horizon_months: expected an integer, got 12.5`},
		{"JSON trailing data", "scenario.json", `{"horizon_months": 12} {}`,
			`scenario.json: line 1, column 24: invalid JSON: more data after the end of the document`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseScenario(tt.file, []byte(tt.doc))
			if err == nil {
				t.Fatalf("loaded %+v, want error %s", s, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", got, tt.want)
			}
			assertOneLine(t, tt.file, err)
		})
	}
}

func TestParseScenarioKeepsDefaults(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		change func(*model.Scenario)
	}{
		{"only comments", "# nothing set\n", func(*model.Scenario) {}},
		{"empty document", "---\n", func(*model.Scenario) {}},
		{"empty object", "{}", func(*model.Scenario) {}},
		{"one field", "horizon_months: 24\n", func(s *model.Scenario) { s.HorizonMonths = 24 }},
		{"schema", "schema: trailwise.scenario/v1\n", func(*model.Scenario) {}},
		{"one field of a nested object", "query_gb_per_month:\n  athena: 5.5\n", func(s *model.Scenario) { v := 5.5; s.QueryGBPerMonth.Athena = &v }},
		{"nested object without fields", "security_lake:\n", func(*model.Scenario) {}},
		{"list replaced", "security_lake:\n  sources: [cloudtrail-data]\n", func(s *model.Scenario) { s.SecurityLake.Sources = []string{"cloudtrail-data"} }},
		{"dataset defaults set", "record_data_events: false\nleftover_trails: keep\n", func(s *model.Scenario) {
			no := false
			s.RecordDataEvents, s.LeftoverTrails = &no, model.LeftoverKeep
		}},
		{"dataset defaults left to the dataset", "record_data_events: null\n", func(*model.Scenario) {}},
		{"integer where a number goes", "ops_hourly_rate: 80\n", func(s *model.Scenario) { s.OpsHourlyRate = 80 }},
		{"YAML integer forms", "horizon_months: 0x18\n", func(s *model.Scenario) { s.HorizonMonths = 24 }},
		{"byte order mark", "\ufeffhorizon_months: 24\n", func(s *model.Scenario) { s.HorizonMonths = 24 }},
		{"anchor and alias", "query_gb_per_month: &q {athena: 1, lake: 1, cloudwatch: 1, security_lake: 1}\n", func(s *model.Scenario) {
			one := 1.0
			s.QueryGBPerMonth = model.QueryVolume{Athena: &one, Lake: &one, CloudWatch: &one, SecurityLake: &one}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseScenario("scenario.yaml", []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			want := model.DefaultScenario()
			tt.change(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestScenarioYAMLAndJSONAgree(t *testing.T) {
	yamlDoc := `schema: trailwise.scenario/v1
region: ap-northeast-1
start_month: "2027-01"
horizon_months: 36
log_archive_account: "012345678901"
central_retention_days: 2555
lifecycle:
  standard_ia_days: 30
  deep_archive_days: 180
  transition_default_minimum_object_size: varies_by_storage_class
  object_size_greater_than: 1
sse_kms: true
replication: cross-region
replication_time_control: true
lake_billing_mode: FIXED_RETENTION_PRICING
lake_retention_days: 2557
query_gb_per_month: {athena: 250.5, lake: 0}
record_data_events: true
insights: both
security_lake:
  sources: [cloudtrail-management, cloudtrail-data]
  other_sources_gb_per_month: 1024
  rollup_region: eu-west-1
account_growth_per_month: 0.02
volume_growth_per_month: -0.01
leftover_trails: keep
org_trail_member_access:
  - none
  - policy-variable
ops_hours:
  org-trail: 2
  trails-replication: 8.5
ops_hourly_rate: 95
`
	jsonDoc := `{
  "schema": "trailwise.scenario/v1",
  "region": "ap-northeast-1",
  "start_month": "2027-01",
  "horizon_months": 36,
  "log_archive_account": "012345678901",
  "central_retention_days": 2555,
  "lifecycle": {"standard_ia_days": 30, "deep_archive_days": 180, "transition_default_minimum_object_size": "varies_by_storage_class", "object_size_greater_than": 1},
  "sse_kms": true,
  "replication": "cross-region",
  "replication_time_control": true,
  "lake_billing_mode": "FIXED_RETENTION_PRICING",
  "lake_retention_days": 2557,
  "query_gb_per_month": {"athena": 250.5, "lake": 0},
  "record_data_events": true,
  "insights": "both",
  "security_lake": {"sources": ["cloudtrail-management", "cloudtrail-data"], "other_sources_gb_per_month": 1024, "rollup_region": "eu-west-1"},
  "account_growth_per_month": 0.02,
  "volume_growth_per_month": -0.01,
  "leftover_trails": "keep",
  "org_trail_member_access": ["none", "policy-variable"],
  "ops_hours": {"org-trail": 2, "trails-replication": 8.5},
  "ops_hourly_rate": 95
}`
	fromYAML, err := ParseScenario("scenario.yaml", []byte(yamlDoc))
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := ParseScenario("scenario.json", []byte(jsonDoc))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromYAML, fromJSON) {
		t.Fatalf("YAML gives %+v\nJSON gives %+v", fromYAML, fromJSON)
	}
	// JSON is YAML too.
	asYAML, err := ParseScenario("scenario.yaml", []byte(jsonDoc))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(asYAML, fromJSON) {
		t.Fatalf("JSON read as YAML gives %+v\nwant %+v", asYAML, fromJSON)
	}

	s := fromYAML
	if s.Region != "ap-northeast-1" || s.HorizonMonths != 36 || s.LogArchiveAccount != "012345678901" ||
		s.Lifecycle != (model.Lifecycle{StandardIADays: 30, DeepArchiveDays: 180, TransitionDefaultMinimumObjectSize: model.MinSizeVariesByClass, ObjectSizeGreaterThan: 1}) ||
		*s.QueryGBPerMonth.Athena != 250.5 || *s.QueryGBPerMonth.Lake != 0 || s.QueryGBPerMonth.CloudWatch != nil ||
		*s.RecordDataEvents != true || s.LeftoverTrails != model.LeftoverKeep || s.OpsHours["trails-replication"] != 8.5 ||
		s.AccountBucketRetentionDays != 90 || s.Schema != "" {
		t.Errorf("loaded %+v", s)
	}
}

func TestReadScenario(t *testing.T) {
	dir := t.TempDir()
	for name, doc := range map[string]string{
		"a.yaml": "horizon_months: 24\n",
		"a.yml":  "horizon_months: 24\n",
		"a.json": `{"horizon_months": 24}`,
		"a.conf": "horizon_months: 24\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := ReadScenario(path)
		if err != nil || s.HorizonMonths != 24 {
			t.Errorf("%s: %+v, %v", name, s, err)
		}
	}
	missing := filepath.Join(dir, "missing.yaml")
	if _, err := ReadScenario(missing); err == nil || err.Error() != missing+": cannot read: no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
}

func TestScenarioTemplateIsTheDefault(t *testing.T) {
	tmpl := ScenarioTemplate()
	got, err := ParseScenario("scenario.yaml", []byte(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	if want := model.DefaultScenario(); !reflect.DeepEqual(got, want) {
		t.Fatalf("the template gives\n%+v\nwant\n%+v", got, want)
	}
	for _, line := range strings.Split(tmpl, "\n") {
		if len(line) > 80 {
			t.Errorf("line longer than 80 characters: %q", line)
		}
	}
}

// TestScenarioTemplateNamesEveryField keeps the template in step with
// model.Scenario: every json field, nested ones too, is written as a key
// (maybe commented out) and explained by a comment.
func TestScenarioTemplateNamesEveryField(t *testing.T) {
	tmpl := ScenarioTemplate()
	var walk func(t0 reflect.Type, path string)
	walk = func(t0 reflect.Type, path string) {
		for f := range t0.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				t.Errorf("%s.%s has no json name", t0, f.Name)
				continue
			}
			key := regexp.MustCompile(`(?m)^ *(# )?` + regexp.QuoteMeta(name) + `:`)
			if !key.MatchString(tmpl) {
				t.Errorf("the template does not set %s%s", path, name)
			}
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, path+name+".")
			}
		}
	}
	walk(reflect.TypeFor[model.Scenario](), "")
	// Every key line follows a comment line that explains it.
	lines := strings.Split(tmpl, "\n")
	keyLine := regexp.MustCompile(`^ *(# )?[a-z_]+:`)
	for i, line := range lines {
		if keyLine.MatchString(line) && line != "schema: "+model.ScenarioSchema {
			if i == 0 || !strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#") {
				t.Errorf("line %d %q has no comment above it", i+1, line)
			}
		}
	}
}

// The dataset-dependent fields are written commented out; uncommented, the
// values shown load.
func TestScenarioTemplateCommentedFields(t *testing.T) {
	uncomment := regexp.MustCompile(`(?m)^( *)# (start_month|log_archive_account|record_data_events|rollup_region|  [a-z-]+): `)
	doc := uncomment.ReplaceAllString(ScenarioTemplate(), "$1$2: ")
	s, err := ParseScenario("scenario.yaml", []byte(doc))
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	if s.StartMonth == "" || s.LogArchiveAccount == "" || s.RecordDataEvents == nil ||
		s.SecurityLake.RollupRegion == "" || len(s.OpsHours) == 0 {
		t.Errorf("uncommented fields did not load: %+v", s)
	}
}

// A family's fields go where the template names it; a family it does not
// name has its fields before the staff hours.
func TestScenarioTemplateStrategyFields(t *testing.T) {
	text := "a: 1\n\n{fields one}\n# b\nb: 2\n\n{fields}\n# staff\n"
	got := withStrategyFields(text, []model.Family{
		{Strategy: model.Strategy{ID: "one"}, ScenarioFields: "# one\none: 1\n"},
		{Strategy: model.Strategy{ID: "two"}, ScenarioFields: "# two\ntwo: 2\n"},
		{Strategy: model.Strategy{ID: "three"}},
	})
	want := "a: 1\n\n# one\none: 1\n# b\nb: 2\n\n# two\ntwo: 2\n\n# staff\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// A scenario's event selectors load in the API's own shape.
func TestParseScenarioEventSelectors(t *testing.T) {
	doc := "event_selectors:\n  org-trail:\n    - Name: no KMS\n      FieldSelectors:\n        - {Field: eventCategory, Equals: [Management]}\n        - {Field: eventSource, NotEquals: [kms.amazonaws.com]}\n"
	s, err := ParseScenario("s.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	sel := s.EventSelectors["org-trail"]
	if len(sel) != 1 || sel[0].Name != "no KMS" || len(sel[0].FieldSelectors) != 2 ||
		sel[0].FieldSelectors[1].NotEquals[0] != "kms.amazonaws.com" {
		t.Errorf("%+v", sel)
	}
	_, err = ParseScenario("s.yaml", []byte("event_selectors:\n  org-trail:\n    - FieldSelectors:\n        - {Field: userAgent, Equals: [x]}\n"))
	if err == nil || !strings.Contains(err.Error(), "event_selectors.org-trail[0].FieldSelectors[0].Field: expected one of eventCategory") {
		t.Errorf("%v", err)
	}
}
