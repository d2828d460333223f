package report

import (
	"bytes"
	"encoding/csv"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/model"
)

func TestSpreadIsExact(t *testing.T) {
	cases := []struct {
		amount int64
		w      []uint64
		want   []int64
	}{
		{10, []uint64{1, 1, 1}, []int64{4, 3, 3}},
		{-10, []uint64{1, 1, 1}, []int64{-4, -3, -3}},
		{7, []uint64{0, 5, 0, 5}, []int64{0, 4, 0, 3}},
		{1, []uint64{1, 3}, []int64{0, 1}},
		{math.MaxInt64, []uint64{1e8, 0}, []int64{math.MaxInt64, 0}},
		{0, []uint64{1, 2}, []int64{0, 0}},
	}
	for _, tc := range cases {
		total := uint64(0)
		for _, x := range tc.w {
			total += x
		}
		got := spread(tc.amount, tc.w, total)
		if len(got) != len(tc.want) {
			t.Fatalf("spread(%d, %v) = %v", tc.amount, tc.w, got)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("spread(%d, %v) = %v, want %v", tc.amount, tc.w, got, tc.want)
				break
			}
		}
	}
	if spread(5, []uint64{0, 0}, 0) != nil {
		t.Error("all-zero weights spread something")
	}
}

// spreadBySorting is spread as first written: every nonzero weight's
// index sorted by remainder (stable: the earlier first on a tie), the units
// left over handed out in that order.
func spreadBySorting(amount int64, w []uint64, total uint64) []int64 {
	if total == 0 {
		return nil
	}
	neg := amount < 0
	a := uint64(amount)
	if neg {
		a = uint64(-amount)
	}
	parts := make([]int64, len(w))
	rems := make([]uint64, len(w))
	var given uint64
	for i, x := range w {
		if x == 0 {
			continue
		}
		p := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(x))
		q, r := p.QuoRem(p, new(big.Int).SetUint64(total), new(big.Int))
		parts[i], rems[i] = q.Int64(), r.Uint64()
		given += q.Uint64()
	}
	if left := a - given; left > 0 {
		var order []int
		for i, x := range w {
			if x > 0 {
				order = append(order, i)
			}
		}
		sort.SliceStable(order, func(i, j int) bool { return rems[order[i]] > rems[order[j]] })
		for k := uint64(0); k < left; k++ {
			parts[order[int(k)%len(order)]]++
		}
	}
	if neg {
		for i := range parts {
			parts[i] = -parts[i]
		}
	}
	return parts
}

// The remainders handed out by selection give what sorting them gives,
// ties (many: equal shares, round amounts) included.
func TestSpreadMatchesSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var scratch []uint64
	for n := range 3000 {
		w := make([]uint64, 1+rng.IntN(450))
		var total uint64
		for i := range w {
			switch rng.IntN(4) {
			case 0: // zero
			case 1:
				w[i] = uint64(1 + rng.IntN(3)) // many ties
			default:
				switch n % 3 {
				case 0: // shares, in units of 10^-8
					w[i] = uint64(rng.IntN(1e8))
				case 1: // totals about 2^53
					w[i] = rng.Uint64N(1 << 45)
				default: // totals past 2^53
					w[i] = rng.Uint64N(1 << 55)
				}
			}
			total += w[i]
		}
		amount := int64(rng.IntN(1 << uint(1+rng.IntN(40))))
		if n%3 == 0 {
			amount = -amount
		}
		want := spreadBySorting(amount, w, total)
		var got []int64
		got, scratch = spreadInto(amount, w, total, scratch)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d: spread(%d, %d weights) differs from sorting the remainders", n, amount, len(w))
		}
		// a total that is not the weights' sum takes the general path
		if total > 0 {
			want = spreadBySorting(amount, w, total+1)
			if got := spread(amount, w, total+1); !slices.Equal(got, want) {
				t.Fatalf("case %d: with a larger total, spread differs from sorting the remainders", n)
			}
		}
	}
}

// roundByWriting is round as first written: write v out, read it back.
func roundByWriting(v float64, places int) float64 {
	f, _ := strconv.ParseFloat(fixed(v, places), 64)
	return f
}

