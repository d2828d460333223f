package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
	"github.com/trailwise/trailwise/pricing"
)

// A document built with its bills deferred writes, once they are filled
// in, exactly what Build writes; filling them in leaves the deferred
// document as it was.
func TestDeferredBillsWriteAsBuild(t *testing.T) {
	d, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	book, _ := pricing.ForRegion("us-east-1")
	c, err := model.Estimate(d, model.DefaultScenario(), book)
	if err != nil {
		t.Fatal(err)
	}
	meta := Meta{DatasetName: "sample:enterprise", Version: "test", GeneratedAt: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	full, err := Build(c, d, meta)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := BuildDeferred(c, d, meta)
	if err != nil {
		t.Fatal(err)
	}
	if full.BillsDeferred() || !lazy.BillsDeferred() {
		t.Fatalf("deferred: Build %v, BuildDeferred %v", full.BillsDeferred(), lazy.BillsDeferred())
	}
	for _, s := range lazy.Strategies {
		if s.Accounts != nil || s.Chargeback != nil {
			t.Fatalf("%s: bills spread before they were asked for", s.ID)
		}
	}
	filled := WithBills(lazy)
	if filled == lazy || filled.BillsDeferred() || !lazy.BillsDeferred() || lazy.Strategies[0].Accounts != nil {
		t.Fatal("WithBills changed the deferred document instead of a copy")
	}
	if WithBills(filled) != filled {
		t.Error("WithBills copied a document that needed nothing")
	}
	for _, w := range []struct {
		name  string
		write func(*bytes.Buffer, *Document) error
	}{
		{"json", func(b *bytes.Buffer, doc *Document) error { return JSON(b, doc) }},
		{"markdown", func(b *bytes.Buffer, doc *Document) error { return Markdown(b, doc) }},
		{"csv by account", func(b *bytes.Buffer, doc *Document) error { return CSVByAccount(b, doc) }},
	} {
		var want, got, gotLazy bytes.Buffer
		if err := w.write(&want, full); err != nil {
			t.Fatal(err)
		}
		if err := w.write(&got, filled); err != nil {
			t.Fatal(err)
		}
		if err := w.write(&gotLazy, lazy); err != nil { // the writer fills them in itself
			t.Fatal(err)
		}
		if !bytes.Equal(want.Bytes(), got.Bytes()) || !bytes.Equal(want.Bytes(), gotLazy.Bytes()) {
			t.Errorf("%s: a deferred document writes differently from Build's (%d, %d and %d bytes)", w.name, want.Len(), got.Len(), gotLazy.Len())
		}
	}
	checked := 0
	for _, s := range filled.Strategies {
		var members, paid int64
		for _, a := range s.Accounts {
			if a.Role == "member" {
				members += a.Total.Units()
			}
		}
		for _, p := range s.PayerTotals {
			if p.Payer == model.PayerMembers {
				paid = p.Total.Units()
			}
		}
		if members != paid {
			t.Errorf("%s: the member accounts' bills add up to %d units, the members pay %d", s.ID, members, paid)
		}
		if paid > 0 {
			checked++
		}
	}
	if checked == 0 {
		t.Error("no strategy bills its members: nothing was checked")
	}
}
