package model_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/input"
	"github.com/trailwise/trailwise/model"
)

// withRelErrs is the small sample with a relative error on a few rows, so
// that the packed rows keep some.
func withRelErrs(t *testing.T) *model.Dataset {
	t.Helper()
	d, err := fixtures.Load("small")
	if err != nil {
		t.Fatal(err)
	}
	for i := 3; i < len(d.Usage); i += 97 {
		e := 0.25
		d.Usage[i].RelativeError, d.Usage[i].Measured = &e, false
	}
	return d
}

// load writes d as a file and reads it back as the command line does: the
// loader packs the rows and validates the dataset.
func load(t *testing.T, d *model.Dataset) *model.Dataset {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := input.ParseDataset("org.json", b)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.PackedRows() == nil || len(loaded.Usage) != 0 {
		t.Fatal("the loader did not pack the rows")
	}
	return loaded
}

// The loader checks a file's rows one by one; estimating the loaded
// dataset checks it again, but not its rows one by one, and prices it as
// the same rows never validated before.
func TestLoadedRowsAreCheckedOnce(t *testing.T) {
	plain := withRelErrs(t)
	before := model.RowPasses()
	d := load(t, plain)
	if n := model.RowPasses() - before; n != 1 {
		t.Fatalf("loading checked the rows %d times, want 1", n)
	}
	if len(d.Breakdown) == 0 {
		t.Fatal("the sample has no breakdown: its check is not exercised")
	}
	got, err := model.EstimateWith(d, model.DefaultScenario(), book(t), model.Uncertainty{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.Prepare(d); err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if n := model.RowPasses() - before; n != 1 {
		t.Errorf("estimating the loaded dataset checked its rows %d more times, want none", n-1)
	}
	want, err := model.EstimateWith(plain, model.DefaultScenario(), book(t), model.Uncertainty{})
	if err != nil {
		t.Fatal(err)
	}
	if model.RowPasses()-before != 2 {
		t.Error("a dataset never validated was not checked row by row")
	}
	a, errA := json.Marshal(got.Strategies)
	b, errB := json.Marshal(want.Strategies)
	if errA != nil || errB != nil || string(a) != string(b) {
		t.Errorf("the loaded dataset prices differently from its rows never validated (%v, %v)", errA, errB)
	}
}

// A loaded dataset changed after loading, in its rows or in what they are
// checked against, is refused as the same change to rows never validated
// is: with the same error.
func TestChangedLoadedDatasetIsCheckedAgain(t *testing.T) {
	notManagement := func(d *model.Dataset) int {
		for i, a := range d.Accounts {
			if a.ID != d.Organization.ManagementAccount {
				return i
			}
		}
		t.Fatal("no member account")
		return -1
	}
	firstRow := func(d *model.Dataset) model.Usage {
		for u := range d.Rows() {
			return u
		}
		t.Fatal("no rows")
		return model.Usage{}
	}
	// rows is d's rows with f applied to each, in a new store.
	rows := func(d *model.Dataset, f func(*model.Usage)) *model.PackedRows {
		p := model.NewPackedRows()
		for u := range d.Rows() {
			f(&u)
			if err := p.Append(u); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	both := func(f func(*model.Dataset)) [2]func(*model.Dataset) { return [2]func(*model.Dataset){f, f} }
	for _, c := range []struct {
		name   string
		change [2]func(*model.Dataset) // to the loaded dataset, to the plain one
	}{
		{"an account its rows name unlisted", both(func(d *model.Dataset) {
			i := notManagement(d)
			d.Accounts = append(d.Accounts[:i:i], d.Accounts[i+1:]...)
		})},
		{"the period shortened", both(func(d *model.Dataset) { d.Period.End = "2026-09-29" })},
		{"a breakdown changed", both(func(d *model.Dataset) {
			s := &d.Breakdown[len(d.Breakdown)-1].Sources[0]
			s.Events++
			if len(s.EventNames) > 0 { // the names still add up to the entry
				s.EventNames[0].Events++
			}
		})},
		{"a relative error written through Rows", both(func(d *model.Dataset) {
			for u := range d.Rows() {
				if u.RelativeError != nil {
					*u.RelativeError = 1.5
					return
				}
			}
			t.Fatal("no relative error")
		})},
		{"a row appended to the store", [2]func(*model.Dataset){
			func(d *model.Dataset) {
				if err := d.PackedRows().Append(firstRow(d)); err != nil {
					t.Fatal(err)
				}
			},
			func(d *model.Dataset) { d.Usage = append(d.Usage, d.Usage[0]) },
		}},
		{"the rows replaced", [2]func(*model.Dataset){
			func(d *model.Dataset) {
				i := 0
				d.SetPackedRows(rows(d, func(u *model.Usage) {
					if i++; i == 8 {
						u.DataEvents = -1
					}
				}))
			},
			func(d *model.Dataset) { d.Usage[7].DataEvents = -1 },
		}},
		{"the sources renamed", [2]func(*model.Dataset){
			func(d *model.Dataset) {
				d.SetPackedRows(d.PackedRows().WithSources(func(string) string { return "" }))
			},
			func(d *model.Dataset) {
				for i := range d.Usage {
					d.Usage[i].Source = ""
				}
			},
		}},
	} {
		plain := withRelErrs(t)
		d := load(t, plain)
		c.change[0](d)
		c.change[1](plain)
		want := plain.Validate()
		if want == nil {
			t.Fatalf("%s: the change leaves rows never validated valid: it tests nothing", c.name)
		}
		if err := d.Validate(); err == nil || err.Error() != want.Error() {
			t.Errorf("%s: got %v, want %v", c.name, err, want)
		}
	}
}

// Rows in Usage beside the packed ones are checked with them: a row that
// repeats a packed one is refused.
func TestUsageBesidePackedRowsIsChecked(t *testing.T) {
	d := load(t, withRelErrs(t))
	for u := range d.Rows() {
		d.Usage = append(d.Usage, u)
		break
	}
	const want = "usage[1]: expected one row per account, region and day; usage[0] is already"
	if err := d.Validate(); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %s…", err, want)
	}
}

// A breakdown given after loading a dataset that had none is checked
// against the rows' totals: the right one passes, a wrong one is refused.
func TestBreakdownGivenAfterLoading(t *testing.T) {
	plain := withRelErrs(t)
	breakdown := plain.Breakdown
	plain.Breakdown = nil
	d := load(t, plain)
	d.Breakdown = breakdown
	if err := d.Validate(); err != nil {
		t.Errorf("the sample's own breakdown: %v", err)
	}
	d.Breakdown = slices.Clone(breakdown)
	d.Breakdown[0].Sources, d.Breakdown[1].Sources = d.Breakdown[1].Sources, d.Breakdown[0].Sources
	if err := d.Validate(); err == nil || !strings.HasPrefix(err.Error(), "breakdown[0].sources: expected ") {
		t.Errorf("the first two breakdowns' sources swapped: got %v, want breakdown[0].sources: expected …", err)
	}
}
