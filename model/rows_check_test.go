package model_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/trailwise/trailwise/fixtures"
	"github.com/trailwise/trailwise/model"
)

// The quick check of packed rows and the row-by-row check agree, on valid
// rows (with the same totals) and with each kind of wrong row put at
// random places: a repeated account, region and day, an account not
// listed, a day outside the period or not a day, a region unknown or not a
// region, counts kept whole out of range, a relative error out of range,
// an empty source. The quick check may only say yes when the careful one
// does: else a wrong dataset would be priced.
func TestQuickRowCheckAgrees(t *testing.T) {
	base, err := fixtures.Load("enterprise")
	if err != nil {
		t.Fatal(err)
	}
	nan, big := math.NaN(), 1.5
	faults := map[string]func(rows []model.Usage, i, j int){
		"none": func([]model.Usage, int, int) {},
		"repeated cell": func(r []model.Usage, i, j int) {
			r[j].Account, r[j].Region, r[j].Day = r[i].Account, r[i].Region, r[i].Day
		},
		"unlisted":        func(r []model.Usage, i, _ int) { r[i].Account = "999999999999" },
		"day outside":     func(r []model.Usage, i, _ int) { r[i].Day = "2001-01-01" },
		"not a day":       func(r []model.Usage, i, _ int) { r[i].Day = "2026-13-01" },
		"unknown region":  func(r []model.Usage, i, _ int) { r[i].Region = "xx-east-9" },
		"not a region":    func(r []model.Usage, i, _ int) { r[i].Region = "US East" },
		"events too many": func(r []model.Usage, i, _ int) { r[i].DataEvents = model.MaxRowEvents + 1 },
		"bytes too many":  func(r []model.Usage, i, _ int) { r[i].StoredBytes = model.MaxRowBytes + 1 },
		"negative":        func(r []model.Usage, i, _ int) { r[i].LogFiles = -1 },
		"large but valid": func(r []model.Usage, i, _ int) { r[i].EventBytes = 5_000_000_000_000 },
		"relative NaN":    func(r []model.Usage, i, _ int) { r[i].RelativeError = &nan },
		"relative over 1": func(r []model.Usage, i, _ int) { r[i].RelativeError = &big },
		"no source":       func(r []model.Usage, i, _ int) { r[i].Source = "" },
	}
	rnd := rand.New(rand.NewPCG(17, 4))
	for name, fault := range faults {
		for range 5 {
			rows := append([]model.Usage(nil), base.Usage...)
			i, j := rnd.IntN(len(rows)), rnd.IntN(len(rows))
			if i == j {
				j = (j + 1) % len(rows)
			}
			fault(rows, i, j)
			d := base.WithoutRows()
			p := model.NewPackedRows()
			for _, u := range rows {
				if err := p.Append(u); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
			d.SetPackedRows(p)
			for _, totals := range []bool{false, true} {
				quick, careful, same := model.CheckBothWays(d, totals)
				if quick != (careful == nil) || !same {
					t.Errorf("%s (rows %d, %d; totals %v): quick check %v, careful %v, same totals %v", name, i, j, totals, quick, careful, same)
				}
				if wantValid := name == "none" || name == "large but valid"; quick != wantValid {
					t.Errorf("%s: quick check %v", name, quick)
				}
			}
		}
	}
}
