package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math/big"
	"strings"
	"testing"
)

// decimalUnits reads a written amount as an exact rational, so the sums
// below owe nothing to the engine's own integer arithmetic.
func decimalUnits(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("not a decimal: %q", s)
	}
	return r
}

// The FOCUS rows' BilledCost, summed per strategy and month as decimals,
// is the month's total in the JSON to the last written place; summed per
// strategy it is the horizon total.
func TestFOCUSReconcilesWithJSON(t *testing.T) {
	for _, doc := range []*Document{sampleDoc(t, "small"), sampleDoc(t, "enterprise")} {
		var out, js bytes.Buffer
		if err := FOCUS(&out, doc); err != nil {
			t.Fatal(err)
		}
		if err := JSON(&js, doc); err != nil {
			t.Fatal(err)
		}
		var back struct {
			Strategies []struct {
				ID     string `json:"id"`
				Totals struct {
					Horizon string `json:"horizon"`
				} `json:"totals"`
				Months []struct {
					Month string `json:"month"`
					Total string `json:"total"`
				} `json:"months"`
			} `json:"strategies"`
		}
		if err := json.Unmarshal(js.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		byMonth, byStrategy := map[string]*big.Rat{}, map[string]*big.Rat{}
		add := func(m map[string]*big.Rat, k string, v *big.Rat) {
			if m[k] == nil {
				m[k] = new(big.Rat)
			}
			m[k].Add(m[k], v)
		}
		for _, r := range rows[1:] {
			v := decimalUnits(t, r[col["BilledCost"]])
			if r[col["EffectiveCost"]] != r[col["BilledCost"]] || r[col["ListCost"]] != r[col["BilledCost"]] {
				t.Fatalf("a projection's three costs differ: %v", r)
			}
			month := r[col["ChargePeriodStart"]][:7]
			add(byMonth, r[col["x_Strategy"]]+" "+month, v)
			add(byStrategy, r[col["x_Strategy"]], v)
		}
		for _, s := range back.Strategies {
			for _, m := range s.Months {
				got := byMonth[s.ID+" "+m.Month]
				if got == nil {
					got = new(big.Rat)
				}
				if got.Cmp(decimalUnits(t, m.Total)) != 0 {
					t.Errorf("%s %s: FOCUS rows sum to %s, the JSON says %s", s.ID, m.Month, got.FloatString(4), m.Total)
				}
			}
			if got := byStrategy[s.ID]; got == nil || got.Cmp(decimalUnits(t, s.Totals.Horizon)) != 0 {
				t.Errorf("%s: FOCUS rows sum to %v, the JSON's horizon is %s", s.ID, got, s.Totals.Horizon)
			}
		}
	}
}

// A central line's rows are allocated charges: billed to the central
// account, charged to the account served, their ratios summing to 1; a
// members line's rows are billed to the member account itself.
func TestFOCUSAllocatedCharges(t *testing.T) {
	doc := sampleDoc(t, "small")
	var out bytes.Buffer
	if err := FOCUS(&out, doc); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&out).ReadAll()
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	ratios := map[string]*big.Rat{}
	var central, members int
	for _, r := range rows[1:] {
		get := func(c string) string { return r[col[c]] }
		switch get("x_Payer") {
		case "members":
			members++
			if get("AllocatedMethodId") != "" || get("SubAccountId") != get("x_ChargedAccountId") {
				t.Fatalf("a members row is billed to the member itself, not allocated: %v", r)
			}
		case "management":
			central++
			if get("SubAccountId") != doc.Inputs.Dataset.ManagementAccount || get("AllocatedResourceId") != get("x_ChargedAccountId") ||
				!strings.HasPrefix(get("AllocatedMethodId"), "trailwise:") {
				t.Fatalf("a management row is an allocated charge of the management account: %v", r)
			}
			var d struct {
				Elements []struct{ AllocatedRatio json.Number }
			}
			if err := json.Unmarshal([]byte(get("AllocatedMethodDetails")), &d); err != nil || len(d.Elements) != 1 {
				t.Fatalf("AllocatedMethodDetails %q: %v", get("AllocatedMethodDetails"), err)
			}
			k := strings.Join([]string{get("x_Strategy"), get("ChargePeriodStart"), get("x_Component"), get("ChargeDescription")}, "|")
			if ratios[k] == nil {
				ratios[k] = new(big.Rat)
			}
			ratios[k].Add(ratios[k], decimalUnits(t, d.Elements[0].AllocatedRatio.String()))
		}
	}
	if central == 0 || members == 0 {
		t.Fatalf("the small sample has %d management rows and %d members rows", central, members)
	}
	tolerance := big.NewRat(1, 10_000_000) // eight places per part, a dozen parts
	for k, sum := range ratios {
		diff := new(big.Rat).Sub(sum, big.NewRat(1, 1))
		if diff.Abs(diff).Cmp(tolerance) > 0 {
			t.Errorf("%s: the allocated ratios sum to %s, not 1", k, sum.FloatString(8))
		}
	}
}

func TestFOCUSMonthBounds(t *testing.T) {
	for month, want := range map[string][2]string{
		"2026-12": {"2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"},
		"2028-02": {"2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z"},
	} {
		if s, e := monthBounds(month); s != want[0] || e != want[1] {
			t.Errorf("%s: %s..%s, want %s..%s", month, s, e, want[0], want[1])
		}
	}
}
