package plan

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenPlans are the plans kept as golden files: every strategy on the
// small sample and the default scenario, and org-trail with SSE-KMS,
// tiers, a size filter and Terraform.
var goldenPlans = map[string]func(*Request){
	"org-trail-policy-variable":    func(r *Request) { r.Strategy = "org-trail/policy-variable" },
	"org-trail-per-account-policy": func(r *Request) { r.Strategy = "org-trail"; r.MemberAccess = "per-account-policy" },
	"org-trail-kms-terraform": func(r *Request) {
		r.Strategy, r.Format = "org-trail/policy-variable", FormatTerraform
		r.Scenario.SSEKMS = true
		r.Scenario.Lifecycle = lifecycleOf(30, 0, 90, 0, 131072, 0)
	},
	"trails-replication": func(r *Request) { r.Strategy = "trails-replication"; r.Scenario.SSEKMS = true },
	"trails-lake":        func(r *Request) { r.Strategy = "trails-lake" },
	"cloudwatch-logs":    func(r *Request) { r.Strategy = "cloudwatch-logs"; r.Scenario.Insights = model.InsightsBoth },
	"security-lake": func(r *Request) {
		r.Strategy = "security-lake"
		r.Scenario.SecurityLake.Sources = []string{"cloudtrail-management", "cloudtrail-data"}
	},
}

func TestGoldenPlansSmall(t *testing.T) {
	names := make([]string, 0, len(goldenPlans))
	for n := range goldenPlans {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		p := buildSmall(t, "org-trail", goldenPlans[name])
		dir := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := Write(dir, p.Artefacts, false); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want := readTree(t, dir)
		got := map[string]string{}
		for _, a := range p.Artefacts {
			got[a.Path] = string(a.Content)
		}
		for path := range want {
			if _, ok := got[path]; !ok {
				t.Errorf("%s: %s no longer written", name, path)
			}
		}
		for path, content := range got {
			if want[path] != content {
				t.Errorf("%s: %s differs from the golden file (go test ./plan -update rewrites it)", name, path)
			}
		}
	}
}

// readTree reads every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The lifecycle as worked out by hand from the scenario: expiration at
// the retention for every log file, transitions for the size range only,
// and a tier at or past the retention left out.
func TestLifecycleFromScenario(t *testing.T) {
	p := buildSmall(t, "org-trail", func(r *Request) {
		r.Scenario.CentralRetentionDays = 120
		r.Scenario.Lifecycle = lifecycleOf(30, 0, 90, 180, 131072, 1048576)
		r.Scenario.Lifecycle.TransitionDefaultMinimumObjectSize = model.MinSizeVariesByClass
	})
	want := `{"Bucket":"` + smallBucket + `","LifecycleConfiguration":{"Rules":[
	 {"ID":"trailwise-expire-120d","Filter":{"Prefix":"AWSLogs/"},"Status":"Enabled","Expiration":{"Days":120},"NoncurrentVersionExpiration":{"NoncurrentDays":1}},
	 {"ID":"trailwise-tiers-by-size","Filter":{"And":{"Prefix":"AWSLogs/","ObjectSizeGreaterThan":131072,"ObjectSizeLessThan":1048576}},"Status":"Enabled",
	  "Transitions":[{"Days":30,"StorageClass":"STANDARD_IA"},{"Days":90,"StorageClass":"GLACIER"}]}]},
	 "TransitionDefaultMinimumObjectSize":"varies_by_storage_class"}`
	sameJSON(t, artefact(t, p, "lifecycle.json"), want)

	p = buildSmall(t, "org-trail", func(r *Request) { r.Scenario.Lifecycle = lifecycleOf(30, 60, 0, 0, 0, 0) })
	want = `{"Bucket":"` + smallBucket + `","LifecycleConfiguration":{"Rules":[
	 {"ID":"trailwise-tiers-then-expire-365d","Filter":{"Prefix":"AWSLogs/"},"Status":"Enabled",
	  "Transitions":[{"Days":30,"StorageClass":"STANDARD_IA"},{"Days":60,"StorageClass":"GLACIER_IR"}],
	  "Expiration":{"Days":365},"NoncurrentVersionExpiration":{"NoncurrentDays":1}}]},
	 "TransitionDefaultMinimumObjectSize":"all_storage_classes_128K"}`
	sameJSON(t, artefact(t, p, "lifecycle.json"), want)
}

func sameJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// The per-account policy of the small sample (12 accounts) fits; the
// enterprise sample's (398 active accounts) does not, and the note says
// so. 398 accounts × two statements of about 480 bytes is far past 20 KB.
func TestPerAccountPolicySizeNote(t *testing.T) {
	p := buildSmall(t, "org-trail/per-account-policy", nil)
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "for 12 accounts (S3's limit: 20480)") {
		t.Errorf("small: %q", p.Notes)
	}
	d, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	p, err = Build(Request{Strategy: "org-trail/per-account-policy", Dataset: d, Scenario: model.DefaultScenario().Resolve(d)})
	if err != nil {
		t.Fatal(err)
	}
	size := len(compactJSONOf(t, artefact(t, p, "bucket-policy.json")))
	if size <= 20480 || len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "over S3's 20480-byte bucket-policy limit") {
		t.Errorf("enterprise: %d bytes, notes %q", size, p.Notes)
	}
}

// compactJSONOf is a JSON file without white space, as S3 counts it.
func compactJSONOf(t *testing.T, b []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	return out
}

func TestBadRequestsAreRefused(t *testing.T) {
	for _, c := range []struct {
		strategy, access, format, want string
	}{
		{"org-trails", "", "", `STRATEGY: expected one of org-trail, trails-replication, trails-lake, cloudwatch-logs, security-lake (or org-trail/<member access>), got "org-trails"`},
		{"org-trail", "everyone", "", `--member-access: expected one of none, per-account-policy, policy-variable, lake-formation, got "everyone"`},
		{"org-trail/policy-variable", "none", "", `--member-access: expected policy-variable as the strategy says, got "none"`},
		{"security-lake", "policy-variable", "", `--member-access: expected no member access for security-lake (it is an org-trail setting), got "policy-variable"`},
		{"org-trail", "", "hcl", `--format: expected json or terraform, got "hcl"`},
	} {
		d, _ := fixtures.Load("small")
		_, err := Build(Request{Strategy: c.strategy, MemberAccess: c.access, Format: c.format, Dataset: d, Scenario: model.DefaultScenario().Resolve(d)})
		if err == nil || err.Error() != c.want {
			t.Errorf("%s %s %s: %v", c.strategy, c.access, c.format, err)
		}
	}
}

// CloudWatch Logs takes only some retentions: the scenario's is rounded up
// to the next one, and the note says so.
func TestCloudWatchRetentionRoundsUp(t *testing.T) {
	p := buildSmall(t, "cloudwatch-logs", func(r *Request) { r.Scenario.CloudWatchRetentionDays = 200 })
	sameJSON(t, artefact(t, p, "cli/put-retention-policy.json"), `{"logGroupName":"aws-cloudtrail-logs-`+smallOrg+`","retentionInDays":365}`)
	if len(p.Notes) == 0 || !strings.Contains(p.Notes[0], "the scenario's 200 days became 365") {
		t.Errorf("notes %q", p.Notes)
	}
}

// Every line of every README fits 80 columns, long names aside.
func TestReadmesFit80Columns(t *testing.T) {
	for name, edit := range goldenPlans {
		p := buildSmall(t, "org-trail", edit)
		for _, l := range strings.Split(string(artefact(t, p, "README.md")), "\n") {
			if len(l) > 80 && strings.Contains(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "- ")), " ") {
				t.Errorf("%s: README line of %d columns: %q", name, len(l), l)
			}
		}
	}
}