// Rounding without writing the number out gives, bit for bit, what
// writing it out and reading it back gives: random values of every size,
// exact ties, their neighbours, tiny and negative values.
func TestRoundMatchesWriting(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	check := func(v float64, places int) {
		t.Helper()
		want := roundByWriting(v, places)
		got := round(v, places)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("round(%v (%b), %d) = %v, writing gives %v", v, math.Float64bits(v), places, got, want)
		}
	}
	for range 400_000 {
		places := rng.IntN(len(pow10) + 2)
		var v float64
		switch rng.IntN(6) {
		case 0: // a share
			v = rng.Float64()
		case 1: // any size
			v = math.Ldexp(rng.Float64(), rng.IntN(120)-70)
		case 2: // an exact tie at these places: (2k+1) / 2^(places+1)
			if places < len(pow10) {
				v = float64(2*rng.IntN(1<<20)+1) / math.Ldexp(1, places+1)
			}
		case 3: // a whole number of the last place, and around it
			if places < len(pow10) {
				v = float64(rng.IntN(1<<30)) / pow10[places]
				v = math.Nextafter(v, v+float64(rng.IntN(3)-1))
			}
		case 4: // tiny
			v = math.Ldexp(rng.Float64(), -rng.IntN(1074))
		case 5: // near a half of the last place
			if places < len(pow10) {
				v = (float64(rng.IntN(1<<30)) + 0.5) / pow10[places]
				for range rng.IntN(3) {
					v = math.Nextafter(v, math.Inf(2*rng.IntN(2)-1))
				}
			}
		}
		if rng.IntN(2) == 0 {
			v = -v
		}
		check(v, places)
	}
	for _, v := range []float64{0, math.Copysign(0, -1), 0.5, 1.5, 2.5, -2.5, 0.125, 1e-9, -1e-9, 4503599627370495.5, 1 << 52, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.NaN()} {
		for places := range 17 {
			if math.IsNaN(v) {
				if !math.IsNaN(round(v, places)) {
					t.Errorf("round(NaN, %d) is a number", places)
				}
				continue
			}
			check(v, places)
		}
	}
}

// fromUnits gives what reading the written amount back gives.
func TestFromUnitsMatchesWriting(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	for range 200_000 {
		n := rng.Int64N(1 << uint(1+rng.IntN(62)))
		if rng.IntN(2) == 0 {
			n = -n
		}
		neg, m := n < 0, n
		if neg {
			m = -m
		}
		w := strconv.FormatInt(m/moneyScale, 10) + "." + strconv.FormatInt(moneyScale+m%moneyScale, 10)[1:]
		if neg && m != 0 {
			w = "-" + w
		}
		want, _ := strconv.ParseFloat(w, 64)
		if got := float64(fromUnits(n)); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("fromUnits(%d) = %v, reading %s gives %v", n, got, w, want)
		}
	}
}

func TestFromUnits(t *testing.T) {
	for u, want := range map[int64]string{0: "0.0000", 1: "0.0001", -1: "-0.0001", 123456789: "12345.6789", -10000: "-1.0000"} {
		if got := fromUnits(u).String(); got != want || fromUnits(u).Units() != u {
			t.Errorf("fromUnits(%d) = %s, want %s", u, got, want)
		}
	}
}

// Per strategy and month, what the accounts are charged back adds up to the
// strategy's total exactly; over the horizon, the JSON chargeback section
// and the accounts' bills add up to it too, and every chargeback row is the
// sum of its parts.
func TestChargebackReconciles(t *testing.T) {
	for _, doc := range []*Document{docWith(t, "small", 0, false), docWith(t, "enterprise", 0, false), sampleDoc(t, "small")} {
		for i := range doc.Strategies {
			s := &doc.Strategies[i]
			perMonth := make([]int64, len(s.Months))
			eachPart(doc, s, func(m int, _ *Line, _ int, units int64) { perMonth[m] += units })
			for m, mo := range s.Months {
				if perMonth[m] != mo.Total.Units() {
					t.Errorf("%s %s: chargeback %s, total %s", s.ID, mo.Month, fromUnits(perMonth[m]), mo.Total)
				}
			}
			var cb, bills int64
			for _, c := range s.Chargeback {
				cb += c.Total.Units()
				if c.Own.Units()+c.Management.Units()+c.LogArchive.Units()+c.Platform.Units() != c.Total.Units() {
					t.Errorf("%s %s: the parts do not add up to %s", s.ID, c.Account, c.Total)
				}
			}
			for _, a := range s.Accounts {
				bills += a.Total.Units()
			}
			if cb != s.Totals.Horizon.Units() || bills != s.Totals.Horizon.Units() {
				t.Errorf("%s: chargeback %s, bills %s, horizon %s", s.ID, fromUnits(cb), fromUnits(bills), s.Totals.Horizon)
			}
		}
	}
}

