package report

import (
	"bytes"
	"encoding/json"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// A line priced at a fallback rate is shown as one everywhere the rate is:
// in the small sample with its eu-west-1 usage repeated in eu-north-1 (a
// region trailwise knows, with no price book), the roll-up transfer out of
// Stockholm is priced at us-east-1's rate and marked fallback on its line;
// its row in the price sources of the JSON must be marked too, and the
// Markdown, HTML and table outputs must say so. Every line's fallback mark
// must match its rate's row, whatever the rate.
func TestFallbackRateMarkedInPriceSources(t *testing.T) {
	if pricing.Embedded("eu-north-1") != nil {
		t.Skip("eu-north-1 has a book now: pick a known region without one")
	}
	d, err := fixtures.Load("small")
	if err != nil {
		t.Fatal(err)
	}
	var stockholm []model.Usage
	for u := range d.Rows() {
		if u.Region == "eu-west-1" {
			u.Region = "eu-north-1"
			stockholm = append(stockholm, u)
		}
	}
	if len(stockholm) == 0 {
		t.Fatal("the small sample has no eu-west-1 usage to repeat")
	}
	d.Usage = append(d.Usage, stockholm...)
	book, _ := pricing.ForRegion("us-east-1")
	c, err := model.Estimate(d, model.DefaultScenario(), book)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Build(c, d, Meta{DatasetName: "stockholm", Version: "test", GeneratedAt: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}

	// the JSON, read back as JSON
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(doc); err != nil {
		t.Fatal(err)
	}
	var back Document
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	sources := map[string]RateSource{}
	for _, s := range back.Inputs.PriceBook.Sources {
		sources[s.Rate] = s
	}
	const rate = "s3.inter_region_transfer@eu-north-1"
	s, ok := sources[rate]
	if !ok || !s.Fallback || s.NoBook != "eu-north-1" || s.FallbackFrom != book.ID {
		t.Fatalf("price source %s: %+v (listed %v); want it marked fallback, from %s", rate, s, ok, book.ID)
	}
	lines := 0
	for _, st := range back.Strategies {
		for _, m := range st.Months {
			for _, l := range m.Lines {
				src, ok := sources[l.Rate]
				if !ok {
					continue // the scenario's own rates (staff time) have no book row
				}
				if l.Fallback != src.Fallback {
					t.Fatalf("%s %s: line %q fallback %v, its rate %s's source row %v", st.ID, m.Month, l.Name, l.Fallback, l.Rate, src.Fallback)
				}
				if l.Rate == rate {
					lines++
				}
			}
		}
	}
	if lines == 0 {
		t.Fatal("no line is priced at the transfer rate out of eu-north-1")
	}

	label := "fallback: no price book for eu-north-1, " + book.ID + "'s rate"
	for _, format := range []string{"markdown", "html", "table"} {
		var out bytes.Buffer
		if err := Render(&out, doc, format); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(html.UnescapeString(out.String())), " ")
		want := label
		if format == "table" {
			want = "No price book for eu-north-1: S3 inter-region transfer out of it priced at us-east-1's rate (marked fallback in JSON and CSV)."
		}
		if !strings.Contains(text, want) {
			t.Errorf("%s output lacks %q", format, want)
		}
	}
}
