package billing

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func planOf(t *testing.T, manifests map[string]string, paths ...string) (*Plan, error) {
	t.Helper()
	var objs []Object
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i, p := range paths {
		objs = append(objs, Object{Path: p, Modified: at.Add(time.Duration(i) * time.Minute)})
	}
	return PlanDelivery(objs, func(o Object) ([]byte, error) {
		if b, ok := manifests[o.Path]; ok {
			return []byte(b), nil
		}
		return nil, fmt.Errorf("%s: no such file", o.Path)
	})
}

func readPaths(p *Plan) string {
	var s []string
	for _, o := range p.Read {
		s = append(s, o.Path)
	}
	return strings.Join(s, " ")
}

// Each billing period is read once: an overwritten delivery whole, a
// month with several refreshes from its newest one, a file outside the
// layout as it is; manifests and other files are skipped.
func TestPlanDelivery(t *testing.T) {
	// a manifest without dataFiles (a hand-made copy's) chooses nothing
	p, err := planOf(t, map[string]string{"x/e/metadata/BILLING_PERIOD=2026-10/e-Manifest.json": "{}"},
		"x/e/data/BILLING_PERIOD=2026-09/e-00001.csv.gz", "x/e/data/BILLING_PERIOD=2026-09/e-00002.csv.gz",
		"x/e/data/BILLING_PERIOD=2026-10/20261003T0100Z/e-00001.csv.gz",
		"x/e/data/BILLING_PERIOD=2026-10/20261002T0100Z/e-00001.csv.gz",
		"x/e/metadata/BILLING_PERIOD=2026-10/e-Manifest.json", "x/notes.txt", "x/loose.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := "x/e/data/BILLING_PERIOD=2026-09/e-00001.csv.gz x/e/data/BILLING_PERIOD=2026-09/e-00002.csv.gz " +
		"x/e/data/BILLING_PERIOD=2026-10/20261003T0100Z/e-00001.csv.gz x/loose.csv"
	if got := readPaths(p); got != want {
		t.Errorf("read %s\nwant %s", got, want)
	}
	if len(p.Skipped) != 2 || p.Found != 5 || len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "BILLING_PERIOD=2026-10/20261003T0100Z") {
		t.Errorf("skipped %v, found %d, notes %q", p.Skipped, p.Found, p.Notes)
	}
}

// The newest manifest of a period chooses its files, wherever its URLs
// say the delivery was; a bad manifest is one line naming it.
func TestPlanDeliveryManifest(t *testing.T) {
	m1 := "c/e/metadata/BILLING_PERIOD=2026-10/20261002T0100Z/e-Manifest.json"
	m2 := "c/e/metadata/BILLING_PERIOD=2026-10/20261003T0100Z/e-Manifest.json"
	data := []string{"c/e/data/BILLING_PERIOD=2026-10/20261002T0100Z/e-00001.csv.gz",
		"c/e/data/BILLING_PERIOD=2026-10/20261003T0100Z/e-00001.csv.gz", "c/e/data/BILLING_PERIOD=2026-10/20261003T0100Z/e-00002.csv.gz"}
	good := map[string]string{
		m1: `{"dataFiles":["s3://b/p/e/data/BILLING_PERIOD=2026-10/20261002T0100Z/e-00001.csv.gz"]}`,
		m2: `{"dataFiles":["s3://b/p/e/data/BILLING_PERIOD=2026-10/20261003T0100Z/e-00002.csv.gz"]}`,
	}
	// the newer manifest comes first in the listing: its name tells it
	p, err := planOf(t, good, append([]string{m2, m1}, data...)...)
	if err != nil || readPaths(p) != data[2] {
		t.Fatalf("read %v, %v; want %s", p, err, data[2])
	}
	// a list under its legacy name, relative to the export
	legacy := map[string]string{m1: good[m1], m2: `{"reportKeys":["data/BILLING_PERIOD=2026-10/20261003T0100Z/e-00001.csv.gz"]}`}
	if p, err := planOf(t, legacy, append([]string{m1, m2}, data...)...); err != nil || readPaths(p) != data[1] {
		t.Errorf("reportKeys: read %v, %v; want %s", p, err, data[1])
	}
	for _, c := range []struct{ body, want string }{
		{`{"dataFiles":`, m2 + ": expected a Data Exports manifest (JSON), got unexpected end of JSON input"},
		{`{"dataFiles":["s3://b/p/e/e-00001.csv.gz"]}`, m2 + `: expected data files under data/BILLING_PERIOD=, got "s3://b/p/e/e-00001.csv.gz"`},
		{`{"dataFiles":["s3://b/p/e/data/BILLING_PERIOD=2026-10/20261003T0100Z/e-00009.csv.gz"]}`,
			m2 + ": expected the data file it lists, c/e/data/BILLING_PERIOD=2026-10/20261003T0100Z/e-00009.csv.gz, got no such file"},
	} {
		_, err := planOf(t, map[string]string{m1: good[m1], m2: c.body}, append([]string{m1, m2}, data...)...)
		if err == nil || err.Error() != c.want {
			t.Errorf("got %v\nwant %s", err, c.want)
		}
	}
}