// The per-account CSV adds up exactly: by strategy and month to the JSON's
// monthly totals, by paid_by to the accounts' bills, by account to the
// chargeback section.
func TestCSVByAccountReconciles(t *testing.T) {
	doc := docWith(t, "small", 0, false)
	var buf bytes.Buffer
	if err := CSVByAccount(&buf, doc); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180: %v", err)
	}
	if strings.Join(rows[0], ",") != strings.Join(CSVByAccountHeader, ",") {
		t.Fatalf("header %v", rows[0])
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	month, byPaid, byAccount := map[string]int64{}, map[string]int64{}, map[string]int64{}
	for _, r := range rows[1:] {
		u := csvUnits(t, r[col["cost"]])
		if !isoDate.MatchString(r[col["month"]]) {
			t.Fatalf("month %q", r[col["month"]])
		}
		s := r[col["strategy"]]
		month[s+" "+r[col["month"]]] += u
		role := r[col["payer"]]
		if role == model.PayerMembers {
			role = "member"
		}
		byPaid[s+" "+r[col["paid_by"]]+" "+role] += u
		byAccount[s+" "+r[col["account"]]] += u
	}
	for _, s := range doc.Strategies {
		for _, m := range s.Months {
			if got := month[s.ID+" "+m.Month+"-01"]; got != m.Total.Units() {
				t.Errorf("%s %s: CSV %s, JSON %s", s.ID, m.Month, fromUnits(got), m.Total)
			}
		}
		for _, a := range s.Accounts {
			if got := byPaid[s.ID+" "+a.Account+" "+a.Role]; got != a.Total.Units() {
				t.Errorf("%s paid by %s (%s): CSV %s, JSON %s", s.ID, a.Account, a.Role, fromUnits(got), a.Total)
			}
		}
		for _, c := range s.Chargeback {
			if got := byAccount[s.ID+" "+c.Account]; got != c.Total.Units() {
				t.Errorf("%s charged to %s: CSV %s, JSON %s", s.ID, c.Account, fromUnits(got), c.Total)
			}
		}
	}
}

// The decision record has every part the design asks for, from one renderer.
func TestDecisionRecord(t *testing.T) {
	for _, ranked := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Markdown(&buf, docWith(t, "small", 50, ranked)); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		want := []string{"# CloudTrail management: decision record", "**Question.**", "## Options", "P10–P90 first year", "## Month by month: `", "## What drives each cost",
			"## Who pays: chargeback", "| Account | Name | Own | Management | Log archive | Staff time | Total |", "## Assumptions", "## Price sources", "effective 2026-"}
		if ranked {
			want = append(want, "## Ranking", "## Weights", "## If a weight moves", "stays first", "## Why: each score and its reason", "consistency ratio", "> Warning: a warning")
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("ranked %v: the record lacks %q", ranked, w)
			}
		}
		if !ranked && strings.Contains(out, "## Ranking") {
			t.Error("an estimate's record has a ranking")
		}
	}
	if err := RankingMarkdown(new(bytes.Buffer), sampleDoc(t, "small")); err == nil {
		t.Error("RankingMarkdown of a report without a ranking")
	}
}

// The table shows the first-year band when there are draws and it fits.
func TestTableBand(t *testing.T) {
	for _, sample := range []string{"small", "enterprise"} {
		var buf bytes.Buffer
		if err := Table(&buf, docWith(t, sample, 50, false), 80); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "P10–P90") {
			t.Errorf("%s: no band", sample)
		}
		for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			if n := len([]rune(line)); n > 80 {
				t.Errorf("%s: line of %d: %q", sample, n, line)
			}
		}
		buf.Reset()
		if err := Table(&buf, docWith(t, sample, 0, false), 80); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "P10–P90") {
			t.Errorf("%s: a band without draws", sample)
		}
	}
}
