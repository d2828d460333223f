package report

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
)

// appendUsage must write the bytes json.Marshal writes (the dataset
// digest depends on it), for every kind of value a row can hold.
func TestAppendUsageIsJSONMarshal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "s3-listing", "a\"b", `back\slash`, "<tag>&", "tab\there", "日本", "\u2028", "\x7f"}
	floats := []float64{0, 1, 0.1, 1e-7, 1.5e-6, 1e-6, 0.123456789, 1e21, 5e-324, math.MaxFloat64}
	for i := range 5000 {
		u := model.Usage{
			Account: "123456789012", Region: texts[rng.IntN(len(texts))], Day: "2026-01-02",
			ManagementReadEvents: rng.Int64(), ManagementWriteEvents: -rng.Int64N(10), DataEvents: rng.Int64N(3),
			NetworkEvents: rng.Int64N(1e12), InsightsEvents: 0, AggregatedEvents: rng.Int64N(2),
			EventBytes: rng.Int64(), StoredBytes: rng.Int64N(100), LogFiles: rng.Int64N(5),
			Source: texts[rng.IntN(len(texts))], Measured: rng.IntN(2) == 0,
		}
		if i%3 == 0 {
			f := floats[rng.IntN(len(floats))]
			if rng.IntN(2) == 0 {
				f = rng.Float64() * math.Pow(10, float64(rng.IntN(40)-20))
			}
			u.RelativeError = &f
		}
		want, err := json.Marshal(&u)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendUsage(nil, &u); string(got) != string(want) {
			t.Fatalf("row %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// appendBreakdown writes the bytes json.Marshal writes, for the samples'
// breakdowns and for the edge cases they lack.
func TestAppendBreakdownIsJSONMarshal(t *testing.T) {
	d, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	list := append(d.Breakdown,
		model.Breakdown{Account: "a<b>", Region: "r\"1", Source: "athena", Sampled: true},
		model.Breakdown{Sources: []model.SourceVolume{{EventSource: "x\\y", ResourceType: "AWS::S3::Object", EventNames: []model.NameVolume{}}}},
	)
	if len(d.Breakdown) == 0 {
		t.Fatal("the enterprise sample has no breakdown")
	}
	for i := range list {
		want, _ := json.Marshal(&list[i])
		if got := appendBreakdown(nil, &list[i]); string(got) != string(want) {
			t.Fatalf("entry %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// A dataset written a row at a time is json.MarshalIndent's text, byte for
// byte, for every sample and for a dataset with packed rows.
func TestWriteDatasetIndentedIsMarshalIndent(t *testing.T) {
	for _, name := range fixtures.Names() {
		d, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := WriteDatasetIndented(&got, d); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: the streamed text differs from json.MarshalIndent's", name)
		}
		packed := d.WithoutRows()
		p := model.NewPackedRows()
		for _, u := range d.Usage {
			p.Append(u)
		}
		packed.SetPackedRows(p)
		got.Reset()
		WriteDatasetIndented(&got, packed)
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s, packed: the streamed text differs from json.MarshalIndent's", name)
		}
	}
}
