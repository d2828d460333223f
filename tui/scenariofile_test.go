package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
)

// TestSaveScenario changes assumptions in the interface, saves with s, and
// loads the file back with the loader the command line uses: it is the
// scenario the interface has, and priced again it gives the scenario on
// screen. A second save never overwrites the first.
func TestSaveScenario(t *testing.T) {
	dir := t.TempDir()
	m, _ := liveModel(t, "small", Options{ExportDir: dir})
	press(m, keyRunes("5"), keyDown, keyDown, keyEnter, keyClear) // central retention
	typeText(m, "2555")
	press(m, keyEnter)
	for range 4 {
		press(m, keyDown) // replication
	}
	press(m, keyRight) // cross-region
	for !strings.Contains(m.View(), "› Data events") {
		press(m, keyDown)
	}
	dataset := *m.s.scenario.RecordDataEvents
	press(m, keyRight) // data events: the other way from what the dataset gives
	for !strings.Contains(m.View(), "› Volume growth") {
		press(m, keyDown)
	}
	press(m, keyEnter, keyClear)
	typeText(m, "0.02")
	press(m, keyEnter, keyRunes("s"))
	first := filepath.Join(dir, "trailwise-scenario.yaml")
	if v := strings.Join(strings.Fields(m.View()), " "); !strings.Contains(v, "saved trailwise-scenario.yaml to ") {
		t.Errorf("the status does not name the file:\n%s", m.View())
	}
	got, err := input.ReadScenario(first)
	if err != nil {
		t.Fatal(err)
	}
	want := model.DefaultScenario()
	want.CentralRetentionDays, want.Replication, want.VolumeGrowthPerMonth = 2555, "cross-region", 0.02
	data := !dataset
	want.RecordDataEvents = &data
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the saved scenario reads back as\n%+v\nwant\n%+v", got, want)
	}
	if !reflect.DeepEqual(got, m.s.asked) {
		t.Errorf("the saved scenario is not the interface's:\n%+v\n%+v", got, m.s.asked)
	}
	c, _, err := m.s.eng.Estimate(got)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Scenario, m.s.scenario) {
		t.Errorf("priced again, the saved scenario is\n%+v\nthe interface's\n%+v", c.Scenario, m.s.scenario)
	}
	text, _ := os.ReadFile(first)
	for _, l := range []string{"central_retention_days: 2555", "replication: cross-region", "volume_growth_per_month: 0.02",
		"# Days the central bucket keeps log files before they expire, 1 to 3653.", `# start_month: "2027-01"`} {
		if !strings.Contains(string(text), l+"\n") {
			t.Errorf("the file has no line %q:\n%s", l, text)
		}
	}
	// Never over an existing file.
	os.WriteFile(filepath.Join(dir, "trailwise-scenario-1.yaml"), []byte("mine"), 0o644)
	press(m, keyRunes("s"))
	if b, _ := os.ReadFile(filepath.Join(dir, "trailwise-scenario-1.yaml")); string(b) != "mine" {
		t.Error("an existing file was overwritten")
	}
	if b, _ := os.ReadFile(first); string(b) != string(text) {
		t.Error("the first save was overwritten")
	}
	if _, err := input.ReadScenario(filepath.Join(dir, "trailwise-scenario-2.yaml")); err != nil {
		t.Errorf("the second save: %v", err)
	}
}

// TestScenarioFileEveryField writes a scenario with every field away from
// its default, the dataset's fields set too, and reads it back whole.
func TestScenarioFileEveryField(t *testing.T) {
	sc := model.DefaultScenario()
	sc.Region, sc.StartMonth, sc.HorizonMonths, sc.LogArchiveAccount = "eu-west-1", "2027-03", 36, "012345678901"
	sc.CentralRetentionDays, sc.AccountBucketRetentionDays = 400, 30
	sc.Lifecycle = model.Lifecycle{StandardIADays: 30, GlacierIRDays: 90, GlacierFlexibleDays: 180, DeepArchiveDays: 365,
		TransitionDefaultMinimumObjectSize: model.MinSizeVariesByClass, ObjectSizeGreaterThan: 1000, ObjectSizeLessThan: 5 << 20}
	sc.SSEKMS, sc.LogFileValidation, sc.Replication, sc.ReplicationTimeControl = true, false, "cross-region", true
	sc.LakeBillingMode, sc.LakeRetentionDays, sc.CloudWatchRetentionDays, sc.KeepOrgTrailArchive = model.LakeFixed, 2557, 30, false
	a, l, c, sl := 1.5, 2.0, 3.0, 4.0
	sc.QueryGBPerMonth = model.QueryVolume{Athena: &a, Lake: &l, CloudWatch: &c, SecurityLake: &sl}
	sc.QueriesPerMonth, sc.QueryDaysScanned = 90, 14
	off := false
	sc.RecordDataEvents, sc.LeftoverTrails, sc.OrgTrailEventsPayer = &off, model.LeftoverKeep, model.PayerMembers
	sc.Insights, sc.InsightsDataEvents, sc.InsightsEventDataStore = model.InsightsBoth, model.InsightsErrorRate, true
	sc.SecurityLake.Sources = []string{"cloudtrail-management", "cloudtrail-data"}
	sc.SecurityLake.OtherSourcesGBPerMonth, sc.SecurityLake.RollupRegion, sc.SecurityLake.RetentionDays = 12.5, "eu-central-1", 30
	sc.AccountGrowthPerMonth, sc.VolumeGrowthPerMonth, sc.AccountGrowthSpread, sc.VolumeGrowthSpread = 0.01, -0.005, 0.02, 0.03
	sc.OrgTrailMemberAccess = model.MemberAccessVariants[:1]
	sc.OpsHours, sc.OpsHourlyRate = map[string]float64{"org-trail": 2, "trails-replication": 8.5}, 95
	sc.EventSelectors = map[string][]model.EventSelector{
		"org-trail": model.WithoutAll(nil, []model.Exclusion{{EventSource: "kms.amazonaws.com", Category: model.ClassManagement},
			{EventSource: "ec2.amazonaws.com", Category: model.ClassManagement, EventNames: []string{"DescribeRouteTables", "DescribeNatGateways"}}}),
		"trails-lake": {{Name: "S3 objects: \"logs\"", FieldSelectors: []model.FieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{"AWS::S3::Object"}}}}},
		"cloudwatch-logs": {},
	}
	if err := sc.Validate(); err != nil {
		t.Fatal(err)
	}
	data, err := ScenarioFile(sc, "sample:small")
	if err != nil {
		t.Fatal(err)
	}
	got, err := input.ParseScenario("saved.yaml", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, sc) {
		t.Errorf("read back as\n%+v\nwant\n%+v\n%s", got, sc, data)
	}
	// The default scenario gives the template, values and all.
	def, err := ScenarioFile(model.DefaultScenario(), "x")
	if err != nil {
		t.Fatal(err)
	}
	if _, body, _ := strings.Cut(string(def), "#\n"); body != input.ScenarioTemplate()+"\n" {
		t.Errorf("the default scenario's file is not the template:\n%s", def)
	}
}
