package model

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// The packed store gives back every row exactly as appended: across
// chunks, with counts too large for 32 bits, with and without a relative
// error.
func TestPackedRowsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var want []Usage
	p := NewPackedRows()
	tooLarge := 0 // rows with a count past 32 bits
	for i := range 3*packedChunk + 17 {
		u := Usage{
			Account: fmt.Sprintf("%012d", rng.IntN(500)), Region: []string{"us-east-1", "eu-west-1", "ap-northeast-1"}[rng.IntN(3)],
			Day: fmt.Sprintf("2026-01-%02d", 1+rng.IntN(28)), Source: []string{"s3-listing", "cost-explorer"}[rng.IntN(2)],
			ManagementReadEvents: rng.Int64N(1e6), ManagementWriteEvents: rng.Int64N(1e5), DataEvents: rng.Int64N(10),
			NetworkEvents: rng.Int64N(3), InsightsEvents: rng.Int64N(2), AggregatedEvents: rng.Int64N(2),
			EventBytes: rng.Int64N(4e9), StoredBytes: rng.Int64N(1e8), LogFiles: rng.Int64N(300), Measured: rng.IntN(2) == 0,
		}
		switch i % 1000 {
		case 3:
			u.EventBytes = math.MaxUint32 + 1 // one past 32 bits
			tooLarge++
		case 5:
			u.DataEvents = MaxRowEvents
			tooLarge++
		case 7:
			u.StoredBytes = math.MaxUint32 // the largest that packs
		}
		if i%5 == 0 {
			f := rng.Float64()
			u.RelativeError = &f
		}
		want = append(want, u)
		if err := p.Append(u); err != nil {
			t.Fatal(err)
		}
	}
	got := slices.Collect(p.All())
	if p.Len() != len(want) || len(got) != len(want) {
		t.Fatalf("%d rows (Len %d), want %d", len(got), p.Len(), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if len(p.wide) != tooLarge { // MaxUint32 itself still packs
		t.Errorf("%d rows kept whole, want %d", len(p.wide), tooLarge)
	}
}

func TestPackedRowsWithSources(t *testing.T) {
	p := NewPackedRows()
	p.Append(Usage{Account: "111111111111", Region: "us-east-1", Day: "2026-01-01", Source: "a\x1b"})
	q := p.WithSources(func(s string) string { return s[:1] })
	if u := slices.Collect(q.All())[0]; u.Source != "a" {
		t.Errorf("copy's source %q, want a", u.Source)
	}
	if u := slices.Collect(p.All())[0]; u.Source != "a\x1b" {
		t.Errorf("the original changed: %q", u.Source)
	}
}

// A region is numbered in a byte: the 257th distinct one is refused, not
// wrapped onto the first.
func TestPackedRowsTableFull(t *testing.T) {
	p := NewPackedRows()
	for i := range 256 {
		if err := p.Append(Usage{Region: fmt.Sprint(i)}); err != nil {
			t.Fatalf("region %d: %v", i, err)
		}
	}
	if err := p.Append(Usage{Region: "one more"}); err == nil {
		t.Fatal("the 257th region was taken")
	}
}

// The dataset's rows are its plain rows, then its packed ones; marshalled,
// both are in usage.
func TestDatasetRowsPlainThenPacked(t *testing.T) {
	d := &Dataset{Usage: []Usage{{Account: "1"}}}
	p := NewPackedRows()
	p.Append(Usage{Account: "2"})
	d.SetPackedRows(p)
	var ids []string
	for u := range d.Rows() {
		ids = append(ids, u.Account)
	}
	if !slices.Equal(ids, []string{"1", "2"}) || d.RowCount() != 2 {
		t.Fatalf("rows %v, count %d", ids, d.RowCount())
	}
	if w := d.WithoutRows(); w.RowCount() != 0 || d.RowCount() != 2 {
		t.Fatal("WithoutRows changed the original or kept rows")
	}
}

// SortRows orders by account, then region, then day.
func TestSortRows(t *testing.T) {
	rows := []Usage{
		{Account: "2", Region: "a", Day: "2026-01-01"},
		{Account: "1", Region: "b", Day: "2026-01-01"},
		{Account: "1", Region: "a", Day: "2026-01-02"},
		{Account: "1", Region: "a", Day: "2026-01-01"},
	}
	SortRows(rows)
	var got []string
	for _, u := range rows {
		got = append(got, u.Account+u.Region+u.Day[8:])
	}
	if want := []string{"1a01", "1a02", "1b01", "2a01"}; !slices.Equal(got, want) {
		t.Errorf("sorted %v, want %v", got, want)
	}
}

// json.Marshal of a loaded dataset writes its packed rows in usage, where
// the plain struct would write none.
func TestDatasetMarshalWritesPackedRows(t *testing.T) {
	d := &Dataset{Usage: []Usage{{Account: "1"}}}
	p := NewPackedRows()
	p.Append(Usage{Account: "2", Source: "s3-listing"})
	d.SetPackedRows(p)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Dataset
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Usage) != 2 || back.Usage[1].Account != "2" || back.Usage[1].Source != "s3-listing" {
		t.Errorf("marshalled rows %+v", back.Usage)
	}
}
