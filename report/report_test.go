package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

func sampleDoc(t *testing.T, name string) *Document {
	t.Helper()
	d, err := fixtures.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	book, _ := pricing.ForRegion("us-east-1")
	c, err := model.Estimate(d, model.DefaultScenario(), book)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Build(c, d, Meta{DatasetName: "sample:" + name, Version: "test", GeneratedAt: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestMoneyIsAFixedDecimalString(t *testing.T) {
	cases := map[float64]string{0.1 + 0.2: `"0.3000"`, 1234.56789: `"1234.5679"`, -0.00001: `"0.0000"`, 0: `"0.0000"`}
	for v, want := range cases {
		got, _ := json.Marshal(Money(v))
		if string(got) != want {
			t.Errorf("Money(%v) = %s, want %s", v, got, want)
		}
		var back Money
		if err := json.Unmarshal(got, &back); err != nil || math.Abs(float64(back)-v) > 0.00005 {
			t.Errorf("%s read back as %v (%v)", got, back, err)
		}
	}
	if err := json.Unmarshal([]byte(`12.5`), new(Money)); err == nil {
		t.Error("a bare number is not a money string")
	}
	if money2(1234567.891) != "1,234,567.89" || money2(-12.5) != "-12.50" {
		t.Errorf("money2: %s %s", money2(1234567.891), money2(-12.5))
	}
}

// The CSV holds every line of the JSON, and its costs add up to the JSON's
// monthly totals exactly, to the last written place.
func TestCSVReconcilesWithJSON(t *testing.T) {
	for _, doc := range []*Document{sampleDoc(t, "small"), sampleDoc(t, "enterprise")} {
		var buf bytes.Buffer
		if err := CSV(&buf, doc); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("not RFC 4180: %v", err)
		}
		if strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
			t.Fatalf("header %v", rows[0])
		}
		sums := map[string]int64{}
		leftoverRows := 0
		var leftoverSum int64
		for _, r := range rows[1:] {
			if !isoDate.MatchString(r[0]) {
				t.Fatalf("month %q is not an ISO date", r[0])
			}
			if r[14] == "leftover" { // a finding beside the total
				leftoverRows++
				leftoverSum += csvUnits(t, r[9])
				continue
			}
			sums[r[1]+" "+r[0]] += csvUnits(t, r[9])
		}
		var wantRows int
		var wantSum int64
		for _, lt := range doc.Leftovers {
			for _, c := range lt.Costs {
				if c.Leftover {
					wantRows += len(c.Months)
					for _, m := range c.Months {
						wantSum += m.Units()
					}
				}
			}
		}
		if leftoverRows != wantRows || leftoverSum != wantSum || (doc.Inputs.Dataset.Name == "enterprise" && wantRows == 0) {
			t.Errorf("leftover rows: %d summing to %s, want %d summing to %s", leftoverRows, fromUnits(leftoverSum), wantRows, fromUnits(wantSum))
		}
		lines := 0
		for _, s := range doc.Strategies {
			for _, m := range s.Months {
				lines += len(m.Lines)
				if got := sums[s.ID+" "+m.Month+"-01"]; got != m.Total.Units() {
					t.Errorf("%s %s: CSV sums to %s, JSON total %s", s.ID, m.Month, fromUnits(got), m.Total)
				}
			}
		}
		if lines != len(rows)-1-leftoverRows || lines == 0 {
			t.Errorf("%d JSON lines, %d CSV rows of kind cost", lines, len(rows)-1-leftoverRows)
		}
	}
}

var isoDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// csvUnits reads a CSV amount exactly: a plain decimal with four places.
func csvUnits(t *testing.T, s string) int64 {
	t.Helper()
	if !moneyPattern.MatchString(s) {
		t.Fatalf("amount %q is not a plain decimal with four places", s)
	}
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	u := w*moneyScale + f
	if strings.HasPrefix(s, "-") {
		u = -u
	}
	return u
}

func TestTableFitsTheTerminal(t *testing.T) {
	doc := sampleDoc(t, "enterprise")
	for _, width := range []int{80, 120} {
		var buf bytes.Buffer
		if err := Table(&buf, doc, width); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			if n := len([]rune(line)); n > width {
				t.Errorf("width %d: line of %d: %q", width, n, line)
			}
		}
		// cheapest available first, unavailable last
		first := strings.Index(out, "\norg-trail ")
		last := strings.Index(out, "unavailable:")
		if first < 0 || last < 0 || last < first {
			t.Errorf("order: org-trail at %d, unavailable at %d", first, last)
		}
	}
}

func TestMarkdownSections(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, sampleDoc(t, "small")); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"# CloudTrail management", "## Options", "## Assumptions", "## Price sources", "| `horizon_months` | 12 |", "`trails-lake`", "no: CloudTrail Lake has been closed"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestDigestIgnoresLayoutButNotContent(t *testing.T) {
	a, _ := fixtures.Load("small")
	b, _ := fixtures.Load("small")
	if DatasetDigest(a) != DatasetDigest(b) {
		t.Fatal("same dataset, different digests")
	}
	b.Usage[0].ManagementReadEvents++
	if DatasetDigest(a) == DatasetDigest(b) {
		t.Error("a changed count kept the digest")
	}
}

func TestRenderRejectsUnknownFormat(t *testing.T) {
	if err := Render(new(bytes.Buffer), sampleDoc(t, "small"), "xml"); err == nil || !strings.Contains(err.Error(), "table, json, csv, markdown") {
		t.Errorf("got %v", err)
	}
}

// The digest is hashed as the JSON is written, a row at a time: the bytes
// are json.Marshal's, so the digest is the one reports always carried.
func TestDatasetDigestIsTheMarshalledJSONs(t *testing.T) {
	for _, name := range []string{"small", "enterprise"} {
		d, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []*model.Dataset{d, {Schema: "x"}} {
			var b bytes.Buffer
			writeCanonical(&b, d)
			want, _ := json.Marshal(d)
			if !bytes.Equal(b.Bytes(), want) {
				t.Fatalf("%s: the canonical JSON written piece by piece differs from json.Marshal's", name)
			}
			sum := sha256.Sum256(want)
			if got := DatasetDigest(d); got != "sha256:"+hex.EncodeToString(sum[:]) {
				t.Errorf("%s: digest %s", name, got)
			}
		}
	}
}
